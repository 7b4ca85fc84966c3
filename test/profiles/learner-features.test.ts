import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Workspace } from '../../src/cli/workspace.js';
import { featureNames } from '../../src/profiles/feature-catalogue.js';
import { featureRow, learnerFeatures, type FeatureTable } from '../../src/profiles/learner-features.js';
import { LocalClock } from '../../src/profiles/local-days.js';
import { streaksOf } from '../../src/profiles/streaks.js';
import { asOf, handMadeWorkspace, laterEvents } from './fixtures.js';

const day = 86_400_000;
const hour = 3_600_000;
const close = (actual: number | string | null, expected: number, what: string) =>
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);

describe('learner features on a hand-made platform', () => {
  let ws: Workspace;
  let table: FeatureTable;
  before(async () => {
    ws = await handMadeWorkspace();
    table = await learnerFeatures(ws.store.db, ws.keys.projectId, { asOf });
  });
  after(async () => { await ws.close(); });

  it('leaves robots out and keeps one typed column per catalogue feature', () => {
    assert.deepEqual(table.userIds, ['amy', 'bob']);
    assert.deepEqual(Object.keys(table.columns).sort(), [...featureNames].sort());
    for (const name of featureNames) assert.ok(table.columns[name] instanceof Float64Array && table.columns[name].length === 2);
    assert.equal(table.timezone, 'Asia/Shanghai');
  });

  it('amy: worked out by hand', () => {
    const amy = featureRow(table, 0);
    // Last active event: Sunday 20:30, 3.5 hours before Monday 00:00.
    close(amy.recencyDays, 3.5 / 24, 'recency');
    // Active local days 03-02 (Mon), 03-27 (Fri), 03-28 (Sat), 03-29 (Sun).
    assert.equal(amy.activeDays28, 4);
    assert.equal(amy.weekendShare, 0.5);
    assert.equal(amy.currentStreakDays, 3);
    assert.equal(amy.longestStreakDays, 3);
    close(amy.activeDaysPerWeek, 4 / ((27 * 24 + 15) / 24 / 7), 'active days per week');
    close(amy.daysSinceFirstSeen, 27 + 15 / 24, 'tenure');
    // Heartbeats 600 s + 300 s + 900 s capped to 600 s = 25 minutes; weeks [10, 0, 0, 15] oldest first.
    close(amy.learningMinutesPerWeek, 25 / 4, 'minutes per week');
    close(amy.learningTrend, (-1.5 * 10 + 1.5 * 15) / 5, 'trend');
    close(amy.minutesPerActiveDay, 25 / 4, 'minutes per active day');
    assert.equal(amy.spend, 119);
    assert.equal(amy.orders, 1);
    close(amy.daysSinceLastPurchase, 27 + (14 * 60 + 55) / 60 / 24, 'days since purchase');
    // c1 bought (the e-book is not a course), both its lessons completed.
    assert.equal(amy.completionRate, 1);
    assert.equal(amy.lessonsCompleted, 2);
    assert.deepEqual([amy.coursesBought, amy.coursesStarted, amy.coursesFinished, amy.boughtNeverStartedShare], [1, 1, 1, 0]);
    assert.deepEqual([amy.ratingsGiven, amy.meanRating, amy.quizzesFailed, amy.refunds], [1, 5, 1, 0]);
    // q2 was answered on Sunday; q1 only after asOf.
    assert.deepEqual([amy.questionsAsked, amy.questionsUnanswered, amy.answersPosted], [2, 1, 0]);
    // Hour 20 has six active events, hour 9 five, hour 21 two.
    assert.equal(amy.preferredHour, 20);
    assert.equal(amy.preferredTopic, 'finance');
    assert.equal(amy.device, 'ios');
  });

  it('bob: a refunded course is not bought; undefined ratios are null', () => {
    const bob = featureRow(table, 1);
    close(bob.recencyDays, 14 / 24, 'recency');
    assert.deepEqual([bob.spend, bob.orders, bob.refunds, bob.coursesBought], [0, 1, 1, 0]);
    assert.equal(bob.boughtNeverStartedShare, null);
    assert.equal(bob.completionRate, null);
    assert.equal(bob.meanRating, null);
    assert.equal(bob.answersPosted, 1);
    // Tue 03-10, Wed 03-11, Sun 03-29.
    assert.equal(bob.activeDays28, 3);
    close(bob.weekendShare, 1 / 3, 'weekend share');
    assert.deepEqual([bob.currentStreakDays, bob.longestStreakDays], [1, 2]);
    assert.equal(bob.preferredHour, 12);
    assert.equal(bob.device, 'web');
    assert.equal(bob.preferredTopic, 'programming');
  });

  it('a shorter window drops older events', async () => {
    const week = await learnerFeatures(ws.store.db, ws.keys.projectId, { asOf, windowDays: 7 });
    const amy = featureRow(week, 0);
    assert.equal(amy.spend, 0);
    assert.equal(amy.lessonsCompleted, 1);
    assert.equal(amy.activeDaysPerWeek, 3);
  });

  it('one learner alone gets the same features as in the full table', async () => {
    const one = await learnerFeatures(ws.store.db, ws.keys.projectId, { asOf, userIds: ['amy', 'nobody'] });
    assert.deepEqual(one.userIds, ['amy']);
    assert.deepEqual(featureRow(one, 0), featureRow(table, 0));
  });

  it('point in time: events at or after asOf never leak in', async () => {
    await ws.ingest.ingest(ws.keys.projectId, laterEvents(), { receivedAt: Date.now() });
    const again = await learnerFeatures(ws.store.db, ws.keys.projectId, { asOf });
    assert.deepEqual(again.userIds, table.userIds);
    for (const name of featureNames) assert.deepEqual(again.columns[name], table.columns[name], name);
    assert.deepEqual(again.interests.strength, table.interests.strength);
    // The same events do count a moment later.
    const later = await learnerFeatures(ws.store.db, ws.keys.projectId, { asOf: asOf + 5 * day });
    assert.equal(featureRow(later, 0).orders, 2);
    assert.deepEqual(later.userIds, ['amy', 'bob', 'zed']);
  });
});

describe('streaks and local days', () => {
  it('counts a streak that ended yesterday, not one that ended before', () => {
    assert.deepEqual(streaksOf(Int32Array.of(10, 11, 12, 20, 21), 22), { current: 2, longest: 3 });
    assert.deepEqual(streaksOf(Int32Array.of(10, 11, 12, 20, 21), 23), { current: 0, longest: 3 });
    assert.deepEqual(streaksOf(new Int32Array(0), 5), { current: 0, longest: 0 });
  });

  it('puts 23:30 in Shanghai on the local day, and follows daylight saving in Berlin', () => {
    const sh = new LocalClock('Asia/Shanghai');
    const late = Date.parse('2026-03-29T15:30:00Z'); // 23:30 Sunday in Shanghai
    assert.equal(sh.dayOf(late), Date.UTC(2026, 2, 29) / day);
    assert.equal(sh.hourOf(late), 23);
    const berlin = new LocalClock('Europe/Berlin');
    assert.equal(berlin.hourOf(Date.parse('2026-03-29T00:30:00Z')), 1); // CET
    assert.equal(berlin.hourOf(Date.parse('2026-03-29T01:30:00Z')), 3); // CEST from 02:00
    assert.equal(berlin.dayOf(Date.parse('2026-03-29T22:30:00Z')), Date.UTC(2026, 2, 30) / day);
    assert.equal(hour, 3_600_000);
  });
});
