/**
 * Feature columns to a standardised matrix for clustering: an optional log1p for skewed amounts
 * (spend, minutes, counts), then z-scores. Missing values (NaN: no rating, nothing bought) become
 * the column mean, z = 0, so they pull no cluster either way. The scaling is kept so that any
 * later learner is placed with the same transform.
 *
 * @example
 *   const s = fitScaling([spend, recency], ['log1p', 'none']);
 *   const z = standardise(s, [spend, recency]); // n × 2, row-major
 */
export type Transform = 'log1p' | 'none';

export interface Scaling {
  transforms: Transform[];
  /** Per column, of the transformed values. */
  mean: number[];
  sd: number[];
}

function transformed(t: Transform, v: number): number {
  return t === 'log1p' ? Math.log1p(Math.max(0, v)) : v;
}

export function fitScaling(columns: readonly Float64Array[], transforms: readonly Transform[]): Scaling {
  const mean: number[] = [];
  const sd: number[] = [];
  columns.forEach((col, j) => {
    let s = 0;
    let m = 0;
    for (let i = 0; i < col.length; i++) {
      if (Number.isNaN(col[i]!)) continue;
      s += transformed(transforms[j]!, col[i]!);
      m++;
    }
    const mu = m > 0 ? s / m : 0;
    let v = 0;
    for (let i = 0; i < col.length; i++) {
      if (Number.isNaN(col[i]!)) continue;
      v += (transformed(transforms[j]!, col[i]!) - mu) ** 2;
    }
    mean.push(mu);
    // A constant column carries no information; sd 1 keeps it at z = 0 instead of dividing by 0.
    sd.push(m > 1 && v > 0 ? Math.sqrt(v / m) : 1);
  });
  return { transforms: [...transforms], mean, sd };
}

/** One value to its z-score under `scaling` (column `j`). */
export function zScore(scaling: Scaling, j: number, v: number): number {
  return Number.isNaN(v) ? 0 : (transformed(scaling.transforms[j]!, v) - scaling.mean[j]!) / scaling.sd[j]!;
}

/** A z-score back to the feature's unit (the inverse of `zScore`). */
export function fromZScore(scaling: Scaling, j: number, z: number): number {
  const t = z * scaling.sd[j]! + scaling.mean[j]!;
  return scaling.transforms[j] === 'log1p' ? Math.expm1(t) : t;
}

/** The rows × columns z-score matrix, row-major. */
export function standardise(scaling: Scaling, columns: readonly Float64Array[]): Float64Array {
  const d = columns.length;
  const n = d > 0 ? columns[0]!.length : 0;
  const out = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    const col = columns[j]!;
    for (let i = 0; i < n; i++) out[i * d + j] = zScore(scaling, j, col[i]!);
  }
  return out;
}
