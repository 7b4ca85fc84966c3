/**
 * `learnloop simulate --users N --days D --seed S --out DIR`: generate the simulated knowledge
 * platform into files, without a database: `DIR/events.jsonl` (one Segment message per line, in
 * arrival order), `DIR/catalog.jsonl` (one item per line, the items API's shape) and
 * `DIR/truth.json` (the hidden truth). `learnloop import` can load the first two.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { numberFlag, parseFlags, UsageError, type CliCommand } from '../command.js';
import { fmt, ProgressLine } from '../progress.js';
import { defaultStartDate, simulatePlatform } from '../../simulate/simulate.js';
import { truthToJson } from '../../simulate/truth.js';

export const simulateCommand: CliCommand = {
  usage: [
    'Usage: learnloop simulate --out DIR [--users 5000] [--days 90] [--seed 1] [--start YYYY-MM-DD]',
    '                          [--courses 300] [--json]',
    '',
    'Writes DIR/events.jsonl (Segment messages, arrival order), DIR/catalog.jsonl (items) and',
    `DIR/truth.json (interests, quality, who churned when). Same flags → identical files. Start date`,
    `defaults to ${defaultStartDate} (Asia/Shanghai).`,
  ].join('\n'),
  async run(argv) {
    const { values } = parseFlags(argv, {
      out: { type: 'string' }, users: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' },
      start: { type: 'string' }, courses: { type: 'string' }, json: { type: 'boolean' },
    });
    if (!values.out) throw new UsageError('--out DIR is required');
    const users = positiveInt(values.users, 'users', 5000);
    const days = positiveInt(values.days, 'days', 90);
    const courses = positiveInt(values.courses, 'courses', 300);
    const seed = numberFlag(values.seed, 'seed', 1);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${values.seed}"`);
    const startDate = values.start ?? defaultStartDate;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate)) throw new UsageError(`--start must be YYYY-MM-DD, got "${startDate}"`);

    mkdirSync(values.out, { recursive: true });
    const started = performance.now();
    const progress = new ProgressLine(`simulating ${fmt(users)} learners × ${days} days (seed ${seed})`);
    const events = createWriteStream(join(values.out, 'events.jsonl'));
    const result = await simulatePlatform(
      { users, days, seed, startDate, courses, onDay: (day, total, sent) => progress.update((day + 1) / total, `day ${day + 1}/${total}, ${fmt(sent)} events`) },
      async (batch) => {
        let chunk = '';
        for (const m of batch) chunk += JSON.stringify(m) + '\n';
        if (!events.write(chunk)) await once(events, 'drain');
      },
    );
    events.end();
    await once(events, 'finish');
    writeFileSync(join(values.out, 'catalog.jsonl'), result.catalog.map((item) => JSON.stringify(item) + '\n').join(''));
    writeFileSync(join(values.out, 'truth.json'), truthToJson(result.truth));
    const s = result.summary;
    const seconds = (performance.now() - started) / 1000;
    progress.done(`${fmt(s.messages)} events`);
    if (values.json) {
      process.stdout.write(JSON.stringify({ out: values.out, seed, startDate, ...s, seconds: Math.round(seconds * 100) / 100 }) + '\n');
    } else {
      process.stdout.write([
        `Simulated platform written to ${values.out} in ${seconds.toFixed(1)} s`,
        `  learners  ${fmt(s.users)} (${fmt(s.bots)} bots, ${fmt(s.churned)} churned within ${s.days} days)`,
        `  items     ${fmt(s.items)} (${fmt(s.courses)} courses with their lessons, e-books, audio, columns, live talks)`,
        `  events    ${fmt(s.messages)} (${fmt(s.duplicates)} delivered twice)`,
        '',
      ].join('\n'));
    }
    return 0;
  },
};

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  const n = numberFlag(value, flag, fallback);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag} must be a positive integer, got "${value}"`);
  return n;
}
