/**
 * Learner segments as stored: one row per computation (`segment_runs`), its segments with stable
 * ids (`segments`), and the latest assignment of every learner per method (`segment_members`).
 * JSON columns hold what `segments.store.ts` maps to domain types.
 */
import type { Generated, Selectable } from 'kysely';

export interface SegmentRunsTable {
  run_id: Generated<number>;
  project_id: string;
  /** `kmeans` or `rfm`. */
  method: string;
  /** Features were computed from events strictly before this instant, epoch ms. */
  as_of: number;
  computed_at: number;
  learners: number;
  /** k-means: mean silhouette of the chosen k; RFM: null. */
  quality: number | null;
  /** JSON text: features, scaling, cut points, k search — what places a new learner. */
  params: string;
  /** JSON text: a 2-D projection of a sample of learners for a scatter plot. */
  projection: string;
}

export interface SegmentsTable {
  run_id: number;
  /** Stable across recomputation: a new run reuses the id of the old segment it matches. */
  segment_id: number;
  /** Machine name: `champions`, `at_risk` … for RFM; `cluster-<id>` for k-means. */
  key: string;
  size: number;
  name_zh: string;
  name_en: string;
  description_zh: string;
  description_en: string;
  /** JSON text: centroid (k-means) or mean (RFM) feature values, by feature name, in feature units. */
  centroid: string;
}

export interface SegmentMembersTable {
  project_id: string;
  method: string;
  user_id: string;
  run_id: number;
  segment_id: number;
}

export type SegmentRunRow = Selectable<SegmentRunsTable>;
export type SegmentRow = Selectable<SegmentsTable>;
