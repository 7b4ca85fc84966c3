/**
 * Chooses how neighbour lists are computed: on the calling thread, or split over worker threads
 * when the co-occurrence work is large enough to repay starting them (a worker loads the code
 * through tsx, which costs a few hundred milliseconds). Rows are independent, so each thread takes a
 * contiguous range balanced by its inner-loop cost, and the result is identical for any thread count.
 * Models call only `computeNeighbourLists`.
 *
 * @example
 *   const nb = await computeNeighbourLists(itemsByUser, usersByItem, options, { threads: 0 });
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Csr } from './sparse.js';
import { concatNeighbours, neighbourListsRange, rowCosts, rowSquaredNorms, type NeighbourOptions, type Neighbours } from './neighbours.js';

/**
 * Work (inner-loop steps) below which threads do not pay: starting a worker through tsx took
 * 0.3–1.3 s on the 2-core machine (by load), while one thread does about 10⁸ steps a second. MovieLens
 * latest-small item-KNN is 6·10⁷ steps, so it stays on one thread; ten times that is split.
 */
const parallelWorkThreshold = 200_000_000;
const maxAutoThreads = 4;

/** One worker's share. */
export interface NeighbourJob {
  rows: Csr;
  byFeature: Csr;
  norms: Float64Array;
  options: NeighbourOptions;
  from: number;
  to: number;
}

export type NeighbourReply = { kind: 'done'; nb: Neighbours } | { kind: 'error'; message: string };

export interface ParallelOptions {
  /** 1 = calling thread only; n > 1 = n threads; 0 = automatic (by work and cores). */
  threads: number;
}

export async function computeNeighbourLists(
  rows: Csr,
  byFeature: Csr,
  options: NeighbourOptions,
  parallel: ParallelOptions,
  progress?: (done: number, total: number) => void,
): Promise<Neighbours> {
  const nRows = rows.indptr.length - 1;
  const norms = rowSquaredNorms(rows);
  const costs = rowCosts(rows, byFeature);
  let work = 0;
  for (let i = 0; i < nRows; i++) work += costs[i]!;
  const threads = parallel.threads > 0 ? parallel.threads
    : work >= parallelWorkThreshold ? Math.min(maxAutoThreads, availableParallelism()) : 1;
  const ranges = balancedRanges(costs, Math.max(1, Math.min(threads, nRows)));
  if (ranges.length <= 2) return neighbourListsRange(rows, byFeature, norms, options, 0, nRows, progress);

  const job = { rows: sharedCsr(rows), byFeature: sharedCsr(byFeature), norms, options };
  const replies: Promise<Neighbours>[] = [];
  for (let t = 1; t < ranges.length - 1; t++) replies.push(runWorker({ ...job, from: ranges[t]!, to: ranges[t + 1]! }));
  // The calling thread takes the first share while the workers run theirs.
  const first = neighbourListsRange(job.rows, job.byFeature, norms, options, 0, ranges[1]!,
    progress && ((done) => progress(done, ranges[1]!)));
  const rest = await Promise.all(replies);
  progress?.(nRows, nRows);
  return concatNeighbours([first, ...rest]);
}

/**
 * Boundaries [0 = b0 < b1 < … < bt = n] splitting rows into at most `parts` contiguous ranges of
 * about equal total cost (ranges never empty).
 */
export function balancedRanges(costs: Float64Array, parts: number): number[] {
  const n = costs.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += costs[i]!;
  const bounds = [0];
  let acc = 0;
  for (let i = 0; i < n && bounds.length < parts; i++) {
    acc += costs[i]!;
    if (acc >= (total * bounds.length) / parts && i + 1 < n) bounds.push(i + 1);
  }
  bounds.push(n);
  return bounds;
}

function shared<T extends Int32Array | Float32Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const ctor = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new ctor(new SharedArrayBuffer(Math.max(a.byteLength, 4)));
  out.set(a);
  return a.length === out.length ? out : (out.subarray(0, a.length) as T);
}

function sharedCsr(m: Csr): Csr {
  return { indptr: shared(m.indptr), indices: shared(m.indices), values: shared(m.values) };
}

/** Starts a worker on one job and resolves with its lists; the worker ends after answering. */
function runWorker(job: NeighbourJob): Promise<Neighbours> {
  // Workers are TypeScript modules loaded through tsx, which a worker must register for itself.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./neighbours-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(boot, { eval: true, execArgv: [] });
  return new Promise<Neighbours>((resolve, reject) => {
    worker.once('message', (reply: NeighbourReply) => {
      void worker.terminate();
      if (reply.kind === 'done') resolve(reply.nb);
      else reject(new Error(`neighbour worker failed: ${reply.message}`));
    });
    worker.once('error', (err) => {
      void worker.terminate();
      reject(err);
    });
    worker.once('exit', (code) => reject(new Error(`neighbour worker exited with code ${code}`)));
    worker.postMessage(job);
  });
}
