/**
 * Hyper-parameter search that never looks at test data: it carves a validation split out of the
 * training rows by the same protocol, then tries parameter sets drawn from each model's ParamSpec
 * ranges — the defaults first, then one uniform draw for every two perturbations of the best so far
 * (log-uniform where the spec says `log`) — and keeps the one with the best validation NDCG@K
 * (top-N protocols) or RMSE (`ratings`).
 *
 * With several candidate models (`--model auto`) every model's defaults are tried first, and the
 * remaining trials go to the two best models.
 *
 * @example
 *   const result = await tune([getRecommender('itemknn')], table, ids, { protocol: 'loo', trials: 20, seed: 1 });
 *   result.best.params; // e.g. { neighbours: 150, shrink: 4.2, … }
 */
import type { RecommenderFactory } from '../recommender.js';
import type { ParamValues } from '../params.js';
import { resolveParams } from '../params.js';
import { evaluationData, type ValueMode } from './dataset.js';
import { isRankingProtocol, splitTable, type Protocol } from './protocols.js';
import { selectRows, type IdSpace, type RatingTable } from './rating-table.js';
import { evaluateModel } from './runner.js';
import type { ErrorMetrics, RankingMetrics } from './metrics.js';
import { seededRandom, type RandomFn } from '../kernels/random.js';

/**
 * Execution settings, not modelling choices: searching thread counts wastes trials, and searching
 * seeds only fits the noise of one split. They keep their defaults.
 */
const notSearched = new Set(['threads', 'seed']);

export interface TuneOptions {
  protocol: Protocol;
  trials: number;
  seed?: number;
  k?: number;
  values?: ValueMode;
  log?: (message: string) => void;
}

export interface Trial {
  model: string;
  params: Record<string, unknown>;
  /** Validation NDCG@K (higher is better) or RMSE (lower is better). */
  score: number;
  train_seconds: number;
  /** Why the trial failed (its score is then the worst possible). */
  error?: string;
}

export interface TuneResult {
  protocol: Protocol;
  metric: 'ndcg' | 'rmse';
  k: number;
  best: Trial;
  trials: Trial[];
  validation: { trainRows: number; validationRows: number; users: number };
}

export async function tune(
  candidates: readonly RecommenderFactory[],
  table: RatingTable,
  ids: IdSpace,
  options: TuneOptions,
): Promise<TuneResult> {
  const { protocol } = options;
  const k = options.k ?? 10;
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 0;
  const ranking = isRankingProtocol(protocol);
  if (candidates.length === 0) throw new Error('no model can run this protocol');
  const split = splitTable(table, ids, protocol, { seed });
  const data = evaluationData(selectRows(table, split.train), selectRows(table, split.test), ids, options.values ?? (ranking ? 'binary' : 'rating'));
  log(`validation split (${protocol}): ${split.train.length} train rows, ${split.test.length} validation rows, ${data.warm.users.length} users`);

  const better = (a: number, b: number): boolean => (ranking ? a > b : a < b);
  const trials: Trial[] = [];
  // A model that cannot fit this data (e.g. content without item texts) loses its trial, not the search.
  const worst = ranking ? -Infinity : Infinity;
  const run = async (factory: RecommenderFactory, params: ParamValues): Promise<Trial> => {
    let trial: Trial;
    try {
      const result = await evaluateModel(factory, params, data, { protocol, k });
      const metrics = result.report.metrics;
      const score = ranking ? (metrics as RankingMetrics).ndcg : (metrics as ErrorMetrics).rmse;
      trial = { model: factory.name, params: result.report.params, score, train_seconds: result.report.train_seconds };
    } catch (err) {
      trial = { model: factory.name, params, score: worst, train_seconds: 0, error: (err as Error).message };
    }
    trials.push(trial);
    const outcome = trial.error === undefined ? `${ranking ? 'NDCG' : 'RMSE'} ${trial.score.toFixed(4)}` : `failed: ${trial.error}`;
    log(`  trial ${trials.length}/${options.trials}: ${factory.name} ${formatParams(trial.params)} → ${outcome}`);
    return trial;
  };

  const bestOf = new Map<string, Trial>();
  for (const factory of candidates) {
    const trial = await run(factory, resolveParams(factory.params));
    bestOf.set(factory.name, trial);
  }
  const ranked = [...candidates].sort((a, b) => (better(bestOf.get(a.name)!.score, bestOf.get(b.name)!.score) ? -1 : 1));
  const finalists = ranked.filter((f) => bestOf.get(f.name)!.error === undefined && Object.keys(f.params).length > 0).slice(0, 2);
  const rand = seededRandom(seed + 1);
  for (let t = 0; trials.length < options.trials && finalists.length > 0; t++) {
    const factory = finalists[t % finalists.length]!;
    const incumbent = bestOf.get(factory.name)!;
    const params = t % 3 === 0 ? sampleParams(factory, rand) : perturbParams(factory, incumbent.params, rand);
    const trial = await run(factory, params);
    if (better(trial.score, incumbent.score)) bestOf.set(factory.name, trial);
  }
  let best = trials[0]!;
  for (const trial of trials) if (better(trial.score, best.score)) best = trial;
  if (best.error !== undefined) throw new Error(`every trial failed; first: ${best.error}`);
  return {
    protocol, metric: ranking ? 'ndcg' : 'rmse', k, best, trials,
    validation: { trainRows: split.train.length, validationRows: split.test.length, users: data.warm.users.length },
  };
}

/** One parameter set drawn uniformly (log-uniformly where `log`) from the spec ranges. */
export function sampleParams(factory: RecommenderFactory, rand: RandomFn): ParamValues {
  const out: ParamValues = {};
  for (const [name, spec] of Object.entries(factory.params)) {
    if (notSearched.has(name)) out[name] = spec.default;
    else if (spec.choices !== undefined) out[name] = spec.choices[Math.floor(rand() * spec.choices.length)]!;
    else if (spec.type === 'bool') out[name] = rand() < 0.5;
    else if ((spec.type === 'int' || spec.type === 'float') && spec.min !== undefined && spec.max !== undefined) {
      out[name] = fromUnit(spec.type, spec.min, spec.max, spec.log === true, rand());
    } else out[name] = spec.default;
  }
  return resolveParams(factory.params, out);
}

/**
 * The incumbent with each numeric parameter moved by a random step of up to ±15% of its range
 * (in log space where `log`), and each choice re-drawn with probability 1/4.
 */
export function perturbParams(factory: RecommenderFactory, incumbent: Record<string, unknown>, rand: RandomFn): ParamValues {
  const out: ParamValues = {};
  for (const [name, spec] of Object.entries(factory.params)) {
    const current = incumbent[name] ?? spec.default;
    if (notSearched.has(name)) out[name] = current as number | string | boolean;
    else if (spec.choices !== undefined || spec.type === 'bool') {
      const options: readonly (string | number | boolean)[] = spec.choices ?? [true, false];
      out[name] = rand() < 0.25 ? sampleOne(options, rand) : (current as number | string | boolean);
    } else if ((spec.type === 'int' || spec.type === 'float') && spec.min !== undefined && spec.max !== undefined) {
      const log = spec.log === true;
      const unit = toUnit(current as number, spec.min, spec.max, log);
      const moved = Math.min(1, Math.max(0, unit + (rand() * 2 - 1) * 0.15));
      out[name] = fromUnit(spec.type, spec.min, spec.max, log, moved);
    } else out[name] = current as number | string | boolean;
  }
  return resolveParams(factory.params, out);
}

function sampleOne<T>(values: readonly T[], rand: RandomFn): T {
  return values[Math.floor(rand() * values.length)]!;
}

/**
 * Position of a value in its range as a number in [0, 1]: linear, or logarithmic when `log` —
 * log(v / min) for positive ranges, log1p(v − min) when the range starts at 0 (where 0 often means
 * "off", and the useful values still span decades).
 */
function toUnit(value: number, min: number, max: number, log: boolean): number {
  if (max === min) return 0;
  if (!log) return (value - min) / (max - min);
  return min > 0 ? Math.log(value / min) / Math.log(max / min) : Math.log1p(value - min) / Math.log1p(max - min);
}

function fromUnit(type: 'int' | 'float', min: number, max: number, log: boolean, u: number): number {
  const x = !log ? min + u * (max - min) : min > 0 ? min * Math.pow(max / min, u) : min + Math.expm1(u * Math.log1p(max - min));
  const v = type === 'int' ? Math.round(x) : Number(x.toPrecision(4));
  return Math.min(max, Math.max(min, v));
}

export function formatParams(params: Record<string, unknown>): string {
  return Object.entries(params).map(([k, v]) => `${k}=${v}`).join(' ');
}
