/**
 * The Gorse answers computed straight from the serving generation: popular items, session
 * recommendations (a history sent in the request, never stored) and user neighbours. Scores come
 * from the same models and trending scores as `/v1`; only the shapes are Gorse's.
 *
 * @example
 *   const g = recommendations.generation!;
 *   popularItems(g, { limit: 10 });                        // [{ Id: 'c7', Score: 41.2 }, …]
 *   sessionItems(g, [{ FeedbackType: 'like', ItemId: 'c7' }], { limit: 10 });
 */
import { rowSquaredNorms, NeighbourSearch } from '../kernels/neighbours.js';
import { transpose } from '../kernels/sparse.js';
import { topK } from '../kernels/topk.js';
import type { SparseHistory } from '../recommender.js';
import { defaultSignalWeights, signalWeight } from '../signals.js';
import { productOf } from '../training-data.js';
import { feedbackEvent } from './gorse-feedback.js';
import { baseMask } from './exclusion.js';
import type { Generation } from './recommendation-service.js';

export interface Scored {
  Id: string;
  Score: number;
}

export interface PageQuery {
  category?: string;
  /** How many of the best to rank (offset + n); the caller slices the page. */
  limit: number;
  /** Item ids never to return (e.g. what a user already has). */
  exclude?: Iterable<string>;
}

/** A fresh mask (1 = never return): the generation's base mask plus the given item ids. */
export function exclusionMask(g: Generation, category: string | undefined, exclude: Iterable<string> = []): Uint8Array {
  const mask = baseMask(g, category).slice();
  for (const id of exclude) {
    const i = g.data.interactions.itemIndex.get(id);
    if (i !== undefined) mask[i] = 1;
  }
  return mask;
}

/** The best `limit` items of a score vector under a mask, as Gorse scored items. */
export function ranked(g: Generation, scores: Float32Array, mask: Uint8Array, limit: number): Scored[] {
  const k = Math.min(limit, scores.length);
  const items = new Int32Array(k);
  const values = new Float32Array(k);
  const n = topK(scores, k, items, values, 0, mask);
  const ids = g.data.interactions.itemIds;
  return Array.from(items.subarray(0, n), (i, r) => ({ Id: ids[i]!, Score: round(values[r]!) }));
}

/** Trending items (time-decayed popularity, the cold-start ranking of `/v1`). */
export function popularItems(g: Generation, q: PageQuery): Scored[] {
  return ranked(g, g.trending, exclusionMask(g, q.category, q.exclude), q.limit);
}

/**
 * A session's feedback as model input: each item's signal weight (purchase 5, like 2, read 0.3,
 * dislike −3 …) summed per product and capped, positive ones kept. Also the indices of every item
 * the session touched, which are never recommended back.
 */
export function sessionHistory(g: Generation, feedback: readonly { FeedbackType: string; ItemId: string }[]): { history: SparseHistory; touched: number[] } {
  const { itemIndex } = g.data.interactions;
  const strength = new Map<number, number>();
  for (const f of feedback) {
    const product = productOf(g.data.view, f.ItemId, null);
    const i = product === null ? undefined : itemIndex.get(product);
    if (i === undefined) continue;
    strength.set(i, (strength.get(i) ?? 0) + signalWeight(feedbackEvent(f.FeedbackType), null, defaultSignalWeights));
  }
  const positive = [...strength].filter(([, v]) => v > 0).sort((a, b) => a[0] - b[0]);
  return {
    history: {
      items: Int32Array.from(positive, ([i]) => i),
      values: Float32Array.from(positive, ([, v]) => Math.min(v, defaultSignalWeights.maxValue)),
    },
    touched: [...strength.keys()],
  };
}

/** Recommendations for an anonymous session; empty when the session liked nothing the model knows. */
export function sessionItems(g: Generation, feedback: readonly { FeedbackType: string; ItemId: string }[], q: PageQuery): Scored[] {
  const { history, touched } = sessionHistory(g, feedback);
  if (history.items.length === 0) return [];
  const mask = exclusionMask(g, q.category, q.exclude);
  for (const i of touched) mask[i] = 1;
  // The generation's ranker, as for a learner's own recommendations: a few hundred items scored, not all.
  const k = Math.min(q.limit, g.data.interactions.nItems);
  const items = new Int32Array(k);
  const values = new Float32Array(k);
  const n = g.ranking.ranker.rank(history, k, mask, items, values);
  const ids = g.data.interactions.itemIds;
  return Array.from(items.subarray(0, n), (i, r) => ({ Id: ids[i]!, Score: round(values[r]!) }));
}

/** Most neighbours a user-neighbour query ranks (offset + n beyond it are cut). */
export const maxUserNeighbours = 200;
const userSimilarity = { alpha: 0.5, shrink: 10, exponent: 1, neighbours: maxUserNeighbours };
const userSearches = new WeakMap<Generation, NeighbourSearch>();

/**
 * Learners most like a history (cosine over the trained users × products matrix, shrunk toward 0
 * when resting on few shared products). The items × users matrix is built once per generation,
 * on first use. `self` (a user index, or -1) is left out.
 */
export function userNeighbours(g: Generation, history: SparseHistory, self: number, limit: number): Scored[] {
  const m = g.data.interactions;
  let search = userSearches.get(g);
  if (!search) {
    const rows = { indptr: m.indptr, indices: m.indices, values: m.values };
    search = new NeighbourSearch(transpose(rows, m.nItems), m.nUsers, rowSquaredNorms(rows), userSimilarity);
    userSearches.set(g, search);
  }
  let norm = 0;
  for (let p = 0; p < history.values.length; p++) norm += history.values[p]! * history.values[p]!;
  const users = new Int32Array(search.k);
  const sims = new Float32Array(search.k);
  const n = search.search(history.items, history.values, norm, self, users, sims);
  return Array.from(users.subarray(0, Math.min(n, limit)), (u, r) => ({ Id: m.userIds[u]!, Score: round(sims[r]!) }));
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
