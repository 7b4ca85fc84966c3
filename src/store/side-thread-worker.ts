/** Worker-thread entry of `side-thread.ts`: one connection that runs what it is sent, in order. */
import { availableParallelism } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteConnection } from './sqlite-connection.js';
import type { SideReply, SideRequest, SideThreadConfig } from './side-thread.js';

const port = parentPort;
if (port === null) throw new Error('side-thread-worker must run in a worker thread');
const reply = (r: SideReply) => port.postMessage(r);
const config = workerData as SideThreadConfig;
/** The side connection's page cache, which is also the sorter's run size. */
const sortRunKb = 4096;
const maxSortThreads = 4;

try {
  const db = openSqliteConnection(config.path, config.options);
  // Another connection's writer (an ingest commit, a rollup fold) may hold the lock a while.
  db.pragma('busy_timeout = 60000');
  // CREATE INDEX sorts every row. SQLite's sorter works in runs the size of the page cache and
  // merges them, and sorts runs on helper threads only when it may spill them to temporary files:
  // small runs stay in the CPU caches, and two threads share them. At 2 M events the four indexes
  // took 8 s instead of 16 s this way (64 MB cache, temp_store = MEMORY).
  db.pragma(`cache_size = -${sortRunKb}`);
  db.pragma('temp_store = FILE');
  db.pragma(`threads = ${Math.min(maxSortThreads, availableParallelism())}`);
  let checkpoints: NodeJS.Timeout | null = null;
  const stopCheckpoints = () => {
    if (checkpoints) clearInterval(checkpoints);
    checkpoints = null;
  };
  port.on('message', (request: SideRequest) => {
    if (request.kind === 'exec') {
      try {
        for (const statement of request.statements) db.exec(statement);
        reply({ kind: 'done', id: request.id });
      } catch (err) {
        reply({ kind: 'failed', id: request.id, message: (err as Error).message });
      }
    } else if (request.kind === 'checkpoint') {
      stopCheckpoints();
      // A checkpoint that cannot run now (the file is being reset, say) is simply tried again next time.
      const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* next tick */ } };
      if (request.everyMs > 0) checkpoints = setInterval(checkpoint, request.everyMs);
    } else {
      stopCheckpoints();
      db.close();
      port.close();
    }
  });
  reply({ kind: 'ready' });
} catch (err) {
  reply({ kind: 'fatal', message: (err as Error).message });
}
