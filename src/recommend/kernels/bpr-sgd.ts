/**
 * The hot loop of pairwise ranking by SGD: one epoch visits every positive (user, item) pair once
 * in a seeded random order and pushes the positive item above sampled negatives.
 *
 * - `bpr` (Rendle et al. 2009): one uniform negative j per pair, gradient of ln σ(s_ui − s_uj).
 * - `warp` (Weston et al. 2011, as in LightFM): draw negatives until one violates the margin
 *   (s_uj > s_ui − 1) or `maxSampled` draws fail; the hinge update is weighted by
 *   ln⌊(n_items − 1)/draws⌋, so pairs whose violator is found at once (the positive ranks low)
 *   move most — which optimises the top of the ranking.
 *
 * Scores are s_ui = b_i + x_u·y_i; factors and biases are updated in place, with L2 weight `reg`
 * on the parameters each step touches. Negatives are never the user's own items (binary search in
 * the sorted CSR row); a draw that hits one is redrawn.
 *
 * @example
 *   const state = { userFactors, itemFactors, itemBias, factors: 64 };
 *   for (let e = 0; e < epochs; e++) pairwiseEpoch(pairs, data, state, settings, rng);
 */
import type { Random } from './linalg-random.js';

export interface PairwiseState {
  readonly userFactors: Float32Array;
  readonly itemFactors: Float32Array;
  readonly itemBias: Float32Array;
  readonly factors: number;
}

export interface PairwiseSettings {
  readonly loss: 'bpr' | 'warp';
  readonly learningRate: number;
  readonly regularization: number;
  /** WARP: negatives drawn per pair before giving up. */
  readonly maxSampled: number;
}

/** The positive pairs (value > 0) of a CSR matrix as parallel arrays, plus the visiting order. */
export interface PositivePairs {
  readonly users: Int32Array;
  readonly items: Int32Array;
  readonly order: Int32Array;
}

/** Seen-item rows the sampler checks negatives against (sorted column indices per row). */
export interface SeenRows {
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
}

export function positivePairs(indptr: Int32Array, indices: Int32Array, values: Float32Array): PositivePairs {
  const nUsers = indptr.length - 1;
  let n = 0;
  for (let k = 0; k < indptr[nUsers]!; k++) if (values[k]! > 0) n++;
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  let p = 0;
  for (let u = 0; u < nUsers; u++) {
    for (let k = indptr[u]!; k < indptr[u + 1]!; k++) {
      if (values[k]! <= 0) continue;
      users[p] = u;
      items[p++] = indices[k]!;
    }
  }
  return { users, items, order: Int32Array.from({ length: n }, (_, i) => i) };
}

/** True when `item` is in the sorted row `[lo, hi)` of `indices`. */
export function rowContains(indices: Int32Array, lo: number, hi: number, item: number): boolean {
  let a = lo;
  let b = hi - 1;
  while (a <= b) {
    const m = (a + b) >> 1;
    const v = indices[m]!;
    if (v === item) return true;
    if (v < item) a = m + 1;
    else b = m - 1;
  }
  return false;
}

/** Draws up to this many times for an unseen negative before skipping the pair (dense rows). */
const negativeRedraws = 20;

/** One epoch; returns the mean loss term over the pairs (ln σ for BPR, weighted hinge for WARP). */
export function pairwiseEpoch(pairs: PositivePairs, seen: SeenRows, state: PairwiseState, settings: PairwiseSettings, rng: Random): number {
  const { userFactors: x, itemFactors: y, itemBias: bias, factors: f } = state;
  const { learningRate: lr, regularization: reg, maxSampled } = settings;
  const warp = settings.loss === 'warp';
  const nItems = bias.length;
  const { indptr, indices } = seen;
  const order = rng.shuffle(pairs.order);
  let total = 0;
  for (let s = 0; s < order.length; s++) {
    const p = order[s]!;
    const u = pairs.users[p]!;
    const i = pairs.items[p]!;
    const lo = indptr[u]!;
    const hi = indptr[u + 1]!;
    if (hi - lo >= nItems) continue;
    const uo = u * f;
    const io = i * f;
    let j = -1;
    let weight = 0;
    let sui = 0;
    if (warp) {
      sui = bias[i]!;
      for (let q = 0; q < f; q++) sui += x[uo + q]! * y[io + q]!;
      for (let draws = 1; draws <= maxSampled; draws++) {
        const c = rng.int(nItems);
        if (rowContains(indices, lo, hi, c)) continue;
        let suc = bias[c]!;
        const co = c * f;
        for (let q = 0; q < f; q++) suc += x[uo + q]! * y[co + q]!;
        if (suc > sui - 1) {
          j = c;
          weight = Math.log(Math.max(1, Math.floor((nItems - 1) / draws)));
          total += weight * (1 - sui + suc);
          break;
        }
      }
      if (j < 0) continue;
    } else {
      for (let t = 0; t < negativeRedraws; t++) {
        const c = rng.int(nItems);
        if (!rowContains(indices, lo, hi, c)) {
          j = c;
          break;
        }
      }
      if (j < 0) continue;
      const jo = j * f;
      let diff = bias[i]! - bias[j]!;
      for (let q = 0; q < f; q++) diff += x[uo + q]! * (y[io + q]! - y[jo + q]!);
      // d/dθ ln σ(diff) = σ(−diff)·d(diff)/dθ
      weight = 1 / (1 + Math.exp(diff));
      total += diff > 0 ? Math.log1p(Math.exp(-diff)) : -diff + Math.log1p(Math.exp(diff));
    }
    const step = lr * weight;
    const jo = j * f;
    for (let q = 0; q < f; q++) {
      const xu = x[uo + q]!;
      const yi = y[io + q]!;
      const yj = y[jo + q]!;
      x[uo + q] = xu + step * (yi - yj) - lr * reg * xu;
      y[io + q] = yi + step * xu - lr * reg * yi;
      y[jo + q] = yj - step * xu - lr * reg * yj;
    }
    bias[i] = bias[i]! + step - lr * reg * bias[i]!;
    bias[j] = bias[j]! - step - lr * reg * bias[j]!;
  }
  return order.length > 0 ? total / order.length : 0;
}
