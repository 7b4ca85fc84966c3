import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AlsScratch, solveRowCg, type AlsSide } from '../../src/recommend/kernels/als-solve.js';
import { regularizedGram } from '../../src/recommend/kernels/als-train.js';
import { gramian } from '../../src/recommend/kernels/linalg.js';
import { Random } from '../../src/recommend/kernels/linalg-random.js';
import { newSharedMemory, passReference, wasmAvailable, wasmKernels } from '../../src/recommend/kernels/linalg-wasm.js';

describe('WebAssembly SIMD pass', () => {
  const f = 16;
  const nItems = 50;
  const n = 23;
  const rng = new Random(8);
  // Layout: y | idx | val | vec | out, 16-byte aligned.
  const yPtr = 0;
  const idxPtr = nItems * f * 4;
  const valPtr = idxPtr + 96;
  const vecPtr = valPtr + 96;
  const outPtr = vecPtr + f * 4;
  const gramPtr = outPtr + f * 4;
  const memory = newSharedMemory(gramPtr + f * f * 4)!;
  const buffer = memory.buffer;
  const y = rng.fillNormal(new Float32Array(buffer, yPtr, nItems * f), 1);
  const idx = new Int32Array(buffer, idxPtr, n);
  const val = new Float32Array(buffer, valPtr, n);
  for (let k = 0; k < n; k++) {
    idx[k] = rng.int(nItems);
    val[k] = k % 5 === 0 ? -1 : k % 7 === 0 ? 0 : 1 + rng.int(4);
  }
  const vec = rng.fillNormal(new Float32Array(buffer, vecPtr, f), 1);
  const out = new Float32Array(buffer, outPtr, f);
  const gram = rng.fillNormal(new Float32Array(buffer, gramPtr, f * f), 1);

  it('is available on this runtime', () => {
    assert.ok(wasmAvailable());
  });

  for (const residual of [1, 0]) {
    it(`matches the TypeScript reference (residual = ${residual})`, () => {
      const kernels = wasmKernels(memory)!;
      out.fill(0.5); // overwritten, not accumulated into
      kernels.pass(yPtr, idxPtr, valPtr, n, f, 1.5, vecPtr, outPtr, residual, gramPtr);
      const expected = new Float64Array(f);
      passReference(y, idx, val, f, 1.5, vec, expected, residual === 1, gram);
      for (let q = 0; q < f; q++) {
        assert.ok(Math.abs(out[q]! - expected[q]!) <= 1e-4 * Math.max(1, Math.abs(expected[q]!)), `out[${q}]: ${out[q]} vs ${expected[q]}`);
      }
    });
  }

  it('computes YᵀY like the TypeScript gramian', () => {
    const kernels = wasmKernels(memory)!;
    const rows = 40;
    const outAt = outPtr; // reuses out + gram regions: f·4 + f²·4 bytes, enough for f² floats
    kernels.gram(yPtr, rows, f, outAt);
    const got = new Float32Array(buffer, outAt, f * f);
    const expected = new Float64Array(f * f);
    gramian(y.subarray(0, rows * f), rows, f, expected);
    for (let k = 0; k < f * f; k++) assert.ok(Math.abs(got[k]! - expected[k]!) <= 1e-4 * Math.max(1, Math.abs(expected[k]!)), `g[${k}]`);
  });

  it('gives the same conjugate-gradient step as the TypeScript passes', () => {
    // One user row over all items: indices/values in the same memory as the SIMD kernel reads.
    const rowMemory = newSharedMemory(nItems * f * 4 + 2 * n * 4 + 2 * f * 4 + f * f * 4 + 64)!;
    const b = rowMemory.buffer;
    const ys = new Float32Array(b, 0, nItems * f);
    ys.set(y);
    const indicesPtr = nItems * f * 4;
    const valuesPtr = indicesPtr + ((n * 4 + 15) & ~15);
    const scratchPtr = valuesPtr + ((n * 4 + 15) & ~15);
    const sorted = Int32Array.from(new Set(idx)).sort();
    const indices = new Int32Array(b, indicesPtr, sorted.length);
    indices.set(sorted);
    const values = new Float32Array(b, valuesPtr, sorted.length).fill(2);
    const gram = regularizedGram(ys, nItems, f, 0.5);
    const gram32Ptr = scratchPtr + 8 * f;
    new Float32Array(b, gram32Ptr, f * f).set(gram);
    const base = { indptr: Int32Array.of(0, sorted.length), indices, values, y: ys, gram: gram, factors: f, alpha: 3 };
    const xJs = rng.fillUniform(new Float32Array(f), 0.1);
    const xWasm = xJs.slice();
    solveRowCg({ ...base, x: xJs } satisfies AlsSide, 0, 3, new AlsScratch(f));
    const wasm = {
      kernels: wasmKernels(rowMemory)!, vecPtr: scratchPtr, outPtr: scratchPtr + 4 * f,
      vec: new Float32Array(b, scratchPtr, f), out: new Float32Array(b, scratchPtr + 4 * f, f),
    };
    solveRowCg({ ...base, x: xWasm, wasm: { y: 0, indices: indicesPtr, values: valuesPtr, gram: gram32Ptr } }, 0, 3, new AlsScratch(f, wasm));
    for (let q = 0; q < f; q++) assert.ok(Math.abs(xWasm[q]! - xJs[q]!) < 1e-4, `x[${q}]: ${xWasm[q]} vs ${xJs[q]}`);
  });
});
