/**
 * Event times as local calendar days and hours in the project's time zone, fast enough to call
 * once per event: the zone's offset is looked up once per UTC hour (offsets only change on whole
 * quarter hours, and in practice on whole hours), so daylight-saving changes are honoured.
 *
 * @example
 *   const clock = new LocalClock('Asia/Shanghai');
 *   clock.dayOf(Date.parse('2026-03-01T17:00:00Z'));  // epoch day of 2026-03-02 (01:00 in Shanghai)
 *   isWeekendDay(clock.dayOf(Date.now()));
 */
import { utcOffsetMs } from '../analytics/calendar.js';

export const dayMs = 86_400_000;
const hourMs = 3_600_000;

export class LocalClock {
  readonly tz: string;
  readonly #offsets = new Map<number, number>();
  #lastHour = Number.NaN;
  #lastOffset = 0;

  constructor(tz: string) {
    this.tz = tz;
  }

  /** The zone's offset from UTC at `ms`, in ms. */
  offsetAt(ms: number): number {
    const hour = Math.floor(ms / hourMs);
    if (hour === this.#lastHour) return this.#lastOffset;
    let offset = this.#offsets.get(hour);
    if (offset === undefined) {
      offset = utcOffsetMs(this.tz, hour * hourMs);
      this.#offsets.set(hour, offset);
    }
    this.#lastHour = hour;
    this.#lastOffset = offset;
    return offset;
  }

  /** Days since 1970-01-01 of the local date at `ms`. */
  dayOf(ms: number): number {
    return Math.floor((ms + this.offsetAt(ms)) / dayMs);
  }

  /** Local hour of day at `ms`, 0–23. */
  hourOf(ms: number): number {
    const local = ms + this.offsetAt(ms);
    return Math.floor((local - Math.floor(local / dayMs) * dayMs) / hourMs);
  }
}

/** 0 = Sunday … 6 = Saturday, for an epoch day (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekendDay(day: number): boolean {
  const w = weekdayOfDay(day);
  return w === 0 || w === 6;
}
