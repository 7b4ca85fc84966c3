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
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Scope } from './scope.js';
import { activePeriods, eventSource, firstTimes, periodColumn, type FirstOf, type Timeline } from './sources.js';

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

/**
 * Each member's return periods after their cohort's, as rows (u, cp, p) with p > cp, plus the
 * cohort members themselves (u, cp). Cohort rows and return rows are stacked and each learner's
 * cohort period spread over their rows with a window function: one sort, no join — a join here
 * depends on the planner building an index on a subquery, which it does not always do.
 */
function cohortQueries(db: Kysely<Database>, scope: Scope, line: Timeline, spec: RetentionSpec) {
  const firsts = firstTimes(db, scope, line, spec.first);
  const members = db.selectFrom(firsts.as('f'))
    .select((eb) => ['f.u as u', periodColumn(line, eb, 'f.t').as('p'), sql<number>`1`.as('member')])
    .where((eb) => eb(periodColumn(line, eb, 'f.t'), 'is not', null));
  // Each learner's return periods once; the period rollups hold them once already (no grouping sort).
  const returnPeriods = spec.returnEvent
    ? db.selectFrom(eventSource(db, scope, line, spec.returnEvent).as('s'))
      .select((eb) => ['s.u as u', periodColumn(line, eb, 's.t').as('p')]).groupBy(['u', 'p'])
    : activePeriods(db, scope, line);
  const back = db.selectFrom(returnPeriods.as('rp')).where('rp.p', 'is not', null)
    .select(['rp.u as u', 'rp.p as p', sql<number>`0`.as('member')]);
  const stacked = db.selectFrom(members.unionAll(back as unknown as typeof members).as('x')).select((eb) => [
    'x.u', 'x.p', 'x.member',
    eb.fn.max<number | null>(eb.case().when('x.member', '=', 1).then(eb.ref('x.p')).end()).over((o) => o.partitionBy('x.u')).as('cp'),
  ]);
  const cohorts = db.selectFrom(members.as('m')).select(['m.u', 'm.p as cp']);
  return db.with('y', () => stacked)
    .with('c', () => cohorts)
    .with('r', (q) => q.selectFrom('y').select(['y.u', 'y.cp', 'y.p']).where('y.member', '=', 0).where('y.cp', 'is not', null)
      .whereRef('y.p', '>', 'y.cp'));
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
  const cells = spec.criterion === 'on'
    ? q.selectFrom('r').select((eb) => ['r.cp', eb('r.p', '-', eb.ref('r.cp')).as('k'), eb.fn.countAll<number>().as('n')])
      .groupBy(['r.cp', 'k']).execute()
    : q.selectFrom(q.selectFrom('r').select((eb) => ['r.cp', eb(eb.fn.max('r.p'), '-', eb.ref('r.cp')).as('k')]).groupBy(['r.u', 'r.cp']).as('last'))
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
  const members = k === 0
    ? q.selectFrom('c').where('c.cp', '=', cohortIndex).select('c.u as u')
    : q.selectFrom('r').where('r.cp', '=', cohortIndex)
      .where((w) => (spec.criterion === 'on' ? w('r.p', '=', cohortIndex + k) : w('r.p', '>=', cohortIndex + k)))
      .select('r.u as u').distinct();
  const cell = db.selectFrom(members.as('m'));
  const ids = line.engine === 'rollup'
    ? cell.innerJoin('analytics_users as au', 'au.user_key', 'm.u').select('au.user_id as id')
    : cell.select('m.u as id');
  const [rows, count] = await Promise.all([
    ids.orderBy('id').limit(limit).execute(),
    cell.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(count.n), users: rows.map((r) => String(r.id)) };
}
