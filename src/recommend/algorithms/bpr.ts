/**
 * `bpr` — matrix factorisation for implicit feedback trained to rank: Bayesian Personalised
 * Ranking (Rendle et al. 2009) by SGD over (user, interacted item, sampled negative) triples, with
 * item biases. A user's score for item i is b_i + x_u·y_i. The hot loop is `kernels/bpr-sgd.ts`;
 * with a factor count that is a multiple of 8 its arithmetic runs in WebAssembly SIMD.
 *
 * Parameters:
 * - `factors` — latent dimensions; `iterations` — epochs (each visits every positive pair once,
 *   in a fresh seeded random order).
 * - `learningRate`, `regularization` — SGD step and L2 weight on every parameter a step touches
 *   (defaults chosen on validation splits carved from MovieLens training data).
 * - `negatives` — negatives drawn `popularity`-proportionally (default, as implicit does:
 *   popular items a learner skipped are the informative negatives) or `uniform`ly.
 * - `seed` — initial factors (normal, σ = 0.1/√factors), visiting order and negatives.
 * Interactions with value ≤ 0 are never positives, but are never drawn as negatives either.
 *
 * `foldIn` fits a fresh user's vector against the fixed item factors (a few epochs of the same
 * updates); `similarItems` ranks by cosine of item factors.
 *
 * @example
 *   const model = bpr.create({ factors: 64, iterations: 100 });
 *   await model.fit(data);
 *   model.recommend([0], 10);
 */
import type { Interactions } from '../interactions.js';
import type { ProgressFn, RecommendFilter, Recommender, RecommenderFactory, SavedModel, SparseHistory, TopKResult } from '../recommender.js';
import { checkIndices, recommendBatch, similarBatch } from '../batch.js';
import { resolveParams, type ParamValues } from '../params.js';
import { checkSaved, savedArray } from '../saved-model.js';
import { foldInUser, pairwiseEpoch, positivePairs, type PairwiseSettings, type PairwiseWasm } from '../kernels/bpr-sgd.js';
import { newSharedMemory, wasmAvailable, wasmKernels } from '../kernels/linalg-wasm.js';
import { rowNorms } from '../kernels/linalg.js';
import { cosineToItem, scoreItems } from '../kernels/linalg-factors.js';
import { Random } from '../kernels/linalg-random.js';

const formatVersion = 1;
/** Epochs of user-only updates in fold-in. */
const foldInEpochs = 30;

const params = {
  factors: { type: 'int', default: 64, min: 1, max: 1024, description: 'latent dimensions' },
  iterations: { type: 'int', default: 100, min: 1, max: 2000, description: 'epochs over the positive pairs' },
  learningRate: { type: 'float', default: 0.005, min: 1e-5, max: 1, log: true, description: 'SGD step size' },
  regularization: { type: 'float', default: 0.001, min: 0, max: 10, description: 'L2 weight on the parameters of each step' },
  negatives: { type: 'string', default: 'popularity', choices: ['popularity', 'uniform'], description: 'how negatives are drawn' },
  seed: { type: 'int', default: 0, min: 0, max: 2 ** 31 - 1, description: 'seed of initialisation and sampling' },
} as const;

interface BprState {
  data: Interactions;
  userFactors: Float32Array;
  itemFactors: Float32Array;
  itemBias: Float32Array;
}

/**
 * Factor matrices in a WebAssembly memory when the SIMD kernels can run (factors a multiple of 8),
 * else ordinary arrays.
 */
function factorStorage(nUsers: number, nItems: number, f: number): { userFactors: Float32Array; itemFactors: Float32Array; wasm: PairwiseWasm | null } {
  const userBytes = (nUsers * f * 4 + 15) & ~15;
  const memory = f % 8 === 0 && wasmAvailable() ? newSharedMemory(userBytes + nItems * f * 4) : null;
  const kernels = memory === null ? null : wasmKernels(memory);
  if (memory === null || kernels === null) {
    return { userFactors: new Float32Array(nUsers * f), itemFactors: new Float32Array(nItems * f), wasm: null };
  }
  return {
    userFactors: new Float32Array(memory.buffer, 0, nUsers * f),
    itemFactors: new Float32Array(memory.buffer, userBytes, nItems * f),
    wasm: { kernels, x: 0, y: userBytes },
  };
}

class BprModel implements Recommender {
  readonly name = 'bpr';
  #state: BprState | undefined;
  #norms: Float32Array | undefined;

  constructor(readonly params: Readonly<ParamValues>) {}

  get #settings(): PairwiseSettings {
    const p = this.params;
    return {
      learningRate: p.learningRate as number,
      regularization: p.regularization as number,
      negatives: p.negatives as 'popularity' | 'uniform',
    };
  }

  async fit(data: Interactions, progress?: ProgressFn): Promise<void> {
    const f = this.params.factors as number;
    const epochs = this.params.iterations as number;
    const rng = new Random(this.params.seed as number);
    const scale = 0.1 / Math.sqrt(f);
    const { userFactors, itemFactors, wasm } = factorStorage(data.nUsers, data.nItems, f);
    rng.fillNormal(userFactors, scale);
    rng.fillNormal(itemFactors, scale);
    const itemBias = new Float32Array(data.nItems);
    const pairs = positivePairs(data.indptr, data.indices, data.values);
    const state = { userFactors, itemFactors, itemBias, factors: f };
    const settings = this.#settings;
    for (let e = 0; e < epochs; e++) {
      const signal = pairwiseEpoch(pairs, data, state, settings, rng, wasm);
      progress?.(e + 1, epochs, `epoch ${e + 1}/${epochs}, mis-ordering ${signal.toFixed(4)}`);
      // Let the event loop breathe between epochs when training inside a serving process.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // Copies out of the kernels' memory: the model keeps ordinary arrays.
    this.restore({ data, userFactors: userFactors.slice(), itemFactors: itemFactors.slice(), itemBias });
  }

  restore(state: BprState): void {
    const f = this.params.factors as number;
    const { data } = state;
    if (state.userFactors.length !== data.nUsers * f || state.itemFactors.length !== data.nItems * f || state.itemBias.length !== data.nItems) {
      throw new Error(`bpr: factor shapes do not match ${data.nUsers} users × ${data.nItems} items × ${f} factors`);
    }
    this.#state = state;
    this.#norms = undefined;
  }

  recommend(users: ArrayLike<number>, k: number, filter?: RecommendFilter): TopKResult {
    const { data, userFactors, itemFactors, itemBias } = this.#fitted();
    const f = this.params.factors as number;
    return recommendBatch(data, users, k, filter, (u, out) => scoreItems(userFactors, u * f, itemFactors, itemBias, f, out));
  }

  similarItems(items: ArrayLike<number>, k: number): TopKResult {
    const { data, itemFactors } = this.#fitted();
    const f = this.params.factors as number;
    this.#norms ??= rowNorms(itemFactors, data.nItems, f);
    const norms = this.#norms;
    return similarBatch(data.nItems, items, k, (i, out) => cosineToItem(itemFactors, norms, i, f, out));
  }

  foldIn(history: SparseHistory): Float32Array {
    const { data, itemFactors, itemBias } = this.#fitted();
    const f = this.params.factors as number;
    checkIndices(history.items, data.nItems, 'item');
    const positives = history.items.filter((_, k) => history.values[k]! > 0);
    const rng = new Random(this.params.seed as number);
    const x = foldInUser(positives, itemFactors, itemBias, f, this.#settings, foldInEpochs, rng);
    const scores = new Float32Array(data.nItems);
    scoreItems(x, 0, itemFactors, itemBias, f, scores);
    return scores;
  }

  save(): SavedModel {
    const { userFactors, itemFactors, itemBias } = this.#fitted();
    return {
      name: this.name, formatVersion, params: { ...this.params },
      arrays: { userFactors: userFactors.slice(), itemFactors: itemFactors.slice(), itemBias: itemBias.slice() }, meta: {},
    };
  }

  #fitted(): BprState {
    if (this.#state === undefined) throw new Error('bpr: call fit() before using the model');
    return this.#state;
  }
}

export const bpr: RecommenderFactory = {
  name: 'bpr',
  description: 'implicit-feedback matrix factorisation trained to rank (BPR, SGD with sampled negatives)',
  feedback: 'implicit',
  params,
  create: (given) => new BprModel(resolveParams(params, given)),
  load(saved, data) {
    checkSaved(saved, 'bpr', formatVersion);
    const model = new BprModel(resolveParams(params, saved.params));
    model.restore({
      data,
      userFactors: savedArray(saved, 'userFactors', Float32Array).slice(),
      itemFactors: savedArray(saved, 'itemFactors', Float32Array).slice(),
      itemBias: savedArray(saved, 'itemBias', Float32Array).slice(),
    });
    return model;
  },
};
