/**
 * Every course at a glance for a range: how many learners did something in it, how many bought
 * it, what it earned, how much was learned. One grouped read of the `course_hours` rollup (events
 * about a course or its lessons, and its order items at their price); the `scan` engine reads the
 * log for time zones whose days do not start on whole UTC hours.
 *
 * @example
 *   const rows = await courseSummaries(db, { projectId: 'default' }, line);
 *   // [{ courseId: 'course-7', learners: 412, buyers: 120, revenue: 8280, learningMinutes: 30551, lessonsCompleted: 2210 }, …]
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../store/schema.js';
import { admitUsers } from './admit.js';
import { activeCallTypes, lessonCompletedEvent, heartbeatEvent, orderEvent, passiveEvents, refundEvent } from './rollup-fold.js';
import type { Scope } from './scope.js';
import type { Timeline } from './sources.js';

export interface CourseSummary {
  /** A course (or any catalog item that events are about). */
  courseId: string;
  /** Distinct learners with an active event about it or its lessons, or an order listing it. */
  learners: number;
  /** Distinct learners with an `Order Completed` listing it (free enrolments included). */
  buyers: number;
  /** Its order-item prices summed over those orders. */
  revenue: number;
  learningMinutes: number;
  lessonsCompleted: number;
}

/** Rows of (course, learner, measures) from either engine; their inner table types never leak out. */
type Rows = SelectQueryBuilder<any, any, { c: string; u: number | string; orders: number; revenue: number; learning_s: number; lessons_completed: number }>;

/** One row per course with activity in the timeline's range, most learners first (ties by id). */
export async function courseSummaries(db: Kysely<Database>, scope: Scope, line: Timeline): Promise<CourseSummary[]> {
  const [lo, hi] = [line.bounds[0] ?? 0, line.bounds[line.bounds.length - 1] ?? 0];
  const rows: Rows = line.engine === 'rollup'
    ? db.selectFrom('course_hours').where('project_id', '=', scope.projectId).where('hour', '>=', lo).where('hour', '<', hi)
      .where(admitUsers(db, scope, 'rollup', 'user_key'))
      .select(['course_id as c', 'user_key as u', 'orders', 'revenue', 'learning_s', 'lessons_completed']) as Rows
    : scanRows(db, scope, lo, hi);
  const grouped = await db.selectFrom(rows.as('r')).select((eb) => [
    'r.c',
    eb.fn.count<number>('r.u').distinct().as('learners'),
    eb.fn.count<number>(eb.case().when('r.orders', '>', 0).then(eb.ref('r.u')).end()).distinct().as('buyers'),
    eb.fn.sum<number>('r.revenue').as('revenue'),
    eb.fn.sum<number>('r.learning_s').as('learning_s'),
    eb.fn.sum<number>('r.lessons_completed').as('lessons_completed'),
  ]).groupBy('r.c').orderBy('learners', 'desc').orderBy('r.c').execute();
  return grouped.map((g) => ({
    courseId: String(g.c), learners: Number(g.learners), buyers: Number(g.buyers), revenue: Math.round(Number(g.revenue ?? 0) * 100) / 100,
    learningMinutes: Math.round((Number(g.learning_s ?? 0) / 60) * 10) / 10, lessonsCompleted: Number(g.lessons_completed ?? 0),
  }));
}

/** The same rows from the log: events attributed to `course_id` else `item_id`, orders to each item they list. */
function scanRows(db: Kysely<Database>, scope: Scope, lo: number, hi: number): Rows {
  const events = db.selectFrom('events').where('project_id', '=', scope.projectId).where('timestamp', '>=', lo).where('timestamp', '<', hi)
    .where('type', 'in', [...activeCallTypes])
    .where((eb) => eb.or([eb('type', '<>', 'track'), eb('event', 'not in', [...passiveEvents, orderEvent, refundEvent])]))
    .where((eb) => eb(eb.fn.coalesce('course_id', 'item_id'), 'is not', null))
    .where(admitUsers(db, scope, 'scan', 'user_id'))
    .select((eb) => {
      const is = (event: string) => eb.and([eb('type', '=', 'track'), eb('event', '=', event)]);
      return [
        eb.fn.coalesce('course_id', 'item_id').as('c'), 'user_id as u', eb.lit(0).as('orders'), eb.lit(0).as('revenue'),
        eb.case().when(is(heartbeatEvent)).then(eb.fn.coalesce('value', eb.lit(0))).else(0).end().as('learning_s'),
        eb.case().when(is(lessonCompletedEvent)).then(1).else(0).end().as('lessons_completed'),
      ];
    });
  const orders = db.selectFrom('order_items as oi').innerJoin('events as e', 'e.seq', 'oi.event_seq')
    .where('oi.project_id', '=', scope.projectId).where('oi.timestamp', '>=', lo).where('oi.timestamp', '<', hi)
    .where('e.type', '=', 'track').where('e.event', 'in', [orderEvent, refundEvent])
    .where(admitUsers(db, scope, 'scan', 'oi.user_id'))
    .select((eb) => {
      const bought = eb('e.event', '=', orderEvent);
      return [
        'oi.item_id as c', 'oi.user_id as u',
        eb.case().when(bought).then(1).else(0).end().as('orders'),
        eb.case().when(bought).then(eb.fn.coalesce('oi.price', eb.lit(0))).else(0).end().as('revenue'),
        eb.lit(0).as('learning_s'), eb.lit(0).as('lessons_completed'),
      ];
    });
  return events.unionAll(orders as any) as unknown as Rows;
}
