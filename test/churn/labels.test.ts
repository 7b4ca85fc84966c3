import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { upsertItems } from '../../src/catalog/items.store.js';
import { churnInputs } from '../../src/churn/inputs.js';
import { courseChurnLabels, learnerChurnLabels } from '../../src/churn/labels.js';
import { recentColumns } from '../../src/churn/recent-activity.js';
import { snapshotTimes } from '../../src/churn/training-set.js';
import { openWorkspace, type Workspace } from '../../src/cli/workspace.js';
import { asOf as profilesAsOf, handMadeWorkspace, laterEvents } from '../profiles/fixtures.js';

const day = 86_400_000;
/** T: 2026-04-01 00:00 in Shanghai. */
const T = Date.parse('2026-04-01T00:00:00+08:00');
const iso = (ms: number) => new Date(ms).toISOString();
const page = (userId: string, ms: number) => ({ type: 'page', userId, name: 'Home', timestamp: iso(ms) });
const track = (userId: string, ms: number, event: string, properties: object = {}) => ({ type: 'track', userId, event, timestamp: iso(ms), properties });

describe('churn labels at period edges', () => {
  let ws: Workspace;
  before(async () => {
    ws = await openWorkspace(':memory:');
    await upsertItems(ws.store.db, ws.keys.projectId, [
      { id: 'c1', type: 'course', title: '理财入门', category: 'finance', price: 99 },
      { id: 'c1-l1', type: 'lesson', title: '第一课', parentId: 'c1', position: 1 },
      { id: 'c1-l2', type: 'lesson', title: '第二课', parentId: 'c1', position: 2 },
      { id: 'c2', type: 'course', title: 'Python', category: 'programming', price: 50 },
      { id: 'c2-l1', type: 'lesson', title: 'Lesson 1', parentId: 'c2', position: 1 },
    ]);
    const lesson = (userId: string, ms: number, event: string, lessonId: string, courseId: string) =>
      track(userId, ms, event, { lesson_id: lessonId, course_id: courseId });
    const buy = (userId: string, ms: number, course: string) => track(userId, ms, 'Order Completed', { revenue: 10, products: [{ product_id: course, price: 10 }] });
    await ws.ingest.ingest(ws.keys.projectId, [
      page('atT', T - 12 * day), buy('atT', T - 12 * day, 'c1'), lesson('atT', T - 12 * day + 60_000, 'Lesson Started', 'c1-l1', 'c1'),
      page('atT', T),
      page('atEnd', T - 7 * day), page('atEnd', T + 14 * day),
      page('inside', T - 7 * day), buy('inside', T - 7 * day, 'c2'), lesson('inside', T + 14 * day - 3_600_000, 'Lesson Progress', 'c2-l1', 'c2'),
      page('late', T + 2 * day),
      page('gone', T - 40 * day), page('gone', T + 1 * day),
      page('edge28', T - 28 * day), page('edge28', T + 3 * day),
      page('pushed', T - 3 * day), track('pushed', T + 2 * day, 'Notification Sent', { campaign: 'x' }),
      page('finisher', T - 5 * day), buy('finisher', T - 5 * day, 'c1'),
      lesson('finisher', T - 4 * day, 'Lesson Completed', 'c1-l1', 'c1'), lesson('finisher', T - 3 * day, 'Lesson Completed', 'c1-l2', 'c1'),
      page('robot', T - 2 * day),
    ], { receivedAt: Date.now() });
    await ws.store.db.updateTable('users').set({ is_robot: 1, robot_reason: 'test' }).where('user_id', '=', 'robot').execute();
  });
  after(async () => { await ws.close(); });

  it('labels exactly the learners active in the 28 days before T; churned = nothing active in [T, T + N)', async () => {
    const labels = await learnerChurnLabels(ws.store.db, ws.keys.projectId, { at: T, horizonDays: 14 });
    const byUser = Object.fromEntries(labels.userIds.map((u, i) => [u, labels.churned[i]]));
    assert.deepEqual(byUser, {
      atT: 0, // an event exactly at T is inside the horizon
      atEnd: 1, // an event exactly at T + N is outside it
      inside: 0, // the last hour of the horizon still counts
      edge28: 0, // active exactly 28 days before T is in the lookback
      pushed: 1, // a push sent to the learner is not the learner being active
      finisher: 1,
    });
    // 'late' was first seen after T, 'gone' was inactive the 28 days before T, 'robot' is a robot: not labelled.
    const shorter = await learnerChurnLabels(ws.store.db, ws.keys.projectId, { at: T, horizonDays: 1 });
    assert.equal(shorter.churned[shorter.userIds.indexOf('inside')], 1, 'with a one-day horizon the late lesson is outside');
  });

  it('course labels: bought, unfinished and being worked on before T; churned = no lesson of it in the horizon', async () => {
    const labels = await courseChurnLabels(ws.store.db, ws.keys.projectId, { at: T, horizonDays: 14 });
    assert.deepEqual(labels, [
      { userId: 'atT', courseId: 'c1', churned: true },
      { userId: 'inside', courseId: 'c2', churned: false },
    ]);
  });

  it('rejects a horizon that is not a positive whole number of days', async () => {
    await assert.rejects(learnerChurnLabels(ws.store.db, ws.keys.projectId, { at: T, horizonDays: 0 }), RangeError);
  });

  it('snapshots end a horizon before asOf, a week apart, with history behind each', () => {
    const first = T - 60 * day;
    const times = snapshotTimes(T, 14, first);
    assert.equal(times[times.length - 1], T - 14 * day);
    assert.equal(times[0]! - first >= 14 * day, true);
    for (let k = 1; k < times.length; k++) assert.equal(times[k]! - times[k - 1]!, 7 * day);
    assert.deepEqual(snapshotTimes(T, 14, T - 20 * day), [], 'too little history: no snapshot');
  });
});

describe('churn inputs are point in time', () => {
  it('events at or after T change no input (features, recent activity, last lesson)', async () => {
    const ws = await handMadeWorkspace();
    try {
      const users = ['amy', 'bob', 'zed'];
      const before = await churnInputs(ws.store.db, ws.keys.projectId, profilesAsOf, users);
      await ws.ingest.ingest(ws.keys.projectId, laterEvents(), { receivedAt: Date.now() });
      const afterInputs = await churnInputs(ws.store.db, ws.keys.projectId, profilesAsOf, users);
      assert.deepEqual(afterInputs, before);
      // The inputs are real: amy studied in the last week before asOf and stopped in c1's second lesson.
      assert.equal(before.numeric.activeDays7[0], 3);
      assert.deepEqual(before.lastLesson[0], { courseId: 'c1', lessonId: 'c1-l2', completed: false });
      assert.ok(Number.isNaN(before.numeric.recencyDays[2]!), 'zed is first seen after asOf: no features');
      // …and the later events do show up once T moves past them.
      const later = await churnInputs(ws.store.db, ws.keys.projectId, profilesAsOf + 5 * day, users);
      assert.notDeepEqual(later.numeric.spend, before.numeric.spend);
    } finally {
      await ws.close();
    }
  });

  it('recent features: weeks of falling minutes, last-week change, streak breaks', () => {
    // Learner 0 active on days 1, 2 and 5 before T (bit d = d + 1 days before); learner 1 on 0..6.
    const bits = Uint32Array.of((1 << 0) | (1 << 1) | (1 << 4) | (1 << 10), 0x7f);
    const weekly = Float64Array.of(40, 30, 20, 10, 10, 20, 30, 5);
    const c = recentColumns(bits, weekly, 2);
    assert.deepEqual(Array.from(c.weeksDeclining), [3, 1]);
    assert.deepEqual(Array.from(c.minutesWeekChange), [-10, -25]);
    assert.deepEqual(Array.from(c.minutesLastWeek), [10, 5]);
    assert.deepEqual(Array.from(c.activeDays7), [3, 7]);
    // Runs ending at bit 4 and bit 10 stopped; the run at bits 0–1 is still going; learner 1's too.
    assert.deepEqual(Array.from(c.streakBreaks28), [2, 0]);
  });
});
