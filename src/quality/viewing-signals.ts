/**
 * How learners watched each lesson, read from the store with robots left out: from the derived
 * `lesson_progress` table, the learners who started and finished it and the seconds they watched;
 * from the lesson events and the learners' visits (`sessions`), the playbacks, the stops before the
 * end, the drops (stops while the learner stayed on) and the rewinds (see `playback-scan.ts`).
 * Course totals are their lessons' sums, except the per-learner finish shares: a course's learners
 * each count once, with the share of the lessons they started that they finished.
 *
 * The lesson events are held in compact typed arrays (about 33 bytes each) while they are scanned:
 * ~45 MB for the 1.4 M lesson events of 5,000 learners over 90 days.
 *
 * @example
 *   const viewing = await readViewingSignals(db, 'default', catalog);
 *   viewing.finished[i] / viewing.started[i];  // lesson finish rate
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { rollUpToParents, type CatalogIndex } from './catalog-index.js';
import {
  lessonCompleted, lessonProgress, lessonStarted, newPlaybackTotals, PlaybackScratch, scanLearnerPlaybacks,
  type LearnerLessonEvents, type LearnerVisits, type PlaybackTotals,
} from './playback-scan.js';

export interface ViewingSignals extends PlaybackTotals {
  /** Learners who started the lesson (courses: learner-lesson pairs over their lessons). */
  started: Float64Array;
  /** Of them, those who finished it. */
  finished: Float64Array;
  /** Watched seconds (clamped by the derive step). */
  watchedS: Float64Array;
  /**
   * Learners who started the item (a course: any of its lessons), and the sum and sum of squares of
   * each one's finish share (finished ÷ started of their lessons there; 0 or 1 for a lesson).
   * Completion is judged per learner because one learner's lessons are not independent trials: who
   * samples one lesson and leaves, or finishes everything, does so across the course.
   */
  learners: Float64Array;
  finishShareSum: Float64Array;
  finishShareSumSq: Float64Array;
}

const kindOf: Record<string, number> = {
  'Lesson Started': lessonStarted, 'Lesson Progress': lessonProgress, 'Lesson Completed': lessonCompleted,
};

export async function readViewingSignals(db: Kysely<Database>, projectId: string, catalog: CatalogIndex): Promise<ViewingSignals> {
  const n = catalog.ids.length;
  const started = new Float64Array(n);
  const finished = new Float64Array(n);
  const watchedS = new Float64Array(n);
  const robots = db.selectFrom('users').select('user_id').where('project_id', '=', projectId).where('is_robot', '=', 1);
  const progress = await db.selectFrom('lesson_progress')
    .select((eb) => [
      'lesson_id', eb.fn.countAll<number>().as('learners'), eb.fn.count<number>('completed_at').as('finished'),
      eb.fn.sum<number>('watched_s').as('watched'),
    ])
    .where('project_id', '=', projectId).where('user_id', 'not in', robots)
    .groupBy('lesson_id').execute();
  for (const r of progress) {
    const i = catalog.index.get(r.lesson_id);
    if (i === undefined) continue;
    started[i] = Number(r.learners);
    finished[i] = Number(r.finished);
    watchedS[i] = Number(r.watched ?? 0);
  }
  // A lesson's learners each started it once: their share is 0 or 1.
  const learners = started.slice();
  const finishShareSum = finished.slice();
  const finishShareSumSq = finished.slice();
  const perCourse = await db.selectFrom('lesson_progress')
    .select((eb) => ['course_id', eb.fn.countAll<number>().as('lessons'), eb.fn.count<number>('completed_at').as('finished')])
    .where('project_id', '=', projectId).where('user_id', 'not in', robots).where('course_id', 'is not', null)
    .groupBy(['user_id', 'course_id']).execute();
  for (const r of perCourse) {
    const i = r.course_id === null ? undefined : catalog.index.get(r.course_id);
    if (i === undefined || Number(r.lessons) === 0) continue;
    const share = Number(r.finished) / Number(r.lessons);
    learners[i]! += 1;
    finishShareSum[i]! += share;
    finishShareSumSq[i]! += share * share;
  }

  const log = await readLessonLog(db, projectId, catalog, robotIds(await robots.execute()));
  const totals = newPlaybackTotals(n);
  scanLessonLog(log, totals, n);

  for (const a of [started, finished, watchedS, totals.playbacks, totals.stops, totals.drops, totals.rewinds, totals.rewinders]) {
    rollUpToParents(catalog, a);
  }
  return { started, finished, watchedS, learners, finishShareSum, finishShareSumSq, ...totals };
}

function robotIds(rows: { user_id: string }[]): Set<string> {
  return new Set(rows.map((r) => r.user_id));
}

/**
 * Every learner's lesson events and visits in compact arrays, grouped by learner. Events are read
 * in arrival order by ranges of `seq` — the table's own order, a sequential read — and the project
 * and event name are checked here: with the event or project in the WHERE clause SQLite walks an
 * index and fetches rows scattered over the file, several times slower for a scan of most events.
 */
interface LessonLog {
  learners: number;
  /** Events of learner u are [eventStart[u], eventStart[u + 1]) in time order. */
  eventStart: Int32Array;
  events: LearnerLessonEvents;
  visitStart: Int32Array;
  visits: LearnerVisits;
}

const seqRange = 50_000;

async function readLessonLog(db: Kysely<Database>, projectId: string, catalog: CatalogIndex, robots: Set<string>): Promise<LessonLog> {
  const learnerOf = new Map<string, number>();
  const learner = (id: string): number => {
    let u = learnerOf.get(id);
    if (u === undefined) learnerOf.set(id, (u = learnerOf.size));
    return u;
  };
  let raw = newLearnerBuffer(1 << 16);
  let owner = new Int32Array(1 << 16);
  const top = await db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  const maxSeq = Number(top?.seq ?? 0);
  for (let from = 0; from < maxSeq; from += seqRange) {
    const rows = await db.selectFrom('events')
      .select(['project_id', 'user_id', 'item_id', 'event', 'timestamp', 'value', 'properties'])
      .where('seq', '>', from).where('seq', '<=', from + seqRange).orderBy('seq').execute();
    for (const r of rows) {
      const kind = r.event === null ? undefined : kindOf[r.event];
      if (kind === undefined || r.project_id !== projectId || robots.has(r.user_id)) continue;
      const lesson = r.item_id === null ? undefined : catalog.index.get(r.item_id);
      if (lesson === undefined) continue;
      if (raw.n === raw.lesson.length) {
        raw = growLearnerBuffer(raw);
        const bigger = new Int32Array(owner.length * 2);
        bigger.set(owner);
        owner = bigger;
      }
      const k = raw.n++;
      owner[k] = learner(r.user_id);
      raw.lesson[k] = lesson;
      raw.kind[k] = kind;
      raw.timeMs[k] = Number(r.timestamp);
      raw.positionS[k] = kind === lessonCompleted ? NaN : positionOf(r.properties);
      raw.watchedS[k] = kind === lessonProgress && r.value !== null ? Number(r.value) : NaN;
    }
  }
  const learners = learnerOf.size;
  const { start: eventStart, events } = groupByLearner(raw, owner, learners);

  const visitRows = await db.selectFrom('sessions').select(['user_id', 'started_at', 'ended_at'])
    .where('project_id', '=', projectId).orderBy('user_id').orderBy('started_at').execute();
  const visitOwner = new Int32Array(visitRows.length);
  const visitsRaw: LearnerVisits = { n: 0, startMs: new Float64Array(visitRows.length), endMs: new Float64Array(visitRows.length) };
  for (const r of visitRows) {
    const u = learnerOf.get(r.user_id);
    if (u === undefined) continue;
    const k = visitsRaw.n++;
    visitOwner[k] = u;
    visitsRaw.startMs[k] = Number(r.started_at);
    visitsRaw.endMs[k] = Number(r.ended_at);
  }
  // Rows come ordered by learner id and start; a stable counting sort keeps that order per learner.
  const visitStart = countingStart(visitOwner, visitsRaw.n, learners);
  const place = visitStart.slice(0, learners);
  const visits: LearnerVisits = { n: visitsRaw.n, startMs: new Float64Array(visitsRaw.n), endMs: new Float64Array(visitsRaw.n) };
  for (let k = 0; k < visitsRaw.n; k++) {
    const at = place[visitOwner[k]!]!++;
    visits.startMs[at] = visitsRaw.startMs[k]!;
    visits.endMs[at] = visitsRaw.endMs[k]!;
  }
  return { learners, eventStart, events, visitStart, visits };
}

/** Offsets of each owner's block after a counting sort (length owners + 1). */
function countingStart(owner: Int32Array, n: number, owners: number): Int32Array {
  const start = new Int32Array(owners + 1);
  for (let k = 0; k < n; k++) start[owner[k]! + 1]! += 1;
  for (let u = 0; u < owners; u++) start[u + 1]! += start[u]!;
  return start;
}

/**
 * Groups events by learner (counting sort, arrival order kept) and puts each learner's events in
 * time order: arrival order is nearly time order, so insertion sort does little work.
 */
function groupByLearner(raw: LearnerLessonEvents, owner: Int32Array, learners: number): { start: Int32Array; events: LearnerLessonEvents } {
  const start = countingStart(owner, raw.n, learners);
  const place = start.slice(0, learners);
  const out = newLearnerBuffer(Math.max(1, raw.n));
  out.n = raw.n;
  for (let k = 0; k < raw.n; k++) {
    const at = place[owner[k]!]!++;
    out.lesson[at] = raw.lesson[k]!; out.kind[at] = raw.kind[k]!; out.timeMs[at] = raw.timeMs[k]!;
    out.positionS[at] = raw.positionS[k]!; out.watchedS[at] = raw.watchedS[k]!;
  }
  for (let u = 0; u < learners; u++) {
    for (let i = start[u]! + 1; i < start[u + 1]!; i++) {
      const t = out.timeMs[i]!;
      if (t >= out.timeMs[i - 1]!) continue;
      const lesson = out.lesson[i]!, kind = out.kind[i]!, p = out.positionS[i]!, w = out.watchedS[i]!;
      let j = i - 1;
      for (; j >= start[u]! && out.timeMs[j]! > t; j--) {
        out.lesson[j + 1] = out.lesson[j]!; out.kind[j + 1] = out.kind[j]!; out.timeMs[j + 1] = out.timeMs[j]!;
        out.positionS[j + 1] = out.positionS[j]!; out.watchedS[j + 1] = out.watchedS[j]!;
      }
      out.lesson[j + 1] = lesson; out.kind[j + 1] = kind; out.timeMs[j + 1] = t; out.positionS[j + 1] = p; out.watchedS[j + 1] = w;
    }
  }
  return { start, events: out };
}

/** Runs the playback kernel over each learner's slice of the log. */
function scanLessonLog(log: LessonLog, totals: PlaybackTotals, itemCount: number): void {
  const scratch = new PlaybackScratch(itemCount);
  const e = log.events;
  const v = log.visits;
  for (let u = 0; u < log.learners; u++) {
    const a = log.eventStart[u]!, b = log.eventStart[u + 1]!;
    if (a === b) continue;
    const va = log.visitStart[u]!, vb = log.visitStart[u + 1]!;
    scanLearnerPlaybacks(
      { n: b - a, lesson: e.lesson.subarray(a, b), kind: e.kind.subarray(a, b), timeMs: e.timeMs.subarray(a, b),
        positionS: e.positionS.subarray(a, b), watchedS: e.watchedS.subarray(a, b) },
      { n: vb - va, startMs: v.startMs.subarray(va, vb), endMs: v.endMs.subarray(va, vb) },
      totals, scratch,
    );
  }
}

function newLearnerBuffer(capacity: number): LearnerLessonEvents {
  return {
    n: 0, lesson: new Int32Array(capacity), kind: new Uint8Array(capacity), timeMs: new Float64Array(capacity),
    positionS: new Float64Array(capacity), watchedS: new Float64Array(capacity),
  };
}

function growLearnerBuffer(e: LearnerLessonEvents): LearnerLessonEvents {
  const bigger = newLearnerBuffer(e.lesson.length * 2);
  bigger.lesson.set(e.lesson); bigger.kind.set(e.kind); bigger.timeMs.set(e.timeMs);
  bigger.positionS.set(e.positionS); bigger.watchedS.set(e.watchedS);
  bigger.n = e.n;
  return bigger;
}

/**
 * `position_s` from the properties JSON without parsing all of it: ingest stores compact JSON, and
 * heartbeats are most of the log. Falls back to a full parse when the text is not as expected.
 */
function positionOf(properties: string): number {
  const key = properties.indexOf('"position_s":');
  if (key < 0) return properties.includes('position_s') ? parsedPosition(properties) : NaN;
  const v = Number.parseFloat(properties.slice(key + 13, key + 40));
  return Number.isFinite(v) ? v : parsedPosition(properties);
}

function parsedPosition(properties: string): number {
  const p = (JSON.parse(properties) as { position_s?: unknown }).position_s;
  return typeof p === 'number' && Number.isFinite(p) ? p : NaN;
}
