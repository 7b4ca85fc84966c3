import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { userknn } from '../../src/recommend/algorithms/userknn.js';
import { userRow } from '../../src/recommend/interactions.js';
import { runContractSuite } from './contract.js';
import { checkerboard } from './fixtures.js';

runContractSuite(userknn, { params: { neighbours: 5 } });
runContractSuite(userknn, { params: { neighbours: 3, weighting: 'bm25', exponent: 1, alpha: 0.7 } });
runContractSuite(userknn, { params: { weighting: 'tfidf', shrink: 0 } });

describe('userknn', () => {
  it('folds in a fresh history: its K most similar learners (by the formula, computed densely) vote', async () => {
    const { data } = checkerboard();
    const model = userknn.create({ neighbours: 3, shrink: 1, exponent: 2 });
    await model.fit(data);
    const history = { items: Int32Array.of(0, 2, 7), values: Float32Array.of(1, 2, 1) };
    const dense = Array.from({ length: data.nUsers }, (_, u) => {
      const row = new Float64Array(data.nItems);
      const r = userRow(data, u);
      r.items.forEach((i, p) => { row[i] = r.values[p]!; });
      return row;
    });
    const h = new Float64Array(data.nItems);
    history.items.forEach((i, p) => { h[i] = history.values[p]!; });
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);
    const sims = dense.map((row, u) => ({ u, s: (dot(h, row) / (Math.sqrt(dot(h, h) * dot(row, row)) + 1)) ** 2 }))
      .filter((x) => x.s > 0).sort((a, b) => b.s - a.s || a.u - b.u).slice(0, 3);
    const expected = new Float64Array(data.nItems);
    for (const { u, s } of sims) dense[u]!.forEach((v, i) => { expected[i]! += s * v; });
    const folded = model.foldIn!(history);
    expected.forEach((e, i) => assert.ok(Math.abs(e - folded[i]!) < 1e-4, `item ${i}: ${e} vs ${folded[i]}`));
  });

  it('answers similar items by co-occurrence cosine', async () => {
    const { data } = checkerboard();
    const model = userknn.create();
    await model.fit(data);
    const result = model.similarItems([0], 1);
    const users = (i: number) => new Set(Array.from({ length: data.nUsers }, (_, u) => u).filter((u) => userRow(data, u).items.includes(i)));
    const a = users(0);
    let best = -1;
    let bestScore = -1;
    for (let j = 1; j < data.nItems; j++) {
      const b = users(j);
      const s = b.size === 0 ? 0 : [...a].filter((u) => b.has(u)).length / Math.sqrt(a.size * b.size);
      if (s > bestScore) { best = j; bestScore = s; }
    }
    assert.equal(result.items[0], best);
    assert.ok(Math.abs(result.scores[0]! - bestScore) < 1e-6);
  });
});
