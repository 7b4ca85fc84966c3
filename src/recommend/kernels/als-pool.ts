/**
 * The worker-thread variant of the ALS executor (chosen by `trainAls` when `threads > 1`; never
 * imported directly by models). The calling thread solves the first share of each half-iteration's
 * rows and `threads − 1` workers solve the rest, all writing into the same SharedArrayBuffer-backed
 * factor matrices. Shares are balanced by estimated cost (a row costs its non-zeros plus a fixed
 * f/2 for the dense f × f products), not by row count, because users' histories vary a hundredfold.
 *
 * Workers are TypeScript modules; like the rest of the code base they load through tsx, which a
 * worker must register for itself, hence the small bootstrap.
 *
 * @example
 *   const executor = await workerExecutor(problem); // problem.userFactors etc. on shared memory
 *   await executor.solveSide(true, gram);
 *   await executor.close();
 */
import { Worker } from 'node:worker_threads';
import { alsSide, AlsThreadScratch, prepareSide, solveRange, type AlsExecutor, type AlsProblem } from './als-problem.js';
import { balancedRowRanges, type Csr } from './linalg-sparse.js';

/** Messages to a worker. */
export type AlsWorkerRequest =
  | { kind: 'init'; problem: AlsProblem; thread: number }
  | { kind: 'solve'; toUsers: boolean; gram: Float64Array; start: number; end: number };

/** Replies from a worker. */
export type AlsWorkerReply = { kind: 'ready' } | { kind: 'done' } | { kind: 'error'; message: string };

function sharedCopy<T extends Int32Array | Float32Array>(a: T): T {
  const ctor = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

function sharedCsr(m: Csr): Csr {
  return { indptr: sharedCopy(m.indptr), indices: sharedCopy(m.indices), values: sharedCopy(m.values) };
}

function spawn(): Worker {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./als-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, execArgv: [] });
}

/** Waits for the next reply of a worker, rejecting on a worker error or an error reply. */
function nextReply(worker: Worker): Promise<AlsWorkerReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: AlsWorkerReply): void => {
      cleanup();
      if (m.kind === 'error') reject(new Error(`ALS worker failed: ${m.message}`));
      else resolve(m);
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`ALS worker exited with code ${code}`));
    };
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/** Starts `threads − 1` workers on a shared copy of the problem. */
export async function workerExecutor(problem: AlsProblem): Promise<AlsExecutor> {
  const o = problem.options;
  // In the WebAssembly layout everything already lives in shared memory.
  const shared: AlsProblem = problem.wasm !== null ? problem : { ...problem, users: sharedCsr(problem.users), items: sharedCsr(problem.items) };
  const workers = Array.from({ length: o.threads - 1 }, spawn);
  try {
    await Promise.all(workers.map((w, t) => {
      const ready = nextReply(w);
      w.postMessage({ kind: 'init', problem: shared, thread: t + 1 } satisfies AlsWorkerRequest);
      return ready;
    }));
  } catch (err) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw err;
  }
  const fixedCost = o.solver === 'cholesky' ? o.factors / 3 : o.factors / 2;
  const rangesUsers = balancedRowRanges(shared.users.indptr, o.threads, fixedCost);
  const rangesItems = balancedRowRanges(shared.items.indptr, o.threads, fixedCost);
  const scratch = new AlsThreadScratch(shared, 0);
  return {
    async solveSide(toUsers, gram) {
      const ranges = toUsers ? rangesUsers : rangesItems;
      prepareSide(shared, toUsers, gram);
      const replies = workers.map((w, t) => {
        const reply = nextReply(w);
        w.postMessage({ kind: 'solve', toUsers, gram, start: ranges[t + 1]!, end: ranges[t + 2]! } satisfies AlsWorkerRequest);
        return reply;
      });
      // The calling thread takes the first share while the workers run theirs.
      solveRange(alsSide(shared, toUsers, gram), toUsers ? shared.userPlan : shared.itemPlan, ranges[0]!, ranges[1]!, o, scratch);
      await Promise.all(replies);
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
