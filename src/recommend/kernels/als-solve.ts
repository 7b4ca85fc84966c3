/**
 * The hot loop of implicit ALS (Hu, Koren & Volinsky 2008): with the other side's factors Y fixed,
 * each row u (a user, or an item in the transposed step) gets
 *
 *   x_u = (YᵀC_uY + λI)⁻¹ YᵀC_u p_u,   C_u = diag(c_ui),  c_ui = 1 + α·|r_ui|,  p_ui = [r_ui > 0]
 *
 * Unobserved cells have c = 1 and p = 0, so YᵀC_uY = (YᵀY) + Σ_{i∈row}(c_ui − 1)·y_i·y_iᵀ: the
 * caller passes the shared `gram` = YᵀY + λI once per half-iteration and each row touches only its
 * own non-zeros ("the YᵀY trick"). Two solvers:
 *  - `solveRowsCg` — a few conjugate-gradient steps warm-started from the current x_u, as in
 *    implicit's `least_squares_cg` (Takács et al. 2011): O(steps·(f² + nnz·f)) per row.
 *  - `solveRowsCholesky` — the exact solve, O(nnz·f² + f³) per row; also serves fold-in.
 * Negative values (dislikes) count as confident non-preference: p = 0 with weight 1 + α·|r|.
 *
 * @example
 *   const side = { indptr, indices, values, x: userFactors, y: itemFactors, gram, factors: 64, alpha: 1 };
 *   solveRowsCg(side, 0, nUsers, 3, new AlsScratch(64));
 */
import { axpyRow, choleskySolve, dotRowVec, matVec } from './linalg.js';
import type { WasmKernels } from './linalg-wasm.js';

/** One half-iteration's inputs: the rows being solved and the fixed other side. */
export interface AlsSide {
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
  /** Factors of the rows being solved, nRows × f, read as the warm start and overwritten. */
  readonly x: Float32Array;
  /** Fixed factors of the other side, nCols × f. */
  readonly y: Float32Array;
  /** YᵀY + λ·I, f × f. */
  readonly gram: Float64Array;
  readonly factors: number;
  readonly alpha: number;
  /**
   * Byte offsets of y, indices, values and a float32 copy of `gram` in the scratch's WebAssembly
   * memory (SIMD path).
   */
  readonly wasm?: { readonly y: number; readonly indices: number; readonly values: number; readonly gram: number };
}

/** A thread's WebAssembly kernels and its two float32 work vectors in the shared memory. */
export interface AlsWasmScratch {
  readonly kernels: WasmKernels;
  readonly vecPtr: number;
  readonly outPtr: number;
  readonly vec: Float32Array;
  readonly out: Float32Array;
}

/** Per-thread work vectors, allocated once and reused for every row. */
export class AlsScratch {
  readonly x: Float64Array;
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly ap: Float64Array;
  readonly a: Float64Array;

  constructor(f: number, readonly wasm: AlsWasmScratch | null = null) {
    this.x = new Float64Array(f);
    this.r = new Float64Array(f);
    this.p = new Float64Array(f);
    this.ap = new Float64Array(f);
    this.a = new Float64Array(f * f);
  }
}

/** Conjugate-gradient update of rows `[start, end)`, `steps` iterations each. */
export function solveRowsCg(side: AlsSide, start: number, end: number, steps: number, s: AlsScratch): void {
  for (let u = start; u < end; u++) solveRowCg(side, u, steps, s);
}

/** Conjugate-gradient update of row u, warm-started from its current factors. */
export function solveRowCg(side: AlsSide, u: number, steps: number, s: AlsScratch): void {
  const { indptr, indices, values, y, gram, factors: f, alpha } = side;
  const xs = side.x;
  const { x, r, p, ap } = s;
  const xo = u * f;
  for (let j = 0; j < f; j++) x[j] = xs[xo + j]!;
  const lo = indptr[u]!;
  const hi = indptr[u + 1]!;

  const w = side.wasm !== undefined ? s.wasm : null;
  // r = b − A·x, with A·x = gram·x + Σ (c−1)(y_i·x) y_i and b = Σ c·p y_i.
  if (w !== null) {
    passWasm(side, w, lo, hi, x, r, 1);
  } else {
    matVec(gram, x, f, r);
    for (let j = 0; j < f; j++) r[j] = -r[j]!;
    for (let k = lo; k < hi; k++) {
      const v = values[k]!;
      const cm1 = alpha * (v < 0 ? -v : v);
      const target = v > 0 ? 1 + cm1 : 0;
      const yo = indices[k]! * f;
      axpyRow(target - cm1 * dotRowVec(y, yo, x, f), y, yo, r, f);
    }
  }
  let rsOld = 0;
  for (let j = 0; j < f; j++) {
    p[j] = r[j]!;
    rsOld += r[j]! * r[j]!;
  }
  if (rsOld < 1e-20) return;

  for (let it = 0; it < steps; it++) {
    if (w !== null) {
      passWasm(side, w, lo, hi, p, ap, 0);
    } else {
      matVec(gram, p, f, ap);
      for (let k = lo; k < hi; k++) {
        const v = values[k]!;
        const cm1 = alpha * (v < 0 ? -v : v);
        const yo = indices[k]! * f;
        axpyRow(cm1 * dotRowVec(y, yo, p, f), y, yo, ap, f);
      }
    }
    let pap = 0;
    for (let j = 0; j < f; j++) pap += p[j]! * ap[j]!;
    if (!(pap > 0)) break;
    const step = rsOld / pap;
    let rsNew = 0;
    for (let j = 0; j < f; j++) {
      x[j]! += step * p[j]!;
      r[j]! -= step * ap[j]!;
      rsNew += r[j]! * r[j]!;
    }
    if (rsNew < 1e-20) break;
    const beta = rsNew / rsOld;
    for (let j = 0; j < f; j++) p[j] = r[j]! + beta * p[j]!;
    rsOld = rsNew;
  }
  for (let j = 0; j < f; j++) xs[xo + j] = x[j]!;
}

/**
 * out = ∓gram·vec + Σ_k coef_k·y_k over the non-zeros `[lo, hi)` in WebAssembly SIMD (see
 * `linalg-wasm.ts`): − and coef_k = t_k − cm1·(y_k·vec) when `residual`, else + and cm1·(y_k·vec).
 */
function passWasm(side: AlsSide, w: AlsWasmScratch, lo: number, hi: number, vec: Float64Array, out: Float64Array, residual: number): void {
  const f = side.factors;
  const v32 = w.vec;
  for (let j = 0; j < f; j++) v32[j] = vec[j]!;
  const ptr = side.wasm!;
  w.kernels.pass(ptr.y, ptr.indices + 4 * lo, ptr.values + 4 * lo, hi - lo, f, side.alpha, w.vecPtr, w.outPtr, residual, ptr.gram);
  const o32 = w.out;
  for (let j = 0; j < f; j++) out[j] = o32[j]!;
}

/** Exact solve of rows `[start, end)`. */
export function solveRowsCholesky(side: AlsSide, start: number, end: number, s: AlsScratch): void {
  for (let u = start; u < end; u++) solveRowCholesky(side, u, s);
}

/** Exact solve of row u. */
export function solveRowCholesky(side: AlsSide, u: number, s: AlsScratch): void {
  const { indptr, indices, values, y, gram, factors: f, alpha } = side;
  const lo = indptr[u]!;
  const hi = indptr[u + 1]!;
  solveHistory(indices.subarray(lo, hi), values.subarray(lo, hi), y, gram, f, alpha, s);
  const xo = u * f;
  for (let j = 0; j < f; j++) side.x[xo + j] = s.x[j]!;
}

/**
 * The exact factor vector for one history against fixed factors `y`: the result is left in
 * `s.x`. Used for fold-in of fresh events and by `solveRowsCholesky`.
 */
export function solveHistory(
  items: Int32Array, values: Float32Array, y: Float32Array, gram: Float64Array,
  f: number, alpha: number, s: AlsScratch,
): void {
  const { a, x } = s;
  a.set(gram);
  x.fill(0);
  for (let k = 0; k < items.length; k++) {
    const v = values[k]!;
    const cm1 = alpha * (v < 0 ? -v : v);
    const yo = items[k]! * f;
    if (v > 0) axpyRow(1 + cm1, y, yo, x, f);
    if (cm1 === 0) continue;
    // Rank-1 update of the upper triangle; mirrored below.
    for (let i = 0; i < f; i++) {
      const w = cm1 * y[yo + i]!;
      if (w === 0) continue;
      const row = i * f;
      for (let j = i; j < f; j++) a[row + j]! += w * y[yo + j]!;
    }
  }
  for (let i = 0; i < f; i++) for (let j = i + 1; j < f; j++) a[j * f + i] = a[i * f + j]!;
  if (!choleskySolve(a, f, x)) x.fill(0);
}
