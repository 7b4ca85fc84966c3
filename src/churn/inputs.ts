/**
 * A churn model's inputs for chosen learners at one instant T: the learner feature table (events
 * strictly before T, robots excluded) joined with the churn-specific recent-activity features.
 * Nothing at or after T is read, which is what makes training on past snapshots honest.
 *
 * @example
 *   const inputs = await churnInputs(db, 'default', at, ['u1', 'u2']);
 *   inputs.numeric.recencyDays[0];        // 3.2
 *   inputs.categorical.device[1];         // 'ios'
 */
import type { Kysely } from 'kysely';
import { learnerFeatures, projectTimezone } from '../profiles/learner-features.js';
import type { Database } from '../store/schema.js';
import { categoricalInputs, numericInputs, type ChurnInputs, type ChurnNumericFeature } from './design.js';
import { recentActivity, recentFeatureNames, type RecentFeatureName } from './recent-activity.js';

const recentNames = new Set<string>(recentFeatureNames);

export async function churnInputs(
  db: Kysely<Database>, projectId: string, at: number, userIds: readonly string[], timezone?: string,
): Promise<ChurnInputs> {
  const tz = timezone ?? (await projectTimezone(db, projectId));
  const ids = [...userIds];
  const table = await learnerFeatures(db, projectId, { asOf: at, userIds: ids, timezone: tz });
  const recent = await recentActivity(db, projectId, at, ids, tz);
  const row = new Map(table.userIds.map((u, i) => [u, i]));
  const n = ids.length;
  const numeric = {} as Record<ChurnNumericFeature, Float64Array>;
  for (const { name } of numericInputs) {
    if (recentNames.has(name)) {
      numeric[name] = recent.columns[name as RecentFeatureName];
      continue;
    }
    const source = table.columns[name as Exclude<ChurnNumericFeature, RecentFeatureName>];
    const col = new Float64Array(n).fill(Number.NaN);
    for (let i = 0; i < n; i++) {
      const r = row.get(ids[i]!);
      if (r !== undefined) col[i] = source[r]!;
    }
    numeric[name] = col;
  }
  const categorical = {} as ChurnInputs['categorical'];
  for (const name of categoricalInputs) {
    const levels = table.levels[name];
    categorical[name] = ids.map((u) => {
      const r = row.get(u);
      const v = r === undefined ? Number.NaN : table.columns[name][r]!;
      return Number.isNaN(v) ? null : levels[v] ?? null;
    });
  }
  return { at, userIds: ids, numeric, categorical, lastLesson: recent.lastLesson };
}
