/**
 * `learnloop export events --out FILE.jsonl`: every stored event, in arrival order.
 * `learnloop export interactions --out FILE.tsv`: the learner × product matrix the recommenders
 * train on, as `user item value timestamp` — the input of `learnloop split` and `evaluate`.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { eventToJson, listEvents } from '../../ingest/events.store.js';
import { loadTrainingData } from '../../recommend/training-data.js';
import type { Workspace } from '../workspace.js';
import { parseFlags, UsageError, type CliCommand } from '../command.js';
import { fmt, ProgressLine } from '../progress.js';
import { dbLocation, openWorkspace } from '../workspace.js';

async function write(out: WriteStream, line: string): Promise<void> {
  if (!out.write(line)) await once(out, 'drain');
}

async function exportEvents(ws: Workspace, out: WriteStream, progress: ProgressLine): Promise<number> {
  let after = 0;
  let written = 0;
  for (;;) {
    const rows = await listEvents(ws.store.db, ws.keys.projectId, { after, limit: 10_000 });
    if (rows.length === 0) return written;
    for (const r of rows) await write(out, JSON.stringify(eventToJson(r)) + '\n');
    written += rows.length;
    after = Number(rows[rows.length - 1]!.seq);
    progress.update(null, `${fmt(written)} events`);
  }
}

async function exportInteractions(ws: Workspace, out: WriteStream): Promise<number> {
  const { interactions: m } = await loadTrainingData(ws.store.db, ws.keys.projectId);
  await write(out, 'user\titem\trating\ttimestamp\n');
  for (let u = 0; u < m.nUsers; u++) {
    for (let p = m.indptr[u]!; p < m.indptr[u + 1]!; p++) {
      await write(out, `${m.userIds[u]}\t${m.itemIds[m.indices[p]!]}\t${m.values[p]!.toFixed(4)}\t${Math.floor(m.times[p]! / 1000)}\n`);
    }
  }
  return m.indptr[m.nUsers]!;
}

export const exportCommand: CliCommand = {
  usage: `Usage: learnloop export events --out FILE.jsonl [--db ./data/learnloop.db]
       learnloop export interactions --out FILE.tsv [--db ./data/learnloop.db]`,
  async run(argv) {
    const { values, positionals } = parseFlags(argv, { out: { type: 'string' }, db: { type: 'string' } });
    const what = positionals[0];
    if (what !== 'events' && what !== 'interactions') throw new UsageError('what to export: `events` or `interactions`');
    if (!values.out) throw new UsageError('--out FILE is required');
    const ws = await openWorkspace(dbLocation(values.db));
    const out = createWriteStream(values.out);
    const progress = new ProgressLine(`exporting ${what} to ${values.out}`);
    try {
      const written = what === 'events' ? await exportEvents(ws, out, progress) : await exportInteractions(ws, out);
      out.end();
      await once(out, 'finish');
      progress.done(`${fmt(written)} ${what}`);
      process.stdout.write(`Exported ${fmt(written)} ${what} to ${values.out}\n`);
      return 0;
    } finally {
      await ws.close();
    }
  },
};
