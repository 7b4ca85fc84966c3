/**
 * The hot loop of biased matrix factorisation for explicit ratings (Funk 2006; Koren, Bell &
 * Volinsky 2009): r̂_ui = μ + b_u + b_i + p_u·q_i, fitted by SGD on the squared error with L2 weight
 * `reg` on every parameter a rating touches. Ratings are given as parallel COO arrays so a
 * validation carve-out is just another pair of index lists.
 *
 * @example
 *   const model = newBiasedMf(nUsers, nItems, 50, mean, rng);
 *   for (let e = 0; e < 40; e++) biasedMfEpoch(ratings, order, model, 0.005, 0.05, rng);
 *   rmse(ratings, evalRows, model);
 */
import { dotRows } from './linalg.js';
import type { Random } from './linalg-random.js';

/** Ratings as parallel arrays (one entry per rating). */
export interface RatingList {
  readonly users: Int32Array;
  readonly items: Int32Array;
  readonly ratings: Float32Array;
}

export interface BiasedMf {
  readonly factors: number;
  mean: number;
  readonly userBias: Float32Array;
  readonly itemBias: Float32Array;
  readonly userFactors: Float32Array;
  readonly itemFactors: Float32Array;
}

/** Fresh parameters: zero biases, factors normal with σ = `initScale`. */
export function newBiasedMf(nUsers: number, nItems: number, f: number, mean: number, initScale: number, rng: Random): BiasedMf {
  return {
    factors: f, mean,
    userBias: new Float32Array(nUsers),
    itemBias: new Float32Array(nItems),
    userFactors: rng.fillNormal(new Float32Array(nUsers * f), initScale),
    itemFactors: rng.fillNormal(new Float32Array(nItems * f), initScale),
  };
}

/** The prediction for one (user, item), unclipped. */
export function predictOne(m: BiasedMf, u: number, i: number): number {
  const f = m.factors;
  return m.mean + m.userBias[u]! + m.itemBias[i]! + dotRows(m.userFactors, u * f, m.itemFactors, i * f, f);
}

/**
 * One epoch over the ratings listed in `rows` (indices into `data`), visited in a fresh seeded
 * random order (`rows` is shuffled in place). Returns the training RMSE seen during the epoch.
 */
export function biasedMfEpoch(data: RatingList, rows: Int32Array, m: BiasedMf, lr: number, reg: number, rng: Random): number {
  const { users, items, ratings } = data;
  const { userBias: bu, itemBias: bi, userFactors: p, itemFactors: q, factors: f, mean } = m;
  const decay = 1 - lr * reg;
  rng.shuffle(rows);
  let sq = 0;
  for (let s = 0; s < rows.length; s++) {
    const r = rows[s]!;
    const u = users[r]!;
    const i = items[r]!;
    const uo = u * f;
    const io = i * f;
    const err = ratings[r]! - (mean + bu[u]! + bi[i]! + dotRows(p, uo, q, io, f));
    sq += err * err;
    const step = lr * err;
    bu[u] = decay * bu[u]! + step;
    bi[i] = decay * bi[i]! + step;
    for (let k = 0; k < f; k++) {
      const pu = p[uo + k]!;
      const qi = q[io + k]!;
      p[uo + k] = decay * pu + step * qi;
      q[io + k] = decay * qi + step * pu;
    }
  }
  return rows.length > 0 ? Math.sqrt(sq / rows.length) : 0;
}

/** RMSE of the model's predictions (clipped to [lo, hi]) on the listed ratings. */
export function rmseOn(data: RatingList, rows: Int32Array, m: BiasedMf, lo: number, hi: number): number {
  let sq = 0;
  for (let s = 0; s < rows.length; s++) {
    const r = rows[s]!;
    const pred = Math.min(hi, Math.max(lo, predictOne(m, data.users[r]!, data.items[r]!)));
    const err = data.ratings[r]! - pred;
    sq += err * err;
  }
  return rows.length > 0 ? Math.sqrt(sq / rows.length) : 0;
}
