/**
 * Authentication. Ingestion takes the project's write key as the HTTP Basic user name (what
 * Segment SDKs send) or as `writeKey` in the JSON body; every other API takes the secret key as
 * `Authorization: Bearer <key>` (or `X-API-Key`, what Gorse clients send). A secret key may also
 * ingest. The key decides the project. Without a key, the non-tracking APIs also accept a signed-in
 * dashboard session cookie (its account decides the project), guarded against cross-site requests.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { checkDashboardOrigin } from '../accounts/csrf.js';
import type { SessionChecker } from '../accounts/session-checker.js';
import { sessionToken } from '../accounts/session-cookie.js';
import { findKey, type KeyGrant } from '../store/projects.store.js';
import type { Database } from '../store/schema.js';
import { forbidden, unauthorized } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The project the caller's key belongs to; set by the auth hooks. */
    projectId: string;
  }
}

/** Keys are looked up once a minute at most; revocation takes effect within that. */
const keyCacheMs = 60_000;

export class KeyChecker {
  readonly #db: Kysely<Database>;
  readonly #sessions: SessionChecker | undefined;
  readonly #cache = new Map<string, { grant: KeyGrant | undefined; at: number }>();

  constructor(db: Kysely<Database>, sessions?: SessionChecker) {
    this.#db = db;
    this.#sessions = sessions;
  }

  async grant(key: string): Promise<KeyGrant | undefined> {
    const hit = this.#cache.get(key);
    const now = Date.now();
    if (hit && now - hit.at < keyCacheMs) return hit.grant;
    const grant = await findKey(this.#db, key);
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(key, { grant, at: now });
    return grant;
  }

  /** preHandler for the tracking API. */
  requireWriteKey = async (request: FastifyRequest): Promise<void> => {
    const key = basicUser(request) ?? bearer(request) ?? bodyWriteKey(request);
    if (!key) throw unauthorized('send the write key as the HTTP Basic user name (or "writeKey" in the body)');
    const grant = await this.grant(key);
    if (!grant) throw unauthorized('unknown or revoked write key');
    request.projectId = grant.projectId;
  };

  /** preHandler for every API except tracking. */
  requireSecretKey = async (request: FastifyRequest): Promise<void> => {
    const key = bearer(request) ?? headerKey(request);
    if (!key) return this.#requireDashboardSession(request);
    const grant = await this.grant(key);
    if (!grant) throw unauthorized('unknown or revoked secret key');
    if (grant.kind !== 'secret') throw forbidden('a write key may only send events; use the secret key');
    request.projectId = grant.projectId;
  };

  async #requireDashboardSession(request: FastifyRequest): Promise<void> {
    const token = sessionToken(request);
    if (!token || !this.#sessions) throw unauthorized('send the secret key as "Authorization: Bearer <secret key>" (or sign in to the dashboard)');
    const session = await this.#sessions.grant(token);
    if (!session) throw unauthorized('the dashboard session has ended (signed out, expired or revoked): sign in again');
    checkDashboardOrigin(request);
    request.projectId = session.projectId;
  }
}

function basicUser(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (!h?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
  const user = decoded.split(':')[0];
  return user || undefined;
}

function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() || undefined : undefined;
}

function headerKey(request: FastifyRequest): string | undefined {
  const h = request.headers['x-api-key'];
  return typeof h === 'string' && h ? h : undefined;
}

function bodyWriteKey(request: FastifyRequest): string | undefined {
  const body = request.body as { writeKey?: unknown } | undefined;
  return typeof body?.writeKey === 'string' && body.writeKey ? body.writeKey : undefined;
}
