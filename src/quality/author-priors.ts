/**
 * Author-informed priors: items nested in their authors, a second level of empirical Bayes.
 *
 * One level (`estimatePrior`) pulls an item with thin evidence toward the platform's typical item.
 * But items by the same author resemble each other — a teacher who made two well-rated courses is
 * likelier to have made a good third one — so a better target for item i is the platform mean
 * moved by what the author's *other* items show, by as much as authors on this platform really
 * differ. Per component, in units of the type's true spread τ (so courses, e-books and audio of
 * one author pool together), with d = direction·(item mean − μ)/τ and noise m/n for an item with n
 * observations and prior strength m:
 *
 * - **Author share** ρa: how much more two items of the same author agree than two items of
 *   different authors, Cov(d, d′ | same author) − Cov(d, d′ | different authors). The second term
 *   removes what merely being off-centre adds to every pair. Noise is independent between items, so
 *   it does not enter a covariance.
 * - **Item share** ρe: how much items of the same author still differ, half the mean squared
 *   difference of same-author pairs net of their noise, never below `minItemShare`.
 * - For item i by author a, from a's other items j (each weighing 1 / (ρe + noise_j)):
 *   â = Σ d_j/(ρe + noise_j) / (1/ρa + Σ 1/(ρe + noise_j)), with variance va (the denominator's
 *   inverse). The item's prior is then `μ + direction·τ·â` with variance τ²·v, v = min(1, ρe + va),
 *   i.e. strength m / v: an author's record can sharpen the prior, never loosen it beyond the
 *   platform's own.
 *
 * Pairs are weighted by n/(n + m) per item, so a popular item counts as one item, not as its
 * thousands of learners. Without authors, or when no author has two items with evidence, every
 * item keeps the one-level prior (â = 0, v = 1). Lessons belong to a course, not to an author's
 * catalogue, and are left out (group −1).
 *
 * @example
 *   const p = authorPriors({ group, evidence, sum, direction: 1, mean, spread, strength });
 *   p.target[i];     // what item i's stars are expected to be before its own ratings
 *   p.strength[i];   // how many ratings that expectation is worth
 */

export interface AuthorPriorInput {
  /** Author index per item, −1 for none (and for lessons). */
  group: Int32Array;
  evidence: Float64Array;
  sum: Float64Array;
  direction: 1 | -1;
  /** The item's type prior: platform mean μ, true spread τ, strength m (NaN/0 where the type has none). */
  mean: Float64Array;
  spread: Float64Array;
  strength: Float64Array;
}

export interface AuthorPriors {
  /** Per item: the prior mean (platform mean moved by the author's other items). */
  target: Float64Array;
  /** Per item: the prior strength in observations. */
  strength: Float64Array;
  /** Share of the true spread between items that lies between authors (0 = authors do not differ). */
  authorShare: number;
  /** Share that lies between items of one author. */
  itemShare: number;
}

/** Items of one author always keep at least this share of the spread as their own. */
export const minItemShare = 0.05;

/** The fast version: one pass for the per-author sums, one for the leave-one-out estimates. */
export function authorPriors(input: AuthorPriorInput): AuthorPriors {
  const { group, evidence, sum, direction, mean, spread, strength } = input;
  const n = group.length;
  let groups = 0;
  for (let i = 0; i < n; i++) if (group[i]! + 1 > groups) groups = group[i]! + 1;
  const d = new Float64Array(n), noise = new Float64Array(n), w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = evidence[i]!;
    if (group[i]! < 0 || c <= 0 || !(spread[i]! > 0)) continue;
    d[i] = (direction * (sum[i]! / c - mean[i]!)) / spread[i]!;
    noise[i] = strength[i]! / c;
    w[i] = c / (c + strength[i]!);
  }
  // Per author: Σw, Σw², Σwd, Σ(wd)², Σwd², Σw·noise, Σw²·noise.
  const sw = new Float64Array(groups), sw2 = new Float64Array(groups), swd = new Float64Array(groups), sw2d2 = new Float64Array(groups);
  const swdd = new Float64Array(groups), swn = new Float64Array(groups), sw2n = new Float64Array(groups);
  for (let i = 0; i < n; i++) {
    const g = group[i]!, wi = w[i]!;
    if (g < 0 || wi === 0) continue;
    sw[g]! += wi; sw2[g]! += wi * wi; swd[g]! += wi * d[i]!; sw2d2[g]! += wi * wi * d[i]! * d[i]!;
    swdd[g]! += wi * d[i]! * d[i]!; swn[g]! += wi * noise[i]!; sw2n[g]! += wi * wi * noise[i]!;
  }
  let samePairs = 0, sameProducts = 0, sameHalfSquares = 0, totalW = 0, totalW2 = 0, totalWd = 0, sumWd2 = 0;
  for (let g = 0; g < groups; g++) {
    samePairs += sw[g]! * sw[g]! - sw2[g]!;
    sameProducts += swd[g]! * swd[g]! - sw2d2[g]!;
    sameHalfSquares += sw[g]! * swdd[g]! - swd[g]! * swd[g]! - (sw[g]! * swn[g]! - sw2n[g]!);
    totalW += sw[g]!; totalW2 += sw[g]! * sw[g]!; totalWd += swd[g]!; sumWd2 += swd[g]! * swd[g]!;
  }
  const acrossPairs = totalW * totalW - totalW2;
  const shares = varianceShares(samePairs, sameProducts, sameHalfSquares, acrossPairs, totalWd * totalWd - sumWd2);
  const out: AuthorPriors = { target: mean.slice(), strength: strength.slice(), ...shares };
  if (shares.authorShare === 0) return out;
  const { authorShare: ra, itemShare: re } = shares;
  const sp = new Float64Array(groups), spd = new Float64Array(groups), precision = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = group[i]!;
    if (g < 0 || w[i] === 0) continue;
    precision[i] = 1 / (re + noise[i]!);
    sp[g]! += precision[i]!;
    spd[g]! += precision[i]! * d[i]!;
  }
  for (let i = 0; i < n; i++) {
    const g = group[i]!;
    if (g < 0 || !(spread[i]! > 0)) continue;
    const va = 1 / (1 / ra + sp[g]! - precision[i]!);
    const ahat = (spd[g]! - precision[i]! * d[i]!) * va;
    out.target[i] = mean[i]! + direction * spread[i]! * ahat;
    out.strength[i] = strength[i]! / Math.min(1, re + va);
  }
  return out;
}

/** ρa and ρe from the pair sums (see the module comment); both 0 when no author has two items with evidence. */
function varianceShares(samePairs: number, sameProducts: number, sameHalfSquares: number, acrossPairs: number, acrossProducts: number) {
  if (samePairs <= 0 || acrossPairs <= 0) return { authorShare: 0, itemShare: 1 };
  const authorShare = Math.max(0, sameProducts / samePairs - acrossProducts / acrossPairs);
  const itemShare = Math.max(minItemShare, sameHalfSquares / samePairs);
  return { authorShare, itemShare };
}

/**
 * The slow, obvious version the fast one is tested against: explicit loops over every pair of
 * items and, per item, over the author's other items.
 */
export function authorPriorsReference(input: AuthorPriorInput): AuthorPriors {
  const { group, evidence, sum, direction, mean, spread, strength } = input;
  const n = group.length;
  const usable = (i: number) => group[i]! >= 0 && evidence[i]! > 0 && spread[i]! > 0;
  const d = (i: number) => (direction * (sum[i]! / evidence[i]! - mean[i]!)) / spread[i]!;
  const noise = (i: number) => strength[i]! / evidence[i]!;
  const w = (i: number) => evidence[i]! / (evidence[i]! + strength[i]!);
  let samePairs = 0, sameProducts = 0, sameHalfSquares = 0, acrossPairs = 0, acrossProducts = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j || !usable(i) || !usable(j)) continue;
      const ww = w(i) * w(j);
      if (group[i] === group[j]) {
        samePairs += ww;
        sameProducts += ww * d(i) * d(j);
        sameHalfSquares += (ww * ((d(i) - d(j)) ** 2 - noise(i) - noise(j))) / 2;
      } else {
        acrossPairs += ww;
        acrossProducts += ww * d(i) * d(j);
      }
    }
  }
  const shares = varianceShares(samePairs, sameProducts, sameHalfSquares, acrossPairs, acrossProducts);
  const out: AuthorPriors = { target: mean.slice(), strength: strength.slice(), ...shares };
  if (shares.authorShare === 0) return out;
  for (let i = 0; i < n; i++) {
    if (group[i]! < 0 || !(spread[i]! > 0)) continue;
    let precisionSum = 1 / shares.authorShare, weighted = 0;
    for (let j = 0; j < n; j++) {
      if (j === i || group[j] !== group[i] || !usable(j)) continue;
      const p = 1 / (shares.itemShare + noise(j));
      precisionSum += p;
      weighted += p * d(j);
    }
    const va = 1 / precisionSum;
    out.target[i] = mean[i]! + direction * spread[i]! * weighted * va;
    out.strength[i] = strength[i]! / Math.min(1, shares.itemShare + va);
  }
  return out;
}
