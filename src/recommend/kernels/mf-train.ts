/**
 * Fitting the explicit-rating model of `mf`: biased MF by SGD with early stopping, optionally
 * blended with an item-based neighbourhood model on baseline residuals (KNNBaseline):
 *
 *   r̂_ui = w·MF_ui + (1 − w)·(b_ui + Σ_j s_ij·(r_uj − b_uj) / Σ_j s_ij)
 *
 * The two err differently (global low-rank structure vs local item-item evidence), so the blend
 * beats either. A seeded random `validation` share of the training ratings is carved out first:
 * MF trains on the rest while its validation RMSE picks the number of epochs (stopping after
 * `patience` epochs without improvement), the neighbourhood model is fitted on the same rest, and
 * w is the least-squares blend weight on the carve-out, clamped to [0, 1]. Then both are refitted
 * on all ratings with the chosen epochs. Nothing here looks at test data.
 *
 * @example
 *   const fitted = fitExplicit(data, options, progress);
 *   predictExplicit(fitted, data, u, i, marks);
 */
import type { ProgressFn } from '../recommender.js';
import { transposeCsr, type Csr } from './linalg-sparse.js';
import { Random } from './linalg-random.js';
import { fitBaselines, itemNeighbours, markUser, neighbourOffset, unmarkUser, type ItemNeighbours } from './mf-neighbours.js';
import { biasedMfEpoch, newBiasedMf, predictOne, rmseOn, type BiasedMf, type RatingList } from './mf-sgd.js';

export interface ExplicitOptions {
  readonly factors: number;
  /** Maximum epochs (early stopping usually ends sooner). */
  readonly iterations: number;
  readonly learningRate: number;
  readonly regularization: number;
  readonly initScale: number;
  /** Share of training ratings carved out for early stopping and the blend weight (0 = none). */
  readonly validation: number;
  readonly patience: number;
  /** Neighbours k of the neighbourhood model; 0 = plain MF. */
  readonly neighbours: number;
  readonly shrinkage: number;
  /** Similar items kept per item. */
  readonly neighbourCandidates: number;
  readonly seed: number;
}

/** The neighbourhood part: baselines, residuals of the training ratings, similar-item lists. */
export interface NeighbourModel {
  readonly userBias: Float32Array;
  readonly itemBias: Float32Array;
  /** r − b for each non-zero of the user-major training matrix. */
  readonly residuals: Float32Array;
  readonly neighbours: ItemNeighbours;
  readonly k: number;
}

export interface ExplicitFit {
  readonly mf: BiasedMf;
  readonly knn: NeighbourModel | null;
  /** Weight of MF in the blend (1 when there is no neighbourhood model). */
  readonly weight: number;
  readonly epochs: number;
  readonly minRating: number;
  readonly maxRating: number;
}

/** Baseline regularisation of users and items and its sweeps, as Surprise's defaults. */
const baselineRegUser = 15;
const baselineRegItem = 10;
const baselineEpochs = 10;
/** Below this many ratings there is too little to carve a validation share from. */
const minRatingsForValidation = 200;

/** The ratings of a users × items CSR matrix as a list (user-major order). */
export function ratingList(m: Csr): RatingList {
  const nUsers = m.indptr.length - 1;
  const users = new Int32Array(m.indptr[nUsers]!);
  for (let u = 0; u < nUsers; u++) users.fill(u, m.indptr[u]!, m.indptr[u + 1]!);
  return { users, items: m.indices, ratings: m.values };
}

/** The sub-matrix of the listed non-zeros (sorted positions into `m`), as CSR with the same shape. */
function selectRatings(m: Csr, keep: Uint8Array): Csr {
  const nUsers = m.indptr.length - 1;
  const indptr = new Int32Array(nUsers + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let u = 0; u < nUsers; u++) {
    for (let b = m.indptr[u]!; b < m.indptr[u + 1]!; b++) {
      if (keep[b] !== 1) continue;
      indices.push(m.indices[b]!);
      values.push(m.values[b]!);
    }
    indptr[u + 1] = indices.length;
  }
  return { indptr, indices: Int32Array.from(indices), values: Float32Array.from(values) };
}

function meanOf(values: Float32Array): number {
  let s = 0;
  for (let k = 0; k < values.length; k++) s += values[k]!;
  return values.length > 0 ? s / values.length : 0;
}

/** Fits the neighbourhood model (KNNBaseline) to a users × items rating matrix. */
export function fitNeighbourModel(m: Csr, nItems: number, mean: number, o: ExplicitOptions): NeighbourModel {
  const byItem = transposeCsr(m.indptr, m.indices, m.values, nItems);
  const { userBias, itemBias } = fitBaselines(m, byItem, mean, baselineRegUser, baselineRegItem, baselineEpochs);
  const residuals = baselineResiduals(m, mean, userBias, itemBias);
  const itemResiduals = baselineResiduals(byItem, mean, itemBias, userBias);
  const neighbours = itemNeighbours(m, residuals, byItem, itemResiduals, nItems, o.shrinkage, o.neighbourCandidates);
  return { userBias, itemBias, residuals, neighbours, k: o.neighbours };
}

/** r − (μ + b_row + b_col) for every non-zero of a CSR matrix. */
export function baselineResiduals(m: Csr, mean: number, rowBias: Float32Array, colBias: Float32Array): Float32Array {
  const out = new Float32Array(m.values.length);
  for (let r = 0; r + 1 < m.indptr.length; r++) {
    for (let b = m.indptr[r]!; b < m.indptr[r + 1]!; b++) out[b] = m.values[b]! - mean - rowBias[r]! - colBias[m.indices[b]!]!;
  }
  return out;
}

/**
 * The blended prediction (unclipped) for user u and item i. `marks` must hold the user's
 * residuals (`markUser`) when there is a neighbourhood model.
 */
export function predictBlend(fit: ExplicitFit, mean: number, u: number, i: number, marks: Float32Array): number {
  const mf = predictOne(fit.mf, u, i);
  const knn = fit.knn;
  if (knn === null) return mf;
  const base = mean + knn.userBias[u]! + knn.itemBias[i]! + neighbourOffset(knn.neighbours, i, marks, knn.k);
  return fit.weight * mf + (1 - fit.weight) * base;
}

function trainMf(list: RatingList, rows: Int32Array, nUsers: number, nItems: number, mean: number, o: ExplicitOptions,
  epochs: number, onEpoch: (e: number, m: BiasedMf) => boolean): BiasedMf {
  const rng = new Random(o.seed);
  const m = newBiasedMf(nUsers, nItems, o.factors, mean, o.initScale, rng);
  for (let e = 0; e < epochs; e++) {
    biasedMfEpoch(list, rows, m, o.learningRate, o.regularization, rng);
    if (!onEpoch(e + 1, m)) break;
  }
  return m;
}

/** Fits MF (and the neighbourhood model and blend weight) to a users × items rating matrix. */
export function fitExplicit(data: Csr, nUsers: number, nItems: number, o: ExplicitOptions, progress?: ProgressFn): ExplicitFit {
  const all = ratingList(data);
  const n = all.ratings.length;
  let minRating = Infinity;
  let maxRating = -Infinity;
  for (let k = 0; k < n; k++) {
    minRating = Math.min(minRating, all.ratings[k]!);
    maxRating = Math.max(maxRating, all.ratings[k]!);
  }
  if (n === 0) [minRating, maxRating] = [0, 0];
  const withKnn = o.neighbours > 0;
  const total = 2 * o.iterations + (withKnn ? 2 : 0);
  let done = 0;
  const step = (message: string): void => progress?.(Math.min(++done, total), total, message);

  let epochs = o.iterations;
  let weight = withKnn ? 0.5 : 1;
  if (o.validation > 0 && n >= minRatingsForValidation) {
    const rng = new Random(o.seed ^ 0x5bd1e995);
    const held = new Uint8Array(n);
    for (let k = 0; k < n; k++) held[k] = rng.float() < o.validation ? 1 : 0;
    const trainRows = Int32Array.from({ length: n }, (_, k) => k).filter((k) => held[k] === 0);
    const validRows = Int32Array.from({ length: n }, (_, k) => k).filter((k) => held[k] === 1);
    const carved = selectRatings(data, held.map((h) => 1 - h));
    const mean = meanOf(carved.values);
    let best = Infinity;
    let bestEpoch = 0;
    const mf = trainMf(all, trainRows, nUsers, nItems, mean, o, o.iterations, (e, m) => {
      const rmse = rmseOn(all, validRows, m, minRating, maxRating);
      step(`epoch ${e} (validation RMSE ${rmse.toFixed(4)})`);
      if (rmse < best) [best, bestEpoch] = [rmse, e];
      return e - bestEpoch < o.patience;
    });
    epochs = Math.max(1, bestEpoch);
    if (withKnn) {
      const knn = fitNeighbourModel(carved, nItems, mean, o);
      step('neighbourhood model on the carve-out');
      // MF at its final epoch (at most `patience` past the best) stands in for the refit.
      weight = blendWeight({ mf, knn, weight: 1, epochs, minRating, maxRating }, carved, all, validRows, mean);
    }
  }
  const mean = meanOf(data.values);
  const rows = Int32Array.from({ length: n }, (_, k) => k);
  const mf = trainMf(all, rows, nUsers, nItems, mean, o, epochs, (e) => {
    step(`epoch ${e}/${epochs} on all ratings`);
    return true;
  });
  const knn = withKnn ? fitNeighbourModel(data, nItems, mean, o) : null;
  if (withKnn) step('neighbourhood model');
  progress?.(total, total, 'done');
  return { mf, knn, weight, epochs, minRating, maxRating };
}

/** Least-squares weight of MF against the neighbourhood model on the listed ratings, in [0, 1]. */
function blendWeight(fit: ExplicitFit, carved: Csr, all: RatingList, rows: Int32Array, mean: number): number {
  const knn = fit.knn!;
  const marks = new Float32Array(fit.mf.itemBias.length).fill(NaN);
  let num = 0;
  let den = 0;
  for (let s = 0; s < rows.length; s++) {
    const r = rows[s]!;
    const u = all.users[r]!;
    const i = all.items[r]!;
    markUser(marks, carved, knn.residuals, u);
    const a = predictOne(fit.mf, u, i);
    const b = mean + knn.userBias[u]! + knn.itemBias[i]! + neighbourOffset(knn.neighbours, i, marks, knn.k);
    unmarkUser(marks, carved, u);
    num += (all.ratings[r]! - b) * (a - b);
    den += (a - b) * (a - b);
  }
  return den > 0 ? Math.min(1, Math.max(0, num / den)) : 0.5;
}
