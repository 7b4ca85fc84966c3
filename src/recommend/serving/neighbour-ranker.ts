/**
 * The `neighbours` path for itemknn: a learner's score for an item is the sum of its similarities
 * to their history items, so only the items on those items' neighbour lists score above zero.
 * Spreading the history over the lists (`SparseScores`) and ranking just the items reached gives
 * exactly the dense path's top k at the cost of |history| × K, not the catalogue size. When fewer
 * than k allowed items are reached, the rest of the answer is trending items (the dense path
 * would pad with zero-score items in catalogue order).
 *
 * @example
 *   const ranker = neighbourRanker(model, trending, nItems); // undefined unless model is itemknn
 *   ranker?.rank(history, 10, mask, items, scores);
 */
import { itemKnnView, type ItemKnnView } from '../algorithms/itemknn.js';
import { SparseScores } from '../kernels/sparse-scores.js';
import { TopKHeap } from '../kernels/topk.js';
import type { Recommender, SparseHistory } from '../recommender.js';
import { neighboursPerSource, type NeighbourList, type Ranker, type StaticRanking } from './ranker.js';

export function neighbourRanker(model: Recommender, trending: StaticRanking, nItems: number): Ranker | undefined {
  const view = itemKnnView(model);
  return view ? new NeighbourRanker(view, trending, nItems) : undefined;
}

class NeighbourRanker implements Ranker {
  readonly path = 'neighbours';
  readonly #scores: SparseScores;

  constructor(readonly view: ItemKnnView, readonly trending: StaticRanking, nItems: number) {
    this.#scores = new SparseScores(nItems);
  }

  rank(history: SparseHistory, k: number, excluded: Uint8Array, outItems: Int32Array, outScores: Float32Array): number {
    const acc = this.#scores;
    acc.spread(this.view.neighbours, history.items, this.view.historyWeights(history));
    try {
      const heap = new TopKHeap(k);
      const { touched, values } = acc;
      for (let t = 0; t < acc.count; t++) {
        const j = touched[t]!;
        if (excluded[j] === 0 && values[j]! > 0) heap.push(j, values[j]!);
      }
      let filled = heap.drain(outItems, outScores, 0, k);
      // Fewer than k reached: every reached item is in the answer; the rest are trending items
      // nobody's neighbour list reached (score 0).
      const order = this.trending.order;
      for (let r = 0; r < order.length && filled < k; r++) {
        const j = order[r]!;
        if (excluded[j] !== 0 || values[j]! > 0) continue;
        outItems[filled] = j;
        outScores[filled] = 0;
        filled++;
      }
      return filled;
    } finally {
      acc.clear();
    }
  }

  neighbours(sources: readonly number[]): NeighbourList[] {
    return neighbourListsOf(this.view, sources);
  }

  async warm(pause: () => Promise<void>): Promise<void> {
    void this.trending.order;
    await pause();
  }
}

/** The first `neighboursPerSource` entries of each source's fitted neighbour list (views, no copies). */
export function neighbourListsOf(view: ItemKnnView, sources: readonly number[]): NeighbourList[] {
  const { indptr, indices, sims } = view.neighbours;
  return sources.map((s) => {
    const start = indptr[s]!;
    const end = Math.min(indptr[s + 1]!, start + neighboursPerSource);
    return { items: indices.subarray(start, end), scores: sims.subarray(start, end) };
  });
}
