/**
 * The batch loops every recommender shares: check the requested indices, build each row's
 * exclusion mask from the filter (seen items, `exclude`, `allow`), let the model score one row into
 * a reused dense buffer, and keep the top k. A model supplies only its scoring function, so the
 * filter semantics of the Recommender contract live in exactly one place.
 *
 * @example
 *   recommend(users, k, filter) {
 *     return recommendBatch(this.data, users, k, filter, (user, out) => scoreUser(user, out));
 *   }
 */
import type { Interactions } from './interactions.js';
import type { RecommendFilter, TopKResult } from './recommender.js';
import { topK, TopKHeap } from './kernels/topk.js';

/** Writes a score for every item (length nItems) for one user or item. NaN/-Infinity = not a candidate. */
export type ScoreRowFn = (index: number, out: Float32Array) => void;

/** Bit set in the working mask for a row's own items, cleared again after the row. */
const rowBit = 2;

/** Top-k items per user, honouring `filterSeen` (default true), `exclude` and `allow`. */
export function recommendBatch(
  data: Interactions,
  users: ArrayLike<number>,
  k: number,
  filter: RecommendFilter | undefined,
  scoreUser: ScoreRowFn,
): TopKResult {
  checkK(k);
  checkIndices(users, data.nUsers, 'user');
  const nItems = data.nItems;
  const mask = baseMask(nItems, filter);
  const filterSeen = filter?.filterSeen ?? true;
  const n = users.length;
  const items = new Int32Array(n * k);
  const scores = new Float32Array(n * k);
  const buffer = new Float32Array(nItems);
  const heap = new TopKHeap(k);
  const { indptr, indices } = data;
  for (let r = 0; r < n; r++) {
    const u = users[r]!;
    buffer.fill(0);
    scoreUser(u, buffer);
    const start = indptr[u]!;
    const end = indptr[u + 1]!;
    if (filterSeen) for (let p = start; p < end; p++) mask[indices[p]!]! |= rowBit;
    topK(buffer, k, items, scores, r * k, mask, heap);
    if (filterSeen) for (let p = start; p < end; p++) mask[indices[p]!]! &= ~rowBit;
  }
  return { k, items, scores };
}

/** Top-k items per query item; the query item itself is never returned. */
export function similarBatch(nItems: number, queryItems: ArrayLike<number>, k: number, scoreItem: ScoreRowFn): TopKResult {
  checkK(k);
  checkIndices(queryItems, nItems, 'item');
  const n = queryItems.length;
  const items = new Int32Array(n * k);
  const scores = new Float32Array(n * k);
  const buffer = new Float32Array(nItems);
  const mask = new Uint8Array(nItems);
  const heap = new TopKHeap(k);
  for (let r = 0; r < n; r++) {
    const item = queryItems[r]!;
    buffer.fill(0);
    scoreItem(item, buffer);
    mask[item] = 1;
    topK(buffer, k, items, scores, r * k, mask, heap);
    mask[item] = 0;
  }
  return { k, items, scores };
}

/**
 * The part of the mask shared by every row: 1 where `exclude` is set or `allow` is not.
 * Always a fresh array, because rows add and remove their own bits.
 */
export function baseMask(nItems: number, filter: RecommendFilter | undefined): Uint8Array {
  const mask = new Uint8Array(nItems);
  const exclude = filter?.exclude;
  const allow = filter?.allow;
  if (exclude !== undefined) {
    checkMask(exclude, nItems, 'exclude');
    for (let i = 0; i < nItems; i++) if (exclude[i] !== 0) mask[i] = 1;
  }
  if (allow !== undefined) {
    checkMask(allow, nItems, 'allow');
    for (let i = 0; i < nItems; i++) if (allow[i] === 0) mask[i] = 1;
  }
  return mask;
}

/** Every index must be an integer in [0, n): a wrong index is a caller bug, never a silent empty row. */
export function checkIndices(values: ArrayLike<number>, n: number, what: 'user' | 'item'): void {
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    if (!Number.isInteger(v) || v < 0 || v >= n) {
      throw new RangeError(`${what} index ${v} is outside [0, ${n})`);
    }
  }
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
}

function checkMask(mask: Uint8Array, nItems: number, what: string): void {
  if (mask.length !== nItems) throw new RangeError(`${what} mask has length ${mask.length}, expected nItems = ${nItems}`);
}
