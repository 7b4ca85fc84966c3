/**
 * The Segment-compatible tracking API: POST /v1/batch (and /v1/import), /v1/track, /v1/identify,
 * /v1/page, /v1/screen, /v1/alias, /v1/group; and GET /v1/events to read the log back.
 * What a client gets back is specified in docs/API.md.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ApiError, invalid } from '../server/errors.js';
import type { KeyChecker } from '../server/auth.js';
import type { Store } from '../store/store.js';
import { parseTime } from './clock.js';
import { eventToJson, listEvents } from './events.store.js';
import type { IngestResult, IngestService } from './ingest.js';
import { maxMessageBytes, type CallType } from './message.js';

export interface IngestRoutesOptions {
  store: Store;
  ingest: IngestService;
  keys: KeyChecker;
}

/** Segment's batch limit. */
export const maxBatchBytes = 500 * 1024;

const IngestOk = Type.Object({
  success: Type.Literal(true),
  accepted: Type.Integer({ description: 'valid messages (stored now or stored before)' }),
  duplicates: Type.Integer({ description: 'accepted messages whose messageId was already stored' }),
});

const BatchBody = Type.Object({
  batch: Type.Array(Type.Unknown(), { description: 'Segment messages' }),
  context: Type.Optional(Type.Unknown()),
  sentAt: Type.Optional(Type.Unknown()),
  writeKey: Type.Optional(Type.String()),
}, { additionalProperties: true });

const MessageBody = Type.Object({}, { additionalProperties: true });

function answer(result: IngestResult) {
  if (result.rejected.length === 0) return { success: true as const, accepted: result.accepted, duplicates: result.duplicates };
  const first = result.rejected[0]!;
  throw new ApiError(400, first.code, `${result.rejected.length} message(s) rejected, ${result.accepted} accepted; first: ${first.message}`,
    first.field, { success: false, accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected });
}

export const ingestRoutes: FastifyPluginAsyncTypebox<IngestRoutesOptions> = async (app, { store, ingest, keys }) => {
  const batchRoute = {
    bodyLimit: maxBatchBytes,
    preHandler: keys.requireWriteKey,
    schema: { tags: ['tracking'], body: BatchBody, response: { 200: IngestOk } },
  };
  const batchHandler = async (request: { projectId: string; headers: { 'content-length'?: string }; body: { batch: unknown[]; context?: unknown; sentAt?: unknown } }) => {
    const length = Number(request.headers['content-length']);
    const result = await ingest.ingest(request.projectId, request.body.batch, {
      receivedAt: Date.now(), sentAt: request.body.sentAt, context: request.body.context,
      // A body no larger than one message's limit cannot hold an oversize message.
      sizesAtMost: Number.isFinite(length) ? length : undefined,
    });
    return answer(result);
  };
  app.post('/v1/batch', { ...batchRoute, schema: { ...batchRoute.schema, summary: 'Send a batch of Segment messages' } }, batchHandler);
  app.post('/v1/import', { ...batchRoute, schema: { ...batchRoute.schema, summary: 'Alias of /v1/batch (Segment import)' } }, batchHandler);

  for (const type of ['track', 'identify', 'page', 'screen', 'alias', 'group'] as const satisfies readonly CallType[]) {
    app.post(`/v1/${type}`, {
      bodyLimit: maxMessageBytes + 1024,
      preHandler: keys.requireWriteKey,
      schema: { tags: ['tracking'], summary: `Send one ${type} message`, body: MessageBody, response: { 200: IngestOk } },
    }, async (request) => {
      const length = Number(request.headers['content-length']);
      const result = await ingest.ingest(request.projectId, [request.body], {
        receivedAt: Date.now(), impliedType: type, sizesAtMost: Number.isFinite(length) ? length : undefined,
      }, '');
      return answer(result);
    });
  }

  app.get('/v1/events', {
    preHandler: keys.requireSecretKey,
    schema: {
      tags: ['tracking'],
      summary: 'Stored events in arrival order',
      querystring: Type.Object({
        userId: Type.Optional(Type.String()),
        event: Type.Optional(Type.String()),
        since: Type.Optional(Type.String({ description: 'ISO-8601 time: only events at or after it' })),
        after: Type.Optional(Type.Integer({ minimum: 0, description: 'cursor: the `next` of the previous page' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
      }),
    },
  }, async (request) => {
    const q = request.query;
    const since = parseTime(q.since);
    if (since !== undefined && Number.isNaN(since)) throw invalid('querystring.since', 'since must be an ISO-8601 date-time');
    const limit = q.limit ?? 100;
    const rows = await listEvents(store.db, request.projectId, { userId: q.userId, event: q.event, since, after: q.after, limit });
    const events = rows.map(eventToJson);
    return { events, next: rows.length === limit ? events[events.length - 1]!.seq : null };
  });
};
