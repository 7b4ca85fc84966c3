/**
 * The period rollups: each learner's measures per local day, week and month in the project's time
 * zone (`activity_periods`). A week's active learners are then its rows — a few per learner —
 * instead of a distinct count over every learner-hour of the week, which is what made weekly and
 * monthly activity and lifecycle slow on large stores.
 *
 * They are derived from the hourly rollups, never from the events directly: incrementally, from the
 * learner-hours each fold adds, in the same transaction; and in full, from `activity_hours`, when
 * the project's time zone is first seen or changes. `activity_period_zones` records the zone the
 * rows are local to; a metric reads them only when it asks in that zone (periods in any other
 * zone are answered from the hourly rows, as before).
 *
 * @example
 *   await syncPeriodRollups(db, 'default');          // rollups.store.ts: (re)build for the project's zone if needed
 *   const periods = foldPeriods(fold.activity, tz); // inside a fold: what the chunk adds
 */
import type { Kysely, Transaction } from 'kysely';
import { projectTimezone } from '../store/projects.store.js';
import type { Database } from '../store/schema.js';
import { formatDate, hourMs, localDateOf, periodsOf, periodStartDate, startOfLocalDay } from './calendar.js';
import { emptyMeasures, measureColumns } from './rollup-fold.js';
import type { ActivityMeasures, Grain } from './rollups.table.js';
import { upsertRows } from './upsert-rows.js';
import type { InsertEach } from '../store/dialect.js';

export const grains: readonly Grain[] = ['day', 'week', 'month'];

/**
 * The first hour of the local day, week and month that UTC hour `hour` falls in, in `tz`, per
 * grain (in `grains` order). Memoised per call site: a fold meets only a few distinct hours.
 */
export function periodStartsOf(tz: string): (hour: number) => readonly number[] {
  const memo = new Map<number, number[]>();
  return (hour) => {
    let starts = memo.get(hour);
    if (!starts) {
      const date = localDateOf(tz, hour * hourMs);
      // Zones whose days start off the hour (Asia/Kolkata) land on the hour before; metrics never
      // read those rows, because such periods are not hour-aligned (sources.ts).
      starts = grains.map((g) => Math.floor(startOfLocalDay(tz, periodStartDate(date, g)) / hourMs));
      memo.set(hour, starts);
    }
    return starts;
  };
}

/**
 * What a fold's learner-hours (`${hour}\t${userId}` → measures) add to the period rollups, keyed
 * `${grain}\t${startHour}\t${userId}`.
 */
export function foldPeriods(hours: ReadonlyMap<string, ActivityMeasures>, tz: string): Map<string, ActivityMeasures> {
  const startsOf = periodStartsOf(tz);
  const out = new Map<string, ActivityMeasures>();
  for (const [key, m] of hours) {
    const tab = key.indexOf('\t');
    const user = key.slice(tab + 1);
    const starts = startsOf(Number(key.slice(0, tab)));
    for (let g = 0; g < grains.length; g++) {
      const k = `${grains[g]}\t${starts[g]}\t${user}`;
      let sum = out.get(k);
      if (!sum) out.set(k, (sum = emptyMeasures()));
      for (const c of measureColumns) sum[c] += m[c];
    }
  }
  return out;
}

/** The zone the project's period rollups are local to; undefined while none are kept. */
export async function periodZone(db: Kysely<Database>, projectId: string): Promise<string | undefined> {
  const row = await db.selectFrom('activity_period_zones').select('tz').where('project_id', '=', projectId).executeTakeFirst();
  return row?.tz;
}

/**
 * Rebuilds the project's period rollups from its hourly rollups, local to `tz`: one grouped
 * insert per period, each a primary-key range of `activity_hours`. The caller holds the rollups'
 * write lock, so the hours do not move underneath.
 */
export async function rebuildPeriods(trx: Transaction<Database>, projectId: string, tz: string): Promise<void> {
  await trx.deleteFrom('activity_periods').where('project_id', '=', projectId).execute();
  const span = await trx.selectFrom('activity_hours').where('project_id', '=', projectId)
    .select((eb) => [eb.fn.min<number>('hour').as('lo'), eb.fn.max<number>('hour').as('hi')]).executeTakeFirst();
  if (span?.lo !== null && span?.lo !== undefined && span.hi !== null) {
    const from = formatDate(localDateOf(tz, Number(span.lo) * hourMs));
    const to = formatDate(localDateOf(tz, Number(span.hi) * hourMs));
    for (const grain of grains) {
      for (const p of periodsOf({ from, to, interval: grain, tz }, Number.MAX_SAFE_INTEGER)) {
        const [start, end] = [Math.floor(p.startMs / hourMs), Math.floor(p.endMs / hourMs)];
        await trx.insertInto('activity_periods')
          .columns(['project_id', 'grain', 'start_hour', 'user_key', ...measureColumns])
          .expression(trx.selectFrom('activity_hours')
            .where('project_id', '=', projectId).where('hour', '>=', start).where('hour', '<', end)
            .groupBy('user_key')
            .select((eb) => [
              eb.val(projectId).as('project_id'), eb.val(grain).as('grain'), eb.val(start).as('start_hour'), 'user_key',
              ...measureColumns.map((c) => eb.fn.sum<number>(c).as(c)),
            ]))
          .execute();
      }
    }
  }
  await trx.insertInto('activity_period_zones').values({ project_id: projectId, tz })
    .onConflict((oc) => oc.column('project_id').doUpdateSet({ tz })).execute();
}

/** Upserts a fold's period measures (see `foldPeriods`), given the learners' rollup keys. */
export async function upsertPeriods(
  trx: Transaction<Database>, projectId: string, periods: ReadonlyMap<string, ActivityMeasures>, keys: ReadonlyMap<string, number>,
  insertEach?: InsertEach,
): Promise<void> {
  const rows = [...periods].map(([key, m]) => {
    const [grain, start, user] = key.split('\t');
    return { project_id: projectId, grain: grain as Grain, start_hour: Number(start), user_key: keys.get(user!)!, ...m };
  });
  await upsertRows(rows, (some) => trx.insertInto('activity_periods').values(some)
    .onConflict((oc) => oc.columns(['project_id', 'grain', 'start_hour', 'user_key']).doUpdateSet((eb) => {
      const set = {} as Record<keyof ActivityMeasures, unknown>;
      for (const c of measureColumns) set[c] = eb(`activity_periods.${c}`, '+', eb.ref(`excluded.${c}`));
      return set as any;
    })), insertEach);
}

/**
 * Brings the project's period rollups to its current time zone: a no-op (one read each) when they
 * already are; otherwise a rebuild under the rollups' lock. `lock` takes that lock in a transaction.
 */
export async function syncPeriodZone(
  db: Kysely<Database>, projectId: string, lock: (trx: Transaction<Database>) => Promise<unknown>,
): Promise<void> {
  const tz = await projectTimezone(db, projectId);
  if ((await periodZone(db, projectId)) === tz) return;
  await db.transaction().execute(async (trx) => {
    await lock(trx);
    if ((await periodZone(trx, projectId)) !== tz) await rebuildPeriods(trx, projectId, tz);
  });
}
