/**
 * Slow, obvious versions of the clustering kernels, written for reading, not speed: arrays of
 * arrays, one plain step after another. Tests check `kmeans.ts` and `silhouette.ts` against them.
 *
 * @example
 *   kmeansReference([[0, 0], [0, 1], [9, 9]], [[0, 0], [9, 9]]).labels; // [0, 0, 1]
 */
const distance = (a: readonly number[], b: readonly number[]) => Math.sqrt(a.reduce((s, v, j) => s + (v - b[j]!) ** 2, 0));

/** Lloyd's algorithm from the given centroids: assign to the nearest, move centroids to means, repeat. */
export function kmeansReference(points: number[][], initial: number[][], maxIterations = 100): { labels: number[]; centroids: number[][] } {
  let centroids = initial.map((c) => [...c]);
  let labels: number[] = points.map(() => -1);
  for (let iteration = 0; ; iteration++) {
    const next = points.map((p) => {
      const ds = centroids.map((c) => distance(p, c));
      return ds.indexOf(Math.min(...ds));
    });
    const changed = next.some((l, i) => l !== labels[i]);
    labels = next;
    if (!changed || iteration === maxIterations) break;
    const dists = points.map((p, i) => distance(p, centroids[labels[i]!]!));
    centroids = centroids.map((c, ci) => {
      const members = points.filter((_, i) => labels[i] === ci);
      if (members.length === 0) {
        // As the fast version: an empty cluster takes the point farthest from its centroid.
        const far = dists.indexOf(Math.max(...dists));
        dists[far] = 0;
        return [...points[far]!];
      }
      return c.map((_, j) => members.reduce((s, m) => s + m[j]!, 0) / members.length);
    });
  }
  return { labels, centroids };
}

/** Mean silhouette, straight from the definition. */
export function silhouetteReference(points: number[][], labels: number[]): number {
  const clusters = [...new Set(labels)];
  if (clusters.length < 2) return 0;
  let total = 0;
  points.forEach((p, i) => {
    const meanTo = (c: number) => {
      const others = points.filter((_, j) => labels[j] === c && j !== i);
      return others.length === 0 ? Number.NaN : others.reduce((s, q) => s + distance(p, q), 0) / others.length;
    };
    const a = meanTo(labels[i]!);
    if (Number.isNaN(a)) return;
    const b = Math.min(...clusters.filter((c) => c !== labels[i]).map(meanTo));
    total += (b - a) / Math.max(a, b);
  });
  return total / points.length;
}
