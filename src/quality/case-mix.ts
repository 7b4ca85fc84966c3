/**
 * Case-mix adjustment: what an item's learners would have said had its audience been the
 * platform's typical one. A rating says something about the content and something about the rater
 * — a learner rating a course outside their main subject, or in a language they read reluctantly,
 * gives fewer stars to the same content — and items differ in who they reach, so their plain
 * averages mix the two. Hospital report cards face the same problem (patients differ between
 * hospitals) and answer it the same way: risk adjustment.
 *
 * Each observation y (one learner's rating of one item) comes with features x that describe the
 * learner's fit to the item, not the item (see `learner-fit.ts`). The effect β of the features is
 * estimated *within items* — ordinary least squares on deviations from each item's own means
 * (the fixed-effects estimator) — so differences between items, quality among them, cannot leak
 * into β: only how a better-fitting learner rates the same item higher. Each observation is then
 * moved to the platform's typical fit, y − β·(x − x̄), and the item's average of these is what its
 * learners would have given with a typical audience. Only observations whose features are all
 * known inform β; a feature the platform does not know for an observation (NaN) moves it nothing,
 * and one it knows for no observation at all drops out of the model.
 *
 * `caseMixAdjust` is the fast version (one pass for item means, one for the p × p normal
 * equations); `caseMixAdjustReference` solves the same model written plainly with one dummy
 * variable per item, and the tests hold one to the other.
 *
 * @example
 *   // 3 ratings, 2 items, one feature (how central the item's topic is to the rater)
 *   const r = caseMixAdjust(Int32Array.of(0, 0, 1), Float64Array.of(5, 3, 4), Float64Array.of(1, 0, 0.5), 1);
 *   r.beta[0];      // 2: within item 0, a fully fitting rater gives 2 stars more
 *   r.adjusted[0];  // 5 − 2·(1 − 0.5) = 4
 */

export interface CaseMix {
  /** Effect of each feature on an observation, estimated within items (0 when it cannot be). */
  beta: Float64Array;
  /** Each feature's mean over the observations that have it: the typical fit. */
  mean: Float64Array;
  /** Each observation moved to the typical fit: y − β·(x − mean). */
  adjusted: Float64Array;
}

/**
 * @param item item position per observation (negative: left out)
 * @param y the observations
 * @param x features, row-major (observation k's feature j at x[k·p + j]); NaN = unknown
 * @param p features per observation
 */
export function caseMixAdjust(item: Int32Array, y: Float64Array, features: Float64Array, p: number): CaseMix {
  const n = item.length;
  const x = withoutAbsentFeatures(item, features, p);
  const mean = featureMeans(item, x, p);
  let items = 0;
  for (let k = 0; k < n; k++) if (item[k]! + 1 > items) items = item[k]! + 1;
  // Per item, over the observations with every feature known: count, and sums of y and of each feature.
  const count = new Float64Array(items), sumY = new Float64Array(items), sumX = new Float64Array(items * p);
  for (let k = 0; k < n; k++) {
    const i = item[k]!;
    if (!informs(item, x, p, k)) continue;
    count[i]! += 1;
    sumY[i]! += y[k]!;
    for (let j = 0; j < p; j++) sumX[i * p + j]! += x[k * p + j]!;
  }
  // Normal equations of the within-item regression: Σ dx dxᵀ β = Σ dx dy.
  const a = new Float64Array(p * p), b = new Float64Array(p), dx = new Float64Array(p);
  for (let k = 0; k < n; k++) {
    const i = item[k]!;
    if (!informs(item, x, p, k) || count[i]! < 2) continue;
    const c = count[i]!;
    const dy = y[k]! - sumY[i]! / c;
    for (let j = 0; j < p; j++) dx[j] = x[k * p + j]! - sumX[i * p + j]! / c;
    for (let r = 0; r < p; r++) {
      b[r]! += dx[r]! * dy;
      for (let s = 0; s < p; s++) a[r * p + s]! += dx[r]! * dx[s]!;
    }
  }
  const beta = solveSymmetric(a, b, p);
  return { beta, mean, adjusted: adjustedValues(item, y, x, p, beta, mean) };
}

/** The same model with an explicit dummy variable per item, solved as one least-squares problem. */
export function caseMixAdjustReference(item: Int32Array, y: Float64Array, features: Float64Array, p: number): CaseMix {
  const x = withoutAbsentFeatures(item, features, p);
  const mean = featureMeans(item, x, p);
  const used = [...new Set(Array.from(item).filter((i, k) => informs(item, x, p, k)))].sort((u, v) => u - v);
  const column = new Map(used.map((i, c) => [i, p + c]));
  const q = p + used.length;
  const a = new Float64Array(q * q), b = new Float64Array(q);
  item.forEach((i, k) => {
    if (!informs(item, x, p, k)) return;
    const row = new Float64Array(q);
    for (let j = 0; j < p; j++) row[j] = x[k * p + j]!;
    row[column.get(i)!] = 1;
    for (let r = 0; r < q; r++) {
      b[r]! += row[r]! * y[k]!;
      for (let s = 0; s < q; s++) a[r * q + s]! += row[r]! * row[s]!;
    }
  });
  const beta = solveSymmetric(a, b, q).slice(0, p);
  return { beta, mean, adjusted: adjustedValues(item, y, x, p, beta, mean) };
}

function featureMeans(item: Int32Array, x: Float64Array, p: number): Float64Array {
  const mean = new Float64Array(p), seen = new Float64Array(p);
  for (let k = 0; k < item.length; k++) {
    if (item[k]! < 0) continue;
    for (let j = 0; j < p; j++) {
      const v = x[k * p + j]!;
      if (Number.isNaN(v)) continue;
      mean[j]! += v;
      seen[j]! += 1;
    }
  }
  for (let j = 0; j < p; j++) mean[j] = seen[j]! > 0 ? mean[j]! / seen[j]! : 0;
  return mean;
}

/**
 * A feature the platform never knows (no learner told their language) would keep every observation
 * out of the estimate; it is set to 0 everywhere instead — it then never varies, gets β = 0 and
 * moves nothing, and the other features still adjust.
 */
function withoutAbsentFeatures(item: Int32Array, x: Float64Array, p: number): Float64Array {
  const known = new Uint8Array(p);
  for (let k = 0; k < item.length; k++) {
    if (item[k]! < 0) continue;
    for (let j = 0; j < p; j++) if (!Number.isNaN(x[k * p + j]!)) known[j] = 1;
  }
  if (known.every((v) => v === 1)) return x;
  const out = Float64Array.from(x);
  for (let j = 0; j < p; j++) if (!known[j]) for (let k = 0; k < item.length; k++) out[k * p + j] = 0;
  return out;
}

/** Whether observation k takes part in estimating β: it belongs to an item and all its features are known. */
function informs(item: Int32Array, x: Float64Array, p: number, k: number): boolean {
  if (item[k]! < 0) return false;
  for (let j = 0; j < p; j++) if (Number.isNaN(x[k * p + j]!)) return false;
  return true;
}

function filled(v: number, mean: number): number {
  return Number.isNaN(v) ? mean : v;
}

function adjustedValues(item: Int32Array, y: Float64Array, x: Float64Array, p: number, beta: Float64Array, mean: Float64Array): Float64Array {
  const out = new Float64Array(item.length);
  for (let k = 0; k < item.length; k++) {
    let shift = 0;
    for (let j = 0; j < p; j++) shift += beta[j]! * (filled(x[k * p + j]!, mean[j]!) - mean[j]!);
    out[k] = y[k]! - shift;
  }
  return out;
}

/**
 * Solves a·β = b for a symmetric positive semi-definite p × p matrix by Gauss–Jordan elimination
 * with partial pivoting. A direction the data cannot inform (a feature that never varies within an
 * item) gets β = 0 rather than a huge number: that feature then adjusts nothing.
 */
export function solveSymmetric(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const m = Float64Array.from(a), r = Float64Array.from(b);
  let scale = 0;
  for (let j = 0; j < p; j++) scale = Math.max(scale, Math.abs(m[j * p + j]!));
  const tiny = Math.max(scale, 1e-300) * 1e-10;
  const beta = new Float64Array(p);
  const usable = new Uint8Array(p);
  for (let c = 0; c < p; c++) {
    let best = -1;
    for (let row = c; row < p; row++) if (best < 0 || Math.abs(m[row * p + c]!) > Math.abs(m[best * p + c]!)) best = row;
    if (Math.abs(m[best * p + c]!) <= tiny) continue;
    if (best !== c) {
      for (let k = 0; k < p; k++) { const t = m[c * p + k]!; m[c * p + k] = m[best * p + k]!; m[best * p + k] = t; }
      const t = r[c]!; r[c] = r[best]!; r[best] = t;
    }
    usable[c] = 1;
    for (let row = 0; row < p; row++) {
      if (row === c) continue;
      const f = m[row * p + c]! / m[c * p + c]!;
      if (f === 0) continue;
      for (let k = c; k < p; k++) m[row * p + k]! -= f * m[c * p + k]!;
      r[row]! -= f * r[c]!;
    }
  }
  for (let c = 0; c < p; c++) beta[c] = usable[c] ? r[c]! / m[c * p + c]! : 0;
  return beta;
}
