import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulatePlatform, type SimulationOptions } from '../../src/simulate/simulate.js';
import { generateCatalog } from '../../src/simulate/catalog.js';
import type { SegmentMessage, TrackMessage } from '../../src/simulate/messages.js';
import type { Nudge, NudgePolicy, RecommendationPolicy } from '../../src/simulate/policy.js';
import type { SimulationTruth } from '../../src/simulate/truth.js';

const base: SimulationOptions = { users: 250, days: 21, seed: 21 };

async function run(o: SimulationOptions) {
  const tracks: TrackMessage[] = [];
  const seen = new Set<string>();
  const result = await simulatePlatform(o, async (batch: SegmentMessage[]) => {
    // Count each message once: a few are delivered twice, as retries.
    for (const m of batch) if (m.type === 'track' && !seen.has(m.messageId)) tracks.push(m), seen.add(m.messageId);
  });
  const count = (event: string) => tracks.filter((m) => m.event === event).length;
  return { tracks, result, count };
}

// The learners' hidden interests do not depend on any policy, so one organic run tells them.
const organic = await run(base);
const truth: SimulationTruth = organic.result.truth;
const topicIndex = new Map(truth.topics.map((t, i) => [t, i]));
const interests = new Map(truth.learners.map((l) => [l.userId, l.interests]));
const sellable = truth.products;

/** What a perfect recommender would show: the best items in the learner's favourite topics. */
function oracleFor(userId: string): string[] {
  const like = interests.get(userId)!;
  return [...sellable]
    .sort((a, b) => like[topicIndex.get(b.topic)!]! * b.quality - like[topicIndex.get(a.topic)!]! * a.quality || (a.id < b.id ? -1 : 1))
    .slice(0, 24).map((p) => p.id);
}
const oracleCache = new Map<string, string[]>();
const oracle = (userId: string, k: number, day: number): string[] => {
  const list = oracleCache.get(userId) ?? oracleCache.set(userId, oracleFor(userId)).get(userId)!;
  return list.slice((day % 3) * k, (day % 3) * k + k);
};
/** The opposite: the worst items of the learner's least favourite topics. */
const spite: RecommendationPolicy = (userId, k) => {
  const like = interests.get(userId)!;
  return [...sellable]
    .sort((a, b) => like[topicIndex.get(a.topic)!]! + a.quality - (like[topicIndex.get(b.topic)!]! + b.quality) || (a.id < b.id ? -1 : 1))
    .slice(0, k).map((p) => p.id);
};

test('a recommender that knows the learners gets clicks and sales; one that spites them gets dismissals', async () => {
  const calls: [string, number, number][] = [];
  const good = await run({ ...base, recommendationPolicy: (u, k, d) => { calls.push([u, k, d]); return oracle(u, k, d); } });
  const bad = await run({ ...base, recommendationPolicy: spite });
  assert.ok(calls.length > 500 && calls.every(([, k]) => k === 8), `${calls.length} policy calls`);
  assert.equal(good.count('Recommendation Shown'), calls.length, 'one slate per call');
  const goodCtr = good.count('Recommendation Clicked') / good.count('Recommendation Shown');
  const badCtr = bad.count('Recommendation Clicked') / bad.count('Recommendation Shown');
  assert.ok(goodCtr > 3 * badCtr, `click-through good ${goodCtr} vs bad ${badCtr}`);
  assert.ok(bad.count('Recommendation Dismissed') > good.count('Recommendation Dismissed'), 'spiteful slates get dismissed');
  assert.ok(good.count('Order Completed') > organic.count('Order Completed'), 'good recommendations sell');
  // Shown slates are exactly what the policy answered, clicks are on shown items.
  const shown = good.tracks.filter((m) => m.event === 'Recommendation Shown');
  const firstCall = calls[0]!;
  const first = shown.find((m) => m.userId === firstCall[0])!;
  assert.deepEqual(first.properties.item_ids, oracle(firstCall[0], firstCall[1], firstCall[2]));
  const slates = new Map(shown.map((m) => [m.properties.recommendation_id as string, m.properties.item_ids as string[]]));
  for (const m of good.tracks.filter((t) => t.event === 'Recommendation Clicked')) {
    const slate = slates.get(m.properties.recommendation_id as string)!;
    assert.equal(slate[(m.properties.position as number) - 1], m.properties.item_id);
  }
  // Clicks lead to views attributed to the recommendation.
  assert.ok(good.tracks.some((m) => m.event === 'Item Viewed' && m.properties.source === 'recommendation'));
});

test('a policy is asked only about learners who open the app that day; unknown ids are ignored', async () => {
  const asked: string[] = [];
  const r = await run({ ...base, days: 7, recommendationPolicy: (u, k, day) => { asked.push(`${u} ${day}`); return ['no-such-item', ...oracle(u, k, day)]; } });
  const bots = new Set(r.result.truth.bots);
  const active = new Set(r.tracks.filter((m) => m.event === 'Signed In' && !bots.has(m.userId)).map((m) => {
    const l = r.result.truth.learners.find((x) => x.userId === m.userId)!;
    return `${m.userId} ${Math.floor((Date.parse(m.timestamp) - l.clockSkewMs - Date.parse('2026-03-01T16:00:00Z')) / 86_400_000)}`;
  }));
  assert.deepEqual([...new Set(asked)].sort(), [...active].sort());
  assert.ok(!r.tracks.some((m) => m.event === 'Recommendation Clicked' && m.properties.item_id === 'no-such-item'));
});

test('nudges are sent to whom the policy names; only learners still around open them, relevant ones help', async () => {
  const catalog = generateCatalog(base.seed, 300);
  const churnedEarly = truth.learners.filter((l) => l.churned && l.churnDay! < 10).map((l) => l.userId);
  assert.ok(churnedEarly.length > 5);
  const sent: Nudge[] = [];
  const nudgePolicy: NudgePolicy = async (day) => {
    if (day < 10) return [];
    const signedUp = truth.learners.filter((l) => l.kind === 'person' && l.signupDay <= day);
    const list = signedUp.map((l) => ({ userId: l.userId, itemId: oracleFor(l.userId)[0]!, campaign: 'win-back' }));
    sent.push(...list);
    return list;
  };
  const nudged = await run({ ...base, nudgePolicy });
  const nudges = nudged.tracks.filter((m) => m.event === 'Notification Sent' && m.properties.campaign === 'win-back');
  assert.equal(nudges.length, sent.length);
  assert.ok(nudges.every((m) => catalog.productIndex.has(m.properties.item_id as string)));
  const opened = nudged.tracks.filter((m) => m.event === 'Notification Opened' && m.properties.campaign === 'win-back');
  assert.ok(opened.length > 50, `${opened.length} nudges opened`);
  const gone = new Set(nudged.result.truth.learners.filter((l) => l.churned && l.churnDay! <= 10).map((l) => l.userId));
  assert.ok(gone.size > 0 && !opened.some((m) => gone.has(m.userId)), 'learners who left never open');
  const stillAround = (o: typeof organic) => o.result.truth.learners.filter((l) => l.kind === 'person' && (l.churnDay === null || l.churnDay > 10));
  const churnAfter = (o: typeof organic) => stillAround(o).filter((l) => l.churned).length / stillAround(o).length;
  assert.ok(churnAfter(nudged) < churnAfter(organic), `churn after day 10: nudged ${churnAfter(nudged)} vs organic ${churnAfter(organic)}`);
});
