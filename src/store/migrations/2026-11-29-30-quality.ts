/**
 * Frozen migration: expert scores of catalog items (content quality). One row per item, expert and
 * dimension: an expert who scores the same dimension again replaces their earlier score.
 * Typed against an untyped handle and importing nothing from the application.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const bigint = pg ? 'bigint' : 'integer';
  const float = pg ? 'double precision' : 'real';

  await db.schema.createTable('expert_scores')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('expert', 'text', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('score', float, (c) => c.notNull())
    .addColumn('scale', 'integer', (c) => c.notNull())
    .addColumn('score_100', float, (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('expert_scores_pk', ['project_id', 'item_id', 'expert', 'dimension'])
    .execute();
  // The quality report reads every score of a project at once; the change watermark reads the latest update.
  await db.schema.createIndex('expert_scores_updated').on('expert_scores').columns(['project_id', 'updated_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('expert_scores_updated').ifExists().execute();
  await db.schema.dropTable('expert_scores').ifExists().execute();
}
