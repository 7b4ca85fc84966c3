/**
 * k-means on a dense row-major matrix (n points × d features, Float64Array): k-means++ seeding
 * from a seeded generator, Lloyd iterations, the best of a few restarts by inertia. Pure numerics:
 * no storage, no feature names. `kmeans-reference.ts` is the slow, obvious twin the tests compare.
 *
 * @example
 *   const r = kmeans(points, n, d, 4, { seed: 1 });
 *   r.labels[i];                 // cluster of point i
 *   r.centroids[c * d + j];      // feature j of centroid c
 */
import { seededRandom, type RandomFn } from '../recommend/kernels/random.js';

export interface KMeansOptions {
  seed?: number;
  /** Independent k-means++ starts; the lowest inertia wins. */
  restarts?: number;
  maxIterations?: number;
}

export interface KMeansResult {
  k: number;
  /** k × d, row-major. */
  centroids: Float64Array;
  labels: Int32Array;
  /** Sum of squared distances of points to their centroid. */
  inertia: number;
  iterations: number;
}

/** Squared Euclidean distance between row `a` of `x` and row `b` of `y`. */
export function squaredDistance(x: Float64Array, a: number, y: Float64Array, b: number, d: number): number {
  let s = 0;
  const ao = a * d;
  const bo = b * d;
  for (let j = 0; j < d; j++) {
    const t = x[ao + j]! - y[bo + j]!;
    s += t * t;
  }
  return s;
}

/**
 * k-means++: the first centroid uniformly, each next one with probability proportional to the
 * squared distance to the nearest centroid chosen so far.
 */
export function kmeansPlusPlus(x: Float64Array, n: number, d: number, k: number, rand: RandomFn): Float64Array {
  const centroids = new Float64Array(k * d);
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  let pick = Math.floor(rand() * n);
  for (let c = 0; c < k; c++) {
    centroids.set(x.subarray(pick * d, pick * d + d), c * d);
    if (c === k - 1) break;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const dist = squaredDistance(x, i, centroids, c, d);
      if (dist < nearest[i]!) nearest[i] = dist;
      total += nearest[i]!;
    }
    if (total === 0) {
      pick = Math.floor(rand() * n);
      continue;
    }
    let target = rand() * total;
    pick = n - 1;
    for (let i = 0; i < n; i++) {
      target -= nearest[i]!;
      if (target < 0) {
        pick = i;
        break;
      }
    }
  }
  return centroids;
}

/**
 * Lloyd's iterations from the given centroids (updated in place) until no label changes. A cluster
 * left empty takes the point farthest from its centroid, so k clusters always come back.
 */
export function lloyd(x: Float64Array, n: number, d: number, k: number, centroids: Float64Array, maxIterations = 100): KMeansResult {
  return toEnd(lloydSteps(x, n, d, k, centroids, maxIterations));
}

/**
 * `lloyd` one iteration at a time: it pauses (yields) after each pass over the points and returns
 * the result. A caller on a busy thread can hand its event loop back between passes.
 */
export function* lloydSteps(x: Float64Array, n: number, d: number, k: number, centroids: Float64Array, maxIterations = 100): Generator<void, KMeansResult> {
  const labels = new Int32Array(n).fill(-1);
  const sums = new Float64Array(k * d);
  const counts = new Int32Array(k);
  const distances = new Float64Array(n);
  let iterations = 0;
  let inertia = 0;
  for (;;) {
    let changed = 0;
    inertia = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestDist = Number.POSITIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        const dist = squaredDistance(x, i, centroids, c, d);
        if (dist < bestDist) {
          bestDist = dist;
          best = c;
        }
      }
      if (labels[i] !== best) {
        labels[i] = best;
        changed++;
      }
      distances[i] = bestDist;
      inertia += bestDist;
    }
    if (changed === 0 || iterations === maxIterations) break;
    iterations++;
    yield;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i]!;
      counts[c]!++;
      const co = c * d;
      const io = i * d;
      for (let j = 0; j < d; j++) sums[co + j]! += x[io + j]!;
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) {
        let far = 0;
        for (let i = 1; i < n; i++) if (distances[i]! > distances[far]!) far = i;
        centroids.set(x.subarray(far * d, far * d + d), c * d);
        distances[far] = 0;
        continue;
      }
      for (let j = 0; j < d; j++) centroids[c * d + j] = sums[c * d + j]! / counts[c]!;
    }
  }
  return { k, centroids, labels, inertia, iterations };
}

/** k-means with k-means++ seeding; deterministic for a seed. */
export function kmeans(x: Float64Array, n: number, d: number, k: number, options: KMeansOptions = {}): KMeansResult {
  return toEnd(kmeansSteps(x, n, d, k, options));
}

/** `kmeans` one Lloyd pass at a time (see `lloydSteps`): the best of the restarts by inertia. */
export function* kmeansSteps(x: Float64Array, n: number, d: number, k: number, options: KMeansOptions = {}): Generator<void, KMeansResult> {
  if (k < 1 || k > n) throw new RangeError(`k must be between 1 and the number of points (${n}); got ${k}`);
  const rand = seededRandom(options.seed ?? 1);
  let best: KMeansResult | undefined;
  for (let r = 0; r < (options.restarts ?? 4); r++) {
    const result = yield* lloydSteps(x, n, d, k, kmeansPlusPlus(x, n, d, k, rand), options.maxIterations ?? 100);
    if (!best || result.inertia < best.inertia) best = result;
  }
  return best!;
}

/** Runs a stepwise computation to its result without pausing. */
export function toEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The nearest centroid of one point (a row of `x`). */
export function nearestCentroid(x: Float64Array, i: number, centroids: Float64Array, k: number, d: number): number {
  let best = 0;
  let bestDist = Number.POSITIVE_INFINITY;
  for (let c = 0; c < k; c++) {
    const dist = squaredDistance(x, i, centroids, c, d);
    if (dist < bestDist) {
      bestDist = dist;
      best = c;
    }
  }
  return best;
}
