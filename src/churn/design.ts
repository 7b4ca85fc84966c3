/**
 * From named learner inputs to the model's design matrix: which features a churn model reads, how
 * (log1p for skewed amounts), one-hot levels for categoricals, and a "missing" indicator beside
 * features that are undefined for some learners (no rating, nothing bought). The spec is fitted on
 * training rows and saved with the model, so scoring builds exactly the same columns; a level
 * unseen in training is all zeros.
 *
 * The matrix keeps NaN for missing numbers: trees give them their own bin, logistic regression
 * imputes the mean (z = 0) and learns from the indicator.
 *
 * @example
 *   const spec = fitDesign(inputs);
 *   const x = designMatrix(spec, inputs);  // inputs.userIds.length × spec.columns.length, row-major
 *   spec.columns[3];                       // { name: 'spend', group: 'spend', kind: 'number', transform: 'log1p' }
 */
import type { FeatureName } from '../profiles/feature-catalogue.js';
import type { LastLesson, RecentFeatureName } from './recent-activity.js';

export type ChurnNumericFeature = Exclude<FeatureName, 'preferredTopic' | 'device' | 'preferredHour'> | RecentFeatureName;
export type ChurnCategoricalFeature = 'preferredTopic' | 'device';
export type ChurnFeature = ChurnNumericFeature | ChurnCategoricalFeature;

/** Learners' inputs at one instant, parallel to `userIds`. */
export interface ChurnInputs {
  at: number;
  userIds: string[];
  numeric: Record<ChurnNumericFeature, Float64Array>;
  /** Level names (null: none). */
  categorical: Record<ChurnCategoricalFeature, (string | null)[]>;
  lastLesson: (LastLesson | null)[];
}

export interface DesignColumn {
  name: string;
  /** The feature the column comes from: reasons speak of features, not columns. */
  group: ChurnFeature;
  kind: 'number' | 'level' | 'missing';
  transform: 'log1p' | 'none';
  level?: string;
}

export interface DesignSpec {
  columns: DesignColumn[];
}

/** Numeric inputs and their transform; amounts and counts with long tails get log1p. */
export const numericInputs: readonly { name: ChurnNumericFeature; transform: 'log1p' | 'none' }[] = [
  { name: 'recencyDays', transform: 'log1p' }, { name: 'activeDays28', transform: 'none' },
  { name: 'activeDays7', transform: 'none' }, { name: 'spend', transform: 'log1p' }, { name: 'orders', transform: 'log1p' },
  { name: 'learningMinutesPerWeek', transform: 'log1p' }, { name: 'learningTrend', transform: 'none' },
  { name: 'minutesLastWeek', transform: 'log1p' }, { name: 'minutesWeekChange', transform: 'none' },
  { name: 'weeksDeclining', transform: 'none' }, { name: 'completionRate', transform: 'none' },
  { name: 'lessonsCompleted', transform: 'log1p' }, { name: 'coursesBought', transform: 'log1p' },
  { name: 'coursesStarted', transform: 'log1p' }, { name: 'coursesFinished', transform: 'log1p' },
  { name: 'boughtNeverStartedShare', transform: 'none' }, { name: 'refunds', transform: 'log1p' },
  { name: 'ratingsGiven', transform: 'log1p' }, { name: 'meanRating', transform: 'none' },
  { name: 'quizzesFailed', transform: 'log1p' }, { name: 'questionsAsked', transform: 'log1p' },
  { name: 'questionsUnanswered', transform: 'log1p' }, { name: 'answersPosted', transform: 'log1p' },
  { name: 'currentStreakDays', transform: 'log1p' }, { name: 'longestStreakDays', transform: 'log1p' },
  { name: 'streakBreaks28', transform: 'none' }, { name: 'activeDaysPerWeek', transform: 'none' },
  { name: 'activeSpanDays', transform: 'log1p' }, { name: 'activeDaysPerActiveWeek', transform: 'none' },
  { name: 'weekendShare', transform: 'none' }, { name: 'minutesPerActiveDay', transform: 'log1p' },
  { name: 'daysSinceFirstSeen', transform: 'log1p' }, { name: 'daysSinceLastPurchase', transform: 'log1p' },
];
export const categoricalInputs: readonly ChurnCategoricalFeature[] = ['device', 'preferredTopic'];
/** Levels seen by fewer training rows than this are left out: too few to learn from. */
const minLevelRows = 20;

export function fitDesign(inputs: ChurnInputs): DesignSpec {
  const columns: DesignColumn[] = [];
  const n = inputs.userIds.length;
  for (const { name, transform } of numericInputs) {
    columns.push({ name, group: name, kind: 'number', transform });
    const col = inputs.numeric[name];
    let missing = 0;
    for (let i = 0; i < n; i++) if (Number.isNaN(col[i]!)) missing++;
    if (missing > 0 && missing < n) columns.push({ name: `${name}Missing`, group: name, kind: 'missing', transform: 'none' });
  }
  for (const name of categoricalInputs) {
    const counts = new Map<string, number>();
    for (const v of inputs.categorical[name]) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    for (const level of [...counts.keys()].sort()) {
      if (counts.get(level)! >= minLevelRows) columns.push({ name: `${name}=${level}`, group: name, kind: 'level', transform: 'none', level });
    }
  }
  return { columns };
}

/** The n × p raw design matrix, row-major; NaN where a number is missing. */
export function designMatrix(spec: DesignSpec, inputs: ChurnInputs): Float64Array {
  const n = inputs.userIds.length;
  const p = spec.columns.length;
  const x = new Float64Array(n * p);
  spec.columns.forEach((c, j) => {
    if (c.kind === 'level') {
      const values = inputs.categorical[c.group as ChurnCategoricalFeature];
      for (let i = 0; i < n; i++) x[i * p + j] = values[i] === c.level ? 1 : 0;
      return;
    }
    const col = inputs.numeric[c.group as ChurnNumericFeature];
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (c.kind === 'missing') x[i * p + j] = Number.isNaN(v) ? 1 : 0;
      else x[i * p + j] = Number.isNaN(v) ? Number.NaN : c.transform === 'log1p' ? Math.log1p(Math.max(0, v)) : v;
    }
  });
  return x;
}

/** Several input sets stacked in order (snapshots into one training set). */
export function concatInputs(parts: readonly ChurnInputs[]): ChurnInputs {
  const numeric = {} as Record<ChurnNumericFeature, Float64Array>;
  const n = parts.reduce((s, p) => s + p.userIds.length, 0);
  for (const { name } of numericInputs) {
    const col = new Float64Array(n);
    let o = 0;
    for (const p of parts) {
      col.set(p.numeric[name], o);
      o += p.userIds.length;
    }
    numeric[name] = col;
  }
  const categorical = Object.fromEntries(categoricalInputs.map((c) => [c, parts.flatMap((p) => p.categorical[c])])) as ChurnInputs['categorical'];
  return {
    at: parts.length ? parts[parts.length - 1]!.at : Number.NaN, userIds: parts.flatMap((p) => p.userIds), numeric, categorical,
    lastLesson: parts.flatMap((p) => p.lastLesson),
  };
}
