/**
 * Group commit for the event log. Concurrent requests queue their events; one transaction
 * writes everything queued so far and every waiting request is answered only after that
 * transaction committed. With `synchronous=FULL` one fsync then covers many requests, which is
 * how "acknowledged means on disk" stays fast.
 */
import type { Store } from '../store/store.js';
import { appendEvents, type WriteResult } from './events.store.js';
import type { NormalizedEvent } from './message.js';

interface Pending {
  projectId: string;
  events: NormalizedEvent[];
  resolve(result: WriteResult): void;
  reject(err: unknown): void;
}

/** Most events written by one transaction; the rest wait for the next one. */
const maxEventsPerCommit = 20_000;

export class EventWriter {
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
        const results = await this.#store.db.transaction().execute(async (trx) => {
          const out: WriteResult[] = [];
          for (const p of batch) out.push(await appendEvents(trx, p.projectId, p.events, this.#store.insertEach));
          return out;
        });
        batch.forEach((p, i) => p.resolve(results[i]!));
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.#running = null;
  }

  /** Stops accepting writes and waits until everything queued is committed. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#running) await this.#running;
  }
}
