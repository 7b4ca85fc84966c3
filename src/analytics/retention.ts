/**
 * Cohort retention: learners grouped by the period of their first activity, first purchase or
 * first time doing a chosen event; `retained[k]` counts the members who came back (any activity,
 * or a chosen return event) in period k after their cohort's ("on"), or in period k or any later
 * one ("on or after", unbounded). `retained[0]` is the cohort's size by definition.
 *
 * @example
 *   const cohorts = await retentionCohorts(db, scope, line, { first: { kind: 'active' }, criterion: 'on' });
 *   // [{ cohort: '2026-03-02', size: 120, retained: [120, 54, 40, 31] }, …]
 *   const who = await retainedUsers(db, scope, line, spec, 0, 2, 100); // the users behind retained[2] of cohort 0
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Scope } from './scope.js';
import { activitySource, eventSource, firstTimes, periodColumn, type FirstOf, type Timeline } from './sources.js';

export const criteria = ['on', 'on_or_after'] as const;
export type Criterion = (typeof criteria)[number];

export interface RetentionSpec {
  first: FirstOf;
  /** Return event; any activity when absent. */
  returnEvent?: string;
  criterion: Criterion;
  /** At most this many periods per cohort (period 0 included). */
  maxPeriods?: number;
}

export interface Cohort {
  cohort: string;
  size: number;
  retained: number[];
}

function cohortQueries(db: Kysely<Database>, scope: Scope, line: Timeline, spec: RetentionSpec) {
  const firsts = firstTimes(db, scope, line, spec.first);
  const returns = spec.returnEvent ? eventSource(db, scope, line, spec.returnEvent) : activitySource(db, scope, line);
  return db
    .with('c', () => db.selectFrom(firsts.as('f')).select((eb) => ['f.u as u', periodColumn(line, eb, 'f.t').as('cp')])
      .where((eb) => eb(periodColumn(line, eb, 'f.t'), 'is not', null)))
    .with('r', () => db.selectFrom(returns.as('s')).select((eb) => ['s.u as u', periodColumn(line, eb, 's.t').as('p')]).distinct()
      .where((eb) => eb(periodColumn(line, eb, 's.t'), 'is not', null)));
}

function lengthOf(line: Timeline, cohortIndex: number, spec: RetentionSpec): number {
  const left = line.periods.length - cohortIndex;
  return spec.maxPeriods ? Math.min(left, spec.maxPeriods) : left;
}

/** One cohort per period of `line`, empty ones included. */
export async function retentionCohorts(db: Kysely<Database>, scope: Scope, line: Timeline, spec: RetentionSpec): Promise<Cohort[]> {
  const q = cohortQueries(db, scope, line, spec);
  const sizes = q.selectFrom('c').select((eb) => ['c.cp', eb.fn.countAll<number>().as('n')]).groupBy('c.cp').execute();
  // Offsets counted per member: "on" counts each return period, "on or after" only the last one.
  const joined = q.selectFrom('c').innerJoin('r', (join) => join.onRef('r.u', '=', 'c.u').onRef('r.p', '>', 'c.cp'));
  const cells = spec.criterion === 'on'
    ? joined.select((eb) => ['c.cp', eb('r.p', '-', eb.ref('c.cp')).as('k'), eb.fn.countAll<number>().as('n')])
      .groupBy(['c.cp', 'k']).execute()
    : q.selectFrom(joined.select((eb) => ['c.cp', eb(eb.fn.max('r.p'), '-', eb.ref('c.cp')).as('k')]).groupBy(['c.u', 'c.cp']).as('last'))
      .select((eb) => ['last.cp', 'last.k', eb.fn.countAll<number>().as('n')]).groupBy(['last.cp', 'last.k']).execute();
  const [sizeRows, cellRows] = await Promise.all([sizes, cells]);
  const cohorts: Cohort[] = line.periods.map((p, i) => ({ cohort: p.label, size: 0, retained: new Array<number>(lengthOf(line, i, spec)).fill(0) }));
  for (const r of sizeRows) {
    const c = cohorts[Number(r.cp)];
    if (c) c.size = c.retained[0] = Number(r.n);
  }
  for (const r of cellRows) {
    const c = cohorts[Number(r.cp)];
    const k = Number(r.k);
    if (!c) continue;
    if (spec.criterion === 'on') {
      if (k < c.retained.length) c.retained[k] = Number(r.n);
    } else {
      // A member whose last return is at offset k was back in every window starting at 1..k.
      for (let j = 1; j <= Math.min(k, c.retained.length - 1); j++) c.retained[j]! += Number(r.n);
    }
  }
  return cohorts;
}

export interface CellUsers {
  total: number;
  users: string[];
}

/** The learners behind one cell: cohort `cohortIndex`, offset `k` (0 = every member). */
export async function retainedUsers(
  db: Kysely<Database>, scope: Scope, line: Timeline, spec: RetentionSpec, cohortIndex: number, k: number, limit: number,
): Promise<CellUsers> {
  const q = cohortQueries(db, scope, line, spec);
  let members = q.selectFrom('c').where('c.cp', '=', cohortIndex);
  if (k > 0) {
    members = members.where((eb) => eb.exists(eb.selectFrom('r').select('r.u')
      .whereRef('r.u', '=', 'c.u')
      .where((w) => (spec.criterion === 'on' ? w('r.p', '=', w('c.cp', '+', k)) : w('r.p', '>=', w('c.cp', '+', k))))));
  }
  const ids = line.engine === 'rollup'
    ? members.innerJoin('analytics_users as au', 'au.user_key', 'c.u').select('au.user_id as id')
    : members.select('c.u as id');
  const [rows, count] = await Promise.all([
    ids.orderBy('id').limit(limit).execute(),
    members.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(count.n), users: rows.map((r) => String(r.id)) };
}
