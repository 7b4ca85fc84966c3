/**
 * The derive step: folds new events into the per-learner tables (sessions, lesson progress,
 * robot flags). It is incremental — only learners with events after the stored watermark are
 * recomputed, each from all of their events, so late and out-of-order events are handled — and
 * rebuildable from scratch with `full`.
 *
 * @example
 *   const r = await deriveLearners(store.db, 'default');
 *   // { learners: 120, sessions: 431, lessons: 902, robots: 2, watermark: 15000 }
 */
import { sql, type Kysely } from 'kysely';
import { yieldToEventLoop } from '../../jobs/yield.js';
import type { Database } from '../../store/schema.js';
import { lessonProgressOf, robotReason, sessionsOf, type DerivableEvent } from './rules.js';

export interface DeriveResult {
  learners: number;
  sessions: number;
  lessons: number;
  robots: number;
  watermark: number;
}

export interface DeriveOptions {
  full?: boolean;
  onProgress?: (done: number, total: number) => void;
}

const stateName = 'learners';
/** Learners per slice: one transaction each, with the event loop handed back in between. */
const learnersPerChunk = 50;
const rowsPerStatement = 500;

export async function deriveLearners(db: Kysely<Database>, projectId: string, options: DeriveOptions = {}): Promise<DeriveResult> {
  const top = await db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).where('project_id', '=', projectId).executeTakeFirst();
  const maxSeq = Number(top?.seq ?? 0);
  const state = await db.selectFrom('derive_state').select('watermark_seq')
    .where('project_id', '=', projectId).where('name', '=', stateName).executeTakeFirst();
  const watermark = options.full ? 0 : Number(state?.watermark_seq ?? 0);
  const result: DeriveResult = { learners: 0, sessions: 0, lessons: 0, robots: 0, watermark: maxSeq };
  if (maxSeq <= watermark) return { ...result, watermark };

  const learners = watermark === 0
    ? (await db.selectFrom('users').select('user_id').where('project_id', '=', projectId).execute()).map((r) => r.user_id)
    : (await db.selectFrom('events').select('user_id').distinct()
      .where('project_id', '=', projectId).where('seq', '>', watermark).where('seq', '<=', maxSeq).execute()).map((r) => r.user_id);

  for (let i = 0; i < learners.length; i += learnersPerChunk) {
    const chunk = learners.slice(i, i + learnersPerChunk);
    const rows = await db.selectFrom('events')
      .select(['user_id', 'timestamp', 'event', 'type', 'item_id', 'course_id', 'value', 'properties'])
      .where('project_id', '=', projectId).where('user_id', 'in', chunk)
      .orderBy('user_id').orderBy('timestamp').orderBy('seq')
      .execute();
    const byLearner = new Map<string, DerivableEvent[]>();
    for (const r of rows) {
      let list = byLearner.get(r.user_id);
      if (!list) byLearner.set(r.user_id, (list = []));
      list.push({
        timestamp: Number(r.timestamp), event: r.event, type: r.type, itemId: r.item_id, courseId: r.course_id, value: r.value,
        positionS: r.event?.startsWith('Lesson ') ? positionOf(r.properties) : null,
      });
    }
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sessions').where('project_id', '=', projectId).where('user_id', 'in', chunk).execute();
      await trx.deleteFrom('lesson_progress').where('project_id', '=', projectId).where('user_id', 'in', chunk).execute();
      const sessionRows = [];
      const progressRows = [];
      const robots: { userId: string; reason: string | null }[] = [];
      for (const [userId, events] of byLearner) {
        for (const s of sessionsOf(events)) {
          sessionRows.push({ project_id: projectId, user_id: userId, started_at: s.startedAt, ended_at: s.endedAt, events: s.events });
        }
        for (const p of lessonProgressOf(events)) {
          progressRows.push({
            project_id: projectId, user_id: userId, lesson_id: p.lessonId, course_id: p.courseId, first_at: p.firstAt, last_at: p.lastAt,
            watched_s: p.watchedS, clamped_s: p.clampedS, max_position_s: p.maxPositionS, completed_at: p.completedAt,
          });
        }
        robots.push({ userId, reason: robotReason(events) });
      }
      for (let k = 0; k < sessionRows.length; k += rowsPerStatement) {
        await trx.insertInto('sessions').values(sessionRows.slice(k, k + rowsPerStatement))
          .onConflict((oc) => oc.columns(['project_id', 'user_id', 'started_at']).doNothing()).execute();
      }
      for (let k = 0; k < progressRows.length; k += rowsPerStatement) {
        await trx.insertInto('lesson_progress').values(progressRows.slice(k, k + rowsPerStatement)).execute();
      }
      const flagged = robots.filter((r) => r.reason !== null);
      await trx.updateTable('users').set({ is_robot: 0, robot_reason: null })
        .where('project_id', '=', projectId).where('user_id', 'in', chunk).where('is_robot', '=', 1).execute();
      for (const r of flagged) {
        await trx.updateTable('users').set({ is_robot: 1, robot_reason: r.reason })
          .where('project_id', '=', projectId).where('user_id', '=', r.userId).execute();
      }
      result.sessions += sessionRows.length;
      result.lessons += progressRows.length;
      result.robots += flagged.length;
    });
    result.learners += chunk.length;
    options.onProgress?.(result.learners, learners.length);
    await yieldToEventLoop();
  }
  await db.insertInto('derive_state').values({ project_id: projectId, name: stateName, watermark_seq: maxSeq })
    .onConflict((oc) => oc.columns(['project_id', 'name']).doUpdateSet({ watermark_seq: sql`excluded.watermark_seq` }))
    .execute();
  return result;
}

function positionOf(properties: string): number | null {
  const p = (JSON.parse(properties) as { position_s?: unknown }).position_s;
  return typeof p === 'number' && Number.isFinite(p) ? p : null;
}
