/**
 * Activity, stickiness, lifecycle and retention over a small hand-made platform, answers worked
 * out by hand below. Times are UTC; the project's time zone is Asia/Shanghai (UTC+8), so
 * 23:30 UTC on Monday is Tuesday there, and 16:30 UTC on Sunday is already Monday.
 *
 *   alice  Mon 03-02 09:00 (sh) signs in, views course-a, buys it (99), watches lesson 1 (2 × 60 s) and completes it
 *          Tue 03-03 23:30 (sh) watches lesson 2 (30 s);  Mon 03-09 signs in.  Trait plan=pro.
 *   bob    Tue 03-03 07:30 (sh) (= Mon 23:30 UTC) signs in, views course-a
 *          Tue 03-10 buys course-b (49) and is refunded
 *   carol  Mon 03-02 00:30 (sh) (= Sun 16:30 UTC) opens the Home page
 *          Mon 03-09 gets a push (passive: not activity);  Wed 03-18 signs in
 *   erin   Fri 02-20 signs in; Wed 03-04 signs in again
 *   dave   a robot: signs in and buys course-a for 500 on 03-02 — never counted
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RollupsWarmingError } from '../../src/analytics/input-error.js';
import { MetricsService } from '../../src/analytics/metrics.service.js';
import { RollupKeeper } from '../../src/analytics/rollup-keeper.js';
import { forgetLearnerRollups, rebuildRollups } from '../../src/analytics/rollups.store.js';
import { appendEvents } from '../../src/ingest/events.store.js';
import { normalizeMessage } from '../../src/ingest/message.js';
import { ensureDefaultProject } from '../../src/store/projects.store.js';
import { saveSegmentRun } from '../../src/profiles/segments.store.js';
import { openStore } from '../../src/store/store.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { flagRobot, metric, page, putItems, send, track } from './fixtures.js';

let s: TestServer;
const l1 = { course_id: 'course-a', lesson_id: 'course-a-l1' };
const l2 = { course_id: 'course-a', lesson_id: 'course-a-l2' };

before(async () => {
  s = await startTestServer();
  await putItems(s, [
    { id: 'course-a', type: 'course', title: 'Finance 101', category: 'finance', price: 99 },
    { id: 'course-b', type: 'course', title: 'Exam prep', category: 'exam', price: 49 },
    { id: 'course-a-l1', type: 'lesson', title: 'One', parentId: 'course-a', position: 1, durationS: 120 },
    { id: 'course-a-l2', type: 'lesson', title: 'Two', parentId: 'course-a', position: 2, durationS: 600 },
  ]);
  await send(s, [
    { type: 'identify', messageId: 'id-alice', userId: 'alice', traits: { plan: 'pro' }, timestamp: '2026-03-02T01:00:00Z' },
    track('alice', '2026-03-02T01:00:00Z', 'Signed In'),
    track('alice', '2026-03-02T01:00:10Z', 'Item Viewed', { item_id: 'course-a' }),
    track('alice', '2026-03-02T01:00:20Z', 'Order Completed', { order_id: 'o1', revenue: 99, products: [{ product_id: 'course-a', price: 99 }] }),
    track('alice', '2026-03-02T01:00:30Z', 'Lesson Started', l1),
    track('alice', '2026-03-02T01:01:30Z', 'Lesson Progress', { ...l1, watched_s: 60, position_s: 60 }),
    track('alice', '2026-03-02T01:02:30Z', 'Lesson Progress', { ...l1, watched_s: 60, position_s: 120 }),
    track('alice', '2026-03-02T01:02:31Z', 'Lesson Completed', l1),
    track('alice', '2026-03-03T15:30:00Z', 'Lesson Progress', { ...l2, watched_s: 30, position_s: 30 }),
    track('alice', '2026-03-09T02:00:00Z', 'Signed In'),
    track('bob', '2026-03-02T23:30:00Z', 'Signed In'),
    track('bob', '2026-03-02T23:30:10Z', 'Item Viewed', { item_id: 'course-a' }),
    track('bob', '2026-03-10T03:00:00Z', 'Order Completed', { order_id: 'o2', revenue: 49, products: [{ product_id: 'course-b', price: 49 }] }),
    track('bob', '2026-03-10T03:10:00Z', 'Order Refunded', { order_id: 'o2', revenue: 49, products: [{ product_id: 'course-b', price: 49 }] }),
    page('carol', '2026-03-01T16:30:00Z', 'Home'),
    track('carol', '2026-03-09T12:00:00Z', 'Notification Sent', { campaign: 'digest' }),
    track('carol', '2026-03-18T02:00:00Z', 'Signed In'),
    track('erin', '2026-02-20T02:00:00Z', 'Signed In'),
    track('erin', '2026-03-04T02:00:00Z', 'Signed In'),
    track('dave', '2026-03-02T05:00:00Z', 'Signed In'),
    track('dave', '2026-03-02T05:00:05Z', 'Order Completed', { order_id: 'o3', revenue: 500, products: [{ product_id: 'course-a', price: 500 }] }),
  ]);
  await flagRobot(s, 'dave');
});
after(async () => { await s.stop(); });

const pick = (p: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, p[k]]));
const basics = ['period', 'activeUsers', 'newUsers', 'returningUsers', 'learningMinutes', 'lessonsCompleted', 'revenue', 'orders', 'payingUsers', 'arppu'];

describe('span', () => {
  it('covers the first to the last day with activity, in the asked time zone', async () => {
    const span = await metric(s, '/v1/metrics/span');
    assert.deepEqual(pick(span, ['tz', 'from', 'to']), { tz: 'Asia/Shanghai', from: '2026-02-20', to: '2026-03-18' });
    assert.ok(Date.parse(span.lastEventAt) >= Date.parse('2026-03-18T02:00:00Z'));
    assert.equal((await metric(s, '/v1/metrics/span?tz=America/Los_Angeles')).from, '2026-02-19');
    await metric(s, '/v1/metrics/span?tz=Mars/Base', 400);
  });
});

describe('segment filter', () => {
  const segment = (id: number, key: string) => ({
    id, key, size: 2, share: 0.5, name: { zh: key, en: key }, description: { zh: key, en: key }, centroid: {},
  });
  before(async () => {
    // An RFM run by hand: alice and erin are "champions" (1), bob and carol "at_risk" (2).
    await saveSegmentRun(s.ll.store.db, 'default', {
      method: 'rfm', asOf: Date.parse('2026-03-20T00:00:00Z'), computedAt: Date.now(), learners: 4, quality: null,
      params: { kind: 'rfm', windowDays: 365, cuts: {}, newLearnerDays: 30 } as never,
      projection: { explained: [], axes: [], points: [] }, segments: [segment(1, 'champions'), segment(2, 'at_risk')],
    }, ['alice', 'erin', 'bob', 'carol'], Int32Array.from([1, 1, 2, 2]));
  });

  it('counts only the members of the segment, named by id or key, from the rollups', async () => {
    const days = async (q: string) => (await metric(s, `/v1/metrics/activity?from=2026-03-02&to=2026-03-04&interval=day&${q}`))
      .points.map((p: any) => [p.activeUsers, p.revenue]);
    assert.deepEqual(await days('segment=rfm:champions'), [[1, 99], [1, 0], [1, 0]]);
    assert.deepEqual(await days('segment=rfm:1'), [[1, 99], [1, 0], [1, 0]]);
    assert.deepEqual(await days('segment=rfm:at_risk'), [[1, 0], [1, 0], [0, 0]]);
  });

  it('and from the event log, where the time zone does not fall on whole hours', async () => {
    const learners = async (q: string) => (await metric(s, `/v1/metrics/stickiness?from=2026-02-16&to=2026-03-22&interval=week&tz=Asia/Kolkata${q}`)).activeUsers;
    assert.equal(await learners(''), 4);
    assert.equal(await learners('&segment=rfm:champions'), 2);
    assert.equal(await learners('&segment=rfm:at_risk&trait=plan:pro'), 0);
  });

  it('400 naming the segment field when it is malformed or not in the latest run', async () => {
    const bad = await metric(s, '/v1/metrics/activity?from=2026-03-02&to=2026-03-04&segment=rfm:nope', 400);
    assert.equal(bad.error.field, 'querystring.segment');
    assert.match(bad.error.message, /rfm:1, rfm:2/);
    assert.equal((await metric(s, '/v1/metrics/retention?from=2026-03-02&to=2026-03-04&segment=kmeans:1', 400)).error.field, 'querystring.segment');
    assert.equal((await metric(s, '/v1/metrics/activity?from=2026-03-02&to=2026-03-04&segment=champions', 400)).error.field, 'querystring.segment');
  });
});

describe('activity', () => {
  it('by day in the project time zone: the contract shape, one point per day, zeros included', async () => {
    const a = await metric(s, '/v1/metrics/activity?from=2026-03-02&to=2026-03-08&interval=day');
    assert.equal(a.interval, 'day');
    assert.equal(a.tz, 'Asia/Shanghai');
    assert.equal(a.points.length, 7);
    assert.deepEqual(a.points.map((p: any) => pick(p, basics)), [
      // carol's 16:30 UTC Sunday page view is Monday in Shanghai; dave's 500 is a robot's.
      { period: '2026-03-02', activeUsers: 2, newUsers: 2, returningUsers: 0, learningMinutes: 2, lessonsCompleted: 1, revenue: 99, orders: 1, payingUsers: 1, arppu: 99 },
      // bob's 23:30 UTC Monday is Tuesday 07:30; alice's 15:30 UTC heartbeat is Tuesday 23:30.
      { period: '2026-03-03', activeUsers: 2, newUsers: 1, returningUsers: 1, learningMinutes: 0.5, lessonsCompleted: 0, revenue: 0, orders: 0, payingUsers: 0, arppu: 0 },
      { period: '2026-03-04', activeUsers: 1, newUsers: 0, returningUsers: 1, learningMinutes: 0, lessonsCompleted: 0, revenue: 0, orders: 0, payingUsers: 0, arppu: 0 },
      ...['05', '06', '07', '08'].map((d) => ({
        period: `2026-03-${d}`, activeUsers: 0, newUsers: 0, returningUsers: 0, learningMinutes: 0, lessonsCompleted: 0, revenue: 0, orders: 0, payingUsers: 0, arppu: 0,
      })),
    ]);
  });

  it('the same events by UTC day move across the date line', async () => {
    const a = await metric(s, '/v1/metrics/activity?from=2026-03-02&to=2026-03-03&interval=day&tz=UTC');
    assert.deepEqual(a.points.map((p: any) => pick(p, ['period', 'activeUsers', 'newUsers', 'learningMinutes'])), [
      { period: '2026-03-02', activeUsers: 2, newUsers: 2, learningMinutes: 2 }, // alice, bob (23:30); carol was Sunday
      { period: '2026-03-03', activeUsers: 1, newUsers: 0, learningMinutes: 0.5 },
    ]);
  });

  it('by Monday weeks: a Wednesday start snaps to its Monday; spend, refunds and stickiness', async () => {
    const a = await metric(s, '/v1/metrics/activity?from=2026-03-04&to=2026-03-15&interval=week');
    assert.equal(a.from, '2026-03-02');
    assert.equal(a.to, '2026-03-15');
    const [w1, w2] = a.points;
    assert.deepEqual(pick(w1, [...basics, 'refunds', 'netRevenue', 'averageDailyActiveUsers', 'stickiness']), {
      period: '2026-03-02', activeUsers: 4, newUsers: 3, returningUsers: 1, learningMinutes: 2.5, lessonsCompleted: 1,
      revenue: 99, orders: 1, payingUsers: 1, arppu: 99, refunds: 0, netRevenue: 99,
      // Daily actives 2, 2, 1, 0, 0, 0, 0: mean 5/7; ÷ 4 weekly actives.
      averageDailyActiveUsers: 0.71, stickiness: 0.1786,
    });
    assert.deepEqual(pick(w2, [...basics, 'refunds', 'refundedRevenue', 'netRevenue', 'stickiness']), {
      period: '2026-03-09', activeUsers: 2, newUsers: 0, returningUsers: 2, learningMinutes: 0, lessonsCompleted: 0,
      revenue: 49, orders: 1, payingUsers: 1, arppu: 49, refunds: 1, refundedRevenue: 49, netRevenue: 0, stickiness: 0.1429,
    });
  });

  it('by month', async () => {
    const a = await metric(s, '/v1/metrics/activity?from=2026-03-01&to=2026-03-31&interval=month');
    assert.deepEqual(a.points.map((p: any) => pick(p, ['period', 'activeUsers', 'newUsers', 'revenue', 'refunds'])), [
      { period: '2026-03-01', activeUsers: 4, newUsers: 3, revenue: 148, refunds: 1 },
    ]);
  });

  it('filters by course, category and trait', async () => {
    const course = await metric(s, '/v1/metrics/activity?from=2026-03-02&to=2026-03-08&interval=week&course=course-a');
    assert.deepEqual(pick(course.points[0], ['activeUsers', 'newUsers', 'revenue', 'orders', 'learningMinutes', 'lessonsCompleted']),
      { activeUsers: 2, newUsers: 2, revenue: 99, orders: 1, learningMinutes: 2.5, lessonsCompleted: 1 });
    const exam = await metric(s, '/v1/metrics/activity?from=2026-03-09&to=2026-03-15&interval=week&category=exam');
    assert.deepEqual(pick(exam.points[0], ['activeUsers', 'revenue', 'refunds', 'refundedRevenue']), { activeUsers: 1, revenue: 49, refunds: 1, refundedRevenue: 49 });
    const pro = await metric(s, '/v1/metrics/activity?from=2026-03-02&to=2026-03-08&interval=week&trait=plan:pro');
    assert.equal(pro.points[0].activeUsers, 1);
  });

  it('a zone with a half-hour offset is answered exactly from the events', async () => {
    const a = await metric(s, '/v1/metrics/activity?from=2026-03-02&to=2026-03-03&interval=day&tz=Asia/Kolkata');
    assert.equal(a.engine, 'scan');
    // Kolkata days start at 18:30 UTC: alice alone on 03-02; bob (23:30) and alice (15:30) on 03-03.
    assert.deepEqual(a.points.map((p: any) => p.activeUsers), [1, 2]);
  });
});

describe('stickiness and lifecycle', () => {
  it('counts learners by active days in the week', async () => {
    const st = await metric(s, '/v1/metrics/stickiness?from=2026-03-02&to=2026-03-08');
    assert.equal(st.activeUsers, 4);
    assert.deepEqual(st.histogram.map((h: any) => h.users), [3, 1, 0, 0, 0, 0, 0]);
    assert.equal(st.stickiness, 0.1786);
  });

  it('splits weekly actives into new, returning, resurrecting and dormant', async () => {
    const a = await metric(s, '/v1/metrics/lifecycle?from=2026-03-02&to=2026-03-22&interval=week');
    assert.deepEqual(a.points, [
      { period: '2026-03-02', new: 3, returning: 0, resurrecting: 1, dormant: 0 }, // erin was last seen in February
      { period: '2026-03-09', new: 0, returning: 2, resurrecting: 0, dormant: 2 }, // carol's push is not activity
      { period: '2026-03-16', new: 0, returning: 0, resurrecting: 1, dormant: 2 },
    ]);
  });

  it('by day', async () => {
    const a = await metric(s, '/v1/metrics/lifecycle?from=2026-03-02&to=2026-03-04&interval=day');
    assert.deepEqual(a.points, [
      { period: '2026-03-02', new: 2, returning: 0, resurrecting: 0, dormant: 0 },
      { period: '2026-03-03', new: 1, returning: 1, resurrecting: 0, dormant: 1 },
      { period: '2026-03-04', new: 0, returning: 0, resurrecting: 1, dormant: 2 },
    ]);
  });
});

describe('retention', () => {
  const url = '/v1/metrics/retention?from=2026-03-02&to=2026-03-22&period=week';

  it('first-seen weekly cohorts, "on" criterion: the contract shape and retained[0] == size', async () => {
    const r = await metric(s, url);
    assert.equal(r.period, 'week');
    assert.deepEqual(r.cohorts, [
      { cohort: '2026-03-02', size: 3, retained: [3, 2, 1] }, // alice, bob, carol; erin's cohort is February's
      { cohort: '2026-03-09', size: 0, retained: [0, 0] },
      { cohort: '2026-03-16', size: 0, retained: [0] },
    ]);
    for (const c of r.cohorts) assert.equal(c.retained[0], c.size);
  });

  it('"on or after" counts a member in every period up to their last return', async () => {
    const r = await metric(s, `${url}&criterion=on_or_after`);
    assert.deepEqual(r.cohorts[0], { cohort: '2026-03-02', size: 3, retained: [3, 3, 1] });
  });

  it('cohorts by first purchase, and a chosen return event', async () => {
    const bought = await metric(s, `${url}&cohort=first_purchase`);
    assert.deepEqual(bought.cohorts.map((c: any) => [c.size, c.retained]), [[1, [1, 1, 0]], [1, [1, 0]], [0, [0]]]);
    const signedIn = await metric(s, `${url}&returnEvent=Signed%20In`);
    assert.deepEqual(signedIn.cohorts[0].retained, [3, 1, 1]);
  });

  it('names the learners behind a cell', async () => {
    const cell = await metric(s, '/v1/metrics/retention/users?from=2026-03-02&to=2026-03-22&period=week&cohortPeriod=2026-03-02&offset=1');
    assert.deepEqual([cell.total, cell.users], [2, ['alice', 'bob']]);
    const all = await metric(s, '/v1/metrics/retention/users?from=2026-03-02&to=2026-03-22&period=week&cohortPeriod=2026-03-02&offset=0');
    assert.deepEqual(all.users, ['alice', 'bob', 'carol']);
  });
});

describe('rollups', () => {
  it('answer exactly what a scan of the event log answers', async () => {
    const keeper = new RollupKeeper(s.ll.store.db);
    const fast = new MetricsService(s.ll.store.db, keeper, 'rollup');
    const slow = new MetricsService(s.ll.store.db, keeper, 'scan');
    const strip = ({ engine: _, ...rest }: { engine: string }) => rest;
    const cases: [keyof MetricsService & string, object][] = [
      ['activity', { from: '2026-02-16', to: '2026-03-22', interval: 'day' }],
      ['activity', { from: '2026-02-16', to: '2026-03-22', interval: 'week', course: 'course-a' }],
      ['activity', { from: '2026-02-01', to: '2026-03-31', interval: 'month', tz: 'Europe/Berlin' }],
      ['lifecycle', { from: '2026-02-16', to: '2026-03-22', interval: 'day' }],
      ['stickiness', { from: '2026-03-02', to: '2026-03-22', interval: 'day' }],
      ['retention', { from: '2026-02-16', to: '2026-03-22', period: 'day', criterion: 'on_or_after' }],
      ['retention', { from: '2026-02-16', to: '2026-03-22', period: 'week', cohort: 'first_purchase', course: 'course-b' }],
      ['retention', { from: '2026-02-16', to: '2026-03-22', period: 'week', startEvent: 'Item Viewed', returnEvent: 'Signed In' }],
    ];
    for (const [name, input] of cases) {
      const a = await (fast as any)[name]('default', input);
      const b = await (slow as any)[name]('default', input);
      assert.equal(a.engine, 'rollup');
      assert.equal(b.engine, 'scan');
      assert.deepEqual(strip(a), strip(b), `${name} ${JSON.stringify(input)}`);
    }
  });

  it('an acknowledged event is in the very next answer, and a rebuild changes nothing', async () => {
    const url = '/v1/metrics/activity?from=2026-04-01&to=2026-04-01';
    assert.equal((await metric(s, url)).points[0].activeUsers, 0);
    await send(s, [track('frank', '2026-04-01T04:00:00Z', 'Signed In')]);
    assert.equal((await metric(s, url)).points[0].activeUsers, 1);
    // A late event (old time, new arrival) lands in its own hour.
    await send(s, [track('frank', '2026-03-05T04:00:00Z', 'Signed In')]);
    const week = '/v1/metrics/activity?from=2026-03-02&to=2026-03-08&interval=week';
    const before = await metric(s, week);
    assert.equal(before.points[0].activeUsers, 5);
    await rebuildRollups(s.ll.store.db, 'default');
    assert.deepEqual(await metric(s, week), before);
  });

  it('a request refuses to wait for a first build of a large log', async () => {
    const store = await openStore({ location: ':memory:' });
    try {
      await ensureDefaultProject(store.db);
      const m = (e: string, t: string) => normalizeMessage({ type: 'track', userId: 'zed', event: e, timestamp: t }, 'm', { receivedAt: Date.parse(t) });
      const events = [m('Signed In', '2026-03-02T01:00:00Z'), m('Item Viewed', '2026-03-02T01:01:00Z')].map((r) => (r.ok ? r.event : assert.fail()));
      await store.db.transaction().execute((trx) => appendEvents(trx, 'default', events));
      const strict = new MetricsService(store.db, new RollupKeeper(store.db), 'rollup', 1);
      await assert.rejects(strict.activity('default', { from: '2026-03-02', to: '2026-03-02' }), RollupsWarmingError);
      const patient = new MetricsService(store.db, new RollupKeeper(store.db));
      assert.equal((await patient.activity('default', { from: '2026-03-02', to: '2026-03-02' })).points[0]!.activeUsers, 1);
      assert.equal((await strict.activity('default', { from: '2026-03-02', to: '2026-03-02' })).points[0]!.activeUsers, 1);
    } finally {
      await store.close();
    }
  });

  it('forgets an erased learner', async () => {
    const url = '/v1/metrics/activity?from=2026-04-01&to=2026-04-01';
    assert.equal(await forgetLearnerRollups(s.ll.store.db, 'default', 'frank'), true);
    assert.equal((await metric(s, url)).points[0].activeUsers, 0);
    assert.equal(await forgetLearnerRollups(s.ll.store.db, 'default', 'frank'), false);
  });
});
