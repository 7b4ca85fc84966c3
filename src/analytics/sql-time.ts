/**
 * The analytics dialect seam: the few SQL fragments whose spelling differs between engines
 * (period bucketing, JSON fields). Features build every query with Kysely and call these for the
 * engine-specific parts, so PostgreSQL support is added here and nowhere else.
 *
 * @example
 *   db.selectFrom('activity_hours')
 *     .select((eb) => [periodOf(eb.ref('hour'), [490_000, 490_024, 490_048]).as('p'), eb.fn.count('user_key').as('n')])
 *     .groupBy('p');
 */
import { sql, type Expression, type RawBuilder } from 'kysely';

/**
 * The 0-based index of the period that `time` falls in, or NULL outside them all. `bounds` are
 * the periods' starts followed by the last period's end, ascending, in the unit of `time`
 * (hours for the rollups, epoch ms for events). Equal periods take one integer division; others a
 * balanced CASE tree, log2(periods) comparisons per row, right in any time zone and across
 * daylight-saving changes, with no calendar table to join.
 */
export function periodOf(time: Expression<number>, bounds: readonly number[]): RawBuilder<number | null> {
  return byPeriod(time, bounds, (i) => i, (step) => sql<number>`(${time} - ${sql.lit(bounds[0]!)}) / ${sql.lit(step)}`);
}

/**
 * The start of the period before the one `time` falls in (NULL in the first period and outside
 * them all), for a `time` that is itself a period start — as in the period rollups, where it
 * finds the same learner's row of the period before with one primary-key probe.
 */
export function startOfPeriodBefore(time: Expression<number>, bounds: readonly number[]): RawBuilder<number | null> {
  return byPeriod(time, bounds, (i) => (i === 0 ? null : bounds[i - 1]!), (step) => sql<number>`${time} - ${sql.lit(step)}`, 1);
}

/**
 * Maps `time` to `leaf(index of its period)`. Equal periods (days or weeks in a zone without
 * daylight saving) take `uniform(step)` instead: one arithmetic step is markedly cheaper per row
 * than walking the comparison tree. `from` is the first period the uniform form is right for.
 */
function byPeriod(
  time: Expression<number>, bounds: readonly number[], leaf: (i: number) => number | null,
  uniform: (step: number) => RawBuilder<number>, from = 0,
): RawBuilder<number | null> {
  if (bounds.length < 2 + from) return sql<null>`NULL`;
  const last = bounds.length - 1;
  const inRange = sql`${time} >= ${sql.lit(bounds[from]!)} AND ${time} < ${sql.lit(bounds[last]!)}`;
  const step = uniformStep(bounds);
  if (step !== null) return sql<number | null>`CASE WHEN ${inRange} THEN ${uniform(step)} END`;
  const node = (lo: number, hi: number): RawBuilder<number | null> => {
    if (hi - lo === 1) {
      const value = leaf(lo);
      return value === null ? sql<null>`NULL` : sql<number>`${sql.lit(value)}`;
    }
    const mid = (lo + hi) >> 1;
    return sql<number | null>`CASE WHEN ${time} < ${sql.lit(bounds[mid]!)} THEN ${node(lo, mid)} ELSE ${node(mid, hi)} END`;
  };
  return sql<number | null>`CASE WHEN ${inRange} THEN ${node(from, last)} END`;
}

/** The common length of the periods when they are all equal whole numbers, else null. */
function uniformStep(bounds: readonly number[]): number | null {
  const step = bounds[1]! - bounds[0]!;
  if (!Number.isInteger(step) || step <= 0 || !Number.isInteger(bounds[0]!)) return null;
  for (let i = 2; i < bounds.length; i++) if (bounds[i]! - bounds[i - 1]! !== step) return null;
  return step;
}

/** Whole UTC hours since the epoch of an epoch-ms expression (integer division on both engines). */
export function hourOfMs(ms: Expression<number>): RawBuilder<number> {
  return sql<number>`(${ms} / 3600000)`;
}

function jsonPath(path: readonly string[]): string {
  return '$' + path.map((k) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `."${k.replace(/["\\]/g, '')}"`)).join('');
}

/** A field inside a JSON text column (`properties`, `context`, `traits`) as text, NULL when absent. */
export function jsonText(json: Expression<string>, path: readonly string[]): RawBuilder<string | null> {
  return sql<string | null>`CAST(json_extract(${json}, ${jsonPath(path)}) AS TEXT)`;
}

/** A numeric field inside a JSON text column; 0 when it is text that is not a number, NULL when absent. */
export function jsonNumber(json: Expression<string>, path: readonly string[]): RawBuilder<number | null> {
  // Ingest already turns numeric strings into numbers; "+ 0" keeps anything else from sorting above them.
  return sql<number | null>`(json_extract(${json}, ${jsonPath(path)}) + 0)`;
}

/**
 * The column, hidden from the planner's choice of index (SQLite: unary `+`). For the few queries
 * where a known-better path exists that the planner cannot see without statistics: the rowid
 * range of a catch-up read, or a lesson's events by item rather than every heartbeat by name.
 */
export function unindexed<T>(ref: Expression<T>): RawBuilder<T> {
  return sql<T>`+${ref}`;
}
