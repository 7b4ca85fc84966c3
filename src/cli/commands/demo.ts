/** `learnloop demo`: load the simulated knowledge platform into the store. */
import { join, dirname } from 'node:path';
import { numberFlag, parseFlags, type CliCommand } from '../command.js';
import { loadDemoPlatform } from '../demo-platform.js';
import { fmt } from '../progress.js';
import { dbLocation, openWorkspace } from '../workspace.js';

export const demoCommand: CliCommand = {
  usage: `Usage: learnloop demo [--users 5000] [--days 90] [--seed 1] [--db ./data/learnloop.db] [--truth FILE] [--json]

The simulation is deterministic: the same flags give the same events. Its hidden truth (learner
interests and types, who churned when, course quality, hard lessons, bots) is written to --truth
(default: demo-truth.json beside the database).`,
  async run(argv) {
    const { values } = parseFlags(argv, {
      users: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' },
      db: { type: 'string' }, truth: { type: 'string' }, json: { type: 'boolean' },
    });
    const location = dbLocation(values.db);
    const ws = await openWorkspace(location);
    try {
      const r = await loadDemoPlatform(ws.store, ws.ingest, ws.keys.projectId, {
        users: numberFlag(values.users, 'users', 5000),
        days: numberFlag(values.days, 'days', 90),
        seed: numberFlag(values.seed, 'seed', 1),
        truthPath: values.truth ?? (location === ':memory:' ? undefined : join(dirname(location), 'demo-truth.json')),
      });
      if (values.json) process.stdout.write(JSON.stringify(r) + '\n');
      else {
        process.stdout.write([
          `Loaded the demo platform into ${location} in ${r.seconds.toFixed(1)} s`,
          `  learners ${fmt(r.summary.users)} (+${r.summary.bots} bots), items ${fmt(r.summary.items)} (${r.summary.courses} courses)`,
          `  events ${fmt(r.accepted)} accepted, ${fmt(r.duplicates)} duplicate deliveries skipped, ${fmt(r.rejected)} rejected`,
          `  learners who churned: ${fmt(r.summary.churned)}`,
        ].join('\n') + '\n');
      }
      return 0;
    } finally {
      await ws.close();
    }
  },
};
