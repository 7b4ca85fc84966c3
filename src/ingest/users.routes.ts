/** The learners API (secret key). Traits are set through the tracking API's identify call. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { KeyChecker } from '../server/auth.js';
import { invalid, notFound } from '../server/errors.js';
import type { Store } from '../store/store.js';
import { findLearners, getLearner, parseRecentCursor, searchedTraits } from './users.store.js';

export const usersRoutes: FastifyPluginAsyncTypebox<{ store: Store; keys: KeyChecker }> = async (app, { store, keys }) => {
  app.addHook('preHandler', keys.requireSecretKey);

  app.get('/v1/users', {
    schema: {
      tags: ['users'], summary: 'List or search learners (by id, or last seen first; paged with `after`)',
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: 200, description: `id prefix, or part of a ${searchedTraits.join('/')} trait; case-insensitive` })),
        order: Type.Optional(Type.Union([Type.Literal('id'), Type.Literal('recent')], { default: 'id', description: 'id ascending, or recent: last seen first' })),
        after: Type.Optional(Type.String({ description: 'the `next` of the previous page' })),
        robots: Type.Optional(Type.Boolean({ description: 'true: only robotic users; false: only people' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
      }),
    },
  }, async (request) => {
    const { order, after } = request.query;
    if (order === 'recent' && after !== undefined && !parseRecentCursor(after)) {
      throw invalid('querystring.after', `with order=recent, after is the "next" of the previous page (lastSeenMs:userId); got "${after}"`);
    }
    return findLearners(store.db, request.projectId, { ...request.query, limit: request.query.limit ?? 100 });
  });

  app.get('/v1/users/:id', {
    schema: { tags: ['users'], summary: 'One learner: traits, first and last seen, robot flag', params: Type.Object({ id: Type.String() }) },
  }, async (request) => {
    const user = await getLearner(store.db, request.projectId, request.params.id);
    if (!user) throw notFound(`user "${request.params.id}"`, 'params.id');
    return user;
  });
};
