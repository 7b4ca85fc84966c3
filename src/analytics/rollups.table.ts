/**
 * The analytics rollups: compact, rebuildable summaries of the event log that the metrics read
 * instead of scanning every event. Each is keyed by the UTC hour (`floor(timestamp / 3600000)`),
 * so any time zone whose day boundaries fall on whole hours can be answered exactly from them.
 * They are folded from `events` in arrival order behind a watermark (`derive_state`, name
 * `analytics-rollups`); `rebuildRollups` recomputes them from scratch.
 */
import type { Generated, Selectable } from 'kysely';

/** One row per learner: a small integer key for the rollups, and first times that define cohorts. */
export interface AnalyticsUsersTable {
  user_key: Generated<number>;
  project_id: string;
  user_id: string;
  /** First active event (any track/page/screen except passive ones), epoch ms. */
  first_active_ms: number | null;
  /** First `Order Completed` with revenue above zero (a purchase, not a free enrolment), epoch ms. */
  first_purchase_ms: number | null;
}

/** The measures every activity rollup carries for one learner in one hour. */
export interface ActivityMeasures {
  /** Active events (track/page/screen, passive events excluded). */
  events: number;
  /** Sum of `watched_s` of `Lesson Progress` heartbeats. */
  learning_s: number;
  lessons_completed: number;
  orders: number;
  /** Order revenue (event value; for a course rollup, the course's order-item prices). */
  revenue: number;
  refunds: number;
  refunded_revenue: number;
}

/** Per learner per hour, over everything the learner did. */
export interface ActivityHoursTable extends ActivityMeasures {
  project_id: string;
  hour: number;
  user_key: number;
}

/** Per course per learner per hour: events about the course or its lessons, and its order items. */
export interface CourseHoursTable extends ActivityMeasures {
  project_id: string;
  course_id: string;
  hour: number;
  user_key: number;
}

/** Per event name per learner per hour (track events and named pages/screens, passive ones too). */
export interface EventHoursTable {
  project_id: string;
  event: string;
  hour: number;
  user_key: number;
  events: number;
}

/** The calendar periods kept per learner in the project's time zone. */
export type Grain = 'day' | 'week' | 'month';

/**
 * Per learner per local day, week (from Monday) and month of the project's time zone: the hourly
 * measures summed over the period, so a period's active learners are its rows, not a distinct count
 * over every learner-hour. Derived from `activity_hours` (kept in the same transaction).
 */
export interface ActivityPeriodsTable extends ActivityMeasures {
  project_id: string;
  grain: Grain;
  /** The period's first instant, in whole UTC hours since the epoch. */
  start_hour: number;
  user_key: number;
}

/** The time zone a project's period rollups are local to (no row: none kept yet). */
export interface ActivityPeriodZonesTable {
  project_id: string;
  tz: string;
}

export type AnalyticsUserRow = Selectable<AnalyticsUsersTable>;
