/**
 * The event writer on a thread of its own. Every commit ends in an fsync (`synchronous=FULL`:
 * an event is acknowledged only once it is on disk); on the server's thread that fsync stalls
 * request parsing, so requests rarely shared a commit. Here a worker thread owns a second
 * connection to the same file and runs the same group commit (`EventWriter`): requests hand
 * their validated events over and await the commit, while the server keeps parsing, and every
 * request that arrived during one fsync is written by the next transaction.
 *
 * The thread also folds the new events into the analytics rollups between commits (when given
 * `foldRollupsEveryMs`). On the server's thread that fold held the write lock for whole chunks
 * while the writer thread waited in SQLite's busy handler (sleeps of up to 100 ms), and it took
 * most of the server thread's CPU under ingest; on the writer's own connection it simply takes
 * turns with the commits. Metrics still fold on demand before they read.
 *
 * @example
 *   const log = openEventLog(store, { location: './data/learnloop.db' }, { foldRollupsEveryMs: 2000 });
 *   const { inserted } = await log.write('default', events); // committed by the writer thread
 *   await log.close();
 */
import { Worker } from 'node:worker_threads';
import type { StoreConfig } from '../store/store.js';
import type { Store } from '../store/store.js';
import { EventWriter, type EventLog } from './event-writer.js';
import type { WriteResult } from './events.store.js';
import type { NormalizedEvent } from './message.js';

/** Main thread → writer thread. */
export type WriterRequest =
  /** `events` is the JSON text of the NormalizedEvent list (see `write`). */
  | { kind: 'write'; id: number; projectId: string; events: string }
  | { kind: 'close' };

/** Writer thread → main thread. */
export type WriterReply =
  | { kind: 'written'; id: number; result: WriteResult }
  | { kind: 'failed'; id: number; message: string }
  | { kind: 'fatal'; message: string }
  /** A background fold failed; writes are unaffected. */
  | { kind: 'fold-failed'; message: string }
  | { kind: 'ready' }
  | { kind: 'closed' };

/** What the writer thread does besides writing. */
export interface WriterThreadOptions {
  /** Fold the projects written to into the analytics rollups this often; 0 or absent: never. */
  foldRollupsEveryMs?: number;
  onFoldError?: (err: Error) => void;
}

/** The worker's `workerData`. */
export interface WriterThreadConfig {
  store: StoreConfig;
  foldRollupsEveryMs: number;
}

/** Whether a second connection can open the store (a file, not `:memory:`). */
export function canWriteOnThread(location: string | undefined): location is string {
  return location !== undefined && location !== '' && location !== ':memory:';
}

/**
 * The event log for a server: on a writer thread when the store is a file, else (in-memory
 * stores) on the calling thread. Resolves once it can write, so a server that answers is one
 * that can commit. The caller keeps `store` for everything else it reads and writes.
 */
export async function openEventLog(store: Store, config: StoreConfig, options: WriterThreadOptions = {}): Promise<EventLog> {
  if (!canWriteOnThread(config.location)) return new EventWriter(store);
  const writer = new ThreadedEventWriter(config, options);
  await writer.ready();
  return writer;
}

interface Waiting {
  resolve(result: WriteResult): void;
  reject(err: unknown): void;
}

export class ThreadedEventWriter implements EventLog {
  readonly #config: StoreConfig;
  readonly #options: WriterThreadOptions;
  readonly #waiting = new Map<number, Waiting>();
  #worker: Worker | null = null;
  #nextId = 1;
  #closed = false;
  #exited: Promise<void> = Promise.resolve();
  #ready: Promise<void> = Promise.resolve();

  constructor(config: StoreConfig, options: WriterThreadOptions = {}) {
    this.#config = config;
    this.#options = options;
    // Started at once so that the first request does not wait for the thread to load.
    this.#start();
  }

  /** Resolves once the thread has opened the store; rejects when it could not. */
  ready(): Promise<void> {
    return this.#ready;
  }

  write(projectId: string, events: NormalizedEvent[]): Promise<WriteResult> {
    if (this.#closed) return Promise.reject(new Error('the event writer is closed'));
    if (events.length === 0) return Promise.resolve({ inserted: 0, duplicates: 0 });
    const worker = this.#worker ?? this.#start();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      // Pending commits keep the process alive; an idle writer thread does not.
      if (this.#waiting.size === 1) worker.ref();
      // As JSON text: one string copies in a memcpy, where a structured clone of the event objects
      // cost the writer thread more than the text's JSON.parse and this thread's JSON.stringify together.
      worker.postMessage({ kind: 'write', id, projectId, events: JSON.stringify(events) } satisfies WriterRequest);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return this.#exited;
    this.#closed = true;
    const worker = this.#worker;
    if (worker) {
      worker.ref();
      worker.postMessage({ kind: 'close' } satisfies WriterRequest);
    }
    return this.#exited;
  }

  #start(): Worker {
    // The sources are TypeScript loaded through tsx, which a worker must register for itself.
    const tsxApi = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./writer-worker.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    const workerData: WriterThreadConfig = { store: this.#config, foldRollupsEveryMs: this.#options.foldRollupsEveryMs ?? 0 };
    const worker = new Worker(boot, { eval: true, execArgv: [], workerData });
    this.#worker = worker;
    let fatal: Error | null = null;
    let markReady: () => void = () => undefined;
    let failStart: (err: Error) => void = () => undefined;
    this.#ready = new Promise<void>((resolve, reject) => { markReady = resolve; failStart = reject; });
    // A restarted thread's start may have no one awaiting it; its writes report the failure.
    this.#ready.catch(() => undefined);
    worker.on('message', (reply: WriterReply) => {
      if (reply.kind === 'ready') {
        // The boot kept the process alive; from now on only pending commits do.
        if (this.#waiting.size === 0 && !this.#closed) worker.unref();
        markReady();
      } else if (reply.kind === 'written' || reply.kind === 'failed') {
        const w = this.#waiting.get(reply.id);
        if (!w) return;
        this.#waiting.delete(reply.id);
        if (this.#waiting.size === 0 && !this.#closed) worker.unref();
        if (reply.kind === 'written') w.resolve(reply.result);
        else w.reject(new Error(reply.message));
      } else if (reply.kind === 'fold-failed') {
        this.#options.onFoldError?.(new Error(reply.message));
      } else if (reply.kind === 'fatal') {
        fatal = new Error(`the event writer thread failed: ${reply.message}`);
      }
    });
    worker.on('error', (err) => { fatal = err; });
    this.#exited = new Promise((resolve) => {
      worker.once('exit', (code) => {
        if (this.#worker === worker) this.#worker = null;
        // Whatever was not answered was not committed by this thread: fail those writes, and
        // let the next write start a fresh thread.
        const err = fatal ?? new Error(`the event writer thread exited with code ${code}`);
        failStart(err);
        for (const w of this.#waiting.values()) w.reject(err);
        this.#waiting.clear();
        resolve();
      });
    });
    return worker;
  }
}
