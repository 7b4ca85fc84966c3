/**
 * The implicit-ALS training loop: alternate exact-or-CG solves of all user rows against fixed item
 * factors and all item rows against fixed user factors (`als-solve.ts`), `iterations` times.
 *
 * One entry point, `trainAls`, chooses where the solves run: `threads: 1` solves on the calling
 * thread; `threads > 1` splits each half-iteration's rows across worker threads sharing the factor
 * matrices through SharedArrayBuffers (`als-pool.ts`). Every row's solve depends only on the fixed
 * side, so the split cannot change the arithmetic: both variants return bit-identical factors.
 *
 * @example
 *   const { userFactors, itemFactors } = await trainAls(csr, nUsers, nItems, { factors: 64, … });
 */
import type { ProgressFn } from '../recommender.js';
import { AlsScratch } from './als-solve.js';
import { alsSide, solveRange, type AlsExecutor, type AlsProblem, type AlsTrainOptions } from './als-problem.js';
import { workerExecutor } from './als-pool.js';
import { addDiagonal, gramian } from './linalg.js';
import { Random } from './linalg-random.js';
import { transposeCsr, type Csr } from './linalg-sparse.js';

export type { AlsTrainOptions } from './als-problem.js';

export interface AlsFactors {
  readonly userFactors: Float32Array;
  readonly itemFactors: Float32Array;
}

/** Initial factors as implicit draws them: uniform in [0, 0.01), users first, then items. */
export function initialFactors(nUsers: number, nItems: number, f: number, seed: number, shared: boolean): AlsFactors {
  const alloc = (n: number): Float32Array =>
    shared ? new Float32Array(new SharedArrayBuffer(n * f * 4)) : new Float32Array(n * f);
  const rng = new Random(seed);
  return { userFactors: rng.fillUniform(alloc(nUsers), 0.01), itemFactors: rng.fillUniform(alloc(nItems), 0.01) };
}

/** YᵀY + λI for the fixed side of a half-iteration. */
export function regularizedGram(fixed: Float32Array, n: number, f: number, lambda: number): Float64Array {
  const g = new Float64Array(f * f);
  gramian(fixed, n, f, g);
  addDiagonal(g, f, lambda);
  return g;
}

function mainThreadExecutor(problem: AlsProblem): AlsExecutor {
  const scratch = new AlsScratch(problem.options.factors);
  return {
    async solveSide(toUsers, gram) {
      const side = alsSide(problem, toUsers, gram);
      solveRange(side, 0, side.indptr.length - 1, problem.options, scratch);
    },
    async close() {},
  };
}

/**
 * Fits user and item factors to the users × items CSR matrix `data`.
 * Values are interaction strengths (confidence 1 + α·|value|); rows must have sorted columns.
 */
export async function trainAls(
  data: Csr, nUsers: number, nItems: number, o: AlsTrainOptions, progress?: ProgressFn,
): Promise<AlsFactors> {
  const parallel = o.threads > 1;
  const { userFactors, itemFactors } = initialFactors(nUsers, nItems, o.factors, o.seed, parallel);
  const items = transposeCsr(data.indptr, data.indices, data.values, nItems);
  const problem: AlsProblem = { users: data, items, userFactors, itemFactors, nUsers, nItems, options: o };
  const executor = parallel
    ? await workerExecutor(problem)
    : mainThreadExecutor(problem);
  try {
    for (let it = 0; it < o.iterations; it++) {
      await executor.solveSide(true, regularizedGram(itemFactors, nItems, o.factors, o.regularization));
      await executor.solveSide(false, regularizedGram(userFactors, nUsers, o.factors, o.regularization));
      progress?.(it + 1, o.iterations, `iteration ${it + 1}/${o.iterations}`);
    }
  } finally {
    await executor.close();
  }
  // Hand back ordinary (non-shared) arrays: saved models and callers never see shared memory.
  return parallel ? { userFactors: userFactors.slice(), itemFactors: itemFactors.slice() } : { userFactors, itemFactors };
}
