/**
 * The implicit-ALS training loop: alternate solves of all user rows against fixed item factors and
 * all item rows against fixed user factors (`als-solve.ts`, `als-woodbury.ts`), `iterations` times.
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
import { alsSide, AlsThreadScratch, refreshBasis, solveRange, type AlsExecutor, type AlsProblem, type AlsSidePlan, type AlsTrainOptions } from './als-problem.js';
import { workerExecutor } from './als-pool.js';
import { lightRowLimit, woodburyPays } from './als-woodbury.js';
import { addDiagonal, gramian } from './linalg.js';
import { Random } from './linalg-random.js';
import { transposeCsr, type Csr } from './linalg-sparse.js';

export type { AlsTrainOptions } from './als-problem.js';

export interface AlsFactors {
  readonly userFactors: Float32Array;
  readonly itemFactors: Float32Array;
}

function allocate(n: number, shared: boolean): Float32Array {
  return shared ? new Float32Array(new SharedArrayBuffer(n * 4)) : new Float32Array(n);
}

/** Initial factors as implicit draws them: uniform in [0, 0.01), users first, then items. */
export function initialFactors(nUsers: number, nItems: number, f: number, seed: number, shared: boolean): AlsFactors {
  const rng = new Random(seed);
  return {
    userFactors: rng.fillUniform(allocate(nUsers * f, shared), 0.01),
    itemFactors: rng.fillUniform(allocate(nItems * f, shared), 0.01),
  };
}

/** YᵀY + λI for the fixed side of a half-iteration. */
export function regularizedGram(fixed: Float32Array, n: number, f: number, lambda: number): Float64Array {
  const g = new Float64Array(f * f);
  gramian(fixed, n, f, g);
  addDiagonal(g, f, lambda);
  return g;
}

function sidePlan(rows: Csr, nFixed: number, o: AlsTrainOptions, shared: boolean): AlsSidePlan {
  const limit = lightRowLimit(o.factors, o.solver, o.cgSteps);
  if (!woodburyPays(rows.indptr, nFixed, o.factors, limit, o.solver, o.cgSteps)) return { lightLimit: 0, basis: null };
  return { lightLimit: limit, basis: allocate(nFixed * o.factors, shared) };
}

function mainThreadExecutor(problem: AlsProblem): AlsExecutor {
  const scratch = new AlsThreadScratch(problem.options.factors, Math.max(problem.userPlan.lightLimit, problem.itemPlan.lightLimit));
  return {
    async solveSide(toUsers, gram) {
      refreshBasis(problem, toUsers, gram);
      const side = alsSide(problem, toUsers, gram);
      solveRange(side, toUsers ? problem.userPlan : problem.itemPlan, 0, side.indptr.length - 1, problem.options, scratch);
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
  if (!(o.regularization > 0)) throw new RangeError('ALS needs regularization > 0');
  const parallel = o.threads > 1;
  const { userFactors, itemFactors } = initialFactors(nUsers, nItems, o.factors, o.seed, parallel);
  const items = transposeCsr(data.indptr, data.indices, data.values, nItems);
  const problem: AlsProblem = {
    users: data, items, userFactors, itemFactors, nUsers, nItems, options: o,
    userPlan: sidePlan(data, nItems, o, parallel),
    itemPlan: sidePlan(items, nUsers, o, parallel),
  };
  const executor = parallel ? await workerExecutor(problem) : mainThreadExecutor(problem);
  try {
    for (let it = 0; it < o.iterations; it++) {
      await executor.solveSide(true, regularizedGram(itemFactors, nItems, o.factors, o.regularization));
      await executor.solveSide(false, regularizedGram(userFactors, nUsers, o.factors, o.regularization));
      progress?.(it + 1, o.iterations, `iteration ${it + 1}/${o.iterations}`);
      // Let the event loop breathe between sweeps when training inside a serving process.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    await executor.close();
  }
  // Hand back ordinary (non-shared) arrays: saved models and callers never see shared memory.
  return parallel ? { userFactors: userFactors.slice(), itemFactors: itemFactors.slice() } : { userFactors, itemFactors };
}
