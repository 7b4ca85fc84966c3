/**
 * What learners and experts said about each item, read from the store with robots left out:
 * `Item Rated` (1–5, with time, for trends), `Review Posted` (text → sentiment; the most negative
 * texts kept as evidence), orders and `Order Refunded`, `Question Asked` and whether an
 * `Answer Posted` followed, item-level `Survey Answered` (0–10 unless `max_score` says otherwise), and
 * the expert scores. Questions roll up from lessons to their course. Each rating and review keeps
 * its rater's fit to the item (`learner-fit.ts`) for the case-mix adjustment.
 *
 * @example
 *   const feedback = await readFeedbackSignals(db, 'default', catalog);
 *   feedback.ratingSum[i] / feedback.ratingCount[i];   // plain average rating
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { rollUpToParents, type CatalogIndex } from './catalog-index.js';
import { fitFeatureCount, fitFeatures, readLearnerFit } from './learner-fit.js';
import { reviewSentiment } from './sentiment.js';

export interface ReviewEvidence {
  text: string;
  score: number;
}

export interface FeedbackSignals {
  ratingCount: Float64Array;
  ratingSum: Float64Array;
  ratingSumSq: Float64Array;
  /**
   * Every rating in time order: item position, value, epoch ms, and the rater's fit to the item
   * (`fitFeatureCount` features per rating, row-major: see `learner-fit.ts`).
   */
  ratings: { item: Int32Array; value: Float64Array; timeMs: Float64Array; fit: Float64Array };
  /** Every review with text: item position, sentiment score, the reviewer's fit to the item. */
  reviews: { item: Int32Array; score: Float64Array; fit: Float64Array };
  reviewCount: Float64Array;
  /** Sentiment scores (−1 … 1) summed, and squared, over the item's reviews. */
  sentimentSum: Float64Array;
  sentimentSumSq: Float64Array;
  negativeReviews: Float64Array;
  /** Up to three most negative reviews per item. */
  worstReviews: Map<number, ReviewEvidence[]>;
  orders: Float64Array;
  refunds: Float64Array;
  /** Questions old enough to judge (asked before `asOfMs − questionGraceMs`), and those still unanswered. */
  questions: Float64Array;
  unanswered: Float64Array;
  surveyCount: Float64Array;
  /** Survey answers on 0–1, summed and squared. */
  surveySum: Float64Array;
  surveySumSq: Float64Array;
  /** Experts per item, and their scores (0–100, each expert's dimensions averaged) summed. */
  expertCount: Float64Array;
  expertSum: Float64Array;
  expertSumSq: Float64Array;
  /** The latest event time seen: the report's "now", so history imported later reads the same. */
  asOfMs: number;
}

/** A question gets this long to find an answer before it counts as unanswered. */
export const questionGraceMs = 3 * 86_400_000;
const worstKept = 3;

export async function readFeedbackSignals(db: Kysely<Database>, projectId: string, catalog: CatalogIndex): Promise<FeedbackSignals> {
  const n = catalog.ids.length;
  const f = (): Float64Array => new Float64Array(n);
  const out: FeedbackSignals = {
    ratingCount: f(), ratingSum: f(), ratingSumSq: f(), ratings: { item: new Int32Array(0), value: new Float64Array(0), timeMs: new Float64Array(0), fit: new Float64Array(0) },
    reviews: { item: new Int32Array(0), score: new Float64Array(0), fit: new Float64Array(0) },
    reviewCount: f(), sentimentSum: f(), sentimentSumSq: f(), negativeReviews: f(), worstReviews: new Map(),
    orders: f(), refunds: f(), questions: f(), unanswered: f(), surveyCount: f(), surveySum: f(), surveySumSq: f(),
    expertCount: f(), expertSum: f(), expertSumSq: f(), asOfMs: 0,
  };
  const robots = db.selectFrom('users').select('user_id').where('project_id', '=', projectId).where('is_robot', '=', 1);
  const events = (names: string[]) => db.selectFrom('events')
    .where('project_id', '=', projectId).where('event', 'in', names).where('user_id', 'not in', robots);

  const last = await db.selectFrom('events').select((eb) => eb.fn.max('timestamp').as('t')).where('project_id', '=', projectId).executeTakeFirst();
  out.asOfMs = Number(last?.t ?? 0);

  const fit = await readLearnerFit(db, projectId, catalog);
  const ratingRows = await events(['Item Rated']).select(['user_id', 'item_id', 'value', 'timestamp']).where('value', 'is not', null)
    .orderBy('timestamp').execute();
  const item: number[] = [], value: number[] = [], time: number[] = [];
  const ratingFit = new Float64Array(ratingRows.length * fitFeatureCount);
  for (const r of ratingRows) {
    const i = r.item_id === null ? undefined : catalog.index.get(r.item_id);
    if (i === undefined) continue;
    const v = Number(r.value);
    out.ratingCount[i]! += 1; out.ratingSum[i]! += v; out.ratingSumSq[i]! += v * v;
    fitFeatures(fit, r.user_id, i, ratingFit, item.length * fitFeatureCount);
    item.push(i); value.push(v); time.push(Number(r.timestamp));
  }
  out.ratings = {
    item: Int32Array.from(item), value: Float64Array.from(value), timeMs: Float64Array.from(time),
    fit: ratingFit.slice(0, item.length * fitFeatureCount),
  };

  const reviewRows = await events(['Review Posted']).select(['user_id', 'item_id', 'properties']).execute();
  const reviewItem: number[] = [], reviewScore: number[] = [];
  const reviewFit = new Float64Array(reviewRows.length * fitFeatureCount);
  for (const r of reviewRows) {
    const i = r.item_id === null ? undefined : catalog.index.get(r.item_id);
    if (i === undefined) continue;
    const text = (JSON.parse(r.properties) as { text?: unknown }).text;
    if (typeof text !== 'string' || text.trim() === '') continue;
    const s = reviewSentiment(text).score;
    out.reviewCount[i]! += 1; out.sentimentSum[i]! += s; out.sentimentSumSq[i]! += s * s;
    fitFeatures(fit, r.user_id, i, reviewFit, reviewItem.length * fitFeatureCount);
    reviewItem.push(i); reviewScore.push(s);
    if (s < -0.05) {
      out.negativeReviews[i]! += 1;
      keepWorst(out.worstReviews, i, { text: text.trim().slice(0, 300), score: Math.round(s * 100) / 100 });
    }
  }
  out.reviews = { item: Int32Array.from(reviewItem), score: Float64Array.from(reviewScore), fit: reviewFit.slice(0, reviewItem.length * fitFeatureCount) };

  const orderRows = await db.selectFrom('order_items').innerJoin('events', 'events.seq', 'order_items.event_seq')
    .select(['order_items.item_id as item_id', 'events.event as event'])
    .where('order_items.project_id', '=', projectId).where('order_items.user_id', 'not in', robots).execute();
  for (const r of orderRows) {
    const i = catalog.index.get(r.item_id);
    if (i === undefined) continue;
    if (r.event === 'Order Refunded') out.refunds[i]! += 1;
    else if (r.event === 'Order Completed') out.orders[i]! += 1;
  }

  await readQuestions(out, await events(['Question Asked', 'Answer Posted']).select(['event', 'item_id', 'timestamp', 'properties']).execute(), catalog);
  rollUpToParents(catalog, out.questions);
  rollUpToParents(catalog, out.unanswered);

  for (const r of await events(['Survey Answered']).select(['item_id', 'value', 'properties']).where('item_id', 'is not', null).where('value', 'is not', null).execute()) {
    const i = catalog.index.get(r.item_id!);
    if (i === undefined) continue;
    const max = (JSON.parse(r.properties) as { max_score?: unknown }).max_score;
    const scale = typeof max === 'number' && max > 0 ? max : 10;
    const v = Math.min(1, Math.max(0, Number(r.value) / scale));
    out.surveyCount[i]! += 1; out.surveySum[i]! += v; out.surveySumSq[i]! += v * v;
  }

  Object.assign(out, await readExpertSignals(db, projectId, catalog));
  return out;
}

export type ExpertSignals = Pick<FeedbackSignals, 'expertCount' | 'expertSum' | 'expertSumSq'>;

/** The expert part alone: cheap to re-read whenever a score is entered. */
export async function readExpertSignals(db: Kysely<Database>, projectId: string, catalog: CatalogIndex): Promise<ExpertSignals> {
  const n = catalog.ids.length;
  const out: ExpertSignals = { expertCount: new Float64Array(n), expertSum: new Float64Array(n), expertSumSq: new Float64Array(n) };
  const rows = await db.selectFrom('expert_scores').select(['item_id', 'expert', 'score_100']).where('project_id', '=', projectId).execute();
  // Each expert counts once per item: their dimensions are averaged first.
  const perExpert = new Map<string, { i: number; sum: number; n: number }>();
  for (const r of rows) {
    const i = catalog.index.get(r.item_id);
    if (i === undefined) continue;
    const key = `${i}\u0000${r.expert}`;
    const e = perExpert.get(key) ?? { i, sum: 0, n: 0 };
    e.sum += Number(r.score_100); e.n += 1;
    perExpert.set(key, e);
  }
  for (const { i, sum, n: k } of perExpert.values()) {
    const v = sum / k;
    out.expertCount[i]! += 1; out.expertSum[i]! += v; out.expertSumSq[i]! += v * v;
  }
  return out;
}

function readQuestions(
  out: FeedbackSignals, rows: { event: string | null; item_id: string | null; timestamp: number; properties: string }[], catalog: CatalogIndex,
): void {
  const answered = new Set<string>();
  for (const r of rows) {
    if (r.event !== 'Answer Posted') continue;
    const q = (JSON.parse(r.properties) as { question_id?: unknown }).question_id;
    if (typeof q === 'string' || typeof q === 'number') answered.add(String(q));
  }
  const judgedBefore = out.asOfMs - questionGraceMs;
  for (const r of rows) {
    if (r.event !== 'Question Asked' || Number(r.timestamp) > judgedBefore) continue;
    const i = r.item_id === null ? undefined : catalog.index.get(r.item_id);
    if (i === undefined) continue;
    const q = (JSON.parse(r.properties) as { question_id?: unknown }).question_id;
    // Without an id no answer can point at the question: it cannot be judged either way.
    if (typeof q !== 'string' && typeof q !== 'number') continue;
    out.questions[i]! += 1;
    if (!answered.has(String(q))) out.unanswered[i]! += 1;
  }
}

function keepWorst(store: Map<number, ReviewEvidence[]>, i: number, review: ReviewEvidence): void {
  const list = store.get(i) ?? [];
  list.push(review);
  list.sort((a, b) => a.score - b.score);
  if (list.length > worstKept) list.length = worstKept;
  store.set(i, list);
}
