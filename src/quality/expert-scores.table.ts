/** Expert scores of catalog items: what reviewers the platform trusts say about a course or lesson. */
import type { Selectable } from 'kysely';

export interface ExpertScoresTable {
  project_id: string;
  item_id: string;
  /** The expert's id or name, as the platform sends it. */
  expert: string;
  /** What was judged: `overall`, `accuracy`, `clarity`, `depth`, … (see `expertDimensions`). */
  dimension: string;
  /** The score as sent, on its scale. */
  score: number;
  /** 100 (0–100) or 5 (1–5 stars). */
  scale: number;
  /** The score on 0–100: a 1–5 score s becomes (s − 1) × 25. */
  score_100: number;
  comment: string | null;
  created_at: number;
  updated_at: number;
}

export type ExpertScoreRow = Selectable<ExpertScoresTable>;
