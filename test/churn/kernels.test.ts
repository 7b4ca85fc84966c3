import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyBins, binCounts, binOf, fitBins } from '../../src/churn/kernels/binning.js';
import { calibrated, expectedCalibrationError, fitPlatt } from '../../src/churn/kernels/calibration.js';
import { fitForestReference, marginReference } from '../../src/churn/kernels/gbt-reference.js';
import { fitForest, forestContributions, forestMargins, nodesPerTree } from '../../src/churn/kernels/gbt.js';
import { fitLogisticReference } from '../../src/churn/kernels/logistic-reference.js';
import { fitLogistic, logisticMargins, sigmoid } from '../../src/churn/kernels/logistic.js';
import { averagePrecision, rocAuc } from '../../src/churn/kernels/ranking-metrics.js';
import { averagePrecisionReference, rocAucReference } from '../../src/churn/kernels/ranking-reference.js';
import { seededRandom } from '../../src/recommend/kernels/random.js';

/** n rows × d standard-normal-ish columns and labels drawn from a known logistic model. */
function synthetic(n: number, d: number, seed: number) {
  const rand = seededRandom(seed);
  const x = new Float64Array(n * d);
  const y = new Uint8Array(n);
  const truth = Array.from({ length: d }, (_, j) => (j % 2 ? 1 : -1) * (0.5 + j / d));
  for (let i = 0; i < n; i++) {
    let m = -0.3;
    for (let j = 0; j < d; j++) {
      const v = (rand() + rand() + rand() - 1.5) * 2;
      x[i * d + j] = v;
      m += truth[j]! * v;
    }
    y[i] = rand() < sigmoid(m) ? 1 : 0;
  }
  return { x, y, rows: Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * d, (i + 1) * d))) };
}

describe('churn kernels', () => {
  it('logistic regression: Newton matches plain gradient descent on the same penalised loss', () => {
    const { x, y, rows } = synthetic(300, 5, 1);
    for (const l2 of [0.5, 10]) {
      const fast = fitLogistic(x, y, 300, 5, { l2 });
      const slow = fitLogisticReference(rows, Array.from(y), l2, 60_000);
      for (let j = 0; j <= 5; j++) assert.ok(Math.abs(fast[j]! - slow[j]!) < 1e-4, `coefficient ${j} at λ=${l2}: ${fast[j]} vs ${slow[j]}`);
    }
    // A stronger penalty shrinks the coefficients.
    const loose = fitLogistic(x, y, 300, 5, { l2: 0.1 });
    const tight = fitLogistic(x, y, 300, 5, { l2: 100 });
    const norm = (w: Float64Array) => Math.hypot(...w.subarray(0, 5));
    assert.ok(norm(tight) < norm(loose) / 2);
    const m = logisticMargins(x, 300, 5, loose);
    assert.ok(rocAuc(m, y) > 0.8);
  });

  it('boosted trees: the histogram kernel grows the same trees as the slow reference', () => {
    const n = 160, p = 4;
    const { x, y } = synthetic(n, p, 2);
    x[7 * p + 1] = Number.NaN;
    x[9 * p + 1] = Number.NaN;
    const cuts = fitBins(x, n, p, 8);
    const bins = applyBins(x, n, p, cuts);
    const counts = binCounts(cuts, p);
    const options = { rounds: 12, depth: 3, learningRate: 0.3, l2: 1, minChildWeight: 1 };
    const forest = fitForest(bins, n, p, counts, y, options);
    const rowBins = Array.from({ length: n }, (_, i) => Array.from({ length: p }, (_, j) => bins[j * n + i]!));
    const reference = fitForestReference(rowBins, Array.from(y), Array.from(counts), options);
    const fast = forestMargins(forest, bins, n);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(fast[i]! - marginReference(reference, rowBins[i]!)) < 1e-9, `row ${i}`);
    assert.ok(forest.feature.some((f) => f >= 0), 'some tree splits');
    assert.ok(rocAuc(fast, y) > 0.8, 'fits the training labels');
    // Saabas contributions add up to the margin.
    const { bias, contributions } = forestContributions(forest, bins, n, p);
    for (let i = 0; i < n; i++) {
      let s = bias;
      for (let j = 0; j < p; j++) s += contributions[i * p + j]!;
      assert.ok(Math.abs(s - fast[i]!) < 1e-9);
    }
    assert.equal(forest.value.length, options.rounds * nodesPerTree(3));
  });

  it('binning: missing values in bin 0, cut points sorted, values at a cut go up', () => {
    const x = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, Number.NaN, 8);
    const cuts = fitBins(x, 10, 1, 4);
    // Nine values in three bins: cuts at the 3rd and 6th order statistics.
    assert.deepEqual(Array.from(cuts.values), [4, 7]);
    assert.equal(binOf(cuts, 0, Number.NaN), 0);
    assert.equal(binOf(cuts, 0, 3.9), 1);
    assert.equal(binOf(cuts, 0, 4), 2);
    assert.equal(binOf(cuts, 0, 100), 3);
    const constant = fitBins(Float64Array.of(5, 5, 5), 3, 1, 8);
    assert.equal(constant.values.length, 0);
  });

  it('ROC-AUC and average precision match their pairwise definitions, ties included', () => {
    const rand = seededRandom(3);
    for (let trial = 0; trial < 5; trial++) {
      const n = 60;
      const scores = Float64Array.from({ length: n }, () => Math.round(rand() * 8) / 8);
      const y = Uint8Array.from({ length: n }, (_, i) => (rand() < 0.3 + 0.4 * scores[i]! ? 1 : 0));
      assert.ok(Math.abs(rocAuc(scores, y) - rocAucReference(Array.from(scores), Array.from(y))) < 1e-12);
      assert.ok(Math.abs(averagePrecision(scores, y) - averagePrecisionReference(Array.from(scores), Array.from(y))) < 1e-12);
    }
    assert.equal(rocAuc(Float64Array.of(0.9, 0.1, 0.8), Uint8Array.of(1, 0, 0)), 1);
    assert.equal(rocAuc(Float64Array.of(1, 1), Uint8Array.of(1, 0)), 0.5);
    assert.ok(Number.isNaN(rocAuc(Float64Array.of(1, 2), Uint8Array.of(1, 1))));
  });

  it('Platt scaling recovers a known calibration and lowers the calibration error', () => {
    const rand = seededRandom(4);
    const n = 4000;
    const margins = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      margins[i] = (rand() - 0.5) * 8;
      y[i] = rand() < sigmoid(0.5 * margins[i]! - 1) ? 1 : 0;
    }
    const platt = fitPlatt(margins, y);
    assert.ok(Math.abs(platt.a - 0.5) < 0.1 && Math.abs(platt.b + 1) < 0.15, JSON.stringify(platt));
    const raw = expectedCalibrationError(margins.map(sigmoid), y);
    const fixed = expectedCalibrationError(margins.map((m) => calibrated(platt, m)), y);
    assert.ok(fixed < raw / 2 && fixed < 0.05, `${fixed} vs ${raw}`);
  });
});
