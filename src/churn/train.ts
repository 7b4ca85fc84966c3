/**
 * Training with a time-based choice: both models are fitted on the older snapshots and measured
 * on the newest (ROC-AUC, PR-AUC, calibration error), beside the rule a team would use without a
 * model — "inactive for 7+ days" — on the same rows. The better ROC-AUC wins; Platt scaling is
 * fitted on the winner's validation scores, then the winner is refitted on every snapshot (the
 * newest behaviour matters most) and keeps that calibration.
 *
 * The reported ECE is cross-fitted: each half of the validation rows is calibrated by a fit on the
 * other half, so it is not measured on the rows that set it.
 *
 * @example
 *   const { model, evaluation } = selectChurnModel(trainingSet);
 *   evaluation.chosen;            // 'gbt'
 *   evaluation.models.gbt.rocAuc; // 0.91
 */
import { fitChurnModel, defaultChurnParams, type ChurnModel, type ChurnModelKind, type ChurnParams, churnModelKinds } from './churn-model.js';
import { designMatrix, fitDesign } from './design.js';
import { calibrated, expectedCalibrationError, fitPlatt, type Platt } from './kernels/calibration.js';
import { sigmoid } from './kernels/logistic.js';
import { averagePrecision, rocAuc } from './kernels/ranking-metrics.js';
import type { TrainingSet } from './training-set.js';

export interface ModelEvaluation {
  rocAuc: number;
  prAuc: number;
  /** Expected calibration error of the calibrated probabilities (cross-fitted). */
  ece: number;
  /** ECE of the model's raw probabilities, for comparison. */
  eceUncalibrated: number;
}

export interface RuleEvaluation {
  rule: string;
  rocAuc: number;
  prAuc: number;
  precision: number;
  recall: number;
  /** Share of learners the rule flags. */
  flagged: number;
}

export interface ChurnEvaluation {
  trainingRows: number;
  validationRows: number;
  validationChurnRate: number;
  models: Record<ChurnModelKind, ModelEvaluation>;
  chosen: ChurnModelKind;
  rule: RuleEvaluation;
  calibration: Platt;
  columns: number;
}

export const inactiveRuleDays = 7;
const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 10_000) / 10_000 : x);

/** Scores of the rule "inactive for 7+ days" (1 flagged, 0 not) from days since last activity. */
export function inactivityRule(recencyDays: Float64Array): Float64Array {
  return recencyDays.map((r) => (r >= inactiveRuleDays ? 1 : 0));
}

export function evaluateRule(flags: Float64Array, y: Uint8Array): RuleEvaluation {
  let tp = 0, flagged = 0, pos = 0;
  for (let i = 0; i < y.length; i++) {
    pos += y[i]!;
    if (flags[i]! > 0) {
      flagged++;
      tp += y[i]!;
    }
  }
  return {
    rule: `inactive for ${inactiveRuleDays}+ days`, rocAuc: round(rocAuc(flags, y)), prAuc: round(averagePrecision(flags, y)),
    precision: round(flagged ? tp / flagged : 0), recall: round(pos ? tp / pos : 0), flagged: round(y.length ? flagged / y.length : 0),
  };
}

/** Ranking and calibration of log-odds `margins` against labels; ECE cross-fitted over two halves. */
export function evaluateMargins(margins: Float64Array, y: Uint8Array): ModelEvaluation {
  const n = y.length;
  const calibratedP = new Float64Array(n);
  for (let half = 0; half < 2; half++) {
    const fitRows: number[] = [], applyRows: number[] = [];
    for (let i = 0; i < n; i++) (i % 2 === half ? applyRows : fitRows).push(i);
    const platt = fitPlatt(Float64Array.from(fitRows, (i) => margins[i]!), Uint8Array.from(fitRows, (i) => y[i]!));
    for (const i of applyRows) calibratedP[i] = calibrated(platt, margins[i]!);
  }
  return {
    rocAuc: round(rocAuc(margins, y)), prAuc: round(averagePrecision(margins, y)),
    ece: round(expectedCalibrationError(calibratedP, y)), eceUncalibrated: round(expectedCalibrationError(margins.map(sigmoid), y)),
  };
}

function rows<T extends Float64Array | Uint8Array>(a: T, width: number, pick: readonly number[], make: (n: number) => T): T {
  const out = make(pick.length * width);
  pick.forEach((r, k) => out.set(a.subarray(r * width, (r + 1) * width), k * width));
  return out;
}

export interface SelectedModels {
  /** The chosen model, refitted on every snapshot, calibrated on the validation snapshot. */
  model: ChurnModel;
  evaluation: ChurnEvaluation;
  /** With `refit: 'both'`: each kind refitted and calibrated the same way (for benchmarks). */
  all?: Record<ChurnModelKind, ChurnModel>;
}

export function selectChurnModel(
  set: TrainingSet, params: ChurnParams = defaultChurnParams, onProgress?: (msg: string) => void, refit: 'chosen' | 'both' = 'chosen',
): SelectedModels {
  const last = set.snapshots.length - 1;
  if (last < 1) throw new RangeError('training needs at least two snapshots: older ones to fit, the newest to validate');
  const trainIdx: number[] = [], valIdx: number[] = [];
  set.snapshotOf.forEach((k, i) => (k === last ? valIdx : trainIdx).push(i));
  const yTrain = rows(set.labels, 1, trainIdx, (k) => new Uint8Array(k));
  const yVal = rows(set.labels, 1, valIdx, (k) => new Uint8Array(k));
  for (const [what, y] of [['training snapshots', yTrain], ['validation snapshot', yVal]] as const) {
    const pos = y.reduce((s, v) => s + v, 0);
    if (pos === 0 || pos === y.length) throw new RangeError(`the ${what} hold${what.endsWith('s') ? '' : 's'} ${pos === 0 ? 'no churned' : 'only churned'} learners: not enough history to learn churn`);
  }
  const spec = fitDesign(set.inputs);
  const p = spec.columns.length;
  const x = designMatrix(spec, set.inputs);
  const xTrain = rows(x, p, trainIdx, (k) => new Float64Array(k));
  const xVal = rows(x, p, valIdx, (k) => new Float64Array(k));

  const models = {} as Record<ChurnModelKind, ModelEvaluation>;
  const valMargins = {} as Record<ChurnModelKind, Float64Array>;
  for (const kind of churnModelKinds) {
    const m = fitChurnModel(kind, spec, xTrain, yTrain, params);
    valMargins[kind] = m.margins(xVal, valIdx.length);
    models[kind] = evaluateMargins(valMargins[kind], yVal);
    onProgress?.(`${kind}: validation ROC-AUC ${models[kind].rocAuc}, PR-AUC ${models[kind].prAuc}, ECE ${models[kind].ece}`);
  }
  const chosen: ChurnModelKind = models.gbt.rocAuc > models.logistic.rocAuc ? 'gbt' : 'logistic';
  const recency = Float64Array.from(valIdx, (i) => set.inputs.numeric.recencyDays[i]!);
  const rule = evaluateRule(inactivityRule(recency), yVal);
  onProgress?.(`rule "${rule.rule}": ROC-AUC ${rule.rocAuc}; chosen ${chosen}; refitting on all ${set.labels.length} rows`);
  const final = (kind: ChurnModelKind) => {
    const model = fitChurnModel(kind, spec, x, set.labels, params);
    model.platt = fitPlatt(valMargins[kind], yVal);
    return model;
  };
  const all = refit === 'both' ? Object.fromEntries(churnModelKinds.map((k) => [k, final(k)])) as Record<ChurnModelKind, ChurnModel> : undefined;
  const model = all ? all[chosen] : final(chosen);
  return {
    model, all,
    evaluation: {
      trainingRows: trainIdx.length, validationRows: valIdx.length, validationChurnRate: round(yVal.reduce((s, v) => s + v, 0) / valIdx.length),
      models, chosen, rule, calibration: model.platt, columns: p,
    },
  };
}
