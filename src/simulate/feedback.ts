/**
 * What learners say about what they learn: `Item Rated` (1–5, from hidden quality, interest and
 * level fit), `Review Posted` (short zh/en text whose sentiment follows the rating),
 * `Order Refunded` (likelier the lower the quality and the worse the first lessons went), `Item Shared`, and the NPS
 * `Survey Answered` (0–10, from the learner's running satisfaction, which also sets their hazard).
 *
 * @example
 *   maybeRate(learnerDay, holding, t);       // after a lesson: sometimes rates (and reviews) the course
 *   considerRefund(learnerDay, holding, t);  // in the first week after buying
 */
import { reviewText } from './phrases.js';
import { nextId, type Holding } from './learners.js';
import { productKinds } from './catalog.js';
import { topics } from './vocabulary.js';
import { languageFit, levelFit, topicMatch, type LearnerDay } from './world.js';

/** The rating a learner gives a product: what they would answer if asked (1–5). */
export function ratingFor(d: LearnerDay, p: number): number {
  const { learner: l, world } = d;
  const latent = 0.6 * world.catalog.productQuality[p]! + 0.25 * topicMatch(l, world, p) +
    0.1 * levelFit(l, world, p) + 0.05 * languageFit(l, world, p) + l.rng.normal(0, 0.08);
  return Math.min(5, Math.max(1, Math.round(1 + (4 * (latent - 0.2)) / 0.65)));
}

/** After a lesson (or a use of a library item) the learner sometimes rates what they hold. */
export function maybeRate(d: LearnerDay, h: Holding, t: number): void {
  if (h.rated) return;
  const c = d.world.catalog;
  const done = c.lessonCount[h.product]! > 0
    ? h.lessonsCompleted === 3 || h.nextLesson >= c.lessonCount[h.product]!
    : h.uses >= 2;
  if (!done || !d.learner.rng.chance(0.4)) return;
  rate(d, h, t);
}

function rate(d: LearnerDay, h: Holding, t: number): void {
  const { learner, world } = d;
  const c = world.catalog;
  const p = h.product;
  const rating = ratingFor(d, p);
  const item = { item_id: c.productIds[p]!, item_type: productKinds[c.productKind[p]!]! };
  h.rated = true;
  world.ratingSum[p]! += rating;
  world.ratingCount[p]! += 1;
  world.outbox.track(learner, t, 'Item Rated', { ...item, rating });
  if (rating >= 4) d.joy += 0.5;
  if (rating <= 2) d.frustration += 0.5;
  const rng = learner.rng;
  if (rng.chance(rating <= 2 ? 0.55 : 0.35)) {
    const aspect = topics[c.productTopic[p]!]!.aspects[c.productAspects[p * 3 + rng.int(3)]!]!;
    world.outbox.track(learner, t + 20_000 + rng.int(100_000), 'Review Posted', {
      ...item, review_id: nextId(learner, 'review'), rating, text: reviewText(rng, rating, learner.language, aspect),
      language: learner.language,
    });
  }
  if (rating === 5 && rng.chance(0.15)) {
    world.outbox.track(learner, t + 150_000, 'Item Shared', { ...item, channel: rng.pick(['wechat', 'moments', 'weibo', 'link']) });
  }
}

/** Below this sense of value (mostly the content's quality, partly the learner's enjoyment) learners ask for refunds. */
const refundBelowValue = 0.55;

/**
 * In the week after buying, a learner who finds the content poor may ask for the money back.
 * Returns whether the order was refunded (the holding is then gone).
 */
export function considerRefund(d: LearnerDay, h: Holding, t: number): boolean {
  if (h.orderId === null) return false;
  const { learner, world } = d;
  const c = world.catalog;
  const value = 0.7 * c.productQuality[h.product]! + 0.3 * h.enjoyment;
  if (value >= refundBelowValue || !learner.rng.chance(0.6 * (refundBelowValue - value))) return false;
  world.outbox.track(learner, t + 60_000, 'Order Refunded', {
    order_id: h.orderId, products: [{ product_id: c.productIds[h.product]!, price: h.price, quantity: 1 }],
    revenue: h.price, currency: 'CNY',
  });
  learner.state.holdings.delete(h.product);
  const q = learner.state.courseQueue;
  const i = q.indexOf(h.product);
  if (i >= 0) q.splice(i, 1);
  learner.state.budgetLeft += h.price;
  world.popularity[h.product] = Math.max(0, world.popularity[h.product]! - 1);
  d.frustration += 2;
  return true;
}

/** Once, a week or more after signing up, a learner may answer the NPS survey. */
export function maybeAnswerSurvey(d: LearnerDay, t: number): void {
  const { learner, world } = d;
  const s = learner.state;
  if (s.surveyed || d.day - learner.signupDay < 7 || !learner.rng.chance(0.06)) return;
  s.surveyed = true;
  const score = Math.min(10, Math.max(0, Math.round(6.5 + 2 * s.satisfaction + learner.rng.normal(0, 1.3))));
  world.outbox.track(learner, t, 'Survey Answered', {
    survey_id: 'nps',
    question: learner.language === 'zh' ? '你有多大可能把知学推荐给朋友？' : 'How likely are you to recommend Zhixue to a friend?',
    score,
  });
}
