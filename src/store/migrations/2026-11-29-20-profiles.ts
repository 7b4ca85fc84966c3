/**
 * Frozen migration: learner segments. A run is one computation (k-means or RFM) with what is
 * needed to place any learner later (feature scaling, cut points); its segments carry stable ids
 * and their descriptions; members hold the latest run's assignment per learner and method.
 * Typed against an untyped handle and importing nothing from the application.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const bigint = pg ? 'bigint' : 'integer';
  const float = pg ? 'double precision' : 'real';

  await db.schema.createTable('segment_runs')
    .addColumn('run_id', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('as_of', bigint, (c) => c.notNull())
    .addColumn('computed_at', bigint, (c) => c.notNull())
    .addColumn('learners', 'integer', (c) => c.notNull())
    .addColumn('quality', float)
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('projection', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('segment_runs_method').on('segment_runs').columns(['project_id', 'method', 'run_id']).execute();

  await db.schema.createTable('segments')
    .addColumn('run_id', bigint, (c) => c.notNull())
    .addColumn('segment_id', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('description_zh', 'text', (c) => c.notNull())
    .addColumn('description_en', 'text', (c) => c.notNull())
    .addColumn('centroid', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('segments_pk', ['run_id', 'segment_id'])
    .execute();

  await db.schema.createTable('segment_members')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('run_id', bigint, (c) => c.notNull())
    .addColumn('segment_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('segment_members_pk', ['project_id', 'method', 'user_id'])
    .execute();
  // "Who is in segment 3": the dashboard lists a segment's learners.
  await db.schema.createIndex('segment_members_segment').on('segment_members').columns(['project_id', 'method', 'segment_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['segment_members', 'segments', 'segment_runs']) await db.schema.dropTable(t).ifExists().execute();
}
