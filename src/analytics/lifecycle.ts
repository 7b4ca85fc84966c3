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
import { activitySource, firstTimes, periodColumn, type Timeline } from './sources.js';

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

/** Lifecycle of every period of `line` but the first, which only serves as "the period before". */
export async function lifecyclePoints(db: Kysely<Database>, scope: Scope, line: Timeline): Promise<LifecyclePoint[]> {
  const src = activitySource(db, scope, line);
  // Each learner's active periods (grouped, so already in learner order) with the period before.
  const periodsOfLearner = db.selectFrom(src.as('s')).select((eb) => ['s.u as u', periodColumn(line, eb, 's.t').as('p')]).groupBy(['u', 'p']);
  const steps = db.selectFrom(periodsOfLearner.as('a')).where('a.p', 'is not', null).select((eb) => [
    'a.p as p',
    eb.fn.agg<number | null>('lag', ['a.p']).over((o) => o.partitionBy('a.u').orderBy('a.p')).as('prev'),
  ]);
  const firsts = firstTimes(db, scope, line, { kind: 'active' });
  const [states, fresh] = await Promise.all([
    db.selectFrom(steps.as('w')).select((eb) => [
      'w.p as p',
      eb.fn.countAll<number>().as('active'),
      eb.fn.sum<number>(eb.case().when('w.prev', '=', eb('w.p', '-', 1)).then(1).else(0).end()).as('returning'),
    ]).groupBy('w.p').execute(),
    db.selectFrom(firsts.as('f')).select((eb) => [periodColumn(line, eb, 'f.t').as('p'), eb.fn.countAll<number>().as('n')])
      .groupBy('p').execute(),
  ]);
  const active = new Float64Array(line.periods.length);
  const returning = new Float64Array(line.periods.length);
  for (const r of states) {
    active[Number(r.p)] = Number(r.active);
    returning[Number(r.p)] = Number(r.returning);
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
