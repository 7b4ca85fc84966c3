import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluationDataFromText } from '../../src/recommend/evaluate/dataset.js';
import { evaluateModel } from '../../src/recommend/evaluate/runner.js';
import { tune, perturbParams, sampleParams } from '../../src/recommend/evaluate/tune.js';
import { newIdSpace, parseRatings } from '../../src/recommend/evaluate/rating-table.js';
import { popularity } from '../../src/recommend/algorithms/popularity.js';
import { itemknn } from '../../src/recommend/algorithms/itemknn.js';
import { seededRandom } from '../../src/recommend/kernels/random.js';
import { resolveParams } from '../../src/recommend/params.js';
import type { RankingMetrics, ErrorMetrics } from '../../src/recommend/evaluate/metrics.js';
import type { RecommenderFactory } from '../../src/recommend/recommender.js';

// Items a, b, c popular in that order; u3 appears only in test (cold); "z" only in test.
const train = 'user\titem\trating\ttimestamp\nu1\ta\t5\t1\nu1\tb\t4\t2\nu2\ta\t3\t1\nu2\tc\t4\t2\nu4\ta\t4\t1\nu4\tb\t2\t3\n';
const test = 'u1\tc\t4\t9\nu2\tb\t5\t9\nu3\ta\t2\t9\nu3\tz\t4\t9\nu4\ta\t4\t9\n';

/** A rating model for the test: predicts the user's mean training value. */
const userMean: RecommenderFactory = {
  name: 'user-mean', description: 'test double', feedback: 'explicit', params: {},
  create() {
    let means = new Float32Array(0);
    const model = {
      name: 'user-mean', params: {},
      async fit(data: { nUsers: number; indptr: Int32Array; values: Float32Array }) {
        means = Float32Array.from({ length: data.nUsers }, (_, u) => {
          const v = data.values.subarray(data.indptr[u]!, data.indptr[u + 1]!);
          return v.reduce((s, x) => s + x, 0) / v.length;
        });
      },
      recommend: () => { throw new Error('unused'); },
      similarItems: () => { throw new Error('unused'); },
      predict: (users: ArrayLike<number>) => Float32Array.from(users, (u) => means[u]!),
      save: () => { throw new Error('unused'); },
    };
    return model as never;
  },
  load: () => { throw new Error('unused'); },
};

describe('evaluation runner', () => {
  it('scores users with history in metrics and the others, with popularity, in cold', async () => {
    const data = evaluationDataFromText(train, test, 'binary');
    assert.equal(data.catalogSize, 4, 'a, b, c and the test-only z');
    assert.equal(data.overlapping, 1, 'u4 already had a in train');
    const run = await evaluateModel(popularity, {}, data, { protocol: 'holdout', k: 2 });
    const { report } = run;
    assert.deepEqual(Object.keys(report), ['model', 'protocol', 'k', 'metrics', 'cold', 'train_seconds', 'params']);
    assert.equal(run.warmUsers, 2);
    // u1: unseen c ranks first (count 1 vs z 0) → hit at rank 1. u2: b first → hit.
    assert.equal((report.metrics as RankingMetrics).hr, 1);
    assert.equal(report.cold.users, 1);
    // u3 gets the global top 2 (a, b): a is relevant, z is not; recall 1/2.
    const cold = report.cold.metrics as RankingMetrics;
    assert.equal(cold.recall, 0.5);
    assert.equal(cold.precision, 0.5);
  });

  it('reports RMSE/MAE for the ratings protocol, cold users by damped item means', async () => {
    const data = evaluationDataFromText(train, test, 'rating');
    const run = await evaluateModel(userMean, {}, data, { protocol: 'ratings' });
    const m = run.report.metrics as ErrorMetrics;
    // u1 mean 4.5 vs 4; u2 mean 3.5 vs 5 (u4's row overlaps train and is left out).
    assert.ok(Math.abs(m.rmse - Math.sqrt((0.25 + 2.25) / 2)) < 1e-6);
    assert.ok(Math.abs(m.mae - 1) < 1e-6);
    // Cold u3: item a has ratings 5, 3, 4 (mean 4), global mean 22/6, λ = 5.
    const mu = 22 / 6;
    const a = (12 + 5 * mu) / 8;
    const z = mu;
    const cold = run.report.cold.metrics as ErrorMetrics;
    assert.ok(Math.abs(cold.mae - (Math.abs(a - 2) + Math.abs(z - 4)) / 2) < 1e-5);
  });

  it('refuses the ratings protocol for a model that cannot predict', async () => {
    const data = evaluationDataFromText(train, test, 'rating');
    await assert.rejects(evaluateModel(itemknn, {}, data, { protocol: 'ratings' }), /does not predict ratings/);
  });
});

describe('tuning', () => {
  it('samples and perturbs within the documented ranges, reproducibly', () => {
    const rand = seededRandom(5);
    for (let t = 0; t < 50; t++) {
      const p = sampleParams(itemknn, rand);
      assert.doesNotThrow(() => resolveParams(itemknn.params, p));
      assert.doesNotThrow(() => resolveParams(itemknn.params, perturbParams(itemknn, p, rand)));
    }
    assert.deepEqual(sampleParams(itemknn, seededRandom(9)), sampleParams(itemknn, seededRandom(9)));
  });

  it('tries the defaults first, runs the asked number of trials and never sees the test file', async () => {
    const lines = ['user\titem\trating\ttimestamp'];
    for (let u = 0; u < 12; u++) for (let j = 0; j < 6; j++) lines.push(`u${u}\ti${(u % 2) * 6 + ((u + j) % 6)}\t1\t${j}`);
    const ids = newIdSpace();
    const table = parseRatings(lines.join('\n'), ids);
    const result = await tune([itemknn, popularity], table, ids, { protocol: 'loo', trials: 5, seed: 3 });
    assert.equal(result.trials.length, 5);
    assert.deepEqual(result.trials[0]!.params, resolveParams(itemknn.params));
    assert.equal(result.validation.validationRows, 12, 'one held-out row per user of the train file');
    assert.ok(result.trials.every((t) => t.score <= result.best.score));
  });

  it('records a model that cannot fit as a failed trial and goes on with the others', async () => {
    const broken: RecommenderFactory = { ...popularity, name: 'broken', create: () => { const m = popularity.create(); m.fit = async () => { throw new Error('no texts'); }; return m; } };
    const lines = ['user\titem\trating\ttimestamp'];
    for (let u = 0; u < 6; u++) for (let j = 0; j < 4; j++) lines.push(`u${u}\ti${(u + j) % 5}\t1\t${j}`);
    const ids = newIdSpace();
    const table = parseRatings(lines.join('\n'), ids);
    const result = await tune([broken, popularity], table, ids, { protocol: 'loo', trials: 3 });
    assert.equal(result.trials[0]!.error, 'no texts');
    assert.equal(result.best.model, 'popularity');
  });
});
