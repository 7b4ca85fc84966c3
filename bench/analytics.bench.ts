/**
 * Analytics query times on a large store: every metric on the rollups (the product's engine),
 * beside the plain full scan of the event log (the `scan` engine, same queries without rollups),
 * in the same run. Also the one-time cost of folding the log into the rollups, and the cost of
 * folding fresh events before an answer.
 *
 * Run: node --import tsx bench/analytics.bench.ts [--db FILE] [--events 10000000] [--runs 3] [--baseline all | --no-baseline]
 * The store is generated when FILE does not exist: synthetic learners written through
 * `appendEvents` (bench/analytics-synthetic.ts, seed 7, 180 days). A simulated store works too
 * (10.4 M events): learnloop demo --users 25000 --days 90 --seed 1 --db FILE
 * Prints a table and, last, one JSON line.
 */
import { existsSync } from 'node:fs';
import { MetricsService } from '../src/analytics/metrics.service.js';
import { RollupKeeper } from '../src/analytics/rollup-keeper.js';
import { periodZone } from '../src/analytics/period-rollups.js';
import { catchUpRollups, rollupWatermark, syncPeriodRollups } from '../src/analytics/rollups.store.js';
import { formatDate, localDateOf } from '../src/analytics/calendar.js';
import { appendEvents } from '../src/ingest/events.store.js';
import { ensureDefaultProject } from '../src/store/projects.store.js';
import { openStore } from '../src/store/store.js';
import { writeSyntheticPlatform } from './analytics-synthetic.js';

const args = process.argv.slice(2);
const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const dbPath = flag('--db') ?? '/tmp/learnloop-bench/analytics-10m.db';
const target = Number(flag('--events') ?? 10_000_000);
const runs = Number(flag('--runs') ?? 3);
// Full scans take minutes at 10M events: by default only for the two metrics DESIGN §7 measured.
const baseline = args.includes('--no-baseline') ? 'none' : flag('--baseline') === 'all' ? 'all' : 'headline';
const log = (m: string) => process.stderr.write(`${m}\n`);
const projectId = 'default';
const tz = 'Asia/Shanghai';
const dayMs = 86_400_000;

const generated = !existsSync(dbPath);
const store = await openStore({ location: dbPath, synchronous: 'NORMAL' });
await ensureDefaultProject(store.db);
if (generated) {
  log(`generating ${target.toLocaleString()} synthetic events into ${dbPath} (seed 7)…`);
  const t0 = performance.now();
  await writeSyntheticPlatform(store.db, projectId, {
    events: target, seed: 7, progress: (n) => { if (n % 1_000_000 < 20_000) log(`  ${n.toLocaleString()} events, ${((performance.now() - t0) / 1000).toFixed(0)} s`); },
  });
}
const counted = await store.db.selectFrom('events').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min<number>('timestamp').as('lo'), eb.fn.max<number>('timestamp').as('hi')])
  .where('project_id', '=', projectId).executeTakeFirstOrThrow();
const events = Number(counted.n);
const learners = Number((await store.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
log(`store ${dbPath}: ${events.toLocaleString()} events, ${learners.toLocaleString()} learners`);

// One-time build of the period rollups for the project's zone (from the hourly ones), when missing.
const z0 = performance.now();
const zoneBefore = await periodZone(store.db, projectId);
await syncPeriodRollups(store.db, projectId);
const periodSeconds = (performance.now() - z0) / 1000;
if (zoneBefore !== await periodZone(store.db, projectId)) log(`period rollups: built from the hourly rollups in ${periodSeconds.toFixed(1)} s`);

// One-time fold of everything not yet in the rollups.
const before = await rollupWatermark(store.db, projectId);
const f0 = performance.now();
const caught = await catchUpRollups(store.db, projectId, (n) => { if (n % 500_000 < 20_000) log(`  folded ${n.toLocaleString()} events`); }, store.insertEach);
const foldSeconds = (performance.now() - f0) / 1000;
log(`rollups: folded ${caught.folded.toLocaleString()} events after seq ${before} in ${foldSeconds.toFixed(1)} s`);
const rollupRows: Record<string, number> = {};
for (const t of ['analytics_users', 'activity_hours', 'activity_periods', 'course_hours', 'event_hours'] as const) {
  rollupRows[t] = Number((await store.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

const keeper = new RollupKeeper(store.db, { insertEach: store.insertEach });
const fast = new MetricsService(store.db, keeper, 'rollup');
const slow = new MetricsService(store.db, keeper, 'scan');
const last = formatDate(localDateOf(tz, Number(counted.hi)));
const first = formatDate(localDateOf(tz, Number(counted.lo)));
const monthBefore = formatDate(localDateOf(tz, Number(counted.hi) - 29 * dayMs));
const whole = { from: first, to: last, tz };

// The most bought course and its second lesson, for drop-off.
const top = await store.db.selectFrom('order_items').select((eb) => ['item_id', eb.fn.countAll<number>().as('n')])
  .where('project_id', '=', projectId).groupBy('item_id').orderBy('n', 'desc').limit(1).executeTakeFirst();
const lesson = top ? await store.db.selectFrom('items').select('item_id').where('parent_id', '=', top.item_id).orderBy('position').offset(1).limit(1).executeTakeFirst() : undefined;

interface Case { name: string; limitMs: number; run: (m: MetricsService) => Promise<unknown>; scan?: 'headline' | 'all' }
const cases: Case[] = [
  { name: 'activity by day (whole span)', limitMs: 1000, scan: 'headline', run: (m) => m.activity(projectId, { ...whole, interval: 'day' }) },
  { name: 'activity by week + stickiness', limitMs: 1000, run: (m) => m.activity(projectId, { ...whole, interval: 'week' }) },
  { name: 'activity by month', limitMs: 1000, run: (m) => m.activity(projectId, { ...whole, interval: 'month' }) },
  ...(top ? [{ name: 'activity by day, one course', limitMs: 1000, run: (m: MetricsService) => m.activity(projectId, { ...whole, interval: 'day', course: top.item_id }) }] : []),
  { name: 'stickiness (last 30 days)', limitMs: 1000, scan: 'all', run: (m) => m.stickiness(projectId, { from: monthBefore, to: last, tz, interval: 'day' }) },
  { name: 'lifecycle by week', limitMs: 1000, scan: 'all', run: (m) => m.lifecycle(projectId, { ...whole, interval: 'week' }) },
  { name: 'lifecycle by day', limitMs: 1000, run: (m) => m.lifecycle(projectId, { ...whole, interval: 'day' }) },
  { name: 'retention by week, first seen', limitMs: 2000, scan: 'headline', run: (m) => m.retention(projectId, { ...whole, period: 'week' }) },
  { name: 'retention by week, purchase, on or after', limitMs: 2000, run: (m) => m.retention(projectId, { ...whole, period: 'week', cohort: 'first_purchase', criterion: 'on_or_after' }) },
  { name: 'retention by day, return = Lesson Completed', limitMs: 2000, run: (m) => m.retention(projectId, { from: monthBefore, to: last, tz, period: 'day', returnEvent: 'Lesson Completed' }) },
  { name: 'funnel, 4 steps, 7 d window', limitMs: 2000, run: (m) => m.funnel(projectId, { ...whole, steps: ['Item Viewed', 'Order Completed', 'Lesson Started', 'Lesson Completed'] }) },
  { name: 'funnel + breakdown by device', limitMs: 2000, run: (m) => m.funnel(projectId, { ...whole, steps: ['Item Viewed', 'Order Completed'], breakdown: 'context.device.type' }) },
  { name: 'paths after Item Viewed, depth 3', limitMs: 1000, run: (m) => m.paths(projectId, { ...whole, event: 'Item Viewed', depth: 3 }) },
  ...(top ? [{ name: 'course drop-off (most bought)', limitMs: 1000, run: (m: MetricsService) => m.dropoff(projectId, { course: top.item_id }) }] : []),
  ...(lesson ? [{ name: 'lesson audience curve', limitMs: 1000, run: (m: MetricsService) => m.dropoff(projectId, { lesson: lesson.item_id }) }] : []),
];

async function measure(run: () => Promise<unknown>, times: number) {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < times; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await run();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { wallMs: Math.round(med(wall)), cpuMs: Math.round(med(cpu)) };
}

const rows: { metric: string; engine: string; wallMs: number; cpuMs: number; limitMs: number | null }[] = [];
for (const c of cases) {
  log(`measuring ${c.name}`);
  const r = await measure(() => c.run(fast), runs);
  rows.push({ metric: c.name, engine: 'rollup', ...r, limitMs: c.limitMs });
  if (c.scan && (baseline === 'all' || (baseline === 'headline' && c.scan === 'headline'))) {
    log(`  … full scan baseline`);
    rows.push({ metric: c.name, engine: 'full scan', ...await measure(() => c.run(slow), 1), limitMs: null });
  }
}

// Freshness: 1,000 new events arrive; the next answer folds them first.
const fresh = Array.from({ length: 1000 }, (_, i) => ({
  messageId: `bench-fresh-${Date.now()}-${i}`, type: 'track' as const, event: 'Signed In', userId: `u${i}`, anonymousId: null, hasUserId: true,
  itemId: null, courseId: null, value: null, timestamp: Number(counted.hi), originalTimestamp: null, sentAt: null, receivedAt: Date.now(),
  properties: {}, context: {}, traits: null, previousId: null, orderItems: [],
}));
await store.db.transaction().execute((trx) => appendEvents(trx, projectId, fresh));
const freshRun = await measure(() => fast.activity(projectId, { ...whole, interval: 'day' }), 1);
rows.push({ metric: 'activity by day after 1,000 new events', engine: 'rollup', ...freshRun, limitMs: 1000 });

const w = Math.max(...rows.map((r) => r.metric.length));
process.stdout.write(`\nAnalytics on ${events.toLocaleString()} events, ${learners.toLocaleString()} learners (${first} … ${last}); median of ${runs} runs (baseline 1 run)\n`);
process.stdout.write(`generation: ${generated ? 'this run' : 'existing store'} — node --import tsx bench/analytics.bench.ts --db ${dbPath} --events ${target}\n`);
process.stdout.write(`rollup rows: ${Object.entries(rollupRows).map(([k, v]) => `${k} ${v.toLocaleString()}`).join(', ')}; initial fold ${caught.folded.toLocaleString()} events in ${foldSeconds.toFixed(1)} s${zoneBefore === undefined ? `; period rollups built in ${periodSeconds.toFixed(1)} s` : ''}\n\n`);
process.stdout.write(`${'metric'.padEnd(w)}  ${'engine'.padEnd(9)}  ${'wall ms'.padStart(8)}  ${'cpu ms'.padStart(8)}  target\n`);
for (const r of rows) {
  const verdict = r.limitMs === null ? '' : `${r.limitMs} ms ${r.wallMs <= r.limitMs ? 'ok' : 'MISSED'}`;
  process.stdout.write(`${r.metric.padEnd(w)}  ${r.engine.padEnd(9)}  ${String(r.wallMs).padStart(8)}  ${String(r.cpuMs).padStart(8)}  ${verdict}\n`);
}
process.stdout.write(JSON.stringify({
  bench: 'analytics', events, learners, runs, generated, db: dbPath, foldSeconds: Math.round(foldSeconds * 10) / 10, folded: caught.folded, periodRollupSeconds: Math.round(periodSeconds * 10) / 10, rollupRows, rows,
}) + '\n');
await store.close();
