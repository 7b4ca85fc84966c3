/**
 * The error catalogue: every error the API answers with has a stable code and an HTTP status.
 * The body is always `{"error":{"code","message","field"}}`; 5xx details are logged, never sent.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Extra top-level fields merged into the response body (e.g. partial batch results). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const invalid = (field: string, message: string) => new ApiError(400, 'invalid_request', message, field);
export const notFound = (what: string, field?: string) => new ApiError(404, 'not_found', `${what} not found`, field);
export const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/** Fastify's own error codes, mapped to our catalogue. */
const fastifyCodes: Record<string, { status: number; code: string; field?: string; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 400, code: 'payload_too_large', field: 'body',
    message: 'request body is too large (a batch may be at most 500 KB, one message 32 KB): send smaller batches' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', field: 'content-type',
    message: 'send JSON with Content-Type: application/json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json', field: 'body', message: 'the JSON body is empty' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_request', field: 'content-length' },
};

export function errorHandler(err: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof ApiError) {
    if (err.status >= 500) request.log.error({ err }, 'request failed');
    reply.status(err.status).send({ ...err.extra, error: { code: err.code, message: err.message, field: err.field } });
    return;
  }
  const fe = err as FastifyError;
  if (fe.validation) {
    const v = fe.validation[0];
    const path = (v?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const missing = (v?.params as { missingProperty?: string } | undefined)?.missingProperty;
    const field = [fe.validationContext, path, missing].filter(Boolean).join('.');
    reply.status(400).send({ error: { code: 'invalid_request', message: `${field || 'request'}: ${v?.message ?? fe.message}`, field } });
    return;
  }
  const mapped = fe.code ? fastifyCodes[fe.code] : undefined;
  if (mapped) {
    reply.status(mapped.status).send({ error: { code: mapped.code, message: mapped.message ?? fe.message, field: mapped.field } });
    return;
  }
  if (fe instanceof SyntaxError || fe.statusCode === 400) {
    reply.status(400).send({ error: { code: 'invalid_json', message: `malformed JSON body: ${fe.message}`, field: 'body' } });
    return;
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    reply.status(fe.statusCode).send({ error: { code: 'invalid_request', message: fe.message } });
    return;
  }
  request.log.error({ err }, 'request failed');
  reply.status(500).send({ error: { code: 'internal', message: 'internal error; the server log has the details' } });
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  reply.status(404).send({ error: { code: 'route_not_found', message: `no route ${request.method} ${request.url.split('?')[0]}; see /docs for the API` } });
}
