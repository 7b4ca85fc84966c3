/**
 * Frozen migration: the nudge outbox. One row per nudge queued for an at-risk learner (or held out
 * as a control), carrying what to send (item, campaign, message), how it travelled (polled and
 * acknowledged, or pushed to a webhook with retries) and what came of it (sent and opened, from
 * `Notification Sent` / `Notification Opened` events carrying `nudge_id`). `nudge_cursor` remembers
 * how far the event log has been read for those events.
 * Typed against an untyped handle and importing nothing from the application.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const bigint = pg ? 'bigint' : 'integer';
  const float = pg ? 'double precision' : 'real';

  await db.schema.createTable('nudges')
    .addColumn('nudge_id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('action', 'text')
    .addColumn('campaign', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('probability', float)
    .addColumn('as_of', bigint, (c) => c.notNull())
    .addColumn('horizon_days', 'integer', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('delivered_at', bigint)
    .addColumn('sent_at', bigint)
    .addColumn('opened_at', bigint)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', bigint)
    .addColumn('last_error', 'text')
    .execute();
  // The polling platform and the webhook job read by status in queue order.
  await db.schema.createIndex('nudges_status').on('nudges').columns(['project_id', 'status', 'created_at']).execute();
  // Cool-down checks and a learner's nudge history.
  await db.schema.createIndex('nudges_user').on('nudges').columns(['project_id', 'user_id', 'created_at']).execute();
  await db.schema.createIndex('nudges_campaign').on('nudges').columns(['project_id', 'campaign']).execute();

  await db.schema.createTable('nudge_cursor')
    .addColumn('project_id', 'text', (c) => c.primaryKey())
    .addColumn('watermark_seq', bigint, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('nudge_cursor').ifExists().execute();
  await db.schema.dropIndex('nudges_campaign').ifExists().execute();
  await db.schema.dropIndex('nudges_user').ifExists().execute();
  await db.schema.dropIndex('nudges_status').ifExists().execute();
  await db.schema.dropTable('nudges').ifExists().execute();
}
