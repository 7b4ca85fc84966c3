/**
 * Frozen migration: the spine's tables. Typed against an untyped handle and importing nothing
 * from the application, so later changes to the code never change what this migration did.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const bigint = pg ? 'bigint' : 'integer';
  const float = pg ? 'double precision' : 'real';
  const blob = pg ? 'bytea' : 'blob';

  await db.schema.createTable('projects')
    .addColumn('project_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('Asia/Shanghai'))
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();

  await db.schema.createTable('api_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.project_id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('revoked_at', bigint)
    .execute();

  await db.schema.createTable('users')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('traits', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('first_seen', bigint, (c) => c.notNull())
    .addColumn('last_seen', bigint, (c) => c.notNull())
    .addColumn('is_robot', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('robot_reason', 'text')
    .addPrimaryKeyConstraint('users_pk', ['project_id', 'user_id'])
    .execute();

  await db.schema.createTable('aliases')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('previous_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('aliases_pk', ['project_id', 'previous_id'])
    .execute();

  await db.schema.createTable('items')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('position', 'integer')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('category', 'text')
    .addColumn('author', 'text')
    .addColumn('language', 'text')
    .addColumn('price', float)
    .addColumn('duration_s', float)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('items_pk', ['project_id', 'item_id'])
    .execute();
  await db.schema.createIndex('items_parent').on('items').columns(['project_id', 'parent_id', 'position']).execute();

  await db.schema.createTable('events')
    .addColumn('seq', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('event', 'text')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('anonymous_id', 'text')
    .addColumn('item_id', 'text')
    .addColumn('course_id', 'text')
    .addColumn('value', float)
    .addColumn('timestamp', bigint, (c) => c.notNull())
    .addColumn('original_timestamp', bigint)
    .addColumn('sent_at', bigint)
    .addColumn('received_at', bigint, (c) => c.notNull())
    .addColumn('properties', 'text', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull())
    .execute();
  // messageId de-duplication: a retried batch inserts nothing twice.
  await db.schema.createIndex('events_message').unique().on('events').columns(['project_id', 'message_id']).execute();
  // The access paths later analytics and models read by.
  await db.schema.createIndex('events_user_time').on('events').columns(['project_id', 'user_id', 'timestamp']).execute();
  await db.schema.createIndex('events_item_time').on('events').columns(['project_id', 'item_id', 'timestamp']).execute();
  await db.schema.createIndex('events_event_time').on('events').columns(['project_id', 'event', 'timestamp']).execute();

  await db.schema.createTable('order_items')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('event_seq', bigint, (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('price', float)
    .addColumn('timestamp', bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('order_items_user').on('order_items').columns(['project_id', 'user_id', 'timestamp']).execute();
  await db.schema.createIndex('order_items_item').on('order_items').columns(['project_id', 'item_id', 'timestamp']).execute();

  await db.schema.createTable('sessions')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('started_at', bigint, (c) => c.notNull())
    .addColumn('ended_at', bigint, (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sessions_pk', ['project_id', 'user_id', 'started_at'])
    .execute();
  await db.schema.createIndex('sessions_time').on('sessions').columns(['project_id', 'started_at']).execute();

  await db.schema.createTable('lesson_progress')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('lesson_id', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text')
    .addColumn('first_at', bigint, (c) => c.notNull())
    .addColumn('last_at', bigint, (c) => c.notNull())
    .addColumn('watched_s', float, (c) => c.notNull())
    .addColumn('clamped_s', float, (c) => c.notNull())
    .addColumn('max_position_s', float, (c) => c.notNull())
    .addColumn('completed_at', bigint)
    .addPrimaryKeyConstraint('lesson_progress_pk', ['project_id', 'user_id', 'lesson_id'])
    .execute();
  await db.schema.createIndex('lesson_progress_lesson').on('lesson_progress').columns(['project_id', 'lesson_id']).execute();

  await db.schema.createTable('derive_state')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('watermark_seq', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('derive_state_pk', ['project_id', 'name'])
    .execute();

  await db.schema.createTable('models')
    .addColumn('model_id', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('format_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('metrics', 'text', (c) => c.notNull())
    .addColumn('data', blob, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('models_name').on('models').columns(['project_id', 'name', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['models', 'derive_state', 'lesson_progress', 'sessions', 'order_items', 'events',
    'items', 'aliases', 'users', 'api_keys', 'projects']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
