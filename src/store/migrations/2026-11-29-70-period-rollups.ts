/**
 * Frozen migration: per-learner rollups by local day, week and month in the project's time zone,
 * beside the hourly ones, and the zone they were built for. Counting the active learners of a week
 * then reads one row per learner-week instead of every learner-hour of the week.
 * Typed against an untyped handle and importing nothing from the application.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const bigint = pg ? 'bigint' : 'integer';
  const float = pg ? 'double precision' : 'real';
  const clustered = pg ? sql`` : sql`without rowid`;

  await db.schema.createTable('activity_periods')
    .addColumn('project_id', 'text', (c) => c.notNull())
    // 'day' | 'week' | 'month'
    .addColumn('grain', 'text', (c) => c.notNull())
    // The period's first instant in whole UTC hours since the epoch (the hourly rollups' unit).
    .addColumn('start_hour', bigint, (c) => c.notNull())
    .addColumn('user_key', bigint, (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addColumn('learning_s', float, (c) => c.notNull())
    .addColumn('lessons_completed', 'integer', (c) => c.notNull())
    .addColumn('orders', 'integer', (c) => c.notNull())
    .addColumn('revenue', float, (c) => c.notNull())
    .addColumn('refunds', 'integer', (c) => c.notNull())
    .addColumn('refunded_revenue', float, (c) => c.notNull())
    .addPrimaryKeyConstraint('activity_periods_pk', ['project_id', 'grain', 'start_hour', 'user_key'])
    .modifyEnd(clustered)
    .execute();

  // One row per project whose period rollups are kept: the time zone their periods are local to.
  await db.schema.createTable('activity_period_zones')
    .addColumn('project_id', 'text', (c) => c.primaryKey())
    .addColumn('tz', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('activity_period_zones').ifExists().execute();
  await db.schema.dropTable('activity_periods').ifExists().execute();
}
