import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { simulatePlatform, platformDayStartMs, type SimulationOptions } from '../../src/simulate/simulate.js';
import type { SegmentMessage, TrackMessage } from '../../src/simulate/messages.js';
import { truthFromJson, truthToJson } from '../../src/simulate/truth.js';

const options: SimulationOptions = { users: 400, days: 35, seed: 11, botShare: 0.01 };

async function collect(o: SimulationOptions) {
  const messages: SegmentMessage[] = [];
  const hash = createHash('sha256');
  let largestBatch = 0;
  const result = await simulatePlatform(o, async (batch) => {
    largestBatch = Math.max(largestBatch, batch.length);
    for (const m of batch) {
      hash.update(JSON.stringify(m));
      messages.push(m);
    }
  });
  return { messages, result, digest: hash.digest('hex'), largestBatch };
}

const run = await collect(options);
const { truth } = run.result;
const tracks = run.messages.filter((m): m is TrackMessage => m.type === 'track');
const props = (m: TrackMessage) => m.properties as Record<string, any>;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const dayMs = 86_400_000;
const startMs = platformDayStartMs(truth.startDate);
const learnerById = new Map(truth.learners.map((l) => [l.userId, l]));
const productById = new Map(truth.products.map((p) => [p.id, p]));

test('same seed → byte-identical messages and truth; another seed → different', async () => {
  const small = { ...options, users: 150, days: 12 };
  const [a, b, other] = [await collect(small), await collect(small), await collect({ ...small, seed: 12 })];
  assert.equal(b.digest, a.digest);
  assert.equal(truthToJson(b.result.truth), truthToJson(a.result.truth));
  assert.deepEqual(b.result.catalog, a.result.catalog);
  assert.notEqual(other.digest, a.digest);
  assert.notEqual(truthToJson(other.result.truth), truthToJson(a.result.truth));
});

const vocabulary = new Set(['Signed In', 'Item Viewed', 'Item Searched', 'Order Completed', 'Order Refunded',
  'Subscription Started', 'Subscription Cancelled', 'Lesson Started', 'Lesson Progress', 'Lesson Completed',
  'Quiz Submitted', 'Item Rated', 'Review Posted', 'Survey Answered', 'Item Bookmarked', 'Item Shared',
  'Recommendation Shown', 'Recommendation Clicked', 'Recommendation Dismissed', 'Question Asked', 'Answer Posted',
  'Notification Sent', 'Notification Opened']);

test('every message is Segment-shaped, with snake_case properties from the event vocabulary', () => {
  const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
  for (const m of run.messages) {
    assert.match(m.messageId, /^[0-9a-f-]{36}$/);
    assert.ok(['track', 'identify', 'page', 'screen'].includes(m.type), m.type);
    assert.match(m.userId, /^u\d{6}$/);
    for (const field of [m.timestamp, m.sentAt, m.receivedAt]) assert.match(field, isoPattern);
    assert.ok(['ios', 'android', 'web'].includes(m.context.device.type), JSON.stringify(m));
    assert.ok(m.context.os.name && m.context.app.name && m.context.locale && m.context.timezone, 'context names os, app, locale and timezone');
    assert.ok(JSON.stringify(m).length < 32 * 1024, 'under Segment\'s 32 KB');
    if (m.type === 'track') {
      assert.ok(vocabulary.has(m.event), `unknown event ${m.event}`);
      for (const key of Object.keys(m.properties)) assert.match(key, /^[a-z][a-z0-9_]*$/);
    } else if (m.type === 'identify') {
      assert.ok(typeof m.traits.plan === 'string', 'identify carries the plan');
    } else {
      assert.equal(m.name, 'Home');
      assert.equal(m.type === 'page', m.context.device.type === 'web');
    }
  }
  const firstDelivery = [...new Map(run.messages.map((m) => [m.messageId, m])).values()];
  const signups = firstDelivery.filter((m) => m.type === 'identify' && 'createdAt' in m.traits);
  assert.equal(signups.length, truth.learners.length, 'one sign-up identify per learner');
  assert.equal(new Set(signups.map((m) => m.userId)).size, signups.length, 'one sign-up identify per learner');
  for (const m of signups) assert.ok(m.type === 'identify' && typeof m.traits.name === 'string' && typeof m.traits.city === 'string', 'sign-up traits: name, city');
  const seen = new Set(tracks.map((m) => m.event));
  for (const e of ['Signed In', 'Order Completed', 'Lesson Progress', 'Item Rated', 'Review Posted', 'Quiz Submitted', 'Order Refunded', 'Survey Answered']) {
    assert.ok(seen.has(e), `no ${e} events`);
  }
});

test('messages arrive in order, in batches of at most 500, and point at catalog items', () => {
  assert.equal(run.largestBatch, 500);
  for (let i = 1; i < run.messages.length; i++) assert.ok(run.messages[i - 1]!.receivedAt <= run.messages[i]!.receivedAt, 'arrival order');
  const ids = new Set(run.result.catalog.map((i) => i.id));
  for (const m of tracks) {
    const p = props(m);
    for (const key of ['item_id', 'course_id', 'lesson_id']) if (key in p) assert.ok(ids.has(p[key]), `${m.event}.${key} = ${p[key]}`);
    if (m.event === 'Order Completed') {
      assert.equal(p.currency, 'CNY');
      assert.equal(p.revenue, p.products[0].price);
      assert.ok(ids.has(p.products[0].product_id), 'product exists');
    }
  }
});

test('retries repeat a message exactly (same messageId, later receivedAt); skewed clocks are correctable', () => {
  const byId = new Map<string, SegmentMessage[]>();
  for (const m of run.messages) byId.set(m.messageId, [...(byId.get(m.messageId) ?? []), m]);
  const repeated = [...byId.values()].filter((ms) => ms.length > 1);
  assert.equal(repeated.length, run.result.summary.duplicates);
  assert.ok(repeated.length > 20, `${repeated.length} retried messages`);
  for (const [first, second] of repeated) {
    assert.deepEqual({ ...second!, receivedAt: '' }, { ...first!, receivedAt: '' });
    assert.ok(second!.receivedAt > first!.receivedAt, 'the retry arrives later');
  }
  let skewed = 0;
  for (const m of run.messages) {
    const ts = Date.parse(m.timestamp), sent = Date.parse(m.sentAt), received = Date.parse(m.receivedAt);
    const corrected = received - (sent - ts);
    assert.ok(corrected <= received && received - corrected < 21_000, 'correction lands within the client flush delay');
    if (Math.abs(received - ts) > 600_000) skewed++;
  }
  assert.ok(skewed > 0, 'some devices have a clock that is off');
});

test('learners act only between sign-up and churn; churned learners stay gone', () => {
  let checked = 0;
  for (const m of run.messages) {
    if (m.type === 'track' && m.event === 'Notification Sent') continue; // the platform still pushes
    const l = learnerById.get(m.userId)!;
    const trueMs = Date.parse(m.timestamp) - l.clockSkewMs;
    const day = Math.floor((trueMs - startMs) / dayMs);
    assert.ok(day >= l.signupDay, `${m.userId} acts before signing up`);
    if (l.churnDay !== null) assert.ok(day < l.churnDay, `${m.userId} acts on day ${day}, churned on ${l.churnDay}`);
    if (l.lastActiveDay !== null) assert.ok(day <= l.lastActiveDay, 'no activity after the last active day');
    checked++;
  }
  assert.ok(checked > 10_000, `${checked} messages checked`);
  const people = truth.learners.filter((l) => l.kind === 'person');
  const churned = people.filter((l) => l.churned);
  assert.ok(churned.length > people.length * 0.15 && churned.length < people.length * 0.85, `${churned.length} churned`);
});

test('ratings, refunds, NPS and the hazard follow the hidden truth', () => {
  const ratings = tracks.filter((m) => m.event === 'Item Rated').map((m) => [productById.get(props(m).item_id)!.quality, props(m).rating as number]);
  const good = mean(ratings.filter(([q]) => q! >= 0.65).map(([, r]) => r!));
  const poor = mean(ratings.filter(([q]) => q! < 0.5).map(([, r]) => r!));
  assert.ok(good > poor + 0.7, `mean rating good ${good} vs poor ${poor}`);
  const reviews = tracks.filter((m) => m.event === 'Review Posted');
  const praise = /干货|讲得很清楚|强烈推荐|物超所值|学到了|特别好|excellent|Highly recommended|Worth every|learned a lot|clearly taught/;
  const praised = (keep: (rating: number) => boolean) =>
    mean(reviews.filter((m) => keep(props(m).rating)).map((m) => (praise.test(props(m).text) ? 1 : 0)));
  assert.ok(praised((r) => r >= 4) > 0.8, `praise in good reviews ${praised((r) => r >= 4)}`);
  assert.ok(praised((r) => r <= 2) < 0.2, `praise in poor reviews ${praised((r) => r <= 2)}`);
  const quality = (event: string) => mean(tracks.filter((m) => m.event === event).map((m) => productById.get(props(m).products[0].product_id)!.quality));
  assert.ok(quality('Order Refunded') + 0.1 < quality('Order Completed'), `refunded quality ${quality('Order Refunded')} vs bought ${quality('Order Completed')}`);
  // NPS answers follow how the learner feels that day, which also sets that day's hazard.
  const answers = tracks.filter((m) => m.event === 'Survey Answered').map((m) => {
    const l = learnerById.get(m.userId)!;
    const day = Math.floor((Date.parse(m.timestamp) - l.clockSkewMs - startMs) / dayMs);
    return { score: props(m).score as number, hazard: l.hazardPath[day - l.signupDay]! / (l.hazardPath[0]! || 1) };
  });
  assert.ok(answers.length >= 40, `${answers.length} survey answers`);
  const median = [...answers].sort((a, b) => a.hazard - b.hazard)[answers.length >> 1]!.hazard;
  const nps = (high: boolean) => mean(answers.filter((a) => (a.hazard > median) === high).map((a) => a.score));
  assert.ok(nps(false) > nps(true) + 0.5, `NPS at low hazard ${nps(false)} vs high ${nps(true)}`);
  // The hazard path is the real daily leaving chance: churns match its sum, and leavers' was higher.
  const people = truth.learners.filter((l) => l.kind === 'person');
  let expected = 0;
  for (const l of people) l.hazardPath.forEach((h, i) => { if (l.signupDay + i < truth.days - 1) expected += h; });
  const actual = people.filter((l) => l.churned).length;
  assert.ok(Math.abs(actual - expected) < 4 * Math.sqrt(expected), `${actual} churned, hazards sum to ${expected}`);
  const finalHazard = (churned: boolean) => mean(people.filter((l) => l.churned === churned && l.habit !== 'one-off').map((l) => l.hazardPath.at(-1)!));
  assert.ok(finalHazard(true) > 1.3 * finalHazard(false), `final hazard churned ${finalHazard(true)} vs stayed ${finalHazard(false)}`);
});

test('learners buy within their interests', () => {
  const topicIndex = new Map(truth.topics.map((t, i) => [t, i]));
  const shares = tracks.filter((m) => m.event === 'Order Completed').map((m) => {
    const l = learnerById.get(m.userId)!;
    return l.interests[topicIndex.get(productById.get(props(m).products[0].product_id)!.topic)!]!;
  });
  assert.ok(mean(shares) > 3 / truth.topics.length, `mean interest in bought topics ${mean(shares)}`);
});

test('hard lessons are completed less often', () => {
  const hard = new Set(truth.products.flatMap((p) => p.hardLessons ?? []));
  const count = { hard: [0, 0], normal: [0, 0] };
  for (const m of tracks) {
    if (m.event !== 'Lesson Started' && m.event !== 'Lesson Completed') continue;
    const c = count[hard.has(props(m).lesson_id) ? 'hard' : 'normal'];
    c[m.event === 'Lesson Started' ? 0 : 1]++;
  }
  const rate = (c: number[]) => c[1]! / c[0]!;
  assert.ok(rate(count.hard) + 0.1 < rate(count.normal), `hard ${rate(count.hard)} vs normal ${rate(count.normal)}`);
});

test("bots' event rates are far above any person's (the robot rule of docs/EVENTS.md catches them)", () => {
  const times = new Map<string, number[]>();
  for (const m of run.messages) {
    const list = times.get(m.userId) ?? [];
    list.push(Date.parse(m.receivedAt));
    times.set(m.userId, list);
  }
  /** Most events a user sends within any 10 minutes. */
  const peak = (ts: number[]) => {
    let best = 0;
    for (let i = 0, j = 0; i < ts.length; i++) {
      while (ts[i]! - ts[j]! >= 600_000) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  };
  const bots = new Set(truth.bots);
  assert.equal(bots.size, 4);
  let botMin = Infinity, personMax = 0;
  for (const [user, ts] of times) {
    if (bots.has(user)) botMin = Math.min(botMin, peak(ts));
    else personMax = Math.max(personMax, peak(ts));
  }
  assert.ok(botMin > 600, `every bot sends over 600 events in some 10 minutes (least busy: ${botMin})`);
  assert.ok(personMax < 150, `no person comes close (busiest: ${personMax})`);
});

test('truth is JSON that reads back whole', () => {
  const back = truthFromJson(truthToJson(truth));
  assert.deepEqual(back, truth);
  assert.equal(back.learners.length, options.users);
  assert.deepEqual(back.bots, back.learners.filter((l) => l.kind === 'bot').map((l) => l.userId));
  for (const l of back.learners) assert.ok(Math.abs(l.interests.reduce((a, b) => a + b, 0) - 1) < 1e-3, 'interests sum to 1');
  assert.throws(() => truthFromJson('{"format":"other"}'));
});
