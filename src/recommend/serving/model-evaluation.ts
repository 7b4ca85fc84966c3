/**
 * Offline evaluation of the project's recommenders on its own data, as a background job: the
 * interactions the models train on are split in time (each learner's latest products held out,
 * `holdout`), every model is fitted on the rest and ranked against what came next, with the
 * metrics and runner of `evaluate/`. One run at a time per project; the latest finished run is kept
 * (in memory and in the store, so a restart keeps it) so the dashboard can show each model's numbers
 * beside the one that serves.
 *
 * @example
 *   const job = new ModelEvaluations(db);
 *   job.start('default', { models: ['popularity', 'itemknn'], k: 10 });
 *   await job.state('default');  // { status: 'running', done: 0, total: 2, current: 'popularity', … }
 *   // later: { status: 'done', results: [{ model: 'itemknn', metrics: { hr: 0.41, ndcg: 0.22, … }, trainSeconds: 0.8 }, …] }
 */
import type { Kysely } from 'kysely';
import { yieldToEventLoop } from '../../jobs/yield.js';
import type { Database } from '../../store/schema.js';
import { evaluationDataFromInteractions } from '../evaluate/interactions-split.js';
import type { RankingMetrics } from '../evaluate/metrics.js';
import { evaluateModel } from '../evaluate/runner.js';
import { getRecommender } from '../registry.js';
import { defaultSignalWeights } from '../signals.js';
import { loadTrainingData } from '../training-data.js';
import { createWithTexts } from './generation.js';

/** Models evaluated when none are named: every family but the blend, whose parts are already measured. */
export const defaultEvaluatedModels: readonly string[] = Object.freeze(['popularity', 'itemknn', 'userknn', 'als', 'bpr', 'content', 'hybrid']);

export interface ModelEvaluationResult {
  model: string;
  metrics: RankingMetrics;
  /** Test learners with no training history, ranked by popularity. */
  cold: { users: number; metrics: RankingMetrics };
  trainSeconds: number;
  scoreSeconds: number;
  /** Test learners with history: the ones `metrics` averages over. */
  warmUsers: number;
  params: Record<string, unknown>;
  /** Why the model could not be evaluated (the others still are). */
  error?: string;
}

export interface ModelEvaluationState {
  status: 'idle' | 'running' | 'done' | 'failed';
  protocol: 'holdout';
  k: number;
  models: string[];
  /** Models finished so far, and the one being fitted or scored. */
  done: number;
  total: number;
  current: string | null;
  /** The current model's own fit progress, 0–1 (null when it reports none). */
  currentProgress: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** The split: learners, products and held-out cells. */
  data: { users: number; items: number; trainInteractions: number; testInteractions: number; testUsers: number } | null;
  results: ModelEvaluationResult[];
  error: string | null;
}

export interface EvaluationRequest {
  models?: readonly string[];
  k?: number;
}

const idle = (): ModelEvaluationState => ({
  status: 'idle', protocol: 'holdout', k: 10, models: [], done: 0, total: 0, current: null, currentProgress: null,
  startedAt: null, finishedAt: null, data: null, results: [], error: null,
});

export class ModelEvaluations {
  readonly #db: Kysely<Database>;
  readonly #states = new Map<string, ModelEvaluationState>();
  readonly #running = new Map<string, Promise<ModelEvaluationState>>();

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** The project's current run, or the latest finished one (kept in the store across restarts), as a copy. */
  async state(projectId: string): Promise<ModelEvaluationState> {
    const current = this.#states.get(projectId);
    if (current) return structuredClone(current);
    const stored = await this.#db.selectFrom('model_evaluations').select('run').where('project_id', '=', projectId).executeTakeFirst();
    return stored ? JSON.parse(stored.run) as ModelEvaluationState : idle();
  }

  /**
   * Starts a run unless one is running (then that one continues). Unknown model names throw
   * before anything starts. Resolves when the run ends; callers that answer at once ignore it.
   */
  start(projectId: string, request: EvaluationRequest = {}): Promise<ModelEvaluationState> {
    const running = this.#running.get(projectId);
    if (running) return running;
    const models = [...new Set(request.models ?? defaultEvaluatedModels)];
    for (const m of models) getRecommender(m);
    const state: ModelEvaluationState = {
      ...idle(), status: 'running', k: request.k ?? 10, models, total: models.length, current: models[0] ?? null,
      startedAt: new Date().toISOString(),
    };
    this.#states.set(projectId, state);
    const run = this.#run(projectId, state).finally(() => this.#running.delete(projectId));
    this.#running.set(projectId, run);
    return run;
  }

  async #run(projectId: string, state: ModelEvaluationState): Promise<ModelEvaluationState> {
    // Let the request that started the run answer before the reading begins.
    await yieldToEventLoop();
    try {
      const training = await loadTrainingData(this.#db, projectId, defaultSignalWeights);
      if (training.interactions.nUsers === 0) throw new Error('no learner interactions yet: send events (or run `learnloop demo`) before evaluating');
      const data = evaluationDataFromInteractions(training.interactions, 'holdout');
      const test = data.warm.items.length + data.cold.items.length;
      if (data.warm.users.length === 0) throw new Error('no learner has enough history to hold any out (a learner needs 5 products or more)');
      state.data = {
        users: data.train.nUsers, items: data.train.nItems, trainInteractions: data.train.indptr[data.train.nUsers]!,
        testInteractions: test, testUsers: data.warm.users.length + data.cold.users.length,
      };
      for (const name of state.models) {
        state.current = name;
        state.currentProgress = null;
        await yieldToEventLoop();
        try {
          const model = createWithTexts(name, {}, training.view);
          // The runner creates the model from a factory; hand it the one made with the catalog texts.
          const factory = { ...getRecommender(name), create: () => model };
          const run = await evaluateModel(factory, {}, data, {
            protocol: 'holdout', k: state.k,
            progress: (done, total) => { state.currentProgress = total > 0 ? Math.min(1, done / total) : null; },
          });
          state.results.push({
            model: name, metrics: run.report.metrics as RankingMetrics, cold: run.report.cold as ModelEvaluationResult['cold'],
            trainSeconds: run.report.train_seconds, scoreSeconds: round(run.scoreSeconds), warmUsers: run.warmUsers, params: run.report.params,
          });
        } catch (err) {
          state.results.push({ model: name, metrics: emptyMetrics(), cold: { users: 0, metrics: emptyMetrics() }, trainSeconds: 0, scoreSeconds: 0, warmUsers: 0, params: {}, error: (err as Error).message });
        }
        state.done++;
      }
      state.status = 'done';
    } catch (err) {
      state.status = 'failed';
      state.error = (err as Error).message;
    }
    state.current = null;
    state.currentProgress = null;
    state.finishedAt = new Date().toISOString();
    if (state.status === 'done') await this.#keep(projectId, state);
    return structuredClone(state);
  }

  async #keep(projectId: string, state: ModelEvaluationState): Promise<void> {
    const row = { project_id: projectId, finished_at: Date.parse(state.finishedAt!), run: JSON.stringify(state) };
    await this.#db.insertInto('model_evaluations').values(row)
      .onConflict((oc) => oc.column('project_id').doUpdateSet({ finished_at: row.finished_at, run: row.run })).execute();
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const emptyMetrics = (): RankingMetrics => ({ hr: 0, ndcg: 0, precision: 0, recall: 0, map: 0, coverage: 0 });
