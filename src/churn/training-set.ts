/**
 * The churn training set: several snapshot dates T before `asOf − horizon` (so that every label's
 * window [T, T + N) ends by asOf and is fully observed), each with the learners active in the 28
 * days before T, their inputs as of T (events strictly before T) and their labels from [T, T + N).
 * Snapshots are a week apart, newest first in time order last; the newest is the time-based
 * validation split.
 *
 * @example
 *   const set = await buildTrainingSet(db, 'default', { asOf, horizonDays: 14 });
 *   set.snapshots;          // [{ at, learners: 812, churned: 97 }, …] oldest first
 *   set.labels.length === set.inputs.userIds.length;
 */
import type { Kysely } from 'kysely';
import { formatDate, localDateOf } from '../analytics/calendar.js';
import type { Database } from '../store/schema.js';
import { concatInputs, type ChurnInputs } from './design.js';
import { churnInputs } from './inputs.js';
import { dayMs, learnerChurnLabels } from './labels.js';

export interface Snapshot {
  at: number;
  learners: number;
  churned: number;
}

export interface TrainingSet {
  horizonDays: number;
  snapshots: Snapshot[];
  inputs: ChurnInputs;
  labels: Uint8Array;
  /** Snapshot index of every row. */
  snapshotOf: Int32Array;
}

export interface SnapshotPlan {
  stepDays?: number;
  maxSnapshots?: number;
  /** Days of history a snapshot needs after the first event (default 14). */
  minHistoryDays?: number;
}

/** Snapshot times, oldest first: T₀ = asOf − horizon, then a week apart going back. */
export function snapshotTimes(asOf: number, horizonDays: number, firstEventAt: number, plan: SnapshotPlan = {}): number[] {
  const step = (plan.stepDays ?? 7) * dayMs;
  const earliest = firstEventAt + (plan.minHistoryDays ?? 14) * dayMs;
  const out: number[] = [];
  for (let t = asOf - horizonDays * dayMs; t >= earliest && out.length < (plan.maxSnapshots ?? 8); t -= step) out.push(t);
  return out.reverse();
}

export async function buildTrainingSet(
  db: Kysely<Database>, projectId: string,
  o: { times: readonly number[]; horizonDays: number; timezone: string; onProgress?: (msg: string) => void },
): Promise<TrainingSet> {
  const parts: ChurnInputs[] = [];
  const labels: Uint8Array[] = [];
  const snapshots: Snapshot[] = [];
  for (const at of o.times) {
    const l = await learnerChurnLabels(db, projectId, { at, horizonDays: o.horizonDays });
    parts.push(await churnInputs(db, projectId, at, l.userIds, o.timezone));
    labels.push(l.churned);
    const churned = l.churned.reduce((s, v) => s + v, 0);
    snapshots.push({ at, learners: l.userIds.length, churned });
    o.onProgress?.(`snapshot ${formatDate(localDateOf(o.timezone, at))}: ${l.userIds.length} learners, ${churned} churned`);
  }
  const inputs = concatInputs(parts);
  const all = new Uint8Array(inputs.userIds.length);
  const snapshotOf = new Int32Array(all.length);
  let offset = 0;
  labels.forEach((l, k) => {
    all.set(l, offset);
    snapshotOf.fill(k, offset, offset + l.length);
    offset += l.length;
  });
  return { horizonDays: o.horizonDays, snapshots, inputs, labels: all, snapshotOf };
}
