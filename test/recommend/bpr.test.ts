import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bpr } from '../../src/recommend/algorithms/bpr.js';
import { interactionsFromTriples, type Interactions } from '../../src/recommend/interactions.js';
import { foldInUser, pairwiseEpoch, positivePairs, rowContains, type PairwiseSettings } from '../../src/recommend/kernels/bpr-sgd.js';
import { pairwiseEpochReference } from '../../src/recommend/kernels/bpr-reference.js';
import { Random } from '../../src/recommend/kernels/linalg-random.js';
import { newSharedMemory, wasmKernels } from '../../src/recommend/kernels/linalg-wasm.js';
import { checkerboard } from './fixtures.js';
import { runContractSuite } from './contract.js';

runContractSuite(bpr, { params: { factors: 4, iterations: 100, learningRate: 0.05 } });
runContractSuite(bpr, { params: { factors: 4, iterations: 100, learningRate: 0.05, negatives: 'uniform', seed: 5 } });

function randomData(nUsers: number, nItems: number, perUser: number, seed: number): Interactions {
  const rng = new Random(seed);
  const triples = [];
  for (let u = 0; u < nUsers; u++) {
    for (let k = 0; k < perUser; k++) {
      triples.push({ user: `u${u}`, item: `i${Math.floor(rng.float() ** 2 * nItems)}`, value: rng.float() < 0.1 ? -1 : 1 });
    }
  }
  return interactionsFromTriples(triples);
}

describe('pairwise SGD kernel', () => {
  const data = randomData(15, 30, 8, 3);
  const f = 5;

  // 5 factors run the TypeScript arithmetic, 8 the WebAssembly SIMD kernels.
  for (const [f, settings] of [
    [5, { learningRate: 0.05, regularization: 0.02, negatives: 'uniform' }],
    [5, { learningRate: 0.05, regularization: 0.02, negatives: 'popularity' }],
    [8, { learningRate: 0.05, regularization: 0.02, negatives: 'popularity' }],
  ] as Array<[number, PairwiseSettings]>) {
    it(`matches the reference epoch (${f} factors, ${settings.negatives} negatives)`, () => {
      const init = new Random(1);
      const memory = f % 8 === 0 ? newSharedMemory((data.nUsers + data.nItems) * f * 4)! : null;
      const x = init.fillNormal(memory ? new Float32Array(memory.buffer, 0, data.nUsers * f) : new Float32Array(data.nUsers * f), 0.3);
      const y = init.fillNormal(memory ? new Float32Array(memory.buffer, data.nUsers * f * 4, data.nItems * f) : new Float32Array(data.nItems * f), 0.3);
      const wasm = memory ? { kernels: wasmKernels(memory)!, x: 0, y: data.nUsers * f * 4 } : null;
      const bias = init.fillNormal(new Float32Array(data.nItems), 0.1);
      const ref = {
        x: Array.from({ length: data.nUsers }, (_, u) => Array.from(x.subarray(u * f, (u + 1) * f))),
        y: Array.from({ length: data.nItems }, (_, i) => Array.from(y.subarray(i * f, (i + 1) * f))),
        bias: Array.from(bias),
      };
      const seen = Array.from({ length: data.nUsers }, (_, u) => new Set(data.indices.subarray(data.indptr[u]!, data.indptr[u + 1]!)));
      const pairsA = positivePairs(data.indptr, data.indices, data.values);
      const pairsB = positivePairs(data.indptr, data.indices, data.values);
      const rngA = new Random(2);
      const rngB = new Random(2);
      for (let e = 0; e < 3; e++) {
        pairwiseEpoch(pairsA, data, { userFactors: x, itemFactors: y, itemBias: bias, factors: f }, settings, rngA, wasm);
        pairwiseEpochReference(pairsB, seen, ref, settings, rngB);
      }
      const flat = (m: number[][]): number[] => m.flat();
      for (const [fast, slow, what] of [[x, flat(ref.x), 'x'], [y, flat(ref.y), 'y'], [bias, ref.bias, 'bias']] as const) {
        for (let k = 0; k < slow.length; k++) assert.ok(Math.abs(fast[k]! - slow[k]!) < 1e-4, `${what}[${k}]: ${fast[k]} vs ${slow[k]}`);
      }
      assert.deepEqual(rngA.s, rngB.s, 'both consumed the same random draws');
    });
  }

  it('takes only positive values as positives', () => {
    const pairs = positivePairs(Int32Array.of(0, 3), Int32Array.of(0, 1, 2), Float32Array.of(1, -1, 2));
    assert.deepEqual([...pairs.items], [0, 2]);
    assert.ok(rowContains(Int32Array.of(1, 4, 9), 0, 3, 9));
    assert.ok(!rowContains(Int32Array.of(1, 4, 9), 0, 3, 5));
  });

  it('lowers the mis-ordering rate over epochs', () => {
    const rng = new Random(4);
    const state = {
      userFactors: rng.fillNormal(new Float32Array(data.nUsers * f), 0.1),
      itemFactors: rng.fillNormal(new Float32Array(data.nItems * f), 0.1),
      itemBias: new Float32Array(data.nItems), factors: f,
    };
    const pairs = positivePairs(data.indptr, data.indices, data.values);
    const settings: PairwiseSettings = { learningRate: 0.1, regularization: 0.001, negatives: 'uniform' };
    const first = pairwiseEpoch(pairs, data, state, settings, rng);
    let last = first;
    for (let e = 0; e < 60; e++) last = pairwiseEpoch(pairs, data, state, settings, rng);
    assert.ok(last < first * 0.7, `mis-ordering ${first} → ${last}`);
  });

  it('folds a user in next to users with the same taste', () => {
    const board = checkerboard();
    const rng = new Random(1);
    const f2 = 4;
    const state = {
      userFactors: rng.fillNormal(new Float32Array(board.data.nUsers * f2), 0.05),
      itemFactors: rng.fillNormal(new Float32Array(board.data.nItems * f2), 0.05),
      itemBias: new Float32Array(board.data.nItems), factors: f2,
    };
    const pairs = positivePairs(board.data.indptr, board.data.indices, board.data.values);
    const settings: PairwiseSettings = { learningRate: 0.05, regularization: 0.01, negatives: 'uniform' };
    for (let e = 0; e < 80; e++) pairwiseEpoch(pairs, board.data, state, settings, rng);
    const x = foldInUser(Int32Array.of(6, 7, 8), state.itemFactors, state.itemBias, f2, settings, 30, rng);
    const score = (i: number): number => state.itemBias[i]! + [0, 1, 2, 3].reduce((s, q) => s + x[q]! * state.itemFactors[i * f2 + q]!, 0);
    const own = (score(9) + score(10) + score(11)) / 3;
    const other = (score(0) + score(1) + score(2)) / 3;
    assert.ok(own > other, `own ${own} vs other ${other}`);
  });
});

describe('bpr model', () => {
  it('reports progress once per epoch', async () => {
    const model = bpr.create({ factors: 3, iterations: 5 });
    const calls: number[] = [];
    await model.fit(randomData(10, 20, 5, 1), (done, total) => {
      assert.equal(total, 5);
      calls.push(done);
    });
    assert.deepEqual(calls, [1, 2, 3, 4, 5]);
  });
});
