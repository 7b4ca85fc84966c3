/** `learnloop import FILE`: bulk-load events or catalog items from JSONL or CSV. */
import { importFile, type ImportKind, type IndexPolicy } from '../../ingest/import/import-file.js';
import { existsSync } from 'node:fs';
import { formatOf } from '../../ingest/import/records.js';
import { CliError, parseFlags, UsageError, numberFlag, type CliCommand } from '../command.js';
import { fmt, ProgressLine } from '../progress.js';
import { dbLocation, openWorkspace } from '../workspace.js';

export const importCommand: CliCommand = {
  usage: `Usage: learnloop import FILE [--kind auto|events|catalog] [--db ./data/learnloop.db] [--rejects FILE] [--indexes auto|keep|rebuild] [--batch N] [--json]

Events: one Segment message per line (JSONL), or CSV with columns such as
  type,event,userId,anonymousId,timestamp,messageId,properties.lesson_id,properties.watched_s
Catalog: one item per line in the shape of POST /v1/items, or CSV with columns
  id,type,title,parentId,position,category,tags,description,author,language,price,durationS
  (tags separated by "|"). --kind auto (default) tells them apart by the first record.
Rejected records go to FILE.rejects.jsonl with the line and the reason. Exit code 1 when
nothing could be imported.
--indexes rebuild drops the event log's secondary indexes for the load and builds them again at
the end (several times faster; a server reading the same store meanwhile queries without them);
keep maintains them row by row; auto (default) rebuilds when the file is at least as large as
what is already stored. --batch sets records per transaction (default 20,000 events, 5,000 items).`,
  async run(argv) {
    const { values, positionals } = parseFlags(argv, {
      kind: { type: 'string' },
      db: { type: 'string' },
      rejects: { type: 'string' },
      batch: { type: 'string' },
      indexes: { type: 'string' },
      json: { type: 'boolean' },
    });
    const file = positionals[0];
    if (!file) throw new UsageError('name the file to import');
    if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
    try {
      formatOf(file);
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    const kind = (values.kind ?? 'auto') as ImportKind | 'auto';
    if (!['auto', 'events', 'catalog'].includes(kind)) throw new UsageError('--kind must be auto, events or catalog');
    const indexes = (values.indexes ?? 'auto') as IndexPolicy;
    if (!['auto', 'keep', 'rebuild'].includes(indexes)) throw new UsageError('--indexes must be auto, keep or rebuild');
    const ws = await openWorkspace(dbLocation(values.db));
    const progress = new ProgressLine(`importing ${file}`);
    try {
      const summary = await importFile(ws.ingest, ws.store, ws.keys.projectId, file, {
        kind, indexes, rejectsPath: values.rejects, batchSize: values.batch === undefined ? undefined : numberFlag(values.batch, 'batch', 20_000),
        onProgress: (p) => progress.update(p.bytesTotal ? p.bytesRead / p.bytesTotal : null, p.phase === 'indexing'
          ? `${fmt(p.accepted)} ${p.kind} stored; building the indexes again`
          : `${fmt(p.read)} ${p.kind} read, ${fmt(p.accepted)} accepted, ${fmt(p.rejected)} rejected`),
      });
      progress.done(`${fmt(summary.read)} read`);
      if (values.json) process.stdout.write(JSON.stringify(summary) + '\n');
      else {
        const rate = summary.read / Math.max(summary.seconds, 1e-9);
        process.stdout.write([
          `Imported ${summary.kind} from ${summary.file} in ${summary.seconds.toFixed(1)} s (${fmt(rate)} records/s${summary.indexesRebuilt ? ', indexes rebuilt' : ''})`,
          `  accepted   ${fmt(summary.accepted)}${summary.kind === 'events' ? ` (of which ${fmt(summary.duplicates)} already stored)` : ''}`,
          `  rejected   ${fmt(summary.rejected)}${summary.rejectsFile ? ` → ${summary.rejectsFile}` : ''}`,
          ...summary.reasons.map((r) => `    ${r.code}: ${fmt(r.count)}`),
        ].join('\n') + '\n');
      }
      if (summary.accepted === 0) {
        process.stderr.write(`nothing could be imported from ${file}${summary.rejectsFile ? `; see ${summary.rejectsFile}` : ''}\n`);
        return 1;
      }
      return 0;
    } finally {
      await ws.close();
    }
  },
};
