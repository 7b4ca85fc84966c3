import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SparseRows, SparseVector } from '../../src/catalog/text-features.js';
import {
  ProfileAccumulator, scoreDenseQuery, scoreQueryReference, scoreSparseQuery, textIndex,
} from '../../src/catalog/text-similarity.js';

/** Deterministic pseudo-random sparse rows (a small LCG, so failures reproduce). */
function randomRows(nRows: number, nCols: number, perRow: number, seed: number): SparseRows {
  let state = seed >>> 0;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const indptr = new Int32Array(nRows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < nRows; r++) {
    const cols = new Set<number>();
    const want = Math.floor(next() * perRow);
    while (cols.size < want) cols.add(Math.floor(next() * nCols));
    for (const c of [...cols].sort((a, b) => a - b)) { indices.push(c); values.push(next()); }
    indptr[r + 1] = indices.length;
  }
  return { nRows, nCols, indptr, indices: Int32Array.from(indices), values: Float32Array.from(values) };
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, eps = 1e-5): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) assert.ok(Math.abs(actual[i]! - expected[i]!) < eps, `at ${i}: ${actual[i]} vs ${expected[i]}`);
}

describe('text similarity kernels', () => {
  const rows = randomRows(300, 120, 12, 7);
  const index = textIndex(rows);

  it('postings kernel matches the per-row reference', () => {
    const query: SparseVector = { indices: Int32Array.of(3, 17, 40, 119), values: Float32Array.of(0.5, -0.2, 1, 0.3) };
    const out = new Float32Array(rows.nRows).fill(9);
    scoreSparseQuery(index, query, out);
    assertClose(out, scoreQueryReference(rows, query));
  });

  it('dense-rows kernel matches the per-row reference', () => {
    const dense = new Float64Array(rows.nCols);
    const qi: number[] = [];
    for (let t = 0; t < rows.nCols; t += 3) { dense[t] = Math.sin(t); qi.push(t); }
    const out = new Float32Array(rows.nRows);
    scoreDenseQuery(index, dense, out);
    const query = { indices: Int32Array.from(qi), values: Float32Array.from(qi, (t) => dense[t]!) };
    assertClose(out, scoreQueryReference(rows, query));
  });

  it('profile accumulator scores the cosine of a weighted sum of rows, by either kernel, and clears itself', () => {
    const profile = new ProfileAccumulator(rows.nCols);
    for (const [members, weights] of [[[4], [1]], [[1, 5, 9, 200], [1, 0.5, -0.25, 2]], [Array.from({ length: 150 }, (_, i) => 2 * i), Array.from({ length: 150 }, (_, i) => 1 + (i % 4))]] as const) {
      const sum = new Map<number, number>();
      members.forEach((row, j) => {
        for (let p = rows.indptr[row]!; p < rows.indptr[row + 1]!; p++) {
          sum.set(rows.indices[p]!, (sum.get(rows.indices[p]!) ?? 0) + weights[j]! * rows.values[p]!);
        }
        profile.add(rows, row, weights[j]!);
      });
      const terms = [...sum.keys()].sort((a, b) => a - b);
      const norm = Math.hypot(...terms.map((t) => sum.get(t)!));
      const query = { indices: Int32Array.from(terms), values: Float32Array.from(terms, (t) => sum.get(t)! / norm) };
      const out = new Float32Array(rows.nRows);
      profile.scoreInto(index, out);
      assertClose(out, scoreQueryReference(rows, query));
    }
    const out = new Float32Array(rows.nRows).fill(3);
    profile.scoreInto(index, out);
    assert.ok(out.every((s) => s === 0), 'an empty (cleared) profile scores 0 everywhere');
  });
});
