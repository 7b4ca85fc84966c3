/**
 * Serving: keeps the trained models of a project in memory, answers recommendations with the
 * knowledge-product rules and reasons, and retrains in the background — on a worker thread when
 * the store is a file (`training-thread.ts`) — swapping the new models in atomically (requests in
 * flight finish on the old ones). Each generation ranks a learner's items through its ranker
 * (`ranker.ts`), which touches a few hundred items, not the whole catalogue.
 *
 * A learner's fresh events count at once: every request reads the learner's history from the
 * event log and folds it into the model (`foldIn`), so a purchase, a finished lesson or a
 * dismissal changes the next answer without retraining.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { topK } from '../kernels/topk.js';
import type { SparseHistory } from '../recommender.js';
import { getRecommender } from '../registry.js';
import { defaultSignalWeights } from '../signals.js';
import { loadCatalogView } from '../training-data.js';
import { loadLearnerState, loadTraits, type LearnerState } from './learner-state.js';
import { getItem } from '../../catalog/items.store.js';
import { loadGeneration, similarListLength, trainGeneration, type Generation, type QualityPriorSource, type TrainProgress } from './generation.js';
import type { NeighbourList } from './ranker.js';
import { sharedQualityService } from '../../quality/quality-service.js';
import { nextLessons, type NextLesson } from './continue-learning.js';
import { explain } from './explain.js';
import { canTrainOnWorker, trainOnWorker } from './training-thread.js';
import { baseMask, learnerExclusions, withExclusions } from './exclusion.js';
import type { Locale, Reason } from './reasons.js';

export type { Generation } from './generation.js';

export interface ServingOptions {
  /** The model that ranks (a registry name) and its hyper-parameters. */
  model: string;
  params?: Record<string, unknown>;
  /** The content-quality prior for models that weigh it (hybrid); default: the project's quality scores. */
  qualityPrior?: QualityPriorSource;
  /**
   * The store's file: trainings then run on a worker thread with its own connection, and serving
   * only swaps the new generation in (`training-thread.ts`). Without it (or for `:memory:`, or
   * with a `qualityPrior` of the caller's, which cannot cross threads) they run on this thread.
   */
  storeLocation?: string;
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
  /**
   * A registry name to answer with instead of the serving model, to compare models for one
   * learner: its newest saved model (see `train(progress, model)`); the serving model by default.
   */
  model?: string;
}

export interface RecommendAnswer {
  userId: string;
  model: string;
  modelId: number | null;
  /** personal (from the learner's history), interests (onboarding), trending (nothing known yet) */
  mode: 'personal' | 'interests' | 'trending';
  items: Recommendation[];
}

/** A model other than the serving one, kept for comparisons: loaded from the store or being trained. */
interface Comparison {
  generation: Generation | null;
  pending: Promise<Generation> | null;
  training: boolean;
  lastError: string | null;
}

/** Comparison models kept in memory at once; each holds a copy of the interactions. */
const maxComparisons = 3;

export class RecommendationService {
  #generation: Generation | null = null;
  #training: Promise<Generation> | null = null;
  #lastError: string | null = null;
  #comparisons = new Map<string, Comparison>();

  readonly #qualityPrior: QualityPriorSource;

  constructor(readonly db: Kysely<Database>, readonly projectId: string, readonly options: ServingOptions = { model: 'hybrid' }) {
    this.#qualityPrior = options.qualityPrior ?? ((ids) => sharedQualityService(db).qualityPrior(projectId, ids));
  }

  get generation(): Generation | null {
    return this.#generation;
  }

  get status() {
    const g = this.#generation;
    return {
      model: this.options.model, ready: g !== null, training: this.#training !== null, lastError: this.#lastError,
      modelId: g?.modelId ?? null, trainedAt: g ? new Date(g.trainedAt).toISOString() : null, trainSeconds: g?.trainSeconds ?? null,
      users: g?.data.interactions.nUsers ?? 0, items: g?.data.interactions.nItems ?? 0, lastSeq: g?.data.lastSeq ?? 0,
      // How answers are ranked (ranker.ts), and the share of the every-item top 10 that path found when the model came in.
      ranking: g ? { path: g.ranking.ranker.path, agreement: round(g.ranking.agreement) } : null,
    };
  }

  /** Models other than the serving one in memory, for comparisons (`recommend` with `model`). */
  get comparisons() {
    return [...this.#comparisons].map(([model, c]) => ({
      model, ready: c.generation !== null, training: c.training, lastError: c.lastError,
      modelId: c.generation?.modelId ?? null, trainedAt: c.generation ? new Date(c.generation.trainedAt).toISOString() : null,
    }));
  }

  /** Loads the newest saved model if there is one, otherwise trains. */
  async start(): Promise<void> {
    try {
      const g = await loadGeneration(this.db, this.projectId, this.options.model);
      if (g) {
        this.#generation = g;
        return;
      }
    } catch (err) {
      this.#lastError = `could not load the saved model, retraining: ${(err as Error).message}`;
    }
    await this.train();
  }

  /**
   * Trains a new generation (one at a time) and swaps it in. With `model` other than the serving
   * one, trains and saves that model for comparisons instead; serving does not change.
   */
  train(progress?: TrainProgress, model?: string): Promise<Generation> {
    if (model !== undefined && model !== this.options.model) return this.#trainComparison(model, progress);
    this.#training ??= this.#train(progress).finally(() => { this.#training = null; });
    return this.#training;
  }

  /** True when events arrived after the serving generation was trained. */
  async isStale(): Promise<boolean> {
    const top = await this.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).where('project_id', '=', this.projectId).executeTakeFirst();
    return Number(top?.seq ?? 0) > (this.#generation?.data.lastSeq ?? -1);
  }

  async #train(progress?: TrainProgress): Promise<Generation> {
    try {
      const g = await this.#fit(this.options.model, this.options.params ?? {}, progress);
      this.#generation = g;
      this.#lastError = null;
      return g;
    } catch (err) {
      this.#lastError = (err as Error).message;
      throw err;
    }
  }

  /** Trains and saves a model: on a worker thread when the store is a file (see `storeLocation`). */
  #fit(name: string, params: Record<string, unknown>, progress?: TrainProgress): Promise<Generation> {
    const location = this.options.storeLocation;
    if (canTrainOnWorker(location) && this.options.qualityPrior === undefined) {
      return trainOnWorker({ location, projectId: this.projectId, name, params }, progress);
    }
    return trainGeneration(this.db, this.projectId, name, params, progress, this.#qualityPrior);
  }

  #comparison(name: string): Comparison {
    let c = this.#comparisons.get(name);
    if (!c) {
      for (const [other, o] of this.#comparisons) {
        if (this.#comparisons.size < maxComparisons) break;
        if (!o.pending) this.#comparisons.delete(other);
      }
      this.#comparisons.set(name, (c = { generation: null, pending: null, training: false, lastError: null }));
    }
    return c;
  }

  #trainComparison(name: string, progress?: TrainProgress): Promise<Generation> {
    getRecommender(name);
    const c = this.#comparison(name);
    if (c.training && c.pending) return c.pending;
    const after = c.pending ?? Promise.resolve(null);
    c.training = true;
    const run = after.catch(() => null).then(() => this.#fit(name, {}, progress)).then(
      (g) => { c.generation = g; c.lastError = null; return g; },
      (err: unknown) => { c.lastError = (err as Error).message; throw err; },
    ).finally(() => { c.training = false; if (c.pending === run) c.pending = null; });
    c.pending = run;
    return run;
  }

  /** The generation answering for `model`: the serving one, or a saved model loaded on first use. */
  async #generationFor(model: string | undefined): Promise<Generation> {
    if (model === undefined || model === this.options.model) return this.#ready();
    getRecommender(model);
    const c = this.#comparison(model);
    if (c.training) throw new ModelNotReady(true, model);
    if (c.generation) return c.generation;
    c.pending ??= loadGeneration(this.db, this.projectId, model).then((g) => {
      if (!g) throw new ModelNotTrained(model);
      c.generation = g;
      return g;
    }).finally(() => { c.pending = null; });
    return c.pending;
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
    const g = await this.#generationFor(o.model);
    const state = await this.learnerState(userId);
    const history = historyOf(state, g.data.interactions.itemIndex);
    // Onboarding interests matter only to a learner without a history: read them only then.
    const interests = history.items.length > 0 ? [] : interestsOf(await loadTraits(this.db, this.projectId, userId));
    const mode: RecommendAnswer['mode'] = history.items.length > 0 ? 'personal' : interests.length > 0 ? 'interests' : 'trending';
    const items = new Int32Array(o.k);
    const values = new Float32Array(o.k);
    const drops = learnerExclusions(g, state, o.exclude, history);
    const n = withExclusions(baseMask(g, o.category), drops, (mask) => {
      if (mode === 'personal') return g.ranking.ranker.rank(history, o.k, mask, items, values);
      if (mode === 'interests') return topK(interestScores(g, interests), o.k, items, values, 0, mask);
      return g.trendingRanking.top(o.k, mask, items, values);
    });
    const picked = Array.from(items.subarray(0, n));
    const reasons = explain(g, state, picked, mode, interests, o.locale);
    return {
      userId, model: g.name, modelId: g.modelId, mode,
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
    const items = new Int32Array(k);
    const values = new Float32Array(k);
    let n: number;
    if (index !== undefined) {
      // More neighbours than asked for, so that hidden items and lessons can be passed over.
      const wanted = Math.min(nItems, k * 3 + 10);
      const top = wanted <= similarListLength ? g.similar.lists([index])[0]! : similarList(g, index, wanted);
      const mask = baseMask(g, undefined);
      n = 0;
      for (let j = 0; j < top.items.length && n < k; j++) {
        const i = top.items[j]!;
        if (i < 0) break;
        if (i === index || mask[i] !== 0) continue;
        items[n] = i;
        values[n++] = top.scores[j]!;
      }
    } else {
      const item = await getItem(this.db, this.projectId, itemId);
      if (!item) return null;
      const scores = g.content.scoreText({ title: item.title, description: item.description ?? undefined, tags: item.tags, category: item.category ?? undefined, author: item.author ?? undefined });
      n = topK(scores, k, items, values, 0, baseMask(g, undefined));
    }
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
  constructor(readonly training: boolean, model?: string) {
    super(model !== undefined ? `${model} is training; try again in a few seconds`
      : training ? 'the recommender is training; try again in a few seconds' : 'no model is trained yet; POST /v1/models/train');
  }
}

/** A comparison model asked for by name has never been trained for this project. */
export class ModelNotTrained extends Error {
  constructor(readonly model: string) {
    super(`no ${model} model is trained yet; POST /v1/models/train?model=${model} trains one (serving does not change)`);
  }
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

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

/** The model's `count` most similar items to one item (uncached: longer than the cached lists). */
function similarList(g: Generation, item: number, count: number): NeighbourList {
  const top = g.model.similarItems([item], count);
  return { items: top.items, scores: top.scores };
}

/** Onboarding scores: the content match of the interests, with a little trending to break ties among equal matches. */
function interestScores(g: Generation, interests: readonly string[]): Float32Array {
  const scores = g.content.scoreInterests(interests);
  const order = g.trendingRanking.order;
  const top = (order.length > 0 ? g.trending[order[0]!]! : 0) || 1;
  for (let i = 0; i < scores.length; i++) scores[i] = scores[i]! + (0.05 * g.trending[i]!) / top;
  return scores;
}
