import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignmentCost, assignmentReference, minCostAssignment } from '../../src/profiles/assignment.js';
import { kmeans, kmeansPlusPlus, kmeansSteps, lloyd } from '../../src/profiles/kmeans.js';
import { kmeansReference, silhouetteReference } from '../../src/profiles/kmeans-reference.js';
import { principalComponents, symmetricEigen } from '../../src/profiles/projection.js';
import { adjustedRandIndex } from '../../src/profiles/rand-index.js';
import { silhouette } from '../../src/profiles/silhouette.js';
import { fitScaling, fromZScore, standardise, zScore } from '../../src/profiles/standardise.js';
import { seededRandom } from '../../src/recommend/kernels/random.js';

/** n points around each of the centres, Gaussian noise of `spread`. */
function blobs(centres: number[][], n: number, spread: number, seed: number) {
  const rand = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const d = centres[0]!.length;
  const x = new Float64Array(centres.length * n * d);
  const truth: number[] = [];
  centres.forEach((c, ci) => {
    for (let i = 0; i < n; i++) {
      const row = ci * n + i;
      c.forEach((v, j) => { x[row * d + j] = v + spread * gauss(); });
      truth.push(ci);
    }
  });
  return { x, n: centres.length * n, d, truth };
}

const rows = (x: Float64Array, n: number, d: number) => Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * d, i * d + d)));

describe('k-means', () => {
  it('gives the same result one Lloyd pass at a time, pausing after each', () => {
    const b = blobs([[0, 0], [4, 0], [0, 4], [4, 4]], 60, 1.2, 3);
    const steps = kmeansSteps(b.x, b.n, b.d, 4, { seed: 5 });
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    const whole = kmeans(b.x, b.n, b.d, 4, { seed: 5 });
    assert.deepEqual(step.value, whole);
    assert.ok(pauses >= 4, `${pauses} pauses over 4 restarts`);
  });

  it('recovers well-separated blobs exactly, the same way for the same seed', () => {
    const b = blobs([[0, 0, 0], [10, 0, 0], [0, 10, 5], [8, 8, 8]], 60, 1, 3);
    const r = kmeans(b.x, b.n, b.d, 4, { seed: 7 });
    assert.equal(adjustedRandIndex(r.labels, b.truth), 1);
    const again = kmeans(b.x, b.n, b.d, 4, { seed: 7 });
    assert.deepEqual(again.labels, r.labels);
    assert.deepEqual(again.centroids, r.centroids);
  });

  it('matches the obvious reference from the same start, empty clusters included', () => {
    const b = blobs([[0, 0], [3, 1], [1, 4]], 40, 1.5, 11);
    for (const seed of [1, 2, 3]) {
      const init = kmeansPlusPlus(b.x, b.n, b.d, 5, seededRandom(seed));
      const ref = kmeansReference(rows(b.x, b.n, b.d), rows(init, 5, b.d));
      const fast = lloyd(b.x, b.n, b.d, 5, Float64Array.from(init));
      assert.deepEqual(Array.from(fast.labels), ref.labels);
      ref.centroids.flat().forEach((v, i) => assert.ok(Math.abs(v - fast.centroids[i]!) < 1e-9));
    }
    // Two identical starting centroids: one cluster empties and takes the farthest point.
    const x = Float64Array.of(0, 0, 0, 1, 10, 10, 10, 11);
    const start = Float64Array.of(0, 0, 0, 0);
    const fast = lloyd(x, 4, 2, 2, Float64Array.from(start));
    assert.deepEqual(Array.from(fast.labels), kmeansReference(rows(x, 4, 2), rows(start, 2, 2)).labels);
    assert.equal(new Set(fast.labels).size, 2);
  });
});

describe('silhouette', () => {
  it('equals the definition on random data and is high for separated blobs', () => {
    const b = blobs([[0, 0], [2, 2], [4, 0]], 25, 1.2, 5);
    const labels = kmeans(b.x, b.n, b.d, 3, { seed: 1 }).labels;
    const fast = silhouette(b.x, b.n, b.d, labels, 3);
    assert.ok(Math.abs(fast - silhouetteReference(rows(b.x, b.n, b.d), Array.from(labels))) < 1e-12);
    const apart = blobs([[0, 0], [50, 50]], 20, 1, 9);
    assert.ok(silhouette(apart.x, apart.n, apart.d, Int32Array.from(apart.truth), 2) > 0.9);
  });
});

describe('standardising and projecting', () => {
  it('z-scores with log1p, NaN at the mean, and back', () => {
    const spend = Float64Array.of(0, 9, 99, Number.NaN);
    const s = fitScaling([spend], ['log1p']);
    const z = standardise(s, [spend]);
    assert.equal(z[3], 0);
    assert.ok(Math.abs(z[0]! + z[1]! + z[2]!) < 1e-12);
    assert.ok(Math.abs(fromZScore(s, 0, zScore(s, 0, 99)) - 99) < 1e-9);
  });

  it('diagonalises a symmetric matrix and finds the direction of a line', () => {
    const a = Float64Array.of(4, 1, 2, 1, 3, 0, 2, 0, 5);
    const { values, vectors } = symmetricEigen(a, 3);
    for (let e = 0; e < 3; e++) {
      for (let i = 0; i < 3; i++) {
        let av = 0;
        for (let j = 0; j < 3; j++) av += a[i * 3 + j]! * vectors[e * 3 + j]!;
        assert.ok(Math.abs(av - values[e]! * vectors[e * 3 + i]!) < 1e-9);
      }
    }
    const line = new Float64Array(200);
    for (let i = 0; i < 100; i++) { line[i * 2] = i; line[i * 2 + 1] = 2 * i + (i % 2 ? 0.01 : -0.01); }
    const p = principalComponents(line, 100, 2, 2);
    assert.ok(p.explained[0]! > 0.9999);
    assert.ok(Math.abs(p.components[1]! / p.components[0]! - 2) < 1e-3);
  });
});

describe('assignment', () => {
  it('finds the cheapest matching, square and rectangular, as brute force does', () => {
    const rand = seededRandom(4);
    for (const [r, c] of [[4, 4], [3, 5], [5, 3], [6, 6], [1, 3]] as const) {
      for (let trial = 0; trial < 5; trial++) {
        const cost = Float64Array.from({ length: r * c }, () => Math.round(rand() * 100) / 10);
        const a = minCostAssignment(cost, r, c);
        const assigned = [...a].filter((x) => x >= 0);
        assert.equal(assigned.length, Math.min(r, c));
        assert.equal(new Set(assigned).size, assigned.length);
        assert.ok(Math.abs(assignmentCost(cost, c, a) - assignmentReference(cost, r, c)) < 1e-9);
      }
    }
  });
});

describe('adjusted Rand index', () => {
  it('is 1 for renamed labels and near 0 for unrelated ones', () => {
    assert.equal(adjustedRandIndex(['a', 'a', 'b', 'b', 'c'], [2, 2, 0, 0, 1]), 1);
    const rand = seededRandom(1);
    const x = Array.from({ length: 2000 }, () => Math.floor(rand() * 4));
    const y = Array.from({ length: 2000 }, () => Math.floor(rand() * 4));
    assert.ok(Math.abs(adjustedRandIndex(x, y)) < 0.02);
    // Hand-computed: contingency [[2,1],[0,2]], n = 5.
    const ari = adjustedRandIndex([0, 0, 0, 1, 1], [0, 0, 1, 1, 1]);
    // index 1 + 0 + 0 + 1 = 2; rows 3 + 1 = 4; cols 1 + 3 = 4; expected 4·4/10 = 1.6; max 4.
    assert.ok(Math.abs(ari - (2 - 1.6) / (4 - 1.6)) < 1e-12);
  });
});
