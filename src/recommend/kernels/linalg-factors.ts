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

/**
 * out[c] = x · y_{items[c]} for c < count: a learner's factor scores of a few candidate items
 * (the same Float32 inputs and dot product as `scoreItems`, so the same values).
 */
export function scoreItemsAt(x: Float32Array, y: Float32Array, f: number, items: Int32Array, count: number, out: Float64Array): void {
  for (let c = 0; c < count; c++) out[c] = Math.fround(dotRows(x, 0, y, items[c]! * f, f));
}

/** Mean of each factor column over the n rows of `y` (n × f). */
export function columnMeans(y: Float32Array, n: number, f: number): Float64Array {
  const out = new Float64Array(f);
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) out[j]! += y[i * f + j]!;
  if (n > 0) for (let j = 0; j < f; j++) out[j]! /= n;
  return out;
}

/** Mean and mean square of a set of scores. */
export interface ScoreMoments {
  mean: number;
  meanSquare: number;
}

/**
 * Mean and mean square over all n items of the score x · y_i, without scoring them: the mean is
 * x · ȳ (column means) and the mean square xᵀ(YᵀY)x / n, so O(f²) instead of O(n·f). Serving
 * standardises a learner's factor scores with these while scoring only a few candidates.
 */
export function factorScoreMoments(x: Float32Array, means: Float64Array, gram: Float64Array, n: number, f: number): ScoreMoments {
  let mean = 0;
  let quad = 0;
  for (let a = 0; a < f; a++) {
    mean += x[a]! * means[a]!;
    let row = 0;
    for (let b = 0; b < f; b++) row += gram[a * f + b]! * x[b]!;
    quad += x[a]! * row;
  }
  return { mean, meanSquare: n > 0 ? quad / n : 0 };
}
