/**
 * Churn-specific features the learner feature table lacks, from the 28 days before T only (events
 * strictly before T): the week-by-week shape of the last month and where the learner last was in a
 * course. The table has a four-week learning *slope*; a retention team reads "fell two weeks
 * running" and "stopped at lesson 4", so those are computed here.
 *
 * - `activeDays7`: active local days among the last 7 before T.
 * - `minutesLastWeek`: capped Lesson Progress minutes in the 7 days before T.
 * - `minutesWeekChange`: last week's minutes minus the week before's.
 * - `weeksDeclining`: consecutive week-over-week drops of learning minutes ending with the last
 *   week (0–3; a drop to zero from zero is no drop).
 * - `streakBreaks28`: runs of consecutive active days in the 28 days that ended before yesterday —
 *   how often the learner stopped after a run.
 * Plus, for reasons: the last lesson event before T (course, lesson, whether it was a completion).
 *
 * @example
 *   const recent = await recentActivity(db, 'default', at, ['u1', 'u2'], 'Asia/Shanghai');
 *   recent.columns.weeksDeclining[0]; // 2
 *   recent.lastLesson[1];             // { courseId: 'c1', lessonId: 'c1-l4', completed: false } | null
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { heartbeatSeconds } from '../profiles/interest-strength.js';
import { LocalClock } from '../profiles/local-days.js';
import type { Database } from '../store/schema.js';
import { activeEvent, dayMs, lookbackDays } from './labels.js';

export const recentFeatureNames = ['activeDays7', 'minutesLastWeek', 'minutesWeekChange', 'weeksDeclining', 'streakBreaks28'] as const;
export type RecentFeatureName = (typeof recentFeatureNames)[number];

export interface LastLesson {
  courseId: string;
  lessonId: string | null;
  completed: boolean;
}

export interface RecentActivity {
  columns: Record<RecentFeatureName, Float64Array>;
  /** The last lesson event before T in the 28 days, per learner; null when none. */
  lastLesson: (LastLesson | null)[];
}

const eventsPerChunk = 20_000;

/** Pure part: the features from per-learner day bitmasks and weekly minutes. */
export function recentColumns(activeBits: Uint32Array, weekly: Float64Array, n: number): Record<RecentFeatureName, Float64Array> {
  const c = Object.fromEntries(recentFeatureNames.map((k) => [k, new Float64Array(n)])) as Record<RecentFeatureName, Float64Array>;
  for (let u = 0; u < n; u++) {
    // Bit d = active on the d-th local day before T (bit 0 = the day before T).
    const bits = activeBits[u]!;
    let days7 = 0;
    for (let d = 0; d < 7; d++) if ((bits >>> d) & 1) days7++;
    c.activeDays7[u] = days7;
    // weekly[u*4 + 3] is the last week.
    const w = (k: number) => weekly[u * 4 + k]!;
    c.minutesLastWeek[u] = w(3);
    c.minutesWeekChange[u] = w(3) - w(2);
    let declining = 0;
    for (let k = 3; k > 0 && w(k) < w(k - 1); k--) declining++;
    c.weeksDeclining[u] = declining;
    // A run ends at day d when d is active and d − 1 (the later day) is not; runs touching the
    // last two days are still going.
    let breaks = 0;
    for (let d = 2; d < lookbackDays; d++) if ((bits >>> d) & 1 && !((bits >>> (d - 1)) & 1)) breaks++;
    c.streakBreaks28[u] = breaks;
  }
  return c;
}

export async function recentActivity(db: Kysely<Database>, projectId: string, at: number, userIds: readonly string[], timezone: string): Promise<RecentActivity> {
  const n = userIds.length;
  const index = new Map(userIds.map((u, i) => [u, i]));
  const clock = new LocalClock(timezone);
  const lastDay = clock.dayOf(at - 1);
  const from = at - lookbackDays * dayMs;
  const bits = new Uint32Array(n);
  const weekly = new Float64Array(n * 4);
  const lastLessonAt = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const lastLesson: (LastLesson | null)[] = new Array<LastLesson | null>(n).fill(null);
  let after = 0;
  for (;;) {
    // Rowid order with a time filter, as the feature scan reads the log (see learner-features.ts).
    const rows = await db.selectFrom('events')
      .select(['seq', 'project_id', 'user_id', 'event', 'value', 'timestamp', 'course_id', 'item_id'])
      .where('seq', '>', after).where('timestamp', '>=', from).where('timestamp', '<', at)
      .where((eb) => activeEvent(eb as unknown as ExpressionBuilder<Database, 'events'>))
      .orderBy('seq').limit(eventsPerChunk).execute();
    for (const r of rows) {
      const u = r.project_id === projectId ? index.get(r.user_id) : undefined;
      if (u === undefined) continue;
      const t = Number(r.timestamp);
      const back = lastDay - clock.dayOf(t);
      if (back >= 0 && back < 32) bits[u]! |= 1 << back;
      if (r.event === 'Lesson Progress') {
        const week = Math.floor((at - t) / (7 * dayMs));
        if (week < 4) weekly[u * 4 + 3 - week]! += heartbeatSeconds(r.value) / 60;
      }
      if (r.course_id !== null && (r.event === 'Lesson Progress' || r.event === 'Lesson Started' || r.event === 'Lesson Completed') && t >= lastLessonAt[u]!) {
        lastLessonAt[u] = t;
        lastLesson[u] = { courseId: r.course_id, lessonId: r.item_id, completed: r.event === 'Lesson Completed' };
      }
    }
    if (rows.length < eventsPerChunk) break;
    after = Number(rows[rows.length - 1]!.seq);
  }
  return { columns: recentColumns(bits, weekly, n), lastLesson };
}
