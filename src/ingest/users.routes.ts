/** The learners API (secret key). Traits are set through the tracking API's identify call. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { KeyChecker } from '../server/auth.js';
import { notFound } from '../server/errors.js';
import type { Store } from '../store/store.js';
import { getLearner, listLearners } from './users.store.js';

export const usersRoutes: FastifyPluginAsyncTypebox<{ store: Store; keys: KeyChecker }> = async (app, { store, keys }) => {
  app.addHook('preHandler', keys.requireSecretKey);

  app.get('/v1/users', {
    schema: {
      tags: ['users'], summary: 'List learners (ordered by id, paged with `after`)',
      querystring: Type.Object({
        after: Type.Optional(Type.String()),
        robots: Type.Optional(Type.Boolean({ description: 'true: only robotic users; false: only people' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
      }),
    },
  }, async (request) => {
    const limit = request.query.limit ?? 100;
    const users = await listLearners(store.db, request.projectId, { ...request.query, limit });
    return { users, next: users.length === limit ? users[users.length - 1]!.id : null };
  });

  app.get('/v1/users/:id', {
    schema: { tags: ['users'], summary: 'One learner: traits, first and last seen, robot flag', params: Type.Object({ id: Type.String() }) },
  }, async (request) => {
    const user = await getLearner(store.db, request.projectId, request.params.id);
    if (!user) throw notFound(`user "${request.params.id}"`, 'params.id');
    return user;
  });
};
