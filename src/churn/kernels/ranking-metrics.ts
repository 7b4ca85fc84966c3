/**
 * How well scores rank churners above stayers: ROC-AUC (the chance a random churner scores above a
 * random stayer, ties counting half, via average ranks) and PR-AUC as average precision (the mean,
 * over churners, of the precision among everyone scored at least as high; tied scores share their
 * precision). Both in O(n log n).
 *
 * @example
 *   rocAuc(Float64Array.of(0.9, 0.1, 0.8), Uint8Array.of(1, 0, 0)); // 1
 *   averagePrecision(scores, labels);
 */
function order(scores: Float64Array): Int32Array {
  const idx = new Int32Array(scores.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  return idx.sort((a, b) => scores[b]! - scores[a]!);
}

export function rocAuc(scores: Float64Array, y: Uint8Array): number {
  const idx = order(scores);
  const n = idx.length;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i]!;
  const neg = n - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  // Count, for each churner, stayers strictly below it plus half of those tied with it.
  let wins = 0;
  let negAbove = 0;
  for (let i = 0; i < n;) {
    let j = i;
    let p = 0;
    let q = 0;
    while (j < n && scores[idx[j]!] === scores[idx[i]!]) {
      if (y[idx[j]!]) p++;
      else q++;
      j++;
    }
    wins += p * (neg - negAbove - q) + 0.5 * p * q;
    negAbove += q;
    i = j;
  }
  return wins / (pos * neg);
}

export function averagePrecision(scores: Float64Array, y: Uint8Array): number {
  const idx = order(scores);
  const n = idx.length;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i]!;
  if (pos === 0) return Number.NaN;
  let tp = 0;
  let seen = 0;
  let sum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    let p = 0;
    while (j < n && scores[idx[j]!] === scores[idx[i]!]) {
      p += y[idx[j]!]!;
      j++;
    }
    tp += p;
    seen += j - i;
    sum += p * (tp / seen);
    i = j;
  }
  return sum / pos;
}
