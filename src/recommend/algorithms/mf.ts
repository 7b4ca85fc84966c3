/**
 * `mf` — rating prediction for explicit feedback (stars, scores): biased matrix factorisation
 * r̂_ui = μ + b_u + b_i + p_u·q_i trained by SGD, blended by default with an item-based
 * neighbourhood model on baseline residuals (KNNBaseline: Pearson-baseline similarity with
 * shrinkage). Early stopping and the blend weight use a validation share carved from the training
 * ratings, never test data (`kernels/mf-train.ts`). `predict` clips to the training rating range;
 * `recommend` ranks unseen items by predicted rating.
 *
 * Parameters:
 * - `factors`, `iterations` (maximum epochs), `learningRate`, `regularization` — the MF part.
 * - `validation` — share of ratings carved out for early stopping and blending (0 = train all
 *   `iterations` epochs, blend weight ½); `patience` — epochs without improvement before stopping.
 * - `neighbours` — k of the neighbourhood model (0 = plain biased MF); `shrinkage` — similarity
 *   shrinkage toward 0 for items with few common raters; `neighbourCandidates` — similar items kept
 *   per item (memory grows with items × this).
 * - `seed` — initial factors, visiting order and the carve-out.
 *
 * `similarItems` ranks by cosine of MF item factors.
 *
 * @example
 *   const model = mf.create({ factors: 50 });
 *   await model.fit(ratings);
 *   model.predict!([0, 0], [3, 9]); // Float32Array of two predicted ratings
 */
import type { Interactions } from '../interactions.js';
import type { ProgressFn, RecommendFilter, Recommender, RecommenderFactory, SavedModel, TopKResult } from '../recommender.js';
import { checkIndices, recommendBatch, similarBatch } from '../batch.js';
import { resolveParams, type ParamValues } from '../params.js';
import { checkSaved, savedArray } from '../saved-model.js';
import { rowNorms } from '../kernels/linalg.js';
import { cosineToItem } from '../kernels/linalg-factors.js';
import { markUser, unmarkUser } from '../kernels/mf-neighbours.js';
import { baselineResiduals, fitExplicit, predictBlend, type ExplicitFit, type ExplicitOptions } from '../kernels/mf-train.js';

const formatVersion = 1;

const params = {
  factors: { type: 'int', default: 50, min: 1, max: 1024, description: 'latent dimensions of the MF part' },
  iterations: { type: 'int', default: 100, min: 1, max: 2000, description: 'maximum SGD epochs (early stopping usually ends sooner)' },
  learningRate: { type: 'float', default: 0.005, min: 1e-5, max: 0.5, log: true, description: 'SGD step size' },
  regularization: { type: 'float', default: 0.05, min: 0, max: 10, description: 'L2 weight on biases and factors' },
  validation: { type: 'float', default: 0.1, min: 0, max: 0.5, description: 'share of ratings carved out for early stopping and the blend weight' },
  patience: { type: 'int', default: 5, min: 1, max: 100, description: 'epochs without validation improvement before stopping' },
  neighbours: { type: 'int', default: 40, min: 0, max: 1000, description: 'k of the item-neighbourhood model; 0 = plain MF' },
  shrinkage: { type: 'float', default: 100, min: 0, max: 10000, description: 'similarity shrinkage for items with few common raters' },
  neighbourCandidates: { type: 'int', default: 300, min: 1, max: 100000, description: 'similar items kept per item' },
  seed: { type: 'int', default: 0, min: 0, max: 2 ** 31 - 1, description: 'seed of initialisation, order and carve-out' },
} as const;

/** Initial factor scale (σ of the normal draw), as Surprise's SVD. */
const initScale = 0.1;

class MfModel implements Recommender {
  readonly name = 'mf';
  #data: Interactions | undefined;
  #fit: ExplicitFit | undefined;
  #norms: Float32Array | undefined;

  constructor(readonly params: Readonly<ParamValues>) {}

  get #options(): ExplicitOptions {
    const p = this.params;
    return {
      factors: p.factors as number, iterations: p.iterations as number,
      learningRate: p.learningRate as number, regularization: p.regularization as number, initScale,
      validation: p.validation as number, patience: p.patience as number,
      neighbours: p.neighbours as number, shrinkage: p.shrinkage as number,
      neighbourCandidates: p.neighbourCandidates as number, seed: p.seed as number,
    };
  }

  async fit(data: Interactions, progress?: ProgressFn): Promise<void> {
    this.restore(data, fitExplicit(data, data.nUsers, data.nItems, this.#options, progress));
  }

  restore(data: Interactions, fit: ExplicitFit): void {
    const f = this.params.factors as number;
    if (fit.mf.userFactors.length !== data.nUsers * f || fit.mf.itemFactors.length !== data.nItems * f) {
      throw new Error(`mf: factor shapes do not match ${data.nUsers} users × ${data.nItems} items × ${f} factors`);
    }
    if (fit.knn !== null && fit.knn.residuals.length !== data.indptr[data.nUsers]) {
      throw new Error('mf: the neighbourhood model was fitted on other ratings');
    }
    this.#data = data;
    this.#fit = fit;
    this.#norms = undefined;
  }

  predict(users: ArrayLike<number>, items: ArrayLike<number>): Float32Array {
    const { data, fit } = this.#fitted();
    if (users.length !== items.length) throw new RangeError(`predict needs as many users (${users.length}) as items (${items.length})`);
    checkIndices(users, data.nUsers, 'user');
    checkIndices(items, data.nItems, 'item');
    const out = new Float32Array(users.length);
    const marks = new Float32Array(data.nItems).fill(NaN);
    let marked = -1;
    for (let r = 0; r < users.length; r++) {
      const u = users[r]!;
      if (u !== marked) this.#mark(marks, marked, u);
      marked = u;
      out[r] = Math.min(fit.maxRating, Math.max(fit.minRating, predictBlend(fit, fit.mf.mean, u, items[r]!, marks)));
    }
    return out;
  }

  recommend(users: ArrayLike<number>, k: number, filter?: RecommendFilter): TopKResult {
    const { data, fit } = this.#fitted();
    const marks = new Float32Array(data.nItems).fill(NaN);
    let marked = -1;
    return recommendBatch(data, users, k, filter, (u, out) => {
      this.#mark(marks, marked, u);
      marked = u;
      for (let i = 0; i < out.length; i++) out[i] = predictBlend(fit, fit.mf.mean, u, i, marks);
    });
  }

  similarItems(items: ArrayLike<number>, k: number): TopKResult {
    const { data, fit } = this.#fitted();
    const f = this.params.factors as number;
    this.#norms ??= rowNorms(fit.mf.itemFactors, data.nItems, f);
    const norms = this.#norms;
    return similarBatch(data.nItems, items, k, (i, out) => cosineToItem(fit.mf.itemFactors, norms, i, f, out));
  }

  save(): SavedModel {
    const { fit } = this.#fitted();
    const { mf, knn } = fit;
    const arrays: SavedModel['arrays'] = {
      userBias: mf.userBias.slice(), itemBias: mf.itemBias.slice(),
      userFactors: mf.userFactors.slice(), itemFactors: mf.itemFactors.slice(),
    };
    if (knn !== null) {
      // Residuals are recomputed from the ratings at load time, so only the baselines and lists are kept.
      Object.assign(arrays, {
        baselineUserBias: knn.userBias.slice(), baselineItemBias: knn.itemBias.slice(),
        neighbourPtr: knn.neighbours.indptr.slice(), neighbourItems: knn.neighbours.items.slice(),
        neighbourSims: knn.neighbours.sims.slice(),
      });
    }
    return {
      name: this.name, formatVersion, params: { ...this.params }, arrays,
      meta: { mean: mf.mean, weight: fit.weight, epochs: fit.epochs, minRating: fit.minRating, maxRating: fit.maxRating, neighbourhood: knn !== null },
    };
  }

  /** Moves the residual marks from user `previous` (-1 = none) to user `u`. */
  #mark(marks: Float32Array, previous: number, u: number): void {
    const { data, fit } = this.#fitted();
    if (fit.knn === null || previous === u) return;
    if (previous >= 0) unmarkUser(marks, data, previous);
    markUser(marks, data, fit.knn.residuals, u);
  }

  #fitted(): { data: Interactions; fit: ExplicitFit } {
    if (this.#fit === undefined || this.#data === undefined) throw new Error('mf: call fit() before using the model');
    return { data: this.#data, fit: this.#fit };
  }
}

export const mf: RecommenderFactory = {
  name: 'mf',
  description: 'explicit-rating matrix factorisation with biases, blended with an item-neighbourhood model',
  feedback: 'explicit',
  params,
  create: (given) => new MfModel(resolveParams(params, given)),
  load(saved, data) {
    checkSaved(saved, 'mf', formatVersion);
    const model = new MfModel(resolveParams(params, saved.params));
    const meta = saved.meta as { mean: number; weight: number; epochs: number; minRating: number; maxRating: number; neighbourhood: boolean };
    const f = model.params.factors as number;
    const mfPart = {
      factors: f, mean: meta.mean,
      userBias: savedArray(saved, 'userBias', Float32Array).slice(), itemBias: savedArray(saved, 'itemBias', Float32Array).slice(),
      userFactors: savedArray(saved, 'userFactors', Float32Array).slice(), itemFactors: savedArray(saved, 'itemFactors', Float32Array).slice(),
    };
    let knn: ExplicitFit['knn'] = null;
    if (meta.neighbourhood) {
      const userBias = savedArray(saved, 'baselineUserBias', Float32Array).slice();
      const itemBias = savedArray(saved, 'baselineItemBias', Float32Array).slice();
      if (userBias.length !== data.nUsers || itemBias.length !== data.nItems) throw new Error('mf: saved baselines do not match the data');
      knn = {
        userBias, itemBias, k: model.params.neighbours as number,
        residuals: baselineResiduals(data, meta.mean, userBias, itemBias),
        neighbours: {
          indptr: savedArray(saved, 'neighbourPtr', Int32Array).slice(),
          items: savedArray(saved, 'neighbourItems', Int32Array).slice(),
          sims: savedArray(saved, 'neighbourSims', Float32Array).slice(),
        },
      };
    }
    model.restore(data, { mf: mfPart, knn, weight: meta.weight, epochs: meta.epochs, minRating: meta.minRating, maxRating: meta.maxRating });
    return model;
  },
};
