/**
 * Learner features as of any instant: the one feature table that churn models, segments and
 * experiment covariates all read. Point in time — only events strictly before `asOf` count, so a
 * model trained on a past date never sees what happened after it. Robots are left out, and so are
 * learners first seen at or after `asOf`.
 *
 * Cost: one pass over the window's events in arrival order (chunks, so a server keeps answering
 * between them), one over its order items, one over its answers.
 *
 * @example
 *   const table = await learnerFeatures(db, 'default', { asOf: Date.parse('2026-05-01T00:00:00+08:00') });
 *   const u = table.userIds.indexOf('u000042');
 *   table.columns.recencyDays[u];                              // 3.2
 *   table.levels.preferredTopic[table.columns.preferredTopic[u]!]; // 'finance'
 *   featureRow(table, u);                                      // { recencyDays: 3.2, …, device: 'ios' }
 */
import type { Kysely } from 'kysely';
import { jsonText } from '../analytics/sql-time.js';
import type { Database } from '../store/schema.js';
import { loadCatalogIndex } from './catalog-index.js';
import { featureCatalogue, type CategoricalFeature, type FeatureName, type FeatureSpec } from './feature-catalogue.js';
import { FeatureScan } from './feature-scan.js';
import { eventCode } from './event-codes.js';
import { dayMs, LocalClock } from './local-days.js';

export interface FeatureOptions {
  /** Only events strictly before this instant count (epoch ms or a Date). */
  asOf: number | Date;
  /** How far back the window reaches, in days (default 365). Streaks, spend and counts are within it. */
  windowDays?: number;
  /** Only these learners (e.g. one profile); default every non-robot learner first seen before asOf. */
  userIds?: readonly string[];
  /** Time zone of days, weekends and hours; default the project's. */
  timezone?: string;
  onProgress?: (eventsRead: number) => void;
}

export interface FeatureTable {
  asOf: number;
  windowDays: number;
  timezone: string;
  /** Row order of every column, ascending. */
  userIds: string[];
  columns: Record<FeatureName, Float64Array>;
  /** Names behind the categorical columns' indices. */
  levels: Record<CategoricalFeature, string[]>;
  catalogue: readonly FeatureSpec[];
  /** Interest strength per learner × category, row-major (`categories` order). */
  interests: { categories: string[]; strength: Float32Array };
}

export const defaultWindowDays = 365;
const eventsPerChunk = 20_000;
const idsPerStatement = 500;

export async function learnerFeatures(db: Kysely<Database>, projectId: string, options: FeatureOptions): Promise<FeatureTable> {
  const asOf = typeof options.asOf === 'number' ? options.asOf : options.asOf.getTime();
  if (!Number.isFinite(asOf)) throw new RangeError('asOf must be a valid time');
  const windowDays = options.windowDays ?? defaultWindowDays;
  if (!(windowDays > 0)) throw new RangeError('windowDays must be positive');
  const start = asOf - windowDays * dayMs;
  const timezone = options.timezone ?? (await projectTimezone(db, projectId));

  const learners = await loadLearners(db, projectId, asOf, options.userIds);
  const userIndex = new Map<string, number>();
  const firstSeen = new Float64Array(learners.length);
  learners.forEach((l, i) => {
    userIndex.set(l.user_id, i);
    firstSeen[i] = Number(l.first_seen);
  });
  const catalog = await loadCatalogIndex(db, projectId);
  const scan = new FeatureScan(learners.length, catalog, new LocalClock(timezone), asOf, windowDays);
  const filter = options.userIds ? [...userIndex.keys()] : undefined;

  let read = 0;
  for (const ids of idChunks(filter)) {
    let after = 0;
    for (;;) {
      let q = db.selectFrom('events')
        .select((eb) => ['seq', 'user_id', eventCode(eb).as('code'), 'course_id', 'value', 'timestamp',
          // Heartbeats are half the log; their course is enough, so their lesson id is not read.
          eb.case().when('event', '=', 'Lesson Progress').then(null).else(eb.ref('item_id')).end().as('item_id'),
          eb.case()
            .when(eb.or([eb('type', 'in', ['page', 'screen']), eb('event', '=', 'Signed In')])).then(jsonText(eb.ref('context'), ['device', 'type']))
            .when('event', '=', 'Quiz Submitted').then(jsonText(eb.ref('properties'), ['passed']))
            .when('event', '=', 'Question Asked').then(jsonText(eb.ref('properties'), ['question_id']))
            .end().as('detail')])
        .where('seq', '>', after).where('timestamp', '>=', start).where('timestamp', '<', asOf);
      // With a project predicate and no statistics, SQLite walks the project's index and sorts every
      // chunk by seq: quadratic. Without it, the rowid range reads the log in order; the few rows of
      // other projects are skipped here. A learner filter uses the (project, user, time) index instead.
      if (ids) q = q.where('project_id', '=', projectId).where('user_id', 'in', ids);
      const rows = await q.select('project_id').orderBy('seq').limit(eventsPerChunk).execute();
      for (const r of rows) {
        const u = r.project_id === projectId ? userIndex.get(r.user_id) : undefined;
        if (u !== undefined) scan.addEvent(u, r);
      }
      read += rows.length;
      options.onProgress?.(read);
      if (rows.length < eventsPerChunk) break;
      after = Number(rows[rows.length - 1]!.seq);
    }

    let orderQuery = db.selectFrom('order_items as o').innerJoin('events as e', 'e.seq', 'o.event_seq')
      .select(['o.user_id', 'o.item_id', 'e.event'])
      .where('o.project_id', '=', projectId).where('o.timestamp', '>=', start).where('o.timestamp', '<', asOf);
    if (ids) orderQuery = orderQuery.where('o.user_id', 'in', ids);
    for (const r of await orderQuery.execute()) {
      const u = userIndex.get(r.user_id);
      if (u !== undefined && r.event !== null) scan.addOrderItem(u, r.item_id, r.event);
    }
  }

  // Anyone may answer, robots and learners outside `userIds` included.
  const answers = await db.selectFrom('events').select((eb) => jsonText(eb.ref('properties'), ['question_id']).as('q'))
    .where('project_id', '=', projectId).where('event', '=', 'Answer Posted').where('timestamp', '>=', start).where('timestamp', '<', asOf)
    .execute();
  for (const a of answers) if (a.q !== null) scan.addAnswered(String(a.q));

  const result = scan.finish(firstSeen);
  return {
    asOf, windowDays, timezone, userIds: learners.map((l) => l.user_id), columns: result.columns, levels: result.levels,
    catalogue: featureCatalogue, interests: { categories: result.levels.preferredTopic, strength: result.interests },
  };
}

/** One learner's features by name; categorical ones as their level name, NaN as null. */
export function featureRow(table: FeatureTable, u: number): Record<FeatureName, number | string | null> {
  const row = {} as Record<FeatureName, number | string | null>;
  for (const spec of table.catalogue) {
    const v = table.columns[spec.name][u]!;
    if (Number.isNaN(v)) row[spec.name] = null;
    else if (spec.kind === 'category') row[spec.name] = table.levels[spec.name as CategoricalFeature][v] ?? null;
    else row[spec.name] = v;
  }
  return row;
}

export async function projectTimezone(db: Kysely<Database>, projectId: string): Promise<string> {
  const row = await db.selectFrom('projects').select('timezone').where('project_id', '=', projectId).executeTakeFirst();
  return row?.timezone ?? 'Asia/Shanghai';
}

async function loadLearners(db: Kysely<Database>, projectId: string, asOf: number, userIds?: readonly string[]) {
  const base = db.selectFrom('users').select(['user_id', 'first_seen'])
    .where('project_id', '=', projectId).where('is_robot', '=', 0).where('first_seen', '<', asOf);
  if (!userIds) return base.orderBy('user_id').execute();
  const rows = [];
  for (const ids of idChunks([...new Set(userIds)])) rows.push(...await base.where('user_id', 'in', ids!).execute());
  return rows.sort((a, b) => (a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : 0));
}

/** The ids in statement-sized chunks; one `undefined` chunk (no filter) without ids. */
function idChunks(ids: readonly string[] | undefined): (string[] | undefined)[] {
  if (!ids) return [undefined];
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += idsPerStatement) out.push(ids.slice(i, i + idsPerStatement));
  return out;
}

// Re-exported so callers of the table need one import for its vocabulary.
export { featureCatalogue, type FeatureName, type FeatureSpec } from './feature-catalogue.js';
