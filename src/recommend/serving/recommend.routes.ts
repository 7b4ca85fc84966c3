/** The recommendation API (secret key): recommendations, similar items, continue learning, models. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { KeyChecker } from '../../server/auth.js';
import { ApiError, invalid, notFound } from '../../server/errors.js';
import type { Store } from '../../store/store.js';
import { recommenders } from '../registry.js';
import { listModels } from './model-store.js';
import { TrainingProgress } from './training-progress.js';
import { ModelNotReady, ModelNotTrained, type RecommendationService, type RecommendOptions } from './recommendation-service.js';

export interface RecommendRoutesOptions {
  store: Store;
  keys: KeyChecker;
  recommendations: RecommendationService;
}

const excludable = ['purchased', 'completed', 'seen'] as const;
const Lang = Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')], { default: 'zh', description: 'language of the reasons' }));
const K = (max: number, dflt: number) => Type.Optional(Type.Integer({ minimum: 1, maximum: max, default: dflt }));

function notReady(err: unknown): never {
  if (err instanceof ModelNotReady) throw new ApiError(503, 'model_not_ready', err.message);
  if (err instanceof ModelNotTrained) throw new ApiError(409, 'model_not_trained', err.message, 'querystring.model');
  throw err;
}

/** A registry name, or a 400 naming the field and the known names. */
function knownModel(name: string | undefined, field: string): string | undefined {
  if (name !== undefined && !recommenders.has(name)) throw invalid(field, `unknown model "${name}"; known models: ${[...recommenders.keys()].join(', ')}`);
  return name;
}

export const recommendRoutes: FastifyPluginAsyncTypebox<RecommendRoutesOptions> = async (app, { store, keys, recommendations }) => {
  app.addHook('preHandler', keys.requireSecretKey);

  app.get('/v1/users/:id/recommendations', {
    schema: {
      tags: ['recommendations'], summary: 'Items for a learner, with a reason each',
      params: Type.Object({ id: Type.String({ minLength: 1 }) }),
      querystring: Type.Object({
        k: K(100, 10),
        category: Type.Optional(Type.String({ minLength: 1 })),
        placement: Type.Optional(Type.String({ maxLength: 100, description: 'where the list is shown (echoed back; for experiments and logs)' })),
        exclude: Type.Optional(Type.String({ default: 'purchased,completed', description: 'comma list of purchased, completed, seen' })),
        lang: Lang,
        model: Type.Optional(Type.String({ description: 'answer with this model\'s newest saved version instead of the serving one (to compare); 409 until trained' })),
      }),
    },
  }, async (request) => {
    const q = request.query;
    const exclude = (q.exclude ?? 'purchased,completed').split(',').map((s) => s.trim()).filter(Boolean);
    const bad = exclude.find((e) => !(excludable as readonly string[]).includes(e));
    if (bad) throw invalid('querystring.exclude', `exclude may list ${excludable.join(', ')}; got "${bad}"`);
    const options: RecommendOptions = {
      k: q.k ?? 10, category: q.category, exclude: exclude as RecommendOptions['exclude'], locale: q.lang ?? 'zh', model: knownModel(q.model, 'querystring.model'),
    };
    const answer = await recommendations.recommend(request.params.id, options).catch(notReady);
    return { ...answer, placement: q.placement ?? null };
  });

  app.get('/v1/items/:id/similar', {
    schema: {
      tags: ['recommendations'], summary: 'Items like this one (new items are matched by their text)',
      params: Type.Object({ id: Type.String({ minLength: 1 }) }),
      querystring: Type.Object({ k: K(100, 10) }),
    },
  }, async (request) => {
    const items = await recommendations.similar(request.params.id, request.query.k ?? 10).catch(notReady);
    if (items === null) throw notFound(`item "${request.params.id}"`, 'params.id');
    return { itemId: request.params.id, items };
  });

  app.get('/v1/users/:id/continue', {
    schema: {
      tags: ['recommendations'], summary: 'Next lessons of the learner\'s courses in progress',
      params: Type.Object({ id: Type.String({ minLength: 1 }) }),
      querystring: Type.Object({ k: K(50, 5), lang: Lang }),
    },
  }, async (request) => ({
    userId: request.params.id,
    lessons: await recommendations.continueLearning(request.params.id, request.query.k ?? 5, request.query.lang ?? 'zh'),
  }));

  // What the trainings started here reported, for progress bars (the scheduler's retrains report nothing).
  const trainingProgress = new TrainingProgress();

  app.get('/v1/models', {
    schema: { tags: ['recommendations'], summary: 'The serving model\'s status, the models that can be trained, comparison models in memory and the stored models' },
  }, async (request) => ({
    serving: recommendations.status, available: [...recommenders.keys()], comparisons: recommendations.comparisons,
    stored: await listModels(store.db, request.projectId), progress: trainingProgress.snapshot(),
  }));

  app.post('/v1/models/train', {
    schema: {
      tags: ['recommendations'], summary: 'Retrain now; answers at once (202) or when done with ?wait=true',
      querystring: Type.Object({
        wait: Type.Optional(Type.Boolean({ default: false })),
        model: Type.Optional(Type.String({ description: 'train and save this model for comparisons instead of the serving one (serving does not change)' })),
      }),
    },
  }, async (request, reply) => {
    const model = knownModel(request.query.model, 'querystring.model');
    const training = recommendations.train(trainingProgress.reporter(model ?? recommendations.options.model), model);
    if (!request.query.wait) {
      training.catch((err: unknown) => request.log.error({ err }, 'training failed'));
      reply.status(202);
      return { status: 'training', serving: recommendations.status, comparisons: recommendations.comparisons };
    }
    await training;
    return { status: 'trained', serving: recommendations.status, comparisons: recommendations.comparisons };
  });
};
