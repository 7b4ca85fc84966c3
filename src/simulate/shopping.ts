/**
 * Finding, buying and opening things: `Item Searched`, `Item Viewed` (with where the learner came
 * from: search, topic page, home feed, recommendation, notification, library), free previews,
 * `Order Completed`, `Item Bookmarked`, and opening e-books, audio series, columns and live talks.
 *
 * Organic browsing is biased to what is popular and to the learner's interests; whether a look turns
 * into a purchase depends on appeal (interest, language, visible quality), price against what is left
 * of the month's budget, and — for courses with a free preview — on how the preview went.
 *
 * @example
 *   t = browse(learnerDay, t, sessionEndMs);                // one search or feed visit
 *   t = viewItem(learnerDay, p, 'recommendation', t, end);  // a look at one product, maybe a purchase
 */
import { COURSE, productKinds, subjectKey } from './catalog.js';
import { nextId, type Holding } from './learners.js';
import { pickCumulative } from './random.js';
import type { Properties } from './messages.js';
import { topics, unanswerableQueries } from './vocabulary.js';
import { appeal, engagement, minuteMs, type LearnerDay } from './world.js';
import { studyCourse } from './learning.js';
import { maybeRate } from './feedback.js';

export type ViewSource = 'search' | 'category' | 'home' | 'recommendation' | 'notification' | 'library';

/** One browsing visit: a search (35%), a topic page (30%) or the popular home feed. Returns the time after it. */
export function browse(d: LearnerDay, t: number, endMs: number): number {
  const rng = d.learner.rng;
  const r = rng.next();
  if (r < 0.35) return search(d, t, endMs);
  if (r < 0.65) {
    const list = d.world.catalog.productsByTopic[rng.weighted(d.learner.interests)]!;
    const weights = new Float64Array(list.length);
    for (let i = 0; i < list.length; i++) weights[i] = 1 + d.world.popularity[list[i]!]!;
    return viewItem(d, list[rng.weighted(weights)]!, 'category', t + 8_000, endMs);
  }
  const cum = d.world.popularityCumulative;
  const p = pickCumulative(cum, rng.next() * cum[cum.length - 1]!);
  return viewItem(d, p, 'home', t + 5_000, endMs);
}

function search(d: LearnerDay, t: number, endMs: number): number {
  const { learner, world } = d;
  const rng = learner.rng;
  const lang = learner.language;
  const topic = rng.weighted(learner.interests);
  let query: string;
  let results: Int32Array;
  if (rng.chance(0.08)) {
    query = rng.pick(unanswerableQueries)[lang];
    results = new Int32Array(0);
  } else {
    const s = rng.int(topics[topic]!.subjects.length);
    query = topics[topic]!.subjects[s]![lang] + (rng.chance(0.2) ? (lang === 'zh' ? ' 入门' : ' beginner') : '');
    results = world.catalog.productsBySubject.get(subjectKey(topic, s)) ?? new Int32Array(0);
  }
  if (rng.chance(0.3)) query = query.toLowerCase();
  world.outbox.track(learner, t, 'Item Searched', { query, results_count: results.length });
  t += 4_000 + rng.int(15_000);
  // Results are ranked by popularity; attention falls with rank.
  const ranked = Array.from(results).sort((a, b) => world.popularity[b]! - world.popularity[a]! || a - b);
  let viewed = 0;
  for (let rank = 0; rank < ranked.length && rank < 8 && t < endMs; rank++) {
    if (!rng.chance(0.55 * Math.pow(0.7, rank))) continue;
    t = viewItem(d, ranked[rank]!, 'search', t, endMs);
    viewed++;
  }
  if (viewed === 0) d.frustration += 0.3;
  return t;
}

/** How much of the price the learner can stomach: falling as price nears the monthly budget, near 0 past what is left (an occasional splurge). */
function affordability(d: LearnerDay, price: number): number {
  const l = d.learner;
  if (price <= 0) return 1;
  if (price > l.state.budgetLeft) return 0.03;
  return 1 / (1 + (2 * price) / l.monthlyBudgetCny);
}

/** A look at one product's page; owned things get opened, others may be previewed, bought or bookmarked. */
export function viewItem(d: LearnerDay, p: number, source: ViewSource, t: number, endMs: number): number {
  const { learner, world } = d;
  const c = world.catalog;
  const rng = learner.rng;
  const kind = c.productKind[p]!;
  const price = c.productPrice[p]!;
  world.outbox.track(learner, t, 'Item Viewed', viewed(d, p, source));
  t += 10_000 + rng.int(80_000);
  const held = learner.state.holdings.get(p);
  if (held) return open(d, held, t, endMs);
  const a = appeal(learner, world, p);
  const memberAccess = kind !== COURSE && learner.state.memberPlan !== null;
  if (price === 0 || memberAccess) {
    if (!rng.chance(0.15 + 0.6 * a)) return t;
    return open(d, take(d, p, null, 0), t + 5_000, endMs);
  }
  const first = c.firstLesson[p]!;
  if (kind === COURSE && c.lessonFree[first] === 1 && rng.chance(0.2 + 0.4 * a)) {
    const trial = tryPreview(d, p, t, endMs);
    t = trial.t;
    if (trial.liked && rng.chance(0.6 * affordability(d, price))) return buy(d, p, t + 20_000, endMs);
    return t;
  }
  if (rng.chance(0.35 * a * affordability(d, price))) return buy(d, p, t + 15_000, endMs);
  if (rng.chance(0.08 * a + 0.01)) {
    world.outbox.track(learner, t, 'Item Bookmarked', { item_id: c.productIds[p]!, item_type: productKinds[kind]! });
  }
  return t;
}

/** Watch the free preview lesson(s) without holding the course; did the learner like it? */
function tryPreview(d: LearnerDay, p: number, t: number, endMs: number): { t: number; liked: boolean } {
  const trial: Holding = newHolding(p, null, 0, d.day);
  trial.enjoyment = 0.5;
  t = studyCourse(d, trial, t, endMs, true);
  return { t, liked: trial.lessonsCompleted > 0 && engagement(d.learner, d.world, p) > 0.5 };
}

function buy(d: LearnerDay, p: number, t: number, endMs: number): number {
  const { learner, world } = d;
  const c = world.catalog;
  const price = c.productPrice[p]!;
  const orderId = nextId(learner, 'order');
  world.outbox.track(learner, t, 'Order Completed', {
    order_id: orderId,
    products: [{ product_id: c.productIds[p]!, price, quantity: 1, category: topics[c.productTopic[p]!]!.key }],
    revenue: price, currency: 'CNY',
  });
  learner.state.budgetLeft -= price;
  const h = take(d, p, orderId, price);
  if (!learner.rng.chance(0.7)) return t;
  return open(d, h, t + 10_000, endMs);
}

function newHolding(product: number, orderId: string | null, price: number, day: number): Holding {
  return {
    product, orderId, price, day, nextLesson: 0, resumeS: 0, lessonsCompleted: 0, uses: 0, abandoned: false,
    rated: false, enjoyment: 0.5,
  };
}

/** The learner now holds `p` (bought, free or through membership). */
function take(d: LearnerDay, p: number, orderId: string | null, price: number): Holding {
  const h = newHolding(p, orderId, price, d.day);
  d.learner.state.holdings.set(p, h);
  if (d.world.catalog.productKind[p] === COURSE) d.learner.state.courseQueue.push(p);
  d.world.popularity[p]! += 1;
  return h;
}

/** Open something the learner holds: study a course, or read / listen to / attend the rest. */
export function open(d: LearnerDay, h: Holding, t: number, endMs: number): number {
  const { learner, world } = d;
  const c = world.catalog;
  if (c.productKind[h.product] === COURSE) {
    if (h.abandoned || h.nextLesson >= c.lessonCount[h.product]!) return t;
    const q = learner.state.courseQueue;
    const i = q.indexOf(h.product);
    if (i >= 0 && i !== q.length - 1) q.push(...q.splice(i, 1));
    return studyCourse(d, h, t, endMs);
  }
  const e = engagement(learner, world, h.product);
  h.uses++;
  h.enjoyment = 0.6 * h.enjoyment + 0.4 * e;
  if (e >= 0.5) d.joy += 1.5 * (e - 0.5);
  else d.frustration += 1.5 * (0.5 - e);
  t += Math.min(endMs - t, (5 + learner.rng.int(25 + Math.round(30 * e))) * minuteMs);
  maybeRate(d, h, t);
  return t;
}

/** Come back to a held e-book, audio series, column or live talk from the library. */
export function revisit(d: LearnerDay, h: Holding, t: number, endMs: number): number {
  d.world.outbox.track(d.learner, t, 'Item Viewed', viewed(d, h.product, 'library'));
  return open(d, h, t + 5_000, endMs);
}

function viewed(d: LearnerDay, p: number, source: ViewSource): Properties {
  const c = d.world.catalog;
  return {
    item_id: c.productIds[p]!, item_type: productKinds[c.productKind[p]!]!, category: topics[c.productTopic[p]!]!.key,
    price: c.productPrice[p]!, source,
  };
}

/** Library items (not courses) the learner holds and would open again. */
export function libraryItems(d: LearnerDay): Holding[] {
  const out: Holding[] = [];
  for (const h of d.learner.state.holdings.values()) {
    if (d.world.catalog.productKind[h.product] !== COURSE && h.uses < 12) out.push(h);
  }
  return out;
}
