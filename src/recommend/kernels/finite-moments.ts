/**
 * First and second moments of a score vector over its finite entries, and its lowest finite value:
 * what the hybrid standardises each component with (non-finite scores, such as items a model
 * cannot score, count as the lowest finite one).
 *
 * @example
 *   const { count, mean, meanSquare, min } = finiteMoments(scores);
 */
export interface FiniteMoments {
  /** How many entries are finite. */
  count: number;
  /** Means over the finite entries (0 when there are none). */
  mean: number;
  meanSquare: number;
  /** The lowest finite entry (0 when there are none). */
  min: number;
}

export function finiteMoments(s: Float32Array | Float64Array): FiniteMoments {
  let n = 0, sum = 0, sq = 0, min = Infinity;
  for (let i = 0; i < s.length; i++) {
    const v = s[i]!;
    if (!Number.isFinite(v)) continue;
    n++; sum += v; sq += v * v;
    if (v < min) min = v;
  }
  return n ? { count: n, mean: sum / n, meanSquare: sq / n, min } : { count: 0, mean: 0, meanSquare: 0, min: 0 };
}
