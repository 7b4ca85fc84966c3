/**
 * Dashboard sessions: opening one (a random token for the cookie, its sha256 in the store),
 * resolving a cookie to its account with a short cache, and revoking.
 *
 * @example
 *   const sessions = new SessionChecker(db);
 *   const { token } = await sessions.open(account.id);   // the cookie's value
 *   const grant = await sessions.grant(token);            // { projectId, email, … } or undefined
 *   await sessions.close(token);                          // signed out
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { deleteAccountSessions, deleteExpiredSessions, deleteSession, findSession, insertSession, touchSession, type SessionGrant } from './sessions.store.js';

/** How long a session lasts after sign-in (the cookie's Max-Age says the same). */
export const sessionTtlMs = 14 * 24 * 3600_000;
/**
 * Session lookups are cached this long. Revocation in this process is immediate (the cache entry
 * goes too); another API node sharing the database sees it within this time.
 */
export const sessionCacheMs = 5_000;
/** last_seen_at is written at most this often per session: it is for operators, not for expiry. */
const touchEveryMs = 60_000;
const maxCachedSessions = 10_000;

export type { SessionGrant } from './sessions.store.js';

/** The stored form of a token: sha256, base64url. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export class SessionChecker {
  readonly #db: Kysely<Database>;
  readonly #cache = new Map<string, { grant: SessionGrant | undefined; at: number }>();

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Opens a session for the account; answers the token (only the cookie ever holds it). */
  async open(accountId: string, now = Date.now()): Promise<{ token: string; tokenHash: string; expiresAt: number }> {
    const token = randomBytes(32).toString('base64url');
    const tokenHash = hashToken(token);
    const expiresAt = now + sessionTtlMs;
    // Sign-ins are rare: a good moment to forget sessions nobody can use any more.
    await deleteExpiredSessions(this.#db, now);
    await insertSession(this.#db, { tokenHash, accountId, createdAt: now, expiresAt });
    return { token, tokenHash, expiresAt };
  }

  /** The live session of a cookie token, or undefined (unknown, revoked or expired). */
  async grant(token: string, now = Date.now()): Promise<SessionGrant | undefined> {
    const tokenHash = hashToken(token);
    const hit = this.#cache.get(tokenHash);
    if (hit && now - hit.at < sessionCacheMs) return hit.grant && hit.grant.expiresAt > now ? hit.grant : undefined;
    const grant = await findSession(this.#db, tokenHash, now);
    if (grant && now - grant.lastSeenAt >= touchEveryMs) {
      await touchSession(this.#db, tokenHash, now);
      grant.lastSeenAt = now;
    }
    if (this.#cache.size >= maxCachedSessions) this.#cache.clear();
    this.#cache.set(tokenHash, { grant, at: now });
    return grant;
  }

  /** Signs one session out. */
  async close(token: string): Promise<void> {
    const tokenHash = hashToken(token);
    await deleteSession(this.#db, tokenHash);
    this.#cache.delete(tokenHash);
  }

  /** Forgets cached sessions of an account after its sessions were deleted (all but `keep`). */
  forgetAccount(accountId: string, keep?: string): void {
    for (const [tokenHash, entry] of this.#cache) {
      if (entry.grant?.accountId === accountId && tokenHash !== keep) this.#cache.delete(tokenHash);
    }
  }

  /** Signs an account out everywhere except `keep` (a token hash). */
  async revokeAccount(accountId: string, keep?: string): Promise<number> {
    const n = await deleteAccountSessions(this.#db, accountId, keep);
    this.forgetAccount(accountId, keep);
    return n;
  }
}
