/** Every migration, by name; names sort in the order they must run. Add new ones at the end. */
import type { Migration } from 'kysely';
import * as spine from './2026-11-29-01-spine.js';
import * as analytics from './2026-11-29-10-analytics.js';
import * as profiles from './2026-11-29-20-profiles.js';
import * as quality from './2026-11-29-30-quality.js';
import * as nudges from './2026-11-29-41-nudges.js';
import * as accounts from './2026-11-29-50-accounts.js';
import * as modelEvaluations from './2026-11-29-60-model-evaluations.js';
import * as periodRollups from './2026-11-29-70-period-rollups.js';

export const migrations: Record<string, Migration> = {
  '2026-11-29-01-spine': spine,
  '2026-11-29-10-analytics': analytics,
  '2026-11-29-20-profiles': profiles,
  '2026-11-29-30-quality': quality,
  '2026-11-29-41-nudges': nudges,
  '2026-11-29-50-accounts': accounts,
  '2026-11-29-60-model-evaluations': modelEvaluations,
  '2026-11-29-70-period-rollups': periodRollups,
};
