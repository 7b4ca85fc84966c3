/**
 * The serving rankers against the dense path they stand in for (score every item with `foldIn`,
 * keep the top k): the itemknn `neighbours` path exactly, the hybrid `candidates` path exactly on a
 * catalogue its trending walk covers and on nearly every item of a larger one, ALS fold-in by
 * Woodbury as by Cholesky, and the guard that serves the dense path when a fast one disagrees.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ItemText } from '../../../src/catalog/text-features.js';
import { alsView } from '../../../src/recommend/algorithms/als.js';
import { interactionsFromTriples, userRow, type Interactions, type Triple } from '../../../src/recommend/interactions.js';
import { seededRandom } from '../../../src/recommend/kernels/random.js';
import { topK } from '../../../src/recommend/kernels/topk.js';
import type { Recommender, SparseHistory } from '../../../src/recommend/recommender.js';
import { getRecommender } from '../../../src/recommend/registry.js';
import { blendRanker } from '../../../src/recommend/serving/blend-ranker.js';
import { withExclusions } from '../../../src/recommend/serving/exclusion.js';
import { neighbourRanker } from '../../../src/recommend/serving/neighbour-ranker.js';
import { chooseRanker, DenseRanker, StaticRanking, type Ranker } from '../../../src/recommend/serving/ranker.js';

const words = ['Python', '数据分析', '理财', '经济学', '写作', '英语', '心理学', '历史'];
const dayMs = 86_400_000;

interface Platform {
  data: Interactions;
  texts: Map<string, ItemText>;
  trending: StaticRanking;
}

/** Learners with a home category (80 % of their events), items picked by Zipf popularity within a category. */
async function platform(nItems: number, nUsers: number, seed: number): Promise<Platform> {
  const rand = seededRandom(seed);
  const categories = 6;
  const itemIds = Array.from({ length: nItems }, (_, i) => `item-${i}`);
  const texts = new Map(itemIds.map((id, i) => [id, {
    title: `${words[i % categories]} ${words[Math.floor(rand() * words.length)]} 第${i}期`, category: `cat-${i % categories}`,
  }]));
  const triples: Triple[] = [];
  for (let u = 0; u < nUsers; u++) {
    const home = Math.floor(rand() * categories);
    const n = 2 + Math.floor(rand() * 14);
    for (let e = 0; e < n; e++) {
      const c = rand() < 0.8 ? home : Math.floor(rand() * categories);
      const perCategory = Math.ceil(nItems / categories);
      const rank = Math.min(perCategory - 1, Math.floor(perCategory ** rand()) - 1);
      const item = Math.min(nItems - 1, c + categories * rank);
      triples.push({ user: `u${u}`, item: itemIds[item]!, value: 1 + Math.floor(rand() * 4), time: Date.UTC(2026, 0, 1) + Math.floor(rand() * 60) * dayMs });
    }
  }
  const data = interactionsFromTriples(triples, { itemIds, duplicates: 'sum' });
  const trending = await fitted('popularity', data, { halfLifeDays: 14 });
  return { data, texts, trending: new StaticRanking(trending.foldIn!({ items: new Int32Array(0), values: new Float32Array(0) })) };
}

/** The histories serving folds in: training rows with their times, and a few made-up ones. */
function histories(p: Platform, count: number, seed: number): SparseHistory[] {
  const rand = seededRandom(seed);
  const out: SparseHistory[] = [];
  for (let r = 0; r < count; r++) {
    const row = userRow(p.data, Math.floor(rand() * p.data.nUsers));
    out.push(r % 4 === 3 ? { items: row.items, values: row.values } : row);
  }
  out.push({ items: Int32Array.of(0), values: Float32Array.of(2), times: Float64Array.of(1) });
  return out;
}

/** Random exclusions: a tenth of the catalogue, as lessons, hidden and bought items would be. */
function randomMask(n: number, rand: () => number): Uint8Array {
  return Uint8Array.from({ length: n }, () => (rand() < 0.1 ? 1 : 0));
}

function ranked(ranker: Ranker, h: SparseHistory, k: number, mask: Uint8Array): { items: number[]; scores: number[] } {
  const items = new Int32Array(k), scores = new Float32Array(k);
  const n = ranker.rank(h, k, mask, items, scores);
  return { items: [...items.subarray(0, n)], scores: [...scores.subarray(0, n)] };
}

async function fitted(name: string, data: Interactions, params: Record<string, unknown> = {}): Promise<Recommender> {
  const model = getRecommender(name).create(params);
  await model.fit(data);
  return model;
}

describe('neighbours path (itemknn)', () => {
  let p: Platform;
  let knn: Recommender;
  before(async () => {
    p = await platform(600, 300, 1);
    knn = await fitted('itemknn', p.data);
  });

  it('is exactly the dense top k of positive scores, then trending items', () => {
    const ranker = neighbourRanker(knn, p.trending, p.data.nItems)!;
    assert.equal(ranker.path, 'neighbours');
    const rand = seededRandom(2);
    for (const h of histories(p, 40, 3)) {
      const mask = randomMask(p.data.nItems, rand);
      for (const k of [1, 10, 80]) {
        // The reference: every item scored, positives ranked, the rest of the answer trending.
        const scores = knn.foldIn!(h);
        const positive = Float32Array.from(scores, (s) => (s > 0 ? s : -Infinity));
        const items = new Int32Array(k), values = new Float32Array(k);
        let n = topK(positive, k, items, values, 0, mask);
        const expected = { items: [...items.subarray(0, n)], scores: [...values.subarray(0, n)] };
        for (const i of p.trending.order) {
          if (n >= k) break;
          if (mask[i] === 0 && !(scores[i]! > 0)) { expected.items.push(i); expected.scores.push(0); n++; }
        }
        assert.deepEqual(ranked(ranker, h, k, mask), expected);
      }
    }
  });

  it('gives reasons the fitted neighbour lists', () => {
    const ranker = neighbourRanker(knn, p.trending, p.data.nItems)!;
    const [list] = ranker.neighbours([5]);
    const sims = knn.similarItems([5], 50);
    assert.deepEqual([...list!.items], [...sims.items].filter((i) => i >= 0));
  });
});

describe('candidates path (hybrid)', () => {
  it('equals the dense hybrid, scores included, when the catalogue is within the trending walk (quality prior on)', async () => {
    const p = await platform(45, 120, 4);
    const quality = Float32Array.from({ length: 45 }, (_, i) => (i % 5) / 4);
    const hybrid = await fitted('hybrid', p.data, { itemTexts: p.texts, itemQuality: quality });
    const ranker = blendRanker(hybrid, p.trending, p.data.nItems)!;
    assert.equal(ranker.path, 'candidates');
    await ranker.warm?.(async () => undefined);
    const dense = new DenseRanker(hybrid, p.trending.scores);
    const rand = seededRandom(5);
    for (const h of histories(p, 30, 6)) {
      const mask = randomMask(p.data.nItems, rand);
      const fast = ranked(ranker, h, 10, mask);
      const slow = ranked(dense, h, 10, mask);
      assert.deepEqual(fast.items, slow.items);
      fast.scores.forEach((s, r) => assert.ok(Math.abs(s - slow.scores[r]!) < 1e-3 * Math.max(1, Math.abs(s)), `score ${s} vs ${slow.scores[r]}`));
    }
  });

  it('finds nearly all of the dense top 10 on a larger catalogue, and is chosen for it', async () => {
    const p = await platform(1500, 400, 7);
    const hybrid = await fitted('hybrid', p.data, { itemTexts: p.texts });
    const recommendable = new Uint8Array(p.data.nItems).fill(1);
    const choice = await chooseRanker(hybrid, p.trending, p.data, recommendable, [neighbourRanker, blendRanker]);
    assert.equal(choice.ranker.path, 'candidates');
    assert.ok(choice.agreement >= 0.95, `agreement at build ${choice.agreement}`);
    const dense = new DenseRanker(hybrid, p.trending.scores);
    const rand = seededRandom(8);
    let found = 0, total = 0;
    for (const h of histories(p, 60, 9)) {
      const mask = randomMask(p.data.nItems, rand);
      const got = new Set(ranked(choice.ranker, h, 10, mask).items);
      const want = ranked(dense, h, 10, mask).items;
      found += want.filter((i) => got.has(i)).length;
      total += want.length;
    }
    assert.ok(found / total >= 0.97, `found ${found} of ${total}`);
    // More than the pool's budgets: still k answers, regression for pages deep into the list.
    const mask = randomMask(p.data.nItems, rand);
    assert.equal(ranked(choice.ranker, histories(p, 1, 13)[0]!, 400, mask).items.length, 400);
  });
});

describe('chooseRanker', () => {
  it('serves the dense path when a fast path disagrees with it (e.g. the model changed, its fast path did not)', async () => {
    const p = await platform(300, 150, 10);
    const knn = await fitted('itemknn', p.data);
    // A fast path that ranks the history's worst items: what a stale copy of a formula would do.
    const wrong = (model: Recommender, trending: StaticRanking, nItems: number): Ranker => {
      const real = neighbourRanker(model, trending, nItems)!;
      return {
        path: 'neighbours',
        rank: (h, k, mask, items, scores) => real.rank(h, k, mask, items, scores) && trending.top(k, mask, items, scores),
        neighbours: (s) => real.neighbours(s),
      };
    };
    const recommendable = new Uint8Array(p.data.nItems).fill(1);
    const choice = await chooseRanker(knn, p.trending, p.data, recommendable, [wrong]);
    assert.equal(choice.ranker.path, 'dense');
    assert.ok(choice.agreement < 0.9, `agreement ${choice.agreement}`);
    const right = await chooseRanker(knn, p.trending, p.data, recommendable, [neighbourRanker]);
    assert.deepEqual([right.ranker.path, right.agreement], ['neighbours', 1]);
  });
});

describe('ALS fold-in', () => {
  it('solves a history by Woodbury, once prepared, as the Cholesky solve does', async () => {
    const p = await platform(200, 150, 11);
    const model = await fitted('als', p.data, { factors: 16, iterations: 5 });
    const view = alsView(model)!;
    const hs = histories(p, 20, 12);
    const before = hs.map((h) => model.foldIn!(h));
    await view.prepareFoldIn();
    hs.forEach((h, r) => {
      const after = model.foldIn!(h);
      for (let i = 0; i < after.length; i++) assert.ok(Math.abs(after[i]! - before[r]![i]!) < 1e-4, `history ${r} item ${i}: ${after[i]} vs ${before[r]![i]}`);
    });
  });
});

describe('exclusions', () => {
  it('are marked on the shared mask only while ranking, leaving its own bits as they were', () => {
    const base = Uint8Array.of(0, 1, 0, 0, 1);
    const seen = withExclusions(base, Int32Array.of(2, 4), (mask) => [...mask].map((v) => (v !== 0 ? 1 : 0)));
    assert.deepEqual(seen, [0, 1, 1, 0, 1]);
    assert.deepEqual([...base], [0, 1, 0, 0, 1]);
    assert.throws(() => withExclusions(base, Int32Array.of(0), () => { throw new Error('boom'); }), /boom/);
    assert.deepEqual([...base], [0, 1, 0, 0, 1], 'unmarked after a throw');
  });
});
