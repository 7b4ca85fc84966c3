/**
 * What a half-iteration of ALS needs, shared by the calling-thread and worker-thread executors:
 * the options, the problem (both CSR orientations and the two factor matrices), and how to solve
 * a range of rows of one side.
 */
import { solveRowsCg, solveRowsCholesky, type AlsScratch, type AlsSide } from './als-solve.js';
import type { Csr } from './linalg-sparse.js';

export interface AlsTrainOptions {
  readonly factors: number;
  readonly iterations: number;
  readonly regularization: number;
  readonly alpha: number;
  /** 'cg': `cgSteps` conjugate-gradient steps per row; 'cholesky': exact solves. */
  readonly solver: 'cg' | 'cholesky';
  readonly cgSteps: number;
  readonly seed: number;
  /** 1 = the calling thread; more = that many worker threads. */
  readonly threads: number;
}

/** Everything one half-iteration needs besides the row range: built once per fit. */
export interface AlsProblem {
  readonly users: Csr;
  readonly items: Csr;
  readonly userFactors: Float32Array;
  readonly itemFactors: Float32Array;
  readonly nUsers: number;
  readonly nItems: number;
  readonly options: AlsTrainOptions;
}

/** The side being solved in a half-iteration: users (`toUsers`) or items. */
export function alsSide(problem: AlsProblem, toUsers: boolean, gram: Float64Array): AlsSide {
  const o = problem.options;
  const csr = toUsers ? problem.users : problem.items;
  return {
    indptr: csr.indptr, indices: csr.indices, values: csr.values,
    x: toUsers ? problem.userFactors : problem.itemFactors,
    y: toUsers ? problem.itemFactors : problem.userFactors,
    gram, factors: o.factors, alpha: o.alpha,
  };
}

/** Solves rows `[start, end)` of one side with the configured solver. */
export function solveRange(side: AlsSide, start: number, end: number, o: AlsTrainOptions, scratch: AlsScratch): void {
  if (o.solver === 'cholesky') solveRowsCholesky(side, start, end, scratch);
  else solveRowsCg(side, start, end, o.cgSteps, scratch);
}

/** Runs the solves of one half-iteration; the thread variants differ only here. */
export interface AlsExecutor {
  solveSide(toUsers: boolean, gram: Float64Array): Promise<void>;
  close(): Promise<void>;
}

