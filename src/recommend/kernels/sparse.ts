/**
 * Compressed sparse rows on plain typed arrays, and the transpose that turns users × items (CSR)
 * into items × users (the same matrix read by columns). Kernels take these arrays, never objects.
 *
 * @example
 *   const byItem = transpose({ indptr, indices, values }, nItems);
 *   // byItem.indices[byItem.indptr[i] … byItem.indptr[i + 1]) are the users of item i
 */
export interface Csr {
  /** Row offsets, length nRows + 1. */
  readonly indptr: Int32Array;
  /** Column of each non-zero, ascending within a row. */
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** The transpose of a CSR matrix with `nCols` columns; rows of the result stay sorted. */
export function transpose(m: Csr, nCols: number): Csr {
  const nRows = m.indptr.length - 1;
  const nnz = m.indptr[nRows]!;
  const indptr = new Int32Array(nCols + 1);
  for (let p = 0; p < nnz; p++) indptr[m.indices[p]! + 1]!++;
  for (let c = 0; c < nCols; c++) indptr[c + 1]! += indptr[c]!;
  const next = indptr.slice(0, nCols);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  for (let r = 0; r < nRows; r++) {
    for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) {
      const q = next[m.indices[p]!]!++;
      indices[q] = r;
      values[q] = m.values[p]!;
    }
  }
  return { indptr, indices, values };
}

/** Same structure, new values. */
export function withValues(m: Csr, values: Float32Array): Csr {
  return { indptr: m.indptr, indices: m.indices, values };
}
