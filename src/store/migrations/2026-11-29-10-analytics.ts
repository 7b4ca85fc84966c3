/**
 * Frozen migration: the analytics rollups (hourly per learner, per course, per event name), the
 * learner key table they share, and the event indexes that funnels and order folding read by.
 * Typed against an untyped handle and importing nothing from the application.
 */
import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const bigint = pg ? 'bigint' : 'integer';
  const float = pg ? 'double precision' : 'real';
  // Rollups are read by primary-key range; SQLite stores such tables best without a rowid.
  const clustered = pg ? sql`` : sql`without rowid`;

  await db.schema.createTable('analytics_users')
    .addColumn('user_key', pg ? 'bigserial' : 'integer', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('first_active_ms', bigint)
    .addColumn('first_purchase_ms', bigint)
    .execute();
  await db.schema.createIndex('analytics_users_id').unique().on('analytics_users').columns(['project_id', 'user_id']).execute();

  const measures = (t: CreateTableBuilder<string, string>) => t
    .addColumn('events', 'integer', (c) => c.notNull())
    .addColumn('learning_s', float, (c) => c.notNull())
    .addColumn('lessons_completed', 'integer', (c) => c.notNull())
    .addColumn('orders', 'integer', (c) => c.notNull())
    .addColumn('revenue', float, (c) => c.notNull())
    .addColumn('refunds', 'integer', (c) => c.notNull())
    .addColumn('refunded_revenue', float, (c) => c.notNull());

  await measures(db.schema.createTable('activity_hours')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('hour', bigint, (c) => c.notNull())
    .addColumn('user_key', bigint, (c) => c.notNull()))
    .addPrimaryKeyConstraint('activity_hours_pk', ['project_id', 'hour', 'user_key'])
    .modifyEnd(clustered)
    .execute();

  await measures(db.schema.createTable('course_hours')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('hour', bigint, (c) => c.notNull())
    .addColumn('user_key', bigint, (c) => c.notNull()))
    .addPrimaryKeyConstraint('course_hours_pk', ['project_id', 'course_id', 'hour', 'user_key'])
    .modifyEnd(clustered)
    .execute();

  await db.schema.createTable('event_hours')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('hour', bigint, (c) => c.notNull())
    .addColumn('user_key', bigint, (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_hours_pk', ['project_id', 'event', 'hour', 'user_key'])
    .modifyEnd(clustered)
    .execute();

  // Funnels seek "this learner's next <event> after t": one index probe per learner and step.
  await db.schema.createIndex('events_event_user_time').on('events').columns(['project_id', 'event', 'user_id', 'timestamp']).execute();
  // Folding an order into course rollups reads its items by the order event.
  await db.schema.createIndex('order_items_event').on('order_items').columns(['project_id', 'event_seq']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('order_items_event').ifExists().execute();
  await db.schema.dropIndex('events_event_user_time').ifExists().execute();
  for (const t of ['event_hours', 'course_hours', 'activity_hours', 'analytics_users']) await db.schema.dropTable(t).ifExists().execute();
}
