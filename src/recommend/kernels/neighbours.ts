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
import { TopKHeap } from './topk.js';

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
 * Finds the top-K neighbours of one sparse vector among the rows of a matrix, given the matrix by
 * feature (features × rows). Holds the dense scratch (accumulator, marks, heap) so that searching
 * every row at fit time, or a fresh history at serving time, allocates nothing per call.
 */
export class NeighbourSearch {
  readonly #byFeature: Csr;
  readonly #right: Float64Array;
  readonly #options: NeighbourOptions;
  readonly #acc: Float64Array;
  readonly #touched: Int32Array;
  readonly #mark: Uint8Array;
  readonly #heap: TopKHeap;
  readonly k: number;

  /** `rowNorms` are the squared norms of the rows searched among. */
  constructor(byFeature: Csr, nRows: number, rowNorms: Float64Array, options: NeighbourOptions) {
    this.#byFeature = byFeature;
    this.#options = options;
    this.#right = Float64Array.from(rowNorms, (n) => Math.pow(n, 1 - options.alpha));
    this.#acc = new Float64Array(nRows);
    this.#touched = new Int32Array(nRows);
    this.#mark = new Uint8Array(nRows);
    this.k = Math.max(0, Math.min(options.neighbours, nRows));
    this.#heap = new TopKHeap(this.k);
  }

  /**
   * Neighbours of the vector (features, weights) with squared norm `norm`, best first, into
   * `outRows`/`outSims` (length ≥ k); `self` (a row index, or -1) is never its own neighbour.
   * Returns how many were found.
   */
  search(features: Int32Array, weights: ArrayLike<number>, norm: number, self: number, outRows: Int32Array, outSims: Float32Array): number {
    // Local aliases: V8 keeps them in registers instead of reloading fields in the hot loop.
    const fIndptr = this.#byFeature.indptr, fIndices = this.#byFeature.indices, fValues = this.#byFeature.values;
    const acc = this.#acc, mark = this.#mark, touched = this.#touched, right = this.#right;
    const { shrink, exponent, alpha } = this.#options;
    let nTouched = 0;
    for (let p = 0; p < features.length; p++) {
      const f = features[p]!;
      const w = weights[p]!;
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
    const left = Math.pow(norm, alpha);
    const heap = this.#heap;
    for (let t = 0; t < nTouched; t++) {
      const j = touched[t]!;
      const dot = acc[j]!;
      acc[j] = 0;
      mark[j] = 0;
      // Self-similarity is not a neighbour; non-positive similarities carry no evidence. The
      // exponent is monotone, so it is applied to the K kept values only.
      if (j === self) continue;
      const den = left * right[j]! + shrink;
      if (den > 0) {
        const s = dot / den;
        if (s > 0) heap.push(j, s);
      }
    }
    const filled = heap.drain(outRows, outSims, 0, this.k);
    if (exponent !== 1) for (let t = 0; t < filled; t++) outSims[t] = Math.pow(outSims[t]!, exponent);
    return filled;
  }
}

/**
 * Top-K neighbours of each row of `rows` (rows × features), using `byFeature`, its transpose
 * (features × rows), to find rows that share a feature. Single-threaded; `computeNeighbourLists`
 * (neighbours-parallel.ts) chooses between this and the worker-thread variant.
 */
export function neighbourLists(
  rows: Csr,
  byFeature: Csr,
  options: NeighbourOptions,
  progress?: (done: number, total: number) => void,
): Neighbours {
  const nRows = rows.indptr.length - 1;
  return neighbourListsRange(rows, byFeature, rowSquaredNorms(rows), options, 0, nRows, progress);
}

/**
 * Neighbour lists of rows [from, to) only (the result's row 0 is row `from`); the unit of work the
 * worker threads share. `norms` are the squared norms of all rows.
 */
export function neighbourListsRange(
  rows: Csr,
  byFeature: Csr,
  norms: Float64Array,
  options: NeighbourOptions,
  from: number,
  to: number,
  progress?: (done: number, total: number) => void,
): Neighbours {
  const nRows = rows.indptr.length - 1;
  const search = new NeighbourSearch(byFeature, nRows, norms, { ...options, neighbours: Math.min(options.neighbours, nRows - 1) });
  const k = search.k;
  const rowItems = new Int32Array(k);
  const rowSims = new Float32Array(k);
  const n = to - from;
  const indptr = new Int32Array(n + 1);
  // Grown in chunks: most rows fill all K slots, but cold rows have none.
  let indices: Int32Array = new Int32Array(Math.max(16, Math.min(n * k, 1 << 20)));
  let sims: Float32Array = new Float32Array(indices.length);
  let nnz = 0;
  const reportEvery = Math.max(1, Math.floor(n / 20));
  for (let r = 0; r < n; r++) {
    const i = from + r;
    const start = rows.indptr[i]!;
    const end = rows.indptr[i + 1]!;
    const filled = search.search(rows.indices.subarray(start, end), rows.values.subarray(start, end), norms[i]!, i, rowItems, rowSims);
    if (nnz + filled > indices.length) {
      const grown = Math.max(indices.length * 2, nnz + filled);
      indices = grow(indices, grown);
      sims = growF(sims, grown);
    }
    indices.set(rowItems.subarray(0, filled), nnz);
    sims.set(rowSims.subarray(0, filled), nnz);
    nnz += filled;
    indptr[r + 1] = nnz;
    if (progress && (r + 1) % reportEvery === 0) progress(r + 1, n);
  }
  return { indptr, indices: indices.slice(0, nnz), sims: sims.slice(0, nnz) };
}

/** Inner-loop work of each row (Σ over its features of the rows sharing them), for balancing threads. */
export function rowCosts(rows: Csr, byFeature: Csr): Float64Array {
  const nRows = rows.indptr.length - 1;
  const cost = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) {
    let c = 1;
    for (let p = rows.indptr[i]!; p < rows.indptr[i + 1]!; p++) {
      const f = rows.indices[p]!;
      c += byFeature.indptr[f + 1]! - byFeature.indptr[f]!;
    }
    cost[i] = c;
  }
  return cost;
}

/** Concatenates range results (in row order) into one neighbour list. */
export function concatNeighbours(parts: readonly Neighbours[]): Neighbours {
  const nRows = parts.reduce((s, p) => s + p.indptr.length - 1, 0);
  const nnz = parts.reduce((s, p) => s + p.indices.length, 0);
  const indptr = new Int32Array(nRows + 1);
  const indices = new Int32Array(nnz);
  const sims = new Float32Array(nnz);
  let row = 0;
  let offset = 0;
  for (const part of parts) {
    const n = part.indptr.length - 1;
    for (let r = 1; r <= n; r++) indptr[row + r] = offset + part.indptr[r]!;
    indices.set(part.indices, offset);
    sims.set(part.sims, offset);
    row += n;
    offset += part.indices.length;
  }
  return { indptr, indices, sims };
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
