/**
 * Frozen migration: the latest offline evaluation of the recommenders per project, kept so that a
 * restart does not forget each model's measured HR/NDCG and training time. One row per project
 * (the newest finished run replaces the previous one); the run itself is JSON text.
 * Typed against an untyped handle and importing nothing from the application.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const bigint = db.getExecutor().adapter instanceof PostgresAdapter ? 'bigint' : 'integer';
  await db.schema.createTable('model_evaluations')
    .addColumn('project_id', 'text', (c) => c.primaryKey())
    .addColumn('finished_at', bigint, (c) => c.notNull())
    .addColumn('run', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('model_evaluations').execute();
}
