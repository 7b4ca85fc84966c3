import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { neighbourLists, neighbourListsReference, type NeighbourOptions } from '../../src/recommend/kernels/neighbours.js';
import { transpose, type Csr } from '../../src/recommend/kernels/sparse.js';
import { termStatistics, weightMatrix } from '../../src/recommend/kernels/weighting.js';
import { recencyWeights, recencyWeightsReference } from '../../src/recommend/kernels/recency.js';
import { interactionsFromTriples } from '../../src/recommend/interactions.js';
import { seededRandom, shuffleInPlace } from '../../src/recommend/kernels/random.js';
import { finiteMoments } from '../../src/recommend/kernels/finite-moments.js';

function randomCsr(rand: () => number, nRows: number, nCols: number, density: number, integer: boolean): { csr: Csr; dense: number[][] } {
  const dense = Array.from({ length: nRows }, () => Array.from({ length: nCols }, () => (rand() < density ? (integer ? 1 + Math.floor(rand() * 5) : rand() * 3) : 0)));
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of dense) {
    row.forEach((v, c) => { if (v !== 0) { indices.push(c); values.push(v); } });
    indptr.push(indices.length);
  }
  return { csr: { indptr: Int32Array.from(indptr), indices: Int32Array.from(indices), values: Float32Array.from(values) }, dense: dense.map((r) => r.map(Math.fround)) };
}

describe('sparse kernels', () => {
  it('transposes CSR, keeping rows sorted', () => {
    const rand = seededRandom(1);
    const { csr, dense } = randomCsr(rand, 7, 5, 0.4, true);
    const t = transpose(csr, 5);
    for (let c = 0; c < 5; c++) {
      const rows = [...t.indices.subarray(t.indptr[c]!, t.indptr[c + 1]!)];
      assert.deepEqual(rows, dense.flatMap((r, i) => (r[c] !== 0 ? [i] : [])));
      rows.forEach((r, p) => assert.equal(t.values[t.indptr[c]! + p], dense[r]![c]));
    }
  });

  it('finds the same neighbours as the dense formula, for every option mix', () => {
    const rand = seededRandom(2);
    const settings: NeighbourOptions[] = [
      { alpha: 0.5, shrink: 0, exponent: 1, neighbours: 3 },
      { alpha: 0.8, shrink: 5, exponent: 2, neighbours: 4 },
      { alpha: 0.2, shrink: 1, exponent: 0.5, neighbours: 100 },
    ];
    for (let trial = 0; trial < 12; trial++) {
      const { csr, dense } = randomCsr(rand, 15, 9, 0.3, trial % 2 === 0);
      const options = settings[trial % settings.length]!;
      const nb = neighbourLists(csr, transpose(csr, 9), options);
      const ref = neighbourListsReference(dense, options);
      for (let i = 0; i < 15; i++) {
        const got = [...nb.indices.subarray(nb.indptr[i]!, nb.indptr[i + 1]!)];
        const sims = [...nb.sims.subarray(nb.indptr[i]!, nb.indptr[i + 1]!)];
        assert.equal(got.length, ref[i]!.length, `trial ${trial} row ${i}`);
        ref[i]!.forEach(([j, s], p) => {
          assert.ok(Math.abs(sims[p]! - s) < 1e-5 * Math.max(1, s), `trial ${trial} row ${i}: ${sims[p]} vs ${s}`);
          // Near-ties may swap between float widths; the similarity at each rank must agree.
          if (got[p] !== j) assert.ok(Math.abs(sims[p]! - s) < 1e-5);
        });
      }
    }
  });

  it('weights documents by TF-IDF and BM25 as defined', () => {
    // 3 documents × 3 terms; term 0 occurs in every document.
    const m: Csr = { indptr: Int32Array.of(0, 2, 3, 5), indices: Int32Array.of(0, 1, 0, 0, 2), values: Float32Array.of(4, 1, 1, 2, 2) };
    const tfidf = weightMatrix(m, termStatistics(m, 3, 'tfidf'), { weighting: 'tfidf', k1: 0, b: 0 });
    assert.equal(tfidf[0], 0, 'a term in every document has no weight');
    assert.ok(Math.abs(tfidf[1]! - Math.log(3 / 2)) < 1e-6);
    const k1 = 1.2, b = 0.75;
    const bm = weightMatrix(m, termStatistics(m, 3, 'bm25'), { weighting: 'bm25', k1, b });
    const avgLen = 10 / 3;
    const expected = (v: number, len: number, df: number) => ((v * (k1 + 1)) / (v + k1 * (1 - b + (b * len) / avgLen))) * Math.log(3 / df);
    assert.ok(Math.abs(bm[1]! - expected(1, 5, 1)) < 1e-6);
    assert.ok(Math.abs(bm[4]! - expected(2, 4, 1)) < 1e-6);
    assert.deepEqual(weightMatrix(m, termStatistics(m, 3, 'none'), { weighting: 'none', k1, b }), m.values);
  });

  it('weights history by recency like the pairwise definition (ties share an age)', () => {
    const rand = seededRandom(4);
    const triples = [];
    for (let u = 0; u < 8; u++) {
      const items = Int32Array.from({ length: 12 }, (_, i) => i);
      shuffleInPlace(items, rand);
      for (let p = 0; p < 1 + Math.floor(rand() * 10); p++) triples.push({ user: `u${u}`, item: `i${items[p]}`, value: 1 + p, time: Math.floor(rand() * 5) });
    }
    const data = interactionsFromTriples(triples);
    for (const h of [0, 0.5, 3]) {
      const fast = recencyWeights(data, h);
      const ref = recencyWeightsReference(data, h);
      fast.forEach((w, p) => assert.ok(Math.abs(w - ref[p]!) < 1e-5, `h=${h} p=${p}`));
    }
  });

  it('draws the same numbers from the same seed, and different ones from another', () => {
    const a = seededRandom(42), b = seededRandom(42), c = seededRandom(43);
    const xs = Array.from({ length: 5 }, a);
    assert.deepEqual(Array.from({ length: 5 }, b), xs);
    assert.notDeepEqual(Array.from({ length: 5 }, c), xs);
    assert.ok(xs.every((x) => x >= 0 && x < 1));
  });
});

describe('parallel neighbour lists', () => {
  it('give the same lists on worker threads as on one thread', async () => {
    const { computeNeighbourLists, balancedRanges } = await import('../../src/recommend/kernels/neighbours-parallel.js');
    const rand = seededRandom(8);
    const { csr } = randomCsr(rand, 40, 25, 0.2, true);
    const byFeature = transpose(csr, 25);
    const options = { alpha: 0.6, shrink: 2, exponent: 1.5, neighbours: 6 };
    const one = await computeNeighbourLists(csr, byFeature, options, { threads: 1 });
    const three = await computeNeighbourLists(csr, byFeature, options, { threads: 3 });
    assert.deepEqual(three, one);
    assert.deepEqual(one, neighbourLists(csr, byFeature, options));
    assert.deepEqual(balancedRanges(Float64Array.of(1, 1, 1, 1, 4), 2), [0, 4, 5]);
    assert.deepEqual(balancedRanges(Float64Array.of(5), 3), [0, 1]);
  });
});

it('finiteMoments: means and minimum over the finite entries only', () => {
  const s = new Float32Array([2, Number.NEGATIVE_INFINITY, -1, 4, Number.NaN]);
  const m = finiteMoments(s);
  assert.equal(m.count, 3);
  assert.ok(Math.abs(m.mean - 5 / 3) < 1e-12);
  assert.ok(Math.abs(m.meanSquare - 21 / 3) < 1e-12);
  assert.equal(m.min, -1);
  assert.deepEqual(finiteMoments(new Float32Array([Number.NaN])), { count: 0, mean: 0, meanSquare: 0, min: 0 });
});
