/**
 * Repository functions for the event log. Each takes the database handle first (a connection
 * or a transaction) so the caller owns the transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { InsertEach } from '../store/dialect.js';
import type { Database } from '../store/schema.js';
import type { EventRow, NewEvent } from './events.table.js';
import type { NormalizedEvent } from './message.js';

export interface WriteResult {
  inserted: number;
  duplicates: number;
}

/** Rows per INSERT statement: 16 columns × 500 rows stays well under SQLite's 32,766 parameters. */
const rowsPerStatement = 500;

/** The single-row INSERT … ON CONFLICT DO NOTHING, compiled once; its parameters follow `toRow`'s key order. */
let compiledInsert: string | undefined;
function insertEventSql(db: Kysely<Database>): string {
  compiledInsert ??= db.insertInto('events').values(toRow('p', sampleEvent, new ContextJson()))
    .onConflict((oc) => oc.columns(['project_id', 'message_id']).doNothing()).compile().sql;
  return compiledInsert;
}

const sampleEvent: NormalizedEvent = {
  messageId: 'm', type: 'track', event: 'e', userId: 'u', anonymousId: null, hasUserId: true, itemId: null, courseId: null,
  value: null, timestamp: 0, originalTimestamp: null, sentAt: null, receivedAt: 0, properties: {}, context: {}, traits: null,
  previousId: null, orderItems: [],
};

/** Serialises contexts, once for a run of events that share the same context object. */
class ContextJson {
  #last: object | null = null;
  #lastJson = '{}';

  of(context: Record<string, unknown>): string {
    if (context !== this.#last) {
      this.#last = context;
      this.#lastJson = JSON.stringify(context);
    }
    return this.#lastJson;
  }
}

function toRow(projectId: string, e: NormalizedEvent, json: ContextJson): NewEvent {
  return {
    project_id: projectId,
    message_id: e.messageId,
    type: e.type,
    event: e.event,
    user_id: e.userId,
    anonymous_id: e.anonymousId,
    item_id: e.itemId,
    course_id: e.courseId,
    value: e.value,
    timestamp: e.timestamp,
    original_timestamp: e.originalTimestamp,
    sent_at: e.sentAt,
    received_at: e.receivedAt,
    properties: JSON.stringify(e.properties),
    context: json.of(e.context),
  };
}

/**
 * Resolves anonymous visitors through aliases: an event with only an anonymousId that was
 * aliased (or identified) to a userId is attributed to that user.
 */
async function resolveAliases(db: Kysely<Database>, projectId: string, events: NormalizedEvent[]): Promise<void> {
  const anonymous = [...new Set(events.filter((e) => !e.hasUserId).map((e) => e.userId))];
  if (anonymous.length === 0) return;
  const map = new Map<string, string>();
  for (let i = 0; i < anonymous.length; i += rowsPerStatement) {
    const rows = await db.selectFrom('aliases').select(['previous_id', 'user_id'])
      .where('project_id', '=', projectId).where('previous_id', 'in', anonymous.slice(i, i + rowsPerStatement)).execute();
    for (const r of rows) map.set(r.previous_id, r.user_id);
  }
  for (const e of events) if (!e.hasUserId) e.userId = map.get(e.userId) ?? e.userId;
}

async function recordAliases(db: Kysely<Database>, projectId: string, events: NormalizedEvent[]): Promise<void> {
  const links = new Map<string, string>();
  for (const e of events) {
    if (e.type === 'alias' && e.previousId && e.previousId !== e.userId) links.set(e.previousId, e.userId);
    else if (e.type === 'identify' && e.hasUserId && e.anonymousId && e.anonymousId !== e.userId) links.set(e.anonymousId, e.userId);
  }
  if (links.size === 0) return;
  await db.insertInto('aliases')
    .values([...links].map(([previous_id, user_id]) => ({ project_id: projectId, previous_id, user_id })))
    .onConflict((oc) => oc.columns(['project_id', 'previous_id']).doUpdateSet({ user_id: (eb) => eb.ref('excluded.user_id') }))
    .execute();
}

/** Keeps a user's first seen at the earliest and last seen at the latest time stored. */
const spanOnConflict = {
  first_seen: sql<number>`CASE WHEN excluded.first_seen < users.first_seen THEN excluded.first_seen ELSE users.first_seen END`,
  last_seen: sql<number>`CASE WHEN excluded.last_seen > users.last_seen THEN excluded.last_seen ELSE users.last_seen END`,
};

/** The single-row users upsert, compiled once; its parameters follow `userRow`'s key order. */
let compiledUserUpsert: string | undefined;
function upsertUserSql(db: Kysely<Database>): string {
  compiledUserUpsert ??= db.insertInto('users').values(userRow('p', 'u', 0, 0))
    .onConflict((oc) => oc.columns(['project_id', 'user_id']).doUpdateSet(spanOnConflict)).compile().sql;
  return compiledUserUpsert;
}

function userRow(projectId: string, userId: string, first: number, last: number) {
  return { project_id: projectId, user_id: userId, traits: '{}', first_seen: first, last_seen: last, is_robot: 0, robot_reason: null };
}

/** Keeps users' first/last seen and identify traits up to date for the events just stored. */
async function touchUsers(db: Kysely<Database>, projectId: string, events: NormalizedEvent[], insertEach?: InsertEach): Promise<void> {
  const seen = new Map<string, { first: number; last: number; traits: Record<string, unknown> | null }>();
  for (const e of events) {
    const u = seen.get(e.userId);
    const traits = e.type === 'identify' ? e.traits : null;
    if (!u) seen.set(e.userId, { first: e.timestamp, last: e.timestamp, traits });
    else {
      u.first = Math.min(u.first, e.timestamp);
      u.last = Math.max(u.last, e.timestamp);
      if (traits) u.traits = { ...u.traits, ...traits };
    }
  }
  const rows = [...seen].map(([userId, u]) => userRow(projectId, userId, u.first, u.last));
  if (insertEach) {
    // One prepared statement run per learner: building and compiling a 500-row Kysely insert
    // for every commit cost more than the upserts themselves.
    insertEach(upsertUserSql(db), rows.map((r) => Object.values(r)));
  } else {
    for (let i = 0; i < rows.length; i += rowsPerStatement) {
      await db.insertInto('users').values(rows.slice(i, i + rowsPerStatement))
        .onConflict((oc) => oc.columns(['project_id', 'user_id']).doUpdateSet(spanOnConflict))
        .execute();
    }
  }
  for (const [userId, u] of seen) {
    if (!u.traits) continue;
    const row = await db.selectFrom('users').select('traits').where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
    const merged = { ...(row ? (JSON.parse(row.traits) as Record<string, unknown>) : {}), ...u.traits };
    await db.updateTable('users').set({ traits: JSON.stringify(merged) })
      .where('project_id', '=', projectId).where('user_id', '=', userId).execute();
  }
}

/**
 * Appends events, skipping those whose messageId is already stored, and maintains what lives
 * beside the log (order items, users, aliases). Call inside a transaction.
 */
export async function appendEvents(db: Kysely<Database>, projectId: string, events: NormalizedEvent[], insertEach?: InsertEach): Promise<WriteResult> {
  if (events.length === 0) return { inserted: 0, duplicates: 0 };
  await resolveAliases(db, projectId, events);
  const byMessage = new Map<string, NormalizedEvent>();
  for (const e of events) if (!byMessage.has(e.messageId)) byMessage.set(e.messageId, e);
  const unique = [...byMessage.values()];
  const storedEvents: NormalizedEvent[] = [];
  const orderRows: { project_id: string; event_seq: number; user_id: string; item_id: string; price: number | null; timestamp: number }[] = [];
  const stored = (e: NormalizedEvent, seq: number) => {
    storedEvents.push(e);
    for (const item of e.orderItems) {
      orderRows.push({ project_id: projectId, event_seq: seq, user_id: e.userId, item_id: item.itemId, price: item.price, timestamp: e.timestamp });
    }
  };
  if (insertEach) {
    const json = new ContextJson();
    const ids = insertEach(insertEventSql(db), unique.map((e) => Object.values(toRow(projectId, e, json))));
    ids.forEach((seq, k) => { if (seq !== null) stored(unique[k]!, seq); });
  } else {
    for (let i = 0; i < unique.length; i += rowsPerStatement) {
      const chunk = unique.slice(i, i + rowsPerStatement);
      const json = new ContextJson();
      const inserted = await db.insertInto('events').values(chunk.map((e) => toRow(projectId, e, json)))
        .onConflict((oc) => oc.columns(['project_id', 'message_id']).doNothing())
        .returning(['seq', 'message_id'])
        .execute();
      for (const r of inserted) stored(byMessage.get(r.message_id)!, Number(r.seq));
    }
  }
  for (let i = 0; i < orderRows.length; i += rowsPerStatement) {
    await db.insertInto('order_items').values(orderRows.slice(i, i + rowsPerStatement)).execute();
  }
  if (storedEvents.length > 0) {
    await recordAliases(db, projectId, storedEvents);
    await touchUsers(db, projectId, storedEvents, insertEach);
  }
  return { inserted: storedEvents.length, duplicates: events.length - storedEvents.length };
}

export interface EventQuery {
  userId?: string;
  event?: string;
  /** Only events whose (corrected) time is at or after this, epoch ms. */
  since?: number;
  /** Cursor: only events that arrived after this seq. */
  after?: number;
  limit: number;
}

/** Events in arrival order. */
export async function listEvents(db: Kysely<Database>, projectId: string, q: EventQuery): Promise<EventRow[]> {
  let query = db.selectFrom('events').selectAll().where('project_id', '=', projectId);
  if (q.userId !== undefined) query = query.where('user_id', '=', q.userId);
  if (q.event !== undefined) query = query.where('event', '=', q.event);
  if (q.since !== undefined) query = query.where('timestamp', '>=', q.since);
  if (q.after !== undefined) query = query.where('seq', '>', q.after);
  return query.orderBy('seq').limit(q.limit).execute();
}

/** The public JSON shape of a stored event (GET /v1/events, export). */
export function eventToJson(r: EventRow) {
  const iso = (t: number | null) => (t === null ? null : new Date(Number(t)).toISOString());
  return {
    seq: Number(r.seq),
    messageId: r.message_id,
    type: r.type,
    event: r.event,
    userId: r.user_id,
    anonymousId: r.anonymous_id,
    itemId: r.item_id,
    courseId: r.course_id,
    value: r.value,
    timestamp: iso(r.timestamp)!,
    originalTimestamp: iso(r.original_timestamp),
    sentAt: iso(r.sent_at),
    receivedAt: iso(r.received_at)!,
    properties: JSON.parse(r.properties) as Record<string, unknown>,
    context: JSON.parse(r.context) as Record<string, unknown>,
  };
}

export type EventJson = ReturnType<typeof eventToJson>;
