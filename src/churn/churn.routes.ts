/**
 * The churn API (secret key):
 * - `POST /v1/churn/train` `{"asOf":"YYYY-MM-DD","horizonDays":14}` (both optional) trains on the
 *   history before asOf and answers when done with the training report.
 * - `GET /v1/churn/scores?asOf=YYYY-MM-DD&horizonDays=14[&userId=…]` scores every learner active in
 *   the 28 days before asOf (or only the named ones), riskiest first, with reasons (training a model
 *   first when none is stored).
 * Bad input answers 400 naming the field; a date the history cannot support answers 422.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { KeyChecker } from '../server/auth.js';
import { ApiError } from '../server/errors.js';
import type { Store } from '../store/store.js';
import { ChurnInputError, ChurnService, maxHorizonDays } from './churn-service.js';
import { defaultHorizonDays } from './labels.js';

export interface ChurnRoutesOptions {
  store: Store;
  keys: KeyChecker;
}

const AsOf = Type.Optional(Type.String({ description: 'YYYY-MM-DD, the start of that day in the project time zone; default the day after the latest event' }));
const HorizonDays = Type.Optional(Type.Integer({ minimum: 1, maximum: maxHorizonDays, description: `days without activity that count as churn (default ${defaultHorizonDays})` }));
const Evaluation = Type.Object({ rocAuc: Type.Number(), prAuc: Type.Number(), ece: Type.Number(), eceUncalibrated: Type.Number() });
const Text = Type.Object({ zh: Type.String(), en: Type.String() });

const TrainingReport = Type.Object({
  asOf: Type.String(), horizonDays: Type.Integer(), modelId: Type.Integer(), chosen: Type.String(),
  models: Type.Object({ logistic: Evaluation, gbt: Evaluation }),
  rule: Type.Object({ rule: Type.String(), rocAuc: Type.Number(), prAuc: Type.Number(), precision: Type.Number(), recall: Type.Number(), flagged: Type.Number() }),
  ece: Type.Number(), calibration: Type.Object({ a: Type.Number(), b: Type.Number() }),
  snapshots: Type.Array(Type.Object({ asOf: Type.String(), learners: Type.Integer(), churned: Type.Integer() })),
  validationAsOf: Type.String(), trainingRows: Type.Integer(), validationRows: Type.Integer(), validationChurnRate: Type.Number(),
  features: Type.Integer(), seconds: Type.Number(),
});

const Scores = Type.Object({
  asOf: Type.String(), horizonDays: Type.Integer(), model: Type.String(), modelId: Type.Integer(), trainedAsOf: Type.String(), trained: Type.Boolean(),
  learners: Type.Array(Type.Object({
    userId: Type.String(), probability: Type.Number({ minimum: 0, maximum: 1 }),
    reasons: Type.Array(Type.Object({
      feature: Type.String(), value: Type.Union([Type.Number(), Type.String(), Type.Null()]), contribution: Type.Number(), text: Text,
    })),
  })),
});

const ErrorBody = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }) });

function apiError(err: unknown, context: 'body' | 'querystring'): unknown {
  if (!(err instanceof ChurnInputError)) return err;
  return new ApiError(err.status, err.status === 400 ? 'invalid_request' : 'insufficient_data', err.message, `${context}.${err.field}`);
}

export const churnRoutes: FastifyPluginAsyncTypebox<ChurnRoutesOptions> = async (app, { store, keys }) => {
  app.addHook('preHandler', keys.requireSecretKey);

  app.post('/v1/churn/train', {
    schema: {
      tags: ['churn'], summary: 'Train the churn model on the history before asOf; answers with both models\' validation AUCs, the rule baseline and the choice',
      body: Type.Optional(Type.Object({ asOf: AsOf, horizonDays: HorizonDays }, { additionalProperties: false })),
      response: { 200: TrainingReport, 400: ErrorBody, 422: ErrorBody },
    },
  }, async (request) => {
    try {
      return await new ChurnService(store.db, request.projectId).train({ asOf: request.body?.asOf, horizonDays: request.body?.horizonDays },
        (msg) => request.log.info(msg));
    } catch (err) {
      throw apiError(err, 'body');
    }
  });

  app.get('/v1/churn/scores', {
    schema: {
      tags: ['churn'], summary: 'Churn probability and reasons of every learner active in the 28 days before asOf, riskiest first',
      querystring: Type.Object({
        asOf: AsOf, horizonDays: HorizonDays,
        userId: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 1000, description: 'only these learners (repeat the parameter); a learner not active in the 28 days before asOf is left out' })),
      }),
      response: { 200: Scores, 400: ErrorBody, 422: ErrorBody },
    },
  }, async (request) => {
    try {
      return await new ChurnService(store.db, request.projectId).scores({ asOf: request.query.asOf, horizonDays: request.query.horizonDays, userIds: request.query.userId });
    } catch (err) {
      throw apiError(err, 'querystring');
    }
  });
};
