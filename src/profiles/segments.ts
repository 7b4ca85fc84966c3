/**
 * Learner segments, computed and kept: k-means on the rhythm of visits (k by silhouette or given)
 * and classic RFM, each segment named and described in zh and en, a 2-D projection of a sample of
 * learners for a scatter plot, and ids that survive recomputation — new k-means centroids are
 * matched to the previous run's (Hungarian, in the new run's standardised units) and keep their
 * ids when they moved less than `matchDistance`.
 *
 * @example
 *   const [kmeansRun, rfmRun] = await computeSegments(db, 'default', { methods: ['kmeans', 'rfm'] });
 *   kmeansRun.segments[0];  // { id: 1, key: 'cluster-1', size: 812, name: { en: 'Weekend bingers · finance', … }, … }
 *   placeLearner(rfmRun, table, u); // 3 (loyal)
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { minCostAssignment } from './assignment.js';
import type { FeatureName } from './feature-catalogue.js';
import { learnerFeatures, type FeatureTable } from './learner-features.js';
import { principalComponents } from './projection.js';
import { rfmCuts, rfmScores, rfmSegmentOf, rfmSegments, newLearnerDays } from './rfm.js';
import { clusterLearners, nearestSegment, sampleRows, transformOf, type ClusterOptions, type Clustering } from './segment-clustering.js';
import { segmentMethods, type KMeansParams, type RfmParams, type Segment, type SegmentMethod, type SegmentProjection, type SegmentRun } from './segment-run.js';
import { summariseSegments, type SegmentSummary } from './segment-summary.js';
import { describeSegment, uniqueNames } from './segment-words.js';
import { latestSegmentRun, saveSegmentRun } from './segments.store.js';
import { fitScaling, fromZScore, standardise, zScore } from './standardise.js';

export interface ComputeSegmentsOptions extends ClusterOptions {
  methods?: readonly SegmentMethod[];
  /** Features as of this instant (default now). */
  asOf?: number;
  windowDays?: number;
  /** Learners in the scatter-plot projection. */
  projectionSample?: number;
  /** A feature table already computed for `asOf` (saves the scan). */
  table?: FeatureTable;
  now?: number;
}

/** New centroids closer than this (standardised units) to an old one keep its id. */
export const matchDistance = 1;
const rfmProjectionFeatures: FeatureName[] = ['recencyDays', 'activeDays28', 'spend'];

export async function computeSegments(db: Kysely<Database>, projectId: string, options: ComputeSegmentsOptions = {}): Promise<SegmentRun[]> {
  const now = options.now ?? Date.now();
  const table = options.table ?? await learnerFeatures(db, projectId, { asOf: options.asOf ?? now, windowDays: options.windowDays });
  const runs: SegmentRun[] = [];
  for (const method of options.methods ?? segmentMethods) {
    const built = method === 'kmeans'
      ? await kmeansRun(table, options, await latestSegmentRun(db, projectId, 'kmeans'))
      : rfmRun(table);
    const run: Omit<SegmentRun, 'runId'> = {
      method, asOf: table.asOf, computedAt: now, learners: table.userIds.length, quality: built.quality, params: built.params,
      projection: projectionOf(table, built.z, built.features, built.memberIds, options.projectionSample ?? 1000, options.seed ?? 1),
      segments: built.segments,
    };
    const runId = await saveSegmentRun(db, projectId, run, table.userIds, built.memberIds);
    runs.push({ runId, ...run });
  }
  return runs;
}

/** The segment id of learner `u` of `table` under a stored run (any learner, any asOf). */
export function placeLearner(run: SegmentRun, table: FeatureTable, u: number): number {
  const p = run.params;
  if (p.kind === 'kmeans') {
    const centroids = Float64Array.from(p.centroids.flat());
    return p.segmentIds[nearestSegment(table, u, p.features, p.scaling, centroids)]!;
  }
  const c = table.columns;
  const scores = rfmScores(p.cuts, c.recencyDays[u]!, c.activeDays28[u]!, c.spend[u]!);
  return rfmSegments[rfmSegmentOf(scores, c.daysSinceFirstSeen[u]!)]!.id;
}

interface BuiltRun {
  quality: number | null;
  params: KMeansParams | RfmParams;
  segments: Segment[];
  /** Segment id per learner of the table. */
  memberIds: Int32Array;
  /** Standardised matrix behind the projection, and its features. */
  z: Float64Array;
  features: FeatureName[];
}

async function kmeansRun(table: FeatureTable, options: ComputeSegmentsOptions, previous: SegmentRun | undefined): Promise<BuiltRun> {
  const clustering = await clusterLearners(table, options);
  const { ids, maxId } = carryIds(clustering, previous);
  const summaries = summariseSegments(table, clustering.labels, clustering.k);
  const words = uniqueNames(summaries.map((s) => describeSegment(s.profile, s.centroid.recencyDays ?? 0, s.topic)));
  const n = table.userIds.length;
  const segments = summaries.map((s, i) => segmentOf(ids[i]!, `cluster-${ids[i]}`, s, n, words[i]!))
    .sort((a, b) => a.id - b.id);
  const d = clustering.features.length;
  const params: KMeansParams = {
    kind: 'kmeans', windowDays: table.windowDays, seed: options.seed ?? 1, features: clustering.features, scaling: clustering.scaling,
    centroids: ids.map((_, i) => Array.from(clustering.centroids.subarray(i * d, i * d + d))), segmentIds: ids,
    search: clustering.search, maxId,
  };
  return {
    quality: clustering.silhouette, params, segments, memberIds: Int32Array.from(clustering.labels, (l) => ids[l]!),
    z: clustering.z, features: clustering.features,
  };
}

/**
 * Ids for the new clusters: each is matched to at most one old segment (minimum total distance),
 * and keeps its id when close enough; the others get fresh ids above every id given before.
 */
export function carryIds(clustering: Clustering, previous: SegmentRun | undefined): { ids: number[]; maxId: number } {
  const k = clustering.k;
  const old = previous?.params.kind === 'kmeans' ? previous.params : undefined;
  let maxId = old?.maxId ?? 0;
  const ids: number[] = new Array<number>(k).fill(0);
  const sameFeatures = old !== undefined && old.features.join() === clustering.features.join();
  if (old && sameFeatures && old.centroids.length > 0) {
    const d = clustering.features.length;
    const m = old.centroids.length;
    // Old centroids back to feature units, then into the new run's standardised units.
    const moved = old.centroids.map((c) => c.map((z, j) => zScore(clustering.scaling, j, fromZScore(old.scaling, j, z))));
    const cost = new Float64Array(k * m);
    for (let i = 0; i < k; i++) {
      for (let o = 0; o < m; o++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (clustering.centroids[i * d + j]! - moved[o]![j]!) ** 2;
        cost[i * m + o] = Math.sqrt(s);
      }
    }
    const match = minCostAssignment(cost, k, m);
    for (let i = 0; i < k; i++) {
      const o = match[i]!;
      if (o >= 0 && cost[i * m + o]! <= matchDistance) ids[i] = old.segmentIds[o]!;
    }
  }
  for (let i = 0; i < k; i++) if (ids[i] === 0) ids[i] = ++maxId;
  return { ids, maxId };
}

function rfmRun(table: FeatureTable): BuiltRun {
  const c = table.columns;
  const n = table.userIds.length;
  const cuts = rfmCuts(c.recencyDays, c.activeDays28, c.spend);
  const labels = new Int32Array(n);
  for (let u = 0; u < n; u++) {
    labels[u] = rfmSegmentOf(rfmScores(cuts, c.recencyDays[u]!, c.activeDays28[u]!, c.spend[u]!), c.daysSinceFirstSeen[u]!);
  }
  const summaries = summariseSegments(table, labels, rfmSegments.length);
  const segments = rfmSegments.map((spec, i) => ({
    ...segmentOf(spec.id, spec.key, summaries[i]!, n, { name: spec.name, description: spec.description }), rule: spec.rule,
  }));
  const columns = rfmProjectionFeatures.map((f) => c[f]);
  const z = standardise(fitScaling(columns, rfmProjectionFeatures.map(transformOf)), columns);
  return {
    quality: null, params: { kind: 'rfm', windowDays: table.windowDays, cuts, newLearnerDays }, segments,
    memberIds: Int32Array.from(labels, (l) => rfmSegments[l]!.id), z, features: rfmProjectionFeatures,
  };
}

function segmentOf(id: number, key: string, s: SegmentSummary, learners: number, words: Pick<Segment, 'name' | 'description'>): Segment {
  return { id, key, size: s.size, share: learners > 0 ? s.size / learners : 0, name: words.name, description: words.description, centroid: s.centroid };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function projectionOf(table: FeatureTable, z: Float64Array, features: FeatureName[], memberIds: Int32Array, size: number, seed: number): SegmentProjection {
  const d = features.length;
  const sample = sampleRows(z, table.userIds.length, d, size, seed);
  const m = sample.rows.length;
  if (m < 2) return { explained: [], axes: [], points: [] };
  const pca = principalComponents(sample.z, m, d, 2);
  const k = pca.explained.length;
  return {
    explained: pca.explained.map(round),
    axes: features.map((feature, j) => ({ feature, x: round(pca.components[j]!), y: k > 1 ? round(pca.components[d + j]!) : 0 })),
    points: Array.from(sample.rows, (row, i) => ({
      userId: table.userIds[row]!, x: round(pca.scores[i * k]!), y: k > 1 ? round(pca.scores[i * k + 1]!) : 0, segment: memberIds[row]!,
    })),
  };
}
