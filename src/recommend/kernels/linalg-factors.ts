/**
 * Scoring with learned factors, shared by every factor model (als, bpr, mf): a user's score for
 * item i is `bias[i] + x_u · y_i`; item-to-item similarity is the cosine of item factor rows.
 * These fill the dense score rows that `recommendBatch`/`similarBatch` rank.
 *
 * @example
 *   recommendBatch(data, users, k, filter, (u, out) =>
 *     scoreItems(userFactors, u * f, itemFactors, itemBias, f, out));
 */
import { dotRows } from './linalg.js';

/** out[i] = (bias?.[i] ?? 0) + x[xo..xo+f) · y_i for every item row of `y`. */
export function scoreItems(
  x: Float32Array, xo: number, y: Float32Array, bias: Float32Array | undefined, f: number, out: Float32Array,
): void {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const s = dotRows(x, xo, y, i * f, f);
    out[i] = bias === undefined ? s : s + bias[i]!;
  }
}

/**
 * out[j] = cos(y_item, y_j) given precomputed row norms. An item whose factors are all zero (never
 * seen in training) has no direction: every similarity with it is 0.
 */
export function cosineToItem(y: Float32Array, norms: Float32Array, item: number, f: number, out: Float32Array): void {
  const n = out.length;
  const ni = norms[item]!;
  for (let j = 0; j < n; j++) {
    const d = ni * norms[j]!;
    out[j] = d > 0 ? dotRows(y, item * f, y, j * f, f) / d : 0;
  }
}
