/** The one-pass rebuild of the derived tables agrees with reading learner by learner through the index. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDemoPlatform } from '../../src/cli/demo-platform.js';
import { openWorkspace, type Workspace } from '../../src/cli/workspace.js';
import { deriveAllLearners, deriveLearner, deriveLearners } from '../../src/ingest/derive/derive.js';
import { LearnerEventColumns } from '../../src/ingest/derive/event-columns.js';
import { learnerEventsOf } from '../../src/ingest/derive/learner-events.js';

describe('learner event columns', () => {
  it('regroups arrival order by learner, in time order with ties in arrival order', () => {
    const c = new LearnerEventColumns();
    c.add('b', 300, 'track', 'Signed In', null, null, null, null);
    c.add('a', 200, 'track', 'Lesson Progress', 'l1', 'c1', 60, 120);
    c.add('b', 100, 'identify', null, null, null, null, null);
    c.add('a', 200, 'track', 'Lesson Completed', 'l1', 'c1', null, 180);
    c.add('a', 50, 'page', 'Home', null, null, 0, 0);
    const seen: [string, string[]][] = [];
    c.forEachLearner((userId, events) => seen.push([userId, events.map((e) => `${e.timestamp}:${e.event}`)]));
    assert.deepEqual(seen, [
      ['b', ['100:null', '300:Signed In']],
      ['a', ['50:Home', '200:Lesson Progress', '200:Lesson Completed']],
    ]);
    let first: unknown;
    c.forEachLearner((userId, events) => { if (userId === 'a') first = events[1]; });
    assert.deepEqual(first, { timestamp: 200, type: 'track', event: 'Lesson Progress', itemId: 'l1', courseId: 'c1', value: 60, positionS: 120 });
  });
});

describe('one-pass rebuild on a simulated platform', () => {
  let ws: Workspace;
  before(async () => {
    ws = await openWorkspace(':memory:');
    await loadDemoPlatform(ws.store, ws.ingest, ws.keys.projectId, { users: 60, days: 14, seed: 2 });
  });
  after(async () => { await ws.close(); });

  it('derives every learner exactly as the per-learner reads do', async () => {
    const db = ws.store.db;
    const all = await deriveAllLearners(db, ws.keys.projectId);
    assert.ok(all.learners.length >= 60 && all.watermark > 1000, `${all.learners.length} learners, watermark ${all.watermark}`);
    const ids = all.learners.map((l) => l.userId);
    const byLearner = await learnerEventsOf(db, ws.keys.projectId, ids);
    const reference = ids.map((id) => deriveLearner(id, byLearner.get(id) ?? []));
    assert.ok(reference.some((l) => l.lessons.some((p) => p.maxPositionS > 0 && p.clampedS >= 0)), 'lesson positions are read');
    assert.deepEqual(all.learners, reference);
  });

  it('stores the same tables through the one-pass and the per-learner paths', async () => {
    const db = ws.store.db;
    const snapshot = async () => ({
      sessions: await db.selectFrom('sessions').selectAll().orderBy('user_id').orderBy('started_at').execute(),
      progress: await db.selectFrom('lesson_progress').selectAll().orderBy('user_id').orderBy('lesson_id').execute(),
      robots: await db.selectFrom('users').select(['user_id', 'is_robot', 'robot_reason']).orderBy('user_id').execute(),
    });
    const onePass = await snapshot();
    assert.ok(onePass.sessions.length > 0 && onePass.progress.length > 0);
    await db.deleteFrom('sessions').execute();
    await db.deleteFrom('lesson_progress').execute();
    // Incremental from a watermark of 1 reads learner by learner (every learner has events after it).
    await db.updateTable('derive_state').set({ watermark_seq: 1 }).execute();
    const r = await deriveLearners(db, ws.keys.projectId);
    assert.ok(r.learners > 50);
    assert.deepEqual(await snapshot(), onePass);
  });
});
