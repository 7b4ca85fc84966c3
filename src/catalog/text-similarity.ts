/**
 * Scoring every item against one text query (an item's vector, a learner profile, interests) on
 * L2-normalised sparse rows, so the score is the cosine. Two kernels, chosen per query by cost:
 * - **postings**: walk the inverted lists of the query's terms (cost Σ df of its terms) — fast for
 *   short queries such as one item or a few interests;
 * - **rows**: gather every item row against a dense query (cost nnz of the whole matrix) — fast for
 *   long learner profiles that touch most of the vocabulary.
 * `scoreQueryReference` is the obvious per-item merge, kept to test both against.
 *
 * @example
 *   const index = textIndex(features.vectors);
 *   const scores = new Float32Array(index.rows.nRows);
 *   scoreSparseQuery(index, sparseRow(features.vectors, 3), scores); // cosine of item 3 to every item
 */
import { transposeCsr, type Csr } from '../recommend/kernels/linalg-sparse.js';
import { rowDot, type SparseRows, type SparseVector } from './text-features.js';

export interface TextIndex {
  /** Items × terms. */
  readonly rows: SparseRows;
  /** Terms × items (the inverted index), item indices ascending within a term. */
  readonly postings: Csr;
}

export function textIndex(rows: SparseRows): TextIndex {
  return { rows, postings: transposeCsr(rows.indptr, rows.indices, rows.values, rows.nCols) };
}

/** Writes the cosine of `query` to every item into `out` (length nRows), overwriting it. */
export function scoreSparseQuery(index: TextIndex, query: SparseVector, out: Float32Array): void {
  out.fill(0);
  const { indptr, indices, values } = index.postings;
  const qi = query.indices;
  const qv = query.values;
  for (let j = 0; j < qi.length; j++) {
    const w = qv[j]!;
    const end = indptr[qi[j]! + 1]!;
    for (let p = indptr[qi[j]!]!; p < end; p++) out[indices[p]!]! += w * values[p]!;
  }
}

/** Writes Σ_t dense[t] · row[t] for every item row into `out`, overwriting it. */
export function scoreDenseQuery(index: TextIndex, dense: Float64Array, out: Float32Array): void {
  const { nRows, indptr, indices, values } = index.rows;
  for (let r = 0; r < nRows; r++) {
    let s = 0;
    const end = indptr[r + 1]!;
    for (let p = indptr[r]!; p < end; p++) s += dense[indices[p]!]! * values[p]!;
    out[r] = s;
  }
}

/** Work of the postings kernel for these query terms (Σ df), to compare with nnz for the rows kernel. */
export function postingsCost(index: TextIndex, terms: ArrayLike<number>, count = terms.length): number {
  const ptr = index.postings.indptr;
  let cost = 0;
  for (let j = 0; j < count; j++) cost += ptr[terms[j]! + 1]! - ptr[terms[j]!]!;
  return cost;
}

/** The obvious version: one sorted-merge dot product per item row. */
export function scoreQueryReference(rows: SparseRows, query: SparseVector): Float64Array {
  const out = new Float64Array(rows.nRows);
  for (let r = 0; r < rows.nRows; r++) out[r] = rowDot(rows, r, query);
  return out;
}

/**
 * A query built as a weighted sum of item rows (a learner profile), accumulated densely over the
 * vocabulary while remembering which terms it touched, so clearing costs the profile's size, not
 * the vocabulary's. `scoreInto` normalises it, picks the cheaper kernel, and clears it.
 *
 * @example
 *   const profile = new ProfileAccumulator(features.vectors.nCols);
 *   profile.add(features.vectors, 3, 1.0);
 *   profile.add(features.vectors, 8, 0.5);
 *   profile.scoreInto(index, scores); // cosine of the profile to every item
 */
export class ProfileAccumulator {
  readonly #dense: Float64Array;
  readonly #touched: Int32Array;
  readonly #mark: Uint8Array;
  readonly #sparse: Float32Array;
  #count = 0;

  constructor(nTerms: number) {
    this.#dense = new Float64Array(nTerms);
    this.#touched = new Int32Array(nTerms);
    this.#mark = new Uint8Array(nTerms);
    this.#sparse = new Float32Array(nTerms);
  }

  /** Adds weight × rows[row]. */
  add(rows: SparseRows, row: number, weight: number): void {
    const { indptr, indices, values } = rows;
    const dense = this.#dense;
    const mark = this.#mark;
    const end = indptr[row + 1]!;
    for (let p = indptr[row]!; p < end; p++) {
      const t = indices[p]!;
      if (mark[t] === 0) {
        mark[t] = 1;
        this.#touched[this.#count++] = t;
      }
      dense[t]! += weight * values[p]!;
    }
  }

  /** Writes the cosine of the accumulated profile to every row into `out` (0 for an empty profile), then clears. */
  scoreInto(index: TextIndex, out: Float32Array): void {
    const dense = this.#dense;
    const touched = this.#touched;
    const n = this.#count;
    let norm = 0;
    for (let j = 0; j < n; j++) norm += dense[touched[j]!]! * dense[touched[j]!]!;
    if (!(norm > 0)) {
      out.fill(0);
    } else if (postingsCost(index, touched, n) < index.rows.indices.length) {
      const scale = 1 / Math.sqrt(norm);
      const sparse = this.#sparse;
      for (let j = 0; j < n; j++) sparse[j] = dense[touched[j]!]! * scale;
      scoreSparseQuery(index, { indices: touched.subarray(0, n), values: sparse.subarray(0, n) }, out);
    } else {
      const scale = 1 / Math.sqrt(norm);
      for (let j = 0; j < n; j++) dense[touched[j]!]! *= scale;
      scoreDenseQuery(index, dense, out);
    }
    for (let j = 0; j < n; j++) {
      dense[touched[j]!] = 0;
      this.#mark[touched[j]!] = 0;
    }
    this.#count = 0;
  }
}
