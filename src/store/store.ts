/**
 * Opens the store: the Kysely handle over the chosen dialect, migrated to the latest schema.
 *
 * @example
 *   const store = await openStore({ location: './data/learnloop.db' });
 *   await store.db.selectFrom('events').select('seq').limit(1).execute();
 *   await store.close();
 */
import { Kysely, Migrator, sql, type MigrationProvider } from 'kysely';
import { dialectFor, type Engine, type InsertEach, type SqliteOptions } from './dialect.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

export interface StoreConfig extends SqliteOptions {
  /** A SQLite file path (`:memory:` for a throw-away store). */
  location: string;
}

export interface Store {
  readonly db: Kysely<Database>;
  readonly engine: Engine;
  /** See `DialectHandle.insertEach`; absent on engines without a faster path than Kysely's. */
  readonly insertEach?: InsertEach;
  /**
   * Runs a bulk load with the table's non-unique indexes dropped, then rebuilds them: building an
   * index over sorted data at the end is several times cheaper than maintaining it row by row.
   * Unique indexes stay, so de-duplication still holds. Readers see no such index meanwhile.
   * `whileIndexing` runs after a successful load, beside the rebuild (which a file store does on
   * another thread); it must only read, and must not need the dropped indexes.
   */
  withoutSecondaryIndexes<T>(table: keyof Database & string, load: () => Promise<T>, whileIndexing?: () => Promise<void>): Promise<T>;
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
    insertEach: handle.insertEach,
    async withoutSecondaryIndexes(table, load, whileIndexing) {
      const indexes = await handle.secondaryIndexes(db, table);
      for (const ix of indexes) await sql.raw(ix.drop).execute(db);
      const bulk = await handle.startBulkLoad(db);
      const rebuild = () => bulk.buildIndexes(indexes.map((ix) => ix.create));
      try {
        let loaded;
        try {
          loaded = await load();
        } catch (err) {
          await rebuild();
          throw err;
        }
        const [built, beside] = await Promise.allSettled([rebuild(), whileIndexing?.()]);
        if (built.status === 'rejected') throw built.reason;
        if (beside.status === 'rejected') throw beside.reason;
        return loaded;
      } finally {
        await bulk.finish();
      }
    },
    async close() {
      await db.destroy();
      handle.close();
    },
  };
}
