import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeColumn } from '../../src/quality/components.js';
import {
  bayesianAverage, estimatePrior, evidenceShare, median, normalCdf, proportionZ, rateZ, ranks, slopeT, spearman,
} from '../../src/quality/statistics.js';

const close = (a: number, b: number, eps = 1e-3) => assert.ok(Math.abs(a - b) <= eps, `${a} ≠ ${b}`);

describe('Bayesian average (hand-worked)', () => {
  it('3 five-star ratings do not beat 300 ratings averaging 4.5 (platform mean 3.8, m = 10)', () => {
    // (3·5 + 10·3.8) / 13 = 53 / 13 = 4.0769; (300·4.5 + 10·3.8) / 310 = 1388 / 310 = 4.4774
    const few = bayesianAverage(15, 3, 3.8, 10);
    const many = bayesianAverage(1350, 300, 3.8, 10);
    close(few, 53 / 13);
    close(many, 1388 / 310);
    assert.ok(few < many);
  });

  it('holds for every strength from 3 up, and flips only when the prior is nearly ignored', () => {
    for (const m of [3, 5, 10, 25, 100]) assert.ok(bayesianAverage(15, 3, 3.8, m) < bayesianAverage(1350, 300, 3.8, m), `m = ${m}`);
    // m = 1: (15 + 3.8) / 4 = 4.7 — thin evidence barely pulled back: this is why m matters.
    close(bayesianAverage(15, 3, 3.8, 1), 4.7);
  });

  it('is the prior without evidence and the plain mean with overwhelming evidence', () => {
    assert.equal(bayesianAverage(0, 0, 3.8, 10), 3.8);
    close(bayesianAverage(4.5e6, 1e6, 3.8, 10), 4.5, 1e-4);
    close(evidenceShare(10, 10), 0.5);
    assert.equal(evidenceShare(0, 10), 0);
  });
});

describe('empirical-Bayes prior', () => {
  it('recovers the spread between items net of sampling noise', () => {
    // 200 items whose true means are 3 ± 0.5 (alternating), each rated 50 times with noise sd 1 (±1 pattern).
    const k = 200, n = 50;
    const counts = new Float64Array(k).fill(n), sums = new Float64Array(k), sumSqs = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const mu = i % 2 ? 3.5 : 2.5;
      for (let j = 0; j < n; j++) {
        const x = mu + (j % 2 ? 1 : -1);
        sums[i]! += x; sumSqs[i]! += x * x;
      }
    }
    const p = estimatePrior(counts, sums, sumSqs);
    close(p.mean, 3, 1e-9);
    assert.ok(p.estimated);
    // within ≈ 1 + 0.25 = 1.25 (pooled), true spread 0.5 → m ≈ 1.25 / (0.25 − noise/n) ≈ 5.2
    assert.ok(p.strength > 4 && p.strength < 7, `strength ${p.strength}`);
    assert.ok(Math.abs(p.between - 0.5) < 0.06, `between ${p.between}`);
  });

  it('falls back to the given strength when fewer than three items have evidence', () => {
    const p = estimatePrior(Float64Array.of(5, 0, 1), Float64Array.of(20, 0, 3), Float64Array.of(82, 0, 9), { fallbackStrength: 7 });
    assert.equal(p.estimated, false);
    assert.equal(p.strength, 7);
  });

  it('assumes the fallback strength when every item has a single observation (one expert each)', () => {
    const p = estimatePrior(Float64Array.of(1, 1, 1, 1), Float64Array.of(40, 60, 80, 100), Float64Array.of(1600, 3600, 6400, 10000), { fallbackStrength: 1 });
    assert.equal(p.estimated, false);
    assert.equal(p.strength, 1);
    close(p.mean, 70);
    close(p.between, Math.sqrt(500 / 2)); // overall variance 500 = τ² (1 + m)
  });

  it('treats events over an exposure as Poisson', () => {
    // Identical rates everywhere: no true spread, so the strength hits its ceiling.
    const p = estimatePrior(Float64Array.of(10, 20, 30, 40), Float64Array.of(10, 20, 30, 40), new Float64Array(4), { poisson: true, maxStrength: 100 });
    assert.equal(p.strength, 100);
    close(p.mean, 1);
  });
});

describe('the rating component ranks by evidence, not by a handful of stars', () => {
  it('puts 300 ratings at 4.5 above 3 five-star ratings, estimated or fixed m', () => {
    // Items: A = 3 × 5★, B = 300 ratings averaging 4.5, C and D ordinary courses (rating sd about 1), E unrated.
    const evidence = Float64Array.of(3, 300, 200, 200, 0);
    const sum = Float64Array.of(15, 1350, 700, 640, 0);
    const sumSq = Float64Array.of(75, 300 * (4.5 ** 2 + 0.5), 200 * (3.5 ** 2 + 1), 200 * (3.2 ** 2 + 1.2), 0);
    const types = ['course', 'course', 'course', 'course', 'course'];
    for (const fixed of [null, 10, 3]) {
      const col = computeColumn('rating', { kind: 'mean', direction: 1, evidence, sum, sumSq }, types, 10, fixed);
      assert.ok(col.adjusted[1]! > col.adjusted[0]!, `m = ${fixed ?? 'estimated'}`);
      assert.ok(col.z[1]! > col.z[0]!);
      assert.equal(col.confidence[4], 0);
      assert.equal(col.z[4], 0, 'no ratings: exactly the platform');
      assert.ok(Number.isNaN(col.observed[4]!));
    }
    const m10 = computeColumn('rating', { kind: 'mean', direction: 1, evidence, sum, sumSq }, types, 10, 10);
    const mean = 2705 / 703; // pooled platform mean 3.848
    close(m10.adjusted[0]!, (15 + 10 * mean) / 13);
    close(m10.confidence[0]!, 3 / 13);
  });

  it('scores a lower-is-better component in reverse', () => {
    const col = computeColumn('refunds', { kind: 'binomial', direction: -1, evidence: Float64Array.of(50, 50, 50), sum: Float64Array.of(20, 2, 5), sumSq: new Float64Array(3) }, ['course', 'course', 'course'], 20, null);
    assert.ok(col.z[0]! < col.z[2]! && col.z[2]! < col.z[1]!);
  });
});

describe('tests and correlation', () => {
  it('normal CDF', () => {
    close(normalCdf(0), 0.5, 1e-7);
    close(normalCdf(1.96), 0.975, 1e-4);
    close(normalCdf(-1), 0.1587, 1e-4);
  });

  it('two-proportion and rate z statistics', () => {
    // 30/100 vs 50/100: p = 0.4, se = sqrt(0.24 · 0.02) = 0.0693 → z = −2.887
    close(proportionZ(30, 100, 50, 100), -0.2 / Math.sqrt(0.24 * 0.02));
    assert.equal(proportionZ(1, 0, 1, 10), 0);
    // 30 events in 10 h vs 10 in 10 h: 40 events, half the exposure → expected 20, se √10 → z = 3.162
    close(rateZ(30, 10, 10, 10), 10 / Math.sqrt(10));
  });

  it('slope and its t statistic', () => {
    const { slope, t } = slopeT([0, 1, 2, 3, 4], [5, 4.1, 2.9, 2.1, 0.9]);
    close(slope, -1, 0.05);
    assert.ok(t < -10);
    assert.deepEqual(slopeT([1, 1, 1], [1, 2, 3]), { slope: 0, t: 0 });
  });

  it('Spearman with ties, ranks and median', () => {
    assert.deepEqual(Array.from(ranks([10, 20, 20, 5])), [2, 3.5, 3.5, 1]);
    close(spearman([1, 2, 3], [10, 30, 20]), 0.5);
    close(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
    assert.ok(Number.isNaN(spearman([1, 1, 1], [1, 2, 3])));
    assert.equal(median([3, 1, NaN, 2]), 2);
  });
});
