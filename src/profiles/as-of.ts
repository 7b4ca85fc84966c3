/**
 * Reading an `asOf` given by a person: an ISO 8601 date-time is that instant; a bare date
 * (YYYY-MM-DD) is the start of that day in the project's time zone — "as of 2026-05-01" means
 * everything before May began there. Anything else is not a time.
 *
 * @example
 *   parseAsOf('2026-05-01', 'Asia/Shanghai');            // Date.parse('2026-04-30T16:00:00Z')
 *   parseAsOf('2026-05-01T12:00:00Z', 'Asia/Shanghai');  // Date.parse('2026-05-01T12:00:00Z')
 *   parseAsOf('yesterday', 'UTC');                       // undefined
 */
import type { Kysely } from 'kysely';
import { parseDate, startOfLocalDay } from '../analytics/calendar.js';
import type { Database } from '../store/schema.js';

export function parseAsOf(text: string, timezone: string): number | undefined {
  const date = parseDate(text.trim());
  if (date) return startOfLocalDay(timezone, date);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text.trim())) return undefined;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The default "as of" of profiles and segments: the end of the last hour with activity (from the
 * analytics rollups, one indexed min/max), not the wall clock — a platform that imported last
 * year's history sees its learners as they were then, not as a year absent. Undefined before any
 * activity.
 */
export async function latestActivityInstant(db: Kysely<Database>, projectId: string): Promise<number | undefined> {
  const row = await db.selectFrom('activity_hours').where('project_id', '=', projectId)
    .select((eb) => eb.fn.max('hour').as('last')).executeTakeFirst();
  return row?.last == null ? undefined : (Number(row.last) + 1) * hourMs;
}

const hourMs = 3_600_000;
