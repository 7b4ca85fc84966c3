/**
 * The users × items interaction matrix every recommender learns from: CSR on typed arrays,
 * plus the maps between external ids and row/column indices.
 *
 * Rows are users, columns items; within a row, column indices are sorted ascending and unique.
 * `values` holds the interaction strength (a rating, or a confidence built from event weights);
 * `times` holds the latest interaction time of each cell in epoch milliseconds (0 when unknown).
 *
 * @example
 *   const m = interactionsFromTriples([{ user: 'u1', item: 'c7', value: 1, time: 0 }]);
 *   m.userIndex.get('u1'); // 0
 */
export interface Interactions {
  readonly nUsers: number;
  readonly nItems: number;
  readonly userIds: readonly string[];
  readonly itemIds: readonly string[];
  readonly userIndex: ReadonlyMap<string, number>;
  readonly itemIndex: ReadonlyMap<string, number>;
  /** Row offsets, length nUsers + 1. */
  readonly indptr: Int32Array;
  /** Item index of each non-zero, length nnz. */
  readonly indices: Int32Array;
  readonly values: Float32Array;
  readonly times: Float64Array;
}

export interface Triple {
  user: string;
  item: string;
  value: number;
  /** Epoch milliseconds; 0 when unknown. */
  time?: number;
}

/** How repeated (user, item) pairs combine: keep the last by time, or add the values up. */
export type DuplicatePolicy = 'last' | 'sum' | 'max';

export interface BuildOptions {
  duplicates?: DuplicatePolicy;
  /** Fix the id spaces (e.g. to score a test set in the training set's index); unknown ids are skipped. */
  userIds?: readonly string[];
  itemIds?: readonly string[];
}

/** Builds an Interactions matrix from (user, item, value, time) triples. */
export function interactionsFromTriples(triples: Iterable<Triple>, options: BuildOptions = {}): Interactions {
  const policy = options.duplicates ?? 'last';
  const fixedUsers = options.userIds !== undefined;
  const fixedItems = options.itemIds !== undefined;
  const userIds: string[] = options.userIds ? [...options.userIds] : [];
  const itemIds: string[] = options.itemIds ? [...options.itemIds] : [];
  const userIndex = new Map(userIds.map((id, i) => [id, i]));
  const itemIndex = new Map(itemIds.map((id, i) => [id, i]));

  const rowsU: number[] = [];
  const rowsI: number[] = [];
  const rowsV: number[] = [];
  const rowsT: number[] = [];
  for (const t of triples) {
    let u = userIndex.get(t.user);
    if (u === undefined) {
      if (fixedUsers) continue;
      u = userIds.length;
      userIds.push(t.user);
      userIndex.set(t.user, u);
    }
    let i = itemIndex.get(t.item);
    if (i === undefined) {
      if (fixedItems) continue;
      i = itemIds.length;
      itemIds.push(t.item);
      itemIndex.set(t.item, i);
    }
    rowsU.push(u);
    rowsI.push(i);
    rowsV.push(t.value);
    rowsT.push(t.time ?? 0);
  }
  return fromCoordinates(userIds, itemIds, userIndex, itemIndex, rowsU, rowsI, rowsV, rowsT, policy);
}

function fromCoordinates(
  userIds: string[], itemIds: string[],
  userIndex: Map<string, number>, itemIndex: Map<string, number>,
  rowsU: number[], rowsI: number[], rowsV: number[], rowsT: number[],
  policy: DuplicatePolicy,
): Interactions {
  const nUsers = userIds.length;
  const n = rowsU.length;
  // Stable sort of entry positions by (user, item, time) so duplicates sit together in time order.
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  order.sort((a, b) => rowsU[a]! - rowsU[b]! || rowsI[a]! - rowsI[b]! || rowsT[a]! - rowsT[b]! || a - b);

  const indptr = new Int32Array(nUsers + 1);
  const indices: number[] = [];
  const values: number[] = [];
  const times: number[] = [];
  let prevU = -1;
  let prevI = -1;
  for (let k = 0; k < n; k++) {
    const e = order[k]!;
    const u = rowsU[e]!;
    const i = rowsI[e]!;
    if (u === prevU && i === prevI) {
      const last = values.length - 1;
      if (policy === 'sum') values[last]! += rowsV[e]!;
      else if (policy === 'max') values[last] = Math.max(values[last]!, rowsV[e]!);
      else values[last] = rowsV[e]!;
      times[last] = Math.max(times[last]!, rowsT[e]!);
      continue;
    }
    indptr[u + 1]!++;
    indices.push(i);
    values.push(rowsV[e]!);
    times.push(rowsT[e]!);
    prevU = u;
    prevI = i;
  }
  for (let u = 0; u < nUsers; u++) indptr[u + 1]! += indptr[u]!;
  return {
    nUsers, nItems: itemIds.length, userIds, itemIds, userIndex, itemIndex, indptr,
    indices: Int32Array.from(indices), values: Float32Array.from(values), times: Float64Array.from(times),
  };
}

/** The non-zeros of one user's row, with their times (views into the matrix, not copies). */
export function userRow(m: Interactions, user: number): { items: Int32Array; values: Float32Array; times: Float64Array } {
  const start = m.indptr[user]!;
  const end = m.indptr[user + 1]!;
  return { items: m.indices.subarray(start, end), values: m.values.subarray(start, end), times: m.times.subarray(start, end) };
}

/** Number of non-zeros. */
export function nnz(m: Interactions): number {
  return m.indptr[m.nUsers]!;
}
