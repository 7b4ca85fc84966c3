/**
 * Term weighting of a sparse documents × terms matrix, as in text retrieval: for item-item
 * neighbours the documents are items and the terms are users, so a user who interacted with
 * everything (a low-information "term") weighs little, and BM25's length normalisation damps
 * very popular items.
 *
 * - `tfidf`: w = √v · log(nDocs / (1 + df)), where df = documents containing the term.
 * - `bm25`:  w = v·(k1 + 1) / (v + k1·(1 − b + b·len/avgLen)) · idf, idf = log(nDocs / df) (as in
 *   the implicit library's bm25_weight), with len = Σ v of the document.
 *
 * @example
 *   const weighted = bm25({ indptr, indices, values }, nUsers, 100, 0.8);
 */
import type { Csr } from './sparse.js';

export type Weighting = 'none' | 'tfidf' | 'bm25';

export function applyWeighting(m: Csr, nTerms: number, weighting: Weighting, k1: number, b: number): Float32Array {
  if (weighting === 'tfidf') return tfidf(m, nTerms);
  if (weighting === 'bm25') return bm25(m, nTerms, k1, b);
  return m.values.slice();
}

function documentFrequency(m: Csr, nTerms: number): Float64Array {
  const df = new Float64Array(nTerms);
  const nnz = m.indptr[m.indptr.length - 1]!;
  for (let p = 0; p < nnz; p++) df[m.indices[p]!]!++;
  return df;
}

export function tfidf(m: Csr, nTerms: number): Float32Array {
  const nDocs = m.indptr.length - 1;
  const df = documentFrequency(m, nTerms);
  const idf = Float64Array.from(df, (d) => Math.log(nDocs / (1 + d)));
  const out = new Float32Array(m.values.length);
  for (let p = 0; p < out.length; p++) out[p] = Math.sqrt(Math.max(0, m.values[p]!)) * idf[m.indices[p]!]!;
  return out;
}

export function bm25(m: Csr, nTerms: number, k1: number, b: number): Float32Array {
  const nDocs = m.indptr.length - 1;
  const df = documentFrequency(m, nTerms);
  const idf = Float64Array.from(df, (d) => (d > 0 ? Math.log(nDocs / d) : 0));
  const len = new Float64Array(nDocs);
  let total = 0;
  for (let d = 0; d < nDocs; d++) {
    for (let p = m.indptr[d]!; p < m.indptr[d + 1]!; p++) len[d]! += m.values[p]!;
    total += len[d]!;
  }
  const avgLen = nDocs > 0 ? total / nDocs : 1;
  const out = new Float32Array(m.values.length);
  for (let d = 0; d < nDocs; d++) {
    const norm = k1 * (1 - b + (b * len[d]!) / (avgLen || 1));
    for (let p = m.indptr[d]!; p < m.indptr[d + 1]!; p++) {
      const v = m.values[p]!;
      out[p] = ((v * (k1 + 1)) / (v + norm)) * idf[m.indices[p]!]!;
    }
  }
  return out;
}
