/**
 * The `candidates` path for the hybrid: instead of scoring every item with every component, each
 * request gathers a pool of candidates — every item the itemknn component reaches from the
 * history, the top trending and popular items still allowed, and the top items of any component
 * that scores everything anyway — and scores only the pool with each component. The hybrid adds
 * z-scores (score − mean) / sd with the mean and sd over *all* items; the components supply those
 * without scoring all items (`blend-components.ts`), so a candidate's blended score is the one
 * the hybrid gives it. What can differ from the dense path is only an item outside the pool
 * beating the pool's best — rare, because the itemknn reach dominates the blend — and
 * `chooseRanker` measures that on every new generation.
 *
 * The trending walk adds at least k items, so when the pool holds fewer than k it has passed every
 * allowed item and the answer is exact.
 *
 * @example
 *   const ranker = blendRanker(hybridModel, trending, nItems); // undefined unless a hybrid
 *   ranker?.rank(history, 10, mask, items, scores);
 */
import { ItemSet } from '../kernels/sparse-scores.js';
import { TopKHeap } from '../kernels/topk.js';
import { itemKnnView, type ItemKnnView } from '../algorithms/itemknn.js';
import type { Recommender, SparseHistory } from '../recommender.js';
import { componentScorer, proposeFromOrder, scoresEveryItem, type CandidateBudget, type ComponentScorer } from './blend-components.js';
import { neighbourListsOf } from './neighbour-ranker.js';
import { SimilarItemsCache, StaticRanking, type NeighbourList, type Ranker } from './ranker.js';

/**
 * How many candidates each source adds to a request's pool: `reach`, the items the learner's
 * history reaches most strongly through itemknn (what the blend is mostly made of); `ranked`,
 * the top of each fixed ranking (trending, popularity, quality) and of components that score
 * every item — a safety net for items the learner's reach misses.
 */
export const candidateBudget: CandidateBudget = Object.freeze({ reach: 100, ranked: 50 });

interface BlendPart {
  weight: number;
  scorer: ComponentScorer;
}

/** What the hybrid adds per item without standardising (its quality term). */
interface FixedTerm {
  weight: number;
  boost: Float32Array;
}

/** The hybrid's components (`parts` of name, weight and model) and quality term, or undefined for another model. */
function hybridShape(model: Recommender): { parts: readonly { weight: number; model: Recommender }[]; fixed: FixedTerm | undefined } | undefined {
  const { parts, qualityTerm } = model as { parts?: unknown; qualityTerm?: FixedTerm };
  return model.name === 'hybrid' && Array.isArray(parts) ? { parts: parts as { weight: number; model: Recommender }[], fixed: qualityTerm } : undefined;
}

export function blendRanker(model: Recommender, trending: StaticRanking, nItems: number): Ranker | undefined {
  const shape = hybridShape(model);
  if (!shape) return undefined;
  const blend: BlendPart[] = [];
  let knn: ItemKnnView | undefined;
  for (const p of shape.parts) {
    if (p.weight === 0) continue;
    const scorer = componentScorer(p.model, nItems);
    if (!scorer) return undefined;
    knn ??= itemKnnView(p.model);
    blend.push({ weight: p.weight, scorer });
  }
  // Nothing to gain when every component scores every item anyway.
  if (blend.every((p) => scoresEveryItem(p.scorer))) return undefined;
  return new BlendRanker(model, blend, shape.fixed, trending, nItems, knn);
}

class BlendRanker implements Ranker {
  readonly path = 'candidates';
  readonly #pool: ItemSet;
  readonly #blended: Float64Array;
  readonly #part: Float64Array;
  readonly #similar: SimilarItemsCache | undefined;
  /** The fixed term's items best first: its top items are candidates too. */
  readonly #fixedRanking: StaticRanking | undefined;

  constructor(
    model: Recommender, readonly parts: readonly BlendPart[], readonly fixed: FixedTerm | undefined, readonly trending: StaticRanking,
    nItems: number, readonly knn: ItemKnnView | undefined,
  ) {
    this.#pool = new ItemSet(nItems);
    this.#blended = new Float64Array(nItems);
    this.#part = new Float64Array(nItems);
    this.#similar = knn ? undefined : new SimilarItemsCache(model);
    // A prior of 0.5 everywhere ("no opinion", e.g. before any quality signal) adds nothing and proposes nothing.
    this.#fixedRanking = fixed && fixed.weight > 0 && fixed.boost.some((b) => b !== 0) ? new StaticRanking(fixed.boost) : undefined;
  }

  /** The one-off work (ALS fold-in tables, sorted rankings), with the event loop handed back between pieces. */
  async warm(pause: () => Promise<void>): Promise<void> {
    for (const p of this.parts) {
      await p.scorer.warm?.(pause);
      await pause();
    }
    void this.trending.order;
    await pause();
    void this.#fixedRanking?.order;
    await pause();
  }

  rank(history: SparseHistory, k: number, excluded: Uint8Array, outItems: Int32Array, outScores: Float32Array): number {
    const pool = this.#pool, blended = this.#blended, part = this.#part;
    try {
      for (const p of this.parts) p.scorer.prepare(history);
      for (const p of this.parts) p.scorer.propose(pool, excluded, candidateBudget);
      // At least k from trending, so that the pool can fill the answer whenever k items are allowed.
      proposeFromOrder(this.trending.order, pool, excluded, Math.max(candidateBudget.ranked, k));
      if (this.#fixedRanking) proposeFromOrder(this.#fixedRanking.order, pool, excluded, candidateBudget.ranked);
      const { items, count } = pool;
      blended.fill(0, 0, count);
      for (const { weight, scorer } of this.parts) {
        // The hybrid's standardisation: population sd, and a flat component adds nothing.
        const { mean, meanSquare } = scorer.moments();
        const sd = Math.sqrt(Math.max(meanSquare - mean * mean, 0));
        if (!(sd > 1e-12)) continue;
        const scale = weight / sd;
        scorer.score(items, count, part);
        for (let c = 0; c < count; c++) blended[c]! += scale * (part[c]! - mean);
      }
      if (this.fixed && this.#fixedRanking) {
        const { weight, boost } = this.fixed;
        for (let c = 0; c < count; c++) blended[c]! += weight * boost[items[c]!]!;
      }
      const heap = new TopKHeap(k);
      for (let c = 0; c < count; c++) heap.push(items[c]!, Math.fround(blended[c]!));
      return heap.drain(outItems, outScores, 0, k);
    } finally {
      for (const p of this.parts) p.scorer.finish();
      pool.clear();
    }
  }

  neighbours(sources: readonly number[]): NeighbourList[] {
    // The itemknn component's lists: "learners who took this also took that", and free to read.
    return this.knn ? neighbourListsOf(this.knn, sources) : this.#similar!.lists(sources);
  }
}
