/**
 * The nudge outbox API (secret key): queue nudges for the top-risk learners (or named ones), list
 * them for a platform that polls, acknowledge delivery, and report outcomes per campaign. Reads
 * first fold any new `Notification Sent` / `Notification Opened` events into the nudges' status.
 *
 * @example
 *   await app.register(nudgesRoutes, { store, keys, scorer: churn, actions: recommendations });
 *   // POST /v1/nudges {"limit":50,"campaign":"win-back","holdoutShare":0.1}
 *   // GET  /v1/nudges?status=pending   → { nudges: [...], next }
 *   // POST /v1/nudges/ndg_…/delivered  → the nudge, status delivered
 *   // GET  /v1/nudges/outcomes         → { asOf, campaigns: [{ campaign, sent, opened, openRate, activeRate, holdout, uplift }] }
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { KeyChecker } from '../server/auth.js';
import { ApiError, invalid, notFound } from '../server/errors.js';
import type { Store } from '../store/store.js';
import type { RiskScorer } from './at-risk.js';
import { requestProblem } from './at-risk.routes.js';
import { applyNotificationEvents } from './nudge-events.js';
import { nudgeOutcomes } from './nudge-outcomes.js';
import { queueNudges } from './nudge-queue.js';
import { Campaign, ListQuery, ListResponse, NudgeSchema, OutcomesResponse, QueueBody, QueueResponse } from './nudge-schemas.js';
import { getNudge, listNudges, markDelivered, NudgeStateError } from './nudges.store.js';
import type { ActionSource } from './suggested-action.js';

export interface NudgesRoutesOptions {
  store: Store;
  keys: KeyChecker;
  scorer: RiskScorer;
  actions: ActionSource;
}

const NudgeId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const nudgesRoutes: FastifyPluginAsyncTypebox<NudgesRoutesOptions> = async (app, { store, keys, scorer, actions }) => {
  app.addHook('preHandler', keys.requireSecretKey);
  const db = store.db;

  app.post('/v1/nudges', {
    schema: {
      tags: ['churn'], summary: 'Queue nudges for the top-risk learners (or the learners named), with a suggested action each',
      body: QueueBody, response: { 200: QueueResponse },
    },
  }, async (request) => {
    const b = request.body;
    if (b.userIds && b.segment) throw invalid('body.segment', 'give either userIds or segment, not both');
    return queueNudges({ db, projectId: request.projectId, scorer, actions }, b)
      .catch((err: unknown) => requestProblem(err, 'body'));
  });

  app.get('/v1/nudges', {
    schema: {
      tags: ['churn'], summary: 'Nudges in queue order (poll with status=pending, then acknowledge each)',
      querystring: ListQuery, response: { 200: ListResponse },
    },
  }, async (request) => {
    await applyNotificationEvents(db, request.projectId);
    const limit = request.query.limit ?? 100;
    const nudges = await listNudges(db, request.projectId, { ...request.query, limit });
    return { nudges, next: nudges.length === limit ? nudges[nudges.length - 1]!.id : null };
  });

  app.get('/v1/nudges/outcomes', {
    schema: {
      tags: ['churn'], summary: 'Per campaign: delivered, sent, opened, open rate, learners active again within the horizon, beside the holdout',
      querystring: Type.Object({ campaign: Type.Optional(Campaign) }), response: { 200: OutcomesResponse },
    },
  }, async (request) => {
    await applyNotificationEvents(db, request.projectId);
    return nudgeOutcomes(db, request.projectId, request.query.campaign);
  });

  app.get('/v1/nudges/:id', {
    schema: { tags: ['churn'], summary: 'One nudge and where it stands', params: NudgeId, response: { 200: NudgeSchema } },
  }, async (request) => {
    await applyNotificationEvents(db, request.projectId);
    const nudge = await getNudge(db, request.projectId, request.params.id);
    if (!nudge) throw notFound(`nudge "${request.params.id}"`, 'params.id');
    return nudge;
  });

  app.post('/v1/nudges/:id/delivered', {
    schema: { tags: ['churn'], summary: 'Acknowledge that the platform took the nudge (idempotent)', params: NudgeId, response: { 200: NudgeSchema } },
  }, async (request) => {
    try {
      const nudge = await markDelivered(db, request.projectId, request.params.id);
      if (!nudge) throw notFound(`nudge "${request.params.id}"`, 'params.id');
      return nudge;
    } catch (err) {
      if (err instanceof NudgeStateError) throw new ApiError(409, 'conflict', err.message, 'params.id');
      throw err;
    }
  });
};
