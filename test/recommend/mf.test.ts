import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mf } from '../../src/recommend/algorithms/mf.js';
import { interactionsFromTriples, type Interactions } from '../../src/recommend/interactions.js';
import { Random } from '../../src/recommend/kernels/linalg-random.js';
import { transposeCsr } from '../../src/recommend/kernels/linalg-sparse.js';
import { fitBaselines, itemNeighbours, markUser, neighbourOffset } from '../../src/recommend/kernels/mf-neighbours.js';
import { biasedMfStepReference, neighbourOffsetReference, pearsonBaselineReference } from '../../src/recommend/kernels/mf-reference.js';
import { biasedMfEpoch, newBiasedMf } from '../../src/recommend/kernels/mf-sgd.js';
import { baselineResiduals, ratingList } from '../../src/recommend/kernels/mf-train.js';
import { runContractSuite } from './contract.js';

// Ratings alone carry no co-occurrence signal (every checkerboard rating is 4 or 5), so the suite's
// own-group ranking check does not apply; its rating check (liked vs disliked) does.
runContractSuite(mf, { learnsStructure: false, params: { factors: 3, iterations: 60, learningRate: 0.02, validation: 0, neighbours: 0 } });
runContractSuite(mf, { learnsStructure: false, params: { factors: 3, iterations: 40, learningRate: 0.02, validation: 0, neighbours: 5, shrinkage: 2 } });

/** Ratings from a hidden low-rank model plus noise, so a fitted model has something to find. */
function ratingData(nUsers: number, nItems: number, perUser: number, seed: number): Interactions {
  const rng = new Random(seed);
  const a = rng.fillNormal(new Float32Array(nUsers * 2), 1);
  const b = rng.fillNormal(new Float32Array(nItems * 2), 1);
  const triples = [];
  for (let u = 0; u < nUsers; u++) {
    for (let k = 0; k < perUser; k++) {
      const i = rng.int(nItems);
      const r = 3 + a[2 * u]! * b[2 * i]! + a[2 * u + 1]! * b[2 * i + 1]! + 0.3 * rng.normal();
      triples.push({ user: `u${u}`, item: `i${i}`, value: Math.min(5, Math.max(1, Math.round(r * 2) / 2)) });
    }
  }
  return interactionsFromTriples(triples);
}

describe('explicit-rating kernels against their references', () => {
  const data = ratingData(25, 30, 12, 1);
  const byItem = transposeCsr(data.indptr, data.indices, data.values, data.nItems);
  const mean = data.values.reduce((s, v) => s + v, 0) / data.values.length;

  it('one SGD epoch equals the step-by-step reference in the same order', () => {
    const list = ratingList(data);
    const f = 3;
    const m = newBiasedMf(data.nUsers, data.nItems, f, mean, 0.1, new Random(2));
    const ref = {
      bu: Array.from(m.userBias), bi: Array.from(m.itemBias),
      p: Array.from({ length: data.nUsers }, (_, u) => Array.from(m.userFactors.subarray(u * f, (u + 1) * f))),
      q: Array.from({ length: data.nItems }, (_, i) => Array.from(m.itemFactors.subarray(i * f, (i + 1) * f))),
    };
    const rows = Int32Array.from({ length: list.ratings.length }, (_, k) => k);
    biasedMfEpoch(list, rows, m, 0.02, 0.05, new Random(3));
    // `rows` now holds the visiting order the kernel used.
    for (const r of rows) {
      const u = list.users[r]!;
      const i = list.items[r]!;
      const next = biasedMfStepReference(list.ratings[r]!, mean, ref.bu[u]!, ref.bi[i]!, ref.p[u]!, ref.q[i]!, 0.02, 0.05);
      [ref.bu[u], ref.bi[i], ref.p[u], ref.q[i]] = [next.bu, next.bi, next.pu, next.qi];
    }
    for (let u = 0; u < data.nUsers; u++) {
      assert.ok(Math.abs(m.userBias[u]! - ref.bu[u]!) < 1e-4);
      for (let k = 0; k < f; k++) assert.ok(Math.abs(m.userFactors[u * f + k]! - ref.p[u]![k]!) < 1e-4);
    }
    for (let i = 0; i < data.nItems; i++) assert.ok(Math.abs(m.itemBias[i]! - ref.bi[i]!) < 1e-4);
  });

  it('similarities and neighbour offsets match the references', () => {
    const { userBias, itemBias } = fitBaselines(data, byItem, mean, 15, 10, 10);
    const userRes = baselineResiduals(data, mean, userBias, itemBias);
    const itemRes = baselineResiduals(byItem, mean, itemBias, userBias);
    const nb = itemNeighbours(data, userRes, byItem, itemRes, data.nItems, 3, 1000);
    const byUser = new Map<number, Map<number, number>>();
    for (let u = 0; u < data.nUsers; u++) {
      const row = new Map<number, number>();
      for (let b = data.indptr[u]!; b < data.indptr[u + 1]!; b++) row.set(data.indices[b]!, userRes[b]!);
      byUser.set(u, row);
    }
    const residual = (u: number, i: number): number => byUser.get(u)!.get(i)!;
    let positive = 0;
    for (let i = 0; i < data.nItems; i++) {
      const listed = new Map<number, number>();
      for (let t = nb.indptr[i]!; t < nb.indptr[i + 1]!; t++) {
        listed.set(nb.items[t]!, nb.sims[t]!);
        if (t > nb.indptr[i]!) assert.ok(nb.sims[t - 1]! >= nb.sims[t]!, 'most similar first');
      }
      for (let j = 0; j < data.nItems; j++) {
        if (j === i) continue;
        const expected = pearsonBaselineReference(byUser, residual, i, j, 3);
        if (expected > 0) positive++;
        assert.ok(Math.abs((listed.get(j) ?? 0) - Math.max(0, expected)) < 1e-5, `s(${i}, ${j})`);
      }
    }
    assert.ok(positive > 20, 'the fixture must have positive similarities to check');
    const marks = new Float32Array(data.nItems).fill(NaN);
    for (const u of [0, 7, 19]) {
      markUser(marks, data, userRes, u);
      for (const i of [0, 4, 11]) {
        const sims = new Map<number, number>();
        for (let t = nb.indptr[i]!; t < nb.indptr[i + 1]!; t++) sims.set(nb.items[t]!, nb.sims[t]!);
        const expected = neighbourOffsetReference(sims, byUser.get(u)!, 4);
        assert.ok(Math.abs(neighbourOffset(nb, i, marks, 4) - expected) < 1e-5);
      }
      marks.fill(NaN);
    }
  });

  it('baselines solve their ridge regressions', () => {
    const { userBias, itemBias } = fitBaselines(data, byItem, mean, 15, 10, 1);
    // After one sweep the items were solved last: each item bias is its exact ridge solution.
    for (let i = 0; i < data.nItems; i++) {
      let s = 0;
      let n = 0;
      for (let b = byItem.indptr[i]!; b < byItem.indptr[i + 1]!; b++, n++) s += byItem.values[b]! - mean - userBias[byItem.indices[b]!]!;
      assert.ok(Math.abs(itemBias[i]! - s / (10 + n)) < 1e-5);
    }
  });
});

describe('mf model', () => {
  const data = ratingData(60, 40, 15, 4);

  it('fits the ratings far better than the global mean and clips to the rating range', async () => {
    const model = mf.create({ factors: 4, iterations: 50, learningRate: 0.02, neighbours: 10, shrinkage: 5 });
    await model.fit(data);
    const saved = model.save();
    assert.ok((saved.meta.weight as number) >= 0 && (saved.meta.weight as number) <= 1);
    assert.ok((saved.meta.epochs as number) >= 1 && (saved.meta.epochs as number) <= 50);
    const users = Array.from({ length: 60 * 40 }, (_, r) => Math.floor(r / 40));
    const items = Array.from({ length: 60 * 40 }, (_, r) => r % 40);
    const predicted = model.predict!(users, items);
    for (const p of predicted) assert.ok(p >= 1 && p <= 5, `prediction ${p} outside [1, 5]`);
    const list = ratingList(data);
    const mean = list.ratings.reduce((s, v) => s + v, 0) / list.ratings.length;
    let sqModel = 0;
    let sqMean = 0;
    const pairs = model.predict!(list.users, list.items);
    list.ratings.forEach((r, k) => {
      sqModel += (r - pairs[k]!) ** 2;
      sqMean += (r - mean) ** 2;
    });
    assert.ok(sqModel < 0.6 * sqMean, `model ${sqModel} vs mean ${sqMean}`);
  });

  it('stops early on the validation carve-out', async () => {
    const model = mf.create({ factors: 8, iterations: 300, learningRate: 0.05, regularization: 0, neighbours: 0, patience: 3 });
    await model.fit(data);
    assert.ok((model.save().meta.epochs as number) < 300);
  });

  it('rejects mismatched predict arguments', async () => {
    const model = mf.create({ factors: 2, iterations: 3, neighbours: 0 });
    await model.fit(data);
    assert.throws(() => model.predict!([0, 1], [0]), RangeError);
    assert.throws(() => model.predict!([0], [data.nItems]), RangeError);
  });
});
