/**
 * Repository functions for segment runs: save one (its segments, and every learner's membership,
 * replacing the previous run's of the same method), read the latest, list a segment's learners.
 * The database handle comes first; each save is one transaction.
 *
 * @example
 *   const runId = await saveSegmentRun(db, 'default', run, table.userIds, memberIds);
 *   (await latestSegmentRun(db, 'default', 'kmeans'))?.segments.length;
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { SegmentMethod, SegmentRun } from './segment-run.js';
import type { SegmentRunRow, SegmentRow } from './segments.table.js';

const rowsPerStatement = 500;

export async function saveSegmentRun(
  db: Kysely<Database>, projectId: string, run: Omit<SegmentRun, 'runId'>, userIds: readonly string[], segmentIds: Int32Array,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('segment_runs').values({
      project_id: projectId, method: run.method, as_of: run.asOf, computed_at: run.computedAt, learners: run.learners,
      quality: run.quality, params: JSON.stringify(run.params), projection: JSON.stringify(run.projection),
    }).returning('run_id').executeTakeFirstOrThrow();
    const runId = Number(inserted.run_id);
    if (run.segments.length > 0) {
      await trx.insertInto('segments').values(run.segments.map((s) => ({
        run_id: runId, segment_id: s.id, key: s.key, size: s.size, name_zh: s.name.zh, name_en: s.name.en,
        description_zh: s.description.zh, description_en: s.description.en,
        centroid: JSON.stringify({ share: s.share, rule: s.rule ?? null, features: s.centroid }),
      }))).execute();
    }
    await trx.deleteFrom('segment_members').where('project_id', '=', projectId).where('method', '=', run.method).execute();
    for (let i = 0; i < userIds.length; i += rowsPerStatement) {
      const rows = [];
      for (let u = i; u < Math.min(userIds.length, i + rowsPerStatement); u++) {
        rows.push({ project_id: projectId, method: run.method, user_id: userIds[u]!, run_id: runId, segment_id: segmentIds[u]! });
      }
      await trx.insertInto('segment_members').values(rows).execute();
    }
    return runId;
  });
}

function rowToRun(r: SegmentRunRow, segments: SegmentRow[]): SegmentRun {
  return {
    runId: Number(r.run_id), method: r.method as SegmentMethod, asOf: Number(r.as_of), computedAt: Number(r.computed_at),
    learners: r.learners, quality: r.quality, params: JSON.parse(r.params) as SegmentRun['params'],
    projection: JSON.parse(r.projection) as SegmentRun['projection'],
    segments: segments.map((s) => {
      const c = JSON.parse(s.centroid) as { share: number; rule: string | null; features: SegmentRun['segments'][number]['centroid'] };
      return {
        id: s.segment_id, key: s.key, size: s.size, share: c.share, name: { zh: s.name_zh, en: s.name_en },
        description: { zh: s.description_zh, en: s.description_en }, ...(c.rule === null ? {} : { rule: c.rule }), centroid: c.features,
      };
    }),
  };
}

export async function latestSegmentRun(db: Kysely<Database>, projectId: string, method: SegmentMethod): Promise<SegmentRun | undefined> {
  const run = await db.selectFrom('segment_runs').selectAll().where('project_id', '=', projectId).where('method', '=', method)
    .orderBy('run_id', 'desc').limit(1).executeTakeFirst();
  if (!run) return undefined;
  const segments = await db.selectFrom('segments').selectAll().where('run_id', '=', run.run_id).orderBy('segment_id').execute();
  return rowToRun(run, segments);
}

/** Learners of a segment in the latest run, by id, paged with `after`. */
export async function segmentLearners(
  db: Kysely<Database>, projectId: string, method: SegmentMethod, segmentId: number, page: { after?: string; limit: number },
): Promise<string[]> {
  let q = db.selectFrom('segment_members').select('user_id')
    .where('project_id', '=', projectId).where('method', '=', method).where('segment_id', '=', segmentId);
  if (page.after !== undefined) q = q.where('user_id', '>', page.after);
  return (await q.orderBy('user_id').limit(page.limit).execute()).map((r) => r.user_id);
}
