/**
 * Gorse feedback as Learnloop events. A Gorse feedback (type, user, item, time) becomes one track
 * event of our vocabulary, stored through the ingest service like any other (durable, de-duplicated,
 * seen by analytics and training); reading feedback back is reading those events.
 *
 * @example
 *   feedbackEvent('purchase');             // 'Order Completed'
 *   const msg = feedbackMessage({ FeedbackType: 'like', UserId: 'u1', ItemId: 'c7' }, 'insert');
 *   await ingest.ingest(projectId, [msg], { receivedAt: Date.now() });
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { parseTime } from '../../ingest/clock.js';
import type { Database } from '../../store/schema.js';

/** Gorse feedback types (lower-cased) and the event each one is. Others keep their own name. */
const eventOfType: Readonly<Record<string, string>> = Object.freeze({
  purchase: 'Order Completed', buy: 'Order Completed',
  like: 'Item Bookmarked', star: 'Item Bookmarked',
  read: 'Item Viewed', view: 'Item Viewed', click: 'Item Viewed',
  share: 'Item Shared',
  dislike: 'Recommendation Dismissed',
});

/** The Gorse type an event reads as when it did not come through the Gorse API. */
const typeOfEvent: Readonly<Record<string, string>> = Object.freeze({
  'Order Completed': 'purchase',
  'Item Bookmarked': 'like',
  'Item Viewed': 'read',
  'Item Shared': 'share',
  'Recommendation Dismissed': 'dislike',
});

/** The property that keeps the Gorse type an event was sent as (so `view` reads back as `view`). */
export const feedbackTypeProperty = 'feedback_type';

export interface GorseFeedbackInput {
  FeedbackType: string;
  UserId: string;
  ItemId: string;
  Timestamp?: string;
  Comment?: string;
}

export interface GorseFeedback {
  FeedbackType: string;
  UserId: string;
  ItemId: string;
  Timestamp: string;
  Comment: string;
}

/** The event name a Gorse feedback type is stored as. */
export function feedbackEvent(type: string): string {
  return eventOfType[type.trim().toLowerCase()] ?? type.trim();
}

/**
 * Times before 1971 are "not given": Go clients send the zero time `0001-01-01T00:00:00Z` for an
 * unset `time.Time`, which must not become an event 2,000 years old.
 */
const earliestMs = Date.UTC(1971, 0, 1);

/** Epoch ms of a Gorse time; undefined when absent or the zero time, NaN when unreadable. */
export function gorseTime(value: string | undefined): number | undefined {
  const t = parseTime(value);
  if (t === undefined || Number.isNaN(t)) return t;
  return t < earliestMs ? undefined : t;
}

/** RFC 3339 as Go prints it: no fractional seconds when there are none. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * The Segment message of one feedback. `insert` (POST: Gorse ignores a feedback that exists) keys
 * the message id on (type, user, item), so a second insert is a duplicate; `upsert` (PUT: Gorse
 * overwrites) also keys it on the time, so a later time is a new event and a retry is not.
 */
export function feedbackMessage(f: GorseFeedbackInput, mode: 'insert' | 'upsert', timeMs?: number): Record<string, unknown> {
  const time = timeMs ?? gorseTime(f.Timestamp);
  const key = mode === 'insert' ? [f.FeedbackType, f.UserId, f.ItemId] : [f.FeedbackType, f.UserId, f.ItemId, String(time ?? '')];
  const properties: Record<string, unknown> = { item_id: f.ItemId, [feedbackTypeProperty]: f.FeedbackType };
  if (f.Comment) properties.comment = f.Comment;
  return {
    type: 'track',
    messageId: `gorse-${createHash('sha1').update(key.join('\u0000')).digest('hex')}`,
    userId: f.UserId,
    event: feedbackEvent(f.FeedbackType),
    ...(time !== undefined ? { timestamp: time } : {}),
    properties,
    context: { library: { name: 'gorse-api' } },
  };
}

/** A stored event as Gorse feedback. */
function toFeedback(r: { event: string | null; user_id: string; item_id: string | null; timestamp: number; properties: string }): GorseFeedback {
  const props = JSON.parse(r.properties) as Record<string, unknown>;
  const sent = props[feedbackTypeProperty];
  return {
    FeedbackType: typeof sent === 'string' ? sent : typeOfEvent[r.event ?? ''] ?? r.event ?? '',
    UserId: r.user_id,
    ItemId: r.item_id ?? '',
    Timestamp: rfc3339(Number(r.timestamp)),
    Comment: typeof props.comment === 'string' ? props.comment : '',
  };
}

export interface FeedbackQuery {
  type?: string;
  userId?: string;
  itemId?: string;
  /** Events after this seq (the cursor of a page). */
  afterSeq?: number;
  limit: number;
}

/**
 * Feedback = track events about an item, newest last. With a type, SQL narrows to the type's
 * event and the exact type is checked on each row (`read` and `view` are both Item Viewed).
 * Returns the page and the seq of the last row read (the next cursor), or null at the end.
 */
export async function findFeedback(db: Kysely<Database>, projectId: string, q: FeedbackQuery): Promise<{ feedback: GorseFeedback[]; lastSeq: number | null }> {
  const out: GorseFeedback[] = [];
  let after = q.afterSeq ?? 0;
  // Rows of other types sharing the event are skipped, so read in pages until the page is full.
  for (;;) {
    let query = db.selectFrom('events').select(['seq', 'event', 'user_id', 'item_id', 'timestamp', 'properties'])
      .where('project_id', '=', projectId).where('type', '=', 'track').where('item_id', 'is not', null).where('seq', '>', after);
    if (q.type !== undefined) query = query.where('event', '=', feedbackEvent(q.type));
    if (q.userId !== undefined) query = query.where('user_id', '=', q.userId);
    if (q.itemId !== undefined) query = query.where('item_id', '=', q.itemId);
    const want = q.limit - out.length;
    const rows = await query.orderBy('seq').limit(want).execute();
    for (const r of rows) {
      const f = toFeedback(r);
      if (q.type === undefined || f.FeedbackType === q.type) out.push(f);
      after = Number(r.seq);
    }
    if (rows.length < want) return { feedback: out, lastSeq: null };
    if (out.length >= q.limit) return { feedback: out, lastSeq: after };
  }
}

const goUnitMs: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a Go duration (`10m`, `1h30m`, `0`); NaN when unreadable. Gorse's write-back delay. */
export function goDurationMs(text: string): number {
  const s = text.trim();
  if (s === '0') return 0;
  const part = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let at = 0;
  while (at < s.length) {
    part.lastIndex = at;
    const m = part.exec(s);
    if (!m) return NaN;
    total += Number(m[1]) * goUnitMs[m[2]!]!;
    at = part.lastIndex;
  }
  return at === 0 ? NaN : total;
}
