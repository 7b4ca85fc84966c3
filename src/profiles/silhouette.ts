/**
 * The mean silhouette of a clustering: for each point, (b − a) / max(a, b) where a is its mean
 * distance to the other points of its cluster and b the smallest mean distance to another
 * cluster's points (0 for a point alone in its cluster). Near 1: tight, well-separated clusters;
 * near 0: overlapping ones. Exact and O(n²·d), so callers pass a sample for large n.
 *
 * @example
 *   silhouette(points, n, d, result.labels, k); // 0.41
 */
export function silhouette(x: Float64Array, n: number, d: number, labels: Int32Array, k: number): number {
  if (k < 2 || n < 2) return 0;
  // sums[i·k + c]: total distance from point i to the points of cluster c; each pair is measured once.
  const sums = new Float64Array(n * k);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i]!]!++;
  for (let i = 0; i < n; i++) {
    const io = i * d;
    const li = labels[i]!;
    for (let j = i + 1; j < n; j++) {
      const jo = j * d;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const t = x[io + f]! - x[jo + f]!;
        s += t * t;
      }
      const dist = Math.sqrt(s);
      sums[i * k + labels[j]!]! += dist;
      sums[j * k + li]! += dist;
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i]!;
    if (sizes[own]! < 2) continue;
    const a = sums[i * k + own]! / (sizes[own]! - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      if (c === own || sizes[c] === 0) continue;
      const mean = sums[i * k + c]! / sizes[c]!;
      if (mean < b) b = mean;
    }
    if (Number.isFinite(b)) total += (b - a) / Math.max(a, b);
  }
  return total / n;
}
