import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { popularity, popularityScores } from '../../src/recommend/algorithms/popularity.js';
import { interactionsFromTriples } from '../../src/recommend/interactions.js';
import { runContractSuite } from './contract.js';

runContractSuite(popularity, { learnsStructure: false });
runContractSuite(popularity, { learnsStructure: false, params: { halfLifeDays: 3, weighting: 'value' } });

const dayMs = 86_400_000;

describe('popularity', () => {
  const data = interactionsFromTriples([
    { user: 'a', item: 'old', value: 1, time: 0 * dayMs + 1 },
    { user: 'b', item: 'old', value: 1, time: 0 * dayMs + 1 },
    { user: 'c', item: 'old', value: 1, time: 0 * dayMs + 1 },
    { user: 'a', item: 'new', value: 2, time: 10 * dayMs + 1 },
    { user: 'b', item: 'new', value: 2, time: 10 * dayMs + 1 },
  ]);
  const old = data.itemIndex.get('old')!;
  const fresh = data.itemIndex.get('new')!;

  it('counts learners per item', () => {
    const s = popularityScores(data, 0, false);
    assert.equal(s[old], 3);
    assert.equal(s[fresh], 2);
  });

  it('sums values when weighting by value', () => {
    assert.equal(popularityScores(data, 0, true)[fresh], 4);
  });

  it('halves the weight of an interaction one half-life older than the newest', () => {
    const s = popularityScores(data, 10, false);
    assert.ok(Math.abs(s[old]! - 1.5) < 1e-9);
    assert.equal(s[fresh], 2);
  });

  it('ranks trending items first with a short half-life, all-time favourites without', async () => {
    const allTime = popularity.create();
    await allTime.fit(data);
    assert.equal(allTime.recommend([data.userIndex.get('c')!], 1, { filterSeen: false }).items[0], old);
    const trending = popularity.create({ halfLifeDays: 1 });
    await trending.fit(data);
    assert.equal(trending.recommend([data.userIndex.get('c')!], 1, { filterSeen: false }).items[0], fresh);
  });

  it('restricts to a category with the allow mask', async () => {
    const model = popularity.create();
    await model.fit(data);
    const allow = new Uint8Array(data.nItems);
    allow[fresh] = 1;
    assert.deepEqual([...model.recommend([0], 2, { filterSeen: false, allow }).items], [fresh, -1]);
  });
});
