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
 * The factory receives a lookup of the other factories from the registry, so this file imports no
 * registry (no import cycle) and the registry stays the only list of models.
 *
 * @example
 *   const model = getRecommender('hybrid').create({ components: 'itemknn:1,als:1', });
 *   await model.fit(data);
 */
import { userRow, type Interactions } from '../interactions.js';
import { recommendBatch, similarBatch } from '../batch.js';
import { resolveParams, ParamError, type ParamValues } from '../params.js';
import type {
  ModelArrays, ProgressFn, Recommender, RecommenderFactory, RecommendFilter, SavedModel, SparseHistory, TopKResult,
} from '../recommender.js';
import { checkSaved } from '../saved-model.js';

const formatVersion = 1;
/** Neighbours asked of each component when blending similar items. */
const similarPoolSize = 100;

const params = {
  components: {
    type: 'string', default: 'itemknn:1,als:0.5,content:0.1,popularity:0.05',
    description: 'components and weights, "name:weight,…"; each must support foldIn',
  },
} as const;

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
  let n = 0, sum = 0, sq = 0, min = Infinity;
  for (let i = 0; i < s.length; i++) {
    const v = s[i]!;
    if (!Number.isFinite(v)) continue;
    n++; sum += v; sq += v * v;
    if (v < min) min = v;
  }
  const mean = n ? sum / n : 0;
  const sd = n ? Math.sqrt(Math.max(sq / n - mean * mean, 0)) : 0;
  const inv = sd > 1e-12 ? 1 / sd : 0;
  const floor = n ? (min - mean) * inv : 0;
  for (let i = 0; i < s.length; i++) {
    const v = s[i]!;
    s[i] = Number.isFinite(v) ? (v - mean) * inv : floor;
  }
}

class HybridModel implements Recommender {
  readonly name = 'hybrid';
  #data: Interactions | undefined;

  constructor(readonly params: Readonly<ParamValues>, readonly parts: Part[]) {}

  async fit(data: Interactions, progress?: ProgressFn): Promise<void> {
    for (let i = 0; i < this.parts.length; i++) {
      const part = this.parts[i]!;
      await part.model.fit(data, (done, total, message) =>
        progress?.(i + (total ? done / total : 0), this.parts.length, `${part.name}: ${message ?? ''}`.trim()));
    }
    this.#data = data;
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
    return { name: this.name, formatVersion, params: { ...this.params }, arrays, meta: { parts } };
  }

  restore(data: Interactions): void {
    this.#data = data;
  }

  #fitted(): Interactions {
    if (!this.#data) throw new Error('hybrid: call fit() before using the model');
    return this.#data;
  }
}

/** The registry entry; `lookup` resolves component names (the registry passes its own lookup). */
export function hybridFactory(lookup: FactoryLookup): RecommenderFactory {
  const create = (given: Record<string, unknown> = {}) => {
    const { itemTexts, ...hyper } = given;
    const p = resolveParams(params, hyper);
    // Without catalog texts (e.g. a ratings file) the content component has nothing to read: leave it out.
    const wanted = parseComponents(p.components as string).filter(({ name }) => name !== 'content' || itemTexts !== undefined);
    if (wanted.length === 0) throw new ParamError('components', 'parameter "components": content alone needs itemTexts');
    const parts = wanted.map(({ name, weight }) => {
      const factory = lookup(name);
      const model = factory.create(name === 'content' ? { itemTexts } : {});
      if (!model.foldIn) throw new ParamError('components', `component "${name}" cannot score a learner's history (no foldIn)`);
      return { name, weight, model };
    });
    return new HybridModel(p, parts);
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
      const model = new HybridModel(resolveParams(params, saved.params), parts);
      model.restore(data);
      return model;
    },
  };
}
