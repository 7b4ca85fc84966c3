/**
 * The event names a project received in a range, each with how often and by how many learners:
 * what a funnel or retention builder offers in its pickers. Read from the `event_hours` rollup
 * (one row per name, learner and hour); the `scan` engine counts the log itself, for time zones
 * whose days do not start on whole UTC hours.
 *
 * @example
 *   const names = await eventCounts(db, { projectId: 'default' }, line, 500);
 *   // [{ event: 'Lesson Progress', count: 81234, users: 3020 }, { event: 'Item Viewed', count: 20511, users: 2950 }, …]
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { admitUsers } from './admit.js';
import { activeCallTypes } from './rollup-fold.js';
import type { Scope } from './scope.js';
import type { Timeline } from './sources.js';

export interface EventCount {
  /** Track event name, or the name of a page/screen call. */
  event: string;
  /** Events with this name in the range. */
  count: number;
  /** Distinct learners who sent it in the range. */
  users: number;
}

/** Names by descending count (ties by name), at most `limit` of them. */
export async function eventCounts(db: Kysely<Database>, scope: Scope, line: Timeline, limit: number): Promise<EventCount[]> {
  const [lo, hi] = [line.bounds[0] ?? 0, line.bounds[line.bounds.length - 1] ?? 0];
  const rows = line.engine === 'rollup'
    ? await db.selectFrom('event_hours').where('project_id', '=', scope.projectId)
      .where('hour', '>=', lo).where('hour', '<', hi)
      .where(admitUsers(db, scope, 'rollup', 'user_key'))
      .select((eb) => ['event', eb.fn.sum<number>('events').as('count'), eb.fn.count<number>('user_key').distinct().as('users')])
      .groupBy('event').orderBy('count', 'desc').orderBy('event').limit(limit).execute()
    // The rollup holds exactly these calls: track/page/screen with a name, passive events included.
    : await db.selectFrom('events').where('project_id', '=', scope.projectId)
      .where('type', 'in', [...activeCallTypes]).where('event', 'is not', null)
      .where('timestamp', '>=', lo).where('timestamp', '<', hi)
      .where(admitUsers(db, scope, 'scan', 'user_id'))
      .select((eb) => ['event', eb.fn.countAll<number>().as('count'), eb.fn.count<number>('user_id').distinct().as('users')])
      .groupBy('event').orderBy('count', 'desc').orderBy('event').limit(limit).execute();
  return rows.map((r) => ({ event: String(r.event), count: Number(r.count), users: Number(r.users) }));
}
