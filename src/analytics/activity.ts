/**
 * Activity over time: active learners (DAU/WAU/MAU by interval), new and returning learners,
 * learning minutes, lessons completed, spend (revenue, orders, paying learners, ARPPU, refunds),
 * stickiness; and the stickiness histogram ("active on N of the last 7 days").
 * Definitions: docs/ANALYTICS.md.
 *
 * @example
 *   const line = timeline(periodsOf({ from: '2026-03-02', to: '2026-03-08', interval: 'day', tz: 'Asia/Shanghai' }), 'rollup');
 *   const points = await activityPoints(db, { projectId: 'default' }, line);
 *   // [{ period: '2026-03-02', activeUsers: 812, newUsers: 40, learningMinutes: 9312.5, … }, …]
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { ActivityMeasures } from './rollups.table.js';
import type { Scope } from './scope.js';
import { activitySource, firstTimes, periodColumn, type Timeline } from './sources.js';

export interface ActivityPoint {
  /** Local date the period starts on. */
  period: string;
  activeUsers: number;
  newUsers: number;
  returningUsers: number;
  learningMinutes: number;
  lessonsCompleted: number;
  /** Gross order revenue. */
  revenue: number;
  orders: number;
  payingUsers: number;
  /** Revenue per paying learner (0 when nobody paid). */
  arppu: number;
  refunds: number;
  refundedRevenue: number;
  netRevenue: number;
  /** Active events. */
  events: number;
  /** Mean daily active learners in the period ÷ the period's active learners (week and month only). */
  stickiness?: number;
  averageDailyActiveUsers?: number;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

interface PeriodSums extends ActivityMeasures {
  p: number;
  active: number;
  paying: number;
}

async function periodSums(db: Kysely<Database>, scope: Scope, line: Timeline): Promise<Map<number, PeriodSums>> {
  const rows = await db.selectFrom(activitySource(db, scope, line).as('s'))
    .select((eb) => [
      periodColumn(line, eb, 's.t').as('p'),
      eb.fn.count<number>('s.u').distinct().as('active'),
      eb.fn.count<number>(eb.case().when('s.revenue', '>', 0).then(eb.ref('s.u')).end()).distinct().as('paying'),
      eb.fn.sum<number>('s.events').as('events'),
      eb.fn.sum<number>('s.learning_s').as('learning_s'),
      eb.fn.sum<number>('s.lessons_completed').as('lessons_completed'),
      eb.fn.sum<number>('s.orders').as('orders'),
      eb.fn.sum<number>('s.revenue').as('revenue'),
      eb.fn.sum<number>('s.refunds').as('refunds'),
      eb.fn.sum<number>('s.refunded_revenue').as('refunded_revenue'),
    ])
    .groupBy('p')
    .execute();
  const out = new Map<number, PeriodSums>();
  for (const r of rows) {
    if (r.p === null) continue;
    out.set(Number(r.p), {
      p: Number(r.p), active: Number(r.active), paying: Number(r.paying), events: Number(r.events), learning_s: Number(r.learning_s),
      lessons_completed: Number(r.lessons_completed), orders: Number(r.orders), revenue: Number(r.revenue),
      refunds: Number(r.refunds), refunded_revenue: Number(r.refunded_revenue),
    });
  }
  return out;
}

/** Learners whose first activity (in the scope's courses, when it has some) falls in each period. */
async function newUsersByPeriod(db: Kysely<Database>, scope: Scope, line: Timeline): Promise<Map<number, number>> {
  const rows = await db.selectFrom(firstTimes(db, scope, line, { kind: 'active' }).as('f'))
    .select((eb) => [periodColumn(line, eb, 'f.t').as('p'), eb.fn.countAll<number>().as('n')])
    .groupBy('p')
    .execute();
  return new Map(rows.filter((r) => r.p !== null).map((r) => [Number(r.p), Number(r.n)]));
}

/** Distinct active learners per period. */
export async function activeUsersByPeriod(db: Kysely<Database>, scope: Scope, line: Timeline): Promise<Float64Array> {
  const rows = await db.selectFrom(activitySource(db, scope, line).as('s'))
    .select((eb) => [periodColumn(line, eb, 's.t').as('p'), eb.fn.count<number>('s.u').distinct().as('n')])
    .groupBy('p')
    .execute();
  const out = new Float64Array(line.periods.length);
  for (const r of rows) if (r.p !== null) out[Number(r.p)] = Number(r.n);
  return out;
}

/**
 * One point per period of `line`, zeros included. Pass `days` (the same range by day) to get
 * each week's or month's stickiness.
 */
export async function activityPoints(db: Kysely<Database>, scope: Scope, line: Timeline, days?: Timeline): Promise<ActivityPoint[]> {
  const [sums, fresh, dau] = await Promise.all([
    periodSums(db, scope, line), newUsersByPeriod(db, scope, line), days ? activeUsersByPeriod(db, scope, days) : undefined,
  ]);
  let day = 0;
  return line.periods.map((period, i) => {
    const s = sums.get(i);
    const active = s?.active ?? 0;
    const newUsers = fresh.get(i) ?? 0;
    const revenue = s?.revenue ?? 0;
    const point: ActivityPoint = {
      period: period.label,
      activeUsers: active,
      newUsers,
      returningUsers: active - newUsers,
      learningMinutes: round((s?.learning_s ?? 0) / 60),
      lessonsCompleted: s?.lessons_completed ?? 0,
      revenue: round(revenue),
      orders: s?.orders ?? 0,
      payingUsers: s?.paying ?? 0,
      arppu: s?.paying ? round(revenue / s.paying) : 0,
      refunds: s?.refunds ?? 0,
      refundedRevenue: round(s?.refunded_revenue ?? 0),
      netRevenue: round(revenue - (s?.refunded_revenue ?? 0)),
      events: s?.events ?? 0,
    };
    if (dau && days) {
      let total = 0;
      let count = 0;
      while (day < days.periods.length && days.periods[day]!.startMs < period.endMs) {
        total += dau[day]!;
        count++;
        day++;
      }
      point.averageDailyActiveUsers = round(count ? total / count : 0);
      point.stickiness = active ? round(total / count / active, 4) : 0;
    }
    return point;
  });
}

export interface StickinessResult {
  /** Periods in the range (e.g. 7 for a week by day). */
  periods: number;
  /** Distinct learners active at least once in the range. */
  activeUsers: number;
  /** `users[n-1]` learners were active in exactly n of the periods. */
  histogram: { periods: number; users: number }[];
  /** Mean active learners per period ÷ learners active in the range (DAU/MAU for a month by day). */
  stickiness: number;
}

/** How many of the range's periods each learner was active in (PostHog's stickiness). */
export async function stickiness(db: Kysely<Database>, scope: Scope, line: Timeline): Promise<StickinessResult> {
  const perUser = db.selectFrom(activitySource(db, scope, line).as('s'))
    .select((eb) => ['s.u', eb.fn.count<number>(periodColumn(line, eb, 's.t')).distinct().as('n')])
    .groupBy('s.u');
  const rows = await db.selectFrom(perUser.as('x')).select((eb) => ['x.n', eb.fn.countAll<number>().as('users')])
    .groupBy('x.n').orderBy('x.n').execute();
  const counts = new Float64Array(line.periods.length + 1);
  for (const r of rows) counts[Number(r.n)] = Number(r.users);
  let users = 0;
  let activeDays = 0;
  for (let n = 1; n < counts.length; n++) {
    users += counts[n]!;
    activeDays += n * counts[n]!;
  }
  const periods = line.periods.length;
  return {
    periods,
    activeUsers: users,
    histogram: Array.from({ length: periods }, (_, i) => ({ periods: i + 1, users: counts[i + 1]! })),
    stickiness: users ? round(activeDays / periods / users, 4) : 0,
  };
}
