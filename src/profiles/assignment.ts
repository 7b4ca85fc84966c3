/**
 * Minimum-cost matching of rows to columns (the Hungarian method with potentials, O(r²·c)), used to
 * carry segment ids across recomputation: new centroids are matched to old ones by distance.
 * Every row gets a distinct column when rows ≤ columns, otherwise every column a distinct row.
 * `assignmentReference` tries every matching: the slow twin for tests.
 *
 * @example
 *   // cost[r * cols + c]
 *   minCostAssignment(Float64Array.of(4, 1, 2, 0), 2, 2); // Int32Array [1, 0]
 */
export function minCostAssignment(cost: Float64Array, rows: number, cols: number): Int32Array {
  if (rows > cols) {
    const t = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = cost[r * cols + c]!;
    const colToRow = minCostAssignment(t, cols, rows);
    const out = new Int32Array(rows).fill(-1);
    for (let c = 0; c < cols; c++) out[colToRow[c]!] = c;
    return out;
  }
  // 1-based arrays as in the textbook formulation; p[c] = row matched to column c (0 = none).
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(cols + 1);
  const p = new Int32Array(cols + 1);
  const way = new Int32Array(cols + 1);
  const minv = new Float64Array(cols + 1);
  const used = new Uint8Array(cols + 1);
  for (let r = 1; r <= rows; r++) {
    p[0] = r;
    let c0 = 0;
    minv.fill(Number.POSITIVE_INFINITY);
    used.fill(0);
    do {
      used[c0] = 1;
      const r0 = p[c0]!;
      let delta = Number.POSITIVE_INFINITY;
      let c1 = 0;
      for (let c = 1; c <= cols; c++) {
        if (used[c]) continue;
        const cur = cost[(r0 - 1) * cols + (c - 1)]! - u[r0]! - v[c]!;
        if (cur < minv[c]!) {
          minv[c] = cur;
          way[c] = c0;
        }
        if (minv[c]! < delta) {
          delta = minv[c]!;
          c1 = c;
        }
      }
      for (let c = 0; c <= cols; c++) {
        if (used[c]) {
          u[p[c]!]! += delta;
          v[c]! -= delta;
        } else minv[c]! -= delta;
      }
      c0 = c1;
    } while (p[c0] !== 0);
    do {
      const c1 = way[c0]!;
      p[c0] = p[c1]!;
      c0 = c1;
    } while (c0 !== 0);
  }
  const out = new Int32Array(rows).fill(-1);
  for (let c = 1; c <= cols; c++) if (p[c]! > 0) out[p[c]! - 1] = c - 1;
  return out;
}

/** The total cost of an assignment (rows left unassigned cost nothing). */
export function assignmentCost(cost: Float64Array, cols: number, assignment: Int32Array): number {
  let s = 0;
  assignment.forEach((c, r) => { if (c >= 0) s += cost[r * cols + c]!; });
  return s;
}

/** Every injective matching of the smaller side, the cheapest kept: exponential, for tests only. */
export function assignmentReference(cost: Float64Array, rows: number, cols: number): number {
  let best = Number.POSITIVE_INFINITY;
  const usedCols = new Set<number>();
  const usedRows = new Set<number>();
  const byRow = rows <= cols;
  const walk = (i: number, total: number) => {
    if (i === (byRow ? rows : cols)) {
      best = Math.min(best, total);
      return;
    }
    for (let j = 0; j < (byRow ? cols : rows); j++) {
      const taken = byRow ? usedCols : usedRows;
      if (taken.has(j)) continue;
      taken.add(j);
      walk(i + 1, total + (byRow ? cost[i * cols + j]! : cost[j * cols + i]!));
      taken.delete(j);
    }
  };
  walk(0, 0);
  return best;
}
