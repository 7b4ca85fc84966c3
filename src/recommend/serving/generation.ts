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
import type { ContentModel } from '../algorithms/content.js';
import { interactionsFromTriples } from '../interactions.js';
import { ParamError } from '../params.js';
import type { Recommender } from '../recommender.js';
import { getRecommender } from '../registry.js';
import { defaultSignalWeights } from '../signals.js';
import { loadTrainingData, type CatalogView, type TrainingData } from '../training-data.js';
import { latestModel, saveModel } from './model-store.js';
import { blendRanker } from './blend-ranker.js';
import { neighbourRanker } from './neighbour-ranker.js';
import { chooseRanker, StaticRanking, type RankerChoice } from './ranker.js';

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
  return assemble(name, model, data, modelId, Date.now(), trainSeconds);
}

async function assemble(name: string, model: Recommender, data: TrainingData, modelId: number | null, trainedAt: number, trainSeconds: number): Promise<Generation> {
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
  const trendingRanking = new StaticRanking(trending);
  const ranking = await chooseRanker(model, trendingRanking, data.interactions, recommendable, [neighbourRanker, blendRanker]);
  return { name, model, content, trending, trendingRanking, ranking, data, recommendable, modelId, trainedAt, trainSeconds };
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
