/**
 * The sparse serving kernels against their obvious dense versions: spreading a history over
 * neighbour lists, candidate sets, dot products of a few CSR rows with a dense vector, factor
 * scores of a few items and the moments of a learner's factor scores over every item.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ItemSet, rowDotsAt, SparseScores } from '../../src/recommend/kernels/sparse-scores.js';
import { spreadOverNeighbours, type Neighbours } from '../../src/recommend/kernels/neighbours.js';
import { columnMeans, factorScoreMoments, scoreItems, scoreItemsAt } from '../../src/recommend/kernels/linalg-factors.js';
import { gramian } from '../../src/recommend/kernels/linalg.js';
import { seededRandom } from '../../src/recommend/kernels/random.js';

/** Random neighbour lists: up to `k` distinct neighbours per item with positive similarities. */
function randomNeighbours(rand: () => number, n: number, k: number): Neighbours {
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const sims: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = new Set<number>();
    const want = Math.floor(rand() * (k + 1));
    while (row.size < Math.min(want, n - 1)) {
      const j = Math.floor(rand() * n);
      if (j !== i) row.add(j);
    }
    for (const j of row) { indices.push(j); sims.push(0.01 + rand()); }
    indptr[i + 1] = indices.length;
  }
  return { indptr, indices: Int32Array.from(indices), sims: Float32Array.from(sims) };
}

describe('SparseScores', () => {
  it('spreads a history exactly as the dense kernel does, touches only reached items, and clears', () => {
    const rand = seededRandom(3);
    const n = 300;
    const nb = randomNeighbours(rand, n, 12);
    const acc = new SparseScores(n);
    for (let trial = 0; trial < 50; trial++) {
      const h = 1 + Math.floor(rand() * 10);
      const sources = Int32Array.from({ length: h }, () => Math.floor(rand() * n));
      const weights = Float32Array.from({ length: h }, () => (rand() < 0.1 ? 0 : rand() * 3));
      const dense = new Float32Array(n);
      spreadOverNeighbours(nb, sources, weights, dense);
      acc.spread(nb, sources, weights);
      assert.deepEqual([...acc.values], [...dense], 'same Float32 sums');
      const touched = new Set(acc.touched.subarray(0, acc.count));
      assert.equal(touched.size, acc.count, 'each item listed once');
      for (let j = 0; j < n; j++) if (dense[j] !== 0) assert.ok(touched.has(j), `item ${j} reached but not listed`);
      acc.clear();
      assert.equal(acc.count, 0);
      assert.ok(acc.values.every((v) => v === 0), 'cleared');
    }
  });
});

describe('ItemSet', () => {
  it('keeps each item once in insertion order and clears by its size', () => {
    const set = new ItemSet(10);
    for (const i of [3, 1, 3, 7, 1]) set.add(i);
    assert.deepEqual([...set.items.subarray(0, set.count)], [3, 1, 7]);
    assert.ok(set.has(7) && !set.has(2));
    set.clear();
    assert.equal(set.count, 0);
    assert.ok(!set.has(3));
    set.add(2);
    assert.deepEqual([...set.items.subarray(0, set.count)], [2]);
  });
});

describe('rowDotsAt', () => {
  it('equals the per-row dot product, with or without the non-zero map', () => {
    const rand = seededRandom(5);
    const nRows = 40, nCols = 60;
    const indptr = new Int32Array(nRows + 1);
    const indices: number[] = [], values: number[] = [];
    for (let r = 0; r < nRows; r++) {
      for (let c = 0; c < nCols; c++) if (rand() < 0.15) { indices.push(c); values.push(rand()); }
      indptr[r + 1] = indices.length;
    }
    const dense = new Float64Array(nCols);
    const nonZero = new Uint8Array(nCols);
    for (let c = 0; c < nCols; c++) if (rand() < 0.3) { dense[c] = rand() - 0.3; nonZero[c] = 1; }
    const rows = Int32Array.of(5, 0, 39, 5, 17);
    const ind = Int32Array.from(indices), val = Float32Array.from(values);
    const a = new Float64Array(rows.length), b = new Float64Array(rows.length);
    rowDotsAt(indptr, ind, val, dense, rows, rows.length, a);
    rowDotsAt(indptr, ind, val, dense, rows, rows.length, b, nonZero);
    rows.forEach((r, c) => {
      let expected = 0;
      for (let p = indptr[r]!; p < indptr[r + 1]!; p++) expected += val[p]! * dense[ind[p]!]!;
      assert.ok(Math.abs(a[c]! - expected) < 1e-12 && Math.abs(b[c]! - expected) < 1e-12, `row ${r}`);
    });
  });
});

describe('factor scores of candidates', () => {
  const rand = seededRandom(9);
  const n = 500, f = 7;
  const y = Float32Array.from({ length: n * f }, () => rand() - 0.4);
  const x = Float32Array.from({ length: f }, () => rand() - 0.5);

  it('scoreItemsAt gives the values scoreItems writes for the same items', () => {
    const all = new Float32Array(n);
    scoreItems(x, 0, y, undefined, f, all);
    const items = Int32Array.of(0, 499, 17, 17, 250);
    const out = new Float64Array(items.length);
    scoreItemsAt(x, y, f, items, items.length, out);
    items.forEach((i, c) => assert.equal(out[c], all[i]));
  });

  it('factorScoreMoments equals the mean and mean square of every item\'s score', () => {
    const all = new Float32Array(n);
    scoreItems(x, 0, y, undefined, f, all);
    let sum = 0, sq = 0;
    for (const s of all) { sum += s; sq += s * s; }
    const gram = new Float64Array(f * f);
    gramian(y, n, f, gram);
    const m = factorScoreMoments(x, columnMeans(y, n, f), gram, n, f);
    assert.ok(Math.abs(m.mean - sum / n) < 1e-6, `mean ${m.mean} vs ${sum / n}`);
    assert.ok(Math.abs(m.meanSquare - sq / n) < 1e-6, `mean square ${m.meanSquare} vs ${sq / n}`);
  });
});
