/**
 * Segments kept current without anyone pressing "recompute": a background job asks once an hour,
 * and the segmentation is redone (every method) when the data has moved on by a day or more since
 * the latest run's asOf. Recomputation keeps segment ids stable (segments.ts), so a day's rerun
 * does not reshuffle what the dashboard and the at-risk filter call `kmeans:3`.
 *
 * @example
 *   scheduler.every('segments', 3_600_000, () => refreshSegments(db, 'default'));
 *   await refreshSegments(db, 'default'); // 'computed kmeans, rfm as of 2026-05-31T00:00:00.000Z'
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { latestActivityInstant } from './as-of.js';
import { segmentMethods, type SegmentMethod } from './segment-run.js';
import { computeSegments } from './segments.js';
import { latestSegmentRun } from './segments.store.js';

/** How far the data must move past a run's asOf before the segments are recomputed. */
export const segmentRefreshAfterMs = 24 * 3_600_000;
/** Fewer active learners than this and k-means has nothing to say; the job waits. */
const minLearners = 20;

export async function refreshSegments(db: Kysely<Database>, projectId: string): Promise<string> {
  const asOf = await latestActivityInstant(db, projectId);
  if (asOf === undefined) return 'no activity yet';
  const stale: SegmentMethod[] = [];
  for (const method of segmentMethods) {
    const run = await latestSegmentRun(db, projectId, method);
    if (!run || asOf - run.asOf >= segmentRefreshAfterMs) stale.push(method);
  }
  if (stale.length === 0) return 'up to date';
  try {
    const runs = await computeSegments(db, projectId, { methods: stale, asOf });
    return `computed ${runs.map((r) => r.method).join(', ')} as of ${new Date(asOf).toISOString()}`;
  } catch (err) {
    // Too few learners for the default k range: not a failure of the job, just too early.
    if (err instanceof RangeError) return `waiting for more learners (${err.message}; at least ${minLearners} needed)`;
    throw err;
  }
}
