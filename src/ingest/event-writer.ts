/**
 * Group commit for the event log. Concurrent requests queue their events; one transaction
 * writes everything queued so far and every waiting request is answered only after that
 * transaction committed. With `synchronous=FULL` one fsync then covers many requests, which is
 * how "acknowledged means on disk" stays fast.
 *
 * @example
 *   const writer = new EventWriter(store);
 *   const { inserted, duplicates } = await writer.write('default', events); // committed and fsynced
 *   await writer.close();
 */
import { sql } from 'kysely';
import type { Store } from '../store/store.js';
import { appendEvents, type WriteResult } from './events.store.js';
import type { NormalizedEvent } from './message.js';

/**
 * What ingest writes through: resolves once the events are durably committed. Implemented here
 * on the caller's thread and by `ThreadedEventWriter` (writer-thread.ts) on a thread of its own.
 */
export interface EventLog {
  write(projectId: string, events: NormalizedEvent[]): Promise<WriteResult>;
  /** Stops accepting writes and waits until everything queued is committed. */
  close(): Promise<void>;
}

interface Pending {
  projectId: string;
  events: NormalizedEvent[];
  resolve(result: WriteResult): void;
  reject(err: unknown): void;
}

/** Most events written by one transaction; the rest wait for the next one. */
const maxEventsPerCommit = 20_000;

/** How long a commit waits for another connection's write lock before the write fails. */
const maxBusyWaitMs = 60_000;

export class EventWriter implements EventLog {
  readonly #store: Store;
  #queue: Pending[] = [];
  #running: Promise<void> | null = null;
  #closed = false;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Resolves once the events are committed. */
  write(projectId: string, events: NormalizedEvent[]): Promise<WriteResult> {
    if (this.#closed) return Promise.reject(new Error('the event writer is closed'));
    if (events.length === 0) return Promise.resolve({ inserted: 0, duplicates: 0 });
    return new Promise((resolve, reject) => {
      this.#queue.push({ projectId, events, resolve, reject });
      // Wait one macrotask so requests parsed in the same tick share the commit.
      if (!this.#running) this.#running = new Promise((r) => setImmediate(r)).then(() => this.#drainQueue());
    });
  }

  async #drainQueue(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch: Pending[] = [];
      let count = 0;
      while (this.#queue.length > 0 && (batch.length === 0 || count + this.#queue[0]!.events.length <= maxEventsPerCommit)) {
        const p = this.#queue.shift()!;
        batch.push(p);
        count += p.events.length;
      }
      try {
        const results = await this.#commit(batch);
        batch.forEach((p, i) => p.resolve(results[i]!));
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.#running = null;
  }

  /**
   * One transaction for the batch. When another connection (the server's own beside a writer
   * thread, an import) holds the write lock beyond the busy timeout, nothing was written: wait and
   * retry, as requests waited their turn for the one connection before.
   */
  async #commit(batch: Pending[]): Promise<WriteResult[]> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#transaction(batch);
      } catch (err) {
        if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() - started > maxBusyWaitMs) throw err;
        await new Promise((r) => setTimeout(r, Math.min(50, 5 * attempt)));
      }
    }
  }

  /**
   * Begins IMMEDIATE: a transaction that read first (alias lookups) could not upgrade to a write
   * once another connection committed in between.
   */
  #transaction(batch: Pending[]): Promise<WriteResult[]> {
    return this.#store.db.connection().execute(async (db) => {
      await sql`begin immediate`.execute(db);
      try {
        const out: WriteResult[] = [];
        for (const p of batch) out.push(await appendEvents(db, p.projectId, p.events, this.#store.insertEach));
        await sql`commit`.execute(db);
        return out;
      } catch (err) {
        await sql`rollback`.execute(db).catch(() => undefined);
        throw err;
      }
    });
  }

  /** Stops accepting writes and waits until everything queued is committed. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#running) await this.#running;
  }
}
