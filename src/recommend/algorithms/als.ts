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
import { regularizedGram, trainAls } from '../kernels/als-train.js';
import { rowNorms } from '../kernels/linalg.js';
import { cosineToItem, scoreItems } from '../kernels/linalg-factors.js';

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
  #gram: Float64Array | undefined;

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
    const f = this.params.factors as number;
    checkIndices(history.items, data.nItems, 'item');
    this.#gram ??= regularizedGram(itemFactors, data.nItems, f, this.params.regularization as number);
    const scratch = new AlsScratch(f);
    solveHistory(history.items, history.values, itemFactors, this.#gram, f, this.params.alpha as number, scratch);
    const x = Float32Array.from(scratch.x);
    const scores = new Float32Array(data.nItems);
    scoreItems(x, 0, itemFactors, undefined, f, scores);
    return scores;
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
