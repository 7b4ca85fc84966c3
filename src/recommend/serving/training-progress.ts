/**
 * How far the trainings started from the API are: the latest fit progress each model reported,
 * so a dashboard polling `GET /v1/models` can draw a progress bar instead of a spinner.
 *
 * @example
 *   const progress = new TrainingProgress();
 *   recommendations.train(progress.reporter('itemknn'));
 *   progress.snapshot();  // [{ model: 'itemknn', done: 120, total: 459, message: null, startedAt: '…', updatedAt: '…' }]
 */
import type { TrainProgress } from './generation.js';

export interface ModelTrainingProgress {
  model: string;
  done: number;
  total: number;
  message: string | null;
  startedAt: string;
  updatedAt: string;
}

export class TrainingProgress {
  readonly #latest = new Map<string, ModelTrainingProgress>();

  /** A progress callback for one training of `model` (replaces what the previous training reported). */
  reporter(model: string): TrainProgress {
    const now = new Date().toISOString();
    this.#latest.set(model, { model, done: 0, total: 0, message: null, startedAt: now, updatedAt: now });
    return (done, total, message) => {
      const entry = this.#latest.get(model);
      if (!entry) return;
      entry.done = done;
      entry.total = total;
      entry.message = message ?? null;
      entry.updatedAt = new Date().toISOString();
    };
  }

  snapshot(): ModelTrainingProgress[] {
    return [...this.#latest.values()].map((p) => ({ ...p }));
  }
}
