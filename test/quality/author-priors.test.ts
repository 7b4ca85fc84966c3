import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authorPriors, authorPriorsReference, minItemShare, type AuthorPriorInput } from '../../src/quality/author-priors.js';
import { computeColumn } from '../../src/quality/components.js';

/** A deterministic generator (LCG) so the fixtures are the same on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}
const normal = (u: () => number) => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());

/**
 * Items of `authors` authors, 1–5 items each, with star ratings: author effect sd `authorSd`, item
 * effect sd `itemSd`, rating noise sd 1. Some items have no ratings, some have no author.
 */
function platform(seed: number, authors: number, authorSd: number, itemSd: number) {
  const u = random(seed);
  const group: number[] = [], evidence: number[] = [], sum: number[] = [], truth: number[] = [];
  for (let a = 0; a < authors; a++) {
    const effect = authorSd * normal(u);
    const items = 1 + Math.floor(u() * 5);
    for (let k = 0; k < items; k++) {
      const q = 3.8 + effect + itemSd * normal(u);
      const n = u() < 0.2 ? 0 : Math.floor(u() * 40);
      let s = 0;
      for (let r = 0; r < n; r++) s += q + normal(u);
      group.push(u() < 0.05 ? -1 : a); evidence.push(n); sum.push(s); truth.push(q);
    }
  }
  const n = group.length;
  const input: AuthorPriorInput = {
    group: Int32Array.from(group), evidence: Float64Array.from(evidence), sum: Float64Array.from(sum), direction: 1,
    mean: new Float64Array(n).fill(3.8), spread: new Float64Array(n).fill(Math.sqrt(authorSd ** 2 + itemSd ** 2)),
    strength: new Float64Array(n).fill(1 / (authorSd ** 2 + itemSd ** 2)),
  };
  return { input, truth };
}

describe('author-informed priors', () => {
  it('match the slow pairwise reference', () => {
    for (const [seed, authorSd, itemSd, direction] of [[1, 0.5, 0.3, 1], [2, 0.1, 0.6, -1], [3, 0.8, 0.05, 1]] as const) {
      const { input } = platform(seed, 30, authorSd, itemSd);
      const fast = authorPriors({ ...input, direction });
      const slow = authorPriorsReference({ ...input, direction });
      assert.ok(Math.abs(fast.authorShare - slow.authorShare) < 1e-9, `author share ${fast.authorShare} vs ${slow.authorShare}`);
      assert.ok(Math.abs(fast.itemShare - slow.itemShare) < 1e-9, `item share ${fast.itemShare} vs ${slow.itemShare}`);
      for (let i = 0; i < input.group.length; i++) {
        assert.ok(Math.abs(fast.target[i]! - slow.target[i]!) < 1e-9, `target ${i}`);
        assert.ok(Math.abs(fast.strength[i]! - slow.strength[i]!) < 1e-9, `strength ${i}`);
      }
    }
  });

  it('measure how much authors differ: most of the spread when it is, little when it is not', () => {
    const strong = authorPriors(platform(4, 200, 0.6, 0.2).input);
    const none = authorPriors(platform(5, 200, 0, 0.6).input);
    // True shares of the spread (0.4): 0.36/0.4 = 0.9 between authors, then 0 of 0.36.
    assert.ok(strong.authorShare > 0.6 && strong.authorShare < 1.2, `strong ${strong.authorShare}`);
    assert.ok(none.authorShare < 0.1, `none ${none.authorShare}`);
    assert.ok(none.itemShare > 0.7, `items differ: ${none.itemShare}`);
  });

  it('ranks unrated items better than the platform mean does when authors differ', () => {
    const { input, truth } = platform(6, 200, 0.6, 0.2);
    const p = authorPriors(input);
    let before = 0, after = 0, count = 0;
    for (let i = 0; i < truth.length; i++) {
      if (input.evidence[i] !== 0 || input.group[i]! < 0) continue;
      before += (truth[i]! - 3.8) ** 2; after += (truth[i]! - p.target[i]!) ** 2; count++;
    }
    assert.ok(count > 20);
    assert.ok(after < 0.7 * before, `squared error of unrated items: ${after / count} vs ${before / count} at the mean`);
  });

  it('moves an item toward its author, never loosens the prior, and leaves items without an author alone', () => {
    // Two authors with two well-rated (4.6) and two poorly rated (3.0) items each, one unrated item each, one authorless item.
    const group = Int32Array.of(0, 0, 0, 1, 1, 1, 2, 2, -1);
    const evidence = Float64Array.of(50, 50, 0, 50, 50, 0, 50, 50, 0);
    const sum = Float64Array.of(230, 230, 0, 150, 150, 0, 190, 190, 0);
    const n = group.length;
    const p = authorPriors({ group, evidence, sum, direction: 1, mean: new Float64Array(n).fill(3.8), spread: new Float64Array(n).fill(0.6), strength: new Float64Array(n).fill(3) });
    assert.ok(p.target[2]! > 4.3 && p.target[5]! < 3.3, `targets ${p.target[2]} and ${p.target[5]}`);
    assert.equal(p.target[8], 3.8);
    assert.equal(p.strength[8], 3);
    for (let i = 0; i < n; i++) assert.ok(p.strength[i]! >= 3, 'an author record never makes the prior weaker than the platform');
    assert.ok(p.itemShare >= minItemShare);
  });

  it('changes nothing when no author has two items with evidence', () => {
    const group = Int32Array.of(0, 1, 2, 3);
    const evidence = Float64Array.of(10, 10, 0, 10);
    const sum = Float64Array.of(45, 30, 0, 40);
    const mean = new Float64Array(4).fill(3.8), spread = new Float64Array(4).fill(0.5), strength = new Float64Array(4).fill(4);
    const p = authorPriors({ group, evidence, sum, direction: 1, mean, spread, strength });
    assert.equal(p.authorShare, 0);
    assert.deepEqual(p.target, mean);
    assert.deepEqual(p.strength, strength);
  });

  it('flows into the component: an unrated course by a well-rated author scores above one by a poorly rated author', () => {
    const types = ['course', 'course', 'course', 'course', 'course', 'course', 'course'];
    const authors = Int32Array.of(0, 0, 0, 1, 1, 1, -1);
    const evidence = Float64Array.of(40, 30, 0, 40, 30, 0, 0);
    const sum = Float64Array.of(184, 141, 0, 120, 87, 0, 0);
    const sumSq = Float64Array.from(evidence, (c, i) => (c > 0 ? (sum[i]! / c) ** 2 * c + c : 0));
    const col = computeColumn('rating', { kind: 'mean', direction: 1, evidence, sum, sumSq }, types, 10, null, authors);
    assert.ok(col.z[2]! > 0 && col.z[5]! < 0, `z ${col.z[2]} and ${col.z[5]}`);
    assert.equal(col.z[6], 0, 'no author, no ratings: the platform mean');
    assert.equal(col.confidence[2], 0, 'confidence counts only the item\'s own evidence');
    const plain = computeColumn('rating', { kind: 'mean', direction: 1, evidence, sum, sumSq }, types, 10, null);
    assert.equal(plain.z[2], 0);
  });
});
