/**
 * The content-quality API (secret key):
 *
 * - `POST /v1/items/:id/expert-scores` — enter expert scores (`{"scores":[{"expert","score","scale"?,
 *   "dimension"?,"comment"?}]}`); bad input is a 400 naming the field;
 * - `GET /v1/items/:id/expert-scores` — the item's expert scores;
 * - `GET /v1/quality/items?type=course&sort=-score&category=&titles=` — every item of the type:
 *   `{"items":[{"itemId","score","confidence","components","findings"}]}` (with `titles=true` also
 *   each item's `title` and `category`, so a list can name what it scores);
 * - `GET /v1/quality/items/:id` — one item, with its title, type and (courses) its lessons.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { getItem } from '../catalog/items.store.js';
import { itemTypes } from '../catalog/items.table.js';
import type { KeyChecker } from '../server/auth.js';
import { invalid, notFound } from '../server/errors.js';
import type { Store } from '../store/store.js';
import { checkExpertScores, ExpertScoreInputSchema, listExpertScores, saveExpertScores } from './expert-scores.js';
import { sharedQualityService, type QualityService } from './quality-service.js';
import { qualitySorts, sortItems } from './item-sort.js';
import { summary } from './report.js';

export interface QualityRoutesOptions {
  store: Store;
  keys: KeyChecker;
  /** Shared with other services (the recommender's prior); built from `LEARNLOOP_QUALITY_*` when omitted. */
  quality?: QualityService;
}

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
const FindingSchema = Type.Object({
  kind: Type.String(), itemId: Type.String(), severity: Type.String(), strength: Type.Number(),
  message: Bilingual, action: Bilingual, evidence: Type.Record(Type.String(), Type.Unknown()),
});
const ComponentSchema = Type.Object({
  observed: Type.Union([Type.Number(), Type.Null()]), adjusted: Type.Union([Type.Number(), Type.Null()]),
  evidence: Type.Number(), score: Type.Number(), weight: Type.Number(), confidence: Type.Number(),
});
const ItemQualitySchema = Type.Object({
  itemId: Type.String(), score: Type.Number({ minimum: 0, maximum: 100 }), confidence: Type.Number({ minimum: 0, maximum: 1 }),
  components: Type.Record(Type.String(), ComponentSchema), findings: Type.Array(FindingSchema),
  title: Type.Optional(Type.String()), category: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

export const qualityRoutes: FastifyPluginAsyncTypebox<QualityRoutesOptions> = async (app, { store, keys, quality }) => {
  const service = quality ?? sharedQualityService(store.db);
  app.addHook('preHandler', keys.requireSecretKey);

  app.post('/v1/items/:id/expert-scores', {
    schema: {
      tags: ['quality'], summary: 'Enter expert scores for an item (0–100, or 1–5 with scale 5); an expert\'s new score on a dimension replaces the old',
      params: Type.Object({ id: Type.String({ minLength: 1 }) }),
      body: Type.Object({ scores: Type.Array(ExpertScoreInputSchema, { minItems: 1, maxItems: 100 }) }, { additionalProperties: false }),
    },
  }, async (request) => {
    const problem = checkExpertScores(request.body.scores);
    if (problem) throw invalid(problem.field, problem.message);
    if (!(await getItem(store.db, request.projectId, request.params.id))) throw notFound(`item "${request.params.id}"`, 'params.id');
    await saveExpertScores(store.db, request.projectId, request.params.id, request.body.scores);
    return { success: true, scores: await listExpertScores(store.db, request.projectId, request.params.id) };
  });

  app.get('/v1/items/:id/expert-scores', {
    schema: { tags: ['quality'], summary: 'The expert scores of an item', params: Type.Object({ id: Type.String({ minLength: 1 }) }) },
  }, async (request) => ({ itemId: request.params.id, scores: await listExpertScores(store.db, request.projectId, request.params.id) }));

  app.get('/v1/quality/items', {
    schema: {
      tags: ['quality'], summary: 'Quality score, confidence, components and findings of every item of a type',
      querystring: Type.Object({
        type: Type.Optional(Type.Union(itemTypes.map((t) => Type.Literal(t)), { default: 'course' })),
        sort: Type.Optional(Type.Union(qualitySorts.map((s) => Type.Literal(s)), {
          default: '-score', description: '-score (best first), score (weakest first), findings (most urgent first), confidence, -confidence, itemId',
        })),
        category: Type.Optional(Type.String({ minLength: 1 })),
        titles: Type.Optional(Type.Boolean({ default: false, description: 'also give each item\'s title and category' })),
      }),
      response: { 200: Type.Object({ items: Type.Array(ItemQualitySchema) }) },
    },
  }, async (request) => {
    const { type = 'course', sort = '-score', category, titles = false } = request.query;
    const report = await service.report(request.projectId);
    const chosen = report.items.filter((it) => it.type === type && (category === undefined || it.category === category));
    const items = chosen.map((it) => (titles ? { ...summary(it), title: it.title, category: it.category } : summary(it)));
    return { items: sortItems(items, sort) };
  });

  app.get('/v1/quality/items/:id', {
    schema: { tags: ['quality'], summary: 'One item\'s quality: score, components, findings (courses: also their lessons)', params: Type.Object({ id: Type.String({ minLength: 1 }) }) },
  }, async (request) => {
    const report = await service.report(request.projectId);
    const item = report.byId.get(request.params.id);
    if (!item) throw notFound(`item "${request.params.id}"`, 'params.id');
    return { ...item, asOf: report.asOf };
  });
};
