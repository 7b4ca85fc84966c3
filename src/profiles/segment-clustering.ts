/**
 * Learners clustered by behaviour: chosen feature columns, log-scaled where skewed, standardised,
 * then k-means; k is given, or chosen in a range by the mean silhouette on a seeded sample.
 * Pure: a feature table in, labels and centroids out (`segments.ts` names and stores them). It
 * hands the event loop back every few milliseconds, between k-means passes: the search runs inside
 * the server, and in one piece it held requests for over a second at 20,000 learners.
 *
 * @example
 *   const c = await clusterLearners(table, { kMin: 3, kMax: 8, seed: 1 });
 *   c.k; c.labels[u]; c.search; // [{ k: 3, silhouette: 0.31 }, …]
 */
import { yieldToEventLoop } from '../jobs/yield.js';
import { seededRandom, shuffleInPlace } from '../recommend/kernels/random.js';
import type { FeatureName } from './feature-catalogue.js';
import { kmeansSteps, nearestCentroid, type KMeansResult } from './kmeans.js';
import type { FeatureTable } from './learner-features.js';
import { silhouette } from './silhouette.js';
import { fitScaling, standardise, zScore, type Scaling, type Transform } from './standardise.js';

/** How each numeric feature is scaled before z-scores: amounts, counts, minutes and days by log1p. */
export const featureTransforms: Readonly<Partial<Record<FeatureName, Transform>>> = Object.freeze({
  recencyDays: 'log1p', activeDays28: 'none', spend: 'log1p', orders: 'log1p', learningMinutesPerWeek: 'log1p', learningTrend: 'none',
  completionRate: 'none', lessonsCompleted: 'log1p', coursesBought: 'log1p', coursesStarted: 'log1p', coursesFinished: 'log1p',
  boughtNeverStartedShare: 'none', refunds: 'log1p', ratingsGiven: 'log1p', meanRating: 'none', quizzesFailed: 'log1p',
  questionsAsked: 'log1p', questionsUnanswered: 'log1p', answersPosted: 'log1p', currentStreakDays: 'log1p', longestStreakDays: 'log1p',
  activeDaysPerWeek: 'log1p', activeSpanDays: 'log1p', activeDaysPerActiveWeek: 'log1p', weekendShare: 'none', minutesPerActiveDay: 'log1p', daysSinceFirstSeen: 'log1p',
  daysSinceLastPurchase: 'log1p', preferredHour: 'none',
});

/**
 * What segments are made of by default: the rhythm of a learner's visits — how many days a week
 * while around, how much of it on weekends, how long each day, and for how long they kept coming.
 * Value (spend, completion) is left to the descriptions and to RFM: measured on the 5,000-learner
 * demo, adding it to the clustering halves how well segments recover the learners' habits
 * (docs/PROFILES.md).
 */
export const defaultClusteringFeatures: readonly FeatureName[] = Object.freeze([
  'activeDaysPerActiveWeek', 'weekendShare', 'minutesPerActiveDay', 'activeSpanDays',
]);

export interface ClusterOptions {
  /** A fixed number of segments; otherwise chosen in kMin..kMax by silhouette. */
  k?: number;
  kMin?: number;
  kMax?: number;
  seed?: number;
  features?: readonly FeatureName[];
  /** Learners the silhouette is measured on (exact silhouette is quadratic). */
  silhouetteSample?: number;
}

export interface Clustering {
  k: number;
  features: FeatureName[];
  scaling: Scaling;
  /** k × features, standardised units. */
  centroids: Float64Array;
  labels: Int32Array;
  /** Mean silhouette of the chosen k on the sample. */
  silhouette: number;
  /** Every k tried, with its silhouette. */
  search: { k: number; silhouette: number }[];
  /** n × features, the standardised matrix (for projections). */
  z: Float64Array;
}

export const defaultKRange = Object.freeze({ min: 3, max: 8 });

export function transformOf(name: FeatureName): Transform {
  return featureTransforms[name] ?? 'none';
}

export async function clusterLearners(table: FeatureTable, options: ClusterOptions = {}): Promise<Clustering> {
  const features = [...(options.features ?? defaultClusteringFeatures)];
  const n = table.userIds.length;
  const d = features.length;
  const columns = features.map((f) => table.columns[f]);
  const scaling = fitScaling(columns, features.map(transformOf));
  const z = standardise(scaling, columns);
  const seed = options.seed ?? 1;
  const kMin = options.k ?? options.kMin ?? defaultKRange.min;
  const kMax = Math.min(options.k ?? options.kMax ?? defaultKRange.max, n);
  if (n < 2 || kMin > kMax) throw new RangeError(`need more learners than segments: ${n} learners for k ≥ ${kMin}`);

  const sample = sampleRows(z, n, d, options.silhouetteSample ?? 2000, seed);
  const search: { k: number; silhouette: number }[] = [];
  let best: { k: number; silhouette: number; result: KMeansResult } | undefined;
  for (let k = kMin; k <= kMax; k++) {
    const result = await inSlices(kmeansSteps(z, n, d, k, { seed: seed + k }));
    const labels = new Int32Array(sample.rows.length);
    sample.rows.forEach((row, i) => { labels[i] = result.labels[row]!; });
    const s = silhouette(sample.z, sample.rows.length, d, labels, k);
    search.push({ k, silhouette: s });
    if (!best || s > best.silhouette) best = { k, silhouette: s, result };
  }
  return {
    k: best!.k, features, scaling, centroids: best!.result.centroids, labels: best!.result.labels,
    silhouette: best!.silhouette, search, z,
  };
}

/** Longest run of k-means passes between two turns of the event loop. */
const sliceMs = 10;

/** Runs a stepwise computation, handing the event loop back whenever a slice of `sliceMs` is used up. */
async function inSlices<T>(steps: Generator<void, T>): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
}

/** The segment (centroid index) of one learner of `table` under a stored clustering. */
export function nearestSegment(table: FeatureTable, u: number, features: readonly FeatureName[], scaling: Scaling, centroids: Float64Array): number {
  const d = features.length;
  const row = new Float64Array(d);
  features.forEach((f, j) => { row[j] = zScore(scaling, j, table.columns[f][u]!); });
  return nearestCentroid(row, 0, centroids, centroids.length / d, d);
}

/** A seeded sample of rows (all of them when n ≤ size), with their standardised values. */
export function sampleRows(z: Float64Array, n: number, d: number, size: number, seed: number): { rows: Int32Array; z: Float64Array } {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (n > size) shuffleInPlace(order, seededRandom(seed));
  const rows = order.subarray(0, Math.min(n, size)).slice().sort();
  const out = new Float64Array(rows.length * d);
  rows.forEach((row, i) => out.set(z.subarray(row * d, row * d + d), i * d));
  return { rows, z: out };
}
