/**
 * `GET /v1/churn/at-risk` (secret key): the learners most likely to leave, ranked, with the churn
 * model's reasons and a suggested action each — optionally only one segment's learners.
 *
 * @example
 *   await app.register(atRiskRoutes, { keys, scorer: churn, actions: recommendations });
 *   // GET /v1/churn/at-risk?limit=20&segment=rfm:at_risk → { asOf, horizonDays, model, segment, scored, learners: [...] }
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { KeyChecker } from '../server/auth.js';
import { ApiError, invalid } from '../server/errors.js';
import type { Store } from '../store/store.js';
import { atRiskLearners, type RiskScorer } from './at-risk.js';
import { ChurnInputError } from './churn-service.js';
import { ActiveWithinDays, AsOf, AtRiskResponse, HorizonDays, OpenedPushWithinDays, SegmentParam } from './nudge-schemas.js';
import { SegmentRefError } from '../profiles/segment-ref.js';
import type { ActionSource } from './suggested-action.js';

export interface AtRiskRoutesOptions {
  store: Store;
  keys: KeyChecker;
  scorer: RiskScorer;
  actions: ActionSource;
}

/**
 * The caller's mistakes, named by field under `context` (`querystring` or `body`): a malformed
 * segment answers 400, one not in the latest run 404; a date or horizon the churn model cannot
 * answer 400, history too short for it 422.
 */
export function requestProblem(err: unknown, context: 'querystring' | 'body'): never {
  if (err instanceof SegmentRefError) {
    if (err.kind === 'invalid') throw invalid(`${context}.segment`, err.message);
    throw new ApiError(404, 'not_found', err.message, `${context}.segment`);
  }
  if (err instanceof ChurnInputError) {
    throw new ApiError(err.status, err.status === 400 ? 'invalid_request' : 'insufficient_data', err.message, `${context}.${err.field}`);
  }
  throw err;
}

export const atRiskRoutes: FastifyPluginAsyncTypebox<AtRiskRoutesOptions> = async (app, { store, keys, scorer, actions }) => {
  app.addHook('preHandler', keys.requireSecretKey);

  app.get('/v1/churn/at-risk', {
    schema: {
      tags: ['churn'], summary: 'Learners most likely to leave, with reasons and a suggested action (the lesson to continue or a recommendation)',
      querystring: Type.Object({
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
        segment: Type.Optional(SegmentParam),
        asOf: Type.Optional(AsOf),
        horizonDays: Type.Optional(HorizonDays),
        activeWithinDays: Type.Optional(ActiveWithinDays),
        openedPushWithinDays: Type.Optional(OpenedPushWithinDays),
      }),
      response: { 200: AtRiskResponse },
    },
  }, async (request) => {
    const q = request.query;
    return atRiskLearners({ db: store.db, projectId: request.projectId, scorer, actions }, {
      limit: q.limit ?? 50, segment: q.segment, asOf: q.asOf, horizonDays: q.horizonDays, activeWithinDays: q.activeWithinDays,
      openedPushWithinDays: q.openedPushWithinDays,
    }).catch((err: unknown) => requestProblem(err, 'querystring'));
  });
};
