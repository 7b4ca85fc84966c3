/** How every connection to the store's SQLite file is opened and set up. */
import SQLite from 'better-sqlite3';

export interface SqliteOptions {
  /** `synchronous` pragma: FULL fsyncs every commit (acknowledged = on disk), NORMAL survives process crashes only. */
  synchronous?: 'FULL' | 'NORMAL';
}

/** One connection to the SQLite file, set up as every connection of the store is. */
export function openSqliteConnection(path: string, options: SqliteOptions = {}): SQLite.Database {
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // Bigger page cache and memory-mapped reads help the analytical scans over events.
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 1073741824');
  db.pragma('temp_store = MEMORY');
  return db;
}
