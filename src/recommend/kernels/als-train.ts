/**
 * The implicit-ALS training loop: alternate solves of all user rows against fixed item factors and
 * all item rows against fixed user factors (`als-solve.ts`, `als-woodbury.ts`), `iterations` times.
 * The sparse passes of conjugate gradient run in WebAssembly SIMD (`linalg-wasm.ts`) when the
 * factor count is a multiple of 8, with the plain-TypeScript loops as the fallback.
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
import { alsSide, AlsThreadScratch, prepareSide, solveRange, type AlsExecutor, type AlsProblem, type AlsSidePlan, type AlsTrainOptions } from './als-problem.js';
import { workerExecutor } from './als-pool.js';
import { lightRowLimit, woodburyPays } from './als-woodbury.js';
import { addDiagonal, gramian } from './linalg.js';
import { Random } from './linalg-random.js';
import { transposeCsr, type Csr } from './linalg-sparse.js';
import { newSharedMemory, wasmAvailable, wasmKernels, type WasmKernels } from './linalg-wasm.js';

export type { AlsTrainOptions } from './als-problem.js';

export interface AlsFactors {
  readonly userFactors: Float32Array;
  readonly itemFactors: Float32Array;
}

function allocate(n: number, shared: boolean): Float32Array {
  return shared ? new Float32Array(new SharedArrayBuffer(n * 4)) : new Float32Array(n);
}

/** Initial factors as implicit draws them: uniform in [0, 0.01), users first, then items. */
function fillInitialFactors(userFactors: Float32Array, itemFactors: Float32Array, seed: number): void {
  const rng = new Random(seed);
  rng.fillUniform(userFactors, 0.01);
  rng.fillUniform(itemFactors, 0.01);
}

/** Offsets grow in 16-byte steps so every region is aligned for 128-bit loads. */
const align16 = (bytes: number): number => (bytes + 15) & ~15;

/**
 * The problem's factor matrices and CSR arrays, laid out in one shared WebAssembly memory when the
 * SIMD kernel can run (f a multiple of 8, the runtime supports it, the data fits), else in ordinary
 * (or, for worker threads, shared) typed arrays.
 */
function buildProblem(data: Csr, nUsers: number, nItems: number, o: AlsTrainOptions): AlsProblem {
  const f = o.factors;
  const parallel = o.threads > 1;
  const items = transposeCsr(data.indptr, data.indices, data.values, nItems);
  const nnz = data.indptr[nUsers]!;
  const sizes = [nUsers * f * 4, nItems * f * 4, nnz * 4, nnz * 4, nnz * 4, nnz * 4, f * f * 4, Math.max(1, o.threads) * 8 * f];
  const memory = f % 8 === 0 && wasmAvailable() ? newSharedMemory(sizes.reduce((t, b) => t + align16(b), 0)) : null;
  const simd = memory !== null;
  const plans = { userPlan: sidePlan(data, nItems, o, parallel, simd), itemPlan: sidePlan(items, nUsers, o, parallel, simd) };
  if (memory === null) {
    const userFactors = allocate(nUsers * f, parallel);
    const itemFactors = allocate(nItems * f, parallel);
    fillInitialFactors(userFactors, itemFactors, o.seed);
    return { users: data, items, userFactors, itemFactors, nUsers, nItems, options: o, ...plans, wasm: null };
  }
  const offsets: number[] = [];
  let at = 0;
  for (const bytes of sizes) {
    offsets.push(at);
    at += align16(bytes);
  }
  const [uf, itf, ui, uv, ii, iv, gram, scratch] = offsets as [number, number, number, number, number, number, number, number];
  const buffer = memory.buffer;
  const userFactors = new Float32Array(buffer, uf, nUsers * f);
  const itemFactors = new Float32Array(buffer, itf, nItems * f);
  fillInitialFactors(userFactors, itemFactors, o.seed);
  const copy = <T extends Int32Array | Float32Array>(view: T, from: T): T => {
    view.set(from.subarray(0, nnz));
    return view;
  };
  return {
    users: { indptr: data.indptr, indices: copy(new Int32Array(buffer, ui, nnz), data.indices), values: copy(new Float32Array(buffer, uv, nnz), data.values) },
    items: { indptr: items.indptr, indices: copy(new Int32Array(buffer, ii, nnz), items.indices), values: copy(new Float32Array(buffer, iv, nnz), items.values) },
    userFactors, itemFactors, nUsers, nItems, options: o, ...plans,
    wasm: { memory, userFactors: uf, itemFactors: itf, userIndices: ui, userValues: uv, itemIndices: ii, itemValues: iv, gram, scratch },
  };
}

/** YᵀY + λI for the fixed side of a half-iteration. */
export function regularizedGram(fixed: Float32Array, n: number, f: number, lambda: number): Float64Array {
  const g = new Float64Array(f * f);
  gramian(fixed, n, f, g);
  addDiagonal(g, f, lambda);
  return g;
}

/** Relative cost of a conjugate-gradient step in WebAssembly SIMD against TypeScript (measured ~1/6). */
const simdStepCost = 0.2;

/** YᵀY + λI of the fixed side for solving users (`toUsers`) or items, in SIMD when laid out for it. */
function sideGram(problem: AlsProblem, toUsers: boolean, kernels: WasmKernels | null): Float64Array {
  const { options: o, wasm } = problem;
  const fixed = toUsers ? problem.itemFactors : problem.userFactors;
  const n = toUsers ? problem.nItems : problem.nUsers;
  if (kernels === null || wasm === null) return regularizedGram(fixed, n, o.factors, o.regularization);
  kernels.gram(toUsers ? wasm.itemFactors : wasm.userFactors, n, o.factors, wasm.gram);
  const g = Float64Array.from(new Float32Array(wasm.memory.buffer, wasm.gram, o.factors * o.factors));
  addDiagonal(g, o.factors, o.regularization);
  return g;
}

function sidePlan(rows: Csr, nFixed: number, o: AlsTrainOptions, shared: boolean, simd: boolean): AlsSidePlan {
  const usual = { solver: o.solver, cgSteps: o.cgSteps, cgCost: simd ? simdStepCost : 1 };
  const limit = lightRowLimit(o.factors, usual);
  if (!woodburyPays(rows.indptr, nFixed, o.factors, limit, usual)) return { lightLimit: 0, basis: null };
  return { lightLimit: limit, basis: allocate(nFixed * o.factors, shared) };
}

function mainThreadExecutor(problem: AlsProblem): AlsExecutor {
  const scratch = new AlsThreadScratch(problem, 0);
  return {
    async solveSide(toUsers, gram) {
      prepareSide(problem, toUsers, gram);
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
  const problem = buildProblem(data, nUsers, nItems, o);
  const { userFactors, itemFactors } = problem;
  const kernels = problem.wasm === null ? null : wasmKernels(problem.wasm.memory);
  const executor = parallel ? await workerExecutor(problem) : mainThreadExecutor(problem);
  try {
    for (let it = 0; it < o.iterations; it++) {
      await executor.solveSide(true, sideGram(problem, true, kernels));
      await executor.solveSide(false, sideGram(problem, false, kernels));
      progress?.(it + 1, o.iterations, `iteration ${it + 1}/${o.iterations}`);
      // Let the event loop breathe between sweeps when training inside a serving process.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    await executor.close();
  }
  // Hand back ordinary (non-shared) arrays: saved models and callers never see shared memory.
  const shared = userFactors.buffer instanceof SharedArrayBuffer;
  return shared ? { userFactors: userFactors.slice(), itemFactors: itemFactors.slice() } : { userFactors, itemFactors };
}
