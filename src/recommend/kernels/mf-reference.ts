/**
 * Slow, obvious twins of the explicit-rating kernels (`mf-sgd.ts`, `mf-neighbours.ts`) that tests
 * compare them with: pairwise similarity by direct set intersection, neighbour prediction by
 * sorting every rated item. Never used in production.
 *
 * @example
 *   const s = pearsonBaselineReference(ratingsByUser, residual, 3, 7, 100);
 */

/** Residual-Pearson similarity of items i and j over their common users, shrunk by support. */
export function pearsonBaselineReference(
  byUser: Map<number, Map<number, number>>, residual: (u: number, i: number) => number,
  i: number, j: number, shrinkage: number,
): number {
  let prod = 0;
  let si = 0;
  let sj = 0;
  let n = 0;
  for (const [u, row] of byUser) {
    if (!row.has(i) || !row.has(j)) continue;
    const ei = residual(u, i);
    const ej = residual(u, j);
    prod += ei * ej;
    si += ei * ei;
    sj += ej * ej;
    n++;
  }
  if (n < 2 || si === 0 || sj === 0) return 0;
  return ((n - 1) / (n - 1 + shrinkage)) * (prod / Math.sqrt(si * sj));
}

/** Σ s·e / Σ s over the k most similar positively-similar items the user rated. */
export function neighbourOffsetReference(
  sims: ReadonlyMap<number, number>, rated: ReadonlyMap<number, number>, k: number,
): number {
  const candidates = [...rated.keys()]
    .map((j) => ({ j, s: sims.get(j) ?? 0 }))
    .filter((c) => c.s > 0)
    .sort((a, b) => b.s - a.s || a.j - b.j)
    .slice(0, k);
  const den = candidates.reduce((t, c) => t + c.s, 0);
  return den > 0 ? candidates.reduce((t, c) => t + c.s * rated.get(c.j)!, 0) / den : 0;
}

/** One SGD step of biased MF on plain numbers, returning the updated parameters. */
export function biasedMfStepReference(
  rating: number, mean: number, bu: number, bi: number, pu: number[], qi: number[], lr: number, reg: number,
): { bu: number; bi: number; pu: number[]; qi: number[] } {
  const err = rating - (mean + bu + bi + pu.reduce((s, p, k) => s + p * qi[k]!, 0));
  return {
    bu: bu + lr * (err - reg * bu),
    bi: bi + lr * (err - reg * bi),
    pu: pu.map((p, k) => p + lr * (err * qi[k]! - reg * p)),
    qi: qi.map((q, k) => q + lr * (err * pu[k]! - reg * q)),
  };
}
