/**
 * Keeping the rollups up to date: fold every event stored after the watermark, in arrival (seq)
 * order, in chunks, each chunk and its watermark move committed in one transaction — so a crash
 * never folds an event twice or skips one, and two processes sharing the file never race.
 * `rebuildRollups` empties them and folds the whole log again.
 *
 * @example
 *   const { folded } = await catchUpRollups(store.db, 'default'); // before answering a metric
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import { foldEvents, activeCallTypes, measureColumns, orderEvent, refundEvent, type FoldEvent, type FoldOrderItem, type Fold } from './rollup-fold.js';
import { foldPeriods, syncPeriodZone, upsertPeriods } from './period-rollups.js';
import { upsertRows } from './upsert-rows.js';
import type { InsertEach } from '../store/dialect.js';
import type { ActivityMeasures } from './rollups.table.js';
import { unindexed } from './sql-time.js';

/** The `derive_state` row that holds the rollups' watermark. */
export const rollupStateName = 'analytics-rollups';

/** Events folded per transaction: large enough to amortise the upserts, small enough not to stall ingest. */
export const eventsPerChunk = 20_000;

/** Rows per INSERT statement (≤ 11 columns × 500 rows stays under SQLite's parameter limit). */
const rowsPerStatement = 500;

type Tx = Transaction<Database>;

/** Takes the write lock first (a no-op upsert), then reads the watermark under it. */
async function lockWatermark(trx: Tx, projectId: string): Promise<number> {
  await trx.insertInto('derive_state').values({ project_id: projectId, name: rollupStateName, watermark_seq: 0 })
    .onConflict((oc) => oc.columns(['project_id', 'name']).doUpdateSet((eb) => ({ watermark_seq: eb.ref('derive_state.watermark_seq') })))
    .execute();
  const row = await trx.selectFrom('derive_state').select('watermark_seq')
    .where('project_id', '=', projectId).where('name', '=', rollupStateName).executeTakeFirstOrThrow();
  return Number(row.watermark_seq);
}

/** True when events were stored after the watermark (a read, no lock: the cheap check before folding). */
export async function rollupsBehind(db: Kysely<Database>, projectId: string): Promise<boolean> {
  const watermark = await rollupWatermark(db, projectId);
  const next = await db.selectFrom('events').select('seq')
    .where((eb) => eb(unindexed(eb.ref('project_id')), '=', projectId)).where('seq', '>', watermark)
    .orderBy('seq').limit(1).executeTakeFirst();
  return next !== undefined;
}

/** About how many events wait to be folded (seq distance from the watermark to the newest event). */
export async function rollupBacklog(db: Kysely<Database>, projectId: string): Promise<number> {
  const [watermark, top] = await Promise.all([
    rollupWatermark(db, projectId),
    db.selectFrom('events').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst(),
  ]);
  return Math.max(0, Number(top?.seq ?? 0) - watermark);
}

/** The highest seq already folded (0 when nothing is). */
export async function rollupWatermark(db: Kysely<Database>, projectId: string): Promise<number> {
  const row = await db.selectFrom('derive_state').select('watermark_seq')
    .where('project_id', '=', projectId).where('name', '=', rollupStateName).executeTakeFirst();
  return row ? Number(row.watermark_seq) : 0;
}

async function orderItemsOf(trx: Tx, projectId: string, events: readonly FoldEvent[]): Promise<Map<number, FoldOrderItem[]>> {
  const seqs = events.filter((e) => e.type === 'track' && (e.event === orderEvent || e.event === refundEvent)).map((e) => Number(e.seq));
  const out = new Map<number, FoldOrderItem[]>();
  for (let i = 0; i < seqs.length; i += rowsPerStatement) {
    const rows = await trx.selectFrom('order_items').select(['event_seq', 'item_id', 'price'])
      .where('project_id', '=', projectId).where('event_seq', 'in', seqs.slice(i, i + rowsPerStatement)).execute();
    for (const r of rows) {
      const list = out.get(Number(r.event_seq)) ?? [];
      list.push({ item_id: r.item_id, price: r.price });
      out.set(Number(r.event_seq), list);
    }
  }
  return out;
}

/** Upserts the chunk's learners (earliest first times win) and answers their keys. */
async function upsertUsers(trx: Tx, projectId: string, users: Fold['users']): Promise<Map<string, number>> {
  const keys = new Map<string, number>();
  const rows = [...users].map(([user_id, u]) => ({ project_id: projectId, user_id, first_active_ms: u.firstActiveMs, first_purchase_ms: u.firstPurchaseMs }));
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    const done = await trx.insertInto('analytics_users').values(rows.slice(i, i + rowsPerStatement))
      .onConflict((oc) => oc.columns(['project_id', 'user_id']).doUpdateSet((eb) => ({
        first_active_ms: eb.case()
          .when(eb.and([eb('excluded.first_active_ms', 'is not', null), eb.or([
            eb('analytics_users.first_active_ms', 'is', null),
            eb('excluded.first_active_ms', '<', eb.ref('analytics_users.first_active_ms')),
          ])])).then(eb.ref('excluded.first_active_ms'))
          .else(eb.ref('analytics_users.first_active_ms')).end(),
        first_purchase_ms: eb.case()
          .when(eb.and([eb('excluded.first_purchase_ms', 'is not', null), eb.or([
            eb('analytics_users.first_purchase_ms', 'is', null),
            eb('excluded.first_purchase_ms', '<', eb.ref('analytics_users.first_purchase_ms')),
          ])])).then(eb.ref('excluded.first_purchase_ms'))
          .else(eb.ref('analytics_users.first_purchase_ms')).end(),
      })))
      .returning(['user_key', 'user_id'])
      .execute();
    for (const r of done) keys.set(r.user_id, Number(r.user_key));
  }
  return keys;
}

function splitKey(key: string): string[] {
  return key.split('\t');
}

async function upsertActivity(trx: Tx, projectId: string, fold: Fold, keys: Map<string, number>, insertEach?: InsertEach): Promise<void> {
  const rows = [...fold.activity].map(([key, m]) => {
    const [hour, user] = splitKey(key);
    return { project_id: projectId, hour: Number(hour), user_key: keys.get(user!)!, ...m };
  });
  await upsertRows(rows, (some) => trx.insertInto('activity_hours').values(some)
    .onConflict((oc) => oc.columns(['project_id', 'hour', 'user_key']).doUpdateSet((eb) => addMeasures(eb, 'activity_hours'))), insertEach);
}

async function upsertCourses(trx: Tx, projectId: string, fold: Fold, keys: Map<string, number>, insertEach?: InsertEach): Promise<void> {
  const rows = [...fold.course].map(([key, m]) => {
    const [course, hour, user] = splitKey(key);
    return { project_id: projectId, course_id: course!, hour: Number(hour), user_key: keys.get(user!)!, ...m };
  });
  await upsertRows(rows, (some) => trx.insertInto('course_hours').values(some)
    .onConflict((oc) => oc.columns(['project_id', 'course_id', 'hour', 'user_key']).doUpdateSet((eb) => addMeasures(eb, 'course_hours'))), insertEach);
}

async function upsertEventHours(trx: Tx, projectId: string, fold: Fold, keys: Map<string, number>, insertEach?: InsertEach): Promise<void> {
  const rows = [...fold.eventHours].map(([key, events]) => {
    const [event, hour, user] = splitKey(key);
    return { project_id: projectId, event: event!, hour: Number(hour), user_key: keys.get(user!)!, events };
  });
  await upsertRows(rows, (some) => trx.insertInto('event_hours').values(some)
    .onConflict((oc) => oc.columns(['project_id', 'event', 'hour', 'user_key']).doUpdateSet((eb) => ({
      events: eb('event_hours.events', '+', eb.ref('excluded.events')),
    }))), insertEach);
}

// The update sets of the two measure tables differ only in the table name, which Kysely's
// per-table builder types cannot express generically: the set is built untyped, once.
function addMeasures(eb: any, table: 'activity_hours' | 'course_hours'): any {
  const set = {} as Record<keyof ActivityMeasures, unknown>;
  for (const c of measureColumns) set[c] = eb(`${table}.${c}`, '+', eb.ref(`excluded.${c}`));
  return set;
}

/** Folds one chunk after the watermark; answers how many events it folded (0 = up to date). */
async function foldChunk(db: Kysely<Database>, projectId: string, limit: number, insertEach?: InsertEach): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const watermark = await lockWatermark(trx, projectId);
    const events = await trx.selectFrom('events')
      .select(['seq', 'type', 'event', 'user_id', 'timestamp', 'value', 'course_id', 'item_id'])
      // By rowid from the watermark: an index on project_id would visit the whole log.
      .where((eb) => eb(unindexed(eb.ref('project_id')), '=', projectId)).where('seq', '>', watermark)
      .orderBy('seq').limit(limit).execute();
    if (events.length === 0) return 0;
    const relevant = events.filter((e) => activeCallTypes.includes(e.type));
    const fold = foldEvents(relevant, await orderItemsOf(trx, projectId, relevant));
    const keys = await upsertUsers(trx, projectId, fold.users);
    await upsertActivity(trx, projectId, fold, keys, insertEach);
    // The period rollups follow the hours, in the zone they are kept for (none before the first sync).
    const zone = await trx.selectFrom('activity_period_zones').select('tz').where('project_id', '=', projectId).executeTakeFirst();
    if (zone) await upsertPeriods(trx, projectId, foldPeriods(fold.activity, zone.tz), keys, insertEach);
    await upsertCourses(trx, projectId, fold, keys, insertEach);
    await upsertEventHours(trx, projectId, fold, keys, insertEach);
    await trx.updateTable('derive_state').set({ watermark_seq: Number(events[events.length - 1]!.seq) })
      .where('project_id', '=', projectId).where('name', '=', rollupStateName).execute();
    return events.length;
  });
}

export interface CatchUpResult {
  folded: number;
  watermark: number;
}

/** Rebuilds the period rollups when the project's time zone is not the one they are kept in. */
export async function syncPeriodRollups(db: Kysely<Database>, projectId: string): Promise<void> {
  await syncPeriodZone(db, projectId, (trx) => lockWatermark(trx, projectId));
}

/**
 * Folds every event stored after the watermark (in chunks of `eventsPerChunk`). Pass the store's
 * `insertEach` where it has one: the rollup rows are then upserted by one compiled statement each.
 */
export async function catchUpRollups(
  db: Kysely<Database>, projectId: string, progress?: (folded: number) => void, insertEach?: InsertEach,
): Promise<CatchUpResult> {
  let folded = 0;
  await syncPeriodRollups(db, projectId);
  if (!(await rollupsBehind(db, projectId))) return { folded, watermark: await rollupWatermark(db, projectId) };
  for (;;) {
    const n = await foldChunk(db, projectId, eventsPerChunk, insertEach);
    folded += n;
    if (n > 0) progress?.(folded);
    if (n < eventsPerChunk) break;
  }
  return { folded, watermark: await rollupWatermark(db, projectId) };
}

/**
 * Removes one learner from the rollups (erasure): call after deleting their events, so that no
 * later fold or rebuild brings them back.
 */
export async function forgetLearnerRollups(db: Kysely<Database>, projectId: string, userId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await lockWatermark(trx, projectId);
    const row = await trx.selectFrom('analytics_users').select('user_key')
      .where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
    if (!row) return false;
    for (const table of ['activity_hours', 'activity_periods', 'course_hours', 'event_hours'] as const) {
      await trx.deleteFrom(table).where('project_id', '=', projectId).where('user_key', '=', row.user_key).execute();
    }
    await trx.deleteFrom('analytics_users').where('user_key', '=', row.user_key).execute();
    return true;
  });
}

/** Empties the project's rollups and folds its whole event log again. */
export async function rebuildRollups(
  db: Kysely<Database>, projectId: string, progress?: (folded: number) => void, insertEach?: InsertEach,
): Promise<CatchUpResult> {
  await db.transaction().execute(async (trx) => {
    await lockWatermark(trx, projectId);
    for (const table of ['activity_hours', 'activity_periods', 'course_hours', 'event_hours', 'analytics_users'] as const) {
      await trx.deleteFrom(table).where('project_id', '=', projectId).execute();
    }
    await trx.updateTable('derive_state').set({ watermark_seq: 0 })
      .where('project_id', '=', projectId).where('name', '=', rollupStateName).execute();
  });
  return catchUpRollups(db, projectId, progress, insertEach);
}
