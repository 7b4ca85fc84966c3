/**
 * Worker-thread entry of `neighbours-parallel.ts`: computes the neighbour lists of one row range
 * over matrices shared with the parent, and sends them back (buffers transferred, not copied).
 */
import { parentPort } from 'node:worker_threads';
import { neighbourListsRange } from './neighbours.js';
import type { NeighbourJob, NeighbourReply } from './neighbours-parallel.js';

const port = parentPort;
if (port === null) throw new Error('neighbours-worker must run in a worker thread');

port.on('message', (job: NeighbourJob) => {
  try {
    const nb = neighbourListsRange(job.rows, job.byFeature, job.norms, job.options, job.from, job.to);
    port.postMessage({ kind: 'done', nb } satisfies NeighbourReply, [nb.indptr.buffer, nb.indices.buffer, nb.sims.buffer] as ArrayBuffer[]);
  } catch (err) {
    port.postMessage({ kind: 'error', message: (err as Error).stack ?? String(err) } satisfies NeighbourReply);
  }
});
