/** Worker-thread entry of `index-build.ts`: runs the CREATE INDEX statements on its own connection. */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteConnection } from './sqlite-connection.js';
import type { IndexBuildJob, IndexBuildReply } from './index-build.js';

const port = parentPort;
if (port === null) throw new Error('index-build-worker must run in a worker thread');
const job = workerData as IndexBuildJob;
const db = openSqliteConnection(job.path, job.options);
let reply: IndexBuildReply = { kind: 'built' };
try {
  // A writer of another connection (an ingest commit, a rollup fold) may hold the lock a while.
  db.pragma('busy_timeout = 60000');
  for (const statement of job.statements) db.exec(statement);
} catch (err) {
  reply = { kind: 'failed', message: (err as Error).message };
} finally {
  db.close();
}
port.postMessage(reply);
