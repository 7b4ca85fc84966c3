/**
 * Churn risk for one project: train a model on the history before a date and score the learners
 * active in the 28 days before a date, each with a calibrated probability of not being active in
 * the next `horizonDays` and the reasons behind it. The trained model is stored (the `models`
 * table, name `churn-<N>d`), so scores survive a restart; scoring with no stored model for the
 * horizon trains one first and says so (`trained: true`).
 *
 * Dates are local dates of the project's time zone, read as the start of that day ("as of
 * 2026-05-01" = everything before May began). `asOf` defaults to the data, never the wall clock:
 * the day after the latest event, so that every event counts.
 *
 * @example
 *   const churn = new ChurnService(db, 'default');
 *   const report = await churn.train({ asOf: '2026-06-01', horizonDays: 14 }, (m) => console.error(m));
 *   report.chosen;                        // 'gbt'
 *   const { learners } = await churn.scores({ asOf: '2026-06-15' });
 *   learners[0];                          // { userId: 'u0042', probability: 0.83, reasons: [{ feature: 'recencyDays', … }] }
 */
import type { Kysely } from 'kysely';
import { formatDate, localDateOf, parseDate } from '../analytics/calendar.js';
import { parseAsOf } from '../profiles/as-of.js';
import { projectTimezone } from '../profiles/learner-features.js';
import type { Platt } from './kernels/calibration.js';
import { latestModel, saveModel } from '../recommend/serving/model-store.js';
import type { Database } from '../store/schema.js';
import { ChurnModel, defaultChurnParams, type ChurnModelKind } from './churn-model.js';
import { churnInputs } from './inputs.js';
import { dayMs, defaultHorizonDays, labelledLearners } from './labels.js';
import { loadReasonCatalog } from './reason-catalog.js';
import { learnerReasons, type ChurnReason } from './reasons.js';
import { selectChurnModel, type ModelEvaluation, type RuleEvaluation } from './train.js';
import { buildTrainingSet, snapshotTimes } from './training-set.js';

export type { ChurnReason } from './reasons.js';

export interface ChurnOptions {
  /** YYYY-MM-DD (or an ISO 8601 date-time); default the day after the latest event. */
  asOf?: string;
  /** Days without activity that count as churn, 1–90 (default 14). */
  horizonDays?: number;
}

export interface ChurnTrainingReport {
  asOf: string;
  horizonDays: number;
  modelId: number;
  /** The model chosen by validation ROC-AUC. */
  chosen: ChurnModelKind;
  /** Validation measures of both models on the newest snapshot. */
  models: Record<ChurnModelKind, ModelEvaluation>;
  /** "inactive for 7+ days" on the same validation rows. */
  rule: RuleEvaluation;
  /** Cross-fitted expected calibration error of the chosen model. */
  ece: number;
  calibration: Platt;
  snapshots: { asOf: string; learners: number; churned: number }[];
  validationAsOf: string;
  trainingRows: number;
  validationRows: number;
  validationChurnRate: number;
  features: number;
  seconds: number;
}

export interface ChurnScore {
  userId: string;
  probability: number;
  reasons: ChurnReason[];
}

export interface ChurnScores {
  asOf: string;
  horizonDays: number;
  /** The kind of the scoring model: 'logistic' or 'gbt'. */
  model: string;
  modelId: number;
  /** The date the scoring model was trained as of. */
  trainedAsOf: string;
  /** True when no model was stored for this horizon and one was trained for this answer. */
  trained: boolean;
  /** Sorted by probability, highest first. */
  learners: ChurnScore[];
}

/** A request the data cannot answer as asked: names the field; `status` 400 or 422. */
export class ChurnInputError extends Error {
  constructor(readonly field: string, message: string, readonly status: 400 | 422 = 400) {
    super(message);
  }
}

export const maxHorizonDays = 90;
export const churnModelName = (horizonDays: number) => `churn-${horizonDays}d`;

interface Resolved {
  at: number;
  label: string;
  horizonDays: number;
  timezone: string;
  firstEventAt: number;
}

/**
 * Scoring every learner reads every recent event, seconds on a large platform, while the answer only
 * changes with a new event or a new model. The last few full answers per database are kept, so the
 * at-risk list and a learner's page do not rescore everyone on every request.
 */
const scoreCache = new WeakMap<Kysely<Database>, Map<string, ChurnScores>>();
const cachedAnswers = 4;

function remember(db: Kysely<Database>, key: string, answer: ChurnScores): void {
  let answers = scoreCache.get(db);
  if (!answers) scoreCache.set(db, (answers = new Map()));
  answers.set(key, answer);
  if (answers.size > cachedAnswers) answers.delete(answers.keys().next().value!);
}

function onlyLearners(all: ChurnScores, userIds: readonly string[]): ChurnScores {
  const wanted = new Set(userIds);
  return { ...all, learners: all.learners.filter((l) => wanted.has(l.userId)) };
}

export class ChurnService {
  readonly #db: Kysely<Database>;
  readonly #projectId: string;

  constructor(db: Kysely<Database>, projectId: string) {
    this.#db = db;
    this.#projectId = projectId;
  }

  async train(options: ChurnOptions = {}, onProgress?: (msg: string) => void): Promise<ChurnTrainingReport> {
    const started = performance.now();
    const r = await this.#resolve(options);
    const times = snapshotTimes(r.at, r.horizonDays, r.firstEventAt);
    if (times.length < 2) {
      const needed = Math.ceil((r.horizonDays * dayMs + 7 * dayMs + 14 * dayMs) / dayMs);
      throw new ChurnInputError('asOf', `training on ${r.label} needs about ${needed} days of history before it (two weekly snapshots, each with 14 days behind it and a ${r.horizonDays}-day horizon after it); the first event is on ${this.#date(r.firstEventAt, r.timezone)}`, 422);
    }
    onProgress?.(`churn training as of ${r.label}, horizon ${r.horizonDays} days: ${times.length} weekly snapshots`);
    const set = await buildTrainingSet(this.#db, this.#projectId, { times, horizonDays: r.horizonDays, timezone: r.timezone, onProgress });
    let selected;
    try {
      selected = selectChurnModel(set, defaultChurnParams, onProgress);
    } catch (err) {
      if (err instanceof RangeError) throw new ChurnInputError('asOf', err.message, 422);
      throw err;
    }
    const { model, evaluation } = selected;
    const report = {
      asOf: r.label, horizonDays: r.horizonDays, chosen: evaluation.chosen, models: evaluation.models, rule: evaluation.rule,
      ece: evaluation.models[evaluation.chosen].ece, calibration: evaluation.calibration,
      snapshots: set.snapshots.map((s) => ({ asOf: this.#date(s.at, r.timezone), learners: s.learners, churned: s.churned })),
      validationAsOf: this.#date(times[times.length - 1]!, r.timezone), trainingRows: evaluation.trainingRows,
      validationRows: evaluation.validationRows, validationChurnRate: evaluation.validationChurnRate, features: evaluation.columns,
      seconds: Math.round((performance.now() - started) / 10) / 100,
    };
    const modelId = await saveModel(this.#db, this.#projectId, model.save({ trainedAsOf: r.label, trainedAt: r.at }, churnModelName(r.horizonDays)), report);
    onProgress?.(`stored model ${modelId} (${evaluation.chosen}) in ${report.seconds} s`);
    return { ...report, modelId };
  }

  async scores(options: ChurnOptions & { userIds?: readonly string[] } = {}): Promise<ChurnScores> {
    const r = await this.#resolve(options);
    const key = await this.#cacheKey(r);
    const cached = key === undefined ? undefined : scoreCache.get(this.#db)?.get(key);
    if (cached) return options.userIds ? onlyLearners(cached, options.userIds) : cached;
    const answer = await this.#score(r, options.userIds);
    if (key !== undefined && !options.userIds && !answer.trained) remember(this.#db, key, answer);
    return answer;
  }

  /**
   * Keeps the scores of the latest day ready (a background job): scores everyone with the stored
   * model, answered from the cache when nothing changed. Trains nothing — with no model stored it
   * says so and waits for one (`POST /v1/churn/train`, or the first score request).
   */
  async refresh(horizonDays = defaultHorizonDays): Promise<string> {
    const stored = await latestModel(this.#db, this.#projectId, churnModelName(horizonDays));
    if (!stored) return `no ${churnModelName(horizonDays)} model yet`;
    const answer = await this.scores({ horizonDays });
    return `${answer.learners.length} learners scored as of ${answer.asOf}`;
  }

  /** Scores depend on the model and on every event before asOf: the newest of both names them. */
  async #cacheKey(r: Resolved): Promise<string | undefined> {
    const model = await this.#db.selectFrom('models').select((eb) => eb.fn.max('model_id').as('id'))
      .where('project_id', '=', this.#projectId).where('name', '=', churnModelName(r.horizonDays)).executeTakeFirst();
    if (model?.id == null) return undefined;
    const top = await this.#db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    return `${this.#projectId}|${r.at}|${r.horizonDays}|${model.id}|${top?.seq ?? 0}`;
  }

  async #score(r: Resolved, onlyUserIds: readonly string[] | undefined): Promise<ChurnScores> {
    const options = { userIds: onlyUserIds };
    let stored = await latestModel(this.#db, this.#projectId, churnModelName(r.horizonDays));
    let trained = false;
    if (!stored) {
      await this.train({ asOf: r.label, horizonDays: r.horizonDays });
      stored = (await latestModel(this.#db, this.#projectId, churnModelName(r.horizonDays)))!;
      trained = true;
    }
    const model = ChurnModel.load(stored.saved, churnModelName(r.horizonDays));
    let userIds = await labelledLearners(this.#db, this.#projectId, r.at);
    if (options.userIds) {
      const wanted = new Set(options.userIds);
      userIds = userIds.filter((u) => wanted.has(u));
    }
    const inputs = await churnInputs(this.#db, this.#projectId, r.at, userIds, r.timezone);
    const scoring = model.score(inputs);
    const catalog = await loadReasonCatalog(this.#db, this.#projectId, inputs.lastLesson);
    const learners: ChurnScore[] = userIds.map((userId, i) => ({
      userId, probability: Math.round(scoring.probability[i]! * 10_000) / 10_000,
      reasons: learnerReasons(model.spec, scoring.contributions, inputs, i, catalog),
    }));
    learners.sort((a, b) => b.probability - a.probability || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
    return {
      asOf: r.label, horizonDays: r.horizonDays, model: model.kind, modelId: stored.modelId,
      trainedAsOf: String(stored.saved.meta.trainedAsOf), trained, learners,
    };
  }

  async #resolve(options: ChurnOptions): Promise<Resolved> {
    const horizonDays = options.horizonDays ?? defaultHorizonDays;
    if (!(Number.isInteger(horizonDays) && horizonDays >= 1 && horizonDays <= maxHorizonDays)) {
      throw new ChurnInputError('horizonDays', `horizonDays must be a whole number of days in 1..${maxHorizonDays}; got ${horizonDays}`);
    }
    const timezone = await projectTimezone(this.#db, this.#projectId);
    const bounds = await this.#db.selectFrom('events').select((eb) => [eb.fn.min('timestamp').as('first'), eb.fn.max('timestamp').as('last')])
      .where('project_id', '=', this.#projectId).executeTakeFirst();
    if (bounds?.first === null || bounds?.first === undefined) throw new ChurnInputError('asOf', 'the project has no events yet: send events (or load the demo) before asking about churn', 422);
    const firstEventAt = Number(bounds.first);
    let at: number;
    let label: string;
    if (options.asOf === undefined) {
      const next = localDateOf(timezone, Number(bounds.last));
      at = parseAsOf(formatDate(next), timezone)! + dayMs;
      label = this.#date(at, timezone);
    } else {
      const parsed = parseAsOf(options.asOf, timezone);
      if (parsed === undefined) throw new ChurnInputError('asOf', `asOf must be a date YYYY-MM-DD (or an ISO 8601 date-time); got "${options.asOf}"`);
      at = parsed;
      label = parseDate(options.asOf.trim()) ? options.asOf.trim() : new Date(at).toISOString();
    }
    if (at <= firstEventAt) {
      throw new ChurnInputError('asOf', `asOf ${label} is before any data: the first event is on ${this.#date(firstEventAt, timezone)}`);
    }
    return { at, label, horizonDays, timezone, firstEventAt };
  }

  #date(ms: number, timezone: string): string {
    return formatDate(localDateOf(timezone, ms));
  }
}
