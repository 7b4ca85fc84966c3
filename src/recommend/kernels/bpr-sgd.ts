/**
 * The hot loop of Bayesian Personalised Ranking (Rendle et al. 2009) by SGD: one epoch visits every
 * positive (user, item) pair once in a seeded random order, draws a negative item j, and steps
 * along the gradient of ln σ(s_ui − s_uj), where s_ui = b_i + x_u·y_i. Factors and biases are
 * updated in place, with L2 weight `reg` on the parameters each step touches. Negatives are never
 * the user's own items (binary search in the sorted CSR row); a draw that hits one is redrawn.
 *
 * @example
 *   const state = { userFactors, itemFactors, itemBias, factors: 64 };
 *   for (let e = 0; e < epochs; e++) pairwiseEpoch(pairs, data, state, { learningRate: 0.01, regularization: 0.01, negatives: 'popularity' }, rng);
 */
import { dotRows } from './linalg.js';
import type { Random } from './linalg-random.js';
import type { WasmKernels } from './linalg-wasm.js';

/**
 * The SIMD path (`linalg-wasm.ts`): the state's factor matrices are views of the kernels' memory at
 * byte offsets `x` and `y`, and each sample's dot product and update run there.
 */
export interface PairwiseWasm {
  readonly kernels: WasmKernels;
  readonly x: number;
  readonly y: number;
}

export interface PairwiseState {
  readonly userFactors: Float32Array;
  readonly itemFactors: Float32Array;
  readonly itemBias: Float32Array;
  readonly factors: number;
}

export interface PairwiseSettings {
  readonly learningRate: number;
  readonly regularization: number;
  /**
   * Draw negatives uniformly over items, or in proportion to their popularity (as implicit
   * does): popular items the learner skipped are the informative negatives.
   */
  readonly negatives: 'uniform' | 'popularity';
}

/**
 * The positive pairs (value > 0) of a CSR matrix as parallel arrays. Epochs shuffle the arrays
 * themselves rather than an index, so the loop reads them sequentially.
 */
export interface PositivePairs {
  readonly users: Int32Array;
  readonly items: Int32Array;
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
  return { users, items };
}

/** Fisher–Yates shuffle of the pairs, both arrays moved together. */
export function shufflePairs(pairs: PositivePairs, rng: Random): void {
  const { users, items } = pairs;
  for (let a = users.length - 1; a > 0; a--) {
    const b = rng.int(a + 1);
    const tu = users[a]!;
    users[a] = users[b]!;
    users[b] = tu;
    const ti = items[a]!;
    items[a] = items[b]!;
    items[b] = ti;
  }
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

/** One epoch. Returns the mean σ(s_uj − s_ui) over the pairs: the probability of mis-ordering. */
export function pairwiseEpoch(
  pairs: PositivePairs, seen: SeenRows, state: PairwiseState, settings: PairwiseSettings, rng: Random, wasm: PairwiseWasm | null = null,
): number {
  const { userFactors: x, itemFactors: y, itemBias: bias, factors: f } = state;
  const { learningRate: lr, regularization: reg } = settings;
  // Weight decay of the L2 term, folded into one multiply per parameter.
  const decay = 1 - lr * reg;
  const byPopularity = settings.negatives === 'popularity';
  const nPairs = pairs.items.length;
  const nItems = bias.length;
  const f4 = f & ~3;
  const { indptr, indices } = seen;
  shufflePairs(pairs, rng);
  const { users, items } = pairs;
  let total = 0;
  for (let p = 0; p < nPairs; p++) {
    const u = users[p]!;
    const i = items[p]!;
    const lo = indptr[u]!;
    const hi = indptr[u + 1]!;
    if (hi - lo >= nItems) continue;
    const uo = u * f;
    const io = i * f;
    let j = -1;
    for (let t = 0; t < negativeRedraws; t++) {
      const c = byPopularity ? items[rng.int(nPairs)]! : rng.int(nItems);
      if (!rowContains(indices, lo, hi, c)) {
        j = c;
        break;
      }
    }
    if (j < 0) continue;
    const jo = j * f;
    if (wasm !== null) {
      const xp = wasm.x + 4 * uo;
      const ip = wasm.y + 4 * io;
      const jp = wasm.y + 4 * jo;
      const weight = 1 / (1 + Math.exp(bias[i]! - bias[j]! + wasm.kernels.pairDiff(xp, ip, jp, f)));
      total += weight;
      const step = lr * weight;
      wasm.kernels.pairUpdate(xp, ip, jp, f, step, decay);
      bias[i] = decay * bias[i]! + step;
      bias[j] = decay * bias[j]! - step;
      continue;
    }
    // x_u·(y_i − y_j) in one pass over the three rows, four independent sums.
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    let q = 0;
    for (; q < f4; q += 4) {
      d0 += x[uo + q]! * (y[io + q]! - y[jo + q]!);
      d1 += x[uo + q + 1]! * (y[io + q + 1]! - y[jo + q + 1]!);
      d2 += x[uo + q + 2]! * (y[io + q + 2]! - y[jo + q + 2]!);
      d3 += x[uo + q + 3]! * (y[io + q + 3]! - y[jo + q + 3]!);
    }
    for (; q < f; q++) d0 += x[uo + q]! * (y[io + q]! - y[jo + q]!);
    const diff = bias[i]! - bias[j]! + (d0 + d1 + d2 + d3);
    // d/dθ ln σ(diff) = σ(−diff)·d(diff)/dθ
    const weight = 1 / (1 + Math.exp(diff));
    total += weight;
    const step = lr * weight;
    for (q = 0; q < f; q++) {
      const xu = x[uo + q]!;
      const yi = y[io + q]!;
      const yj = y[jo + q]!;
      x[uo + q] = decay * xu + step * (yi - yj);
      y[io + q] = decay * yi + step * xu;
      y[jo + q] = decay * yj - step * xu;
    }
    bias[i] = decay * bias[i]! + step;
    bias[j] = decay * bias[j]! - step;
  }
  return nPairs > 0 ? total / nPairs : 0;
}

/**
 * A user vector for a fresh history against fixed item factors and biases (fold-in): `epochs`
 * passes of the same pairwise updates, touching only the user's vector. Returns the vector.
 */
export function foldInUser(
  history: Int32Array, itemFactors: Float32Array, itemBias: Float32Array, f: number,
  settings: PairwiseSettings, epochs: number, rng: Random,
): Float32Array {
  const items = Int32Array.from(new Set(history)).sort();
  const n = items.length;
  const x = new Float32Array(f);
  const nItems = itemBias.length;
  if (n === 0 || n >= nItems) return x;
  const { learningRate: lr, regularization: reg } = settings;
  const decay = 1 - lr * reg;
  for (let e = 0; e < epochs; e++) {
    for (let s = 0; s < n; s++) {
      const i = items[rng.int(n)]!;
      let j = rng.int(nItems);
      for (let t = 0; t < negativeRedraws && rowContains(items, 0, n, j); t++) j = rng.int(nItems);
      if (rowContains(items, 0, n, j)) continue;
      const diff = itemBias[i]! - itemBias[j]! + dotRows(x, 0, itemFactors, i * f, f) - dotRows(x, 0, itemFactors, j * f, f);
      const step = lr / (1 + Math.exp(diff));
      const io = i * f;
      const jo = j * f;
      for (let q = 0; q < f; q++) x[q] = decay * x[q]! + step * (itemFactors[io + q]! - itemFactors[jo + q]!);
    }
  }
  return x;
}
