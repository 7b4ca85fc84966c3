/**
 * The cleaning and derivation rules, as pure functions over one learner's events in time order.
 * docs/EVENTS.md documents each rule; the constants carry their units in their names.
 */

/** A visit ends after this much silence (the convention of Google Analytics and PostHog). */
export const sessionGapMs = 30 * 60 * 1000;
/** Playback may run faster than real time (2× speed), but not faster than this. */
export const maxPlaybackRate = 2;
/** Most seconds a first heartbeat may claim when nothing earlier in the lesson bounds it. */
export const firstHeartbeatMaxS = 600;
/** Robot rules: no person sends this many events in ten minutes, or in one day. */
export const robotEventsPer10Min = 600;
export const robotEventsPerDay = 5000;

export interface DerivableEvent {
  timestamp: number;
  event: string | null;
  type: string;
  itemId: string | null;
  courseId: string | null;
  /** watched_s for lesson heartbeats. */
  value: number | null;
  positionS: number | null;
}

export interface Session {
  startedAt: number;
  endedAt: number;
  events: number;
}

/** Splits one learner's time-ordered events into visits separated by `sessionGapMs` of silence. */
export function sessionsOf(events: readonly DerivableEvent[]): Session[] {
  const out: Session[] = [];
  let cur: Session | null = null;
  for (const e of events) {
    if (e.type === 'identify' || e.type === 'alias') continue;
    if (cur && e.timestamp - cur.endedAt <= sessionGapMs) {
      cur.endedAt = e.timestamp;
      cur.events++;
    } else {
      cur = { startedAt: e.timestamp, endedAt: e.timestamp, events: 1 };
      out.push(cur);
    }
  }
  return out;
}

export interface LessonProgress {
  lessonId: string;
  courseId: string | null;
  firstAt: number;
  lastAt: number;
  watchedS: number;
  clampedS: number;
  maxPositionS: number;
  completedAt: number | null;
}

const lessonEvents = new Set(['Lesson Started', 'Lesson Progress', 'Lesson Completed']);

/**
 * Per-lesson progress of one learner. `watched_s` of a heartbeat is the seconds watched since the
 * previous heartbeat; a claim larger than the wall time since the previous event of the same
 * lesson (× maxPlaybackRate) is clamped, and the excess is kept in `clampedS`.
 */
export function lessonProgressOf(events: readonly DerivableEvent[]): LessonProgress[] {
  const byLesson = new Map<string, LessonProgress & { prevAt: number | null }>();
  for (const e of events) {
    if (!e.event || !lessonEvents.has(e.event) || !e.itemId) continue;
    let p = byLesson.get(e.itemId);
    if (!p) {
      p = { lessonId: e.itemId, courseId: e.courseId, firstAt: e.timestamp, lastAt: e.timestamp, watchedS: 0, clampedS: 0, maxPositionS: 0, completedAt: null, prevAt: null };
      byLesson.set(e.itemId, p);
    }
    p.courseId ??= e.courseId;
    if (e.event === 'Lesson Progress' && e.value !== null && e.value > 0) {
      const gapS = p.prevAt === null || e.timestamp - p.prevAt > sessionGapMs ? null : (e.timestamp - p.prevAt) / 1000;
      const allowed = gapS === null ? firstHeartbeatMaxS : gapS * maxPlaybackRate;
      const kept = Math.min(e.value, allowed);
      p.watchedS += kept;
      p.clampedS += e.value - kept;
    }
    if (e.positionS !== null && e.positionS > p.maxPositionS) p.maxPositionS = e.positionS;
    if (e.event === 'Lesson Completed' && p.completedAt === null) p.completedAt = e.timestamp;
    p.lastAt = e.timestamp;
    p.prevAt = e.timestamp;
  }
  return [...byLesson.values()].map(({ prevAt: _prevAt, ...rest }) => rest);
}

/** Why a learner's event rate is robotic, or null for a person. */
export function robotReason(events: readonly DerivableEvent[]): string | null {
  const dayMs = 86_400_000;
  const windowMs = 600_000;
  let start = 0;
  let dayStart = 0;
  for (let i = 0; i < events.length; i++) {
    const t = events[i]!.timestamp;
    while (t - events[start]!.timestamp > windowMs) start++;
    if (i - start + 1 > robotEventsPer10Min) return `more than ${robotEventsPer10Min} events within 10 minutes`;
    while (t - events[dayStart]!.timestamp > dayMs) dayStart++;
    if (i - dayStart + 1 > robotEventsPerDay) return `more than ${robotEventsPerDay} events within 24 hours`;
  }
  return null;
}
