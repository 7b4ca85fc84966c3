/**
 * What a half-iteration of ALS needs, shared by the calling-thread and worker-thread executors:
 * the options, the problem (both CSR orientations, the two factor matrices, and per side the
 * light-row limit and Woodbury basis buffer), and how to solve a range of rows of one side.
 */
import { AlsScratch, solveRowCg, solveRowCholesky, type AlsSide, type AlsWasmScratch } from './als-solve.js';
import { solveRowWoodbury, woodburyBasis, WoodburyScratch } from './als-woodbury.js';
import type { Csr } from './linalg-sparse.js';
import { wasmKernels, type WasmMemory } from './linalg-wasm.js';

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

/** How one side's rows are solved: rows with at most `lightLimit` non-zeros go through Woodbury. */
export interface AlsSidePlan {
  /** 0 = no Woodbury rows on this side. */
  readonly lightLimit: number;
  /** V = Y·B⁻¹ of the fixed side (nFixed × f), refreshed before each solve of this side. */
  readonly basis: Float32Array | null;
}

/**
 * Where the problem's arrays live in the shared WebAssembly memory (byte offsets) when the SIMD
 * kernel runs the sparse passes; each thread t has two f-float work vectors at scratch + 8·f·t.
 */
export interface AlsWasmLayout {
  readonly memory: WasmMemory;
  readonly userFactors: number;
  readonly itemFactors: number;
  readonly userIndices: number;
  readonly userValues: number;
  readonly itemIndices: number;
  readonly itemValues: number;
  /** A float32 copy of the current YᵀY + λI (f × f), refreshed before each half-iteration. */
  readonly gram: number;
  readonly scratch: number;
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
  readonly userPlan: AlsSidePlan;
  readonly itemPlan: AlsSidePlan;
  readonly wasm: AlsWasmLayout | null;
}

/** Per-thread work buffers (thread 0 is the calling thread). */
export class AlsThreadScratch {
  readonly dense: AlsScratch;
  readonly woodbury: WoodburyScratch;

  constructor(problem: AlsProblem, thread: number) {
    const f = problem.options.factors;
    this.dense = new AlsScratch(f, wasmScratch(problem, thread));
    this.woodbury = new WoodburyScratch(Math.max(problem.userPlan.lightLimit, problem.itemPlan.lightLimit), f);
  }
}

function wasmScratch(problem: AlsProblem, thread: number): AlsWasmScratch | null {
  const layout = problem.wasm;
  if (layout === null) return null;
  const kernels = wasmKernels(layout.memory);
  if (kernels === null) return null;
  const f = problem.options.factors;
  const vecPtr = layout.scratch + 8 * f * thread;
  const outPtr = vecPtr + 4 * f;
  const buffer = layout.memory.buffer;
  return { kernels, vecPtr, outPtr, vec: new Float32Array(buffer, vecPtr, f), out: new Float32Array(buffer, outPtr, f) };
}

/** The side being solved in a half-iteration: users (`toUsers`) or items. */
export function alsSide(problem: AlsProblem, toUsers: boolean, gram: Float64Array): AlsSide {
  const o = problem.options;
  const csr = toUsers ? problem.users : problem.items;
  const w = problem.wasm;
  return {
    indptr: csr.indptr, indices: csr.indices, values: csr.values,
    x: toUsers ? problem.userFactors : problem.itemFactors,
    y: toUsers ? problem.itemFactors : problem.userFactors,
    gram, factors: o.factors, alpha: o.alpha,
    ...(w === null ? {} : toUsers
      ? { wasm: { y: w.itemFactors, indices: w.userIndices, values: w.userValues, gram: w.gram } }
      : { wasm: { y: w.userFactors, indices: w.itemIndices, values: w.itemValues, gram: w.gram } }),
  };
}

/** Solves rows `[start, end)` of one side: Woodbury for light rows, the configured solver for the rest. */
export function solveRange(
  side: AlsSide, plan: AlsSidePlan, start: number, end: number, o: AlsTrainOptions, scratch: AlsThreadScratch,
): void {
  const { indptr } = side;
  const limit = plan.basis === null ? 0 : plan.lightLimit;
  const cholesky = o.solver === 'cholesky';
  for (let u = start; u < end; u++) {
    const n = indptr[u + 1]! - indptr[u]!;
    // A row without interactions solves to exactly zero whatever the solver; skip the arithmetic.
    if (n === 0) side.x.fill(0, u * o.factors, (u + 1) * o.factors);
    else if (n <= limit) solveRowWoodbury(side, u, plan.basis!, scratch.woodbury);
    else if (cholesky) solveRowCholesky(side, u, scratch.dense);
    else solveRowCg(side, u, o.cgSteps, scratch.dense);
  }
}

/**
 * Before a half-iteration: the float32 copy of gram for the SIMD pass and the side's Woodbury basis
 * from the fixed factors. The executors call it on the calling thread, before any row is solved.
 */
export function prepareSide(problem: AlsProblem, toUsers: boolean, gram: Float64Array): void {
  const w = problem.wasm;
  if (w !== null) new Float32Array(w.memory.buffer, w.gram, gram.length).set(gram);
  const plan = toUsers ? problem.userPlan : problem.itemPlan;
  if (plan.basis === null) return;
  const fixed = toUsers ? problem.itemFactors : problem.userFactors;
  const n = toUsers ? problem.nItems : problem.nUsers;
  // gram = YᵀY + λI with λ > 0 is always positive definite.
  if (woodburyBasis(fixed, n, problem.options.factors, gram, plan.basis) === null) throw new Error('ALS: YᵀY + λI is not positive definite');
}

/** Runs the solves of one half-iteration; the thread variants differ only here. */
export interface AlsExecutor {
  solveSide(toUsers: boolean, gram: Float64Array): Promise<void>;
  close(): Promise<void>;
}
