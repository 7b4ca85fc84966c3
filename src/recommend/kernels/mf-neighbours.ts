/**
 * Item-based neighbourhood correction for rating prediction, as in Koren's KNNBaseline (2010,
 * "Factor in the neighbors", §2.2): predict r̂_ui = base_ui + Σ_j s_ij·(r_uj − base_uj) / Σ_j s_ij
 * over the k items j the user rated that are most similar to i (positive similarities only).
 *
 * Similarity is the Pearson correlation of the *residuals* e = r − base of the users two items
 * share, shrunk toward 0 when few users support it: s_ij = (n_ij − 1)/(n_ij − 1 + shrinkage)·ρ_ij.
 * With base = the baseline μ + b_u + b_i this is Surprise's `pearson_baseline`.
 *
 * Each item keeps its `maxNeighbours` most similar items (positive similarity), sorted by
 * similarity descending, so the k nearest rated neighbours of (u, i) are the first k entries of
 * i's list that the user rated: a scan with an early exit.
 *
 * @example
 *   const nb = itemNeighbours(byUser, userResiduals, byItem, itemResiduals, nItems, 100, 300);
 *   markUser(marks, byUser, userResiduals, u);       // marks[j] = e_uj for the user's items, NaN elsewhere
 *   const offset = neighbourOffset(nb, i, marks, 40); // add to base_ui
 */
import type { Csr } from './linalg-sparse.js';
import { topK } from './topk.js';

export interface ItemNeighbours {
  /** Offsets per item, length nItems + 1. */
  readonly indptr: Int32Array;
  /** Neighbour item indices, most similar first within each item. */
  readonly items: Int32Array;
  readonly sims: Float32Array;
}

/**
 * Similar-item lists from residuals: `byUser` (users × items CSR) with `userResiduals` aligned to
 * its non-zeros, and the same data item-major in `byItem` / `itemResiduals`.
 */
export function itemNeighbours(
  byUser: Csr, userResiduals: Float32Array, byItem: Csr, itemResiduals: Float32Array,
  nItems: number, shrinkage: number, maxNeighbours: number,
): ItemNeighbours {
  const prod = new Float64Array(nItems);
  const sqI = new Float64Array(nItems);
  const sqJ = new Float64Array(nItems);
  const count = new Int32Array(nItems);
  const touched = new Int32Array(nItems);
  // Dense similarity row for the top-k kernel: -Infinity = not a neighbour.
  const simRow = new Float64Array(nItems).fill(-Infinity);
  const keptItems = new Int32Array(maxNeighbours);
  const keptSims = new Float32Array(maxNeighbours);
  const ptr = new Int32Array(nItems + 1);
  let outItems = new Int32Array(Math.min(nItems * maxNeighbours, 1 << 20));
  let outSims = new Float32Array(outItems.length);
  let nOut = 0;
  for (let i = 0; i < nItems; i++) {
    let nTouched = 0;
    for (let a = byItem.indptr[i]!; a < byItem.indptr[i + 1]!; a++) {
      const v = byItem.indices[a]!;
      const ei = itemResiduals[a]!;
      for (let b = byUser.indptr[v]!; b < byUser.indptr[v + 1]!; b++) {
        const j = byUser.indices[b]!;
        if (j === i) continue;
        const ej = userResiduals[b]!;
        if (count[j] === 0) touched[nTouched++] = j;
        count[j]!++;
        prod[j]! += ei * ej;
        sqI[j]! += ei * ei;
        sqJ[j]! += ej * ej;
      }
    }
    for (let t = 0; t < nTouched; t++) {
      const j = touched[t]!;
      const n = count[j]!;
      const den = Math.sqrt(sqI[j]! * sqJ[j]!);
      const s = n > 1 && den > 0 ? ((n - 1) / (n - 1 + shrinkage)) * (prod[j]! / den) : 0;
      if (s > 0) simRow[j] = s;
      count[j] = 0;
      prod[j] = 0;
      sqI[j] = 0;
      sqJ[j] = 0;
    }
    // Most similar first; ties break by lower item index, so the lists are deterministic.
    const keep = topK(simRow, maxNeighbours, keptItems, keptSims);
    for (let t = 0; t < nTouched; t++) simRow[touched[t]!] = -Infinity;
    if (nOut + keep > outItems.length) {
      const grown = Math.max(outItems.length * 2, nOut + keep);
      const gi = new Int32Array(grown);
      gi.set(outItems.subarray(0, nOut));
      const gs = new Float32Array(grown);
      gs.set(outSims.subarray(0, nOut));
      outItems = gi;
      outSims = gs;
    }
    outItems.set(keptItems.subarray(0, keep), nOut);
    outSims.set(keptSims.subarray(0, keep), nOut);
    nOut += keep;
    ptr[i + 1] = nOut;
  }
  return { indptr: ptr, items: outItems.slice(0, nOut), sims: outSims.slice(0, nOut) };
}

/** Writes the user's residuals into `marks` (NaN elsewhere must already hold). */
export function markUser(marks: Float32Array, byUser: Csr, userResiduals: Float32Array, u: number): void {
  for (let b = byUser.indptr[u]!; b < byUser.indptr[u + 1]!; b++) marks[byUser.indices[b]!] = userResiduals[b]!;
}

/** Resets the user's entries of `marks` to NaN. */
export function unmarkUser(marks: Float32Array, byUser: Csr, u: number): void {
  for (let b = byUser.indptr[u]!; b < byUser.indptr[u + 1]!; b++) marks[byUser.indices[b]!] = NaN;
}

/**
 * Σ s_ij·e_uj / Σ s_ij over the first k neighbours j of item i that the marked user rated
 * (marks[j] not NaN); 0 when there are none.
 */
export function neighbourOffset(nb: ItemNeighbours, i: number, marks: Float32Array, k: number): number {
  let num = 0;
  let den = 0;
  let found = 0;
  const end = nb.indptr[i + 1]!;
  for (let t = nb.indptr[i]!; t < end && found < k; t++) {
    const e = marks[nb.items[t]!]!;
    if (e !== e) continue;
    const s = nb.sims[t]!;
    num += s * e;
    den += s;
    found++;
  }
  return den > 0 ? num / den : 0;
}

/**
 * Baseline biases by alternating ridge regressions (Koren 2010, as Surprise's `baseline_als`):
 * b_u = Σ(r − μ − b_i)/(regUser + n_u), b_i = Σ(r − μ − b_u)/(regItem + n_i), `epochs` times.
 */
export function fitBaselines(
  byUser: Csr, byItem: Csr, mean: number, regUser: number, regItem: number, epochs: number,
): { userBias: Float32Array; itemBias: Float32Array } {
  const nUsers = byUser.indptr.length - 1;
  const nItems = byItem.indptr.length - 1;
  const bu = new Float32Array(nUsers);
  const bi = new Float32Array(nItems);
  for (let e = 0; e < epochs; e++) {
    for (let u = 0; u < nUsers; u++) {
      let s = 0;
      for (let b = byUser.indptr[u]!; b < byUser.indptr[u + 1]!; b++) s += byUser.values[b]! - mean - bi[byUser.indices[b]!]!;
      bu[u] = s / (regUser + byUser.indptr[u + 1]! - byUser.indptr[u]!);
    }
    for (let i = 0; i < nItems; i++) {
      let s = 0;
      for (let a = byItem.indptr[i]!; a < byItem.indptr[i + 1]!; a++) s += byItem.values[a]! - mean - bu[byItem.indices[a]!]!;
      bi[i] = s / (regItem + byItem.indptr[i + 1]! - byItem.indptr[i]!);
    }
  }
  return { userBias: bu, itemBias: bi };
}
