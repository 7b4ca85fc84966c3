/**
 * Quantile bins for the tree kernel: per column, up to `maxBins − 1` cut points from the training
 * values; bin 0 holds missing values (NaN), bins 1… the values in order. A value equal to a cut
 * point goes to the upper bin, so `bin ≤ t` means `value < cuts[t − 1]` (for t ≥ 1).
 *
 * @example
 *   const cuts = fitBins(x, n, p, 32);          // cut points per column
 *   const bins = applyBins(x, n, p, cuts);      // Uint8Array, column-major (p × n)
 */
export interface BinCuts {
  /** Cut points of every column, concatenated. */
  values: Float64Array;
  /** Column j's cuts are values[offsets[j] .. offsets[j + 1]). */
  offsets: Int32Array;
}

export function fitBins(x: Float64Array, n: number, p: number, maxBins: number): BinCuts {
  if (maxBins < 2 || maxBins > 256) throw new RangeError('maxBins must be in 2..256');
  const all: number[] = [];
  const offsets = new Int32Array(p + 1);
  const col = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i * p + j]!;
      if (!Number.isNaN(v)) col[m++] = v;
    }
    const sorted = col.subarray(0, m).sort();
    let last = Number.NEGATIVE_INFINITY;
    for (let b = 1; b < maxBins - 1 && m > 0; b++) {
      const v = sorted[Math.floor((b * m) / (maxBins - 1))]!;
      // A cut at the smallest value would leave its lower bin empty.
      if (v > last && v > sorted[0]!) {
        all.push(v);
        last = v;
      }
    }
    offsets[j + 1] = all.length;
  }
  return { values: Float64Array.from(all), offsets };
}

export function binOf(cuts: BinCuts, j: number, v: number): number {
  if (Number.isNaN(v)) return 0;
  let lo = cuts.offsets[j]!;
  let hi = cuts.offsets[j + 1]!;
  const start = lo;
  // Number of cuts ≤ v.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts.values[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return 1 + lo - start;
}

/** Column-major bins: bins[j * n + i]. */
export function applyBins(x: Float64Array, n: number, p: number, cuts: BinCuts): Uint8Array {
  const bins = new Uint8Array(n * p);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) bins[j * n + i] = binOf(cuts, j, x[i * p + j]!);
  return bins;
}

/** Bins per column (including the missing bin). */
export function binCounts(cuts: BinCuts, p: number): Int32Array {
  const out = new Int32Array(p);
  for (let j = 0; j < p; j++) out[j] = cuts.offsets[j + 1]! - cuts.offsets[j]! + 2;
  return out;
}
