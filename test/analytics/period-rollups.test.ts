/**
 * The period rollups (learner per local day/week/month of the project's zone): folded in chunks
 * they equal a rebuild from the hourly rows; metrics read from them answer exactly what a scan of
 * the event log answers; a change of the project's time zone rebuilds them (Europe/Berlin crosses
 * daylight saving on 2026-03-29 inside the range); erasure removes a learner from them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MetricsService } from '../../src/analytics/metrics.service.js';
import { periodZone, rebuildPeriods } from '../../src/analytics/period-rollups.js';
import { RollupKeeper } from '../../src/analytics/rollup-keeper.js';
import { forgetLearnerRollups, rebuildRollups } from '../../src/analytics/rollups.store.js';
import { appendEvents } from '../../src/ingest/events.store.js';
import { normalizeMessage } from '../../src/ingest/message.js';
import { ensureDefaultProject } from '../../src/store/projects.store.js';
import { openStore, type Store } from '../../src/store/store.js';

let store: Store;
let sent = 0;

/** A deterministic stream of events: 12 learners, Feb–Apr 2026, about every 7 hours each. */
function eventsBetween(fromIso: string, toIso: string) {
  const names = ['Signed In', 'Item Viewed', 'Lesson Progress', 'Lesson Completed', 'Order Completed'];
  const out = [];
  let x = Date.parse(fromIso) / 1000 % 9973;
  for (let t = Date.parse(fromIso); t < Date.parse(toIso); t += 47 * 60_000) {
    x = (x * 7919 + 13) % 9973;
    if (x % 9 !== 0) continue;
    const user = `u${x % 12}`;
    const event = names[x % names.length]!;
    const properties = event === 'Lesson Progress' ? { watched_s: 30 + (x % 90) } : event === 'Order Completed' ? { revenue: 10 + (x % 50) } : {};
    const r = normalizeMessage({ type: 'track', userId: user, event, timestamp: new Date(t).toISOString(), properties }, `p-${++sent}`, { receivedAt: t });
    out.push(r.ok ? r.event : assert.fail('bad fixture'));
  }
  return out;
}

async function append(fromIso: string, toIso: string): Promise<void> {
  const events = eventsBetween(fromIso, toIso);
  await store.db.transaction().execute((trx) => appendEvents(trx, 'default', events));
}

async function periodRows() {
  return store.db.selectFrom('activity_periods').selectAll().where('project_id', '=', 'default')
    .orderBy('grain').orderBy('start_hour').orderBy('user_key').execute();
}

const strip = ({ engine: _, ...rest }: { engine: string }) => rest;

async function sameAsScan(tz: string): Promise<void> {
  const keeper = new RollupKeeper(store.db);
  const fast = new MetricsService(store.db, keeper, 'rollup');
  const slow = new MetricsService(store.db, keeper, 'scan');
  const whole = { from: '2026-02-02', to: '2026-04-26', tz };
  const cases: [keyof MetricsService & string, object][] = [
    ['activity', { ...whole, interval: 'day' }],
    ['activity', { ...whole, interval: 'week' }],
    ['activity', { ...whole, interval: 'month' }],
    ['lifecycle', { ...whole, interval: 'week' }],
    ['lifecycle', { ...whole, interval: 'month' }],
    ['stickiness', { from: '2026-03-16', to: '2026-04-12', tz, interval: 'day' }],
    ['retention', { ...whole, period: 'week' }],
    ['retention', { ...whole, period: 'month', cohort: 'first_purchase', criterion: 'on_or_after' }],
  ];
  for (const [name, input] of cases) {
    const a = await (fast as any)[name]('default', input);
    const b = await (slow as any)[name]('default', input);
    assert.deepEqual([a.engine, b.engine], ['rollup', 'scan']);
    assert.deepEqual(strip(a), strip(b), `${name} ${JSON.stringify(input)}`);
  }
}

before(async () => {
  store = await openStore({ location: ':memory:' });
  await ensureDefaultProject(store.db);
});

after(async () => {
  await store.close();
});

describe('period rollups', () => {
  it('folded chunk by chunk, equal a rebuild from the hourly rollups', async () => {
    const metrics = new MetricsService(store.db, new RollupKeeper(store.db));
    await append('2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z');
    await metrics.activity('default', { from: '2026-02-02', to: '2026-02-08', interval: 'week' });
    // Late and fresh events in the next chunks: the same learner-periods grow.
    await append('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z');
    await append('2026-02-10T00:00:00Z', '2026-02-11T00:00:00Z');
    await metrics.activity('default', { from: '2026-02-02', to: '2026-02-08', interval: 'week' });
    await append('2026-04-01T00:00:00Z', '2026-04-27T00:00:00Z');
    await metrics.activity('default', { from: '2026-02-02', to: '2026-02-08', interval: 'week' });
    assert.equal(await periodZone(store.db, 'default'), 'Asia/Shanghai');
    const folded = await periodRows();
    assert.ok(folded.length > 100, `${folded.length} period rows`);
    assert.deepEqual(new Set(folded.map((r) => r.grain)), new Set(['day', 'week', 'month']));
    await store.db.transaction().execute((trx) => rebuildPeriods(trx, 'default', 'Asia/Shanghai'));
    assert.deepEqual(await periodRows(), folded);
  });

  it('are folded alike by the per-row statement runner and by multi-row inserts', async () => {
    const everything = async () => Promise.all((['activity_hours', 'activity_periods', 'course_hours', 'event_hours', 'analytics_users'] as const)
      .map((t) => store.db.selectFrom(t).selectAll().execute().then((rows) => rows.map((r) => JSON.stringify(r)).sort())));
    assert.ok(store.insertEach, 'SQLite stores have a per-row runner');
    await rebuildRollups(store.db, 'default');
    const multiRow = await everything();
    await rebuildRollups(store.db, 'default', undefined, store.insertEach);
    assert.deepEqual(await everything(), multiRow);
    assert.ok(multiRow[1]!.length > 100);
  });

  it('answer what a scan of the event log answers, in the project zone', async () => {
    await sameAsScan('Asia/Shanghai');
  });

  it('follow a change of the project time zone, across daylight saving', async () => {
    await store.db.updateTable('projects').set({ timezone: 'Europe/Berlin' }).where('project_id', '=', 'default').execute();
    await sameAsScan('Europe/Berlin');
    assert.equal(await periodZone(store.db, 'default'), 'Europe/Berlin');
    // Monday 2026-03-30 00:00 in Berlin (summer time) is 2026-03-29 22:00 UTC.
    const weeks = await store.db.selectFrom('activity_periods').select('start_hour').distinct()
      .where('grain', '=', 'week').orderBy('start_hour').execute();
    assert.ok(weeks.some((w) => Number(w.start_hour) * 3_600_000 === Date.parse('2026-03-29T22:00:00Z')));
  });

  it('forget an erased learner', async () => {
    const key = await store.db.selectFrom('analytics_users').select('user_key').where('user_id', '=', 'u3').executeTakeFirstOrThrow();
    const has = async () => (await store.db.selectFrom('activity_periods').select('user_key').where('user_key', '=', key.user_key).execute()).length;
    assert.ok((await has()) > 0);
    assert.equal(await forgetLearnerRollups(store.db, 'default', 'u3'), true);
    assert.equal(await has(), 0);
  });
});
