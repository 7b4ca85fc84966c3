/**
 * Nearest neighbours of every row of a sparse matrix (items for item-KNN, users for user-KNN),
 * by asymmetric cosine with shrinkage, sharpened by an exponent and pruned to the top K:
 *
 *   s(i, j) = ( Σ_f w_if · w_jf / ( ‖w_i‖^(2α) · ‖w_j‖^(2(1−α)) + shrink ) ) ^ exponent
 *
 * α = 0.5 is the plain cosine; α > 0.5 divides more by the row's own norm (favours popular
 * neighbours), α < 0.5 more by the neighbour's norm (favours niche ones). Shrinkage pulls
 * similarities resting on few common features toward zero. Only positive similarities are kept.
 * The co-occurrence loop is sparse × sparse with one dense accumulator and a touched list, so the
 * cost is Σ over features of (rows sharing the feature)², not rows².
 *
 * @example
 *   const nb = neighbourLists(itemsByUser, usersByItem, { alpha: 0.5, shrink: 10, exponent: 1, neighbours: 100 });
 *   // nb.indices[nb.indptr[i] … nb.indptr[i + 1]) are item i's neighbours, most similar first
 */
import type { Csr } from './sparse.js';
import { topKOf, TopKHeap } from './topk.js';

export interface NeighbourOptions {
  alpha: number;
  shrink: number;
  exponent: number;
  /** Neighbours kept per row (K). */
  neighbours: number;
}

/** Per row, its neighbours best first: `indices`/`sims` within [indptr[r], indptr[r + 1]). */
export interface Neighbours {
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly sims: Float32Array;
}

/** Squared L2 norm of each row. */
export function rowSquaredNorms(m: Csr): Float64Array {
  const n = m.indptr.length - 1;
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) s += m.values[p]! * m.values[p]!;
    out[r] = s;
  }
  return out;
}

/** The similarity formula above, for one pair, given their dot product and squared norms. */
export function pairSimilarity(dot: number, normI: number, normJ: number, o: NeighbourOptions): number {
  const den = Math.pow(normI, o.alpha) * Math.pow(normJ, 1 - o.alpha) + o.shrink;
  const s = den > 0 ? dot / den : 0;
  return o.exponent === 1 ? s : Math.sign(s) * Math.pow(Math.abs(s), o.exponent);
}

/**
 * Top-K neighbours of each row of `rows` (rows × features), using `byFeature`, its transpose
 * (features × rows), to find rows that share a feature.
 */
export function neighbourLists(
  rows: Csr,
  byFeature: Csr,
  options: NeighbourOptions,
  progress?: (done: number, total: number) => void,
): Neighbours {
  const nRows = rows.indptr.length - 1;
  const k = Math.max(0, Math.min(options.neighbours, nRows - 1));
  const norms = rowSquaredNorms(rows);
  const left = Float64Array.from(norms, (n) => Math.pow(n, options.alpha));
  const right = Float64Array.from(norms, (n) => Math.pow(n, 1 - options.alpha));
  const { shrink, exponent } = options;
  // Local aliases: V8 keeps them in registers instead of reloading object fields in the hot loop.
  const rIndptr = rows.indptr, rIndices = rows.indices, rValues = rows.values;
  const fIndptr = byFeature.indptr, fIndices = byFeature.indices, fValues = byFeature.values;
  const acc = new Float64Array(nRows);
  const touched = new Int32Array(nRows);
  const mark = new Uint8Array(nRows);
  const heap = new TopKHeap(k);
  const rowItems = new Int32Array(k);
  const rowSims = new Float32Array(k);
  const indptr = new Int32Array(nRows + 1);
  // Grown in chunks: most rows fill all K slots, but cold rows have none.
  let indices: Int32Array = new Int32Array(Math.max(16, Math.min(nRows * k, 1 << 20)));
  let sims: Float32Array = new Float32Array(indices.length);
  let nnz = 0;
  const reportEvery = Math.max(1, Math.floor(nRows / 20));
  for (let i = 0; i < nRows; i++) {
    let nTouched = 0;
    const rowEnd = rIndptr[i + 1]!;
    for (let p = rIndptr[i]!; p < rowEnd; p++) {
      const f = rIndices[p]!;
      const w = rValues[p]!;
      const featureEnd = fIndptr[f + 1]!;
      for (let q = fIndptr[f]!; q < featureEnd; q++) {
        const j = fIndices[q]!;
        if (mark[j] === 0) {
          mark[j] = 1;
          touched[nTouched++] = j;
        }
        acc[j]! += w * fValues[q]!;
      }
    }
    let kept = 0;
    const leftI = left[i]!;
    for (let t = 0; t < nTouched; t++) {
      const j = touched[t]!;
      const dot = acc[j]!;
      mark[j] = 0;
      // Self-similarity is not a neighbour; non-positive similarities carry no evidence. The
      // exponent is monotone, so it is applied to the K kept values only.
      const den = leftI * right[j]! + shrink;
      const s = j === i || !(den > 0) ? 0 : dot / den;
      if (s > 0) touched[kept++] = j;
      acc[j] = s > 0 ? s : 0;
    }
    const filled = k > 0 ? topKOf(touched, kept, acc, k, rowItems, rowSims, 0, heap) : 0;
    for (let t = 0; t < kept; t++) acc[touched[t]!] = 0;
    if (nnz + filled > indices.length) {
      const grown = Math.max(indices.length * 2, nnz + filled);
      indices = grow(indices, grown);
      sims = growF(sims, grown);
    }
    indices.set(rowItems.subarray(0, filled), nnz);
    if (exponent !== 1) for (let t = 0; t < filled; t++) rowSims[t] = Math.pow(rowSims[t]!, exponent);
    sims.set(rowSims.subarray(0, filled), nnz);
    nnz += filled;
    indptr[i + 1] = nnz;
    if (progress && (i + 1) % reportEvery === 0) progress(i + 1, nRows);
  }
  return { indptr, indices: indices.slice(0, nnz), sims: sims.slice(0, nnz) };
}

/**
 * Adds `weight · s(i, j)` to `out[j]` for each history row i and its neighbours j: the score of
 * item-KNN (history items spreading to their neighbours) and of user-KNN (neighbours' items, with
 * the roles swapped by the caller).
 */
export function spreadOverNeighbours(nb: Neighbours, sources: Int32Array, weights: ArrayLike<number>, out: Float32Array): void {
  for (let h = 0; h < sources.length; h++) {
    const i = sources[h]!;
    const w = weights[h]!;
    if (w === 0) continue;
    for (let p = nb.indptr[i]!; p < nb.indptr[i + 1]!; p++) out[nb.indices[p]!]! += w * nb.sims[p]!;
  }
}

/** The formula evaluated densely for every pair (O(rows² · features)): the test reference. */
export function neighbourListsReference(dense: number[][], options: NeighbourOptions): Array<Array<[number, number]>> {
  const n = dense.length;
  const norm = dense.map((row) => row.reduce((s, v) => s + v * v, 0));
  const k = Math.max(0, Math.min(options.neighbours, n - 1));
  return dense.map((row, i) => {
    const all: Array<[number, number]> = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dot = row.reduce((s, v, f) => s + v * dense[j]![f]!, 0);
      const s = Math.fround(pairSimilarity(dot, norm[i]!, norm[j]!, options));
      if (s > 0) all.push([j, s]);
    }
    all.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return all.slice(0, k);
  });
}

function grow(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

function growF(a: Float32Array, n: number): Float32Array {
  const b = new Float32Array(n);
  b.set(a);
  return b;
}
