import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caseMixAdjust, caseMixAdjustReference, solveSymmetric } from '../../src/quality/case-mix.js';
import { catalogIndexOf } from '../../src/quality/catalog-index.js';
import { computeComponents } from '../../src/quality/components.js';
import { fitFeatureCount, fitFeatures, learnerFitOf, primarySubtag } from '../../src/quality/learner-fit.js';
import { qualityConfig } from '../../src/quality/quality-config.js';
import type { FeedbackSignals } from '../../src/quality/feedback-signals.js';
import type { ViewingSignals } from '../../src/quality/viewing-signals.js';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} ≠ ${b}`);

/** A deterministic generator, so the fixtures are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/**
 * Ratings of `items` items: y = quality(i) + 2·affinity + 0.5·languageMatch + noise, where good
 * items (the odd ones) mostly reach learners who fit them badly — the confounding the adjustment
 * must undo. Some features are unknown (NaN).
 */
function confounded(items: number, perItem: number, seed: number) {
  const rnd = lcg(seed);
  const n = items * perItem;
  const item = new Int32Array(n), y = new Float64Array(n), x = new Float64Array(n * 2);
  const quality = Float64Array.from({ length: items }, (_, i) => (i % 2 ? 1 : 0));
  for (let k = 0; k < n; k++) {
    const i = Math.floor(k / perItem);
    const affinity = quality[i]! ? 0.3 * rnd() : 0.7 + 0.3 * rnd();
    const lang = rnd() < 0.8 ? 1 : 0;
    item[k] = i;
    y[k] = quality[i]! + 2 * affinity + 0.5 * lang + 0.2 * (rnd() - 0.5);
    x[k * 2] = k % 17 === 0 ? NaN : affinity;
    x[k * 2 + 1] = k % 23 === 0 ? NaN : lang;
  }
  return { item, y, x, quality };
}

function itemMeans(item: Int32Array, v: Float64Array, items: number): Float64Array {
  const sum = new Float64Array(items), count = new Float64Array(items);
  item.forEach((i, k) => { if (i >= 0) { sum[i]! += v[k]!; count[i]! += 1; } });
  return sum.map((s, i) => s / count[i]!);
}

describe('case-mix adjustment', () => {
  it('works the doc example by hand', () => {
    // Item 0: ratings 5 (affinity 1) and 3 (affinity 0): β = 2. Mean affinity (1 + 0 + 0.5) / 3 = 0.5.
    const r = caseMixAdjust(Int32Array.of(0, 0, 1), Float64Array.of(5, 3, 4), Float64Array.of(1, 0, 0.5), 1);
    close(r.beta[0]!, 2);
    close(r.mean[0]!, 0.5);
    assert.deepEqual(Array.from(r.adjusted), [4, 4, 4]);
  });

  it('fast and reference (one dummy variable per item) agree', () => {
    for (const seed of [1, 2, 3]) {
      const { item, y, x } = confounded(12, 9, seed);
      item[5] = -1; // left out
      const fast = caseMixAdjust(item, y, x, 2);
      const slow = caseMixAdjustReference(item, y, x, 2);
      for (let j = 0; j < 2; j++) { close(fast.beta[j]!, slow.beta[j]!, 1e-7); close(fast.mean[j]!, slow.mean[j]!); }
      for (let k = 0; k < y.length; k++) close(fast.adjusted[k]!, slow.adjusted[k]!, 1e-7);
    }
  });

  it('recovers the effects within items and undoes the confounding between them', () => {
    const { item, y, x, quality } = confounded(40, 25, 7);
    const r = caseMixAdjust(item, y, x, 2);
    close(r.beta[0]!, 2, 0.1);
    close(r.beta[1]!, 0.5, 0.05);
    const plain = itemMeans(item, y, 40), adjusted = itemMeans(item, r.adjusted, 40);
    // Plain averages rank the poor items (reached by well-fitting learners) above the good ones.
    const gap = (m: Float64Array) => m.reduce((s, v, i) => s + (quality[i]! ? v : -v), 0) / 20;
    assert.ok(gap(plain) < 0, `plain gap ${gap(plain)}`);
    close(gap(adjusted), 1, 0.15);
  });

  it('moves nothing when the features never vary within an item, or are unknown', () => {
    const item = Int32Array.of(0, 0, 1, 1), y = Float64Array.of(4, 5, 2, 3);
    const constant = caseMixAdjust(item, y, Float64Array.of(1, 1, 0, 0), 1);
    assert.equal(constant.beta[0], 0);
    assert.deepEqual(Array.from(constant.adjusted), [4, 5, 2, 3]);
    const unknown = caseMixAdjust(item, y, Float64Array.of(NaN, NaN, NaN, NaN), 1);
    assert.deepEqual(Array.from(unknown.adjusted), [4, 5, 2, 3]);
    assert.deepEqual(Array.from(caseMixAdjust(new Int32Array(0), new Float64Array(0), new Float64Array(0), 2).beta), [0, 0]);
  });

  it('drops a feature the platform never knows and still adjusts by the others', () => {
    const { item, y, x } = confounded(40, 25, 11);
    for (let k = 0; k < item.length; k++) x[k * 2 + 1] = NaN; // no learner told their language
    const fast = caseMixAdjust(item, y, x, 2);
    const slow = caseMixAdjustReference(item, y, x, 2);
    // The language's half star is now noise around the estimate (standard error ~0.08).
    close(fast.beta[0]!, 2, 0.3);
    assert.equal(fast.beta[1], 0);
    for (let k = 0; k < y.length; k++) close(fast.adjusted[k]!, slow.adjusted[k]!, 1e-7);
  });

  it('solves a small system, leaving an uninformed direction at 0', () => {
    const beta = solveSymmetric(Float64Array.of(2, 1, 0, 1, 3, 0, 0, 0, 0), Float64Array.of(3, 5, 0), 3);
    close(beta[0]!, 0.8); close(beta[1]!, 1.4); assert.equal(beta[2], 0);
  });
});

describe('learner fit', () => {
  const catalog = catalogIndexOf([
    { id: 'c-py', type: 'course', category: 'programming', language: 'zh' },
    { id: 'c-py-l1', type: 'lesson', parentId: 'c-py', position: 1 },
    { id: 'c-fin', type: 'course', category: 'finance', language: 'en-US' },
    { id: 'c-art', type: 'course', category: 'art' },
  ]);
  const fit = learnerFitOf(
    catalog,
    [{ learner: 'u1', item: 'c-py', count: 6 }, { learner: 'u1', item: 'c-py-l1', count: 2 }, { learner: 'u1', item: 'c-fin', count: 2 }],
    [{ learner: 'u1', language: 'zh-CN' }, { learner: 'u2', language: null }],
  );
  const at = (learner: string, id: string) => {
    const out = new Float64Array(fitFeatureCount);
    fitFeatures(fit, learner, catalog.index.get(id) ?? -1, out, 0);
    return Array.from(out);
  };

  it('topic affinity is the views in the item category over the most viewed one; lessons count for their course', () => {
    assert.deepEqual(at('u1', 'c-py'), [1, 1]);
    assert.deepEqual(at('u1', 'c-py-l1'), [1, 1]);
    assert.deepEqual(at('u1', 'c-fin'), [0.25, 0]);
    assert.deepEqual(at('u1', 'c-art'), [0, NaN]);
  });

  it('is unknown (NaN) for learners with no views, no language, or never seen', () => {
    assert.deepEqual(at('u2', 'c-py'), [NaN, NaN]);
    assert.deepEqual(at('nobody', 'c-py'), [NaN, NaN]);
    assert.equal(primarySubtag('zh_CN'), 'zh');
    assert.equal(primarySubtag(' EN-us '), 'en');
    assert.equal(primarySubtag('??'), null);
  });
});

describe('components with case-mix', () => {
  it('adjusts the stars the score uses but shows the plain average', () => {
    // A is rated 5, 5 by learners in their main subject and 3 by one for whom it is off-topic; B is rated
    // 4, 4, 4 by learners with a side interest in it (affinity 0.25); C 3, 4 (0.5). Within A, affinity is
    // worth 2 stars.
    const catalog = catalogIndexOf([{ id: 'A', type: 'course' }, { id: 'B', type: 'course' }, { id: 'C', type: 'course' }]);
    const n = 3;
    const f = () => new Float64Array(n);
    const ratings = { item: Int32Array.of(0, 0, 0, 1, 1, 1, 2, 2), value: Float64Array.of(5, 5, 3, 4, 4, 4, 3, 4), timeMs: f().fill(0), fit: Float64Array.of(1, 1, 1, 1, 0, 1, 0.25, 1, 0.25, 1, 0.25, 1, 0.5, 1, 0.5, 1) };
    const feedback = {
      ratingCount: Float64Array.of(3, 3, 2), ratingSum: Float64Array.of(13, 12, 7), ratingSumSq: Float64Array.of(59, 48, 25), ratings,
      reviews: { item: new Int32Array(0), score: new Float64Array(0), fit: new Float64Array(0) },
      reviewCount: f(), sentimentSum: f(), sentimentSumSq: f(), negativeReviews: f(), worstReviews: new Map(), orders: f(), refunds: f(),
      questions: f(), unanswered: f(), surveyCount: f(), surveySum: f(), surveySumSq: f(), expertCount: f(), expertSum: f(), expertSumSq: f(), asOfMs: 0,
    } satisfies FeedbackSignals;
    const viewing = {
      started: f(), finished: f(), watchedS: f(), learners: f(), finishShareSum: f(), finishShareSumSq: f(),
      playbacks: f(), stops: f(), drops: f(), rewinds: f(), rewinders: f(),
    } satisfies ViewingSignals;
    const mixed = computeComponents(catalog, viewing, feedback, qualityConfig({ ratingPriorStrength: 1 })).columns.rating;
    const plain = computeComponents(catalog, viewing, feedback, qualityConfig({ ratingPriorStrength: 1, caseMix: false })).columns.rating;
    close(mixed.observed[0]!, 13 / 3);
    close(plain.observed[0]!, 13 / 3);
    // Mean affinity (1 + 1 + 0 + 3·0.25 + 2·0.5) / 8 = 0.46875: A's ratings become 5 − 2·0.53125 (twice) and
    // 3 + 2·0.46875, all 3.9375; B's 4 + 2·0.21875 = 4.4375. Plain, A (4.33) is above B (4); adjusted, below.
    assert.ok(plain.adjusted[0]! > plain.adjusted[1]!);
    assert.ok(mixed.adjusted[0]! < mixed.adjusted[1]!, `${mixed.adjusted[0]} vs ${mixed.adjusted[1]}`);
  });
});
