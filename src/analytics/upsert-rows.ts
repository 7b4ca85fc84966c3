/**
 * Upserting the fold's rollup rows. With the store's per-row runner (`Store.insertEach`, SQLite)
 * one single-row statement is compiled from the first row and run for every row; otherwise
 * 500-row Kysely inserts. The fold writes several rows per event when learners are spread thin (a
 * new learner-hour, event-hour, course-hour and three periods each), and building and compiling
 * the multi-row inserts cost about as much as SQLite's own work on them.
 *
 * @example
 *   await upsertRows(trx, rows, (some) => trx.insertInto('event_hours').values(some).onConflict(...), insertEach);
 */
import type { Compilable } from 'kysely';
import type { InsertEach } from '../store/dialect.js';

/** Rows per multi-row INSERT (≤ 11 columns × 500 rows stays under SQLite's parameter limit). */
const rowsPerStatement = 500;

/**
 * Runs `statement` over `rows`. Every row must have the first row's keys in the same order, and the
 * statement's only parameters must be the rows' values (its update set refers to `excluded.*`).
 */
export async function upsertRows<R extends Record<string, unknown>>(
  rows: readonly R[], statement: (some: R[]) => Compilable<unknown> & { execute(): Promise<unknown> }, insertEach?: InsertEach,
): Promise<void> {
  if (rows.length === 0) return;
  if (insertEach) {
    const compiled = statement([rows[0]!]).compile();
    const width = Object.keys(rows[0]!).length;
    if (compiled.parameters.length !== width) throw new Error(`upsertRows: ${compiled.parameters.length} parameters for ${width} values`);
    insertEach(compiled.sql, rows.map((r) => Object.values(r)));
    return;
  }
  for (let i = 0; i < rows.length; i += rowsPerStatement) await statement(rows.slice(i, i + rowsPerStatement)).execute();
}
