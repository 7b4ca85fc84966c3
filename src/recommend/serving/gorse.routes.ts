/**
 * Gorse-compatible API under `/api/` (secret key as `X-API-Key`, what Gorse clients send), so an
 * application written against Gorse — e.g. with the `gorsejs` client — runs against Learnloop
 * unchanged. Feedback is stored as events through the ingest service, items in the catalog, users
 * as identify traits; answers come from the same serving models as `/v1`, in Gorse's shapes.
 * Errors answer with the catalogue's status and, like Gorse, the message as plain text.
 * The mapping and what is left out: docs/API.md, "Gorse compatibility".
 *
 * @example
 *   const gorse = new Gorse({ endpoint: 'http://127.0.0.1:8080', secret: SECRET_KEY });
 *   await gorse.insertFeedbacks([{ FeedbackType: 'purchase', UserId: 'u1', ItemId: 'c7', Timestamp: new Date() }]);
 *   await gorse.getRecommend({ userId: 'u1', cursorOptions: { n: 10 } }); // ['c9', 'c3', …]
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { deleteItems, getItem, listItems, upsertItems } from '../../catalog/items.store.js';
import type { IngestService } from '../../ingest/ingest.js';
import { getLearner, listLearners } from '../../ingest/users.store.js';
import type { KeyChecker } from '../../server/auth.js';
import { ApiError, invalid, notFound } from '../../server/errors.js';
import type { Store } from '../../store/store.js';
import { applyGorse, categoriesOf, gorseToItemInput, itemInputOf, itemToGorse, latestItems } from './gorse-catalog.js';
import { feedbackMessage, findFeedback, goDurationMs, gorseTime, type GorseFeedbackInput } from './gorse-feedback.js';
import { maxUserNeighbours, popularItems, sessionItems, userNeighbours } from './gorse-ranking.js';
import {
  batchBodyBytes, CursorPage, FeedbackList, FeedbackOut, ItemOut, ItemPatchSchema, ItemSchema, maxBatch, Page, ScoredList,
  Success, UserOut, UserPatchSchema, UserSchema,
} from './gorse-schemas.js';
import { deleteLearnerProfile, learnerToGorse, userMessage } from './gorse-users.js';
import { historyOf, ModelNotReady, type Generation, type RecommendationService, type RecommendOptions } from './recommendation-service.js';

export interface GorseRoutesOptions {
  store: Store;
  keys: KeyChecker;
  ingest: IngestService;
  recommendations: RecommendationService;
}

/** Gorse never recommends what the user already has feedback on. */
const gorseExclude: RecommendOptions['exclude'] = ['purchased', 'completed', 'seen'];
/** Most feedback one per-user or per-item read answers (Gorse answers all; a cap keeps it bounded). */
const maxFeedbackRead = maxBatch;
/** Neighbours ranked before a category filter, when a category is asked for. */
const categoryPool = 1000;

const tags = ['gorse'];
const Params = <T extends Record<string, ReturnType<typeof Type.String>>>(p: T) => Type.Object(p);
const S = () => Type.String({ minLength: 1 });
const RankQuery = Type.Object({ ...Page, category: Type.Optional(Type.String()), 'user-id': Type.Optional(Type.String()) });

function modelNotReady(err: unknown): never {
  if (err instanceof ModelNotReady) throw new ApiError(503, 'model_not_ready', err.message);
  throw err;
}

function cursorSeq(q: { cursor?: string; Cursor?: string }): number {
  const c = q.cursor || q.Cursor || '';
  if (c === '') return 0;
  if (!/^\d+$/.test(c)) throw invalid('querystring.cursor', `cursor must be the Cursor of a previous page; got "${c}"`);
  return Number(c);
}

/** Gorse's error bodies are the message as text; gorsejs puts the body into GorseException.message. */
async function errorAsText(_request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (reply.statusCode < 400 || typeof payload !== 'string' || !payload.startsWith('{')) return payload;
  try {
    const body = JSON.parse(payload) as { error?: { code?: string; message?: string } };
    if (!body.error?.message) return payload;
    reply.header('content-type', 'text/plain; charset=utf-8');
    return `${body.error.code}: ${body.error.message}`;
  } catch {
    return payload;
  }
}

export const gorseRoutes: FastifyPluginAsyncTypebox<GorseRoutesOptions> = async (app, { store, keys, ingest, recommendations }) => {
  const db = store.db;
  app.addHook('preHandler', keys.requireSecretKey);
  app.addHook('onSend', errorAsText);
  // gorsejs (axios) labels the empty body of PUT /item/:id/category/:category as a form; only
  // an empty one is accepted, everything else here is JSON.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') done(null, undefined);
    else done(new ApiError(415, 'unsupported_media_type', 'send JSON with Content-Type: application/json', 'content-type'), undefined);
  });

  /** Stores messages through the ingest service; any rejected message fails the request. */
  async function ingestAll(projectId: string, messages: readonly unknown[]): Promise<number> {
    const r = await ingest.ingest(projectId, messages, { receivedAt: Date.now() }, 'body');
    const first = r.rejected[0];
    if (first) throw new ApiError(400, first.code, `${r.rejected.length} rejected, ${r.accepted} stored; first: ${first.message}`, first.field);
    return r.accepted;
  }

  function feedbackMessages(list: readonly GorseFeedbackInput[], mode: 'insert' | 'upsert', timeMs?: number): Record<string, unknown>[] {
    return list.map((f, i) => {
      const t = timeMs ?? gorseTime(f.Timestamp);
      if (Number.isNaN(t)) throw invalid(`body.${i}.Timestamp`, `body[${i}].Timestamp is not a time: "${f.Timestamp}"`);
      return feedbackMessage(f, mode, t);
    });
  }

  function generation(): Generation {
    const g = recommendations.generation;
    if (!g) modelNotReady(new ModelNotReady(recommendations.status.training));
    return g;
  }

  /** What a user already has (Gorse's `user-id` filter of popular and latest): every item they touched. */
  async function userItems(userId: string | undefined): Promise<Set<string>> {
    if (!userId) return new Set();
    const s = await recommendations.learnerState(userId);
    return new Set([...s.strengths.keys(), ...s.purchased, ...s.dismissed, ...s.refunded]);
  }

  // --- feedback ---------------------------------------------------------------------------------
  for (const [method, mode] of [['POST', 'insert'], ['PUT', 'upsert']] as const) {
    app.route({
      method, url: '/api/feedback', bodyLimit: batchBodyBytes,
      schema: {
        tags, summary: mode === 'insert' ? 'Insert feedback (an existing one is kept)' : 'Insert feedback (a new time is a new event)',
        body: FeedbackList, response: { 200: Success },
      },
      handler: async (request) => ({ RowAffected: await ingestAll(request.projectId, feedbackMessages(request.body, mode)) }),
    });
  }

  for (const url of ['/api/feedback', '/api/feedback/:type']) {
    app.get(url, {
      schema: {
        tags, summary: 'Feedback in arrival order, paged by cursor', params: Type.Object({ type: Type.Optional(S()) }), querystring: CursorPage,
        response: { 200: Type.Object({ Cursor: Type.String(), Feedback: Type.Array(FeedbackOut) }) },
      },
    }, async (request) => {
      const page = await findFeedback(db, request.projectId, { type: request.params.type, afterSeq: cursorSeq(request.query), limit: request.query.n ?? 10 });
      return { Cursor: page.lastSeq === null ? '' : String(page.lastSeq), Feedback: page.feedback };
    });
  }

  app.get('/api/feedback/:type/:userId/:itemId', {
    schema: { tags, summary: 'The feedback of a type between a user and an item', params: Params({ type: S(), userId: S(), itemId: S() }), response: { 200: FeedbackOut } },
  }, async (request) => {
    const { type, userId, itemId } = request.params;
    const found = (await findFeedback(db, request.projectId, { type, userId, itemId, limit: maxFeedbackRead })).feedback.at(-1);
    if (!found) throw notFound(`${type} feedback of user "${userId}" on item "${itemId}"`);
    return found;
  });

  const feedbackLists = [
    { url: '/api/feedback/:userId/:itemId', summary: 'Feedback between a user and an item' },
    { url: '/api/user/:userId/feedback', summary: 'A user\'s feedback' },
    { url: '/api/user/:userId/feedback/:type', summary: 'A user\'s feedback of a type' },
    { url: '/api/item/:itemId/feedback', summary: 'Feedback on an item' },
    { url: '/api/item/:itemId/feedback/:type', summary: 'Feedback of a type on an item' },
  ];
  for (const { url, summary } of feedbackLists) {
    app.get(url, {
      schema: {
        tags, summary, params: Type.Object({ userId: Type.Optional(S()), itemId: Type.Optional(S()), type: Type.Optional(S()) }),
        response: { 200: Type.Array(FeedbackOut) },
      },
    }, async (request) => (await findFeedback(db, request.projectId, { ...request.params, limit: maxFeedbackRead })).feedback);
  }

  for (const url of ['/api/feedback/:type/:userId/:itemId', '/api/feedback/:userId/:itemId']) {
    app.delete(url, { schema: { tags, summary: 'Not supported: events are never deleted', params: Type.Object({}, { additionalProperties: true }) } }, async () => {
      throw new ApiError(405, 'not_supported', 'feedback is stored as events, which are never deleted; send a "dislike" to take a preference back');
    });
  }

  // --- items ------------------------------------------------------------------------------------
  async function upsertGorseItems(projectId: string, list: readonly (typeof ItemSchema)['static'][]): Promise<number> {
    const inputs = [];
    for (const [i, g] of list.entries()) {
      if (Number.isNaN(gorseTime(g.Timestamp))) throw invalid(`body.${i}.Timestamp`, `Timestamp is not a time: "${g.Timestamp}"`);
      inputs.push(gorseToItemInput(g, await getItem(db, projectId, g.ItemId)));
    }
    return upsertItems(db, projectId, inputs);
  }

  async function existingItem(projectId: string, itemId: string) {
    const item = await getItem(db, projectId, itemId);
    if (!item) throw notFound(`item "${itemId}"`, 'params.itemId');
    return item;
  }

  app.post('/api/item', { schema: { tags, summary: 'Insert or overwrite an item', body: ItemSchema, response: { 200: Success } } },
    async (request) => ({ RowAffected: await upsertGorseItems(request.projectId, [request.body]) }));

  app.post('/api/items', {
    bodyLimit: batchBodyBytes,
    schema: { tags, summary: 'Insert or overwrite items', body: Type.Array(ItemSchema, { maxItems: maxBatch }), response: { 200: Success } },
  }, async (request) => ({ RowAffected: await upsertGorseItems(request.projectId, request.body) }));

  app.get('/api/items', {
    schema: { tags, summary: 'Items by id, paged by cursor', querystring: CursorPage, response: { 200: Type.Object({ Cursor: Type.String(), Items: Type.Array(ItemOut) }) } },
  }, async (request) => {
    const limit = request.query.n ?? 10;
    const items = await listItems(db, request.projectId, { after: request.query.cursor || request.query.Cursor || undefined, limit, includeHidden: true });
    return { Cursor: items.length === limit ? items.at(-1)!.id : '', Items: items.map(itemToGorse) };
  });

  app.get('/api/item/:itemId', { schema: { tags, summary: 'An item', params: Params({ itemId: S() }), response: { 200: ItemOut } } },
    async (request) => itemToGorse(await existingItem(request.projectId, request.params.itemId)));

  app.patch('/api/item/:itemId', { schema: { tags, summary: 'Change some fields of an item', params: Params({ itemId: S() }), body: ItemPatchSchema, response: { 200: Success } } },
    async (request) => {
      if (Number.isNaN(gorseTime(request.body.Timestamp))) throw invalid('body.Timestamp', `Timestamp is not a time: "${request.body.Timestamp}"`);
      const item = await existingItem(request.projectId, request.params.itemId);
      return { RowAffected: await upsertItems(db, request.projectId, [applyGorse(itemInputOf(item), request.body)]) };
    });

  app.delete('/api/item/:itemId', { schema: { tags, summary: 'Delete an item (a course with its lessons); its events stay', params: Params({ itemId: S() }), response: { 200: Success } } },
    async (request) => ({ RowAffected: (await deleteItems(db, request.projectId, [request.params.itemId])) > 0 ? 1 : 0 }));

  for (const method of ['PUT', 'DELETE'] as const) {
    app.route({
      method, url: '/api/item/:itemId/category/:category',
      schema: { tags, summary: method === 'PUT' ? 'Add a category to an item' : 'Remove a category from an item', params: Params({ itemId: S(), category: S() }), response: { 200: Success } },
      handler: async (request) => {
        const { itemId, category } = request.params;
        const item = await existingItem(request.projectId, itemId);
        const rest = categoriesOf(item).filter((c) => c !== category);
        const categories = method === 'PUT' ? [...rest, category] : rest;
        return { RowAffected: await upsertItems(db, request.projectId, [applyGorse(itemInputOf(item), { Categories: categories })]) };
      },
    });
  }

  for (const url of ['/api/item/:itemId/neighbors', '/api/item/:itemId/neighbors/:category']) {
    app.get(url, {
      schema: {
        tags, summary: 'Items like this one (new items matched by their text)', params: Type.Object({ itemId: S(), category: Type.Optional(Type.String()) }),
        querystring: Type.Object(Page), response: { 200: ScoredList },
      },
    }, async (request) => {
      const { n = 10, offset = 0 } = request.query;
      const category = request.params.category || undefined;
      const similar = await recommendations.similar(request.params.itemId, category ? categoryPool : offset + n).catch(modelNotReady);
      if (similar === null) throw notFound(`item "${request.params.itemId}"`, 'params.itemId');
      return similar.filter((s) => category === undefined || s.category === category).slice(offset, offset + n).map((s) => ({ Id: s.itemId, Score: s.score }));
    });
  }

  // --- users ------------------------------------------------------------------------------------
  app.post('/api/user', { schema: { tags, summary: 'Insert or overwrite a user', body: UserSchema, response: { 200: Success } } },
    async (request) => ({ RowAffected: await ingestAll(request.projectId, [userMessage(request.body, 'replace')]) }));

  app.post('/api/users', {
    bodyLimit: batchBodyBytes,
    schema: { tags, summary: 'Insert or overwrite users', body: Type.Array(UserSchema, { maxItems: maxBatch }), response: { 200: Success } },
  }, async (request) => ({ RowAffected: await ingestAll(request.projectId, request.body.map((u) => userMessage(u, 'replace'))) }));

  app.get('/api/users', {
    schema: { tags, summary: 'Users by id, paged by cursor', querystring: CursorPage, response: { 200: Type.Object({ Cursor: Type.String(), Users: Type.Array(UserOut) }) } },
  }, async (request) => {
    const limit = request.query.n ?? 10;
    const users = await listLearners(db, request.projectId, { after: request.query.cursor || request.query.Cursor || undefined, limit });
    return { Cursor: users.length === limit ? users.at(-1)!.id : '', Users: users.map(learnerToGorse) };
  });

  app.get('/api/user/:userId', { schema: { tags, summary: 'A user', params: Params({ userId: S() }), response: { 200: UserOut } } }, async (request) => {
    const learner = await getLearner(db, request.projectId, request.params.userId);
    if (!learner) throw notFound(`user "${request.params.userId}"`, 'params.userId');
    return learnerToGorse(learner);
  });

  app.patch('/api/user/:userId', { schema: { tags, summary: 'Change some fields of a user', params: Params({ userId: S() }), body: UserPatchSchema, response: { 200: Success } } },
    async (request) => {
      const { userId } = request.params;
      if (!(await getLearner(db, request.projectId, userId))) throw notFound(`user "${userId}"`, 'params.userId');
      return { RowAffected: await ingestAll(request.projectId, [userMessage({ ...request.body, UserId: userId }, 'patch')]) };
    });

  app.delete('/api/user/:userId', { schema: { tags, summary: 'Delete a user\'s profile; their events stay', params: Params({ userId: S() }), response: { 200: Success } } },
    async (request) => ({ RowAffected: await deleteLearnerProfile(db, request.projectId, request.params.userId) }));

  app.get('/api/user/:userId/neighbors', {
    schema: { tags, summary: `Learners most like this one (at most ${maxUserNeighbours})`, params: Params({ userId: S() }), querystring: Type.Object(Page), response: { 200: ScoredList } },
  }, async (request) => {
    const g = generation();
    const { n = 10, offset = 0 } = request.query;
    const { userIndex, itemIndex } = g.data.interactions;
    const history = historyOf(await recommendations.learnerState(request.params.userId), itemIndex);
    return userNeighbours(g, history, userIndex.get(request.params.userId) ?? -1, offset + n).slice(offset);
  });

  // --- recommendations --------------------------------------------------------------------------
  for (const url of ['/api/recommend/:userId', '/api/recommend/:userId/:category']) {
    app.get(url, {
      schema: {
        tags, summary: 'Recommended item ids for a user',
        params: Type.Object({ userId: S(), category: Type.Optional(Type.String()) }),
        querystring: Type.Object({ ...Page, category: Type.Optional(Type.String()), 'write-back-type': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), 'write-back-delay': Type.Optional(Type.String()) }),
        response: { 200: Type.Array(Type.String()) },
      },
    }, async (request) => {
      const { userId } = request.params;
      const q = request.query;
      const { n = 10, offset = 0 } = q;
      const delayMs = q['write-back-delay'] ? goDurationMs(q['write-back-delay']) : 0;
      if (Number.isNaN(delayMs)) throw invalid('querystring.write-back-delay', `write-back-delay must be a duration like 10m or 1h30m; got "${q['write-back-delay']}"`);
      const category = request.params.category || q.category || undefined;
      const answer = await recommendations.recommend(userId, { k: offset + n, category, exclude: gorseExclude, locale: 'en' }).catch(modelNotReady);
      const ids = answer.items.slice(offset).map((r) => r.itemId);
      const type = q['write-back-type'];
      if (type) {
        const shown = ids.map((ItemId) => ({ FeedbackType: type, UserId: userId, ItemId }));
        await ingestAll(request.projectId, feedbackMessages(shown, 'insert', Date.now() + delayMs));
      }
      return ids;
    });
  }

  for (const url of ['/api/popular', '/api/popular/:category']) {
    app.get(url, {
      schema: { tags, summary: 'Trending items (time-decayed popularity)', params: Type.Object({ category: Type.Optional(Type.String()) }), querystring: RankQuery, response: { 200: ScoredList } },
    }, async (request) => {
      const { n = 10, offset = 0 } = request.query;
      const exclude = await userItems(request.query['user-id']);
      const category = request.params.category || request.query.category || undefined;
      return popularItems(generation(), { category, limit: offset + n, exclude }).slice(offset);
    });
  }

  for (const url of ['/api/latest', '/api/latest/:category']) {
    app.get(url, {
      schema: { tags, summary: 'The newest items (Score: creation time, Unix seconds)', params: Type.Object({ category: Type.Optional(Type.String()) }), querystring: RankQuery, response: { 200: ScoredList } },
    }, async (request) => {
      const { n = 10, offset = 0 } = request.query;
      const exclude = await userItems(request.query['user-id']);
      const category = request.params.category || request.query.category || undefined;
      const latest = await latestItems(db, request.projectId, { category, limit: offset + n + exclude.size });
      return latest.filter((it) => !exclude.has(it.id)).slice(offset, offset + n).map((it) => ({ Id: it.id, Score: it.createdAt / 1000 }));
    });
  }

  for (const url of ['/api/session/recommend', '/api/session/recommend/:category']) {
    app.post(url, {
      bodyLimit: batchBodyBytes,
      schema: {
        tags, summary: 'Recommendations for a session\'s feedback (not stored)', params: Type.Object({ category: Type.Optional(Type.String()) }),
        querystring: Type.Object(Page), body: FeedbackList, response: { 200: ScoredList },
      },
    }, async (request) => {
      const { n = 10, offset = 0 } = request.query;
      return sessionItems(generation(), request.body, { category: request.params.category || undefined, limit: offset + n }).slice(offset);
    });
  }
};
