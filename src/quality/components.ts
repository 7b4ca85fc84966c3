/**
 * The score's components, each a Bayesian estimate per item, standardised within the item's type.
 *
 * For every component an item has an observed value (its plain average or rate — NaN with no
 * evidence), an amount of evidence n (ratings, reviews, learners who started, watched hours,
 * orders, questions, experts, survey answers), and an adjusted value: the Bayesian average with
 * the platform's prior, `(sum + m·μ) / (n + m)`. The platform mean μ, the true spread τ between
 * items and the strength m are estimated per item type from the data itself (empirical Bayes, see
 * `estimatePrior`), so thin evidence is pulled toward what is typical there and rich evidence
 * speaks for itself; ratings may use a fixed m instead. Stars and review sentiment enter adjusted
 * for who rated (`case-mix.ts`), so an item is not ranked by its audience. Each item's prior is then moved by what
 * its author's other items show, as far as authors on the platform really differ
 * (`author-priors.ts`). The standardised value
 * z = direction · (adjusted − μ) / τ is in units of how much items truly differ, so components of
 * different kinds can be weighed against each other; the component's 0–100 score is 100·Φ(z).
 *
 * @example
 *   const table = computeComponents(catalog, viewing, feedback, qualityConfig());
 *   table.columns.rating.adjusted[i];   // Bayesian-averaged stars
 *   table.columns.rating.z[i];          // + = better than the platform's typical course
 */
import { authorPriors } from './author-priors.js';
import { authorRecord } from './author-record.js';
import { caseMixAdjust } from './case-mix.js';
import type { CatalogIndex } from './catalog-index.js';
import type { FeedbackSignals } from './feedback-signals.js';
import { fitFeatureCount } from './learner-fit.js';
import { componentNames, type ComponentName, type QualityConfig } from './quality-config.js';
import { estimatePrior, type PriorEstimate } from './statistics.js';
import type { ViewingSignals } from './viewing-signals.js';

type Kind = 'mean' | 'binomial' | 'poisson';

/** The evidence behind one component, as flat arrays over catalog items. */
export interface ComponentInput {
  kind: Kind;
  /** +1 when more is better (stars), −1 when more is worse (refund rate). */
  direction: 1 | -1;
  evidence: Float64Array;
  sum: Float64Array;
  /** Sum of squares (means only; binomial and Poisson noise follow from the mean). */
  sumSq: Float64Array;
  /**
   * The plain sum the item's observed value shows, when `sum` holds adjusted observations (stars
   * adjusted for who rated): the estimate uses `sum`, the report shows what learners said.
   */
  shownSum?: Float64Array;
}

export interface ComponentColumn {
  name: ComponentName;
  direction: 1 | -1;
  /** Item types with any evidence for this component (components without drop out of the score). */
  activeTypes: Set<string>;
  /** The prior per item type. */
  priors: Map<string, PriorEstimate>;
  observed: Float64Array;
  adjusted: Float64Array;
  evidence: Float64Array;
  z: Float64Array;
  /** evidence / (evidence + m): how much of the adjusted value is the item's own. */
  confidence: Float64Array;
}

export interface ComponentTable {
  columns: Record<ComponentName, ComponentColumn>;
}

const hoursPerSecond = 1 / 3600;

/**
 * The estimated rating strength never goes below 5 ratings: with few items the estimate of how much
 * they differ is itself noisy, and below 5 a handful of five-star ratings could outrank hundreds of
 * 4.5s on a platform whose mean is ~3.8 (the bound is m > 1.5 / (4.5 − mean)).
 */
export const ratingMinStrength = 5;

/**
 * Builds each component's evidence arrays from the signals. With `caseMix`, stars and review
 * sentiment are first adjusted for each rater's fit to the item (`case-mix.ts`).
 */
export function componentInputs(
  viewing: ViewingSignals, feedback: FeedbackSignals, caseMix = false,
): Record<Exclude<ComponentName, 'author'>, ComponentInput> {
  const n = viewing.started.length;
  const hours = viewing.watchedS.map((s) => s * hoursPerSecond);
  const none = new Float64Array(n);
  const refunds = feedback.refunds.map((r, i) => Math.min(r, feedback.orders[i]!));
  const rating: ComponentInput = { kind: 'mean', direction: 1, evidence: feedback.ratingCount, sum: feedback.ratingSum, sumSq: feedback.ratingSumSq };
  const sentiment: ComponentInput = { kind: 'mean', direction: 1, evidence: feedback.reviewCount, sum: feedback.sentimentSum, sumSq: feedback.sentimentSumSq };
  if (caseMix) {
    Object.assign(rating, adjustedSums(feedback.ratings.item, feedback.ratings.value, feedback.ratings.fit, n), { shownSum: feedback.ratingSum });
    Object.assign(sentiment, adjustedSums(feedback.reviews.item, feedback.reviews.score, feedback.reviews.fit, n), { shownSum: feedback.sentimentSum });
  }
  return {
    rating,
    sentiment,
    completion: { kind: 'mean', direction: 1, evidence: viewing.learners, sum: viewing.finishShareSum, sumSq: viewing.finishShareSumSq },
    dropoff: { kind: 'poisson', direction: -1, evidence: hours, sum: viewing.drops, sumSq: none },
    rewatch: { kind: 'poisson', direction: -1, evidence: hours, sum: viewing.rewinds, sumSq: none },
    refunds: { kind: 'binomial', direction: -1, evidence: feedback.orders, sum: refunds, sumSq: none },
    questions: { kind: 'binomial', direction: -1, evidence: feedback.questions, sum: feedback.unanswered, sumSq: none },
    experts: { kind: 'mean', direction: 1, evidence: feedback.expertCount, sum: feedback.expertSum, sumSq: feedback.expertSumSq },
    surveys: { kind: 'mean', direction: 1, evidence: feedback.surveyCount, sum: feedback.surveySum, sumSq: feedback.surveySumSq },
  };
}

/** Per-item sums of case-mix-adjusted observations (counts stay those of the observations). */
function adjustedSums(item: Int32Array, value: Float64Array, fit: Float64Array, n: number): { sum: Float64Array; sumSq: Float64Array } {
  const { adjusted } = caseMixAdjust(item, value, fit, fitFeatureCount);
  const sum = new Float64Array(n), sumSq = new Float64Array(n);
  for (let k = 0; k < item.length; k++) {
    const i = item[k]!;
    if (i < 0) continue;
    sum[i]! += adjusted[k]!;
    sumSq[i]! += adjusted[k]! * adjusted[k]!;
  }
  return { sum, sumSq };
}

export function computeComponents(
  catalog: CatalogIndex, viewing: ViewingSignals, feedback: FeedbackSignals, config: QualityConfig,
): ComponentTable {
  const inputs = componentInputs(viewing, feedback, config.caseMix);
  const authors = authorGroups(catalog);
  const columns = {} as Record<ComponentName, ComponentColumn>;
  for (const name of componentNames) {
    if (name === 'author') continue;
    const fixed = name === 'rating' ? config.ratingPriorStrength : null;
    columns[name] = computeColumn(name, inputs[name], catalog.type, config.fallbackPriorStrength[name], fixed, authors);
  }
  columns.author = authorRecord(catalog, feedback, columns.rating, config.fallbackPriorStrength.author);
  return { columns };
}

/**
 * An author index per item for the author-informed priors (`author-priors.ts`): −1 for items
 * without an author and for lessons, which belong to their course rather than to a catalogue.
 */
export function authorGroups(catalog: CatalogIndex): Int32Array {
  const index = new Map<string, number>();
  return Int32Array.from(catalog.author, (a, i) => {
    if (!a || catalog.parent[i]! >= 0) return -1;
    let g = index.get(a);
    if (g === undefined) index.set(a, (g = index.size));
    return g;
  });
}

/**
 * One component over every item: priors per item type, moved per item by its author's other items
 * when `authors` is given, then each item's adjusted value and z.
 */
export function computeColumn(
  name: ComponentName, input: ComponentInput, types: readonly string[], fallbackStrength: number, fixedStrength: number | null,
  authors?: Int32Array,
): ComponentColumn {
  const n = types.length;
  const col: ComponentColumn = {
    name, direction: input.direction, activeTypes: new Set(), priors: new Map(),
    observed: new Float64Array(n).fill(NaN), adjusted: new Float64Array(n).fill(NaN), evidence: new Float64Array(n),
    z: new Float64Array(n), confidence: new Float64Array(n),
  };
  // Each item's type prior, spread over items for the author level.
  const mean = new Float64Array(n).fill(NaN), spread = new Float64Array(n), strength = new Float64Array(n);
  const members = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    let list = members.get(types[i]!);
    if (!list) members.set(types[i]!, (list = []));
    list.push(i);
  }
  for (const [type, items] of members) {
    const counts = Float64Array.from(items, (i) => input.evidence[i]!);
    const sums = Float64Array.from(items, (i) => input.sum[i]!);
    const sumSqs = input.kind === 'mean' ? Float64Array.from(items, (i) => input.sumSq[i]!) : sums;
    if (!counts.some((c) => c > 0)) continue;
    col.activeTypes.add(type);
    const estimated = estimatePrior(counts, sums, sumSqs, {
      poisson: input.kind === 'poisson', minCount: input.kind === 'poisson' ? 1 : 2,
      minStrength: name === 'rating' ? ratingMinStrength : input.kind === 'poisson' ? 0.1 : 1,
      maxStrength: input.kind === 'poisson' ? 100 : 1000,
      fallbackStrength,
    });
    const prior = fixedStrength === null ? estimated : withStrength(estimated, fixedStrength, input.kind);
    col.priors.set(type, prior);
    for (const i of items) { mean[i] = prior.mean; spread[i] = prior.between; strength[i] = prior.strength; }
  }
  const own = authors
    ? authorPriors({ group: authors, evidence: input.evidence, sum: input.sum, direction: input.direction, mean, spread, strength })
    : { target: mean, strength };
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(mean[i]!)) continue;
    standardiseItem(col, i, input, mean[i]!, spread[i]!, own.target[i]!, own.strength[i]!);
  }
  return col;
}

/** A fixed strength m keeps the estimated mean; the spread becomes what m implies. */
function withStrength(p: PriorEstimate, m: number, kind: Kind): PriorEstimate {
  const within = p.between * p.between * p.strength;
  const between = within > 0 ? Math.sqrt(within / m) : kind === 'mean' ? 1 / Math.sqrt(m) : 0;
  return { mean: p.mean, between, strength: m, estimated: p.estimated };
}

/** The Bayesian average toward the item's own prior (target, strength), standardised by its type's mean and spread. */
function standardiseItem(
  col: ComponentColumn, i: number, input: ComponentInput, typeMean: number, typeSpread: number, target: number, strength: number,
): void {
  const c = input.evidence[i]!;
  const s = input.sum[i]!;
  col.evidence[i] = c;
  col.observed[i] = c > 0 ? (input.shownSum ?? input.sum)[i]! / c : NaN;
  const adjusted = (s + strength * target) / (c + strength);
  col.adjusted[i] = adjusted;
  col.z[i] = typeSpread > 0 ? (input.direction * (adjusted - typeMean)) / typeSpread : 0;
  col.confidence[i] = c > 0 ? c / (c + strength) : 0;
}
