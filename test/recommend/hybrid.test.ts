import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseComponents } from '../../src/recommend/algorithms/hybrid.js';
import { getRecommender } from '../../src/recommend/registry.js';
import { runContractSuite } from './contract.js';
import { checkerboard } from './fixtures.js';

const hybrid = getRecommender('hybrid');
runContractSuite(hybrid, { params: { components: 'itemknn:1,popularity:0.2' } });
runContractSuite(hybrid, { params: { components: 'als:1,itemknn:0.5' } });

describe('hybrid', () => {
  it('parses components and refuses bad ones by name', () => {
    assert.deepEqual(parseComponents('als:2, itemknn'), [{ name: 'als', weight: 2 }, { name: 'itemknn', weight: 1 }]);
    assert.throws(() => parseComponents('als:x'), /components/);
    assert.throws(() => parseComponents('hybrid:1'), /itself/);
    assert.throws(() => hybrid.create({ components: 'nosuch:1' }), /unknown model "nosuch"/);
  });

  it('with one component ranks exactly as that component', async () => {
    const { data } = checkerboard();
    const alone = getRecommender('itemknn').create();
    await alone.fit(data);
    const blend = hybrid.create({ components: 'itemknn:3' });
    await blend.fit(data);
    const users = Array.from({ length: data.nUsers }, (_, u) => u);
    const a = alone.recommend(users, 3);
    const b = blend.recommend(users, 3);
    assert.deepEqual(Array.from(b.items), Array.from(a.items));
  });
});
