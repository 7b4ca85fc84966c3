/**
 * Where learners abandon. For a course: of its buyers (or of everyone who started it), the share
 * who start and who finish each lesson, in catalog order, and the lesson each learner got furthest
 * to. For one lesson: the audience-retention curve — the share of its viewers still watching at
 * each 5% of its length, from the furthest playhead position their heartbeats reported.
 * Read from the event log through the item index (one course's lessons at a time).
 *
 * @example
 *   const d = await courseDropoff(db, scope, { courseId: 'course-7', audience: 'buyers' });
 *   // { audience: 340, lessons: [{ position: 1, started: 320, finished: 290, … }, …] }
 *   const c = await lessonRetention(db, scope, { lessonId: 'course-7-l3' });
 *   // { viewers: 210, durationS: 900, curve: [{ percent: 0, share: 1 }, { percent: 5, share: 0.97 }, …] }
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { admitScanUsers } from './admit.js';
import { lessonCompletedEvent, heartbeatEvent, orderEvent } from './rollup-fold.js';
import type { Scope } from './scope.js';
import { jsonNumber, unindexed } from './sql-time.js';
import { MetricInputError } from './input-error.js';

export const lessonStartedEvent = 'Lesson Started';
const lessonEvents = [lessonStartedEvent, heartbeatEvent, lessonCompletedEvent];

export const audiences = ['buyers', 'starters'] as const;
export type Audience = (typeof audiences)[number];

export interface DropoffSpec {
  courseId: string;
  audience: Audience;
  /** Only buyers who bought (or starters who started) in this window, epoch ms. */
  fromMs?: number;
  toMs?: number;
}

export interface LessonDropoff {
  lessonId: string;
  position: number;
  title: string;
  started: number;
  finished: number;
  /** Shares of the audience. */
  startedShare: number;
  finishedShare: number;
  /** Of those who started the lesson, the share who finished it (low = a hard lesson). */
  finishRate: number;
  /** Audience members whose furthest lesson is this one and who did not finish it. */
  abandonedHere: number;
}

export interface CourseDropoff {
  courseId: string;
  audienceKind: Audience;
  audience: number;
  /** Audience members who never started any lesson. */
  neverStarted: number;
  lessons: LessonDropoff[];
}

const share = (n: number, of: number) => (of ? Math.round((n / of) * 10_000) / 10_000 : 0);

/**
 * Lesson events of these lessons, read by item. The name and the learner are hidden from index
 * choice: without statistics the planner would walk every learner's events (to group by learner)
 * or every heartbeat of the platform (by name) instead of one lesson's events.
 */
function lessonEventsOf(db: Kysely<Database>, scope: Scope, lessonIds: string[]) {
  return db.selectFrom('events').where('project_id', '=', scope.projectId).where('item_id', 'in', lessonIds)
    .where((eb) => eb(unindexed(eb.ref('event')), 'in', lessonEvents));
}

function audienceOf(db: Kysely<Database>, scope: Scope, spec: DropoffSpec, lessonIds: string[]) {
  if (spec.audience === 'buyers') {
    return db.selectFrom('order_items as oi').innerJoin('events as e', 'e.seq', 'oi.event_seq')
      .where('oi.project_id', '=', scope.projectId).where('oi.item_id', '=', spec.courseId)
      .where('e.type', '=', 'track').where('e.event', '=', orderEvent)
      .$if(spec.fromMs !== undefined, (q) => q.where('oi.timestamp', '>=', spec.fromMs!))
      .$if(spec.toMs !== undefined, (q) => q.where('oi.timestamp', '<', spec.toMs!))
      .where(admitScanUsers(db, scope, 'oi.user_id'))
      .select('oi.user_id as u').distinct();
  }
  return lessonEventsOf(db, scope, lessonIds)
    .$if(spec.fromMs !== undefined, (q) => q.where('timestamp', '>=', spec.fromMs!))
    .$if(spec.toMs !== undefined, (q) => q.where('timestamp', '<', spec.toMs!))
    .where(admitScanUsers(db, scope, 'user_id'))
    .select('user_id as u').groupBy((eb) => unindexed(eb.ref('user_id')));
}

export async function courseDropoff(db: Kysely<Database>, scope: Scope, spec: DropoffSpec): Promise<CourseDropoff> {
  const lessons = await db.selectFrom('items').select(['item_id', 'position', 'title'])
    .where('project_id', '=', scope.projectId).where('parent_id', '=', spec.courseId)
    .orderBy('position').orderBy('item_id').execute();
  if (lessons.length === 0) throw new MetricInputError('course', `course "${spec.courseId}" has no lessons in the catalog (items with parentId "${spec.courseId}")`);
  const ids = lessons.map((l) => l.item_id);
  const audience = audienceOf(db, scope, spec, ids);
  // Per learner and lesson: started (any lesson event), finished (a Lesson Completed).
  const progress = lessonEventsOf(db, scope, ids)
    .where((eb) => eb(unindexed(eb.ref('user_id')), 'in', audience))
    .select((eb) => ['user_id as u', 'item_id as lesson',
      eb.fn.max<number>(eb.case().when('event', '=', lessonCompletedEvent).then(1).else(0).end()).as('done')])
    .groupBy((eb) => [unindexed(eb.ref('user_id')), eb.ref('item_id')]);
  const [size, perLesson, furthest] = await Promise.all([
    db.selectFrom(audience.as('a')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom(progress.as('p')).select((eb) => ['p.lesson', eb.fn.countAll<number>().as('started'), eb.fn.sum<number>('p.done').as('finished')])
      .groupBy('p.lesson').execute(),
    // Each learner's furthest lesson (by position) and whether they finished it.
    db.selectFrom(progress.as('p')).innerJoin('items as i', (j) => j.onRef('i.item_id', '=', 'p.lesson').on('i.project_id', '=', scope.projectId))
      .select(['p.u', 'i.position', 'p.lesson', 'p.done']).execute(),
  ]);
  const best = new Map<string, { position: number; lesson: string; done: number }>();
  for (const r of furthest) {
    const position = Number(r.position ?? 0);
    const b = best.get(r.u);
    if (!b || position > b.position) best.set(r.u, { position, lesson: String(r.lesson), done: Number(r.done) });
  }
  const abandoned = new Map<string, number>();
  for (const b of best.values()) if (!b.done) abandoned.set(b.lesson, (abandoned.get(b.lesson) ?? 0) + 1);
  const stats = new Map(perLesson.map((r) => [r.lesson, { started: Number(r.started), finished: Number(r.finished) }]));
  const n = Number(size.n);
  return {
    courseId: spec.courseId,
    audienceKind: spec.audience,
    audience: n,
    neverStarted: n - best.size,
    lessons: lessons.map((l) => {
      const s = stats.get(l.item_id) ?? { started: 0, finished: 0 };
      return {
        lessonId: l.item_id, position: Number(l.position ?? 0), title: l.title,
        started: s.started, finished: s.finished,
        startedShare: share(s.started, n), finishedShare: share(s.finished, n), finishRate: share(s.finished, s.started),
        abandonedHere: abandoned.get(l.item_id) ?? 0,
      };
    }),
  };
}

export interface LessonRetention {
  lessonId: string;
  viewers: number;
  durationS: number;
  /** Share of viewers whose playhead reached each 5% of the lesson (completers reach 100%). */
  curve: { percent: number; share: number }[];
}

export interface LessonSpec {
  lessonId: string;
  fromMs?: number;
  toMs?: number;
}

export async function lessonRetention(db: Kysely<Database>, scope: Scope, spec: LessonSpec): Promise<LessonRetention> {
  const [item, viewers] = await Promise.all([
    db.selectFrom('items').select('duration_s').where('project_id', '=', scope.projectId).where('item_id', '=', spec.lessonId).executeTakeFirst(),
    lessonEventsOf(db, scope, [spec.lessonId])
      .$if(spec.fromMs !== undefined, (q) => q.where('timestamp', '>=', spec.fromMs!))
      .$if(spec.toMs !== undefined, (q) => q.where('timestamp', '<', spec.toMs!))
      .where(admitScanUsers(db, scope, 'user_id'))
      .select((eb) => [
        'user_id as u',
        eb.fn.max<number>(eb.case().when('event', '=', lessonCompletedEvent).then(1).else(0).end()).as('done'),
        eb.fn.max<number | null>(jsonNumber(eb.ref('properties'), ['position_s'])).as('position'),
        // Players report the length when a lesson starts or ends, not in every heartbeat.
        eb.fn.max<number | null>(eb.case().when('event', '<>', heartbeatEvent).then(jsonNumber(eb.ref('properties'), ['duration_s'])).end()).as('duration'),
      ])
      .groupBy((eb) => unindexed(eb.ref('user_id'))).execute(),
  ]);
  if (viewers.length === 0 && !item) throw new MetricInputError('lesson', `lesson "${spec.lessonId}" is neither in the catalog nor in any lesson event`);
  // Length: the catalog's, else the longest the players reported, else the furthest playhead seen.
  let durationS = Number(item?.duration_s ?? 0);
  if (!(durationS > 0)) for (const v of viewers) durationS = Math.max(durationS, Number(v.duration ?? 0));
  if (!(durationS > 0)) for (const v of viewers) durationS = Math.max(durationS, Number(v.position ?? 0));
  const reached = viewers.map((v) => (Number(v.done) ? 1 : durationS > 0 ? Math.min(1, Number(v.position ?? 0) / durationS) : 0));
  const curve = Array.from({ length: 21 }, (_, i) => {
    const fraction = i / 20;
    let n = 0;
    for (const r of reached) if (r >= fraction - 1e-9) n++;
    return { percent: i * 5, share: share(n, viewers.length) };
  });
  return { lessonId: spec.lessonId, viewers: viewers.length, durationS, curve };
}
