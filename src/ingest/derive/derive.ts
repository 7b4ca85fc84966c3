/**
 * The derive step: folds new events into the per-learner tables (sessions, lesson progress,
 * robot flags). It is incremental — only learners with events after the stored watermark are
 * recomputed, each from all of their events, so late and out-of-order events are handled — and
 * rebuildable from scratch with `full`. A rebuild (or a first pass) of a log that fits in memory
 * reads the log once in arrival order instead of learner by learner through the index.
 *
 * @example
 *   const r = await deriveLearners(store.db, 'default');
 *   // { learners: 120, sessions: 431, lessons: 902, robots: 2, watermark: 15000 }
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import { yieldToEventLoop } from '../../jobs/yield.js';
import type { Database } from '../../store/schema.js';
import type { LessonProgressTable, SessionsTable } from '../derived.table.js';
import { learnerEventsOf, scanLearnerEvents } from './learner-events.js';
import { lessonProgressOf, robotReason, sessionsOf, type DerivableEvent, type LessonProgress, type Session } from './rules.js';

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

/** What the derive rules make of one learner's events. */
export interface LearnerDerived {
  userId: string;
  sessions: Session[];
  lessons: LessonProgress[];
  robotReason: string | null;
}

/** Every learner of a project derived from the events up to `watermark`. */
export interface DerivedLearners {
  watermark: number;
  learners: LearnerDerived[];
}

const stateName = 'learners';
/** Learners per slice of an incremental pass: one read and one transaction each, the event loop handed back in between. */
const learnersPerChunk = 50;
/** Learners per transaction when writing a rebuild: each commit is an fsync, and nothing is read in between. */
const learnersPerWrite = 1000;
const rowsPerStatement = 500;
/**
 * Largest log a rebuild reads in one sequential pass (~50 bytes of memory per event); a larger one
 * is read learner by learner through the index, in bounded memory.
 */
const maxEventsScanned = 10_000_000;

export function deriveLearner(userId: string, events: readonly DerivableEvent[]): LearnerDerived {
  return { userId, sessions: sessionsOf(events), lessons: lessonProgressOf(events), robotReason: robotReason(events) };
}

export async function deriveLearners(db: Kysely<Database>, projectId: string, options: DeriveOptions = {}): Promise<DeriveResult> {
  const maxSeq = await lastSeq(db, projectId);
  const state = await db.selectFrom('derive_state').select('watermark_seq')
    .where('project_id', '=', projectId).where('name', '=', stateName).executeTakeFirst();
  const watermark = options.full ? 0 : Number(state?.watermark_seq ?? 0);
  const result: DeriveResult = { learners: 0, sessions: 0, lessons: 0, robots: 0, watermark: maxSeq };
  if (maxSeq <= watermark) return { ...result, watermark };

  if (watermark === 0 && maxSeq <= maxEventsScanned) {
    const all = await deriveAllLearners(db, projectId, maxSeq);
    return saveDerived(db, projectId, all, options.onProgress);
  }
  const learners = watermark === 0
    ? await allLearners(db, projectId)
    : (await db.selectFrom('events').select('user_id').distinct()
      .where('project_id', '=', projectId).where('seq', '>', watermark).where('seq', '<=', maxSeq).execute()).map((r) => r.user_id);
  for (let i = 0; i < learners.length; i += learnersPerChunk) {
    const chunk = learners.slice(i, i + learnersPerChunk);
    const byLearner = await learnerEventsOf(db, projectId, chunk);
    const derived = chunk.map((userId) => deriveLearner(userId, byLearner.get(userId) ?? []));
    addCounts(result, await writeDerived(db, projectId, derived));
    options.onProgress?.(result.learners, learners.length);
    await yieldToEventLoop();
  }
  await saveWatermark(db, projectId, maxSeq);
  return result;
}

/**
 * Derives every learner of the project from one sequential read of the events up to `maxSeq`
 * (default: all), writing nothing — `saveDerived` stores the result. Reads need no secondary
 * index, so this can run on a second connection while the indexes are rebuilt.
 */
export async function deriveAllLearners(db: Kysely<Database>, projectId: string, maxSeq?: number): Promise<DerivedLearners> {
  const watermark = maxSeq ?? await lastSeq(db, projectId);
  const learners = await allLearners(db, projectId);
  const derived = new Map<string, LearnerDerived>();
  await scanLearnerEvents(db, projectId, watermark, (userId, events) => derived.set(userId, deriveLearner(userId, events)));
  return { watermark, learners: learners.map((userId) => derived.get(userId) ?? deriveLearner(userId, [])) };
}

/**
 * `deriveAllLearners` for a first derive, when the log fits in one pass; null when it does not
 * (then `deriveLearners` reads learner by learner, through the index).
 */
export async function deriveInOnePass(db: Kysely<Database>, projectId: string): Promise<DerivedLearners | null> {
  const maxSeq = await lastSeq(db, projectId);
  return maxSeq <= maxEventsScanned ? deriveAllLearners(db, projectId, maxSeq) : null;
}

/** Replaces the derived rows of `all.learners` and moves the watermark to `all.watermark`. */
export async function saveDerived(
  db: Kysely<Database>, projectId: string, all: DerivedLearners, onProgress?: (done: number, total: number) => void,
): Promise<DeriveResult> {
  const result: DeriveResult = { learners: 0, sessions: 0, lessons: 0, robots: 0, watermark: all.watermark };
  for (let i = 0; i < all.learners.length; i += learnersPerWrite) {
    addCounts(result, await writeDerived(db, projectId, all.learners.slice(i, i + learnersPerWrite)));
    onProgress?.(result.learners, all.learners.length);
    await yieldToEventLoop();
  }
  await saveWatermark(db, projectId, all.watermark);
  return result;
}

async function lastSeq(db: Kysely<Database>, projectId: string): Promise<number> {
  const top = await db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).where('project_id', '=', projectId).executeTakeFirst();
  return Number(top?.seq ?? 0);
}

async function allLearners(db: Kysely<Database>, projectId: string): Promise<string[]> {
  return (await db.selectFrom('users').select('user_id').where('project_id', '=', projectId).execute()).map((r) => r.user_id);
}

function addCounts(into: DeriveResult, part: Omit<DeriveResult, 'watermark'>): void {
  into.learners += part.learners;
  into.sessions += part.sessions;
  into.lessons += part.lessons;
  into.robots += part.robots;
}

/** Replaces the sessions, lesson progress and robot flags of these learners, in one transaction. */
async function writeDerived(db: Kysely<Database>, projectId: string, derived: readonly LearnerDerived[]): Promise<Omit<DeriveResult, 'watermark'>> {
  const ids = derived.map((d) => d.userId);
  const sessionRows: Insertable<SessionsTable>[] = [];
  const progressRows: Insertable<LessonProgressTable>[] = [];
  for (const d of derived) {
    for (const s of d.sessions) {
      sessionRows.push({ project_id: projectId, user_id: d.userId, started_at: s.startedAt, ended_at: s.endedAt, events: s.events });
    }
    for (const p of d.lessons) {
      progressRows.push({
        project_id: projectId, user_id: d.userId, lesson_id: p.lessonId, course_id: p.courseId, first_at: p.firstAt, last_at: p.lastAt,
        watched_s: p.watchedS, clamped_s: p.clampedS, max_position_s: p.maxPositionS, completed_at: p.completedAt,
      });
    }
  }
  const flagged = derived.filter((d) => d.robotReason !== null);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('project_id', '=', projectId).where('user_id', 'in', ids).execute();
    await trx.deleteFrom('lesson_progress').where('project_id', '=', projectId).where('user_id', 'in', ids).execute();
    for (let k = 0; k < sessionRows.length; k += rowsPerStatement) {
      await trx.insertInto('sessions').values(sessionRows.slice(k, k + rowsPerStatement))
        .onConflict((oc) => oc.columns(['project_id', 'user_id', 'started_at']).doNothing()).execute();
    }
    for (let k = 0; k < progressRows.length; k += rowsPerStatement) {
      await trx.insertInto('lesson_progress').values(progressRows.slice(k, k + rowsPerStatement)).execute();
    }
    await trx.updateTable('users').set({ is_robot: 0, robot_reason: null })
      .where('project_id', '=', projectId).where('user_id', 'in', ids).where('is_robot', '=', 1).execute();
    for (const r of flagged) {
      await trx.updateTable('users').set({ is_robot: 1, robot_reason: r.robotReason })
        .where('project_id', '=', projectId).where('user_id', '=', r.userId).execute();
    }
  });
  return { learners: derived.length, sessions: sessionRows.length, lessons: progressRows.length, robots: flagged.length };
}

async function saveWatermark(db: Kysely<Database>, projectId: string, maxSeq: number): Promise<void> {
  await db.insertInto('derive_state').values({ project_id: projectId, name: stateName, watermark_seq: maxSeq })
    .onConflict((oc) => oc.columns(['project_id', 'name']).doUpdateSet({ watermark_seq: sql`excluded.watermark_seq` }))
    .execute();
}
