/**
 * What one learner's lesson events say about each lesson: how many playbacks they started, how many
 * ended before the lesson did (a stop), how many of those stops were drops — the learner stayed on
 * the platform (their visit went on for at least 2 more minutes) but left the lesson, rather than
 * closing the app when their time was up — and how often the playhead fell behind where
 * continuous playback would have put it (a rewind: the learner went back to hear something again).
 *
 * A playback starts at `Lesson Started`, or at any event of the lesson after 30 minutes without
 * one; it ends at `Lesson Completed` (finished) or at the next start (a stop). Between two
 * position reports of a playback the playhead should advance by about speed × watched seconds; it
 * counts as a rewind when it advanced less than that by more than max(15 s, 25%). The learner's own
 * playback speed is the median advance per watched second over their heartbeats, so a 2× listener
 * is not mistaken for one who keeps going back, nor a 1× listener's short rewinds missed.
 *
 * `scanLearnerPlaybacks` is the typed-array kernel the quality report runs over every learner;
 * `scanLearnerPlaybacksReference` is the slow, obvious version the tests hold it to.
 *
 * @example
 *   const out = newPlaybackTotals(itemCount);
 *   const scratch = new PlaybackScratch(itemCount);
 *   scanLearnerPlaybacks(learnerEvents, visits, out, scratch);   // once per learner, events in time order
 *   out.rewinds[lessonIndex];
 */

export const lessonStarted = 0;
export const lessonProgress = 1;
export const lessonCompleted = 2;

/** One learner's lesson events in time order, as parallel arrays (`n` used). */
export interface LearnerLessonEvents {
  n: number;
  lesson: Int32Array;
  /** lessonStarted, lessonProgress or lessonCompleted. */
  kind: Uint8Array;
  timeMs: Float64Array;
  /** Playhead in seconds; NaN when the event has none. */
  positionS: Float64Array;
  /** Seconds watched since the previous heartbeat; NaN when the event has none. */
  watchedS: Float64Array;
}

/** One learner's visits (sessions) in time order: start and end, epoch ms, `n` used. */
export interface LearnerVisits {
  n: number;
  startMs: Float64Array;
  endMs: Float64Array;
}

/** Per-lesson totals over every learner scanned. */
export interface PlaybackTotals {
  playbacks: Float64Array;
  stops: Float64Array;
  /** Stops after which the learner's visit went on: they chose to leave the lesson. */
  drops: Float64Array;
  rewinds: Float64Array;
  /** Learners with at least one rewind in the lesson. */
  rewinders: Float64Array;
}

export function newPlaybackTotals(itemCount: number): PlaybackTotals {
  return {
    playbacks: new Float64Array(itemCount), stops: new Float64Array(itemCount), drops: new Float64Array(itemCount),
    rewinds: new Float64Array(itemCount), rewinders: new Float64Array(itemCount),
  };
}

export const playbackGapMs = 30 * 60_000;
/** A visit that lasts this much longer than the stopped playback means the learner stayed on. */
export const stayedOnMs = 2 * 60_000;
const minRewindS = 15;
const rewindShare = 0.25;
const minSpeed = 0.5;
const maxSpeed = 3;
/** Heartbeats shorter than this say too little about speed. */
const speedSampleMinS = 20;

/** The learner's playback speed: median playhead advance per watched second (1 when unknown). */
export function estimateSpeed(e: LearnerLessonEvents, ratios: Float64Array): number {
  let m = 0;
  for (let i = 0; i < e.n; i++) {
    if (e.kind[i] !== lessonProgress) continue;
    const w = e.watchedS[i]!;
    if (!(w >= speedSampleMinS) || !Number.isFinite(e.positionS[i]!)) continue;
    // The previous event of the same lesson, within the gap.
    for (let j = i - 1; j >= 0; j--) {
      if (e.lesson[j] !== e.lesson[i]) continue;
      if (e.timeMs[i]! - e.timeMs[j]! <= playbackGapMs && Number.isFinite(e.positionS[j]!) && e.kind[j] !== lessonCompleted) {
        const advance = e.positionS[i]! - e.positionS[j]!;
        if (advance > 0) ratios[m++] = advance / w;
      }
      break;
    }
  }
  if (m === 0) return 1;
  const sorted = ratios.subarray(0, m).sort();
  const mid = m >> 1;
  const speed = m % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.min(maxSpeed, Math.max(minSpeed, speed));
}

/** Reusable per-lesson state, sized to the catalog, so scanning allocates nothing per learner. */
export class PlaybackScratch {
  readonly lastTime: Float64Array;
  readonly lastPosition: Float64Array;
  /** 1 while a playback of the lesson is open (started, not finished). */
  readonly open: Uint8Array;
  readonly rewound: Uint8Array;
  readonly touched: Int32Array;
  ratios: Float64Array;

  constructor(itemCount: number) {
    this.lastTime = new Float64Array(itemCount);
    this.lastPosition = new Float64Array(itemCount);
    this.open = new Uint8Array(itemCount);
    this.rewound = new Uint8Array(itemCount);
    this.touched = new Int32Array(itemCount).fill(-1);
    this.ratios = new Float64Array(1024);
  }
}

/** Whether the visit around `timeMs` went on for `stayedOnMs` after it (binary search over the visits). */
export function stayedOn(v: LearnerVisits, timeMs: number): boolean {
  let lo = 0, hi = v.n - 1, at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (v.startMs[mid]! <= timeMs) { at = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return at >= 0 && v.endMs[at]! - timeMs >= stayedOnMs;
}

function countStop(out: PlaybackTotals, l: number, v: LearnerVisits, lastMs: number): void {
  out.stops[l]! += 1;
  if (stayedOn(v, lastMs)) out.drops[l]! += 1;
}

/** Adds one learner's playbacks, stops, drops and rewinds to `out`. */
export function scanLearnerPlaybacks(e: LearnerLessonEvents, v: LearnerVisits, out: PlaybackTotals, s: PlaybackScratch): void {
  if (s.ratios.length < e.n) s.ratios = new Float64Array(e.n * 2);
  const speed = estimateSpeed(e, s.ratios);
  // `touched` doubles as a linked list of the lessons this learner used (-1 = untouched, -2 = end).
  let head = -2;
  for (let i = 0; i < e.n; i++) {
    const l = e.lesson[i]!;
    const t = e.timeMs[i]!;
    const kind = e.kind[i]!;
    if (s.touched[l] === -1) {
      s.touched[l] = head;
      head = l;
      s.open[l] = 0;
      s.rewound[l] = 0;
      s.lastTime[l] = -Infinity;
      s.lastPosition[l] = NaN;
    }
    const fresh = kind === lessonStarted || s.open[l] === 0 || t - s.lastTime[l]! > playbackGapMs;
    if (fresh) {
      if (s.open[l] === 1) countStop(out, l, v, s.lastTime[l]!);
      out.playbacks[l]! += 1;
      s.open[l] = 1;
      s.lastPosition[l] = NaN;
    }
    const p = e.positionS[i]!;
    if (kind === lessonProgress && !fresh) {
      const w = e.watchedS[i]!;
      const before = s.lastPosition[l]!;
      if (Number.isFinite(p) && Number.isFinite(before) && Number.isFinite(w)) {
        const expected = speed * w;
        if (p - before < expected - Math.max(minRewindS, rewindShare * expected)) {
          out.rewinds[l]! += 1;
          s.rewound[l] = 1;
        }
      }
    }
    if (kind === lessonCompleted) s.open[l] = 0;
    s.lastTime[l] = t;
    if (Number.isFinite(p)) s.lastPosition[l] = p;
  }
  for (let l = head; l !== -2;) {
    if (s.open[l] === 1) countStop(out, l, v, s.lastTime[l]!);
    if (s.rewound[l] === 1) out.rewinders[l]! += 1;
    const next = s.touched[l]!;
    s.touched[l] = -1;
    l = next;
  }
}

/** The same computation written plainly, lesson by lesson: the reference the kernel is tested against. */
export function scanLearnerPlaybacksReference(e: LearnerLessonEvents, v: LearnerVisits, out: PlaybackTotals): void {
  const visits = Array.from({ length: v.n }, (_, i) => ({ start: v.startMs[i]!, end: v.endMs[i]! }));
  const stop = (lesson: number, lastMs: number) => {
    out.stops[lesson]! += 1;
    const visit = visits.filter((x) => x.start <= lastMs).pop();
    if (visit && visit.end - lastMs >= stayedOnMs) out.drops[lesson]! += 1;
  };
  const speed = estimateSpeed(e, new Float64Array(Math.max(1, e.n)));
  const byLesson = new Map<number, { kind: number; t: number; p: number; w: number }[]>();
  for (let i = 0; i < e.n; i++) {
    const list = byLesson.get(e.lesson[i]!) ?? [];
    list.push({ kind: e.kind[i]!, t: e.timeMs[i]!, p: e.positionS[i]!, w: e.watchedS[i]! });
    byLesson.set(e.lesson[i]!, list);
  }
  for (const [lesson, events] of byLesson) {
    let open = false;
    let rewound = false;
    let previous: { t: number; p: number } | null = null;
    let lastPosition = NaN;
    for (const ev of events) {
      const gap = previous === null || ev.t - previous.t > playbackGapMs;
      const fresh = ev.kind === lessonStarted || !open || gap;
      if (fresh) {
        if (open) stop(lesson, previous!.t);
        out.playbacks[lesson]! += 1;
        open = true;
        lastPosition = NaN;
      } else if (ev.kind === lessonProgress && !Number.isNaN(lastPosition) && !Number.isNaN(ev.p) && !Number.isNaN(ev.w)) {
        const expected = speed * ev.w;
        const advance = ev.p - lastPosition;
        if (advance < expected - Math.max(minRewindS, rewindShare * expected)) {
          out.rewinds[lesson]! += 1;
          rewound = true;
        }
      }
      if (ev.kind === lessonCompleted) open = false;
      if (!Number.isNaN(ev.p)) lastPosition = ev.p;
      previous = ev;
    }
    if (open) stop(lesson, previous!.t);
    if (rewound) out.rewinders[lesson]! += 1;
  }
}
