/**
 * Segment runs as the rest of the product sees them: a computation (k-means or RFM) with its
 * segments, the parameters that place any later learner, and a projection for a scatter plot.
 * `segments.ts` builds them, `segments.store.ts` keeps them.
 *
 * @example
 *   const run: SegmentRun = (await latestSegmentRun(db, 'default', 'rfm'))!;
 *   run.segments.map((s) => s.name.zh);
 */
import type { FeatureName } from './feature-catalogue.js';
import type { RfmCuts } from './rfm.js';
import type { Scaling } from './standardise.js';

export const segmentMethods = ['kmeans', 'rfm'] as const;
export type SegmentMethod = (typeof segmentMethods)[number];

export interface Segment {
  id: number;
  key: string;
  size: number;
  /** size ÷ learners in the run. */
  share: number;
  name: { zh: string; en: string };
  description: { zh: string; en: string };
  /** RFM: the rule on quintile scores. */
  rule?: string;
  /** Mean of each numeric feature over the members, in feature units. */
  centroid: Partial<Record<FeatureName, number | null>>;
}

export interface KMeansParams {
  kind: 'kmeans';
  windowDays: number;
  seed: number;
  features: FeatureName[];
  scaling: Scaling;
  /** Standardised centroids, in the order of `segmentIds`. */
  centroids: number[][];
  segmentIds: number[];
  search: { k: number; silhouette: number }[];
  /** The largest id ever given, so a retired id is never reused. */
  maxId: number;
}

export interface RfmParams {
  kind: 'rfm';
  windowDays: number;
  cuts: RfmCuts;
  newLearnerDays: number;
}

export interface SegmentProjection {
  /** Share of variance along x and y. */
  explained: number[];
  /** Each clustering feature's weight on the two axes. */
  axes: { feature: FeatureName; x: number; y: number }[];
  points: { userId: string; x: number; y: number; segment: number }[];
}

export interface SegmentRun {
  runId: number;
  method: SegmentMethod;
  asOf: number;
  computedAt: number;
  learners: number;
  /** k-means: mean silhouette of the chosen k; RFM: null. */
  quality: number | null;
  params: KMeansParams | RfmParams;
  projection: SegmentProjection;
  segments: Segment[];
}

/** A run as the API and `learnloop report segments --json` answer it: times as ISO strings, parameters summarised. */
export function segmentationJson(run: SegmentRun, projection: boolean) {
  const { params, projection: points, ...rest } = run;
  return {
    ...rest, asOf: new Date(run.asOf).toISOString(), computedAt: new Date(run.computedAt).toISOString(),
    ...(params.kind === 'kmeans'
      ? { k: params.segmentIds.length, features: params.features, search: params.search }
      : { cuts: params.cuts, newLearnerDays: params.newLearnerDays }),
    ...(projection ? { projection: points } : {}),
  };
}
