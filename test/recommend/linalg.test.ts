import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addDiagonal, axpyRow, choleskySolve, dotRows, gramian, invertSpd, matVec, rowNorms } from '../../src/recommend/kernels/linalg.js';
import { gramianReference, solveReference } from '../../src/recommend/kernels/linalg-reference.js';
import { Random } from '../../src/recommend/kernels/linalg-random.js';
import { balancedRowRanges, transposeCsr } from '../../src/recommend/kernels/linalg-sparse.js';

function randomMatrix(rng: Random, n: number, f: number): Float32Array {
  return rng.fillNormal(new Float32Array(n * f), 1);
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]!));
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance * scale, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

describe('linalg kernels', () => {
  const rng = new Random(7);

  it('gramian matches the reference, for f not a multiple of 4 and more rows than a block', () => {
    for (const [n, f] of [[300, 7], [5, 16], [1, 3]] as const) {
      const y = randomMatrix(rng, n, f);
      const g = new Float64Array(f * f);
      gramian(y, n, f, g);
      assertClose(g, gramianReference(y, n, f).flat(), 1e-9, `gram ${n}×${f}`);
    }
  });

  it('dotRows, matVec and axpyRow agree with plain loops', () => {
    const f = 11;
    const a = randomMatrix(rng, 3, f);
    let expected = 0;
    for (let j = 0; j < f; j++) expected += a[f + j]! * a[2 * f + j]!;
    assert.ok(Math.abs(dotRows(a, f, a, 2 * f, f) - expected) < 1e-9);
    const m = Float64Array.from(randomMatrix(rng, f, f));
    const v = Float64Array.from(randomMatrix(rng, 1, f));
    const out = new Float64Array(f);
    matVec(m, v, f, out);
    for (let i = 0; i < f; i++) {
      let s = 0;
      for (let j = 0; j < f; j++) s += m[i * f + j]! * v[j]!;
      assert.ok(Math.abs(out[i]! - s) < 1e-9);
    }
    const acc = v.slice();
    axpyRow(0.5, a, 0, acc, f);
    for (let j = 0; j < f; j++) assert.ok(Math.abs(acc[j]! - (v[j]! + 0.5 * a[j]!)) < 1e-9);
    assertClose(rowNorms(a, 3, f), [0, 1, 2].map((r) => Math.sqrt(dotRows(a, r * f, a, r * f, f))), 1e-6, 'norms');
  });

  it('choleskySolve and invertSpd match Gaussian elimination on an SPD system', () => {
    const f = 9;
    const y = randomMatrix(rng, 20, f);
    const g = new Float64Array(f * f);
    gramian(y, 20, f, g);
    addDiagonal(g, f, 0.1);
    const b = Float64Array.from(randomMatrix(rng, 1, f));
    const expected = solveReference(gramianReference(y, 20, f).map((row, i) => row.map((x, j) => x + (i === j ? 0.1 : 0))), [...b]);
    const inv = invertSpd(g, f)!;
    const viaInverse = new Float64Array(f);
    matVec(inv, b, f, viaInverse);
    assert.ok(choleskySolve(g.slice(), f, b));
    assertClose(b, expected, 1e-8, 'cholesky');
    assertClose(viaInverse, expected, 1e-8, 'inverse');
  });

  it('reports a matrix that is not positive definite', () => {
    assert.equal(choleskySolve(Float64Array.of(1, 2, 2, 1), 2, new Float64Array(2)), false);
    assert.equal(invertSpd(Float64Array.of(0, 0, 0, 0), 2), null);
  });

  it('transposes CSR with sorted rows', () => {
    // 2 × 3: row 0 = {0: 1, 2: 2}, row 1 = {1: 3, 2: 4}
    const t = transposeCsr(Int32Array.of(0, 2, 4), Int32Array.of(0, 2, 1, 2), Float32Array.of(1, 2, 3, 4), 3);
    assert.deepEqual([...t.indptr], [0, 1, 2, 4]);
    assert.deepEqual([...t.indices], [0, 1, 0, 1]);
    assert.deepEqual([...t.values], [1, 3, 2, 4]);
  });

  it('balances row ranges by cost and covers every row', () => {
    const indptr = Int32Array.of(0, 100, 101, 102, 103, 104);
    const bounds = balancedRowRanges(indptr, 2, 1);
    assert.deepEqual([...bounds], [0, 1, 5]);
    assert.deepEqual([...balancedRowRanges(Int32Array.of(0), 2, 1)], [0, 0, 0]);
  });
});

describe('Random', () => {
  it('repeats a stream for a seed and differs between seeds', () => {
    const a = new Random(1);
    const b = new Random(1);
    const c = new Random(2);
    const sa = Array.from({ length: 8 }, () => a.next());
    assert.deepEqual(sa, Array.from({ length: 8 }, () => b.next()));
    assert.notDeepEqual(sa, Array.from({ length: 8 }, () => c.next()));
  });

  it('draws integers in range with roughly uniform frequencies', () => {
    const rng = new Random(3);
    const counts = new Int32Array(10);
    for (let i = 0; i < 100_000; i++) counts[rng.int(10)]!++;
    for (const c of counts) assert.ok(c > 9_500 && c < 10_500, `count ${c}`);
    for (let i = 0; i < 1000; i++) {
      const x = rng.float();
      assert.ok(x >= 0 && x < 1);
    }
  });

  it('draws normals with mean 0 and variance 1', () => {
    const rng = new Random(4);
    let s = 0;
    let s2 = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      s += x;
      s2 += x * x;
    }
    assert.ok(Math.abs(s / n) < 0.02);
    assert.ok(Math.abs(s2 / n - 1) < 0.03);
  });

  it('shuffles into a permutation', () => {
    const a = new Random(5).shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    assert.deepEqual([...a].sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i));
    assert.notDeepEqual([...a], Array.from({ length: 50 }, (_, i) => i));
  });
});
