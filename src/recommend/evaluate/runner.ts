/**
 * Runs one model through one protocol: fit on train, rank (or predict) for every test user, and
 * report the metrics of `metrics.ts` in the shape `learnloop evaluate --json` prints.
 *
 * Cold test users (no training history) are scored separately in `cold`:
 * - top-N protocols: they receive the train-set popularity ranking. A fold-in or content model
 *   cannot do better here, because the files carry neither a cold user's history nor their interests.
 * - `ratings`: the item's damped mean rating, (Σ r + λ·μ) / (n + λ) with λ = 5, or the global mean μ.
 *
 * @example
 *   const data = evaluationDataFromText(trainText, testText, 'binary');
 *   const run = await evaluateModel(getRecommender('itemknn'), {}, data, { protocol: 'loo' });
 *   run.report.metrics.ndcg;
 */
import type { Recommender, RecommenderFactory } from '../recommender.js';
import type { EvaluationData, TestGroups } from './dataset.js';
import { errorMetrics, RankingAccumulator, type ErrorMetrics, type RankingMetrics } from './metrics.js';
import { isRankingProtocol, type Protocol } from './protocols.js';
import { popularityScores } from '../algorithms/popularity.js';
import { topK } from '../kernels/topk.js';

export interface EvaluationReport {
  model: string;
  protocol: Protocol;
  k: number;
  metrics: RankingMetrics | ErrorMetrics;
  cold: { users: number; metrics: RankingMetrics | ErrorMetrics };
  train_seconds: number;
  params: Record<string, unknown>;
}

export interface EvaluationRun {
  report: EvaluationReport;
  scoreSeconds: number;
  /** Test users with training history (the ones `metrics` averages over). */
  warmUsers: number;
}

export interface EvaluationOptions {
  protocol: Protocol;
  k?: number;
  /** Progress lines (stderr in the CLI). */
  log?: (message: string) => void;
  /** The fit's own progress, every time the model reports it (a job's progress bar). */
  progress?: (done: number, total: number) => void;
}

/** Users per `recommend` call: bounds memory while keeping the batch path hot. */
const batchUsers = 512;
/** Damping of the cold-user item means in the ratings protocol. */
const itemMeanDamping = 5;

/** Creates, fits and scores a model; see the module comment for what happens to cold users. */
export async function evaluateModel(
  factory: RecommenderFactory,
  params: Record<string, unknown>,
  data: EvaluationData,
  options: EvaluationOptions,
): Promise<EvaluationRun> {
  const { protocol } = options;
  const k = options.k ?? 10;
  const log = options.log ?? (() => {});
  const model = factory.create(params);
  if (!isRankingProtocol(protocol) && model.predict === undefined) {
    throw new Error(`model "${factory.name}" does not predict ratings, so it cannot run the "ratings" protocol; ` +
      'use a rating model (e.g. mf) or a top-N protocol (loo, holdout, temporal)');
  }
  log(`fitting ${factory.name} on ${data.train.nUsers} users × ${data.train.nItems} items`);
  const t0 = performance.now();
  let lastLog = 0;
  await model.fit(data.train, (done, total, message) => {
    options.progress?.(done, total);
    const now = performance.now();
    if (now - lastLog < 1000 && done < total) return;
    lastLog = now;
    log(`  ${factory.name}: ${done}/${total}${message ? ` ${message}` : ''}`);
  });
  const trainSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const scored = isRankingProtocol(protocol)
    ? { metrics: rankWarm(model, data, k, log), cold: rankCold(data, k) }
    : { metrics: predictWarm(model, data.warm), cold: predictCold(data) };
  const scoreSeconds = (performance.now() - t1) / 1000;
  return {
    report: {
      model: factory.name,
      protocol,
      k,
      metrics: scored.metrics,
      cold: { users: data.cold.users.length, metrics: scored.cold },
      train_seconds: round(trainSeconds, 3),
      params: { ...model.params },
    },
    scoreSeconds,
    warmUsers: data.warm.users.length,
  };
}

function rankWarm(model: Recommender, data: EvaluationData, k: number, log: (m: string) => void): RankingMetrics {
  const { users, ptr, items } = data.warm;
  const acc = new RankingAccumulator(data.train.nItems, k);
  for (let from = 0; from < users.length; from += batchUsers) {
    const to = Math.min(users.length, from + batchUsers);
    const result = model.recommend(users.subarray(from, to), k);
    for (let r = from; r < to; r++) acc.addUser(result.items, (r - from) * k, items.subarray(ptr[r]!, ptr[r + 1]!));
    if (users.length > batchUsers) log(`  scored ${to}/${users.length} users`);
  }
  return acc.result(data.catalogSize);
}

function rankCold(data: EvaluationData, k: number): RankingMetrics {
  const { users, ptr, items } = data.cold;
  const acc = new RankingAccumulator(data.train.nItems, k);
  if (users.length === 0) return acc.result(data.catalogSize);
  const ranked = new Int32Array(k);
  topK(popularityScores(data.train, 0, false), k, ranked, new Float32Array(k));
  for (let r = 0; r < users.length; r++) acc.addUser(ranked, 0, items.subarray(ptr[r]!, ptr[r + 1]!));
  return acc.result(data.catalogSize);
}

function predictWarm(model: Recommender, warm: TestGroups): ErrorMetrics {
  const n = warm.items.length;
  const users = new Int32Array(n);
  for (let r = 0; r < warm.users.length; r++) users.fill(warm.users[r]!, warm.ptr[r]!, warm.ptr[r + 1]!);
  return errorMetrics(model.predict!(users, warm.items), warm.ratings);
}

function predictCold(data: EvaluationData): ErrorMetrics {
  const { train, cold } = data;
  const sum = new Float64Array(train.nItems);
  const count = new Float64Array(train.nItems);
  const n = train.indptr[train.nUsers]!;
  let total = 0;
  for (let p = 0; p < n; p++) {
    sum[train.indices[p]!]! += train.values[p]!;
    count[train.indices[p]!]!++;
    total += train.values[p]!;
  }
  const mean = n > 0 ? total / n : 0;
  const predicted = Float32Array.from(cold.items, (i) => (sum[i]! + itemMeanDamping * mean) / (count[i]! + itemMeanDamping));
  return errorMetrics(predicted, cold.ratings);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
