/**
 * A second connection to the store's SQLite file, on a worker thread, for heavy native work that
 * would otherwise stall this thread: CREATE INDEX after a bulk load (tens of seconds at millions
 * of events, one native call) and WAL checkpoints while a bulk load writes. This thread keeps
 * its event loop and the second core stays busy.
 *
 * @example
 *   const side = await SideThread.open({ path: './data/learnloop.db' });
 *   side.checkpointEvery(100);
 *   await side.exec(['create index …']);
 *   await side.close();
 */
import { Worker } from 'node:worker_threads';
import type { SqliteOptions } from './sqlite-connection.js';

export interface SideThreadConfig {
  path: string;
  options?: SqliteOptions;
}

/** Main thread → side thread. */
export type SideRequest =
  | { kind: 'exec'; id: number; statements: readonly string[] }
  /** Runs a passive WAL checkpoint this often; 0 stops. */
  | { kind: 'checkpoint'; everyMs: number }
  | { kind: 'close' };

/** Side thread → main thread. */
export type SideReply =
  | { kind: 'ready' }
  | { kind: 'done'; id: number }
  | { kind: 'failed'; id: number; message: string }
  | { kind: 'fatal'; message: string };

export class SideThread {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, { resolve(): void; reject(err: Error): void }>();
  #nextId = 1;
  #exited: Promise<void>;

  private constructor(worker: Worker) {
    this.#worker = worker;
    this.#exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (reply: SideReply) => {
      if (reply.kind !== 'done' && reply.kind !== 'failed') return;
      const waiting = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      if (reply.kind === 'done') waiting?.resolve();
      else waiting?.reject(new Error(reply.message));
    });
    const failAll = (err: Error) => {
      for (const w of this.#waiting.values()) w.reject(err);
      this.#waiting.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the store's side thread exited (code ${code})`)));
  }

  /** Starts the thread; resolves once its connection is open. */
  static open(config: SideThreadConfig): Promise<SideThread> {
    // The worker is a TypeScript module loaded through tsx, which a worker must register for itself.
    const tsxApi = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./side-thread-worker.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    const worker = new Worker(boot, { eval: true, execArgv: [], workerData: config });
    return new Promise((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`the store's side thread exited while starting (code ${code})`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (reply: SideReply) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (reply.kind === 'ready') resolve(new SideThread(worker));
        else reject(new Error(`the store's side thread could not start: ${reply.kind === 'fatal' ? reply.message : reply.kind}`));
      });
    });
  }

  /** Runs the statements one by one on the side connection (each in its own transaction). */
  exec(statements: readonly string[]): Promise<void> {
    const id = this.#nextId++;
    return new Promise<void>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ kind: 'exec', id, statements } satisfies SideRequest);
    });
  }

  /** Checkpoints the WAL in the background this often (passive: never waits for readers or writers); 0 stops. */
  checkpointEvery(everyMs: number): void {
    this.#worker.postMessage({ kind: 'checkpoint', everyMs } satisfies SideRequest);
  }

  /** Finishes what was asked, closes the connection and ends the thread. */
  async close(): Promise<void> {
    this.#worker.postMessage({ kind: 'close' } satisfies SideRequest);
    await this.#exited;
  }
}
