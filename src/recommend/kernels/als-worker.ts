/**
 * Worker-thread entry of the ALS pool (`als-pool.ts`): receives the shared problem once, then
 * solves the row ranges it is sent, writing into the shared factor matrices.
 */
import { parentPort } from 'node:worker_threads';
import { alsSide, AlsThreadScratch, solveRange, type AlsProblem } from './als-problem.js';
import type { AlsWorkerReply, AlsWorkerRequest } from './als-pool.js';

const port = parentPort;
if (port === null) throw new Error('als-worker must run in a worker thread');

let problem: AlsProblem | undefined;
let scratch: AlsThreadScratch | undefined;

port.on('message', (request: AlsWorkerRequest) => {
  try {
    if (request.kind === 'init') {
      problem = request.problem;
      scratch = new AlsThreadScratch(problem, request.thread);
      port.postMessage({ kind: 'ready' } satisfies AlsWorkerReply);
      return;
    }
    if (problem === undefined || scratch === undefined) throw new Error('solve before init');
    const plan = request.toUsers ? problem.userPlan : problem.itemPlan;
    solveRange(alsSide(problem, request.toUsers, request.gram), plan, request.start, request.end, problem.options, scratch);
    port.postMessage({ kind: 'done' } satisfies AlsWorkerReply);
  } catch (err) {
    port.postMessage({ kind: 'error', message: (err as Error).stack ?? String(err) } satisfies AlsWorkerReply);
  }
});
