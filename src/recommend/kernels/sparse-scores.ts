/**
 * Sparse subsets of the catalogue without per-request O(items) work. `SparseScores` is a score
 * vector over every item that only a few items touch: a dense buffer plus the list of
 * touched items. Spreading a learner's history over item neighbour lists (item-KNN scoring)
 * touches |history| × K items, so with the list the cost of scoring, reading the candidates and
 * clearing for the next learner is that, not the size of the catalogue — at 100,000 items the
 * difference between a few microseconds and a fresh 400 KB array per request.
 *
 * @example
 *   const acc = new SparseScores(nItems);
 *   acc.spread(neighbours, history.items, weights);
 *   for (let t = 0; t < acc.count; t++) use(acc.touched[t], acc.values[acc.touched[t]]);
 *   acc.clear();
 */
import type { Neighbours } from './neighbours.js';

export class SparseScores {
  /** Score of every item; 0 outside `touched[0 … count)`. */
  readonly values: Float32Array;
  /** The items touched since the last `clear`, in first-touch order. */
  readonly touched: Int32Array;
  readonly #mark: Uint8Array;
  #count = 0;

  constructor(nItems: number) {
    this.values = new Float32Array(nItems);
    this.touched = new Int32Array(nItems);
    this.#mark = new Uint8Array(nItems);
  }

  get count(): number {
    return this.#count;
  }

  /**
   * values[j] += weights[h] · sim(sources[h], j) over each source's neighbour list: the same
   * Float32 sums, in the same order, as `spreadOverNeighbours` into a zeroed dense vector.
   */
  spread(nb: Neighbours, sources: Int32Array, weights: ArrayLike<number>): void {
    const { indptr, indices, sims } = nb;
    const values = this.values, mark = this.#mark, touched = this.touched;
    let count = this.#count;
    for (let h = 0; h < sources.length; h++) {
      const i = sources[h]!;
      const w = weights[h]!;
      if (w === 0) continue;
      const end = indptr[i + 1]!;
      for (let p = indptr[i]!; p < end; p++) {
        const j = indices[p]!;
        if (mark[j] === 0) {
          mark[j] = 1;
          touched[count++] = j;
        }
        values[j]! += w * sims[p]!;
      }
    }
    this.#count = count;
  }

  /** Zeroes the touched entries (cost: their number). */
  clear(): void {
    const values = this.values, mark = this.#mark, touched = this.touched;
    for (let t = 0; t < this.#count; t++) {
      values[touched[t]!] = 0;
      mark[touched[t]!] = 0;
    }
    this.#count = 0;
  }
}

/**
 * A set of item indices with O(1) add and a clear that costs its size: the candidate pool of one
 * request, gathered from several sources that may name the same item.
 */
export class ItemSet {
  readonly items: Int32Array;
  readonly #mark: Uint8Array;
  #count = 0;

  constructor(nItems: number) {
    this.items = new Int32Array(nItems);
    this.#mark = new Uint8Array(nItems);
  }

  get count(): number {
    return this.#count;
  }

  has(item: number): boolean {
    return this.#mark[item] !== 0;
  }

  add(item: number): void {
    if (this.#mark[item] !== 0) return;
    this.#mark[item] = 1;
    this.items[this.#count++] = item;
  }

  clear(): void {
    for (let t = 0; t < this.#count; t++) this.#mark[this.items[t]!] = 0;
    this.#count = 0;
  }
}

/**
 * out[c] = Σ_p values[p] · dense[indices[p]] over row rows[c] of a CSR matrix, for c < count: the
 * dot products of a few rows (candidate items' text vectors) with one dense vector (a profile).
 * `nonZero` (1 where `dense` may be non-zero) lets a sparse dense vector over a large vocabulary
 * be read only where it matters: the byte map stays in cache where the Float64 vector would not.
 */
export function rowDotsAt(
  indptr: Int32Array, indices: Int32Array, values: Float32Array, dense: Float64Array, rows: Int32Array, count: number, out: Float64Array,
  nonZero?: Uint8Array,
): void {
  for (let c = 0; c < count; c++) {
    const r = rows[c]!;
    let s = 0;
    const end = indptr[r + 1]!;
    if (nonZero === undefined) {
      for (let p = indptr[r]!; p < end; p++) s += values[p]! * dense[indices[p]!]!;
    } else {
      for (let p = indptr[r]!; p < end; p++) if (nonZero[indices[p]!] !== 0) s += values[p]! * dense[indices[p]!]!;
    }
    out[c] = s;
  }
}
