/**
 * Where a metric reads its rows from. Every metric is written once against a *source*: rows of
 * (learner `u`, time `t`, activity measures), and per-learner first times. Two engines provide
 * them with the same meaning:
 * - `rollup`: the hourly rollups (`t` in UTC hours, `u` = learner key) — fast, and exact whenever
 *   the periods start on whole hours in the asked time zone (every zone but a handful such as
 *   Asia/Kolkata or Asia/Kathmandu);
 * - `scan`: the event log itself (`t` in epoch ms, `u` = user id) — exact in every zone; the
 *   fallback for the others, and the plain full-scan baseline of the bench.
 *
 * @example
 *   const line = timeline(periods, 'rollup');
 *   const rows = db.selectFrom(activitySource(db, scope, line).as('s')).select(...);
 */
import type { Expression, ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../store/schema.js';
import { hourAligned, hourMs, type Period } from './calendar.js';
import {
  activeCallTypes, measureColumns, heartbeatEvent, lessonCompletedEvent, orderEvent, passiveEvents, refundEvent,
} from './rollup-fold.js';
import { admitUsers, type Engine } from './admit.js';
import type { ActivityMeasures, Grain } from './rollups.table.js';
import type { Scope } from './scope.js';
import { hourOfMs, periodOf, unindexed } from './sql-time.js';

export type { Engine } from './admit.js';

/** The periods of a query in one engine's time unit. */
export interface Timeline {
  engine: Engine;
  periods: readonly Period[];
  /** Period starts then the last end, in the engine's unit (hours or ms). */
  bounds: number[];
  /**
   * Set when the periods are the calendar days, weeks or months of the zone the period rollups
   * are kept in: activity is then read one row per learner-period (period-rollups.ts).
   */
  grain?: Grain;
}

export function timeline(periods: readonly Period[], engine: Engine, grain?: Grain): Timeline {
  if (engine === 'rollup' && !hourAligned(periods)) throw new Error('the rollups answer only periods that start on whole UTC hours');
  const unit = engine === 'rollup' ? hourMs : 1;
  const bounds = periods.map((p) => p.startMs / unit);
  if (periods.length > 0) bounds.push(periods[periods.length - 1]!.endMs / unit);
  return engine === 'rollup' && grain ? { engine, periods, bounds, grain } : { engine, periods, bounds };
}

/** The rollups answer when the periods are whole hours; otherwise the events are scanned. */
export function chooseEngine(periods: readonly Period[], preferred: Engine = 'rollup'): Engine {
  return preferred === 'rollup' && hourAligned(periods) ? 'rollup' : 'scan';
}

/** One row of an activity source. */
export interface SourceRow extends ActivityMeasures {
  u: number | string;
  t: number;
}

export interface UserTime {
  u: number | string;
  t: number;
}

// Sources are subqueries with fixed column names; their inner table types never leak out.
type Source<R> = SelectQueryBuilder<any, any, R>;
type AnyEb = ExpressionBuilder<any, any>;

const activeTypes = [...activeCallTypes];
const passive = [...passiveEvents];

/** Active events of the log: track/page/screen calls, passive track events excluded. */
function activeEvents(db: Kysely<Database>, projectId: string) {
  // A scan reads the table in rowid order; through an index on project_id it would seek row by row.
  return db.selectFrom('events').where((eb) => eb(unindexed(eb.ref('project_id')), '=', projectId)).where('type', 'in', activeTypes)
    .where((eb) => eb.or([eb('type', '<>', 'track'), eb('event', 'not in', passive)]));
}

/**
 * Activity rows (one per learner-hour for the rollups, one per event for the scan) between the
 * timeline's first and last bound, restricted to the scope's learners and courses.
 */
export function activitySource(db: Kysely<Database>, scope: Scope, line: Timeline, allTime = false): Source<SourceRow> {
  const [lo, hi] = [line.bounds[0] ?? 0, line.bounds[line.bounds.length - 1] ?? 0];
  if (readsPeriodRows(scope, line)) {
    // A row per learner-period: its start hour stands for every hour of the period.
    return db.selectFrom('activity_periods').where('project_id', '=', scope.projectId).where('grain', '=', line.grain!)
      .$if(!allTime, (q) => q.where('start_hour', '>=', lo).where('start_hour', '<', hi))
      .where(admitUsers(db, scope, 'rollup', 'user_key'))
      .select(['user_key as u', 'start_hour as t', ...measureColumns]) as Source<SourceRow>;
  }
  if (line.engine === 'rollup') {
    // Both tables have the same columns; the course table is narrowed to the scope's courses.
    const base = (scope.courses
      ? db.selectFrom('course_hours').where('course_id', 'in', scope.courses)
      : db.selectFrom('activity_hours')) as SelectQueryBuilder<Database, 'activity_hours', {}>;
    return base.where('project_id', '=', scope.projectId)
      .$if(!allTime, (q) => q.where('hour', '>=', lo).where('hour', '<', hi))
      .where(admitUsers(db, scope, 'rollup', 'user_key'))
      .select(['user_key as u', 'hour as t', 'events', 'learning_s', 'lessons_completed', 'orders', 'revenue', 'refunds', 'refunded_revenue']) as Source<SourceRow>;
  }
  const track = (eb: AnyEb, event: string) => eb.and([eb('type', '=', 'track'), eb('event', '=', event)]);
  const when = (eb: AnyEb, event: string, then: any) => eb.case().when(track(eb, event)).then(then).else(0).end();
  let events = activeEvents(db, scope.projectId)
    .$if(!allTime, (q) => q.where('timestamp', '>=', lo).where('timestamp', '<', hi))
    .where(admitUsers(db, scope, 'scan', 'user_id'));
  if (scope.courses) {
    // Orders reach a course through their items (next query); other events through course_id or item_id.
    events = events.where((eb) => eb.not(eb.or([track(eb, orderEvent), track(eb, refundEvent)])))
      .where((eb) => eb(eb.fn.coalesce('course_id', 'item_id'), 'in', scope.courses!));
  }
  const perEvent = events.select((eb) => [
    'user_id as u', 'timestamp as t', eb.lit(1).as('events'),
    when(eb, heartbeatEvent, eb.fn.coalesce('value', eb.lit(0))).as('learning_s'),
    when(eb, lessonCompletedEvent, eb.lit(1)).as('lessons_completed'),
    when(eb, orderEvent, eb.lit(1)).as('orders'),
    when(eb, orderEvent, eb.fn.coalesce('value', eb.lit(0))).as('revenue'),
    when(eb, refundEvent, eb.lit(1)).as('refunds'),
    when(eb, refundEvent, eb.fn.coalesce('value', eb.lit(0))).as('refunded_revenue'),
  ]);
  if (!scope.courses) return perEvent as Source<SourceRow>;
  const perOrderItem = db.selectFrom('order_items as oi').innerJoin('events as e', 'e.seq', 'oi.event_seq')
    .where('oi.project_id', '=', scope.projectId).where('oi.item_id', 'in', scope.courses)
    .where('e.type', '=', 'track').where('e.event', 'in', [orderEvent, refundEvent])
    .$if(!allTime, (q) => q.where('oi.timestamp', '>=', lo).where('oi.timestamp', '<', hi))
    .where(admitUsers(db, scope, 'scan', 'oi.user_id'))
    .select((eb) => {
      const is = (event: string) => eb('e.event', '=', event);
      const price = eb.fn.coalesce('oi.price', eb.lit(0));
      return [
        'oi.user_id as u', 'oi.timestamp as t', eb.lit(1).as('events'), eb.lit(0).as('learning_s'), eb.lit(0).as('lessons_completed'),
        eb.case().when(is(orderEvent)).then(1).else(0).end().as('orders'),
        eb.case().when(is(orderEvent)).then(price).else(0).end().as('revenue'),
        eb.case().when(is(refundEvent)).then(1).else(0).end().as('refunds'),
        eb.case().when(is(refundEvent)).then(price).else(0).end().as('refunded_revenue'),
      ];
    });
  return perEvent.unionAll(perOrderItem as any) as Source<SourceRow>;
}

/** Whether `activitySource` reads the period rollups: one row per learner and period. */
export function readsPeriodRows(scope: Scope, line: Timeline): boolean {
  return line.engine === 'rollup' && line.grain !== undefined && !scope.courses;
}

/**
 * Each learner's active periods of the timeline, once each, as rows (u, p). The period rollups
 * hold one row per learner-period already, so only the other sources are grouped (a sort saved).
 */
export function activePeriods(db: Kysely<Database>, scope: Scope, line: Timeline): Source<{ u: number | string; p: number | null }> {
  const rows = db.selectFrom(activitySource(db, scope, line).as('s')).select((eb) => ['s.u as u', periodColumn(line, eb, 's.t').as('p')]);
  return (readsPeriodRows(scope, line) ? rows : rows.groupBy(['u', 'p'])) as Source<{ u: number | string; p: number | null }>;
}

/**
 * (learner, time) rows of one named event (track events and named pages/screens) in the timeline.
 */
export function eventSource(db: Kysely<Database>, scope: Scope, line: Timeline, event: string, allTime = false): Source<UserTime> {
  const [lo, hi] = [line.bounds[0] ?? 0, line.bounds[line.bounds.length - 1] ?? 0];
  if (line.engine === 'rollup') {
    return db.selectFrom('event_hours').where('project_id', '=', scope.projectId).where('event', '=', event)
      .$if(!allTime, (q) => q.where('hour', '>=', lo).where('hour', '<', hi))
      .where(admitUsers(db, scope, 'rollup', 'user_key'))
      .select(['user_key as u', 'hour as t']) as Source<UserTime>;
  }
  return db.selectFrom('events').where('project_id', '=', scope.projectId).where('event', '=', event).where('type', 'in', activeTypes)
    .$if(!allTime, (q) => q.where('timestamp', '>=', lo).where('timestamp', '<', hi))
    .where(admitUsers(db, scope, 'scan', 'user_id'))
    .select(['user_id as u', 'timestamp as t']) as Source<UserTime>;
}

/** What defines a learner's cohort: first activity, first purchase, or first time doing an event. */
export type FirstOf = { kind: 'active' } | { kind: 'purchase' } | { kind: 'event'; event: string };

/**
 * Each admitted learner's first time (ever, not only in the range) of `first`, in the timeline's
 * unit. With a course scope, first activity and first purchase mean *in those courses*.
 */
export function firstTimes(db: Kysely<Database>, scope: Scope, line: Timeline, first: FirstOf): Source<UserTime> {
  if (first.kind === 'event') {
    const src = eventSource(db, scope, line, first.event, true);
    return db.selectFrom(src.as('s')).select((eb) => ['s.u as u', eb.fn.min<number>('s.t').as('t')]).groupBy('s.u') as Source<UserTime>;
  }
  if (line.engine === 'rollup' && !scope.courses) {
    const column = first.kind === 'active' ? 'first_active_ms' : 'first_purchase_ms';
    return db.selectFrom('analytics_users').where('project_id', '=', scope.projectId).where(column, 'is not', null)
      .where(admitUsers(db, scope, 'rollup', 'user_key'))
      .select((eb) => ['user_key as u', hourOfMs(eb.ref(column) as Expression<number>).as('t')]) as Source<UserTime>;
  }
  const src = activitySource(db, scope, line, true);
  return db.selectFrom(src.as('s'))
    .$if(first.kind === 'purchase', (q) => q.where('s.revenue', '>', 0))
    .select((eb) => ['s.u as u', eb.fn.min<number>('s.t').as('t')]).groupBy('s.u') as Source<UserTime>;
}

/** `periodOf` over a source's time column, with the timeline's bounds. */
export function periodColumn(line: Timeline, eb: AnyEb, column: string) {
  return periodOf(eb.ref(column), line.bounds);
}
