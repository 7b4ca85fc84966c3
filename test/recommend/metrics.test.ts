import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorMetrics, RankingAccumulator, rankingMetricsReference } from '../../src/recommend/evaluate/metrics.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;

describe('metrics', () => {
  it('follow the definitions on a worked example', () => {
    // Hits at ranks 1 and 3 of K = 4, two of three test items found.
    const acc = new RankingAccumulator(10, 4);
    acc.addUser(Int32Array.of(5, 1, 7, -1), 0, [5, 7, 9]);
    const m = acc.result(10);
    const dcg = 1 + 1 / Math.log2(4);
    const idcg = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    assert.ok(close(m.ndcg, dcg / idcg));
    assert.equal(m.hr, 1);
    assert.equal(m.precision, 2 / 4);
    assert.equal(m.recall, 2 / 3);
    assert.ok(close(m.map, (1 / 1 + 2 / 3) / 3));
    assert.equal(m.coverage, 3 / 10);
  });

  it('divide AP and IDCG by min(|test|, K)', () => {
    const acc = new RankingAccumulator(30, 2);
    acc.addUser(Int32Array.of(0, 1), 0, [0, 1, 2, 3, 4]);
    const m = acc.result(30);
    assert.ok(close(m.ndcg, 1));
    assert.ok(close(m.map, 1));
    assert.equal(m.recall, 2 / 5);
  });

  it('match the plain reference on random rows', () => {
    const rand = lcg(3);
    for (let trial = 0; trial < 200; trial++) {
      const k = 1 + Math.floor(rand() * 12);
      const n = 40;
      const perm = Array.from({ length: n }, (_, i) => i).sort(() => rand() - 0.5);
      const recommended = perm.slice(0, k).map((i) => (rand() < 0.1 ? -1 : i));
      const relevant = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 8) }, () => Math.floor(rand() * n)))];
      const acc = new RankingAccumulator(n, k);
      acc.addUser(Int32Array.from(recommended), 0, relevant);
      const m = acc.result(n);
      const ref = rankingMetricsReference(recommended, relevant, k);
      assert.ok(close(m.ndcg, ref.ndcg) && close(m.map, ref.ap) && close(m.recall, ref.recall), `trial ${trial}`);
      assert.equal(m.hr, ref.hr);
      assert.ok(close(m.precision, ref.precision));
    }
  });

  it('average over users and count distinct items for coverage', () => {
    const acc = new RankingAccumulator(6, 2);
    acc.addUser(Int32Array.of(0, 1), 0, [0]);
    acc.addUser(Int32Array.of(9, 9, 0, 2), 2, [3]);
    const m = acc.result(6);
    assert.equal(acc.users, 2);
    assert.equal(m.hr, 0.5);
    assert.equal(m.coverage, 3 / 6);
  });

  it('compute RMSE and MAE', () => {
    const m = errorMetrics([3, 4, 5], [4, 4, 3]);
    assert.ok(close(m.rmse, Math.sqrt(5 / 3)));
    assert.ok(close(m.mae, 1));
    assert.throws(() => errorMetrics([1], [1, 2]));
  });
});
