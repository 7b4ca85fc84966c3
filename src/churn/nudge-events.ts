/**
 * Closing the loop: the platform reports what it did with a nudge through ordinary events —
 * `Notification Sent` and `Notification Opened` with a `nudge_id` property (docs/EVENTS.md). This
 * reads the event log from where it stopped last time and moves each named nudge forward
 * (`sent`, then `opened`), keeping the first time of each. Statuses only ever move forward, so
 * events that arrive late or twice change nothing.
 *
 * @example
 *   await applyNotificationEvents(db, 'default');  // { eventsRead: 2, nudgesUpdated: 1 }
 */
import type { Kysely } from 'kysely';
import { jsonText, unindexed } from '../analytics/sql-time.js';
import type { Database } from '../store/schema.js';

export const notificationSentEvent = 'Notification Sent';
export const notificationOpenedEvent = 'Notification Opened';

/** Events read per query while catching up. */
const chunkEvents = 5000;

/** Status rank: a later event never moves a nudge back. */
const rank: Record<string, number> = { pending: 0, failed: 0, delivered: 1, sent: 2, opened: 3 };

interface Seen {
  sentAt: number | null;
  openedAt: number | null;
}

export async function applyNotificationEvents(db: Kysely<Database>, projectId: string): Promise<{ eventsRead: number; nudgesUpdated: number }> {
  const cursor = await db.selectFrom('nudge_cursor').select('watermark_seq').where('project_id', '=', projectId).executeTakeFirst();
  let watermark = Number(cursor?.watermark_seq ?? 0);
  let eventsRead = 0;
  let nudgesUpdated = 0;
  // The end of the log as it stands now (seq is global: its max is one index lookup); events arriving
  // meanwhile are read next time.
  const end = await db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  const endSeq = Number(end?.seq ?? 0);
  while (watermark < endSeq) {
    // A range on seq (the rowid) reads only what arrived since last time; the planner would otherwise
    // walk every event of the project (project index) or every notification ever sent (name index).
    const rows = await db.selectFrom('events')
      .select((eb) => ['seq', 'event', 'timestamp', jsonText(eb.ref('properties'), ['nudge_id']).as('nudge_id')])
      .where((eb) => eb(unindexed(eb.ref('project_id')), '=', projectId)).where('seq', '>', watermark).where('seq', '<=', endSeq)
      .where((eb) => eb(unindexed(eb.ref('event')), 'in', [notificationSentEvent, notificationOpenedEvent]))
      .orderBy('seq').limit(chunkEvents).execute();
    // A full chunk ends at its last event; otherwise everything up to the end has been read.
    const top = rows.length === chunkEvents ? Number(rows.at(-1)!.seq) : endSeq;
    const seen = new Map<string, Seen>();
    for (const r of rows) {
      if (!r.nudge_id) continue;
      const s = seen.get(r.nudge_id) ?? { sentAt: null, openedAt: null };
      const t = Number(r.timestamp);
      if (r.event === notificationSentEvent) s.sentAt = Math.min(s.sentAt ?? t, t);
      else s.openedAt = Math.min(s.openedAt ?? t, t);
      seen.set(r.nudge_id, s);
    }
    nudgesUpdated += await db.transaction().execute(async (trx) => {
      const updated = await applySeen(trx, projectId, seen);
      await trx.insertInto('nudge_cursor').values({ project_id: projectId, watermark_seq: top })
        .onConflict((oc) => oc.column('project_id').doUpdateSet({ watermark_seq: top })).execute();
      return updated;
    });
    eventsRead += rows.length;
    watermark = top;
  }
  return { eventsRead, nudgesUpdated };
}

async function applySeen(db: Kysely<Database>, projectId: string, seen: ReadonlyMap<string, Seen>): Promise<number> {
  if (seen.size === 0) return 0;
  let updated = 0;
  const ids = [...seen.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('nudges').select(['nudge_id', 'status', 'sent_at', 'opened_at'])
      .where('project_id', '=', projectId).where('nudge_id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) {
      const s = seen.get(r.nudge_id)!;
      const sentAt = earliest(r.sent_at, s.sentAt);
      const openedAt = earliest(r.opened_at, s.openedAt);
      // A holdout keeps its status (it stays a control), but what the platform reports is kept.
      const reached = openedAt !== null ? 'opened' : sentAt !== null ? 'sent' : r.status;
      const status = r.status !== 'holdout' && (rank[reached] ?? 0) > (rank[r.status] ?? 0) ? reached : r.status;
      if (status === r.status && sentAt === r.sent_at && openedAt === r.opened_at) continue;
      await db.updateTable('nudges').set({ status, sent_at: sentAt, opened_at: openedAt, next_attempt_at: null })
        .where('project_id', '=', projectId).where('nudge_id', '=', r.nudge_id).execute();
      updated++;
    }
  }
  return updated;
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return Number(a);
  return Math.min(Number(a), b);
}
