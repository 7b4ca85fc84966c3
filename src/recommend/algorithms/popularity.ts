/**
 * `popularity` — the same ranking for everyone: how many learners interacted with each item,
 * optionally time-decayed ("trending": an interaction `halfLifeDays` older than the newest one
 * counts half). It is the baseline every model is measured against and the fallback for learners
 * without history.
 *
 * Per-category popularity ("popular in 金融") is not a separate model: the caller passes the
 * category's items as the `allow` mask of `recommend`.
 *
 * Parameters:
 * - `halfLifeDays` (float, 0 = no decay): half-life of an interaction's weight, measured back from
 *   the newest interaction in the data (not the wall clock, so refitting the same data gives the
 *   same model).
 * - `weighting`: `count` counts learners, `value` sums interaction strengths.
 *
 * `similarItems` returns the most popular other items; `foldIn` returns the global scores.
 *
 * @example
 *   const model = popularity.create({ halfLifeDays: 7 });
 *   await model.fit(data);
 *   model.recommend([0], 10, { allow: categoryMask });
 */
import type { Interactions } from '../interactions.js';
import type { ProgressFn, RecommendFilter, Recommender, RecommenderFactory, SavedModel, SparseHistory, TopKResult } from '../recommender.js';
import { recommendBatch, similarBatch } from '../batch.js';
import { resolveParams, type ParamValues } from '../params.js';
import { checkSaved, savedArray } from '../saved-model.js';

const formatVersion = 1;
const msPerDay = 86_400_000;

const params = {
  halfLifeDays: {
    type: 'float', default: 0, min: 0, max: 3650,
    description: 'half-life of an interaction in days for trending; 0 = plain counts',
  },
  weighting: {
    type: 'string', default: 'count', choices: ['count', 'value'],
    description: 'count learners per item, or sum interaction values',
  },
} as const;

/** Item scores: Σ over the item's interactions of weight × 2^(-(newest − time) / half-life). */
export function popularityScores(data: Interactions, halfLifeDays: number, useValues: boolean): Float64Array {
  const scores = new Float64Array(data.nItems);
  const { indices, values, times } = data;
  const n = data.indptr[data.nUsers]!;
  let newest = 0;
  for (let p = 0; p < n; p++) if (times[p]! > newest) newest = times[p]!;
  const decayPerMs = halfLifeDays > 0 && newest > 0 ? Math.LN2 / (halfLifeDays * msPerDay) : 0;
  for (let p = 0; p < n; p++) {
    let w = useValues ? values[p]! : 1;
    if (decayPerMs > 0) w *= Math.exp(-(newest - times[p]!) * decayPerMs);
    scores[indices[p]!]! += w;
  }
  return scores;
}

class PopularityModel implements Recommender {
  readonly name = 'popularity';
  #data: Interactions | undefined;
  #scores: Float32Array | undefined;

  constructor(readonly params: Readonly<ParamValues>) {}

  async fit(data: Interactions, progress?: ProgressFn): Promise<void> {
    const counts = popularityScores(data, this.params.halfLifeDays as number, this.params.weighting === 'value');
    this.#data = data;
    this.#scores = Float32Array.from(counts);
    progress?.(1, 1, 'counted interactions');
  }

  recommend(users: ArrayLike<number>, k: number, filter?: RecommendFilter): TopKResult {
    const scores = this.#fitted();
    return recommendBatch(this.#data!, users, k, filter, (_user, out) => out.set(scores));
  }

  similarItems(items: ArrayLike<number>, k: number): TopKResult {
    const scores = this.#fitted();
    return similarBatch(scores.length, items, k, (_item, out) => out.set(scores));
  }

  foldIn(_history: SparseHistory): Float32Array {
    return this.#fitted().slice();
  }

  /** The fitted scores (read-only). */
  get scores(): Float32Array {
    return this.#fitted();
  }

  save(): SavedModel {
    return { name: this.name, formatVersion, params: { ...this.params }, arrays: { scores: this.#fitted().slice() }, meta: {} };
  }

  restore(data: Interactions, scores: Float32Array): void {
    if (scores.length !== data.nItems) throw new Error(`saved popularity has ${scores.length} items, data has ${data.nItems}`);
    this.#data = data;
    this.#scores = scores;
  }

  #fitted(): Float32Array {
    if (this.#scores === undefined) throw new Error('popularity: call fit() before using the model');
    return this.#scores;
  }
}

/**
 * The fitted scores of a popularity model (the same for every learner; read-only), so serving can
 * rank them once instead of copying them per request. Undefined for any other model.
 */
export function popularityView(model: Recommender): Float32Array | undefined {
  return model instanceof PopularityModel ? model.scores : undefined;
}

export const popularity: RecommenderFactory = {
  name: 'popularity',
  description: 'most interacted-with items, optionally time-decayed (trending)',
  feedback: 'implicit',
  params,
  create: (given) => new PopularityModel(resolveParams(params, given)),
  load(saved, data) {
    checkSaved(saved, 'popularity', formatVersion);
    const model = new PopularityModel(resolveParams(params, saved.params));
    model.restore(data, savedArray(saved, 'scores', Float32Array).slice());
    return model;
  },
};
