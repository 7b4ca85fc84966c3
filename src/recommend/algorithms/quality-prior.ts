/**
 * The optional content-quality prior of `hybrid`: one value per item in [0, 1], aligned with the
 * item indices of the interactions the model is fitted on, where 0.5 means "no opinion" (the
 * quality service answers `0.5 + (score/100 − 0.5) × confidence`, so thinly known items stay near
 * 0.5). The hybrid turns it into a boost on the same scale as its standardised components:
 * `boost = Φ⁻¹(prior)`, so an item one spread above the platform's typical one, fully known, moves
 * by `qualityWeight` standard deviations of a component's scores, and an unknown item not at all.
 *
 * The probit keeps what the quality score means (a rank among items, from 100·Φ(z)) instead of
 * standardising the prior over items: a prior that is 0.5 for all but a few items would make those
 * few tower over every personal signal once divided by its tiny spread.
 *
 * @example
 *   const boost = qualityBoost(Float32Array.of(0.5, 0.84, 0.16), 3);   // ≈ [0, 1, −1]
 */

/** Priors are clamped to [priorFloor, 1 − priorFloor] so Φ⁻¹ stays finite (±3.1). */
const priorFloor = 0.001;

/** The `itemQuality` input checked: a Float32Array of values in [0, 1], or undefined when not given. */
export function checkItemQuality(value: unknown): Float32Array | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Float32Array)) throw new TypeError('hybrid: itemQuality must be a Float32Array aligned with the item indices');
  for (let i = 0; i < value.length; i++) {
    const v = value[i]!;
    if (!(v >= 0 && v <= 1)) throw new RangeError(`hybrid: itemQuality[${i}] must lie in [0, 1], got ${v}`);
  }
  return value;
}

/** Φ⁻¹ of every prior, for `nItems` items; the prior must have exactly that length. */
export function qualityBoost(prior: Float32Array, nItems: number): Float32Array {
  if (prior.length !== nItems) {
    throw new RangeError(`hybrid: itemQuality has ${prior.length} values but the data has ${nItems} items; align it with the item indices`);
  }
  const boost = new Float32Array(nItems);
  for (let i = 0; i < nItems; i++) boost[i] = probit(Math.min(1 - priorFloor, Math.max(priorFloor, prior[i]!)));
  return boost;
}

/**
 * Φ⁻¹(p), the standard normal quantile, for p in (0, 1): Acklam's rational approximation
 * (relative error < 1.2e-9), exactly 0 at p = 0.5 so "no opinion" adds nothing.
 */
export function probit(p: number): number {
  if (p === 0.5) return 0;
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -probit(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/**
 * The slow, obvious Φ⁻¹ the fast one is tested against: bisection on Φ, with Φ itself integrated
 * from the normal density by Simpson's rule.
 */
export function probitReference(p: number): number {
  const cdf = (x: number): number => {
    const steps = 2000;
    const h = x / steps;
    const pdf = (t: number) => Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI);
    let s = pdf(0) + pdf(x);
    for (let k = 1; k < steps; k++) s += (k % 2 ? 4 : 2) * pdf(k * h);
    return 0.5 + (s * h) / 3;
  };
  let lo = -10, hi = 10;
  for (let it = 0; it < 80; it++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
