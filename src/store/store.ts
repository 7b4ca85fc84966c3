/**
 * Opens the store: the Kysely handle over the chosen dialect, migrated to the latest schema.
 *
 * @example
 *   const store = await openStore({ location: './data/learnloop.db' });
 *   await store.db.selectFrom('events').select('seq').limit(1).execute();
 *   await store.close();
 */
import { Kysely, Migrator, type MigrationProvider } from 'kysely';
import { dialectFor, type Engine, type SqliteOptions } from './dialect.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

export interface StoreConfig extends SqliteOptions {
  /** A SQLite file path (`:memory:` for a throw-away store). */
  location: string;
}

export interface Store {
  readonly db: Kysely<Database>;
  readonly engine: Engine;
  close(): Promise<void>;
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function openStore(config: StoreConfig): Promise<Store> {
  const handle = dialectFor(config.location, config);
  const db = new Kysely<Database>({ dialect: handle.dialect });
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    await db.destroy();
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error)?.message ?? 'unknown error'}`);
  }
  return {
    db,
    engine: handle.engine,
    async close() {
      await db.destroy();
      handle.close();
    },
  };
}
