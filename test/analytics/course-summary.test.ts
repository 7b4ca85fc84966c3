/**
 * GET /v1/metrics/courses: learners, buyers, revenue, learning and completions per course in a
 * range, from the course_hours rollup, matching a read of the log itself.
 *
 * course-a (lessons a1, a2): ann buys it (29) and learns; ben buys it with course-b in one order
 * and watches a lesson; cat only views it (free). course-b: ben's order (19) and a refund by ben.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MetricsService } from '../../src/analytics/metrics.service.js';
import { RollupKeeper } from '../../src/analytics/rollup-keeper.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { flagRobot, metric, putItems, send, track } from './fixtures.js';

let s: TestServer;

before(async () => {
  s = await startTestServer();
  await putItems(s, [
    { id: 'course-a', type: 'course', title: 'A', price: 29 },
    { id: 'a1', type: 'lesson', title: 'A1', parentId: 'course-a', position: 1 },
    { id: 'a2', type: 'lesson', title: 'A2', parentId: 'course-a', position: 2 },
    { id: 'course-b', type: 'course', title: 'B', price: 19 },
  ]);
  const lesson = (u: string, t: string, id: string, event: string, extra: Record<string, unknown> = {}) =>
    track(u, t, event, { course_id: 'course-a', lesson_id: id, ...extra });
  await send(s, [
    track('ann', '2026-03-02T01:00:00Z', 'Order Completed', { revenue: 29, products: [{ product_id: 'course-a', price: 29 }] }),
    lesson('ann', '2026-03-02T02:00:00Z', 'a1', 'Lesson Started'),
    lesson('ann', '2026-03-02T02:10:00Z', 'a1', 'Lesson Progress', { position_s: 600, watched_s: 600 }),
    lesson('ann', '2026-03-02T02:11:00Z', 'a1', 'Lesson Completed'),
    track('ben', '2026-03-02T03:00:00Z', 'Order Completed', {
      revenue: 48, products: [{ product_id: 'course-a', price: 29 }, { product_id: 'course-b', price: 19 }],
    }),
    lesson('ben', '2026-03-03T03:00:00Z', 'a2', 'Lesson Progress', { position_s: 120, watched_s: 120 }),
    track('ben', '2026-03-03T04:00:00Z', 'Order Refunded', { revenue: 19, products: [{ product_id: 'course-b', price: 19 }] }),
    track('cat', '2026-03-03T05:00:00Z', 'Item Viewed', { item_id: 'course-a' }),
    // Outside the range asked below, and a robot.
    lesson('dan', '2026-03-09T05:00:00Z', 'a1', 'Lesson Started'),
    lesson('bot', '2026-03-02T05:00:00Z', 'a1', 'Lesson Started'),
  ]);
  await flagRobot(s, 'bot');
});
after(async () => { await s.stop(); });

const url = '/v1/metrics/courses?from=2026-03-02&to=2026-03-03&tz=UTC';

describe('course summaries', () => {
  it('count learners, buyers, revenue, minutes and completions per course, most learners first', async () => {
    const r = await metric(s, url);
    assert.deepEqual([r.from, r.to, r.engine], ['2026-03-02', '2026-03-03', 'rollup']);
    assert.deepEqual(r.courses, [
      { courseId: 'course-a', learners: 3, buyers: 2, revenue: 58, learningMinutes: 12, lessonsCompleted: 1 },
      { courseId: 'course-b', learners: 1, buyers: 1, revenue: 19, learningMinutes: 0, lessonsCompleted: 0 },
    ]);
  });

  it('answer from the rollup what a read of the log answers', async () => {
    const keeper = new RollupKeeper(s.ll.store.db);
    const fast = new MetricsService(s.ll.store.db, keeper, 'rollup');
    const slow = new MetricsService(s.ll.store.db, keeper, 'scan');
    for (const input of [{ from: '2026-03-01', to: '2026-03-31' }, { from: '2026-03-02', to: '2026-03-03', tz: 'Europe/Berlin' }]) {
      const { engine: a, ...fastAnswer } = await fast.courses('default', input);
      const { engine: b, ...slowAnswer } = await slow.courses('default', input);
      assert.deepEqual([a, b], ['rollup', 'scan']);
      assert.deepEqual(fastAnswer, slowAnswer, JSON.stringify(input));
    }
  });

  it('take a trait filter and refuse unknown parameters', async () => {
    assert.deepEqual((await metric(s, `${url}&trait=plan:pro`)).courses, []);
    const bad = await metric(s, `${url}&course=course-a`, 400);
    assert.equal(bad.error.field, 'querystring');
  });
});
