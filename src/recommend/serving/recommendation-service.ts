/**
 * Serving: keeps the trained models of a project in memory, answers recommendations with the
 * knowledge-product rules and reasons, and retrains in the background, swapping the new models in
 * atomically (requests in flight finish on the old ones).
 *
 * A learner's fresh events count at once: every request reads the learner's history from the
 * event log and folds it into the model (`foldIn`), so a purchase, a finished lesson or a
 * dismissal changes the next answer without retraining.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { ItemText } from '../../catalog/text-features.js';
import type { ContentModel } from '../algorithms/content.js';
import { topK } from '../kernels/topk.js';
import { interactionsFromTriples } from '../interactions.js';
import type { Recommender, SparseHistory } from '../recommender.js';
import { ParamError } from '../params.js';
import { getRecommender } from '../registry.js';
import { defaultSignalWeights } from '../signals.js';
import { loadCatalogView, loadTrainingData, type CatalogView, type TrainingData } from '../training-data.js';
import { loadLearnerState, type LearnerState } from './learner-state.js';
import { latestModel, saveModel } from './model-store.js';
import { getItem } from '../../catalog/items.store.js';
import { nextLessons, type NextLesson } from './continue-learning.js';
import { explain } from './explain.js';
import type { Locale, Reason } from './reasons.js';

export interface ServingOptions {
  /** The model that ranks (a registry name) and its hyper-parameters. */
  model: string;
  params?: Record<string, unknown>;
}

export interface Recommendation {
  itemId: string;
  score: number;
  title: string;
  type: string;
  category: string | null;
  reason: Reason;
}

export interface RecommendOptions {
  k: number;
  category?: string;
  /** What the learner has that must not come back: purchased (bought or studying), completed, seen. */
  exclude: readonly ('purchased' | 'completed' | 'seen')[];
  locale: Locale;
}

export interface RecommendAnswer {
  userId: string;
  model: string;
  modelId: number | null;
  /** personal (from the learner's history), interests (onboarding), trending (nothing known yet) */
  mode: 'personal' | 'interests' | 'trending';
  items: Recommendation[];
}

/** Everything one trained generation serves from; replaced as a whole after each training. */
export interface Generation {
  model: Recommender;
  content: ContentModel;
  trending: Float32Array;
  data: TrainingData;
  recommendable: Uint8Array;
  modelId: number | null;
  trainedAt: number;
  trainSeconds: number;
}

const trendingHalfLifeDays = 14;

export class RecommendationService {
  #generation: Generation | null = null;
  #training: Promise<Generation> | null = null;
  #lastError: string | null = null;

  constructor(readonly db: Kysely<Database>, readonly projectId: string, readonly options: ServingOptions = { model: 'hybrid' }) {}

  get generation(): Generation | null {
    return this.#generation;
  }

  get status() {
    const g = this.#generation;
    return {
      model: this.options.model, ready: g !== null, training: this.#training !== null, lastError: this.#lastError,
      modelId: g?.modelId ?? null, trainedAt: g ? new Date(g.trainedAt).toISOString() : null, trainSeconds: g?.trainSeconds ?? null,
      users: g?.data.interactions.nUsers ?? 0, items: g?.data.interactions.nItems ?? 0, lastSeq: g?.data.lastSeq ?? 0,
    };
  }

  /** Loads the newest saved model if there is one, otherwise trains. */
  async start(): Promise<void> {
    const stored = await latestModel(this.db, this.projectId, this.options.model);
    const ids = stored?.saved.meta.serving as { userIds: string[]; itemIds: string[] } | undefined;
    if (stored && ids) {
      try {
        const data = await loadTrainingData(this.db, this.projectId, defaultSignalWeights);
        const fixed = { ...data, interactions: reindex(data, ids.userIds, ids.itemIds) };
        const model = getRecommender(stored.name).load(stored.saved, fixed.interactions);
        this.#generation = await this.#assemble(model, fixed, stored.modelId, stored.createdAt, 0);
        return;
      } catch (err) {
        this.#lastError = `could not load the saved model, retraining: ${(err as Error).message}`;
      }
    }
    await this.train();
  }

  /** Trains a new generation (one at a time) and swaps it in. */
  train(progress?: (done: number, total: number, message?: string) => void): Promise<Generation> {
    this.#training ??= this.#train(progress).finally(() => { this.#training = null; });
    return this.#training;
  }

  /** True when events arrived after the serving generation was trained. */
  async isStale(): Promise<boolean> {
    const top = await this.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).where('project_id', '=', this.projectId).executeTakeFirst();
    return Number(top?.seq ?? 0) > (this.#generation?.data.lastSeq ?? -1);
  }

  async #train(progress?: (done: number, total: number, message?: string) => void): Promise<Generation> {
    const started = performance.now();
    try {
      const data = await loadTrainingData(this.db, this.projectId, defaultSignalWeights);
      if (data.interactions.nUsers === 0) throw new Error('no learner interactions yet: send events (or run `learnloop demo`) before training');
      const model = createWithTexts(this.options.model, this.options.params ?? {}, data.view);
      await model.fit(data.interactions, progress);
      const saved = model.save();
      saved.meta = { ...saved.meta, serving: { userIds: data.interactions.userIds, itemIds: data.interactions.itemIds } };
      const trainSeconds = (performance.now() - started) / 1000;
      const i = data.interactions;
      const modelId = await saveModel(this.db, this.projectId, saved, {
        trainSeconds, users: i.nUsers, items: i.nItems, interactions: i.indptr[i.nUsers], lastSeq: data.lastSeq,
      });
      const g = await this.#assemble(model, data, modelId, Date.now(), trainSeconds);
      this.#generation = g;
      this.#lastError = null;
      return g;
    } catch (err) {
      this.#lastError = (err as Error).message;
      throw err;
    }
  }

  async #assemble(model: Recommender, data: TrainingData, modelId: number | null, trainedAt: number, trainSeconds: number): Promise<Generation> {
    const content = getRecommender('content').create({ itemTexts: itemTexts(data.view) }) as ContentModel;
    await content.fit(data.interactions);
    const trendingModel = getRecommender('popularity').create({ halfLifeDays: trendingHalfLifeDays });
    await trendingModel.fit(data.interactions);
    const trending = trendingModel.foldIn!({ items: new Int32Array(0), values: new Float32Array(0) });
    const recommendable = new Uint8Array(data.interactions.nItems);
    data.interactions.itemIds.forEach((id, i) => {
      const it = data.view.items.get(id);
      recommendable[i] = it === undefined || (it.type !== 'lesson' && !it.hidden) ? 1 : 0;
    });
    return { model, content, trending, data, recommendable, modelId, trainedAt, trainSeconds };
  }

  #ready(): Generation {
    if (!this.#generation) throw new ModelNotReady(this.#training !== null);
    return this.#generation;
  }

  async learnerState(userId: string): Promise<LearnerState> {
    const g = this.#generation;
    const view = g?.data.view ?? (await loadCatalogView(this.db, this.projectId));
    return loadLearnerState(this.db, this.projectId, userId, view, g?.data.asOfMs ?? Date.now());
  }

  async recommend(userId: string, o: RecommendOptions): Promise<RecommendAnswer> {
    const g = this.#ready();
    const state = await this.learnerState(userId);
    const { itemIndex, nItems } = g.data.interactions;
    const history = historyOf(state, itemIndex);
    const interests = interestsOf(state.traits);
    let mode: RecommendAnswer['mode'];
    let scores: Float32Array;
    if (history.items.length > 0) {
      mode = 'personal';
      scores = g.model.foldIn ? g.model.foldIn(history) : g.trending.slice();
    } else if (interests.length > 0) {
      mode = 'interests';
      scores = g.content.scoreInterests(interests);
      const top = Math.max(...g.trending) || 1;
      // A little popularity breaks ties among equally matching items.
      for (let i = 0; i < nItems; i++) scores[i] = scores[i]! + (0.05 * g.trending[i]!) / top;
    } else {
      mode = 'trending';
      scores = g.trending.slice();
    }
    const mask = exclusionMask(g, state, o, history);
    const items = new Int32Array(o.k);
    const values = new Float32Array(o.k);
    const n = topK(scores, o.k, items, values, 0, mask);
    const picked = Array.from(items.subarray(0, n));
    const reasons = explain(g, state, picked, mode, interests, o.locale);
    return {
      userId, model: this.options.model, modelId: g.modelId, mode,
      items: picked.map((i, r) => {
        const id = g.data.interactions.itemIds[i]!;
        const it = g.data.view.items.get(id);
        return { itemId: id, score: round(values[r]!), title: it?.title ?? id, type: it?.type ?? 'unknown', category: it?.category ?? null, reason: reasons[r]! };
      }),
    };
  }

  /**
   * Items like `itemId`, recommendable ones only. An item added to the catalog after the last
   * training is matched by its text (content), so new items have neighbours at once.
   */
  async similar(itemId: string, k: number): Promise<SimilarItem[] | null> {
    const g = this.#ready();
    const { itemIndex, itemIds, nItems } = g.data.interactions;
    const index = itemIndex.get(itemId);
    let scores: Float32Array;
    if (index !== undefined) {
      const top = g.model.similarItems([index], Math.min(nItems, k * 3 + 10));
      scores = new Float32Array(nItems).fill(-Infinity);
      for (let j = 0; j < top.k; j++) if (top.items[j]! >= 0) scores[top.items[j]!] = top.scores[j]!;
    } else {
      const item = await getItem(this.db, this.projectId, itemId);
      if (!item) return null;
      scores = g.content.scoreText({ title: item.title, description: item.description ?? undefined, tags: item.tags, category: item.category ?? undefined, author: item.author ?? undefined });
    }
    const mask = baseMask(g, undefined);
    if (index !== undefined) mask[index] = 1;
    const items = new Int32Array(k);
    const values = new Float32Array(k);
    const n = topK(scores, k, items, values, 0, mask);
    return Array.from(items.subarray(0, n), (i, r) => {
      const it = g.data.view.items.get(itemIds[i]!);
      return { itemId: itemIds[i]!, score: round(values[r]!), title: it?.title ?? itemIds[i]!, type: it?.type ?? 'unknown', category: it?.category ?? null };
    });
  }

  /** The next lessons of the learner's courses in progress. */
  async continueLearning(userId: string, k: number, locale: Locale): Promise<NextLesson[]> {
    const state = await this.learnerState(userId);
    const view = this.#generation?.data.view ?? (await loadCatalogView(this.db, this.projectId));
    return nextLessons(state, view, k, locale);
  }
}

export interface SimilarItem {
  itemId: string;
  score: number;
  title: string;
  type: string;
  category: string | null;
}

export class ModelNotReady extends Error {
  constructor(readonly training: boolean) {
    super(training ? 'the recommender is training; try again in a few seconds' : 'no model is trained yet; POST /v1/models/train');
  }
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

function itemTexts(view: CatalogView): Map<string, ItemText> {
  const texts = new Map<string, ItemText>();
  for (const it of view.items.values()) {
    if (it.type === 'lesson') continue;
    texts.set(it.id, { title: it.title, description: it.description ?? undefined, tags: it.tags, category: it.category ?? undefined, author: it.author ?? undefined });
  }
  return texts;
}

/**
 * The serving model, given the catalog texts when it reads them (content, hybrid). Others reject
 * an unknown `itemTexts` input, so they are created without it — otherwise `itemknn`, `als` … could
 * not serve at all.
 */
function createWithTexts(name: string, params: Record<string, unknown>, view: CatalogView): Recommender {
  const factory = getRecommender(name);
  try {
    return factory.create({ ...params, itemTexts: itemTexts(view) });
  } catch (err) {
    if (err instanceof ParamError && err.param === 'itemTexts') return factory.create(params);
    throw err;
  }
}

function reindex(data: TrainingData, userIds: readonly string[], itemIds: readonly string[]) {
  const i = data.interactions;
  const triples = [];
  for (let u = 0; u < i.nUsers; u++) {
    for (let p = i.indptr[u]!; p < i.indptr[u + 1]!; p++) triples.push({ user: i.userIds[u]!, item: i.itemIds[i.indices[p]!]!, value: i.values[p]!, time: i.times[p]! });
  }
  return interactionsFromTriples(triples, { userIds, itemIds, duplicates: 'sum' });
}

/** The learner's fresh history over the model's item index (positive strengths only). */
export function historyOf(state: LearnerState, itemIndex: ReadonlyMap<string, number>): SparseHistory {
  const rows: [number, number, number][] = [];
  for (const [product, value] of state.strengths) {
    const i = itemIndex.get(product);
    if (i !== undefined && value > 0) rows.push([i, Math.min(value, defaultSignalWeights.maxValue), state.lastTouched.get(product) ?? 0]);
  }
  rows.sort((a, b) => a[0] - b[0]);
  return { items: Int32Array.from(rows, (r) => r[0]), values: Float32Array.from(rows, (r) => r[1]), times: Float64Array.from(rows, (r) => r[2]) };
}

/** Onboarding interests from traits: `interests` as a list or a comma-separated string. */
export function interestsOf(traits: Record<string, unknown>): string[] {
  const v = traits.interests;
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  if (typeof v === 'string') return v.split(/[,，、]/).map((s) => s.trim()).filter(Boolean);
  return [];
}

/** Per generation, the base mask of each category ('' = any) asked for so far. */
const baseMasks = new WeakMap<Generation, Map<string, Uint8Array>>();
const maxCachedMasks = 256;

/**
 * A fresh exclusion mask (1 = never return) of what no learner gets: items that are not
 * recommendable (lessons, hidden) and, with a category, items of other categories. Built once per
 * generation and category — it reads the catalog entry of every item, which at 100,000 items cost
 * a fifth of a recommendation — and copied for each request.
 */
export function baseMask(g: Generation, category: string | undefined): Uint8Array {
  let cache = baseMasks.get(g);
  if (!cache) baseMasks.set(g, (cache = new Map()));
  const key = category ?? '';
  let mask = cache.get(key);
  if (!mask) {
    const { itemIds, nItems } = g.data.interactions;
    mask = new Uint8Array(nItems);
    for (let i = 0; i < nItems; i++) {
      if (g.recommendable[i] === 0) mask[i] = 1;
      else if (category !== undefined && g.data.view.items.get(itemIds[i]!)?.category !== category) mask[i] = 1;
    }
    if (cache.size >= maxCachedMasks) cache.clear();
    cache.set(key, mask);
  }
  return mask.slice();
}

function exclusionMask(g: Generation, state: LearnerState, o: RecommendOptions, history: SparseHistory): Uint8Array {
  const { itemIndex } = g.data.interactions;
  const mask = baseMask(g, o.category);
  const drop = (ids: Iterable<string>) => { for (const id of ids) { const i = itemIndex.get(id); if (i !== undefined) mask[i] = 1; } };
  // Never again: what the learner dismissed or had refunded.
  drop(state.dismissed);
  drop(state.refunded);
  if (o.exclude.includes('purchased')) {
    drop(state.purchased);
    // A course the learner already studies (free, or through a membership) is theirs too.
    for (const lesson of state.touchedLessons.keys()) {
      const course = g.data.view.courseOfLesson.get(lesson);
      if (course) drop([course]);
    }
  }
  if (o.exclude.includes('completed')) drop(state.finished);
  if (o.exclude.includes('seen')) for (const i of history.items) mask[i] = 1;
  return mask;
}
