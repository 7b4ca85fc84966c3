import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { als } from '../../src/recommend/algorithms/als.js';
import { interactionsFromTriples, type Interactions } from '../../src/recommend/interactions.js';
import { AlsScratch, solveRowCg, solveRowCholesky, type AlsSide } from '../../src/recommend/kernels/als-solve.js';
import { alsRowReference } from '../../src/recommend/kernels/als-reference.js';
import { trainAls, regularizedGram } from '../../src/recommend/kernels/als-train.js';
import { lightRowLimit, solveRowWoodbury, woodburyBasis, woodburyPays, WoodburyScratch } from '../../src/recommend/kernels/als-woodbury.js';
import { Random } from '../../src/recommend/kernels/linalg-random.js';
import { runContractSuite } from './contract.js';

runContractSuite(als, { params: { factors: 4, iterations: 10, regularization: 1, threads: 1 } });
runContractSuite(als, { params: { factors: 6, iterations: 8, regularization: 1, solver: 'cholesky', alpha: 2, seed: 3 } });

/** A random sparse matrix with a long tail of light items, negative and zero values included. */
function sparseData(nUsers: number, nItems: number, perUser: number, seed: number): Interactions {
  const rng = new Random(seed);
  const triples = [];
  for (let u = 0; u < nUsers; u++) {
    for (let k = 0; k < perUser; k++) {
      // Squaring the uniform draw skews picks toward low item indices: a few heavy, many light items.
      const item = Math.floor(rng.float() ** 2 * nItems);
      const value = rng.float() < 0.1 ? -1 : rng.float() < 0.05 ? 0 : 1 + rng.int(5);
      triples.push({ user: `u${u}`, item: `i${item}`, value });
    }
  }
  return interactionsFromTriples(triples);
}

function side(data: Interactions, x: Float32Array, y: Float32Array, gram: Float64Array, f: number, alpha: number): AlsSide {
  return { indptr: data.indptr, indices: data.indices, values: data.values, x, y, gram, factors: f, alpha };
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance * Math.max(1, Math.abs(expected[i]!)), `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

describe('ALS row solvers against the dense reference', () => {
  const f = 5;
  const lambda = 0.3;
  const alpha = 2;
  const data = sparseData(12, 40, 9, 11);
  const rng = new Random(1);
  const y = rng.fillNormal(new Float32Array(data.nItems * f), 0.5);
  const gram = regularizedGram(y, data.nItems, f, lambda);
  const expected = (u: number): number[] => {
    const lo = data.indptr[u]!;
    const hi = data.indptr[u + 1]!;
    return alsRowReference(data.indices.subarray(lo, hi), data.values.subarray(lo, hi), y, data.nItems, f, lambda, alpha);
  };

  it('Cholesky solves exactly', () => {
    const x = new Float32Array(data.nUsers * f);
    const s = new AlsScratch(f);
    for (let u = 0; u < data.nUsers; u++) {
      solveRowCholesky(side(data, x, y, gram, f, alpha), u, s);
      assertClose(x.subarray(u * f, (u + 1) * f), expected(u), 1e-4, `user ${u}`);
    }
  });

  it('conjugate gradient converges to the exact solve in f steps', () => {
    const x = rng.fillUniform(new Float32Array(data.nUsers * f), 0.01);
    const s = new AlsScratch(f);
    for (let u = 0; u < data.nUsers; u++) {
      solveRowCg(side(data, x, y, gram, f, alpha), u, f, s);
      assertClose(x.subarray(u * f, (u + 1) * f), expected(u), 1e-3, `user ${u}`);
    }
  });

  it('Woodbury solves light rows exactly, negative and zero values included', () => {
    const x = new Float32Array(data.nUsers * f);
    const v = woodburyBasis(y, data.nItems, f, gram)!;
    const s = new WoodburyScratch(20, f);
    for (let u = 0; u < data.nUsers; u++) {
      solveRowWoodbury(side(data, x, y, gram, f, alpha), u, v, s);
      assertClose(x.subarray(u * f, (u + 1) * f), expected(u), 1e-4, `user ${u}`);
    }
  });

  it('uses Woodbury only where its estimated cost is lower', () => {
    const cg = { solver: 'cg', cgSteps: 3, cgCost: 1 } as const;
    const limit = lightRowLimit(64, cg);
    assert.ok(limit > 10 && limit < 64, `limit ${limit}`);
    assert.ok(lightRowLimit(64, { ...cg, solver: 'cholesky' }) > limit);
    assert.ok(lightRowLimit(64, { ...cg, cgCost: 0.2 }) < limit, 'a cheaper CG step leaves fewer rows to Woodbury');
    // One heavy row and a fixed side far larger than the savings: the basis does not pay.
    assert.equal(woodburyPays(Int32Array.of(0, 500), 10_000, 64, limit, cg), false);
    assert.equal(woodburyPays(Int32Array.from({ length: 1001 }, (_, r) => r * 3), 100, 64, limit, cg), true);
  });
});

describe('ALS training', () => {
  const data = sparseData(60, 400, 12, 5);
  const options = { factors: 8, iterations: 4, regularization: 0.1, alpha: 1, solver: 'cg' as const, cgSteps: 3, seed: 9, threads: 1 };

  // 8 factors take the WebAssembly SIMD passes, 6 the TypeScript ones.
  for (const factors of [8, 6]) {
    it(`gives bit-identical factors on worker threads and on the calling thread (${factors} factors)`, async () => {
      const one = await trainAls(data, data.nUsers, data.nItems, { ...options, factors });
      const two = await trainAls(data, data.nUsers, data.nItems, { ...options, factors, threads: 2 });
      assert.deepEqual(two.userFactors, one.userFactors);
      assert.deepEqual(two.itemFactors, one.itemFactors);
      assert.ok(!(one.userFactors.buffer instanceof SharedArrayBuffer));
      assert.ok(!(two.userFactors.buffer instanceof SharedArrayBuffer));
    });
  }

  it('lowers the weighted loss from sweep to sweep with exact solves', async () => {
    const loss = async (iterations: number): Promise<number> => {
      const o = { ...options, solver: 'cholesky' as const, iterations };
      const { userFactors: x, itemFactors: y } = await trainAls(data, data.nUsers, data.nItems, o);
      const f = o.factors;
      let total = 0;
      for (let u = 0; u < data.nUsers; u++) {
        const c = new Float64Array(data.nItems).fill(1);
        const p = new Float64Array(data.nItems);
        for (let k = data.indptr[u]!; k < data.indptr[u + 1]!; k++) {
          const v = data.values[k]!;
          c[data.indices[k]!] = 1 + Math.abs(v);
          p[data.indices[k]!] = v > 0 ? 1 : 0;
        }
        for (let i = 0; i < data.nItems; i++) {
          let s = 0;
          for (let j = 0; j < f; j++) s += x[u * f + j]! * y[i * f + j]!;
          total += c[i]! * (p[i]! - s) ** 2;
        }
      }
      for (const m of [x, y]) for (const w of m) total += o.regularization * w * w;
      return total;
    };
    const l1 = await loss(1);
    const l3 = await loss(3);
    const l6 = await loss(6);
    assert.ok(l3 < l1 && l6 < l3, `loss ${l1} → ${l3} → ${l6}`);
  });

  it('reports progress once per sweep', async () => {
    const calls: number[] = [];
    await trainAls(data, data.nUsers, data.nItems, options, (done, total) => {
      assert.equal(total, options.iterations);
      calls.push(done);
    });
    assert.deepEqual(calls, [1, 2, 3, 4]);
  });
});

describe('als model', () => {
  it('folds in a fresh history with the exact solve against fixed item factors', async () => {
    const data = sparseData(30, 80, 10, 2);
    const model = als.create({ factors: 6, iterations: 5, regularization: 0.2, alpha: 3 });
    await model.fit(data);
    const saved = model.save();
    const y = saved.arrays.itemFactors as Float32Array;
    const history = { items: Int32Array.of(1, 5, 9), values: Float32Array.of(2, 1, -1) };
    const scores = model.foldIn!(history);
    const x = alsRowReference(history.items, history.values, y, data.nItems, 6, 0.2, 3);
    const expected = Array.from({ length: data.nItems }, (_, i) => x.reduce((s, xj, j) => s + xj * y[i * 6 + j]!, 0));
    assertClose(scores, expected, 1e-4, 'fold-in scores');
    assert.throws(() => model.foldIn!({ items: Int32Array.of(data.nItems), values: Float32Array.of(1) }), RangeError);
  });

  it('rejects a saved model whose factors do not fit the data', async () => {
    const data = sparseData(10, 20, 5, 4);
    const model = als.create({ factors: 3, iterations: 2 });
    await model.fit(data);
    const other = sparseData(11, 20, 5, 4);
    assert.throws(() => als.load(model.save(), other), /factor shapes/);
  });
});
