/**
 * Reading the events the derive rules need, in two ways that give the same learners the same
 * events in the same order (time, then arrival):
 * - `learnerEventsOf`: a few learners at a time through the (project, user, time) index — what an
 *   incremental pass needs, and the reference for the other;
 * - `scanLearnerEvents`: one sequential pass over the whole log in arrival order, grouped by
 *   learner in memory (`LearnerEventColumns`) — no index needed, no random reads, so a full rebuild
 *   costs one read of the table, and it can run while the indexes are being built.
 *
 * @example
 *   const byLearner = await learnerEventsOf(db, 'default', ['u1', 'u2']);
 *   await scanLearnerEvents(db, 'default', maxSeq, (userId, events) => { sessionsOf(events); });
 */
import { sql, type Kysely } from 'kysely';
import { yieldToEventLoop } from '../../jobs/yield.js';
import type { Database } from '../../store/schema.js';
import { LearnerEventColumns } from './event-columns.js';
import type { DerivableEvent } from './rules.js';

/** Rows per read of the sequential pass (a range of seq, the table's own key). */
const rowsPerSlice = 50_000;

/**
 * `position_s` of lesson events, extracted by the engine: cheaper than parsing every event's
 * properties in JavaScript, and only a JSON number counts (as `typeof === 'number'` did).
 */
const positionS = sql<number | null>`case when substr(event, 1, 7) = 'Lesson ' and json_type(properties, '$.position_s') in ('integer', 'real')
  then json_extract(properties, '$.position_s') end`;

interface DerivableRow {
  user_id: string;
  timestamp: number;
  event: string | null;
  type: string;
  item_id: string | null;
  course_id: string | null;
  value: number | null;
  position_s: number | null;
}

function selectDerivable(db: Kysely<Database>) {
  return db.selectFrom('events')
    .select(['user_id', 'timestamp', 'event', 'type', 'item_id', 'course_id', 'value', positionS.as('position_s')]);
}

function toDerivable(r: DerivableRow): DerivableEvent {
  return {
    timestamp: Number(r.timestamp), event: r.event, type: r.type, itemId: r.item_id, courseId: r.course_id, value: r.value,
    positionS: r.position_s,
  };
}

/** All events of `learners`, per learner, in time order (ties in arrival order). */
export async function learnerEventsOf(db: Kysely<Database>, projectId: string, learners: readonly string[]): Promise<Map<string, DerivableEvent[]>> {
  const rows = await selectDerivable(db).where('project_id', '=', projectId).where('user_id', 'in', learners)
    .orderBy('user_id').orderBy('timestamp').orderBy('seq')
    .execute();
  const byLearner = new Map<string, DerivableEvent[]>();
  for (const r of rows) {
    let list = byLearner.get(r.user_id);
    if (!list) byLearner.set(r.user_id, (list = []));
    list.push(toDerivable(r));
  }
  return byLearner;
}

/**
 * Every event with `seq ≤ maxSeq`, read once in arrival order, then handed over one learner at a
 * time in time order. Holds ~50 bytes per event (typed columns), so the caller decides how large a
 * log it reads this way; the event loop is handed back between slices.
 */
export async function scanLearnerEvents(
  db: Kysely<Database>, projectId: string, maxSeq: number, visit: (userId: string, events: DerivableEvent[]) => void,
): Promise<void> {
  const columns = new LearnerEventColumns();
  for (let from = 0; from < maxSeq; from += rowsPerSlice) {
    // `project_id || ''` is not indexable, so the engine reads the seq range itself: given a plain
    // equality it walks an index on (project_id, …) through the whole log for every slice.
    const rows = await selectDerivable(db).where(sql<string>`${sql.ref('project_id')} || ''`, '=', projectId)
      .where('seq', '>', from).where('seq', '<=', Math.min(from + rowsPerSlice, maxSeq))
      .orderBy('seq').execute();
    for (const r of rows) {
      columns.add(r.user_id, Number(r.timestamp), r.type, r.event, r.item_id, r.course_id, r.value, r.position_s);
    }
    await yieldToEventLoop();
  }
  columns.forEachLearner(visit);
}
