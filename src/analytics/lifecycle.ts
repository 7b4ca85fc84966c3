/**
 * Lifecycle per period (PostHog's): of the learners active in a period, who is new, returning
 * (also active the period before) or resurrecting (back after at least one inactive period);
 * and who went dormant (active the period before, not in this one).
 *
 * @example
 *   // `line` starts one period before the first reported one: period 0 is only looked back at.
 *   const points = await lifecyclePoints(db, { projectId: 'default' }, line);
 *   // [{ period: '2026-03-09', new: 40, returning: 300, resurrecting: 25, dormant: 61 }, …]
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Scope } from './scope.js';
import { activePeriods, activitySource, firstTimes, periodColumn, readsPeriodRows, type Timeline } from './sources.js';
import { startOfPeriodBefore } from './sql-time.js';

export interface LifecyclePoint {
  period: string;
  /** First activity ever (in the scope's courses, when it has some) in this period. */
  new: number;
  /** Active in this period and in the one before. */
  returning: number;
  /** Active in this period, not in the one before, active at some time before that. */
  resurrecting: number;
  /** Active in the period before, not in this one (a count; charts usually draw it below zero). */
  dormant: number;
}

interface PeriodCounts {
  p: number;
  active: number;
  /** Active in this period and in the one before. */
  returning: number;
}

/**
 * Active and returning learners per period from rows that are one per learner-period (the period
 * rollups): "also active the period before" is one primary-key probe of the same table per row,
 * with no sort, where the general form below sorts every row twice.
 */
async function countsFromPeriodRows(db: Kysely<Database>, scope: Scope, line: Timeline): Promise<PeriodCounts[]> {
  const index = new Map(line.bounds.map((t, i) => [t, i]));
  const [active, returning] = await Promise.all([
    db.selectFrom(activitySource(db, scope, line).as('a')).select((eb) => ['a.t', eb.fn.countAll<number>().as('n')]).groupBy('a.t').execute(),
    db.selectFrom(activitySource(db, scope, line).as('a'))
      .innerJoin(activitySource(db, scope, line).as('b'), (j) => j.onRef('b.u', '=', 'a.u')
        .on((eb) => eb('b.t', '=', startOfPeriodBefore(eb.ref('a.t'), line.bounds))))
      .select((eb) => ['a.t', eb.fn.countAll<number>().as('n')]).groupBy('a.t').execute(),
  ]);
  const back = new Map(returning.map((r) => [Number(r.t), Number(r.n)]));
  return active.map((r) => ({ p: index.get(Number(r.t))!, active: Number(r.n), returning: back.get(Number(r.t)) ?? 0 }));
}

/** The same counts from any source: each learner's periods in order, the one before beside each. */
async function countsFromAnyRows(db: Kysely<Database>, scope: Scope, line: Timeline): Promise<PeriodCounts[]> {
  const steps = db.selectFrom(activePeriods(db, scope, line).as('a')).where('a.p', 'is not', null).select((eb) => [
    'a.p as p',
    eb.fn.agg<number | null>('lag', ['a.p']).over((o) => o.partitionBy('a.u').orderBy('a.p')).as('prev'),
  ]);
  const rows = await db.selectFrom(steps.as('w')).select((eb) => [
    'w.p as p',
    eb.fn.countAll<number>().as('active'),
    eb.fn.sum<number>(eb.case().when('w.prev', '=', eb('w.p', '-', 1)).then(1).else(0).end()).as('returning'),
  ]).groupBy('w.p').execute();
  return rows.map((r) => ({ p: Number(r.p), active: Number(r.active), returning: Number(r.returning) }));
}

/** Lifecycle of every period of `line` but the first, which only serves as "the period before". */
export async function lifecyclePoints(db: Kysely<Database>, scope: Scope, line: Timeline): Promise<LifecyclePoint[]> {
  const firsts = firstTimes(db, scope, line, { kind: 'active' });
  const [states, fresh] = await Promise.all([
    readsPeriodRows(scope, line) ? countsFromPeriodRows(db, scope, line) : countsFromAnyRows(db, scope, line),
    db.selectFrom(firsts.as('f')).select((eb) => [periodColumn(line, eb, 'f.t').as('p'), eb.fn.countAll<number>().as('n')])
      .groupBy('p').execute(),
  ]);
  const active = new Float64Array(line.periods.length);
  const returning = new Float64Array(line.periods.length);
  for (const r of states) {
    active[r.p] = r.active;
    returning[r.p] = r.returning;
  }
  const newByPeriod = new Map(fresh.filter((r) => r.p !== null).map((r) => [Number(r.p), Number(r.n)]));
  return line.periods.slice(1).map((period, j) => {
    const i = j + 1;
    const fresh = newByPeriod.get(i) ?? 0;
    return {
      period: period.label,
      new: fresh,
      returning: returning[i]!,
      // Active learners who are neither new nor back from the period before were away and came back.
      resurrecting: active[i]! - fresh - returning[i]!,
      // Everyone active the period before who did not return in this one.
      dormant: active[i - 1]! - returning[i]!,
    };
  });
}
