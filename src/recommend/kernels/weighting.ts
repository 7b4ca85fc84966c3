/**
 * Term weighting of a sparse documents × terms matrix, as in text retrieval. For item-item
 * neighbours the documents are items and the terms are users, so a learner who took everything (a
 * low-information "term") weighs little and BM25's length normalisation damps blockbuster items;
 * for user-user neighbours the roles swap.
 *
 * - `tfidf`: w = √v · max(0, log(nDocs / (1 + df))), where df = documents containing the term (a
 *   term found in nearly every document carries no information, never negative weight).
 * - `bm25`:  w = v·(k1 + 1) / (v + k1·(1 − b + b·len/avgLen)) · log(nDocs / df), as in the implicit
 *   library's bm25_weight, with len = Σ v of the document.
 * The statistics (idf, avgLen) are kept so a new document (a fresh history) is weighted alike.
 *
 * @example
 *   const stats = termStatistics(m, nUsers, 'bm25');
 *   const weighted = weightMatrix(m, stats, { weighting: 'bm25', k1: 100, b: 0.8 });
 */
import type { Csr } from './sparse.js';

export type Weighting = 'none' | 'tfidf' | 'bm25';

export interface WeightingOptions {
  weighting: Weighting;
  k1: number;
  b: number;
}

export interface TermStatistics {
  /** Inverse document frequency of each term (all 1 for `none`). */
  idf: Float64Array;
  /** Mean Σ v per document (BM25 length normalisation). */
  avgLen: number;
}

export function termStatistics(m: Csr, nTerms: number, weighting: Weighting): TermStatistics {
  const nDocs = m.indptr.length - 1;
  const nnz = m.indptr[nDocs]!;
  const df = new Float64Array(nTerms);
  let total = 0;
  for (let p = 0; p < nnz; p++) {
    df[m.indices[p]!]!++;
    total += m.values[p]!;
  }
  const idf = new Float64Array(nTerms);
  for (let t = 0; t < nTerms; t++) {
    const d = df[t]!;
    idf[t] = weighting === 'tfidf' ? Math.max(0, Math.log(nDocs / (1 + d))) : weighting === 'bm25' ? (d > 0 ? Math.log(nDocs / d) : 0) : 1;
  }
  return { idf, avgLen: nDocs > 0 && total > 0 ? total / nDocs : 1 };
}

/** Weights of one document's values (terms with values), written to `out`. */
export function weightDocument(
  terms: ArrayLike<number>,
  values: ArrayLike<number>,
  stats: TermStatistics,
  o: WeightingOptions,
  out: Float32Array,
  outOffset = 0,
): void {
  const n = terms.length;
  if (o.weighting === 'none') {
    for (let p = 0; p < n; p++) out[outOffset + p] = values[p]!;
  } else if (o.weighting === 'tfidf') {
    for (let p = 0; p < n; p++) out[outOffset + p] = Math.sqrt(Math.max(0, values[p]!)) * stats.idf[terms[p]!]!;
  } else {
    let len = 0;
    for (let p = 0; p < n; p++) len += values[p]!;
    const norm = o.k1 * (1 - o.b + (o.b * len) / stats.avgLen);
    for (let p = 0; p < n; p++) {
      const v = values[p]!;
      out[outOffset + p] = ((v * (o.k1 + 1)) / (v + norm)) * stats.idf[terms[p]!]!;
    }
  }
}

/** Every document of `m` weighted (same structure, new values). */
export function weightMatrix(m: Csr, stats: TermStatistics, o: WeightingOptions): Float32Array {
  const nDocs = m.indptr.length - 1;
  const out = new Float32Array(m.values.length);
  for (let d = 0; d < nDocs; d++) {
    const start = m.indptr[d]!;
    const end = m.indptr[d + 1]!;
    weightDocument(m.indices.subarray(start, end), m.values.subarray(start, end), stats, o, out, start);
  }
  return out;
}
