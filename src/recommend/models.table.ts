/** Trained models, versioned, so that serving survives restarts and can swap atomically. */
import type { Generated } from 'kysely';

export interface ModelsTable {
  model_id: Generated<number>;
  project_id: string;
  name: string;
  format_version: number;
  created_at: number;
  /** JSON text. */
  params: string;
  /** JSON text of offline metrics measured at training time. */
  metrics: string;
  data: Buffer;
}

/** The latest finished offline evaluation per project (`serving/model-evaluation.ts`). */
export interface ModelEvaluationsTable {
  project_id: string;
  finished_at: number;
  /** JSON text of the run's state: split sizes and each model's metrics. */
  run: string;
}
