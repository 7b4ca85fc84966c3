/**
 * Churn labels, point in time. "Active" is the analytics definition: any track, page or screen
 * call except the passive ones the platform records about a learner (pushes sent, slates shown).
 *
 * - **Learner churn at T** (horizon N days): the learner was active in the 28 days before T and is
 *   not active in [T, T + N). Learners not active in those 28 days are not labelled at all — they
 *   had already gone (or never came), which is not what a retention team can act on.
 * - **Course churn at T**: the learner bought the course before T (not refunded before T), had
 *   not finished it by T (some catalog lesson without a Lesson Completed), was working on it in the
 *   28 days before T (a lesson event of it, or the purchase itself), and has no lesson event of that
 *   course in [T, T + N): they stopped before finishing it.
 *
 * Robots are never labelled.
 *
 * @example
 *   const labels = await learnerChurnLabels(db, 'default', { at: Date.parse('2026-05-01T00:00:00+08:00'), horizonDays: 14 });
 *   labels.userIds.length;  // learners active in the 28 days before May
 *   labels.churned[0];      // 1: not active in May 1–14
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { activeCallTypes, passiveEvents } from '../analytics/rollup-fold.js';
import type { Database } from '../store/schema.js';

export const dayMs = 86_400_000;
/** How far back a learner must have been active to be labelled (and scored). */
export const lookbackDays = 28;
export const defaultHorizonDays = 14;
export const lessonEvents = ['Lesson Started', 'Lesson Progress', 'Lesson Completed'] as const;

export interface LabelWindow {
  /** The label instant T (epoch ms). */
  at: number;
  horizonDays: number;
}

export interface LearnerLabels {
  at: number;
  horizonDays: number;
  /** Learners active in the 28 days before T, ascending. */
  userIds: string[];
  /** 1 = churned (no active event in [T, T + N)), parallel to `userIds`. */
  churned: Uint8Array;
}

export interface CourseLabel {
  userId: string;
  courseId: string;
  churned: boolean;
}

/** The analytics "active" predicate on the events table. */
export function activeEvent(eb: ExpressionBuilder<Database, 'events'>) {
  return eb.and([
    eb('type', 'in', [...activeCallTypes]),
    eb.or([eb('type', '<>', 'track'), eb('event', 'is', null), eb('event', 'not in', [...passiveEvents])]),
  ]);
}

/** Distinct non-robot learners with an active event in [from, to). */
export async function activeLearners(db: Kysely<Database>, projectId: string, from: number, to: number): Promise<Set<string>> {
  const rows = await db.selectFrom('events as e')
    .innerJoin('users as u', (j) => j.onRef('u.project_id', '=', 'e.project_id').onRef('u.user_id', '=', 'e.user_id'))
    .select('e.user_id').distinct()
    .where('e.project_id', '=', projectId).where('u.is_robot', '=', 0)
    .where('e.timestamp', '>=', from).where('e.timestamp', '<', to)
    .where((eb) => activeEvent(eb as unknown as ExpressionBuilder<Database, 'events'>))
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/** The learners labelled at T (active in the 28 days before), ascending. */
export async function labelledLearners(db: Kysely<Database>, projectId: string, at: number): Promise<string[]> {
  return [...await activeLearners(db, projectId, at - lookbackDays * dayMs, at)].sort();
}

/** Learner churn labels at T; see the module comment. */
export async function learnerChurnLabels(db: Kysely<Database>, projectId: string, w: LabelWindow): Promise<LearnerLabels> {
  checkWindow(w);
  const userIds = await labelledLearners(db, projectId, w.at);
  const later = await activeLearners(db, projectId, w.at, w.at + w.horizonDays * dayMs);
  const churned = new Uint8Array(userIds.length);
  for (let i = 0; i < userIds.length; i++) churned[i] = later.has(userIds[i]!) ? 0 : 1;
  return { at: w.at, horizonDays: w.horizonDays, userIds, churned };
}

/** Per-course churn labels at T, ordered by learner then course; see the module comment. */
export async function courseChurnLabels(db: Kysely<Database>, projectId: string, w: LabelWindow): Promise<CourseLabel[]> {
  checkWindow(w);
  const from = w.at - lookbackDays * dayMs;
  const end = w.at + w.horizonDays * dayMs;
  const robots = new Set((await db.selectFrom('users').select('user_id').where('project_id', '=', projectId).where('is_robot', '=', 1).execute())
    .map((r) => r.user_id));
  const courses = await db.selectFrom('items as c')
    .leftJoin('items as l', (j) => j.onRef('l.project_id', '=', 'c.project_id').onRef('l.parent_id', '=', 'c.item_id').on('l.type', '=', 'lesson'))
    .select((eb) => ['c.item_id', eb.fn.count<number>('l.item_id').as('lessons')])
    .where('c.project_id', '=', projectId).where('c.type', '=', 'course').groupBy('c.item_id').execute();
  const lessonCount = new Map(courses.map((c) => [c.item_id, Number(c.lessons)]));

  const orders = await db.selectFrom('order_items as o').innerJoin('events as e', 'e.seq', 'o.event_seq')
    .select(['o.user_id', 'o.item_id', 'e.event', 'o.timestamp'])
    .where('o.project_id', '=', projectId).where('o.timestamp', '<', w.at).where('e.event', 'in', ['Order Completed', 'Order Refunded'])
    .orderBy('o.timestamp').execute();
  // key → bought recently (in the 28 days before T); a refund before T removes the purchase.
  const bought = new Map<string, boolean>();
  for (const o of orders) {
    if (!lessonCount.has(o.item_id) || robots.has(o.user_id)) continue;
    const key = `${o.user_id}\u0000${o.item_id}`;
    if (o.event === 'Order Refunded') bought.delete(key);
    else bought.set(key, (bought.get(key) ?? false) || Number(o.timestamp) >= from);
  }
  if (bought.size === 0) return [];

  const lessonRows = await db.selectFrom('events')
    .select(['user_id', 'course_id', 'item_id', 'event', 'timestamp'])
    .where('project_id', '=', projectId).where('event', 'in', [...lessonEvents]).where('timestamp', '<', end)
    .where('course_id', 'is not', null).execute();
  const completed = new Map<string, Set<string>>();
  const recent = new Set<string>();
  const after = new Set<string>();
  for (const r of lessonRows) {
    const key = `${r.user_id}\u0000${r.course_id}`;
    if (!bought.has(key)) continue;
    const t = Number(r.timestamp);
    if (t >= w.at) after.add(key);
    else {
      if (t >= from) recent.add(key);
      if (r.event === 'Lesson Completed' && r.item_id !== null) {
        let done = completed.get(key);
        if (!done) completed.set(key, (done = new Set()));
        done.add(r.item_id);
      }
    }
  }
  const out: CourseLabel[] = [];
  for (const [key, boughtRecently] of bought) {
    const [userId, courseId] = key.split('\u0000') as [string, string];
    const total = lessonCount.get(courseId)!;
    const finished = total > 0 && (completed.get(key)?.size ?? 0) >= total;
    if (finished || !(boughtRecently || recent.has(key))) continue;
    out.push({ userId, courseId, churned: !after.has(key) });
  }
  return out.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : a.courseId < b.courseId ? -1 : a.courseId > b.courseId ? 1 : 0));
}

function checkWindow(w: LabelWindow): void {
  if (!Number.isFinite(w.at)) throw new RangeError('the label time must be a valid time');
  if (!(Number.isInteger(w.horizonDays) && w.horizonDays >= 1)) throw new RangeError('horizonDays must be a positive whole number of days');
}
