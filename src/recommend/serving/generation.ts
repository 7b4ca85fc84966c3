/**
 * A generation: one trained model with everything serving answers from (the content model for
 * onboarding and new items, trending scores, the catalog view, the recommendable mask). Built by
 * training from the store, or by loading the newest saved model of a name.
 *
 * @example
 *   const g = (await loadGeneration(db, 'default', 'als')) ?? (await trainGeneration(db, 'default', 'als', {}));
 *   g.model.recommend(...); g.name; // 'als'
 */
import type { Kysely } from 'kysely';
import type { ItemText } from '../../catalog/text-features.js';
import type { Database } from '../../store/schema.js';
import type { CatalogItem } from '../../catalog/item.js';
import { yieldToEventLoop } from '../../jobs/yield.js';
import { ContentModel } from '../algorithms/content.js';
import { interactionsFromTriples, type Interactions } from '../interactions.js';
import { ParamError } from '../params.js';
import type { Recommender, SavedModel } from '../recommender.js';
import { getRecommender } from '../registry.js';
import { defaultSignalWeights } from '../signals.js';
import { catalogView, loadTrainingData, type CatalogView, type TrainingData } from '../training-data.js';
import { latestModel, saveModel } from './model-store.js';
import { blendRanker } from './blend-ranker.js';
import { neighbourRanker } from './neighbour-ranker.js';
import { chooseRanker, SimilarItemsCache, StaticRanking, type RankerChoice } from './ranker.js';

/** Everything one trained generation serves from; replaced as a whole after each training. */
export interface Generation {
  /** The registry name of the model. */
  name: string;
  model: Recommender;
  content: ContentModel;
  trending: Float32Array;
  /** The trending scores ranked once, for learners nothing is known about. */
  trendingRanking: StaticRanking;
  /** How this generation ranks a learner's items (ranker.ts) and how closely that matched scoring every item. */
  ranking: RankerChoice;
  /** "Items like this one", kept per item: for dense models each list is a pass over every item. */
  similar: SimilarItemsCache;
  data: TrainingData;
  recommendable: Uint8Array;
  modelId: number | null;
  trainedAt: number;
  trainSeconds: number;
}

export type TrainProgress = (done: number, total: number, message?: string) => void;

/** A content-quality prior in [0, 1] for item ids (0.5 = no opinion): `QualityService.qualityPrior` for one project. */
export type QualityPriorSource = (itemIds: readonly string[]) => Promise<Float32Array>;

const trendingHalfLifeDays = 14;
/** Neighbours kept per item for "items like this one": enough for k = 30 after passing over hidden items. */
export const similarListLength = 100;

/**
 * The newest saved model of `name`, over the same user and item indices it was trained with;
 * undefined when none is saved. Throws when the saved model cannot be read.
 */
export async function loadGeneration(db: Kysely<Database>, projectId: string, name: string): Promise<Generation | undefined> {
  const stored = await latestModel(db, projectId, name);
  const ids = stored?.saved.meta.serving as { userIds: string[]; itemIds: string[] } | undefined;
  if (!stored || !ids) return undefined;
  const data = await loadTrainingData(db, projectId, defaultSignalWeights);
  const fixed = { ...data, interactions: reindex(data, ids.userIds, ids.itemIds) };
  const model = getRecommender(stored.name).load(stored.saved, fixed.interactions);
  return assemble(name, model, fixed, stored.modelId, stored.createdAt, 0);
}

/**
 * Trains `name` on the store's current interactions and saves it (the store keeps three per name).
 * A model that weighs content quality (hybrid with `qualityWeight` > 0) gets the prior of
 * `qualityPrior` for its items; it is saved with the model, so a loaded generation keeps it.
 */
export async function trainGeneration(
  db: Kysely<Database>, projectId: string, name: string, params: Record<string, unknown>, progress?: TrainProgress,
  qualityPrior?: QualityPriorSource,
): Promise<Generation> {
  const f = await fitGeneration(db, projectId, name, params, progress, qualityPrior);
  return assemble(name, f.model, f.data, f.modelId, Date.now(), f.trainSeconds);
}

/** A trained and saved model with the data it was trained on: a generation before serving's extras. */
export interface FittedGeneration {
  model: Recommender;
  /** What was stored: the model's arrays, with the id spaces it was trained over. */
  saved: SavedModel;
  data: TrainingData;
  modelId: number;
  trainSeconds: number;
}

/** The training half of `trainGeneration`: read the store, fit, save. */
export async function fitGeneration(
  db: Kysely<Database>, projectId: string, name: string, params: Record<string, unknown>, progress?: TrainProgress,
  qualityPrior?: QualityPriorSource,
): Promise<FittedGeneration> {
  const started = performance.now();
  const data = await loadTrainingData(db, projectId, defaultSignalWeights);
  if (data.interactions.nUsers === 0) throw new Error('no learner interactions yet: send events (or run `learnloop demo`) before training');
  const itemQuality = qualityPrior && usesQualityPrior(name, params) ? await qualityPrior(data.interactions.itemIds) : undefined;
  const model = createWithTexts(name, params, data.view, itemQuality);
  await model.fit(data.interactions, progress);
  const saved = model.save();
  saved.meta = { ...saved.meta, serving: { userIds: data.interactions.userIds, itemIds: data.interactions.itemIds } };
  const trainSeconds = (performance.now() - started) / 1000;
  const i = data.interactions;
  const modelId = await saveModel(db, projectId, saved, {
    trainSeconds, users: i.nUsers, items: i.nItems, interactions: i.indptr[i.nUsers], lastSeq: data.lastSeq,
  });
  return { model, saved, data, modelId, trainSeconds };
}

/**
 * A fitted generation as plain data that can cross to another thread: typed arrays, id lists and
 * catalog rows. A server trains on a worker thread and only rebuilds the generation from these
 * (`generationFromParts`), so training never holds its event loop (`training-thread.ts`).
 */
export interface GenerationParts {
  name: string;
  model: SavedModel;
  /** The content model for onboarding and new items, unless the model has its own (the hybrid's). */
  content: SavedModel | undefined;
  interactions: Pick<Interactions, 'nUsers' | 'nItems' | 'indptr' | 'indices' | 'values' | 'times' | 'userIds' | 'itemIds'>;
  items: CatalogItem[];
  lastSeq: number;
  asOfMs: number;
  modelId: number;
  trainSeconds: number;
}

/** The parts of a fitted generation. */
export async function generationParts(name: string, f: FittedGeneration): Promise<GenerationParts> {
  const content = contentPartOf(f.model) ? undefined : (await fitContent(f.data)).save();
  const { nUsers, nItems, indptr, indices, values, times, userIds, itemIds } = f.data.interactions;
  return {
    name, model: f.saved, content, interactions: { nUsers, nItems, indptr, indices, values, times, userIds, itemIds },
    items: [...f.data.view.items.values()], lastSeq: f.data.lastSeq, asOfMs: f.data.asOfMs, modelId: f.modelId, trainSeconds: f.trainSeconds,
  };
}

/**
 * The serving generation rebuilt from parts made on another thread: no events read, nothing
 * trained or tokenised, and the event loop handed back between steps.
 */
export async function generationFromParts(p: GenerationParts): Promise<Generation> {
  const x = p.interactions;
  const interactions: Interactions = { ...x, userIndex: await indexOf(x.userIds), itemIndex: await indexOf(x.itemIds) };
  const data: TrainingData = { interactions, view: catalogView(p.items), lastSeq: p.lastSeq, asOfMs: p.asOfMs };
  await yieldToEventLoop();
  const model = getRecommender(p.name).load(p.model, interactions);
  await yieldToEventLoop();
  const content = p.content ? (getRecommender('content').load(p.content, interactions) as ContentModel) : contentPartOf(model);
  return assemble(p.name, model, data, p.modelId, Date.now(), p.trainSeconds, content);
}

/** id → position, built a slice at a time (a map of 100,000 ids is tens of milliseconds). */
async function indexOf(ids: readonly string[]): Promise<Map<string, number>> {
  const index = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) {
    index.set(ids[i]!, i);
    if (i % 20_000 === 19_999) await yieldToEventLoop();
  }
  await yieldToEventLoop();
  return index;
}

async function assemble(
  name: string, model: Recommender, data: TrainingData, modelId: number | null, trainedAt: number, trainSeconds: number,
  content: ContentModel | undefined = contentPartOf(model),
): Promise<Generation> {
  content ??= await fitContent(data);
  await yieldToEventLoop();
  const trendingModel = getRecommender('popularity').create({ halfLifeDays: trendingHalfLifeDays });
  await trendingModel.fit(data.interactions);
  const trending = trendingModel.foldIn!({ items: new Int32Array(0), values: new Float32Array(0) });
  const recommendable = new Uint8Array(data.interactions.nItems);
  data.interactions.itemIds.forEach((id, i) => {
    const it = data.view.items.get(id);
    recommendable[i] = it === undefined || (it.type !== 'lesson' && !it.hidden) ? 1 : 0;
  });
  await yieldToEventLoop();
  const trendingRanking = new StaticRanking(trending);
  await yieldToEventLoop();
  const ranking = await chooseRanker(model, trendingRanking, data.interactions, recommendable, [neighbourRanker, blendRanker]);
  const similar = new SimilarItemsCache(model, similarListLength, 10_000);
  return { name, model, content, trending, trendingRanking, ranking, similar, data, recommendable, modelId, trainedAt, trainSeconds };
}

/** The content model of onboarding and new items: fitted on the catalog texts (tokenising every title). */
async function fitContent(data: TrainingData): Promise<ContentModel> {
  const content = getRecommender('content').create({ itemTexts: itemTexts(data.view) }) as ContentModel;
  await content.fit(data.interactions);
  return content;
}

/**
 * The hybrid's own content component, when it has one: fitted on the same texts and items with
 * the same (default) parameters as `fitContent`, so serving reuses it instead of tokenising the
 * catalog a second time.
 */
function contentPartOf(model: Recommender): ContentModel | undefined {
  const parts = (model as { parts?: readonly { model: Recommender }[] }).parts;
  const part = Array.isArray(parts) ? parts.find((p) => p.model instanceof ContentModel) : undefined;
  return part?.model as ContentModel | undefined;
}

function itemTexts(view: CatalogView): Map<string, ItemText> {
  const texts = new Map<string, ItemText>();
  for (const it of view.items.values()) {
    if (it.type === 'lesson') continue;
    texts.set(it.id, { title: it.title, description: it.description ?? undefined, tags: it.tags, category: it.category ?? undefined, author: it.author ?? undefined });
  }
  return texts;
}

/**
 * The model, given the catalog texts (and the quality prior, aligned with the item indices) when it
 * reads them (content, hybrid). Others reject an unknown input, so they are created without it —
 * otherwise `itemknn`, `als` … could not serve at all.
 */
export function createWithTexts(name: string, params: Record<string, unknown>, view: CatalogView, itemQuality?: Float32Array): Recommender {
  const factory = getRecommender(name);
  const inputs: Record<string, unknown> = itemQuality ? { itemTexts: itemTexts(view), itemQuality } : { itemTexts: itemTexts(view) };
  for (;;) {
    try {
      return factory.create({ ...params, ...inputs });
    } catch (err) {
      if (!(err instanceof ParamError && Object.hasOwn(inputs, err.param))) throw err;
      delete inputs[err.param];
    }
  }
}

/** Whether `name` with `params` weighs content quality, so the prior is worth reading. */
function usesQualityPrior(name: string, params: Record<string, unknown>): boolean {
  const spec = getRecommender(name).params.qualityWeight;
  const weight = params.qualityWeight ?? spec?.default;
  return spec !== undefined && typeof weight === 'number' && weight > 0;
}

function reindex(data: TrainingData, userIds: readonly string[], itemIds: readonly string[]) {
  const i = data.interactions;
  const triples = [];
  for (let u = 0; u < i.nUsers; u++) {
    for (let p = i.indptr[u]!; p < i.indptr[u + 1]!; p++) triples.push({ user: i.userIds[u]!, item: i.itemIds[i.indices[p]!]!, value: i.values[p]!, time: i.times[p]! });
  }
  return interactionsFromTriples(triples, { userIds, itemIds, duplicates: 'sum' });
}
