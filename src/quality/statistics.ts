/**
 * The small statistics content quality rests on: Bayesian averages and the empirical-Bayes prior
 * strength that decides how far a thin item is pulled toward the platform, the normal CDF that maps
 * standardised evidence to 0–100, the tests the diagnosis uses, and Spearman's rank correlation.
 * Plain functions over numbers and typed arrays; no storage, no HTTP.
 *
 * @example
 *   bayesianAverage(15, 3, 3.8, 10);     // 3 five-star ratings, platform mean 3.8, m = 10 → 4.08
 *   bayesianAverage(1350, 300, 3.8, 10); // 300 ratings averaging 4.5 → 4.48
 *   spearman(Float64Array.of(1, 2, 3), Float64Array.of(10, 30, 20)); // 0.5
 */

/**
 * The Bayesian average of `count` observations summing to `sum`: as if `strength` extra
 * observations at the prior mean had been seen. Few observations stay near the prior; many speak
 * for themselves. With no observations it is the prior.
 */
export function bayesianAverage(sum: number, count: number, priorMean: number, strength: number): number {
  return (sum + strength * priorMean) / (count + strength);
}

/** How much of the evidence is the item's own (0–1): count / (count + strength). */
export function evidenceShare(count: number, strength: number): number {
  return count <= 0 ? 0 : count / (count + strength);
}

export interface PriorEstimate {
  /** The pooled mean over every item (sum of sums / sum of counts). */
  mean: number;
  /** The spread of the items' true values around it (standard deviation), net of sampling noise. */
  between: number;
  /** The prior strength, in observations: within-item variance / between-item variance. */
  strength: number;
  /** False when too few items had enough evidence to measure the spread: `strength` is the fallback. */
  estimated: boolean;
}

/**
 * Empirical Bayes by the method of moments: from each item's observation count, sum and sum of
 * squares, how much items really differ (the variance of their means minus what sampling noise
 * explains) and hence how many observations an item needs before its own mean counts as much as
 * the platform's. For 0/1 observations (completions, refunds) pass sumSq = sum; for events over an
 * exposure (rewinds per watched hour) pass the exposure as counts, the events as sums and `poisson`.
 * Items with fewer than `minCount` observations do not inform the spread; `strength` is clamped to
 * [minStrength, maxStrength] so that a platform with almost no differences still ranks by evidence.
 * With fewer than three such items the spread cannot be measured and `fallbackStrength` is used.
 */
export function estimatePrior(
  counts: Float64Array, sums: Float64Array, sumSqs: Float64Array,
  o: { minCount?: number; minStrength?: number; maxStrength?: number; poisson?: boolean; fallbackStrength?: number } = {},
): PriorEstimate {
  const minCount = o.minCount ?? 2;
  const fallback = o.fallbackStrength ?? 10;
  const minStrength = o.minStrength ?? 1;
  const maxStrength = o.maxStrength ?? 1000;
  let n = 0, s = 0, ss = 0;
  for (let i = 0; i < counts.length; i++) { n += counts[i]!; s += sums[i]!; ss += sumSqs[i]!; }
  if (n === 0) return { mean: 0, between: 0, strength: fallback, estimated: false };
  const mean = s / n;
  const overall = ss / n - mean * mean;
  const noiseVariance = withinVariance(counts, sums, sumSqs, overall, o.poisson === true);
  if (noiseVariance === null) {
    // One observation per item (one expert each): noise and real differences cannot be told apart.
    // Assume the fallback strength m; then total = τ² + σ² = τ²(1 + m).
    return { mean, between: Math.sqrt(Math.max(overall, 0) / (1 + fallback)), strength: fallback, estimated: false };
  }
  const within = Math.max(noiseVariance, 1e-12);
  // Weighted (by count) variance of item means, and the part of it sampling noise accounts for.
  let items = 0, total = 0, spread = 0, noise = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c < minCount) continue;
    const m = sums[i]! / c;
    items++;
    total += c;
    spread += c * (m - mean) * (m - mean);
    noise += within;
  }
  if (items < 3) return { mean, between: Math.sqrt(within / fallback), strength: fallback, estimated: false };
  // E[Σ c (m − μ)²] ≈ τ² (Σc − Σc²/Σc) + (k − 1) σ²; the simpler Σc·τ² + k·σ² is close enough for
  // a prior and never negative after the floor below.
  const tau2 = Math.max((spread - noise) / total, within / maxStrength);
  const strength = Math.min(maxStrength, Math.max(minStrength, within / tau2));
  return { mean, between: Math.sqrt(within / strength), strength, estimated: true };
}

/**
 * The noise of one observation. Events over an exposure: the mean itself (Poisson). 0/1
 * observations: p(1 − p) (sumSq = sum makes the pooled variance exactly that). Other means: the
 * variance within items pooled over items with two or more observations — not the overall variance,
 * which would count the very differences between items the prior is meant to measure. Null when no
 * item has two observations of a mean (the noise cannot be measured).
 */
function withinVariance(counts: Float64Array, sums: Float64Array, sumSqs: Float64Array, total: number, poisson: boolean): number | null {
  let n = 0, s = 0;
  for (let i = 0; i < counts.length; i++) { n += counts[i]!; s += sums[i]!; }
  if (poisson) return s / n;
  if (sums.every((x, i) => x === sumSqs[i])) return total;
  let ss = 0, dof = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c < 2) continue;
    ss += sumSqs[i]! - (sums[i]! * sums[i]!) / c;
    dof += c - 1;
  }
  return dof > 0 ? ss / dof : null;
}

/** Φ(x), the standard normal CDF (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * Two-proportion z statistic: how many standard errors the first rate (x1 of n1) lies below (negative)
 * or above the second (x2 of n2), pooled variance. 0 when either side is empty.
 */
export function proportionZ(x1: number, n1: number, x2: number, n2: number): number {
  if (n1 <= 0 || n2 <= 0) return 0;
  const p = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  return se === 0 ? 0 : (x1 / n1 - x2 / n2) / se;
}

/**
 * Poisson rate z statistic: events k1 over exposure e1 against k2 over e2 (conditional binomial
 * test in its normal form). Positive when the first rate is higher.
 */
export function rateZ(k1: number, e1: number, k2: number, e2: number): number {
  if (e1 <= 0 || e2 <= 0 || k1 + k2 === 0) return 0;
  const share = e1 / (e1 + e2);
  const n = k1 + k2;
  const se = Math.sqrt(n * share * (1 - share));
  return se === 0 ? 0 : (k1 - n * share) / se;
}

/** Least-squares slope of y on x and its t statistic (0, 0 with fewer than 3 points or no spread in x). */
export function slopeT(x: ArrayLike<number>, y: ArrayLike<number>): { slope: number; t: number } {
  const n = x.length;
  if (n < 3) return { slope: 0, t: 0 };
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]!; my += y[i]!; }
  mx /= n; my /= n;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) { sxx += (x[i]! - mx) ** 2; sxy += (x[i]! - mx) * (y[i]! - my); }
  if (sxx === 0) return { slope: 0, t: 0 };
  const slope = sxy / sxx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (y[i]! - my - slope * (x[i]! - mx)) ** 2;
  const se = Math.sqrt(sse / (n - 2) / sxx);
  return { slope, t: se === 0 ? (slope === 0 ? 0 : Math.sign(slope) * 100) : slope / se };
}

/** Ranks 1..n, ties sharing their average rank. */
export function ranks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const out = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]!] = rank;
    i = j + 1;
  }
  return out;
}

/** Spearman's rank correlation (Pearson on average ranks, so ties are handled); NaN when either side is constant. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error('spearman: arrays differ in length');
  return pearson(ranks(a), ranks(b));
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]!; mb += b[i]!; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma, db = b[i]! - mb;
    sab += da * db; saa += da * da; sbb += db * db;
  }
  return saa === 0 || sbb === 0 ? NaN : sab / Math.sqrt(saa * sbb);
}

/** The median of the finite values (NaN when there are none). */
export function median(values: ArrayLike<number>): number {
  const v = Array.from(values).filter(Number.isFinite).sort((x, y) => x - y);
  if (v.length === 0) return NaN;
  const h = v.length >> 1;
  return v.length % 2 ? v[h]! : (v[h - 1]! + v[h]!) / 2;
}
