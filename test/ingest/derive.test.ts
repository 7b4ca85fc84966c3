import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deriveLearners } from '../../src/ingest/derive/derive.js';
import { firstHeartbeatMaxS, lessonProgressOf, robotReason, robotEventsPer10Min, sessionsOf, type DerivableEvent } from '../../src/ingest/derive/rules.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const t0 = Date.parse('2026-03-02T08:00:00Z');
const min = 60_000;
const ev = (minutes: number, event: string, extra: Partial<DerivableEvent> = {}): DerivableEvent =>
  ({ timestamp: t0 + minutes * min, event, type: 'track', itemId: null, courseId: null, value: null, positionS: null, ...extra });

describe('sessions', () => {
  it('splits visits after 30 minutes of silence, not at exactly 30', () => {
    const s = sessionsOf([ev(0, 'Signed In'), ev(10, 'Item Viewed'), ev(40, 'Item Viewed'), ev(71, 'Signed In')]);
    assert.deepEqual(s.map((x) => [x.events, (x.endedAt - x.startedAt) / min]), [[3, 40], [1, 0]]);
  });
});

describe('lesson progress', () => {
  it('clamps heartbeats claiming more seconds than elapsed, at 2x playback', () => {
    const lesson = { itemId: 'l1', courseId: 'c1' };
    const p = lessonProgressOf([
      ev(0, 'Lesson Started', lesson),
      ev(1, 'Lesson Progress', { ...lesson, value: 60, positionS: 60 }), // honest
      ev(2, 'Lesson Progress', { ...lesson, value: 500, positionS: 120 }), // 1 minute passed: at most 120 s
      ev(3, 'Lesson Completed', { ...lesson, positionS: 180 }),
    ]);
    assert.equal(p.length, 1);
    assert.equal(p[0]!.watchedS, 180);
    assert.equal(p[0]!.clampedS, 380);
    assert.equal(p[0]!.maxPositionS, 180);
    assert.equal(p[0]!.completedAt, t0 + 3 * min);
  });

  it('bounds a first heartbeat with nothing before it', () => {
    const p = lessonProgressOf([ev(0, 'Lesson Progress', { itemId: 'l2', value: 5000 })]);
    assert.equal(p[0]!.watchedS, firstHeartbeatMaxS);
  });
});

describe('robots', () => {
  it('flags rates no person produces and spares a binge learner', () => {
    const bot = Array.from({ length: robotEventsPer10Min + 1 }, (_, i) => ev(i / 100, 'Item Viewed'));
    assert.match(robotReason(bot) ?? '', /10 minutes/);
    const binge = Array.from({ length: 12 * 60 }, (_, i) => ev(i, 'Lesson Progress')); // 12 hours of heartbeats
    assert.equal(robotReason(binge), null);
  });
});

describe('derive step on the store', () => {
  let s: TestServer;
  before(async () => { s = await startTestServer(); });
  after(async () => { await s.stop(); });

  it('builds sessions and progress, flags robots, and catches up incrementally', async () => {
    const iso = (m: number) => new Date(t0 + m * min).toISOString();
    await s.track('/v1/batch', { batch: [
      { type: 'track', userId: 'amy', event: 'Lesson Started', timestamp: iso(0), properties: { lesson_id: 'l1', course_id: 'c1' } },
      { type: 'track', userId: 'amy', event: 'Lesson Progress', timestamp: iso(1), properties: { lesson_id: 'l1', course_id: 'c1', watched_s: 60, position_s: 60 } },
      { type: 'track', userId: 'amy', event: 'Lesson Completed', timestamp: iso(2), properties: { lesson_id: 'l1', course_id: 'c1', position_s: 120 } },
      ...Array.from({ length: 700 }, (_, i) => ({ type: 'track', userId: 'crawler', event: 'Item Viewed', messageId: `bot-${i}`, timestamp: new Date(t0 + i * 500).toISOString() })),
    ] });
    const db = s.ll.store.db;
    const first = await deriveLearners(db, 'default');
    assert.equal(first.learners, 2);
    assert.equal(first.robots, 1);
    const amy = await db.selectFrom('lesson_progress').selectAll().where('user_id', '=', 'amy').execute();
    assert.equal(amy.length, 1);
    assert.equal(amy[0]!.watched_s, 60);
    assert.ok(amy[0]!.completed_at !== null);
    const crawler = await db.selectFrom('users').select(['is_robot', 'robot_reason']).where('user_id', '=', 'crawler').executeTakeFirstOrThrow();
    assert.equal(crawler.is_robot, 1);

    // A late visit two hours later: only amy is recomputed, and she now has two sessions.
    await s.track('/v1/track', { userId: 'amy', event: 'Signed In', timestamp: iso(120) });
    const second = await deriveLearners(db, 'default');
    assert.equal(second.learners, 1);
    const sessions = await db.selectFrom('sessions').select('events').where('user_id', '=', 'amy').orderBy('started_at').execute();
    assert.deepEqual(sessions.map((r) => r.events), [3, 1]);
    assert.equal((await deriveLearners(db, 'default')).learners, 0, 'nothing new, nothing done');
  });
});
