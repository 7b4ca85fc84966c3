/**
 * `userknn` — user-user neighbours: "learners like you also took". Fit finds each learner's top-K
 * most similar learners (same similarity as item-KNN, in `kernels/neighbours.ts`, over learners'
 * item vectors); a learner's score for an item is the similarity-weighted sum of their
 * neighbours' interactions with it.
 *
 * Parameters: `neighbours` (K), `shrink`, `alpha`, `exponent`, `weighting` with `bm25K1`/`bm25B`
 * (here items are the "terms", so blockbusters say little about taste), `threads` — as documented
 * for itemknn.
 *
 * `similarItems` has no user-user meaning, so it answers with item co-occurrence cosine computed
 * on demand from the training interactions: s(i, j) = |users(i) ∩ users(j)| / √(|users(i)|·|users(j)|).
 * `foldIn` weighs a fresh history like a training row, finds its K nearest learners and scores
 * their items — no retraining.
 *
 * @example
 *   const model = userknn.create({ neighbours: 50 });
 *   await model.fit(data);
 *   model.recommend([data.userIndex.get('u-7')!], 10);
 */
import type { Interactions } from '../interactions.js';
import type { ProgressFn, RecommendFilter, Recommender, RecommenderFactory, SavedModel, SparseHistory, TopKResult } from '../recommender.js';
import { checkIndices, recommendBatch, similarBatch } from '../batch.js';
import { resolveParams, type ParamValues } from '../params.js';
import { checkSaved, savedArray } from '../saved-model.js';
import { NeighbourSearch, rowSquaredNorms, spreadOverNeighbours, type Neighbours } from '../kernels/neighbours.js';
import { computeNeighbourLists } from '../kernels/neighbours-parallel.js';
import { transpose, withValues, type Csr } from '../kernels/sparse.js';
import { termStatistics, weightDocument, weightMatrix, type TermStatistics, type Weighting, type WeightingOptions } from '../kernels/weighting.js';

const formatVersion = 1;

const params = {
  neighbours: { type: 'int', default: 50, min: 1, max: 5000, log: true, description: 'neighbouring learners kept per learner (K)' },
  shrink: { type: 'float', default: 10, min: 0, max: 1000, log: true, description: 'shrinkage added to the similarity denominator' },
  alpha: { type: 'float', default: 0.5, min: 0, max: 1, description: 'asymmetric cosine: 0.5 = cosine' },
  exponent: { type: 'float', default: 2, min: 0.25, max: 8, log: true, description: 'similarity exponent; > 1 sharpens toward the closest learners' },
  weighting: { type: 'string', default: 'none', choices: ['none', 'tfidf', 'bm25'], description: 'interaction weighting before similarity' },
  bm25K1: { type: 'float', default: 100, min: 0.1, max: 1000, log: true, description: 'BM25 term saturation k1' },
  bm25B: { type: 'float', default: 0.8, min: 0, max: 1, description: 'BM25 length normalisation b' },
  threads: { type: 'int', default: 0, min: 0, max: 64, description: 'training threads: 0 = automatic (by work and cores), 1 = calling thread only' },
} as const;

/** What fit derives from the data and the parameters, rebuilt on load (only the neighbours are saved). */
interface Derived {
  data: Interactions;
  /** Training rows as a neighbour list (user → items, weight = value), for spreading. */
  rowsAsLists: Neighbours;
  /** Weighted users × items and its transpose, for fold-in searches and item co-occurrence. */
  weighted: Csr;
  byItem: Csr;
  stats: TermStatistics;
  norms: Float64Array;
}

class UserKnnModel implements Recommender {
  readonly name = 'userknn';
  #derived: Derived | undefined;
  #nb: Neighbours | undefined;

  constructor(readonly params: Readonly<ParamValues>) {}

  get #weighting(): WeightingOptions {
    return { weighting: this.params.weighting as Weighting, k1: this.params.bm25K1 as number, b: this.params.bm25B as number };
  }

  get #search() {
    const p = this.params;
    return { alpha: p.alpha as number, shrink: p.shrink as number, exponent: p.exponent as number, neighbours: p.neighbours as number };
  }

  async fit(data: Interactions, progress?: ProgressFn): Promise<void> {
    const derived = this.#derive(data);
    const nb = await computeNeighbourLists(derived.weighted, transpose(derived.weighted, data.nItems), this.#search,
      { threads: Math.max(0, this.params.threads as number) }, (done, total) => progress?.(done, total, 'user neighbours'));
    this.#derived = derived;
    this.#nb = nb;
    progress?.(data.nUsers, data.nUsers, 'user neighbours');
  }

  recommend(users: ArrayLike<number>, k: number, filter?: RecommendFilter): TopKResult {
    const nb = this.#fitted();
    const { data, rowsAsLists } = this.#derived!;
    return recommendBatch(data, users, k, filter, (u, out) => {
      const start = nb.indptr[u]!;
      const end = nb.indptr[u + 1]!;
      spreadOverNeighbours(rowsAsLists, nb.indices.subarray(start, end), nb.sims.subarray(start, end), out);
    });
  }

  similarItems(items: ArrayLike<number>, k: number): TopKResult {
    this.#fitted();
    const { data, byItem } = this.#derived!;
    const counts = new Float64Array(data.nItems);
    for (let i = 0; i < data.nItems; i++) counts[i] = byItem.indptr[i + 1]! - byItem.indptr[i]!;
    return similarBatch(data.nItems, items, k, (item, out) => {
      for (let q = byItem.indptr[item]!; q < byItem.indptr[item + 1]!; q++) {
        const u = byItem.indices[q]!;
        for (let p = data.indptr[u]!; p < data.indptr[u + 1]!; p++) out[data.indices[p]!]! += 1;
      }
      for (let j = 0; j < data.nItems; j++) {
        out[j] = out[j]! > 0 ? out[j]! / Math.sqrt(counts[item]! * counts[j]!) : 0;
      }
    });
  }

  foldIn(history: SparseHistory): Float32Array {
    this.#fitted();
    const { data, stats, byItem, norms, rowsAsLists } = this.#derived!;
    checkIndices(history.items, data.nItems, 'item');
    const weights = new Float32Array(history.items.length);
    weightDocument(history.items, history.values, stats, this.#weighting, weights);
    let norm = 0;
    for (let p = 0; p < weights.length; p++) norm += weights[p]! * weights[p]!;
    const search = new NeighbourSearch(byItem, data.nUsers, norms, this.#search);
    const neighbours = new Int32Array(search.k);
    const sims = new Float32Array(search.k);
    const found = search.search(history.items, weights, norm, -1, neighbours, sims);
    const out = new Float32Array(data.nItems);
    spreadOverNeighbours(rowsAsLists, neighbours.subarray(0, found), sims.subarray(0, found), out);
    return out;
  }

  save(): SavedModel {
    const nb = this.#fitted();
    return {
      name: this.name, formatVersion, params: { ...this.params },
      arrays: { indptr: nb.indptr.slice(), indices: nb.indices.slice(), sims: nb.sims.slice() },
      meta: { nUsers: this.#derived!.data.nUsers },
    };
  }

  restore(data: Interactions, nb: Neighbours): void {
    if (nb.indptr.length !== data.nUsers + 1) throw new Error(`saved userknn has ${nb.indptr.length - 1} users, data has ${data.nUsers}`);
    this.#derived = this.#derive(data);
    this.#nb = nb;
  }

  #derive(data: Interactions): Derived {
    const o = this.#weighting;
    const stats = termStatistics(data, data.nItems, o.weighting);
    const weighted = withValues(data, weightMatrix(data, stats, o));
    return {
      data,
      rowsAsLists: { indptr: data.indptr, indices: data.indices, sims: data.values },
      weighted,
      byItem: transpose(weighted, data.nItems),
      stats,
      norms: rowSquaredNorms(weighted),
    };
  }

  #fitted(): Neighbours {
    if (this.#nb === undefined) throw new Error('userknn: call fit() before using the model');
    return this.#nb;
  }
}

export const userknn: RecommenderFactory = {
  name: 'userknn',
  description: 'user-user neighbours (asymmetric cosine, TF-IDF/BM25, shrinkage, top-K pruning)',
  feedback: 'implicit',
  params,
  create: (given) => new UserKnnModel(resolveParams(params, given)),
  load(saved, data) {
    checkSaved(saved, 'userknn', formatVersion);
    const model = new UserKnnModel(resolveParams(params, saved.params));
    model.restore(data, {
      indptr: savedArray(saved, 'indptr', Int32Array).slice(),
      indices: savedArray(saved, 'indices', Int32Array).slice(),
      sims: savedArray(saved, 'sims', Float32Array).slice(),
    });
    return model;
  },
};
