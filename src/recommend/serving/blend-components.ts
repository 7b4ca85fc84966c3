/**
 * The hybrid's components as the `candidates` path uses them: each scores a learner against a few
 * candidate items only, gives the mean and mean square of that learner's scores over every item
 * (what the hybrid standardises with), and may propose candidates of its own.
 * - itemknn: the sparse spread; its reach is the personal candidate pool; moments exact.
 * - popularity: fixed scores, ranked once; proposes its top items; moments exact.
 * - als: the learner's factor vector against candidate rows; moments exact from YᵀY (O(f²)).
 * - content: the profile against candidate rows; mean exact from the mean item vector, mean
 *   square from a fixed sample of items (exact for catalogues up to the sample size).
 * - any other model with `foldIn`: scores every item, as the hybrid does; moments exact.
 *
 * @example
 *   const scorer = componentScorer(model, nItems);
 *   scorer.prepare(history); scorer.propose(pool, mask, 200);
 *   const { mean, meanSquare } = scorer.moments(); scorer.score(pool.items, pool.count, out);
 *   scorer.finish();
 */
import { alsView, type AlsView } from '../algorithms/als.js';
import { ContentModel } from '../algorithms/content.js';
import { itemKnnView, type ItemKnnView } from '../algorithms/itemknn.js';
import { popularityView } from '../algorithms/popularity.js';
import { finiteMoments } from '../kernels/finite-moments.js';
import { factorScoreMoments, scoreItemsAt, type ScoreMoments } from '../kernels/linalg-factors.js';
import { rowDotsAt, SparseScores, type ItemSet } from '../kernels/sparse-scores.js';
import { TopKHeap } from '../kernels/topk.js';
import type { Recommender, SparseHistory } from '../recommender.js';
import { StaticRanking } from './ranker.js';

export interface ComponentScorer {
  /** One-off work before the first learner (e.g. ALS fold-in tables), yielding to `pause` between slices. */
  warm?(pause: () => Promise<void>): Promise<void>;
  /** Sets the learner up (solves their factors, builds their profile …); `finish` undoes it. */
  prepare(history: SparseHistory): void;
  /** Adds this component's best items that `excluded` allows to `pool`, within `budget` (or none). */
  propose(pool: ItemSet, excluded: Uint8Array, budget: CandidateBudget): void;
  /** Mean and mean square of the learner's scores over every item. */
  moments(): ScoreMoments;
  /** The learner's scores of items[0 … count) into out. */
  score(items: Int32Array, count: number, out: Float64Array): void;
  finish(): void;
}

/** Candidates a component may add: from the learner's reach (itemknn), and from a ranking of all items. */
export interface CandidateBudget {
  readonly reach: number;
  readonly ranked: number;
}

/**
 * Items whose content scores estimate the spread of a learner's content scores: the relative
 * error of the sd is about 1/√(2·512) ≈ 3 %, i.e. the content weight acts as 0.1 ± 0.003.
 */
const contentSampleSize = 512;

/** The cheapest exact-enough scorer for a component model. */
export function componentScorer(model: Recommender, nItems: number): ComponentScorer | undefined {
  const knn = itemKnnView(model);
  if (knn) return new KnnScorer(knn, nItems);
  const fixed = popularityView(model);
  if (fixed) return new StaticScorer(fixed);
  const factors = alsView(model);
  if (factors) return new FactorScorer(factors, nItems);
  if (model instanceof ContentModel) return new ContentScorer(model, nItems);
  return model.foldIn ? new DenseScorer(model) : undefined;
}

/** True for scorers that visit every item per learner (the `candidates` path gains nothing from them). */
export function scoresEveryItem(s: ComponentScorer): boolean {
  return s instanceof DenseScorer;
}

class KnnScorer implements ComponentScorer {
  readonly #acc: SparseScores;
  #heap = new TopKHeap(0);
  #best = new Int32Array(0);

  constructor(readonly view: ItemKnnView, readonly nItems: number) {
    this.#acc = new SparseScores(nItems);
  }

  prepare(history: SparseHistory): void {
    this.#acc.spread(this.view.neighbours, history.items, this.view.historyWeights(history));
  }

  /**
   * The `n` allowed items the history reaches most strongly: the itemknn term dominates the blend,
   * so items it barely reaches do not reach the top either (`chooseRanker` checks this per generation).
   */
  propose(pool: ItemSet, excluded: Uint8Array, budget: CandidateBudget): void {
    const n = budget.reach;
    const { touched, count, values } = this.#acc;
    if (count <= n) {
      for (let t = 0; t < count; t++) if (excluded[touched[t]!] === 0) pool.add(touched[t]!);
      return;
    }
    const heap = this.#heap.capacity === n ? this.#heap : (this.#heap = new TopKHeap(n));
    for (let t = 0; t < count; t++) if (excluded[touched[t]!] === 0) heap.push(touched[t]!, values[touched[t]!]!);
    const items = this.#best.length === n ? this.#best : (this.#best = new Int32Array(n));
    const filled = heap.drain(items, new Float32Array(n), 0, n);
    for (let r = 0; r < filled; r++) pool.add(items[r]!);
  }

  moments(): ScoreMoments {
    const { touched, values, count } = this.#acc;
    let sum = 0, sq = 0;
    for (let t = 0; t < count; t++) {
      const v = values[touched[t]!]!;
      sum += v;
      sq += v * v;
    }
    return { mean: sum / this.nItems, meanSquare: sq / this.nItems };
  }

  score(items: Int32Array, count: number, out: Float64Array): void {
    const values = this.#acc.values;
    for (let c = 0; c < count; c++) out[c] = values[items[c]!]!;
  }

  finish(): void {
    this.#acc.clear();
  }
}

class StaticScorer implements ComponentScorer {
  readonly #ranking: StaticRanking;
  readonly #moments: ScoreMoments;

  constructor(readonly scores: Float32Array) {
    this.#ranking = new StaticRanking(scores);
    let sum = 0, sq = 0;
    for (let i = 0; i < scores.length; i++) {
      sum += scores[i]!;
      sq += scores[i]! * scores[i]!;
    }
    this.#moments = { mean: sum / Math.max(1, scores.length), meanSquare: sq / Math.max(1, scores.length) };
  }

  async warm(): Promise<void> {
    void this.#ranking.order;
  }

  prepare(): void {}

  propose(pool: ItemSet, excluded: Uint8Array, budget: CandidateBudget): void {
    proposeFromOrder(this.#ranking.order, pool, excluded, budget.ranked);
  }

  moments(): ScoreMoments {
    return this.#moments;
  }

  score(items: Int32Array, count: number, out: Float64Array): void {
    for (let c = 0; c < count; c++) out[c] = this.scores[items[c]!]!;
  }

  finish(): void {}
}

/** Adds the first `n` allowed items of a fixed ranking to the pool. */
export function proposeFromOrder(order: Int32Array, pool: ItemSet, excluded: Uint8Array, n: number): void {
  let added = 0;
  for (let r = 0; r < order.length && added < n; r++) {
    const i = order[r]!;
    if (excluded[i] !== 0) continue;
    pool.add(i);
    added++;
  }
}

class FactorScorer implements ComponentScorer {
  readonly #x: Float32Array;

  constructor(readonly view: AlsView, readonly nItems: number) {
    this.#x = new Float32Array(view.factors);
  }

  warm(pause: () => Promise<void>): Promise<void> {
    return this.view.prepareFoldIn(pause);
  }

  prepare(history: SparseHistory): void {
    this.view.userVector(history, this.#x);
  }

  propose(): void {}

  moments(): ScoreMoments {
    const { means, gram } = this.view.itemStatistics;
    return factorScoreMoments(this.#x, means, gram, this.nItems, this.view.factors);
  }

  score(items: Int32Array, count: number, out: Float64Array): void {
    scoreItemsAt(this.#x, this.view.itemFactors, this.view.factors, items, count, out);
  }

  finish(): void {}
}

class ContentScorer implements ComponentScorer {
  /** The learner's L2-normalised profile over the vocabulary (0 outside `#terms`). */
  readonly #profile: Float64Array;
  readonly #terms: Int32Array;
  readonly #mark: Uint8Array;
  #nTerms = 0;
  /** Mean item vector: the mean content score of a profile p is p · this. */
  readonly #meanRow: Float64Array;
  /** The sampled items' text vectors copied next to each other, so reading them streams through memory. */
  readonly #sample: { indptr: Int32Array; indices: Int32Array; values: Float32Array; rows: Int32Array };
  readonly #sampleScores: Float64Array;

  constructor(readonly model: ContentModel, readonly nItems: number) {
    const rows = model.features.vectors;
    this.#profile = new Float64Array(rows.nCols);
    this.#terms = new Int32Array(rows.nCols);
    this.#mark = new Uint8Array(rows.nCols);
    this.#meanRow = new Float64Array(rows.nCols);
    for (let p = 0; p < rows.indices.length; p++) this.#meanRow[rows.indices[p]!]! += rows.values[p]!;
    for (let t = 0; t < rows.nCols; t++) this.#meanRow[t]! /= Math.max(1, nItems);
    // Evenly spaced items: deterministic, and every item when the catalogue is small.
    const m = Math.min(nItems, contentSampleSize);
    const picked = Int32Array.from({ length: m }, (_, j) => Math.floor((j * nItems) / m));
    const indptr = new Int32Array(m + 1);
    for (let j = 0; j < m; j++) indptr[j + 1] = indptr[j]! + rows.indptr[picked[j]! + 1]! - rows.indptr[picked[j]!]!;
    const indices = new Int32Array(indptr[m]!);
    const values = new Float32Array(indptr[m]!);
    for (let j = 0; j < m; j++) {
      const from = rows.indptr[picked[j]!]!, to = rows.indptr[picked[j]! + 1]!;
      indices.set(rows.indices.subarray(from, to), indptr[j]);
      values.set(rows.values.subarray(from, to), indptr[j]);
    }
    this.#sample = { indptr, indices, values, rows: Int32Array.from({ length: m }, (_, j) => j) };
    this.#sampleScores = new Float64Array(m);
  }

  /** The profile `ContentModel.foldIn` scores with: Σ weight × item vector, normalised. */
  prepare(history: SparseHistory): void {
    const { indptr, indices, values } = this.model.features.vectors;
    const binary = this.model.params.history === 'binary';
    const profile = this.#profile, terms = this.#terms, mark = this.#mark;
    let n = 0;
    for (let h = 0; h < history.items.length; h++) {
      const w = binary ? 1 : history.values[h]!;
      const item = history.items[h]!;
      for (let p = indptr[item]!; p < indptr[item + 1]!; p++) {
        const t = indices[p]!;
        if (mark[t] === 0) {
          mark[t] = 1;
          terms[n++] = t;
        }
        profile[t]! += w * values[p]!;
      }
    }
    this.#nTerms = n;
    let norm = 0;
    for (let j = 0; j < n; j++) norm += profile[terms[j]!]! * profile[terms[j]!]!;
    // An empty profile scores 0 everywhere, as foldIn does.
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < n; j++) profile[terms[j]!]! *= scale;
  }

  propose(): void {}

  moments(): ScoreMoments {
    let mean = 0;
    for (let j = 0; j < this.#nTerms; j++) mean += this.#profile[this.#terms[j]!]! * this.#meanRow[this.#terms[j]!]!;
    const sample = this.#sample, scores = this.#sampleScores;
    rowDotsAt(sample.indptr, sample.indices, sample.values, this.#profile, sample.rows, sample.rows.length, scores, this.#mark);
    // Spread around the exact mean, estimated on the sample (never negative).
    let sq = 0;
    for (let j = 0; j < scores.length; j++) sq += (scores[j]! - mean) ** 2;
    return { mean, meanSquare: sq / Math.max(1, scores.length) + mean * mean };
  }

  score(items: Int32Array, count: number, out: Float64Array): void {
    const { indptr, indices, values } = this.model.features.vectors;
    rowDotsAt(indptr, indices, values, this.#profile, items, count, out, this.#mark);
  }

  finish(): void {
    for (let j = 0; j < this.#nTerms; j++) {
      this.#profile[this.#terms[j]!] = 0;
      this.#mark[this.#terms[j]!] = 0;
    }
    this.#nTerms = 0;
  }
}

/** A model only known by its `foldIn`: every item scored, as the hybrid itself does. */
class DenseScorer implements ComponentScorer {
  #scores: Float32Array | null = null;
  #moments: ScoreMoments = { mean: 0, meanSquare: 0 };
  /** Non-finite scores count as the lowest finite one (the hybrid's rule). */
  #floor = 0;

  constructor(readonly model: Recommender) {}

  prepare(history: SparseHistory): void {
    const m = finiteMoments((this.#scores = this.model.foldIn!(history)));
    this.#moments = { mean: m.mean, meanSquare: m.meanSquare };
    this.#floor = m.min;
  }

  propose(pool: ItemSet, excluded: Uint8Array, budget: CandidateBudget): void {
    const n = budget.ranked;
    const s = this.#scores!;
    const heap = new TopKHeap(n);
    for (let i = 0; i < s.length; i++) if (excluded[i] === 0) heap.push(i, s[i]!);
    const items = new Int32Array(n);
    const filled = heap.drain(items, new Float32Array(n), 0, n);
    for (let r = 0; r < filled; r++) pool.add(items[r]!);
  }

  moments(): ScoreMoments {
    return this.#moments;
  }

  score(items: Int32Array, count: number, out: Float64Array): void {
    const s = this.#scores!;
    for (let c = 0; c < count; c++) {
      const v = s[items[c]!]!;
      out[c] = Number.isFinite(v) ? v : this.#floor;
    }
  }

  finish(): void {
    this.#scores = null;
  }
}
