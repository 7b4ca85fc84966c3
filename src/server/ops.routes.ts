/** Operations endpoints: liveness, readiness, Prometheus metrics. No key needed. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import type { Store } from '../store/store.js';
import type { AppMetrics } from './metrics.js';

export const opsRoutes: FastifyPluginAsyncTypebox<{ store: Store; metrics: AppMetrics }> = async (app, { store, metrics }) => {
  app.get('/health', { schema: { tags: ['operations'], summary: 'Liveness: 200 while the server accepts traffic' } },
    async () => ({ status: 'ok' }));

  app.get('/ready', { schema: { tags: ['operations'], summary: 'Readiness: 200 when the database answers' } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(store.db);
      return { status: 'ready' };
    } catch (err) {
      reply.status(503);
      return { status: 'unavailable', error: { code: 'database_unavailable', message: (err as Error).message } };
    }
  });

  app.get('/metrics', { schema: { tags: ['operations'], summary: 'Prometheus metrics', hide: false } }, async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown';
    metrics.httpDuration.observe({ method: request.method, route, status: reply.statusCode }, reply.elapsedTime / 1000);
  });
};
