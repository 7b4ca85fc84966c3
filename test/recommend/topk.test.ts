import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rankOrder, topK, topKFromOrder, topKOf, topKReference, TopKHeap } from '../../src/recommend/kernels/topk.js';

/** Small deterministic generator so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('topK', () => {
  it('matches the sorting reference on random scores, ties, masks and non-finite values', () => {
    const rand = lcg(7);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rand() * 60);
      const k = Math.floor(rand() * 70);
      const scores = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const r = rand();
        // Coarse values force ties; a few NaN / -Infinity must be skipped.
        scores[i] = r < 0.05 ? NaN : r < 0.1 ? -Infinity : Math.floor(rand() * 8) - 3;
      }
      const mask = trial % 2 === 0 ? undefined : Uint8Array.from({ length: n }, () => (rand() < 0.3 ? 1 + Math.floor(rand() * 3) : 0));
      const items = new Int32Array(k + 3).fill(99);
      const out = new Float32Array(k + 3).fill(99);
      const filled = topK(scores, k, items, out, 3, mask);
      const ref = topKReference(scores, k, mask);
      assert.equal(filled, ref.items.length);
      assert.deepEqual([...items.subarray(3, 3 + filled)], ref.items);
      assert.deepEqual([...out.subarray(3, 3 + filled)], ref.scores);
      for (let r = 3 + filled; r < k + 3; r++) {
        assert.equal(items[r], -1);
        assert.equal(out[r], -Infinity);
      }
      assert.deepEqual([...items.subarray(0, 3)], [99, 99, 99], 'must not write before offset');
    }
  });

  it('selects among candidate indices only (topKOf) like the reference on the same candidates', () => {
    const rand = lcg(11);
    const heap = new TopKHeap(5);
    for (let trial = 0; trial < 100; trial++) {
      const n = 40;
      const scores = Float64Array.from({ length: n }, () => Math.floor(rand() * 6));
      const candidates = Int32Array.from({ length: n }, (_, i) => i).filter(() => rand() < 0.5);
      const items = new Int32Array(5);
      const out = new Float32Array(5);
      const filled = topKOf(candidates, candidates.length, scores, 5, items, out, 0, heap);
      const onlyCandidates = Float64Array.from(scores, (s, i) => (candidates.includes(i) ? s : -Infinity));
      const ref = topKReference(onlyCandidates, 5);
      assert.equal(filled, ref.items.length);
      assert.deepEqual([...items.subarray(0, filled)], ref.items);
    }
  });

  it('breaks ties by the lower item index', () => {
    const items = new Int32Array(3);
    topK(Float32Array.of(1, 2, 2, 1, 2), 3, items, new Float32Array(3));
    assert.deepEqual([...items], [1, 2, 4]);
  });

  it('keeps +Infinity as the best score', () => {
    const items = new Int32Array(1);
    topK(Float64Array.of(1, Infinity, 3), 1, items, new Float32Array(1));
    assert.deepEqual([...items], [1]);
  });
});

describe('rankOrder and topKFromOrder', () => {
  it('answer what topK answers over the same scores, for any mask and k', () => {
    const rand = lcg(21);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rand() * 50);
      const scores = Float32Array.from({ length: n }, () => {
        const r = rand();
        return r < 0.05 ? NaN : r < 0.1 ? -Infinity : Math.floor(rand() * 6) - 2;
      });
      const order = rankOrder(scores);
      const mask = Uint8Array.from({ length: n }, () => (rand() < 0.4 ? 1 + Math.floor(rand() * 2) : 0));
      const k = Math.floor(rand() * 60);
      const a = new Int32Array(k), sa = new Float32Array(k), b = new Int32Array(k), sb = new Float32Array(k);
      assert.equal(topKFromOrder(order, scores, k, a, sa, 0, mask), topK(scores, k, b, sb, 0, mask));
      assert.deepEqual([...a], [...b]);
      assert.deepEqual([...sa], [...sb]);
    }
  });
});
