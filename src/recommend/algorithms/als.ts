/**
 * `als` — implicit-feedback matrix factorisation by alternating least squares (Hu, Koren &
 * Volinsky 2008, "Collaborative Filtering for Implicit Feedback Datasets"). Every cell of the
 * users × items matrix is a preference p (1 where the learner interacted, 0 elsewhere) weighted by a
 * confidence c = 1 + alpha·|value|; user and item factors minimise Σ c·(p − x_u·y_i)² + λ(‖x‖² + ‖y‖²).
 * Solves use conjugate gradient with the YᵀY trick (as implicit's `cg` solver), exact Woodbury
 * solves for light rows, and optionally run on worker threads (`kernels/als-train.ts`).
 *
 * Parameters:
 * - `factors` — latent dimensions; `iterations` — alternating sweeps.
 * - `regularization` — λ, the L2 weight of every factor vector (> 0).
 * - `alpha` — confidence growth per unit of interaction value. The defaults (alpha 2, λ 5) were
 *   chosen on validation splits carved from MovieLens training data with 0/1 values; with graded
 *   values (ratings, event weights up to ~5) a smaller alpha keeps the confidences comparable.
 * - `solver` — `cg` (fast, `cgSteps` steps warm-started each sweep) or `cholesky` (exact).
 * - `threads` — 1 trains on the calling thread; 2+ on that many threads; 0 picks 2 when the data is
 *   large enough for the thread start-up to pay. Results are identical for every choice.
 * - `seed` — initial factors (uniform in [0, 0.01)); the same seed gives the same model.
 *
 * `foldIn(history)` solves a fresh user's vector exactly against the fixed item factors, so new
 * events change recommendations without retraining. `similarItems` ranks by cosine of item factors.
 *
 * @example
 *   const model = als.create({ factors: 64, iterations: 15 });
 *   await model.fit(data, (done, total) => console.error(`${done}/${total}`));
 *   model.recommend([0, 1], 10);
 *   model.foldIn({ items: Int32Array.of(3, 7), values: Float32Array.of(1, 1) });
 */
import type { Interactions } from '../interactions.js';
import type { ProgressFn, RecommendFilter, Recommender, RecommenderFactory, SavedModel, SparseHistory, TopKResult } from '../recommender.js';
import { checkIndices, recommendBatch, similarBatch } from '../batch.js';
import { resolveParams, type ParamValues } from '../params.js';
import { checkSaved, savedArray } from '../saved-model.js';
import { AlsScratch, solveHistory } from '../kernels/als-solve.js';
import { lightRowLimit, solveWoodbury, woodburyBasisRows, WoodburyScratch } from '../kernels/als-woodbury.js';
import { trainAls } from '../kernels/als-train.js';
import { addDiagonal, gramian, invertSpd, rowNorms } from '../kernels/linalg.js';
import { columnMeans, cosineToItem, scoreItems } from '../kernels/linalg-factors.js';

const formatVersion = 1;
/**
 * Below this many non-zeros × factors a worker's start-up (~0.2 s with the TypeScript loader)
 * costs more than it saves: with the SIMD kernels MovieLens-100k (6.4M) fits in under a second
 * on one thread.
 */
const parallelMinWork = 50_000_000;

const params = {
  factors: { type: 'int', default: 64, min: 1, max: 1024, description: 'latent dimensions' },
  iterations: { type: 'int', default: 15, min: 1, max: 200, description: 'alternating least-squares sweeps' },
  regularization: { type: 'float', default: 5, min: 1e-6, max: 1000, log: true, description: 'L2 weight λ on every factor vector' },
  alpha: { type: 'float', default: 2, min: 0, max: 1000, log: false, description: 'confidence per unit of interaction value: c = 1 + alpha·|value|' },
  solver: { type: 'string', default: 'cg', choices: ['cg', 'cholesky'], description: 'conjugate gradient (fast) or exact Cholesky solves' },
  cgSteps: { type: 'int', default: 3, min: 1, max: 64, description: 'conjugate-gradient steps per row and sweep' },
  threads: { type: 'int', default: 0, min: 0, max: 64, description: '0 = automatic, 1 = calling thread only, n = n threads' },
  seed: { type: 'int', default: 0, min: 0, max: 2 ** 31 - 1, description: 'seed of the initial factors' },
} as const;

interface AlsState {
  data: Interactions;
  userFactors: Float32Array;
  itemFactors: Float32Array;
}

class AlsModel implements Recommender {
  readonly name = 'als';
  #state: AlsState | undefined;
  #norms: Float32Array | undefined;
  /** YᵀY and YᵀY + λI of the item factors, computed on first use. */
  #gram: { plain: Float64Array; regularized: Float64Array } | undefined;
  #scratch: AlsScratch | undefined;
  #means: Float64Array | undefined;
  /** Y·(YᵀY + λI)⁻¹ once `prepareFoldIn` ran: short histories are then solved by Woodbury. */
  #woodbury: { basis: Float32Array; limit: number; scratch: WoodburyScratch } | undefined;

  constructor(readonly params: Readonly<ParamValues>) {}

  async fit(data: Interactions, progress?: ProgressFn): Promise<void> {
    const p = this.params;
    const f = p.factors as number;
    const requested = p.threads as number;
    const threads = requested > 0 ? requested : data.indptr[data.nUsers]! * f >= parallelMinWork ? 2 : 1;
    const { userFactors, itemFactors } = await trainAls(data, data.nUsers, data.nItems, {
      factors: f,
      iterations: p.iterations as number,
      regularization: p.regularization as number,
      alpha: p.alpha as number,
      solver: p.solver as 'cg' | 'cholesky',
      cgSteps: p.cgSteps as number,
      seed: p.seed as number,
      threads,
    }, progress);
    this.restore({ data, userFactors, itemFactors });
  }

  restore(state: AlsState): void {
    const f = this.params.factors as number;
    if (state.userFactors.length !== state.data.nUsers * f || state.itemFactors.length !== state.data.nItems * f) {
      throw new Error(`als: factor shapes do not match ${state.data.nUsers} users × ${state.data.nItems} items × ${f} factors`);
    }
    this.#state = state;
    this.#norms = undefined;
    this.#gram = undefined;
    this.#means = undefined;
    this.#woodbury = undefined;
  }

  recommend(users: ArrayLike<number>, k: number, filter?: RecommendFilter): TopKResult {
    const { data, userFactors, itemFactors } = this.#fitted();
    const f = this.params.factors as number;
    return recommendBatch(data, users, k, filter, (u, out) => scoreItems(userFactors, u * f, itemFactors, undefined, f, out));
  }

  similarItems(items: ArrayLike<number>, k: number): TopKResult {
    const { data, itemFactors } = this.#fitted();
    const f = this.params.factors as number;
    this.#norms ??= rowNorms(itemFactors, data.nItems, f);
    const norms = this.#norms;
    return similarBatch(data.nItems, items, k, (i, out) => cosineToItem(itemFactors, norms, i, f, out));
  }

  foldIn(history: SparseHistory): Float32Array {
    const { data, itemFactors } = this.#fitted();
    const x = new Float32Array(this.params.factors as number);
    this.userVector(history, x);
    const scores = new Float32Array(data.nItems);
    scoreItems(x, 0, itemFactors, undefined, x.length, scores);
    return scores;
  }

  /** The factor vector `foldIn` scores a history with (solved exactly against the item factors), into `out`. */
  userVector(history: SparseHistory, out: Float32Array): void {
    const { data, itemFactors } = this.#fitted();
    const f = this.params.factors as number;
    const alpha = this.params.alpha as number;
    checkIndices(history.items, data.nItems, 'item');
    const w = this.#woodbury;
    if (w && history.items.length <= w.limit) {
      solveWoodbury(history.items, history.values, 0, history.items.length, itemFactors, w.basis, f, alpha, w.scratch);
      for (let j = 0; j < f; j++) out[j] = w.scratch.x[j]!;
      return;
    }
    this.#scratch ??= new AlsScratch(f);
    solveHistory(history.items, history.values, itemFactors, this.#grams().regularized, f, alpha, this.#scratch);
    for (let j = 0; j < f; j++) out[j] = this.#scratch.x[j]!;
  }

  /**
   * Makes fold-in of short histories ~5× cheaper for a server: precomputes Y·(YᵀY + λI)⁻¹ (one
   * more item-factor-sized array, nItems·f² multiply-adds) so a history of n items is solved
   * exactly in O(n²f) by the Woodbury identity instead of O(f³). Works in slices, awaiting `pause`
   * between them, so a server can keep answering meanwhile.
   */
  async prepareFoldIn(pause?: () => Promise<void>): Promise<void> {
    if (this.#woodbury) return;
    const state = this.#fitted();
    const f = this.params.factors as number;
    const n = state.data.nItems;
    const rowsPerSlice = Math.max(1, Math.floor(10_000_000 / (f * f)));
    if (!this.#gram) {
      // YᵀY is itself nItems·f²/2 multiply-adds: summed slice by slice.
      const plain = new Float64Array(f * f);
      const part = new Float64Array(f * f);
      for (let r = 0; r < n; r += rowsPerSlice) {
        const rows = Math.min(rowsPerSlice, n - r);
        gramian(state.itemFactors.subarray(r * f, (r + rows) * f), rows, f, part);
        for (let j = 0; j < f * f; j++) plain[j]! += part[j]!;
        await pause?.();
      }
      if (this.#state !== state) return;
      const regularized = plain.slice();
      addDiagonal(regularized, f, this.params.regularization as number);
      this.#gram = { plain, regularized };
      this.#means ??= columnMeans(state.itemFactors, n, f);
    }
    const inv = invertSpd(this.#grams().regularized, f);
    const limit = lightRowLimit(f, { solver: 'cholesky', cgSteps: 0, cgCost: 1 });
    if (inv === null || limit === 0) return;
    const basis = new Float32Array(n * f);
    for (let r = 0; r < n; r += rowsPerSlice) {
      woodburyBasisRows(state.itemFactors, f, inv, basis, r, Math.min(n, r + rowsPerSlice));
      await pause?.();
    }
    // Refitted or restored meanwhile: the basis belongs to factors that are gone.
    if (this.#state === state) this.#woodbury = { basis, limit, scratch: new WoodburyScratch(limit, f) };
  }

  get factors(): number {
    return this.params.factors as number;
  }

  get itemFactors(): Float32Array {
    return this.#fitted().itemFactors;
  }

  /** Column means and YᵀY of the item factors: the moments of every learner's scores follow from them. */
  get itemStatistics(): { means: Float64Array; gram: Float64Array } {
    const { data, itemFactors } = this.#fitted();
    this.#means ??= columnMeans(itemFactors, data.nItems, this.params.factors as number);
    return { means: this.#means, gram: this.#grams().plain };
  }

  #grams(): { plain: Float64Array; regularized: Float64Array } {
    if (!this.#gram) {
      const { data, itemFactors } = this.#fitted();
      const f = this.params.factors as number;
      const plain = new Float64Array(f * f);
      gramian(itemFactors, data.nItems, f, plain);
      const regularized = plain.slice();
      addDiagonal(regularized, f, this.params.regularization as number);
      this.#gram = { plain, regularized };
    }
    return this.#gram;
  }

  save(): SavedModel {
    const { userFactors, itemFactors } = this.#fitted();
    return {
      name: this.name, formatVersion, params: { ...this.params },
      arrays: { userFactors: userFactors.slice(), itemFactors: itemFactors.slice() }, meta: {},
    };
  }

  #fitted(): AlsState {
    if (this.#state === undefined) throw new Error('als: call fit() before using the model');
    return this.#state;
  }
}

/**
 * What serving needs to score a history against a few candidate items instead of all of them:
 * the learner's factor vector, the item factors, and the statistics that give the mean and spread
 * of the learner's scores over every item (`factorScoreMoments`). Undefined for any other model.
 *
 * @example
 *   const view = alsView(model);
 *   if (view) { view.userVector(history, x); scoreItemsAt(x, view.itemFactors, view.factors, candidates, n, out); }
 */
export interface AlsView {
  readonly factors: number;
  readonly itemFactors: Float32Array;
  readonly itemStatistics: { means: Float64Array; gram: Float64Array };
  userVector(history: SparseHistory, out: Float32Array): void;
  prepareFoldIn(pause?: () => Promise<void>): Promise<void>;
}

export function alsView(model: Recommender): AlsView | undefined {
  return model instanceof AlsModel ? model : undefined;
}

export const als: RecommenderFactory = {
  name: 'als',
  description: 'implicit-feedback matrix factorisation, alternating least squares with confidence weights',
  feedback: 'implicit',
  params,
  create: (given) => new AlsModel(resolveParams(params, given)),
  load(saved, data) {
    checkSaved(saved, 'als', formatVersion);
    const model = new AlsModel(resolveParams(params, saved.params));
    model.restore({
      data,
      userFactors: savedArray(saved, 'userFactors', Float32Array).slice(),
      itemFactors: savedArray(saved, 'itemFactors', Float32Array).slice(),
    });
    return model;
  },
};
