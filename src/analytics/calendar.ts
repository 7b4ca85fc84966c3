/**
 * Calendar periods in a time zone: the days, Monday-based weeks or months that a date range
 * covers, each as the UTC instants where it starts and ends. Every metric buckets event times
 * through these periods, so "a day" always means a local day in the asked time zone, including
 * across daylight-saving changes.
 *
 * @example
 *   const periods = periodsOf({ from: '2026-03-04', to: '2026-03-15', interval: 'week', tz: 'Asia/Shanghai' });
 *   // [{ label: '2026-03-02', startMs: Date.UTC(2026, 2, 1, 16), endMs: Date.UTC(2026, 2, 8, 16) }, { label: '2026-03-09', … }]
 */
import { MetricInputError } from './input-error.js';

export const intervals = ['day', 'week', 'month'] as const;
export type Interval = (typeof intervals)[number];

export interface Period {
  /** The local date the period starts on, YYYY-MM-DD (a Monday for weeks, the 1st for months). */
  label: string;
  /** First instant of the period, UTC epoch ms. */
  startMs: number;
  /** First instant after the period, UTC epoch ms. */
  endMs: number;
}

export interface RangeQuery {
  /** First local date, YYYY-MM-DD (inclusive). */
  from: string;
  /** Last local date, YYYY-MM-DD (inclusive). */
  to: string;
  interval: Interval;
  tz: string;
}

/** A calendar date without a time zone; month is 1-based. */
export interface LocalDate {
  y: number;
  m: number;
  d: number;
}

export const hourMs = 3_600_000;
const dayMs = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** True when `tz` is an IANA time zone this runtime knows (`Asia/Shanghai`, `UTC`, `Europe/Berlin`). */
export function isTimeZone(tz: string): boolean {
  if (!tz) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time in `tz` at instant `ms`, as if that wall time were UTC (epoch ms). */
function wallMs(tz: string, ms: number): number {
  const parts = formatter(tz).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) + (ms % 1000 + 1000) % 1000;
}

/** The zone's offset from UTC at instant `ms`, in ms (Asia/Shanghai: +8 h). */
export function utcOffsetMs(tz: string, ms: number): number {
  return wallMs(tz, ms) - ms;
}

/** The local date in `tz` at instant `ms`. */
export function localDateOf(tz: string, ms: number): LocalDate {
  const w = new Date(wallMs(tz, ms));
  return { y: w.getUTCFullYear(), m: w.getUTCMonth() + 1, d: w.getUTCDate() };
}

export function formatDate(date: LocalDate): string {
  return `${String(date.y).padStart(4, '0')}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
}

/** Parses YYYY-MM-DD strictly (a real calendar date); undefined otherwise. */
export function parseDate(text: string): LocalDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const date = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  const check = new Date(Date.UTC(date.y, date.m - 1, date.d));
  return check.getUTCFullYear() === date.y && check.getUTCMonth() + 1 === date.m && check.getUTCDate() === date.d ? date : undefined;
}

/** Days since 1970-01-01 of a calendar date (no time zone involved). */
function epochDay(date: LocalDate): number {
  return Date.UTC(date.y, date.m - 1, date.d) / dayMs;
}

function dateOfEpochDay(day: number): LocalDate {
  const w = new Date(day * dayMs);
  return { y: w.getUTCFullYear(), m: w.getUTCMonth() + 1, d: w.getUTCDate() };
}

/**
 * The first instant of local date `date` in `tz`. Where the day starts inside a daylight-saving
 * gap (clocks jump from 23:59 to 01:00), that is the first instant that exists.
 */
export function startOfLocalDay(tz: string, date: LocalDate): number {
  const wall = Date.UTC(date.y, date.m - 1, date.d);
  let t = wall - utcOffsetMs(tz, wall);
  t = wall - utcOffsetMs(tz, t);
  // In a gap the guess lands an hour early (the previous day) or inside the new day; walk to the first instant.
  const target = epochDay(date);
  while (epochDay(localDateOf(tz, t)) < target) t += hourMs / 4;
  while (epochDay(localDateOf(tz, t - hourMs / 4)) === target) t -= hourMs / 4;
  return t;
}

/** The calendar date a period of `interval` containing `date` starts on (Monday for weeks). */
export function periodStartDate(date: LocalDate, interval: Interval): LocalDate {
  if (interval === 'day') return date;
  if (interval === 'month') return { y: date.y, m: date.m, d: 1 };
  const day = epochDay(date);
  // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
  return dateOfEpochDay(day - (((day + 3) % 7) + 7) % 7);
}

function nextPeriodDate(date: LocalDate, interval: Interval): LocalDate {
  if (interval === 'day') return dateOfEpochDay(epochDay(date) + 1);
  if (interval === 'week') return dateOfEpochDay(epochDay(date) + 7);
  return date.m === 12 ? { y: date.y + 1, m: 1, d: 1 } : { y: date.y, m: date.m + 1, d: 1 };
}

/** Validates and parses a range; the errors name the query field at fault (`intervalField` for the interval). */
export function parseRange(q: RangeQuery, intervalField = 'interval'): { from: LocalDate; to: LocalDate } {
  if (!isTimeZone(q.tz)) throw new MetricInputError('tz', `tz "${q.tz}" is not an IANA time zone (e.g. Asia/Shanghai, UTC, Europe/Berlin)`);
  if (!(intervals as readonly string[]).includes(q.interval)) {
    throw new MetricInputError(intervalField, `${intervalField} must be one of ${intervals.join(', ')}`);
  }
  const from = parseDate(q.from);
  if (!from) throw new MetricInputError('from', `from "${q.from}" is not a date (YYYY-MM-DD)`);
  const to = parseDate(q.to);
  if (!to) throw new MetricInputError('to', `to "${q.to}" is not a date (YYYY-MM-DD)`);
  if (epochDay(from) > epochDay(to)) throw new MetricInputError('from', `from (${q.from}) is after to (${q.to})`);
  return { from, to };
}

/**
 * The periods of `interval` that cover `from`..`to` (whole periods: a weekly range starting on a
 * Wednesday begins with that week's Monday). Throws when the range would need more than
 * `maxPeriods` periods ("interval too fine for the range").
 */
export function periodsOf(q: RangeQuery, maxPeriods = 1000, intervalField = 'interval'): Period[] {
  const { from, to } = parseRange(q, intervalField);
  const last = epochDay(to);
  const out: Period[] = [];
  let date = periodStartDate(from, q.interval);
  let start = startOfLocalDay(q.tz, date);
  while (epochDay(date) <= last) {
    if (out.length === maxPeriods) {
      throw new MetricInputError(intervalField, `${intervalField} "${q.interval}" is too fine for ${q.from}..${q.to}: it needs more than ${maxPeriods} periods; use a coarser interval or a shorter range`);
    }
    const next = nextPeriodDate(date, q.interval);
    const end = startOfLocalDay(q.tz, next);
    out.push({ label: formatDate(date), startMs: start, endMs: end });
    date = next;
    start = end;
  }
  return out;
}

/** True when every period boundary falls on a whole UTC hour, so hourly rollups can answer exactly. */
export function hourAligned(periods: readonly Period[]): boolean {
  return periods.every((p) => p.startMs % hourMs === 0 && p.endMs % hourMs === 0);
}

/** Index of the period containing instant `ms`, or -1 (binary search; periods are contiguous). */
export function periodIndexOf(periods: readonly Period[], ms: number): number {
  if (periods.length === 0 || ms < periods[0]!.startMs || ms >= periods[periods.length - 1]!.endMs) return -1;
  let lo = 0;
  let hi = periods.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (periods[mid]!.startMs <= ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
