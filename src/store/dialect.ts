/**
 * The dialect seam: the only place that knows which database engine is behind the store.
 * Features never branch on SQLite vs PostgreSQL; what differs lives here.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type SQLite from 'better-sqlite3';
import { SqliteDialect, sql, type Dialect, type Kysely, type SqliteDatabase } from 'kysely';
import { SideThread } from './side-thread.js';
import { openSqliteConnection, type SqliteOptions } from './sqlite-connection.js';

export type { SqliteOptions };

export type Engine = 'sqlite';

export interface DialectHandle {
  engine: Engine;
  dialect: Dialect;
  /** Flushes and releases engine resources not owned by Kysely (none for SQLite). */
  close(): void;
  /** The table's non-unique indexes as statements that drop and re-create them. */
  secondaryIndexes(db: Kysely<any>, table: string): Promise<{ drop: string; create: string }[]>;
  /** Prepares a bulk load: see `BulkLoad`. */
  startBulkLoad(db: Kysely<any>): Promise<BulkLoad>;
  /**
   * Runs one compiled INSERT (with ON CONFLICT DO NOTHING) once per parameter row on the store's
   * connection — inside the caller's transaction — and answers each row's new id, or null where
   * the row was skipped. The hot path of ingest: Kysely compiles the statement once, not per row.
   */
  insertEach?: InsertEach;
}

/**
 * What the engine does around a bulk load. A file store opens a side thread with its own
 * connection: while the load writes, it checkpoints the WAL (this connection's own automatic
 * checkpoints are off meanwhile, so the load's commits only append), and afterwards it builds
 * the indexes, leaving this thread free for work that reads without them.
 */
export interface BulkLoad {
  /** Runs CREATE INDEX statements; the load has finished writing. */
  buildIndexes(statements: readonly string[]): Promise<void>;
  /** Restores the connection's settings and releases the side thread. */
  finish(): Promise<void>;
}

export type InsertEach = (sql: string, rows: readonly (readonly unknown[])[]) => (number | null)[];

/** SQLite keeps each index's CREATE statement in its catalogue. */
async function sqliteSecondaryIndexes(db: Kysely<any>, table: string): Promise<{ drop: string; create: string }[]> {
  const rows = await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_master where type = 'index' and tbl_name = ${table}`.execute(db);
  return rows.rows
    .filter((r) => r.sql !== null && !/^\s*create\s+unique/i.test(r.sql))
    .map((r) => ({ drop: `drop index "${r.name.replace(/"/g, '""')}"`, create: r.sql! }));
}

/**
 * Opens the embedded SQLite database (WAL) at `path`; `:memory:` gives a throw-away store.
 */
export function sqliteDialect(path: string, options: SqliteOptions = {}): DialectHandle {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = openSqliteConnection(path, options);
  const cached = withStatementCache(db);
  return {
    engine: 'sqlite', dialect: new SqliteDialect({ database: cached }), close: () => undefined,
    secondaryIndexes: sqliteSecondaryIndexes,
    async startBulkLoad(kysely) {
      if (path === ':memory:') {
        return {
          async buildIndexes(statements) { for (const statement of statements) await sql.raw(statement).execute(kysely); },
          async finish() { /* nothing was changed */ },
        };
      }
      const side = await SideThread.open({ path, options });
      const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
      db.pragma('wal_autocheckpoint = 0');
      side.checkpointEvery(bulkLoadCheckpointMs);
      let restored = false;
      const restore = () => {
        if (restored) return;
        restored = true;
        side.checkpointEvery(0);
        db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
      };
      return {
        async buildIndexes(statements) {
          restore();
          await side.exec(statements);
        },
        async finish() {
          restore();
          await side.close();
        },
      };
    },
    insertEach(sql, rows) {
      const stmt = cached.prepare(sql) as unknown as SQLite.Statement;
      return rows.map((r) => {
        const info = stmt.run(...r);
        return info.changes > 0 ? Number(info.lastInsertRowid) : null;
      });
    },
  };
}

/** How often the side thread checkpoints the WAL during a bulk load. */
const bulkLoadCheckpointMs = 100;

/** Prepared statements kept per SQL text; Kysely would otherwise prepare every query anew. */
const statementCacheSize = 256;

/**
 * better-sqlite3 does not cache prepared statements, and preparing dominates the cost of the
 * repeated bulk inserts of ingest. This wrapper keeps the most recently used ones.
 */
function withStatementCache(db: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = db.prepare(sql);
        if (cache.size >= statementCacheSize) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
  };
}

/** Chooses the dialect from a database location: a file path (SQLite) or, later, a postgres:// URL. */
export function dialectFor(location: string, options: SqliteOptions = {}): DialectHandle {
  if (/^postgres(ql)?:\/\//.test(location)) {
    throw new Error('PostgreSQL is not supported yet: use a SQLite file path for --db');
  }
  return sqliteDialect(location, options);
}
