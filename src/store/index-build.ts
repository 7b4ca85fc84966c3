/**
 * Builds indexes of a SQLite file on a worker thread with its own connection. CREATE INDEX is
 * one long native call; on this thread it would stall everything else for its whole length (tens
 * of seconds after a bulk load of millions of events), on a worker it leaves the event loop and
 * a second core to work that needs no such index, such as deriving from the log in arrival order.
 *
 * @example
 *   await buildIndexesOnThread({ path: './data/learnloop.db', statements: ['create index …'] });
 */
import { Worker } from 'node:worker_threads';
import type { SqliteOptions } from './sqlite-connection.js';

export interface IndexBuildJob {
  path: string;
  options?: SqliteOptions;
  statements: readonly string[];
}

export type IndexBuildReply = { kind: 'built' } | { kind: 'failed'; message: string };

export function buildIndexesOnThread(job: IndexBuildJob): Promise<void> {
  // The worker is a TypeScript module loaded through tsx, which a worker must register for itself.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./index-build-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(boot, { eval: true, execArgv: [], workerData: job });
  return new Promise<void>((resolve, reject) => {
    let reply: IndexBuildReply | null = null;
    worker.once('message', (r: IndexBuildReply) => { reply = r; });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (reply?.kind === 'built') resolve();
      else reject(new Error(`building indexes failed: ${reply?.kind === 'failed' ? reply.message : `worker exited with code ${code}`}`));
    });
  });
}
