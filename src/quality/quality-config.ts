/**
 * What the quality score weighs and how strict the diagnosis is. Every number here is documented in
 * docs/QUALITY.md; the defaults follow what each signal means for content, not one platform's data.
 * Weights are relative: components a platform has no data for drop out and the rest are rescaled.
 *
 * @example
 *   const config = qualityConfig({ weights: { experts: 0.3 } });
 *   parseWeights('rating=0.4,experts=0.2');   // { rating: 0.4, experts: 0.2 }
 */

export const componentNames = [
  'rating', 'sentiment', 'completion', 'dropoff', 'rewatch', 'refunds', 'questions', 'experts', 'surveys', 'author',
] as const;
export type ComponentName = (typeof componentNames)[number];

export interface DiagnosisConfig {
  /** A lesson is looked at once this many learners started it. */
  minLessonLearners: number;
  /** How many standard errors worse than the rest of its course a lesson must be (finish rate, stops, rewinds). */
  lessonZ: number;
  /** …and by how much: finish rate at least this many points lower, stops or rewinds at least this factor higher. */
  lessonFinishGap: number;
  lessonRateRatio: number;
  /** Ratings trend: at least this many ratings, a slope this many standard errors below 0, a drop of this many stars. */
  trendMinRatings: number;
  trendT: number;
  trendMinDrop: number;
  /** Expert vs learners: at least this many ratings and this many points apart on 0–100. */
  mismatchMinRatings: number;
  mismatchPoints: number;
  /** Refund rate at least this and this many standard errors above the platform, with this many orders. */
  refundMinOrders: number;
  refundRate: number;
  refundZ: number;
  /** Unanswered questions: at least this many, and this share of the course's judged questions. */
  unansweredMin: number;
  unansweredShare: number;
  /** Negative reviews: at least this many, and this share of the item's reviews. */
  negativeMin: number;
  negativeShare: number;
}

export interface QualityConfig {
  weights: Record<ComponentName, number>;
  /** Bayesian-average strength m for ratings; null = estimated from the platform's own ratings (empirical Bayes). */
  ratingPriorStrength: number | null;
  /**
   * Judge stars and reviews as a typical audience would have given them: each is adjusted for the
   * rater's fit to the item (topic affinity, language) before averaging (`case-mix.ts`).
   */
  caseMix: boolean;
  /** Used for any component whose spread across items cannot be estimated (fewer than 3 items with data). */
  fallbackPriorStrength: Record<ComponentName, number>;
  diagnosis: DiagnosisConfig;
}

/**
 * Default weights (relative), set by what each signal says about the content itself: learners'
 * explicit judgement (stars 0.25, the words of reviews 0.1); asking for the money back, a judgement
 * with money on it (0.15); behaviour that is hard to fake — finishing lessons and not leaving them
 * midway (0.1 each); experts, few but deliberate (0.1); item surveys (0.05). Rewinds are ambiguous
 * (confusion, or a passage worth hearing twice) and unanswered questions speak of support more than
 * of content: 0.025 each. The author's record is shown but not weighed (0): it already sets every
 * other component's prior (`author-priors.ts`), and weighing it again would count it twice.
 */
export const defaultWeights: Readonly<Record<ComponentName, number>> = Object.freeze({
  rating: 0.25,
  sentiment: 0.1,
  completion: 0.1,
  dropoff: 0.1,
  rewatch: 0.025,
  refunds: 0.15,
  questions: 0.025,
  experts: 0.1,
  surveys: 0.05,
  author: 0,
});

export const defaultDiagnosis: Readonly<DiagnosisConfig> = Object.freeze({
  minLessonLearners: 10,
  lessonZ: 3,
  lessonFinishGap: 0.05,
  lessonRateRatio: 1.5,
  trendMinRatings: 20,
  trendT: 2.5,
  trendMinDrop: 0.4,
  mismatchMinRatings: 10,
  mismatchPoints: 25,
  refundMinOrders: 10,
  refundRate: 0.1,
  refundZ: 2.5,
  unansweredMin: 3,
  unansweredShare: 0.5,
  negativeMin: 3,
  negativeShare: 0.4,
});

export interface QualityConfigInput {
  weights?: Partial<Record<ComponentName, number>>;
  ratingPriorStrength?: number | null;
  caseMix?: boolean;
  diagnosis?: Partial<DiagnosisConfig>;
}

export function qualityConfig(input: QualityConfigInput = {}): QualityConfig {
  const weights = { ...defaultWeights, ...input.weights };
  for (const name of componentNames) {
    const w = weights[name];
    if (!Number.isFinite(w) || w < 0) throw new Error(`quality weight "${name}" must be a number ≥ 0 (got ${w})`);
  }
  if (componentNames.every((c) => weights[c] === 0)) throw new Error('at least one quality weight must be above 0');
  const m = input.ratingPriorStrength ?? null;
  if (m !== null && !(m > 0)) throw new Error(`ratingPriorStrength must be above 0 (got ${m})`);
  return {
    weights,
    ratingPriorStrength: m,
    caseMix: input.caseMix ?? true,
    // Observations an item needs before its own value counts as much as the platform's, when the
    // platform has too few items to tell: ten ratings, five reviews, a learner cohort, one expert.
    fallbackPriorStrength: {
      rating: m ?? 10, sentiment: 5, completion: 30, dropoff: 2, rewatch: 2, refunds: 20, questions: 5, experts: 1, surveys: 10,
      author: 20,
    },
    diagnosis: { ...defaultDiagnosis, ...input.diagnosis },
  };
}

/**
 * Reads weights written as `name=value` pairs separated by commas (CLI flags, the
 * `LEARNLOOP_QUALITY_WEIGHTS` variable). Unknown names and bad numbers are errors naming them.
 */
export function parseWeights(text: string): Partial<Record<ComponentName, number>> {
  const out: Partial<Record<ComponentName, number>> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, value] = part.split('=').map((s) => s.trim());
    if (!(componentNames as readonly string[]).includes(name ?? '')) {
      throw new Error(`unknown quality component "${name}"; known: ${componentNames.join(', ')}`);
    }
    const w = Number(value);
    if (value === undefined || value === '' || !Number.isFinite(w) || w < 0) throw new Error(`weight of ${name} must be a number ≥ 0 (got "${value ?? ''}")`);
    out[name as ComponentName] = w;
  }
  return out;
}

/**
 * The configuration from environment variables: `LEARNLOOP_QUALITY_WEIGHTS` (`rating=0.4,experts=0.2`),
 * `LEARNLOOP_QUALITY_RATING_PRIOR` (the rating strength m; unset = estimated) and
 * `LEARNLOOP_QUALITY_CASE_MIX` (`0` or `false` judges stars and reviews as given, without the case-mix adjustment).
 */
export function qualityConfigFromEnv(env: Record<string, string | undefined>): QualityConfig {
  const weights = env.LEARNLOOP_QUALITY_WEIGHTS ? parseWeights(env.LEARNLOOP_QUALITY_WEIGHTS) : undefined;
  const m = env.LEARNLOOP_QUALITY_RATING_PRIOR;
  const caseMix = env.LEARNLOOP_QUALITY_CASE_MIX;
  return qualityConfig({
    weights, ratingPriorStrength: m ? Number(m) : null,
    caseMix: caseMix === undefined || caseMix === '' ? true : !['0', 'false', 'no', 'off'].includes(caseMix.trim().toLowerCase()),
  });
}
