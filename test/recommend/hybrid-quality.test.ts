import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { probit, probitReference, qualityBoost } from '../../src/recommend/algorithms/quality-prior.js';
import { interactionsFromTriples, type Triple } from '../../src/recommend/interactions.js';
import { getRecommender } from '../../src/recommend/registry.js';
import { runContractSuite } from './contract.js';
import { checkerboard } from './fixtures.js';

const hybrid = getRecommender('hybrid');
const board = checkerboard();
// A prior for every checkerboard item, uneven within each group, so the suite runs with it active.
const boardPrior = Float32Array.from({ length: board.data.nItems }, (_, i) => [0.3, 0.5, 0.7, 0.9, 0.45, 0.6][i % 6]!);
runContractSuite(hybrid, { params: { components: 'itemknn:1,popularity:0.2', itemQuality: boardPrior, qualityWeight: 0.3 } });

/**
 * Six learners hold the anchor A; three of them also B, the other three C, so B and C are equally
 * popular and equally close to A. The last learner holds only A: for them B and C tie exactly.
 */
function twins() {
  const time = Date.UTC(2024, 0, 1);
  const triples: Triple[] = [];
  for (let u = 0; u < 6; u++) {
    triples.push({ user: `u${u}`, item: 'A', value: 1, time });
    triples.push({ user: `u${u}`, item: u < 3 ? 'B' : 'C', value: 1, time });
    if (u % 3 === 0) triples.push({ user: `u${u}`, item: 'D', value: 1, time });
  }
  triples.push({ user: 'learner', item: 'A', value: 1, time });
  const data = interactionsFromTriples(triples, { userIds: ['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'learner'], itemIds: ['A', 'B', 'C', 'D'] });
  return { data, learner: 6, B: 1, C: 2 };
}

async function fitted(params: Record<string, unknown>, data = twins().data) {
  const model = hybrid.create({ components: 'itemknn:1,popularity:0.05', ...params });
  await model.fit(data);
  return model;
}

describe('hybrid: content-quality prior', () => {
  it('puts the better-made of two equally popular items first, whichever it is', async () => {
    const { data, learner, B, C } = twins();
    const plain = (await fitted({}, data)).recommend([learner], 2);
    const plainScores = (await fitted({}, data)).foldIn!({ items: Int32Array.of(0), values: Float32Array.of(1) });
    assert.equal(plainScores[B], plainScores[C], 'without a prior B and C tie');

    const cGood = await fitted({ itemQuality: Float32Array.of(0.5, 0.2, 0.8, 0.5) }, data);
    const bGood = await fitted({ itemQuality: Float32Array.of(0.5, 0.8, 0.2, 0.5) }, data);
    assert.equal(cGood.recommend([learner], 1).items[0], C);
    assert.equal(bGood.recommend([learner], 1).items[0], B);
    assert.deepEqual(new Set(plain.items), new Set([B, C]), 'the prior reorders, it does not bring in other items here');
  });

  it('adds exactly qualityWeight × Φ⁻¹(prior) to the blended scores', async () => {
    const prior = Float32Array.of(0.5, 0.2, 0.8, 0.65);
    const history = { items: Int32Array.of(0), values: Float32Array.of(1) };
    const base = (await fitted({})).foldIn!(history);
    const withPrior = (await fitted({ itemQuality: prior, qualityWeight: 0.4 })).foldIn!(history);
    for (let i = 0; i < prior.length; i++) {
      assert.ok(Math.abs(withPrior[i]! - base[i]! - 0.4 * probit(prior[i]!)) < 1e-5, `item ${i}`);
    }
  });

  it('changes nothing without a prior, with weight 0, or with a prior of 0.5 everywhere', async () => {
    const { data } = twins();
    const users = [0, 1, 2, 3, 4, 5, 6];
    const plain = (await fitted({}, data)).recommend(users, 3);
    assert.deepEqual((await fitted({ itemQuality: Float32Array.of(0.1, 0.9, 0.2, 0.8), qualityWeight: 0 }, data)).recommend(users, 3), plain);
    assert.deepEqual((await fitted({ itemQuality: new Float32Array(4).fill(0.5) }, data)).recommend(users, 3), plain);
  });

  it('keeps the prior through save → load', async () => {
    const { data, learner, C } = twins();
    const prior = Float32Array.of(0.5, 0.2, 0.8, 0.5);
    const model = await fitted({ itemQuality: prior, qualityWeight: 0.5 }, data);
    const saved = model.save();
    assert.deepEqual(saved.arrays.quality, prior);
    const loaded = hybrid.load(structuredClone(saved), data);
    assert.deepEqual(loaded.recommend([learner], 3), model.recommend([learner], 3));
    assert.equal(loaded.recommend([learner], 1).items[0], C);
    // A model saved before the prior existed has no quality array and loads without a prior.
    const older = structuredClone(saved);
    delete older.arrays.quality;
    const plain = hybrid.load(older, data);
    const h = { items: Int32Array.of(0), values: Float32Array.of(1) };
    assert.equal(plain.foldIn!(h)[1], plain.foldIn!(h)[2]);
  });

  it('refuses a prior that is not aligned with the items or not in [0, 1]', async () => {
    const { data } = twins();
    await assert.rejects(hybrid.create({ itemQuality: new Float32Array(3).fill(0.5) }).fit(data), /itemQuality has 3 values but the data has 4 items/);
    assert.throws(() => hybrid.create({ itemQuality: [0.5, 0.5, 0.5, 0.5] }), TypeError);
    assert.throws(() => hybrid.create({ itemQuality: Float32Array.of(0.5, 1.2, 0.5, 0.5) }), /itemQuality\[1\] must lie in \[0, 1\]/);
    assert.throws(() => hybrid.create({ itemQuality: Float32Array.of(0.5, NaN, 0.5, 0.5) }), RangeError);
  });

  it('computes Φ⁻¹ as the slow reference does, and boosts 0.5 by exactly 0', () => {
    for (const p of [0.001, 0.01, 0.02, 0.0243, 0.03, 0.1, 0.3, 0.5, 0.6, 0.84, 0.975, 0.99, 0.999]) {
      assert.ok(Math.abs(probit(p) - probitReference(p)) < 1e-6, `p = ${p}: ${probit(p)} vs ${probitReference(p)}`);
    }
    const boost = qualityBoost(Float32Array.of(0.5, 0, 1, 0.8413447), 4);
    assert.equal(boost[0], 0);
    assert.ok(Number.isFinite(boost[1]!) && boost[1]! < -3 && boost[2]! > 3, 'the ends are clamped, not infinite');
    assert.ok(Math.abs(boost[3]! - 1) < 1e-4);
  });
});
