/**
 * `hybrid` — a weighted blend of other recommenders. Each component scores every item for a
 * learner (through `foldIn`); the scores are standardised per learner and component (z-scores, so
 * a model with large raw scores cannot drown the others) and added with the component weights.
 * Similar items blend the components' neighbour lists the same way.
 *
 * Hyper-parameters: `components` — `name:weight` pairs, e.g. `itemknn:1,als:1,content:0.2`; every
 * component must support `foldIn`. Component hyper-parameters take their defaults; `itemTexts`
 * (catalog texts, see `content`) is passed on to `content`, which takes part only when texts are given.
 *
 * Content quality: `itemQuality` (a Float32Array in [0, 1] aligned with the item indices, 0.5 = no
 * opinion — what `QualityService.qualityPrior` answers) adds `qualityWeight × Φ⁻¹(prior)` to every
 * learner's blended scores (see `quality-prior.ts`), so of two items a learner's history favours
 * alike the better-made one comes first, and poorly rated or much-refunded content is not pushed.
 * The default 0.2 sits on the same scale as the component weights: it reorders near-ties and items
 * with a clear quality gap, not what a learner's history strongly asks for. Measured on three
 * simulated platforms (`bench/quality.bench.ts`, docs/QUALITY.md): at 0.2 the hidden quality of the
 * courses recommended rises by 0.01 while holdout NDCG@10 moves by −0.0004 to −0.0008 of 0.25
 * (within 1.5 standard errors); from 0.5 on NDCG falls measurably. Without `itemQuality`, or with
 * weight 0, nothing changes. The prior is saved with the model. Similar items are left as the
 * components rank them: they answer "what is like this one".
 *
 * The factory receives a lookup of the other factories from the registry, so this file imports no
 * registry (no import cycle) and the registry stays the only list of models.
 *
 * @example
 *   const model = getRecommender('hybrid').create({ components: 'itemknn:1,als:1', });
 *   await model.fit(data);
 *   // with a quality prior from the quality service, aligned with data.itemIds:
 *   const ranked = getRecommender('hybrid').create({ itemQuality: await quality.qualityPrior('default', data.itemIds) });
 */
import { userRow, type Interactions } from '../interactions.js';
import { finiteMoments } from '../kernels/finite-moments.js';
import { recommendBatch, similarBatch } from '../batch.js';
import { resolveParams, ParamError, type ParamValues } from '../params.js';
import type {
  ModelArrays, ProgressFn, Recommender, RecommenderFactory, RecommendFilter, SavedModel, SparseHistory, TopKResult,
} from '../recommender.js';
import { checkSaved, savedArray } from '../saved-model.js';
import { checkItemQuality, qualityBoost } from './quality-prior.js';

const formatVersion = 1;
/** Neighbours asked of each component when blending similar items. */
const similarPoolSize = 100;

const params = {
  components: {
    type: 'string', default: 'itemknn:1,als:0.5,content:0.1,popularity:0.05',
    description: 'components and weights, "name:weight,…"; each must support foldIn',
  },
  qualityWeight: {
    type: 'float', default: 0.2, min: 0, max: 5,
    description: 'weight of the content-quality prior (itemQuality) beside the component weights; 0 = off',
  },
} as const;

/** The saved model's array holding the quality prior, when one was given. */
const qualityArray = 'quality';

export type FactoryLookup = (name: string) => RecommenderFactory;

interface Part {
  name: string;
  weight: number;
  model: Recommender;
}

export function parseComponents(spec: string): { name: string; weight: number }[] {
  const parts = spec.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [name, w] = s.split(':');
    const weight = w === undefined ? 1 : Number(w);
    if (!name || !Number.isFinite(weight) || weight < 0) throw new ParamError('components', `parameter "components": bad entry "${s}" (expected name:weight)`);
    return { name: name.trim(), weight };
  });
  if (parts.length === 0) throw new ParamError('components', 'parameter "components" names no model');
  if (parts.some((p) => p.name === 'hybrid')) throw new ParamError('components', 'a hybrid cannot contain itself');
  return parts;
}

/** In-place z-score over finite entries; non-finite entries become the minimum. */
function standardise(s: Float32Array): void {
  const { count, mean, meanSquare, min } = finiteMoments(s);
  const sd = count ? Math.sqrt(Math.max(meanSquare - mean * mean, 0)) : 0;
  const inv = sd > 1e-12 ? 1 / sd : 0;
  const floor = count ? (min - mean) * inv : 0;
  for (let i = 0; i < s.length; i++) {
    const v = s[i]!;
    s[i] = Number.isFinite(v) ? (v - mean) * inv : floor;
  }
}

class HybridModel implements Recommender {
  readonly name = 'hybrid';
  #data: Interactions | undefined;
  /** Φ⁻¹ of the quality prior per item, or undefined without a prior (or with weight 0). */
  #boost: Float32Array | undefined;
  readonly #quality: Float32Array | undefined;

  constructor(readonly params: Readonly<ParamValues>, readonly parts: Part[], quality?: Float32Array) {
    this.#quality = quality;
  }

  async fit(data: Interactions, progress?: ProgressFn): Promise<void> {
    // Checked before the components train: a misaligned prior is a caller's mistake, found at once.
    const boost = this.#qualityBoost(data);
    for (let i = 0; i < this.parts.length; i++) {
      const part = this.parts[i]!;
      await part.model.fit(data, (done, total, message) =>
        progress?.(i + (total ? done / total : 0), this.parts.length, `${part.name}: ${message ?? ''}`.trim()));
    }
    this.#data = data;
    this.#boost = boost;
    progress?.(this.parts.length, this.parts.length, 'fitted');
  }

  recommend(users: ArrayLike<number>, k: number, filter?: RecommendFilter): TopKResult {
    const data = this.#fitted();
    return recommendBatch(data, users, k, filter, (u, out) => out.set(this.foldIn(userRow(data, u))));
  }

  /** Blended, standardised scores of every item for a history. */
  foldIn(history: SparseHistory): Float32Array {
    const out = new Float32Array(this.#fitted().nItems);
    for (const part of this.parts) {
      if (part.weight === 0) continue;
      const s = part.model.foldIn!(history);
      standardise(s);
      for (let i = 0; i < out.length; i++) out[i]! += part.weight * s[i]!;
    }
    const boost = this.#boost;
    if (boost) {
      const w = this.params.qualityWeight as number;
      for (let i = 0; i < out.length; i++) out[i]! += w * boost[i]!;
    }
    return out;
  }

  similarItems(items: ArrayLike<number>, k: number): TopKResult {
    const data = this.#fitted();
    const pools = this.parts.filter((p) => p.weight > 0).map((p) => ({ weight: p.weight, top: p.model.similarItems(items, similarPoolSize) }));
    let row = 0; // similarBatch scores the query rows in order
    return similarBatch(data.nItems, items, k, (_item, out) => {
      out.fill(-Infinity);
      const r = row++;
      for (const { weight, top } of pools) {
        const best = top.scores[r * top.k] ?? 0;
        const scale = best > 0 ? 1 / best : 1;
        for (let j = 0; j < top.k; j++) {
          const it = top.items[r * top.k + j]!;
          if (it < 0) break;
          const add = weight * top.scores[r * top.k + j]! * scale;
          out[it] = out[it] === -Infinity ? add : out[it]! + add;
        }
      }
    });
  }

  save(): SavedModel {
    const arrays: ModelArrays = {};
    const parts = this.parts.map((p, i) => {
      const saved = p.model.save();
      for (const [key, arr] of Object.entries(saved.arrays)) arrays[`${i}/${key}`] = arr;
      return { name: p.name, weight: p.weight, formatVersion: saved.formatVersion, params: saved.params, meta: saved.meta };
    });
    if (this.#quality) arrays[qualityArray] = this.#quality.slice();
    return { name: this.name, formatVersion, params: { ...this.params }, arrays, meta: { parts } };
  }

  restore(data: Interactions): void {
    this.#boost = this.#qualityBoost(data);
    this.#data = data;
  }

  /** What `foldIn` adds to every learner's blend for quality (weight × Φ⁻¹(prior) per item), if anything: for serving's fast path. */
  get qualityTerm(): { weight: number; boost: Float32Array } | undefined {
    return this.#boost ? { weight: this.params.qualityWeight as number, boost: this.#boost } : undefined;
  }

  #qualityBoost(data: Interactions): Float32Array | undefined {
    if (!this.#quality) return undefined;
    const boost = qualityBoost(this.#quality, data.nItems);
    return (this.params.qualityWeight as number) > 0 ? boost : undefined;
  }

  #fitted(): Interactions {
    if (!this.#data) throw new Error('hybrid: call fit() before using the model');
    return this.#data;
  }
}

/** The registry entry; `lookup` resolves component names (the registry passes its own lookup). */
export function hybridFactory(lookup: FactoryLookup): RecommenderFactory {
  const create = (given: Record<string, unknown> = {}) => {
    const { itemTexts, itemQuality, ...hyper } = given;
    const p = resolveParams(params, hyper);
    const quality = checkItemQuality(itemQuality);
    // Without catalog texts (e.g. a ratings file) the content component has nothing to read: leave it out.
    const wanted = parseComponents(p.components as string).filter(({ name }) => name !== 'content' || itemTexts !== undefined);
    if (wanted.length === 0) throw new ParamError('components', 'parameter "components": content alone needs itemTexts');
    const parts = wanted.map(({ name, weight }) => {
      const factory = lookup(name);
      const model = factory.create(name === 'content' ? { itemTexts } : {});
      if (!model.foldIn) throw new ParamError('components', `component "${name}" cannot score a learner's history (no foldIn)`);
      return { name, weight, model };
    });
    return new HybridModel(p, parts, quality);
  };
  return {
    name: 'hybrid',
    description: 'weighted blend of other models (standardised scores); the serving default',
    feedback: 'implicit',
    params,
    create,
    load(saved, data) {
      checkSaved(saved, 'hybrid', formatVersion);
      const metaParts = (saved.meta as { parts: { name: string; weight: number; formatVersion: number; params: Record<string, unknown>; meta: Record<string, unknown> }[] }).parts;
      const parts = metaParts.map((mp, i) => {
        const prefix = `${i}/`;
        const arrays: ModelArrays = {};
        for (const [key, arr] of Object.entries(saved.arrays)) if (key.startsWith(prefix)) arrays[key.slice(prefix.length)] = arr;
        const model = lookup(mp.name).load({ name: mp.name, formatVersion: mp.formatVersion, params: mp.params, meta: mp.meta, arrays }, data);
        return { name: mp.name, weight: mp.weight, model };
      });
      // Models saved before the prior existed carry no quality array: they load without one.
      const quality = saved.arrays[qualityArray] === undefined ? undefined : checkItemQuality(savedArray(saved, qualityArray, Float32Array));
      const model = new HybridModel(resolveParams(params, saved.params), parts, quality);
      model.restore(data);
      return model;
    },
  };
}
