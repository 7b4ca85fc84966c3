/**
 * Exact ALS solves for light rows (few non-zeros) through the Woodbury identity.
 *
 * A row's system is A = B + Uᵀ·D·U with B = YᵀY + λI shared by all rows, U the n × f factor rows of
 * the row's items and D = diag(c − 1). With V = U·B⁻¹ (rows v_j = B⁻¹u_j, precomputed once per
 * half-iteration for the whole fixed side by `woodburyBasis`), G = U·Vᵀ and S = D^½:
 *
 *   x = A⁻¹·Uᵀw = Vᵀ(w − S·(I + S·G·S)⁻¹·S·G·w),   w_j = c_j·p_j
 *
 * costing O(n²f + n³) per row instead of the O(f²) per CG step a dense product with B needs. On
 * catalogues where most items have a handful of interactions this removes most of the item-side
 * work; `lightRowLimit` picks the rows where it is cheaper than the configured solver.
 *
 * @example
 *   const v = woodburyBasis(userFactors, nUsers, f, gram);  // before solving the items
 *   solveRowWoodbury(itemSide, item, v, new WoodburyScratch(limit, f));
 */
import type { AlsSide } from './als-solve.js';
import { choleskySolve, invertSpd, matVec } from './linalg.js';

export class WoodburyScratch {
  readonly g: Float64Array;
  readonly w: Float64Array;
  readonly sq: Float64Array;
  readonly h: Float64Array;
  readonly x: Float64Array;

  constructor(readonly maxRows: number, f: number) {
    this.g = new Float64Array(maxRows * maxRows);
    this.w = new Float64Array(maxRows);
    this.sq = new Float64Array(maxRows);
    this.h = new Float64Array(maxRows);
    this.x = new Float64Array(f);
  }
}

/**
 * Rows `[start, end)` of V = Y·B⁻¹ written into `out` (n × f, Float32); `inv` = B⁻¹ from
 * `invertSpd`. Splitting by rows lets threads share the work.
 */
export function woodburyBasisRows(
  y: Float32Array, f: number, inv: Float64Array, out: Float32Array, start: number, end: number,
): void {
  const row = new Float64Array(f);
  const res = new Float64Array(f);
  for (let r = start; r < end; r++) {
    const o = r * f;
    for (let j = 0; j < f; j++) row[j] = y[o + j]!;
    matVec(inv, row, f, res);
    for (let j = 0; j < f; j++) out[o + j] = res[j]!;
  }
}

/** V = Y·B⁻¹ for all n rows of y; null when `gram` is not positive definite. */
export function woodburyBasis(y: Float32Array, n: number, f: number, gram: Float64Array, out?: Float32Array): Float32Array | null {
  const inv = invertSpd(gram, f);
  if (inv === null) return null;
  const v = out ?? new Float32Array(n * f);
  woodburyBasisRows(y, f, inv, v, 0, n);
  return v;
}

/** Exact solve of row u of `side` (its non-zeros must not exceed `s.maxRows`), written to side.x. */
export function solveRowWoodbury(side: AlsSide, u: number, v: Float32Array, s: WoodburyScratch): void {
  const { indptr, indices, values, y, factors: f, alpha } = side;
  const lo = indptr[u]!;
  solveWoodbury(indices, values, lo, indptr[u + 1]! - lo, y, v, f, alpha, s);
  const xo = u * f;
  for (let q = 0; q < f; q++) side.x[xo + q] = s.x[q]!;
}

/**
 * The Woodbury solve of one row given as `n` (item, value) pairs at `lo` of `indices`/`values`
 * (n ≤ s.maxRows): the result is left in `s.x`. Rows of a training matrix and a fresh history
 * being folded in are solved the same way.
 */
export function solveWoodbury(
  indices: Int32Array, values: Float32Array, lo: number, n: number, y: Float32Array, v: Float32Array, f: number, alpha: number, s: WoodburyScratch,
): void {
  const { g, w, sq, h, x } = s;
  for (let j = 0; j < n; j++) {
    const val = values[lo + j]!;
    const d = alpha * (val < 0 ? -val : val);
    w[j] = val > 0 ? 1 + d : 0;
    sq[j] = Math.sqrt(d);
  }
  // G = U·Vᵀ is symmetric (u_j·B⁻¹·u_k); compute the upper triangle and mirror it.
  for (let j = 0; j < n; j++) {
    const uo = indices[lo + j]! * f;
    for (let k = j; k < n; k++) {
      const vo = indices[lo + k]! * f;
      let s0 = 0;
      let s1 = 0;
      let q = 0;
      const end = f & ~1;
      for (; q < end; q += 2) {
        s0 += y[uo + q]! * v[vo + q]!;
        s1 += y[uo + q + 1]! * v[vo + q + 1]!;
      }
      for (; q < f; q++) s0 += y[uo + q]! * v[vo + q]!;
      g[j * n + k] = s0 + s1;
    }
  }
  for (let j = 0; j < n; j++) for (let k = 0; k < j; k++) g[j * n + k] = g[k * n + j]!;
  // h = S·G·w, then G ← I + S·G·S (in place), then h ← (I + S·G·S)⁻¹·h.
  for (let j = 0; j < n; j++) {
    let t = 0;
    for (let k = 0; k < n; k++) t += g[j * n + k]! * w[k]!;
    h[j] = sq[j]! * t;
  }
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) g[j * n + k] = sq[j]! * g[j * n + k]! * sq[k]! + (j === k ? 1 : 0);
  }
  // I + S·G·S is symmetric positive definite (G is PSD), so the factorisation cannot fail.
  choleskySolve(g, n, h);
  x.fill(0);
  for (let j = 0; j < n; j++) {
    const coef = w[j]! - sq[j]! * h[j]!;
    if (coef === 0) continue;
    const vo = indices[lo + j]! * f;
    for (let q = 0; q < f; q++) x[q]! += coef * v[vo + q]!;
  }
}

/**
 * How a row would otherwise be solved, for the cost estimates below: the solver, its CG steps, and
 * the relative cost of a CG step's arithmetic per multiply-add (1 in TypeScript; about 1/5 in
 * the WebAssembly SIMD pass, measured).
 */
export interface UsualSolve {
  readonly solver: 'cg' | 'cholesky';
  readonly cgSteps: number;
  readonly cgCost: number;
}

/** Estimated multiply-adds of the usual solve and of Woodbury for a row with n non-zeros. */
function costs(n: number, f: number, usual: UsualSolve): { woodbury: number; usual: number } {
  return {
    woodbury: (n * n * f) / 2 + (n * n * n) / 6 + 2 * n * f,
    usual: usual.solver === 'cg'
      ? (usual.cgSteps + 1) * (f * f + 2 * n * f) * usual.cgCost
      : (n * f * f) / 2 + (f * f * f) / 6,
  };
}

/**
 * The largest non-zero count for which a Woodbury solve is cheaper than the usual solve
 * (estimated multiply-adds), or 0 when it never pays; rows above it keep the usual solver.
 */
export function lightRowLimit(f: number, usual: UsualSolve): number {
  let best = 0;
  for (let n = 1; n <= 4 * f; n++) {
    const c = costs(n, f, usual);
    if (c.woodbury < c.usual) best = n;
  }
  return best;
}

/**
 * Whether computing the basis V (n_fixed·f² multiply-adds) pays for itself on this side: the
 * estimated saving over its light rows must exceed it.
 */
export function woodburyPays(indptr: Int32Array, nFixed: number, f: number, limit: number, usual: UsualSolve): boolean {
  if (limit === 0) return false;
  let saving = 0;
  for (let r = 0; r + 1 < indptr.length; r++) {
    const n = indptr[r + 1]! - indptr[r]!;
    if (n > limit) continue;
    const c = costs(n, f, usual);
    saving += c.usual - c.woodbury;
  }
  return saving > nFixed * f * f;
}
