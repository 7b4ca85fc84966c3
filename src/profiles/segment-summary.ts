/**
 * What each segment of a labeling looks like: its size, the mean of every numeric feature over
 * its members (in feature units, for the dashboard), the mean z-score of every feature (how the
 * members differ from everyone, for the words) and the most common preferred topic.
 *
 * @example
 *   const s = summariseSegments(table, labels, 5);
 *   s[0].centroid.spend;   // 86.4 (CNY, mean over members)
 *   s[0].profile.spend;    // 0.9 (members' mean z-score)
 */
import { numericFeatures, type FeatureName } from './feature-catalogue.js';
import type { FeatureTable } from './learner-features.js';
import { transformOf } from './segment-clustering.js';
import type { SegmentProfile } from './segment-words.js';
import { fitScaling, zScore } from './standardise.js';

export interface SegmentSummary {
  size: number;
  /** Mean over members, ignoring missing values; null when every member's value is missing. */
  centroid: Partial<Record<FeatureName, number | null>>;
  profile: SegmentProfile;
  topic: { topic: string; share: number } | null;
}

/** `labels[u]` in 0..count-1 for every learner of `table`. */
export function summariseSegments(table: FeatureTable, labels: Int32Array, count: number): SegmentSummary[] {
  const names = numericFeatures.map((s) => s.name);
  const scaling = fitScaling(names.map((f) => table.columns[f]), names.map(transformOf));
  const sizes = new Int32Array(count);
  for (const l of labels) sizes[l]!++;
  const out: SegmentSummary[] = Array.from({ length: count }, (_, s) => ({ size: sizes[s]!, centroid: {}, profile: {}, topic: null }));
  const sums = new Float64Array(count);
  const seen = new Int32Array(count);
  const zSums = new Float64Array(count);
  names.forEach((name, j) => {
    const col = table.columns[name];
    sums.fill(0);
    seen.fill(0);
    zSums.fill(0);
    for (let u = 0; u < col.length; u++) {
      const s = labels[u]!;
      zSums[s]! += zScore(scaling, j, col[u]!);
      if (Number.isNaN(col[u]!)) continue;
      sums[s]! += col[u]!;
      seen[s]!++;
    }
    for (let s = 0; s < count; s++) {
      out[s]!.centroid[name] = seen[s]! > 0 ? sums[s]! / seen[s]! : null;
      out[s]!.profile[name] = sizes[s]! > 0 ? zSums[s]! / sizes[s]! : 0;
    }
  });
  const topics = table.levels.preferredTopic;
  if (topics.length > 0) {
    const counts = new Int32Array(count * topics.length);
    const col = table.columns.preferredTopic;
    for (let u = 0; u < col.length; u++) if (!Number.isNaN(col[u]!)) counts[labels[u]! * topics.length + col[u]!]!++;
    for (let s = 0; s < count; s++) {
      let best = 0;
      for (let t = 1; t < topics.length; t++) if (counts[s * topics.length + t]! > counts[s * topics.length + best]!) best = t;
      const n = counts[s * topics.length + best]!;
      if (n > 0) out[s]!.topic = { topic: topics[best]!, share: n / sizes[s]! };
    }
  }
  return out;
}
