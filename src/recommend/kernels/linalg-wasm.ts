/**
 * WebAssembly SIMD kernels for the factor models' inner loops, assembled here from readable opcodes
 * (no binary blob, no tool chain; the bytes were checked identical to `wat2wasm` output of the same
 * text). V8 compiles 128-bit `f32x4` lanes to SSE: the ALS pass below measured 6–7× faster than the
 * best plain-TypeScript loop on this machine. All pointers are byte offsets into one shared memory;
 * vectors are float32 and f must be a multiple of 8 (two 4-lane accumulators).
 *
 * - `pass(y, idx, val, n, f, alpha, vec, out, residual, gram)` — the two products conjugate
 *   gradient needs in ALS (`als-solve.ts`), with the f × f matrix `gram` and, over n non-zeros k,
 *   factor rows y_k = y[idx[k]·f …] and cm1 = alpha·|val[k]|:
 *     residual = 1:  out = −gram·vec + Σ_k (t_k − cm1·(y_k·vec))·y_k,   t_k = val[k] > 0 ? 1 + cm1 : 0
 *     residual = 0:  out =  gram·vec + Σ_k cm1·(y_k·vec)·y_k
 * - `pairDiff` / `pairUpdate` — BPR's per-sample dot product and update (`bpr-sgd.ts`).
 * - `gram(y, n, f, out)` — out = Σ_r y_r·y_rᵀ (float32), the YᵀY of ALS.
 *
 * `passReference` is the plain version the tests compare `pass` with; the BPR kernels are compared
 * with `bpr-reference.ts` through the epoch.
 *
 * @example
 *   const memory = newSharedMemory(bytes);
 *   const kernels = wasmKernels(memory);   // null where WebAssembly SIMD is unavailable
 *   kernels?.pass(yPtr, idxPtr, valPtr, n, 64, 2, vecPtr, outPtr, 1);
 */

/**
 * The slice of the WebAssembly JS API used here, typed locally: the project compiles against the
 * ES library and Node's types, which do not declare the `WebAssembly` global.
 */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

export interface WasmKernels {
  readonly memory: WasmMemory;
  pass(y: number, idx: number, val: number, n: number, f: number, alpha: number, vec: number, out: number, residual: number, gram: number): void;
  pairDiff(x: number, yi: number, yj: number, f: number): number;
  pairUpdate(x: number, yi: number, yj: number, f: number, step: number, decay: number): void;
  gram(y: number, n: number, f: number, out: number): void;
}

// Opcodes (WebAssembly core + SIMD proposal, as shipped in V8).
const BLOCK = 0x02, LOOP = 0x03, IF = 0x04, ELSE = 0x05, END = 0x0b, BR = 0x0c, BR_IF = 0x0d, VOID = 0x40;
const GET = 0x20, SET = 0x21, I32_CONST = 0x41, F32_CONST = 0x43, SELECT = 0x1b;
const I32_LOAD = 0x28, F32_LOAD = 0x2a, I32_ADD = 0x6a, I32_MUL = 0x6c, I32_SHL = 0x74, I32_GE_U = 0x4f;
const F32_STORE = 0x38, F32_NEG = 0x8c, F32_ABS = 0x8b, F32_ADD = 0x92, F32_SUB = 0x93, F32_MUL = 0x94, F32_GT = 0x5e;
const SIMD = 0xfd;
const V128_LOAD = [SIMD, 0x00], V128_LOAD32_SPLAT = [SIMD, 0x09], V128_STORE = [SIMD, 0x0b], V128_ZERO = [SIMD, 0x0c, ...new Array<number>(16).fill(0)];
const F32X4_SPLAT = [SIMD, 0x13], F32X4_LANE = [SIMD, 0x1f], F32X4_ADD = [SIMD, 0xe4, 0x01], F32X4_SUB = [SIMD, 0xe5, 0x01], F32X4_MUL = [SIMD, 0xe6, 0x01];
const I32 = 0x7f, F32 = 0x7d, V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function str(s: string): number[] {
  return [...uleb(s.length), ...Buffer.from(s, 'utf8')];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function f32const(x: number): number[] {
  return [F32_CONST, ...new Uint8Array(Float32Array.of(x).buffer)];
}

/** Parameters 0–9 in the order of `WasmKernels.pass`, then the locals below. */
const [Y, IDX, VAL, N, F, ALPHA, VEC, OUT, RESIDUAL, GRAM] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const [K, ROW, Q] = [10, 11, 12]; // i32
const [ACC, ACC2] = [13, 14]; // v128
const [D, V, CM1, S] = [15, 16, 17, 18]; // f32
const SV = 19; // v128
const [FB, I] = [20, 21]; // i32: f in bytes, dense row offset in bytes

const get = (l: number): number[] => [GET, l];
const set = (l: number): number[] => [SET, l];
const i32 = (v: number): number[] => [I32_CONST, ...uleb(v)]; // small non-negative constants only
/** memarg: alignment exponent and offset. */
const mem = (align: number, offset: number): number[] => [align, ...uleb(offset)];

function passBody(): number[] {
  const rowPlusQ = [...get(ROW), ...get(Q), I32_ADD];
  const vecPlusQ = [...get(VEC), ...get(Q), I32_ADD];
  const outPlusQ = [...get(OUT), ...get(Q), I32_ADD];
  const dotLoop = [
    BLOCK, VOID, LOOP, VOID,
    ...get(Q), ...get(FB), I32_GE_U, BR_IF, 1,
    ...get(ACC), ...rowPlusQ, ...V128_LOAD, ...mem(4, 0), ...vecPlusQ, ...V128_LOAD, ...mem(4, 0), ...F32X4_MUL, ...F32X4_ADD, ...set(ACC),
    ...get(ACC2), ...rowPlusQ, ...V128_LOAD, ...mem(4, 16), ...vecPlusQ, ...V128_LOAD, ...mem(4, 16), ...F32X4_MUL, ...F32X4_ADD, ...set(ACC2),
    ...get(Q), ...i32(32), I32_ADD, ...set(Q),
    BR, 0, END, END,
  ];
  const axpyLoop = [
    BLOCK, VOID, LOOP, VOID,
    ...get(Q), ...get(FB), I32_GE_U, BR_IF, 1,
    ...outPlusQ, ...outPlusQ, ...V128_LOAD, ...mem(4, 0), ...get(SV), ...rowPlusQ, ...V128_LOAD, ...mem(4, 0), ...F32X4_MUL, ...F32X4_ADD,
    ...V128_STORE, ...mem(4, 0),
    ...get(Q), ...i32(16), I32_ADD, ...set(Q),
    BR, 0, END, END,
  ];
  const lane = (l: number): number[] => [...get(ACC), ...F32X4_LANE, l];
  const hsum = [...lane(0), ...lane(1), F32_ADD, ...lane(2), ...lane(3), F32_ADD, F32_ADD];
  // out = ∓ gram·vec, row by row: ROW walks the rows of gram, I the entries of out (both in bytes).
  const denseLoop = [
    BLOCK, VOID, LOOP, VOID,
    ...get(I), ...get(FB), I32_GE_U, BR_IF, 1,
    ...get(GRAM), ...get(I), ...get(F), I32_MUL, I32_ADD, ...set(ROW),
    ...V128_ZERO, ...set(ACC), ...V128_ZERO, ...set(ACC2), ...i32(0), ...set(Q),
    ...dotLoop,
    ...get(ACC), ...get(ACC2), ...F32X4_ADD, ...set(ACC),
    ...hsum, ...set(D),
    ...get(OUT), ...get(I), I32_ADD, ...get(D), F32_NEG, ...get(D), ...get(RESIDUAL), SELECT, F32_STORE, ...mem(2, 0),
    ...get(I), ...i32(4), I32_ADD, ...set(I),
    BR, 0, END, END,
  ];
  const code = [
    ...get(F), ...i32(2), I32_SHL, ...set(FB),
    ...denseLoop,
    BLOCK, VOID, LOOP, VOID,
    ...get(K), ...get(N), I32_GE_U, BR_IF, 1,
    // row = y + idx[k]·f·4; v = val[k]; cm1 = alpha·|v|
    ...get(Y), ...get(IDX), ...get(K), ...i32(2), I32_SHL, I32_ADD, I32_LOAD, ...mem(2, 0), ...get(FB), I32_MUL, I32_ADD, ...set(ROW),
    ...get(VAL), ...get(K), ...i32(2), I32_SHL, I32_ADD, F32_LOAD, ...mem(2, 0), ...set(V),
    ...get(ALPHA), ...get(V), F32_ABS, F32_MUL, ...set(CM1),
    ...V128_ZERO, ...set(ACC), ...V128_ZERO, ...set(ACC2), ...i32(0), ...set(Q),
    ...dotLoop,
    ...get(ACC), ...get(ACC2), ...F32X4_ADD, ...set(ACC),
    ...hsum, ...set(D),
    // s = residual ? (v > 0 ? 1 + cm1 : 0) − cm1·d : cm1·d
    ...get(RESIDUAL), IF, VOID,
    ...f32const(1), ...get(CM1), F32_ADD, ...f32const(0), ...get(V), ...f32const(0), F32_GT, SELECT,
    ...get(CM1), ...get(D), F32_MUL, F32_SUB, ...set(S),
    ELSE,
    ...get(CM1), ...get(D), F32_MUL, ...set(S),
    END,
    ...get(S), ...F32X4_SPLAT, ...set(SV), ...i32(0), ...set(Q),
    ...axpyLoop,
    ...get(K), ...i32(1), I32_ADD, ...set(K),
    BR, 0, END, END,
  ];
  return body([[3, I32], [2, V128], [4, F32], [1, V128], [2, I32]], code);
}

/** A function body: local declarations (count, type pairs) and code, prefixed by its size. */
function body(locals: number[][], code: number[]): number[] {
  const bytes = [...uleb(locals.length), ...locals.flat(), ...code, END];
  return [...uleb(bytes.length), ...bytes];
}

/**
 * BPR's per-sample arithmetic (`bpr-sgd.ts`): `pairDiff(x, yi, yj, f)` = x·(y_i − y_j), and
 * `pairUpdate(x, yi, yj, f, step, decay)` applies x ← decay·x + step·(y_i − y_j),
 * y_i ← decay·y_i + step·x, y_j ← decay·y_j − step·x with the old x, in place.
 */
function pairDiffBody(): number[] {
  const [X, YI, YJ, FN] = [0, 1, 2, 3];
  const [Q, FBYTES] = [4, 5]; // i32
  const [A, A2] = [6, 7]; // v128
  const at = (base: number, offset: number): number[] => [...get(base), ...get(Q), I32_ADD, ...V128_LOAD, ...mem(4, offset)];
  const accumulate = (acc: number, offset: number): number[] => [
    ...get(acc), ...at(X, offset), ...at(YI, offset), ...at(YJ, offset), ...F32X4_SUB, ...F32X4_MUL, ...F32X4_ADD, ...set(acc),
  ];
  const lane = (l: number): number[] => [...get(A), ...F32X4_LANE, l];
  return body([[2, I32], [2, V128]], [
    ...get(FN), ...i32(2), I32_SHL, ...set(FBYTES),
    BLOCK, VOID, LOOP, VOID,
    ...get(Q), ...get(FBYTES), I32_GE_U, BR_IF, 1,
    ...accumulate(A, 0), ...accumulate(A2, 16),
    ...get(Q), ...i32(32), I32_ADD, ...set(Q),
    BR, 0, END, END,
    ...get(A), ...get(A2), ...F32X4_ADD, ...set(A),
    ...lane(0), ...lane(1), F32_ADD, ...lane(2), ...lane(3), F32_ADD, F32_ADD,
  ]);
}

function pairUpdateBody(): number[] {
  const [X, YI, YJ, FN, STEP, DECAY] = [0, 1, 2, 3, 4, 5];
  const [Q, FBYTES] = [6, 7]; // i32
  const [SVEC, DVEC, XU, A, B] = [8, 9, 10, 11, 12]; // v128
  const addr = (base: number): number[] => [...get(base), ...get(Q), I32_ADD];
  const load = (base: number, into: number): number[] => [...addr(base), ...V128_LOAD, ...mem(4, 0), ...set(into)];
  const store = (base: number, value: number[]): number[] => [...addr(base), ...value, ...V128_STORE, ...mem(4, 0)];
  const scaled = (v: number, by: number): number[] => [...get(by), ...get(v), ...F32X4_MUL];
  return body([[2, I32], [5, V128]], [
    ...get(FN), ...i32(2), I32_SHL, ...set(FBYTES),
    ...get(STEP), ...F32X4_SPLAT, ...set(SVEC),
    ...get(DECAY), ...F32X4_SPLAT, ...set(DVEC),
    BLOCK, VOID, LOOP, VOID,
    ...get(Q), ...get(FBYTES), I32_GE_U, BR_IF, 1,
    ...load(X, XU), ...load(YI, A), ...load(YJ, B),
    ...store(X, [...scaled(XU, DVEC), ...get(SVEC), ...get(A), ...get(B), ...F32X4_SUB, ...F32X4_MUL, ...F32X4_ADD]),
    ...store(YI, [...scaled(A, DVEC), ...scaled(XU, SVEC), ...F32X4_ADD]),
    ...store(YJ, [...scaled(B, DVEC), ...scaled(XU, SVEC), ...F32X4_SUB]),
    ...get(Q), ...i32(16), I32_ADD, ...set(Q),
    BR, 0, END, END,
  ]);
}

/** `gram(y, n, f, out)`: out (f × f) = Σ_r y_r·y_rᵀ over the n rows of y, by rank-1 row updates. */
function gramBody(): number[] {
  const [YB, NR, FN, OUTB] = [0, 1, 2, 3];
  const [R, A, Q, FBYTES, ROWB, OROW, END_] = [4, 5, 6, 7, 8, 9, 10]; // i32
  const SPLAT = 11; // v128
  const update = (offset: number): number[] => [
    ...get(OROW), ...get(Q), I32_ADD,
    ...get(OROW), ...get(Q), I32_ADD, ...V128_LOAD, ...mem(4, offset),
    ...get(SPLAT), ...get(ROWB), ...get(Q), I32_ADD, ...V128_LOAD, ...mem(4, offset), ...F32X4_MUL, ...F32X4_ADD,
    ...V128_STORE, ...mem(4, offset),
  ];
  return body([[7, I32], [1, V128]], [
    ...get(FN), ...i32(2), I32_SHL, ...set(FBYTES),
    ...get(FBYTES), ...get(FN), I32_MUL, ...set(END_),
    // out = 0
    BLOCK, VOID, LOOP, VOID,
    ...get(Q), ...get(END_), I32_GE_U, BR_IF, 1,
    ...get(OUTB), ...get(Q), I32_ADD, ...V128_ZERO, ...V128_STORE, ...mem(4, 0),
    ...get(Q), ...i32(16), I32_ADD, ...set(Q),
    BR, 0, END, END,
    BLOCK, VOID, LOOP, VOID,
    ...get(R), ...get(NR), I32_GE_U, BR_IF, 1,
    ...get(YB), ...get(R), ...get(FBYTES), I32_MUL, I32_ADD, ...set(ROWB),
    ...i32(0), ...set(A),
    BLOCK, VOID, LOOP, VOID,
    ...get(A), ...get(FBYTES), I32_GE_U, BR_IF, 1,
    ...get(ROWB), ...get(A), I32_ADD, ...V128_LOAD32_SPLAT, ...mem(2, 0), ...set(SPLAT),
    ...get(OUTB), ...get(A), ...get(FN), I32_MUL, I32_ADD, ...set(OROW),
    ...i32(0), ...set(Q),
    BLOCK, VOID, LOOP, VOID,
    ...get(Q), ...get(FBYTES), I32_GE_U, BR_IF, 1,
    ...update(0), ...update(16),
    ...get(Q), ...i32(32), I32_ADD, ...set(Q),
    BR, 0, END, END,
    ...get(A), ...i32(4), I32_ADD, ...set(A),
    BR, 0, END, END,
    ...get(R), ...i32(1), I32_ADD, ...set(R),
    BR, 0, END, END,
  ]);
}

/** The module's bytes: functions `pass`, `pairDiff`, `pairUpdate`, `gram`, importing a shared memory `env.memory`. */
export function kernelModuleBytes(): Uint8Array {
  const types = [4,
    0x60, 10, I32, I32, I32, I32, I32, F32, I32, I32, I32, I32, 0,
    0x60, 4, I32, I32, I32, I32, 1, F32,
    0x60, 6, I32, I32, I32, I32, F32, F32, 0,
    0x60, 4, I32, I32, I32, I32, 0,
  ];
  const imports = [1, ...str('env'), ...str('memory'), 0x02, 0x03, ...uleb(1), ...uleb(65536)];
  const functions = [4, 0, 1, 2, 3];
  const exports = [4, ...str('pass'), 0x00, 0, ...str('pairDiff'), 0x00, 1, ...str('pairUpdate'), 0x00, 2, ...str('gram'), 0x00, 3];
  const code = [4, ...passBody(), ...pairDiffBody(), ...pairUpdateBody(), ...gramBody()];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types), ...section(2, imports), ...section(3, functions), ...section(7, exports), ...section(10, code),
  ]);
}

let compiled: object | null | undefined;

/** The compiled module, or null when this runtime lacks WebAssembly SIMD or threads. */
function passModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasmApi === undefined ? null : new wasmApi.Module(kernelModuleBytes());
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** True when this runtime can compile the SIMD kernel. */
export function wasmAvailable(): boolean {
  return passModule() !== null;
}

const pageBytes = 65536;

/** A shared WebAssembly memory of at least `bytes` bytes (fixed size), or null when too large. */
export function newSharedMemory(bytes: number): WasmMemory | null {
  const pages = Math.ceil(Math.max(bytes, 1) / pageBytes);
  // Stay well inside the 4 GiB address space of 32-bit WebAssembly.
  if (pages > 32768 || wasmApi === undefined) return null;
  return new wasmApi.Memory({ initial: pages, maximum: pages, shared: true });
}

/** The kernels bound to `memory`, or null when the runtime cannot run them. */
export function wasmKernels(memory: WasmMemory): WasmKernels | null {
  const module = passModule();
  if (module === null || wasmApi === undefined) return null;
  const instance = new wasmApi.Instance(module, { env: { memory } });
  const e = instance.exports;
  return {
    memory,
    pass: e.pass as WasmKernels['pass'],
    pairDiff: e.pairDiff as WasmKernels['pairDiff'],
    pairUpdate: e.pairUpdate as WasmKernels['pairUpdate'],
    gram: e.gram as WasmKernels['gram'],
  };
}

/** The plain-TypeScript twin of `pass` on typed arrays (`out` is overwritten), for tests. */
export function passReference(
  y: Float32Array, idx: Int32Array, val: Float32Array, f: number, alpha: number,
  vec: ArrayLike<number>, out: Float64Array, residual: boolean, gram: ArrayLike<number>,
): void {
  for (let i = 0; i < f; i++) {
    let g = 0;
    for (let q = 0; q < f; q++) g += gram[i * f + q]! * vec[q]!;
    out[i] = residual ? -g : g;
  }
  for (let k = 0; k < idx.length; k++) {
    const row = idx[k]! * f;
    const v = val[k]!;
    const cm1 = alpha * Math.abs(v);
    let d = 0;
    for (let q = 0; q < f; q++) d += y[row + q]! * vec[q]!;
    const s = residual ? (v > 0 ? 1 + cm1 : 0) - cm1 * d : cm1 * d;
    for (let q = 0; q < f; q++) out[q]! += s * y[row + q]!;
  }
}
