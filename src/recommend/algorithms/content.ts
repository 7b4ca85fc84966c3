/**
 * `content` — recommends by what items say, not by who used them: BM25 / TF-IDF vectors over each
 * item's title, description, tags, category and author (Chinese segmented by jieba, English by
 * words; see `src/catalog/text-features.ts`), compared by cosine. It is the engine's answer to cold
 * start: a brand-new item has neighbours from its first second, and a new learner gets
 * recommendations from the interests picked at onboarding (`scoreInterests`).
 *
 * **Where the texts come from.** `fit` receives interactions only, so the item texts enter through
 * `create({ itemTexts })`: a map or lookup function from item id to `ItemText`. The model asks it
 * for every item of the interactions' id space during `fit` and builds its vocabulary over exactly
 * those items, so row i of the text vectors is item index i and nothing needs re-aligning. The
 * lookup is an input, not a hyper-parameter: it is not part of `params`, and `save()` stores the
 * vocabulary and vectors instead, so `load` needs no texts (a loaded model scores; to refit, create
 * a new one with texts). Catalog items nobody has touched yet
 * get an index when the interactions are built over the catalog's ids (`BuildOptions.itemIds`);
 * an item that arrives after fitting is scored with `scoreText` until the next fit.
 *
 * Learner profiles: the sum of the learner's item vectors weighted by interaction strength (the
 * value; negative values such as refunds push away) and recency (`halfLifeDays`, measured back from
 * the learner's own newest interaction; 30 days by default, because what a learner studies this month
 * says more about the next course than what they took last year), L2-normalised; every item is
 * scored by cosine. A learner
 * or item without text signal scores 0 everywhere, so ties fall back to item order.
 *
 * Parameters: `weighting` (bm25 | tfidf), `k1`, `b` (BM25), `titleWeight`, `descriptionWeight`,
 * `tagWeight`, `categoryWeight`, `authorWeight` (field weights), `segmentation` (search | index),
 * `minDf`, `maxDfRatio` (vocabulary pruning), `halfLifeDays`, `history` (value | binary).
 *
 * @example
 *   const model = content.create({ itemTexts: new Map([['c1', { title: 'Python 数据分析入门' }]]) });
 *   await model.fit(data);
 *   model.similarItems([data.itemIndex.get('c1')!], 10);
 *   (model as ContentModel).scoreInterests(['数据分析', 'python']); // onboarding: a score per item
 */
import type { Interactions } from '../interactions.js';
import type {
  ProgressFn, RecommendFilter, Recommender, RecommenderFactory, SavedModel, SparseHistory, TopKResult,
} from '../recommender.js';
import { checkIndices, recommendBatch, similarBatch } from '../batch.js';
import { resolveParams, type ParamValues } from '../params.js';
import { checkSaved, savedArray } from '../saved-model.js';
import {
  buildTextFeatures, interestVector, restoreTextFeatures, sparseRow, storeTextFeatures, vectorizeItem,
  type ItemText, type ResolvedTextOptions, type StoredTextFeatures, type TextFeatureOptions, type TextFeatures,
} from '../../catalog/text-features.js';
import { ProfileAccumulator, scoreSparseQuery, textIndex, type TextIndex } from '../../catalog/text-similarity.js';

const formatVersion = 1;
const msPerDay = 86_400_000;

/** Item id → text: a map, or a lookup such as a catalog query result wrapped in a function. */
export type ItemTextSource = ReadonlyMap<string, ItemText> | ((itemId: string) => ItemText | undefined);

const fieldWeight = (description: string, value: number) =>
  ({ type: 'float', default: value, min: 0, max: 10, description }) as const;

const params = {
  weighting: { type: 'string', default: 'bm25', choices: ['bm25', 'tfidf'], description: 'term weighting of item texts' },
  k1: { type: 'float', default: 1.2, min: 0, max: 5, description: 'BM25 term-frequency saturation' },
  b: { type: 'float', default: 0.75, min: 0, max: 1, description: 'BM25 item-length normalisation' },
  titleWeight: fieldWeight('weight of title words', 2),
  descriptionWeight: fieldWeight('weight of description words', 1),
  tagWeight: fieldWeight('weight of tags (words and the whole tag)', 1.5),
  categoryWeight: fieldWeight('weight of the category (words and the whole name)', 1.5),
  authorWeight: fieldWeight('weight of the author (words and the whole name)', 1.5),
  segmentation: {
    type: 'string', default: 'search', choices: ['search', 'index'],
    description: 'Chinese segmentation: search also indexes the sub-words of long words',
  },
  minDf: { type: 'int', default: 1, min: 1, max: 1000, description: 'drop terms found in fewer items' },
  maxDfRatio: { type: 'float', default: 1, min: 0.01, max: 1, description: 'drop terms found in more than this share of items' },
  halfLifeDays: {
    type: 'float', default: 30, min: 0, max: 3650,
    description: 'half-life of a history item in a learner profile, back from their newest interaction; 0 = no decay',
  },
  history: {
    type: 'string', default: 'value', choices: ['value', 'binary'],
    description: 'weigh history items by interaction value, or count each once',
  },
} as const;

/** The text-feature options a parameter set stands for. */
export function contentTextOptions(p: Readonly<ParamValues>): TextFeatureOptions {
  return {
    weighting: p.weighting as 'bm25' | 'tfidf',
    k1: p.k1 as number,
    b: p.b as number,
    fieldWeights: {
      title: p.titleWeight as number, description: p.descriptionWeight as number, tags: p.tagWeight as number,
      category: p.categoryWeight as number, author: p.authorWeight as number,
    },
    segmentation: p.segmentation as 'search' | 'index',
    minDf: p.minDf as number,
    maxDfRatio: p.maxDfRatio as number,
  };
}

export class ContentModel implements Recommender {
  readonly name = 'content';
  #texts: ItemTextSource | undefined;
  #data: Interactions | undefined;
  #features: TextFeatures | undefined;
  #index: TextIndex | undefined;
  #profile: ProfileAccumulator | undefined;

  constructor(readonly params: Readonly<ParamValues>, itemTexts?: ItemTextSource) {
    this.#texts = itemTexts;
  }

  async fit(data: Interactions, progress?: ProgressFn): Promise<void> {
    const source = this.#texts;
    if (source === undefined) throw new Error('content: no item texts; create the model with { itemTexts }');
    const lookup = typeof source === 'function' ? source : (id: string) => source.get(id);
    const texts = data.itemIds.map((id) => lookup(id));
    const features = buildTextFeatures(texts, contentTextOptions(this.params), (done, total) =>
      progress?.(done, total, 'item texts vectorised'));
    this.#use(data, features);
  }

  recommend(users: ArrayLike<number>, k: number, filter?: RecommendFilter): TopKResult {
    const { data } = this.#fitted();
    return recommendBatch(data, users, k, filter, (user, out) => this.#scoreUser(user, out));
  }

  similarItems(items: ArrayLike<number>, k: number): TopKResult {
    const { data, features, index } = this.#fitted();
    return similarBatch(data.nItems, items, k, (item, out) => scoreSparseQuery(index, sparseRow(features.vectors, item), out));
  }

  /** Cosine of a fresh history's profile to every item (values weigh items; no recency without times). */
  foldIn(history: SparseHistory): Float32Array {
    const { data, features, index } = this.#fitted();
    const profile = this.#profile!;
    const binary = this.params.history === 'binary';
    checkIndices(history.items, data.nItems, 'item');
    for (let j = 0; j < history.items.length; j++) {
      profile.add(features.vectors, history.items[j]!, binary ? 1 : history.values[j]!);
    }
    const out = new Float32Array(data.nItems);
    profile.scoreInto(index, out);
    return out;
  }

  /**
   * User cold start: cosine of every item to the interests a new learner picked at onboarding
   * (keywords, tags, categories or authors, in Chinese or English). Unknown words are ignored;
   * with no known word at all every score is 0.
   *
   * @example
   *   const scores = model.scoreInterests(['数据分析', 'python']);
   *   topK(scores, 10, items, values);
   */
  scoreInterests(interests: readonly string[]): Float32Array {
    const { data, features, index } = this.#fitted();
    const out = new Float32Array(data.nItems);
    scoreSparseQuery(index, interestVector(features, interests), out);
    return out;
  }

  /** Item cold start after fitting: cosine of a new item's text to every fitted item. */
  scoreText(text: ItemText): Float32Array {
    const { data, features, index } = this.#fitted();
    const out = new Float32Array(data.nItems);
    scoreSparseQuery(index, vectorizeItem(features, text), out);
    return out;
  }

  /** The fitted vocabulary and item vectors (e.g. for a search index or diagnostics). */
  get features(): TextFeatures {
    return this.#fitted().features;
  }

  save(): SavedModel {
    const { data, features } = this.#fitted();
    const stored = storeTextFeatures(features);
    return {
      name: this.name, formatVersion, params: { ...this.params },
      arrays: { ...stored.arrays },
      meta: { ...stored.meta, itemIds: [...data.itemIds] },
    };
  }

  restore(data: Interactions, features: TextFeatures): void {
    this.#use(data, features);
  }

  #use(data: Interactions, features: TextFeatures): void {
    if (features.vectors.nRows !== data.nItems) {
      throw new Error(`content: text vectors have ${features.vectors.nRows} items, data has ${data.nItems}`);
    }
    this.#data = data;
    this.#features = features;
    this.#index = textIndex(features.vectors);
    this.#profile = new ProfileAccumulator(features.vectors.nCols);
  }

  #scoreUser(user: number, out: Float32Array): void {
    const { data, features, index } = this.#fitted();
    const profile = this.#profile!;
    const { indptr, indices, values, times } = data;
    const start = indptr[user]!;
    const end = indptr[user + 1]!;
    const binary = this.params.history === 'binary';
    const halfLife = this.params.halfLifeDays as number;
    let newest = 0;
    for (let p = start; p < end; p++) if (times[p]! > newest) newest = times[p]!;
    const decayPerMs = halfLife > 0 && newest > 0 ? Math.LN2 / (halfLife * msPerDay) : 0;
    for (let p = start; p < end; p++) {
      let w = binary ? 1 : values[p]!;
      if (decayPerMs > 0 && times[p]! > 0) w *= Math.exp(-(newest - times[p]!) * decayPerMs);
      profile.add(features.vectors, indices[p]!, w);
    }
    profile.scoreInto(index, out);
  }

  #fitted(): { data: Interactions; features: TextFeatures; index: TextIndex } {
    if (this.#data === undefined || this.#features === undefined || this.#index === undefined) {
      throw new Error('content: call fit() before using the model');
    }
    return { data: this.#data, features: this.#features, index: this.#index };
  }
}

/** Splits the `itemTexts` input from the hyper-parameters so `params` stays plain, checkable data. */
function createContent(given: Record<string, unknown> = {}): ContentModel {
  const { itemTexts, ...hyper } = given;
  if (itemTexts !== undefined && !(itemTexts instanceof Map) && typeof itemTexts !== 'function') {
    throw new TypeError('content: itemTexts must be a Map of item id → text or a lookup function');
  }
  return new ContentModel(resolveParams(params, hyper), itemTexts as ItemTextSource | undefined);
}

export const content: RecommenderFactory = {
  name: 'content',
  description: 'BM25/TF-IDF similarity of item texts (zh/en); serves new items and onboarding interests',
  feedback: 'implicit',
  params,
  create: createContent,
  load(saved, data) {
    checkSaved(saved, 'content', formatVersion);
    const meta = saved.meta as StoredTextFeatures['meta'] & { itemIds?: string[] };
    if (!Array.isArray(meta.itemIds) || meta.itemIds.length !== data.nItems || meta.itemIds.some((id, i) => id !== data.itemIds[i])) {
      throw new Error('saved content model was fitted on a different item id space than the given data');
    }
    const features = restoreTextFeatures({
      arrays: {
        indptr: savedArray(saved, 'indptr', Int32Array), indices: savedArray(saved, 'indices', Int32Array),
        values: savedArray(saved, 'values', Float32Array), df: savedArray(saved, 'df', Int32Array),
      },
      meta: { terms: meta.terms, nDocs: meta.nDocs, avgDocLength: meta.avgDocLength, options: meta.options as ResolvedTextOptions },
    });
    const model = createContent(saved.params);
    model.restore(data, features);
    return model;
  },
};
