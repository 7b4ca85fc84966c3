/**
 * How one generation turns a learner's fresh history into their best items. Every path gives the
 * same answers as scoring every item with the model's `foldIn` and keeping the top k (the dense
 * path, which any model with `foldIn` can take); the fast paths get there by touching only the
 * items that can win:
 * - `neighbours` (itemknn): the items the history's neighbour lists reach are the only ones with a
 *   positive score, so ranking them is exact; learners with fewer than k such items get trending
 *   items after them.
 * - `candidates` (hybrid): every component scores a few hundred candidates (the itemknn reach and
 *   the top trending and popular items), standardised with the moments of its scores over all
 *   items, which the components give without scoring every item (`blend-ranker.ts`).
 * A ranker also gives the neighbour lists that reasons are drawn from ("because you finished …").
 *
 * Rankers hold scratch buffers sized to the catalogue and reuse them across requests: `rank` is
 * synchronous, so two requests never share them at once.
 *
 * @example
 *   const { ranker } = await chooseRanker(model, new StaticRanking(trending), data, recommendable, [neighbourRanker, blendRanker]);
 *   const n = ranker.rank(history, 10, mask, items, scores);
 *   ranker.path; // 'neighbours' | 'candidates' | 'dense'
 */
import { rankOrder, topK, topKFromOrder } from '../kernels/topk.js';
import type { Interactions } from '../interactions.js';
import type { Recommender, SparseHistory } from '../recommender.js';
import { yieldToEventLoop } from '../../jobs/yield.js';

export type RankingPath = 'neighbours' | 'candidates' | 'dense';

/** Items like one source item, best first (item -1 ends a list early). */
export interface NeighbourList {
  items: Int32Array;
  scores: Float32Array;
}

export interface Ranker {
  readonly path: RankingPath;
  /**
   * The learner's best `k` items (best first) that `excluded` (non-zero = never) allows, into
   * `outItems`/`outScores` (k slots; unfilled: -1 / -Infinity); returns how many were filled.
   */
  rank(history: SparseHistory, k: number, excluded: Uint8Array, outItems: Int32Array, outScores: Float32Array): number;
  /** For each source item, the items most like it (what reasons cite). */
  neighbours(sources: readonly number[]): NeighbourList[];
  /** One-off work before the first answer, handing the event loop back (`pause`) between slices. */
  warm?(pause: () => Promise<void>): Promise<void>;
}

/** Neighbours per source item that reasons look through. */
export const neighboursPerSource = 50;

/**
 * Neighbour lists from the model's `similarItems`, kept per source: for dense models (ALS,
 * content, the hybrid) one list costs a pass over every item, so without the cache it was most of
 * a recommendation's time. Least recently used lists go first when the cache is full.
 */
export class SimilarItemsCache {
  readonly #lists = new Map<number, NeighbourList>();

  /** Keeps up to `capacity` lists of `perSource` neighbours each. */
  constructor(readonly model: Recommender, readonly perSource = neighboursPerSource, readonly capacity = 50_000) {}

  lists(sources: readonly number[]): NeighbourList[] {
    const cache = this.#lists;
    const missing = [...new Set(sources.filter((s) => !cache.has(s)))];
    if (missing.length > 0) {
      const sims = this.model.similarItems(missing, this.perSource);
      missing.forEach((s, r) => {
        if (cache.size >= this.capacity) cache.delete(cache.keys().next().value!);
        cache.set(s, { items: sims.items.slice(r * sims.k, (r + 1) * sims.k), scores: sims.scores.slice(r * sims.k, (r + 1) * sims.k) });
      });
    }
    return sources.map((s) => {
      const list = cache.get(s)!;
      // Re-inserted: most recently used last, so eviction takes the least recently used.
      cache.delete(s);
      cache.set(s, list);
      return list;
    });
  }
}

/** Any model: score every item (`foldIn`, or trending without it) and keep the top k. */
export class DenseRanker implements Ranker {
  readonly path = 'dense';
  readonly #similar: SimilarItemsCache;

  constructor(readonly model: Recommender, readonly trending: Float32Array) {
    this.#similar = new SimilarItemsCache(model);
  }

  rank(history: SparseHistory, k: number, excluded: Uint8Array, outItems: Int32Array, outScores: Float32Array): number {
    const scores = this.model.foldIn ? this.model.foldIn(history) : this.trending;
    return topK(scores, k, outItems, outScores, 0, excluded);
  }

  neighbours(sources: readonly number[]): NeighbourList[] {
    return this.#similar.lists(sources);
  }
}

/**
 * Scores that are the same for every learner (trending, popularity), sorted once: the best k
 * allowed items cost the excluded ones passed over, not a pass over the catalogue.
 */
export class StaticRanking {
  #order: Int32Array | undefined;

  constructor(readonly scores: Float32Array) {}

  /** Every item best first (sorted on first use: a sort of the catalogue, so not while a generation is assembled in one piece). */
  get order(): Int32Array {
    return (this.#order ??= rankOrder(this.scores));
  }

  top(k: number, excluded: Uint8Array, outItems: Int32Array, outScores: Float32Array): number {
    return topKFromOrder(this.order, this.scores, k, outItems, outScores, 0, excluded);
  }
}

/** Learners sampled to compare a fast path with the dense one when a generation is built. */
const checkLearners = 24;
const checkK = 10;
/** Below this share of the dense top-10 found, the fast path is not trusted and the dense one serves. */
const minAgreement = 0.9;

export interface RankerChoice {
  ranker: Ranker;
  /** Mean share of the dense path's top 10 the chosen fast path found on sampled learners (1 for dense). */
  agreement: number;
}

/** A fast path for a model, when one applies (given the generation's trending scores). */
export type FastRankerFactory = (model: Recommender, trending: StaticRanking, nItems: number) => Ranker | undefined;

/**
 * The fast path the factories offer for this model, checked against the dense path on learners
 * of the training data (their training items excluded, as serving excludes what they bought); the
 * dense path when no factory applies or the check finds less than 90 % of the dense top 10 — so a
 * model whose scoring changes without its fast path following degrades to slow, not to wrong.
 */
export async function chooseRanker(
  model: Recommender, trending: StaticRanking, data: Interactions, recommendable: Uint8Array, factories: readonly FastRankerFactory[],
): Promise<RankerChoice> {
  const dense = new DenseRanker(model, trending.scores);
  let fast: Ranker | undefined;
  for (const factory of factories) if ((fast = factory(model, trending, data.nItems))) break;
  if (!fast || !model.foldIn) return { ranker: dense, agreement: 1 };
  await fast.warm?.(yieldToEventLoop);
  const agreement = await compareRankers(fast, dense, data, recommendable);
  return agreement >= minAgreement ? { ranker: fast, agreement } : { ranker: dense, agreement };
}

/** Mean share of `reference`'s top 10 that `ranker` also returns, over evenly spread learners with a history. */
export async function compareRankers(ranker: Ranker, reference: Ranker, data: Interactions, recommendable: Uint8Array): Promise<number> {
  const mask = Uint8Array.from(recommendable, (r) => (r === 0 ? 1 : 0));
  const a = new Int32Array(checkK), b = new Int32Array(checkK), sa = new Float32Array(checkK), sb = new Float32Array(checkK);
  let found = 0, total = 0;
  const step = Math.max(1, Math.floor(data.nUsers / checkLearners));
  for (let u = 0; u < data.nUsers && total < checkLearners * checkK; u += step) {
    const start = data.indptr[u]!, end = data.indptr[u + 1]!;
    if (end === start) continue;
    const history = { items: data.indices.subarray(start, end), values: data.values.subarray(start, end), times: data.times.subarray(start, end) };
    for (let p = start; p < end; p++) mask[data.indices[p]!] = 1;
    const nb = reference.rank(history, checkK, mask, b, sb);
    const na = ranker.rank(history, checkK, mask, a, sa);
    for (let p = start; p < end; p++) mask[data.indices[p]!] = recommendable[data.indices[p]!] === 0 ? 1 : 0;
    const got = new Set(a.subarray(0, na));
    for (let r = 0; r < nb; r++) if (got.has(b[r]!)) found++;
    total += nb;
    // The dense path scores every item: hand the event loop back between learners.
    await yieldToEventLoop();
  }
  return total === 0 ? 1 : found / total;
}
