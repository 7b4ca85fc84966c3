/** `learnloop export events --out FILE.jsonl`: every stored event, in arrival order. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { eventToJson, listEvents } from '../../ingest/events.store.js';
import { parseFlags, UsageError, type CliCommand } from '../command.js';
import { fmt, ProgressLine } from '../progress.js';
import { dbLocation, openWorkspace } from '../workspace.js';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Export every stored event as JSONL',
  usage: 'Usage: learnloop export events --out FILE.jsonl [--db ./data/learnloop.db]',
  async run(argv) {
    const { values, positionals } = parseFlags(argv, { out: { type: 'string' }, db: { type: 'string' } });
    if (positionals[0] !== 'events') throw new UsageError('what to export: `events`');
    if (!values.out) throw new UsageError('--out FILE.jsonl is required');
    const ws = await openWorkspace(dbLocation(values.db));
    const out = createWriteStream(values.out);
    const progress = new ProgressLine(`exporting to ${values.out}`);
    let after = 0;
    let written = 0;
    try {
      for (;;) {
        const rows = await listEvents(ws.store.db, ws.keys.projectId, { after, limit: 10_000 });
        if (rows.length === 0) break;
        for (const r of rows) {
          if (!out.write(JSON.stringify(eventToJson(r)) + '\n')) await once(out, 'drain');
        }
        written += rows.length;
        after = Number(rows[rows.length - 1]!.seq);
        progress.update(null, `${fmt(written)} events`);
      }
      out.end();
      await once(out, 'finish');
      progress.done(`${fmt(written)} events`);
      process.stdout.write(`Exported ${fmt(written)} events to ${values.out}\n`);
      return 0;
    } finally {
      await ws.close();
    }
  },
};
