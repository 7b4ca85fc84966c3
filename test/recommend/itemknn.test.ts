import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { itemknn } from '../../src/recommend/algorithms/itemknn.js';
import { userRow } from '../../src/recommend/interactions.js';
import { recencyWeights } from '../../src/recommend/kernels/recency.js';
import { runContractSuite } from './contract.js';
import { checkerboard } from './fixtures.js';

runContractSuite(itemknn);
runContractSuite(itemknn, { params: { neighbours: 5, weighting: 'none', recencyHalfLife: 0 } });
runContractSuite(itemknn, { params: { neighbours: 50, weighting: 'bm25', alpha: 0.7, exponent: 2, recencyHalfLife: 3 } });

describe('itemknn', () => {
  it('scores a learner as their recency-weighted history spread over the neighbour lists (= foldIn)', async () => {
    const { data } = checkerboard();
    const model = itemknn.create({ recencyHalfLife: 2 });
    await model.fit(data);
    const weights = recencyWeights(data, 2);
    for (const u of [0, 9]) {
      const row = userRow(data, u);
      const start = data.indptr[u]!;
      const folded = model.foldIn!({ items: row.items, values: weights.subarray(start, start + row.items.length) });
      const all = model.recommend([u], data.nItems, { filterSeen: false });
      for (let r = 0; r < data.nItems; r++) {
        assert.ok(Math.abs(folded[all.items[r]!]! - all.scores[r]!) < 1e-6, `user ${u}, item ${all.items[r]}`);
      }
    }
  });

  it('weighs recent history more: the newest item\'s neighbours come first', async () => {
    // Two unrelated pairs (a–b, c–d); the learner took a long ago and c just now.
    const { interactionsFromTriples } = await import('../../src/recommend/interactions.js');
    const triples = [];
    for (let u = 0; u < 6; u++) {
      triples.push({ user: `p${u}`, item: 'a', value: 1, time: 1 }, { user: `p${u}`, item: 'b', value: 1, time: 2 });
      triples.push({ user: `q${u}`, item: 'c', value: 1, time: 1 }, { user: `q${u}`, item: 'd', value: 1, time: 2 });
    }
    triples.push({ user: 'me', item: 'a', value: 1, time: 10 }, { user: 'me', item: 'c', value: 1, time: 20 });
    const data = interactionsFromTriples(triples);
    const model = itemknn.create({ recencyHalfLife: 1, weighting: 'none' });
    await model.fit(data);
    const top = model.recommend([data.userIndex.get('me')!], 1);
    assert.equal(data.itemIds[top.items[0]!], 'd');
  });

  it('returns at most K similar items, most similar first, from the neighbour lists', async () => {
    const { data } = checkerboard();
    const model = itemknn.create({ neighbours: 2 });
    await model.fit(data);
    const result = model.similarItems([0, 1], 4);
    assert.deepEqual([...result.items.subarray(2, 4)], [-1, -1]);
    assert.ok(result.scores[0]! >= result.scores[1]!);
  });
});
