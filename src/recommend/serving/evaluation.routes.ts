/**
 * Offline evaluation of the recommenders on the project's own data (secret key):
 * - `POST /v1/models/evaluate` `{"models"?: [...], "k"?: 10}` starts a run in the background (202)
 *   and answers its state; while one runs, the same run is answered;
 * - `GET /v1/models/evaluation` — the running or latest run: progress, the split, and per model
 *   HR, NDCG, Precision, Recall, MAP and coverage @K with training and scoring seconds.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { KeyChecker } from '../../server/auth.js';
import { invalid } from '../../server/errors.js';
import type { Store } from '../../store/store.js';
import { recommenders } from '../registry.js';
import { defaultEvaluatedModels, ModelEvaluations } from './model-evaluation.js';

export interface EvaluationRoutesOptions {
  store: Store;
  keys: KeyChecker;
}

export const evaluationRoutes: FastifyPluginAsyncTypebox<EvaluationRoutesOptions> = async (app, { store, keys }) => {
  app.addHook('preHandler', keys.requireSecretKey);
  const evaluations = new ModelEvaluations(store.db);

  app.post('/v1/models/evaluate', {
    schema: {
      tags: ['recommendations'],
      summary: 'Evaluate recommenders offline on a time split of the project\'s interactions (each learner\'s latest 20% held out); answers 202 at once',
      body: Type.Optional(Type.Object({
        models: Type.Optional(Type.Array(Type.String(), { minItems: 1, maxItems: 20, description: `registry names (default ${defaultEvaluatedModels.join(', ')})` })),
        k: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
      }, { additionalProperties: false })),
    },
  }, async (request, reply) => {
    const body = request.body ?? {};
    body.models?.forEach((m, i) => {
      if (!recommenders.has(m)) throw invalid(`body.models.${i}`, `unknown model "${m}"; known models: ${[...recommenders.keys()].join(', ')}`);
    });
    evaluations.start(request.projectId, { models: body.models, k: body.k })
      .catch((err: unknown) => request.log.error({ err }, 'evaluation failed'));
    reply.status(202);
    return await evaluations.state(request.projectId);
  });

  app.get('/v1/models/evaluation', {
    schema: { tags: ['recommendations'], summary: 'The running or latest offline evaluation: progress and each model\'s metrics @K' },
  }, (request) => evaluations.state(request.projectId));
};
