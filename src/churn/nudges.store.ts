/**
 * Repository functions for the nudge outbox: queue nudges, list them for a polling platform,
 * acknowledge delivery, and the webhook job's bookkeeping. The database handle comes first, so the
 * caller owns any transaction. Rows map to the camelCase `Nudge` in one place (`toNudge`).
 *
 * @example
 *   const [n] = await insertNudges(db, 'default', [{ userId: 'u1', itemId: 'c1-l4', action: 'continue', campaign: 'win-back',
 *     reason: 'recencyDays', message: { zh: '继续学习', en: 'Continue' }, probability: 0.8, asOf, horizonDays: 14, holdout: false }]);
 *   await listNudges(db, 'default', { status: 'pending', limit: 100 });
 *   await markDelivered(db, 'default', n!.id);
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { NewNudgeRow, NudgeRow } from './nudges.table.js';

export const nudgeStatuses = ['pending', 'delivered', 'sent', 'opened', 'failed', 'holdout'] as const;
export type NudgeStatus = (typeof nudgeStatuses)[number];

/** What a nudge says, in both languages the dashboard and platforms use. */
export interface NudgeMessage {
  zh: string;
  en: string;
}

/** A nudge as the API answers it. */
export interface Nudge {
  id: string;
  userId: string;
  itemId: string | null;
  action: 'continue' | 'recommendation' | null;
  campaign: string;
  reason: string | null;
  message: NudgeMessage;
  probability: number | null;
  asOf: string;
  horizonDays: number;
  createdAt: string;
  status: NudgeStatus;
  deliveredAt: string | null;
  sentAt: string | null;
  openedAt: string | null;
  attempts: number;
  lastError: string | null;
}

export interface NewNudge {
  userId: string;
  itemId: string | null;
  action: Nudge['action'];
  campaign: string;
  reason: string | null;
  message: NudgeMessage;
  probability: number | null;
  /** Epoch ms the risk was scored as of. */
  asOf: number;
  horizonDays: number;
  /** A control: recorded with the same selection, never sent, so outcomes can be compared. */
  holdout: boolean;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export function toNudge(r: NudgeRow): Nudge {
  return {
    id: r.nudge_id, userId: r.user_id, itemId: r.item_id, action: r.action as Nudge['action'], campaign: r.campaign, reason: r.reason,
    message: JSON.parse(r.message) as NudgeMessage, probability: r.probability, asOf: iso(r.as_of)!, horizonDays: r.horizon_days,
    createdAt: iso(r.created_at)!, status: r.status as NudgeStatus, deliveredAt: iso(r.delivered_at), sentAt: iso(r.sent_at),
    openedAt: iso(r.opened_at), attempts: r.attempts, lastError: r.last_error,
  };
}

/** Ids made in the same millisecond keep their order through this counter. */
let idCounter = 0;
const counterSpan = 36 ** 4;

/**
 * Nudge ids sort in queue order (creation time, then the order they were queued in — rank order),
 * so listing by id is listing by age and a page cursor is simply the last id seen.
 */
export function newNudgeId(nowMs: number): string {
  idCounter = (idCounter + 1) % counterSpan;
  return `ndg_${nowMs.toString(36).padStart(9, '0')}${idCounter.toString(36).padStart(4, '0')}${randomBytes(4).toString('hex')}`;
}

const rowsPerStatement = 200;

export async function insertNudges(db: Kysely<Database>, projectId: string, nudges: readonly NewNudge[], nowMs = Date.now()): Promise<Nudge[]> {
  const rows: NewNudgeRow[] = nudges.map((n) => ({
    nudge_id: newNudgeId(nowMs), project_id: projectId, user_id: n.userId, item_id: n.itemId, action: n.action, campaign: n.campaign,
    reason: n.reason, message: JSON.stringify(n.message), probability: n.probability, as_of: n.asOf, horizon_days: n.horizonDays,
    created_at: nowMs, status: n.holdout ? 'holdout' : 'pending', delivered_at: null, sent_at: null, opened_at: null,
    attempts: 0, next_attempt_at: null, last_error: null,
  }));
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    await db.insertInto('nudges').values(rows.slice(i, i + rowsPerStatement)).execute();
  }
  return rows.map((r) => toNudge(r as NudgeRow));
}

export interface NudgeQuery {
  status?: NudgeStatus;
  campaign?: string;
  userId?: string;
  /** Only nudges after this id (the previous page's `next`). */
  after?: string;
  limit: number;
}

/** Nudges in queue order (oldest first), filtered and paged. */
export async function listNudges(db: Kysely<Database>, projectId: string, q: NudgeQuery): Promise<Nudge[]> {
  let query = db.selectFrom('nudges').selectAll().where('project_id', '=', projectId);
  if (q.status !== undefined) query = query.where('status', '=', q.status);
  if (q.campaign !== undefined) query = query.where('campaign', '=', q.campaign);
  if (q.userId !== undefined) query = query.where('user_id', '=', q.userId);
  if (q.after !== undefined) query = query.where('nudge_id', '>', q.after);
  return (await query.orderBy('nudge_id').limit(q.limit).execute()).map(toNudge);
}

export async function getNudge(db: Kysely<Database>, projectId: string, nudgeId: string): Promise<Nudge | undefined> {
  const row = await db.selectFrom('nudges').selectAll().where('project_id', '=', projectId).where('nudge_id', '=', nudgeId).executeTakeFirst();
  return row ? toNudge(row) : undefined;
}

/** Learners among `userIds` with a nudge (or a holdout record) created at or after `sinceMs`. */
export async function recentlyNudged(db: Kysely<Database>, projectId: string, userIds: readonly string[], sinceMs: number): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db.selectFrom('nudges').select('user_id').distinct()
      .where('project_id', '=', projectId).where('user_id', 'in', userIds.slice(i, i + 500)).where('created_at', '>=', sinceMs).execute();
    for (const r of rows) out.add(r.user_id);
  }
  return out;
}

export class NudgeStateError extends Error {}

/**
 * The platform took the nudge (from polling or the webhook). Idempotent: a nudge already delivered,
 * sent or opened stays as it is. A holdout is never to be sent, so acknowledging one is an error.
 */
export async function markDelivered(db: Kysely<Database>, projectId: string, nudgeId: string, nowMs = Date.now()): Promise<Nudge | undefined> {
  const row = await db.selectFrom('nudges').selectAll().where('project_id', '=', projectId).where('nudge_id', '=', nudgeId).executeTakeFirst();
  if (!row) return undefined;
  if (row.status === 'holdout') throw new NudgeStateError(`nudge ${nudgeId} is a holdout (a control that is never sent)`);
  if (row.status === 'pending' || row.status === 'failed') {
    await db.updateTable('nudges').set({ status: 'delivered', delivered_at: nowMs, next_attempt_at: null })
      .where('project_id', '=', projectId).where('nudge_id', '=', nudgeId).where('status', 'in', ['pending', 'failed']).execute();
  }
  return getNudge(db, projectId, nudgeId);
}

/** Pending nudges the webhook job should try now, oldest first. */
export async function dueForWebhook(db: Kysely<Database>, projectId: string, nowMs: number, limit: number): Promise<NudgeRow[]> {
  return db.selectFrom('nudges').selectAll()
    .where('project_id', '=', projectId).where('status', '=', 'pending')
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', nowMs)]))
    .orderBy('nudge_id').limit(limit).execute();
}

/** Records one webhook attempt for these nudges: delivered, or retried at `retryAt` (null = given up). */
export async function recordWebhookAttempt(
  db: Kysely<Database>, projectId: string, nudgeIds: readonly string[], nowMs: number,
  outcome: { ok: true } | { ok: false; error: string; retryAt: number | null },
): Promise<void> {
  if (nudgeIds.length === 0) return;
  await db.updateTable('nudges')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      ...(outcome.ok
        ? { status: 'delivered', delivered_at: nowMs, next_attempt_at: null, last_error: null }
        : { status: outcome.retryAt === null ? 'failed' : 'pending', next_attempt_at: outcome.retryAt, last_error: outcome.error.slice(0, 500) }),
    }))
    .where('project_id', '=', projectId).where('nudge_id', 'in', nudgeIds).where('status', '=', 'pending')
    .execute();
}
