/** Repository functions for learners (users): traits from identify, first/last seen, robot flag. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { UserRow } from './events.table.js';

export interface Learner {
  id: string;
  traits: Record<string, unknown>;
  firstSeen: string;
  lastSeen: string;
  isRobot: boolean;
  robotReason: string | null;
}

export function rowToLearner(r: UserRow): Learner {
  return {
    id: r.user_id,
    traits: JSON.parse(r.traits) as Record<string, unknown>,
    firstSeen: new Date(Number(r.first_seen)).toISOString(),
    lastSeen: new Date(Number(r.last_seen)).toISOString(),
    isRobot: r.is_robot === 1,
    robotReason: r.robot_reason,
  };
}

export async function getLearner(db: Kysely<Database>, projectId: string, userId: string): Promise<Learner | undefined> {
  const row = await db.selectFrom('users').selectAll().where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
  return row ? rowToLearner(row) : undefined;
}

/** Learners by id, from `after` on (the Gorse-compatible paging). */
export async function listLearners(db: Kysely<Database>, projectId: string, q: { after?: string; limit: number; robots?: boolean }): Promise<Learner[]> {
  return (await findLearners(db, projectId, q)).users;
}

/** Trait values a search matches besides the id: what an operator knows a learner by. */
export const searchedTraits = ['name', 'email', 'username', 'phone'] as const;

export interface LearnerQuery {
  /** The `next` of the previous page: a user id (order `id`) or `lastSeenMs:userId` (order `recent`). */
  after?: string;
  limit: number;
  robots?: boolean;
  /** Matches an id by prefix, or a name/email/username/phone trait by substring; case-insensitive. */
  q?: string;
  /** `id` ascending (default) or `recent`: last seen first. */
  order?: 'id' | 'recent';
}

export interface LearnerPage {
  users: Learner[];
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

/** Rows read per round while a search filters; a round is one indexed range scan. */
const searchBatchRows = 500;

/**
 * A page of learners, optionally searched and ordered by recency.
 *
 * @example
 *   const page = await findLearners(db, 'default', { q: 'zhang', order: 'recent', limit: 20 });
 *   page.users[0]?.lastSeen; page.next; // cursor for the following page
 */
export async function findLearners(db: Kysely<Database>, projectId: string, q: LearnerQuery): Promise<LearnerPage> {
  const order = q.order ?? 'id';
  const needle = q.q?.trim().toLowerCase() ?? '';
  const users: Learner[] = [];
  let cursor = q.after;
  // A search is confirmed per row after a coarse SQL LIKE (which also matches trait keys and
  // other traits), so a page may take several rounds to fill.
  for (;;) {
    const batch = needle ? Math.max(searchBatchRows, q.limit) : q.limit;
    const rows = await pageQuery(db, projectId, { ...q, after: cursor, order }, needle, batch).execute();
    for (const row of rows) {
      cursor = cursorOf(row, order);
      if (needle && !matches(row, needle)) continue;
      users.push(rowToLearner(row));
      if (users.length === q.limit) return { users, next: cursor };
    }
    if (rows.length < batch) return { users, next: null };
  }
}

function pageQuery(db: Kysely<Database>, projectId: string, q: LearnerQuery & { order: 'id' | 'recent' }, needle: string, limit: number) {
  let query = db.selectFrom('users').selectAll().where('project_id', '=', projectId);
  if (q.robots !== undefined) query = query.where('is_robot', '=', q.robots ? 1 : 0);
  if (needle) {
    // Traits are stored as JSON text: search for the needle as JSON would spell it.
    const idPattern = `${escapeLike(needle)}%`;
    const traitPattern = `%${escapeLike(JSON.stringify(needle).slice(1, -1))}%`;
    query = query.where(sql<boolean>`(lower(user_id) like ${idPattern} escape '\\' or lower(traits) like ${traitPattern} escape '\\')`);
  }
  if (q.order === 'recent') {
    const after = q.after ? parseRecentCursor(q.after) : undefined;
    if (after) {
      query = query.where((eb) => eb.or([eb('last_seen', '<', after.lastSeen), eb.and([eb('last_seen', '=', after.lastSeen), eb('user_id', '>', after.userId)])]));
    }
    return query.orderBy('last_seen', 'desc').orderBy('user_id').limit(limit);
  }
  if (q.after) query = query.where('user_id', '>', q.after);
  return query.orderBy('user_id').limit(limit);
}

function cursorOf(row: UserRow, order: 'id' | 'recent'): string {
  return order === 'recent' ? `${Number(row.last_seen)}:${row.user_id}` : row.user_id;
}

/** `lastSeenMs:userId`; undefined when malformed (the scan then starts at the top). */
export function parseRecentCursor(text: string): { lastSeen: number; userId: string } | undefined {
  const i = text.indexOf(':');
  const lastSeen = Number(text.slice(0, i));
  return i > 0 && Number.isFinite(lastSeen) ? { lastSeen, userId: text.slice(i + 1) } : undefined;
}

function matches(row: UserRow, needle: string): boolean {
  if (row.user_id.toLowerCase().startsWith(needle)) return true;
  const traits = JSON.parse(row.traits) as Record<string, unknown>;
  return searchedTraits.some((k) => {
    const v = traits[k];
    return (typeof v === 'string' || typeof v === 'number') && String(v).toLowerCase().includes(needle);
  });
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
