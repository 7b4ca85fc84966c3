/** Tables the derive step rebuilds from events: sessions and per-lesson progress. */
export interface SessionsTable {
  project_id: string;
  user_id: string;
  started_at: number;
  ended_at: number;
  events: number;
}

export interface LessonProgressTable {
  project_id: string;
  user_id: string;
  lesson_id: string;
  course_id: string | null;
  first_at: number;
  last_at: number;
  /** Watched seconds after clamping heartbeats to the wall time that passed. */
  watched_s: number;
  /** Seconds that heartbeats claimed beyond what was possible, removed by the clamp. */
  clamped_s: number;
  max_position_s: number;
  completed_at: number | null;
}

export interface DeriveStateTable {
  project_id: string;
  name: string;
  /** Highest event seq already folded into the derived tables. */
  watermark_seq: number;
}
