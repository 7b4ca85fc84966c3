import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { associationRules } from '../../src/profiles/association-rules.js';
import { frequentItemsets, type Baskets } from '../../src/profiles/fp-growth.js';
import { frequentItemsetsReference } from '../../src/profiles/itemsets-reference.js';
import { seededRandom } from '../../src/recommend/kernels/random.js';

function toBaskets(rows: number[][], itemCount: number): Baskets {
  const offsets = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => { offsets[i + 1] = offsets[i]! + r.length; });
  return { offsets, items: Int32Array.from(rows.flat()), itemCount };
}

/** Random baskets with planted bundles, so that long itemsets are frequent too. */
function randomBaskets(seed: number, count: number, itemCount: number): number[][] {
  const rand = seededRandom(seed);
  const bundles = [[0, 1, 2], [3, 4], [5, 6, 7, 8]];
  return Array.from({ length: count }, () => {
    const basket = new Set<number>();
    for (const b of bundles) if (rand() < 0.3) for (const item of b) if (rand() < 0.8) basket.add(item);
    const extra = Math.floor(rand() * 4);
    for (let k = 0; k < extra; k++) basket.add(Math.floor(rand() * rand() * itemCount));
    return [...basket];
  });
}

describe('FP-Growth', () => {
  it('finds exactly the itemsets that brute-force counting finds', () => {
    for (const [seed, minCount, maxLength] of [[1, 5, 4], [2, 20, 3], [3, 2, 5], [4, 60, 4]] as const) {
      const rows = randomBaskets(seed, 400, 30);
      const fast = frequentItemsets(toBaskets(rows, 30), minCount, maxLength);
      const got = new Map(fast.itemsets.map((s, i) => [Array.from(s).join(','), fast.counts[i]!]));
      assert.equal(got.size, fast.itemsets.length, 'no itemset twice');
      assert.deepEqual([...got].sort(), [...frequentItemsetsReference(rows, minCount, maxLength)].sort());
      assert.ok([...got.keys()].some((k) => k.split(',').length >= 3), 'long itemsets are exercised');
    }
  });

  it('handles empty baskets and nothing frequent', () => {
    assert.deepEqual(frequentItemsets(toBaskets([[], []], 3), 1).itemsets, []);
    assert.deepEqual(frequentItemsets(toBaskets([[0], [1]], 2), 2).itemsets, []);
  });
});

describe('association rules', () => {
  it('computes support, confidence and lift by hand', () => {
    // 5 baskets: A=0 in 4, B=1 in 3, both in 3, C=2 in 2 (with A once).
    const rows = [[0, 1], [0, 1], [0, 1, 2], [0], [2]];
    const { rules, minCount } = associationRules(toBaskets(rows, 3), { minSupport: 0.4, minConfidence: 0.5 });
    assert.equal(minCount, 2);
    const ab = rules.find((r) => r.antecedent.join() === '0' && r.consequent.join() === '1')!;
    assert.equal(ab.support, 3 / 5);
    assert.equal(ab.confidence, 3 / 4);
    assert.ok(Math.abs(ab.lift - (3 / 4) / (3 / 5)) < 1e-12);
    const ba = rules.find((r) => r.antecedent.join() === '1' && r.consequent.join() === '0')!;
    assert.equal(ba.confidence, 1);
    // {0, 2} is in one basket only: below minSupport, so no rule between A and C.
    assert.ok(!rules.some((r) => [...r.antecedent, ...r.consequent].includes(2)));
    assert.deepEqual(rules.map((r) => r.lift), [...rules.map((r) => r.lift)].sort((a, b) => b - a));
  });
});
