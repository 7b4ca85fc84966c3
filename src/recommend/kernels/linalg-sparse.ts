/**
 * Sparse helpers on CSR arrays (offsets, column indices, values).
 *
 * @example
 *   const t = transposeCsr(m.indptr, m.indices, m.values, m.nItems); // items × users
 */

export interface Csr {
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/**
 * The transpose of an nRows × nCols CSR matrix, as CSR of nCols rows. Within each output row the
 * column indices come out ascending because input rows are visited in order (counting sort).
 */
export function transposeCsr(indptr: Int32Array, indices: Int32Array, values: Float32Array, nCols: number): Csr {
  const nRows = indptr.length - 1;
  const nnz = indptr[nRows]!;
  const outPtr = new Int32Array(nCols + 1);
  for (let k = 0; k < nnz; k++) outPtr[indices[k]! + 1]!++;
  for (let c = 0; c < nCols; c++) outPtr[c + 1]! += outPtr[c]!;
  const cursor = outPtr.slice(0, nCols);
  const outIdx = new Int32Array(nnz);
  const outVal = new Float32Array(nnz);
  for (let r = 0; r < nRows; r++) {
    for (let k = indptr[r]!; k < indptr[r + 1]!; k++) {
      const dst = cursor[indices[k]!]!++;
      outIdx[dst] = r;
      outVal[dst] = values[k]!;
    }
  }
  return { indptr: outPtr, indices: outIdx, values: outVal };
}

/**
 * Splits rows `[0, nRows)` into `parts` contiguous ranges of about equal cost, where a row costs
 * `fixedCost + nnz(row)`. Returns part boundaries, length parts + 1.
 */
export function balancedRowRanges(indptr: Int32Array, parts: number, fixedCost: number): Int32Array {
  const nRows = indptr.length - 1;
  const total = indptr[nRows]! + fixedCost * nRows;
  const bounds = new Int32Array(parts + 1);
  let r = 0;
  for (let p = 1; p < parts; p++) {
    const target = (total * p) / parts;
    while (r < nRows && indptr[r]! + fixedCost * r < target) r++;
    bounds[p] = r;
  }
  bounds[parts] = nRows;
  return bounds;
}
