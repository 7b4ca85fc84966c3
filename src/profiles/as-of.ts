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
import { parseDate, startOfLocalDay } from '../analytics/calendar.js';

export function parseAsOf(text: string, timezone: string): number | undefined {
  const date = parseDate(text.trim());
  if (date) return startOfLocalDay(timezone, date);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text.trim())) return undefined;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? undefined : ms;
}
