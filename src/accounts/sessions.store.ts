/** Repository functions for dashboard sessions. Each takes the database handle first. */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/** A live session with what a request needs to know about its account. */
export interface SessionGrant {
  tokenHash: string;
  accountId: string;
  projectId: string;
  email: string;
  expiresAt: number;
  lastSeenAt: number;
}

export async function insertSession(
  db: Kysely<Database>,
  session: { tokenHash: string; accountId: string; createdAt: number; expiresAt: number },
): Promise<void> {
  await db.insertInto('dashboard_sessions').values({
    token_hash: session.tokenHash, account_id: session.accountId,
    created_at: session.createdAt, expires_at: session.expiresAt, last_seen_at: session.createdAt,
  }).execute();
}

/** The session with this token hash and its account, unless it expired before `now`. */
export async function findSession(db: Kysely<Database>, tokenHash: string, now: number): Promise<SessionGrant | undefined> {
  const row = await db.selectFrom('dashboard_sessions as s')
    .innerJoin('dashboard_accounts as a', 'a.id', 's.account_id')
    .select(['s.token_hash', 's.account_id', 's.expires_at', 's.last_seen_at', 'a.project_id', 'a.email'])
    .where('s.token_hash', '=', tokenHash).where('s.expires_at', '>', now).executeTakeFirst();
  return row ? {
    tokenHash: row.token_hash, accountId: row.account_id, projectId: row.project_id, email: row.email,
    expiresAt: Number(row.expires_at), lastSeenAt: Number(row.last_seen_at),
  } : undefined;
}

export async function touchSession(db: Kysely<Database>, tokenHash: string, now: number): Promise<void> {
  await db.updateTable('dashboard_sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('dashboard_sessions').where('token_hash', '=', tokenHash).execute();
}

/** Deletes every session of the account except `keep` (a token hash), answering how many went. */
export async function deleteAccountSessions(db: Kysely<Database>, accountId: string, keep?: string): Promise<number> {
  let q = db.deleteFrom('dashboard_sessions').where('account_id', '=', accountId);
  if (keep) q = q.where('token_hash', '!=', keep);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteExpiredSessions(db: Kysely<Database>, now: number): Promise<number> {
  const r = await db.deleteFrom('dashboard_sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
