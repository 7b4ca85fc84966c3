/**
 * The behavioural contract every recommender passes (see `src/recommend/recommender.ts`), run on
 * the tiny checkerboard fixture: shapes and padding, filters (seen / exclude / allow), batches vs
 * single calls, empty users, k beyond nItems, save → load round trip, determinism, and — for
 * models that learn from co-occurrence — that own-group items come first.
 *
 * @example
 *   // test/recommend/itemknn.test.ts
 *   import { runContractSuite } from './contract.js';
 *   runContractSuite(itemknn, { params: { neighbours: 5 } });
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Recommender, RecommenderFactory, TopKResult } from '../../src/recommend/recommender.js';
import type { Interactions } from '../../src/recommend/interactions.js';
import { userRow } from '../../src/recommend/interactions.js';
import { checkerboard, maskOf, type Checkerboard } from './fixtures.js';

export interface ContractOptions {
  /** Parameters for every fit (keep iterations small: the suite fits a handful of models). */
  params?: Record<string, unknown>;
  /** The model learns co-occurrence, so own-group items rank first (false for popularity). Default true. */
  learnsStructure?: boolean;
  /**
   * Every item gets a finite score for every user (also one without history), so rows fill up to
   * the number of candidates. Default true; a model that leaves some items unscored (-Infinity)
   * sets false and the suite checks subsets instead.
   */
  scoresEveryItem?: boolean;
}

async function fitted(factory: RecommenderFactory, data: Interactions, options: ContractOptions): Promise<Recommender> {
  const model = factory.create(options.params ?? {});
  await model.fit(data);
  return model;
}

function allUsers(data: Interactions): number[] {
  return Array.from({ length: data.nUsers }, (_, u) => u);
}

function row(result: TopKResult, r: number): { items: number[]; scores: number[] } {
  const from = r * result.k;
  return {
    items: [...result.items.subarray(from, from + result.k)],
    scores: [...result.scores.subarray(from, from + result.k)],
  };
}

/** Filled slots first (valid, distinct, best first), then -1 / -Infinity padding. Returns the filled count. */
function assertWellFormed(result: TopKResult, r: number, nItems: number): number {
  const { items, scores } = row(result, r);
  let filled = 0;
  while (filled < items.length && items[filled] !== -1) filled++;
  for (let s = 0; s < filled; s++) {
    assert.ok(Number.isInteger(items[s]) && items[s]! >= 0 && items[s]! < nItems, `item ${items[s]} out of range`);
    assert.ok(Number.isFinite(scores[s]!), `score of a returned item must be finite, got ${scores[s]}`);
    if (s > 0) assert.ok(scores[s - 1]! >= scores[s]!, 'scores must be non-increasing within a row');
  }
  assert.equal(new Set(items.slice(0, filled)).size, filled, 'items within a row must be distinct');
  for (let s = filled; s < items.length; s++) {
    assert.equal(items[s], -1, 'padding must be contiguous at the end of a row');
    assert.equal(scores[s], -Infinity);
  }
  return filled;
}

function seenSet(data: Interactions, u: number): Set<number> {
  return new Set(userRow(data, u).items);
}

export function runContractSuite(factory: RecommenderFactory, options: ContractOptions = {}): void {
  const learnsStructure = options.learnsStructure ?? true;
  const scoresEveryItem = options.scoresEveryItem ?? true;
  const board: Checkerboard = checkerboard();
  const { data } = board;
  const users = allUsers(data);
  const k = 4;

  describe(`${factory.name}: Recommender contract`, () => {
    it('fits, reports progress and exposes every parameter', async () => {
      const model = factory.create(options.params ?? {});
      assert.equal(model.name, factory.name);
      for (const key of Object.keys(factory.params)) assert.ok(key in model.params, `params lacks "${key}"`);
      const calls: Array<[number, number]> = [];
      await model.fit(data, (done, total) => calls.push([done, total]));
      assert.ok(calls.length > 0, 'fit must report progress at least once');
      for (const [done, total] of calls) assert.ok(Number.isFinite(done) && Number.isFinite(total) && done <= total);
    });

    it('refuses to recommend before fit', () => {
      assert.throws(() => factory.create(options.params ?? {}).recommend([0], k));
    });

    it('returns k well-formed slots per user and never a seen item by default', async () => {
      const model = await fitted(factory, data, options);
      const result = model.recommend(users, k);
      assert.equal(result.k, k);
      assert.equal(result.items.length, users.length * k);
      assert.equal(result.scores.length, users.length * k);
      for (const u of users) {
        const filled = assertWellFormed(result, u, data.nItems);
        const seen = seenSet(data, u);
        if (scoresEveryItem) assert.equal(filled, Math.min(k, data.nItems - seen.size), `user ${u}: row must be filled when candidates remain`);
        for (const item of row(result, u).items) assert.ok(!seen.has(item), `user ${u} got seen item ${item}`);
      }
    });

    it('returns seen items when filterSeen is false', async () => {
      const model = await fitted(factory, data, options);
      const result = model.recommend(users, data.nItems, { filterSeen: false });
      for (const u of users) {
        const filled = assertWellFormed(result, u, data.nItems);
        if (u === board.emptyUser || !scoresEveryItem) continue;
        const returned = new Set(row(result, u).items.slice(0, filled));
        for (const item of seenSet(data, u)) assert.ok(returned.has(item), `user ${u}: seen item ${item} missing`);
      }
    });

    it('honours exclude and allow masks, alone and together', async () => {
      const model = await fitted(factory, data, options);
      const exclude = maskOf(data.nItems, [0, 1, 6, 7]);
      const allow = maskOf(data.nItems, [0, 2, 3, 4, 6, 8, 9]);
      for (const filter of [{ exclude }, { allow }, { exclude, allow }]) {
        const result = model.recommend(users, data.nItems, filter);
        for (const u of users) {
          const filled = assertWellFormed(result, u, data.nItems);
          const seen = seenSet(data, u);
          const expected = new Set<number>();
          for (let i = 0; i < data.nItems; i++) {
            if (seen.has(i)) continue;
            if (filter.exclude && filter.exclude[i]) continue;
            if (filter.allow && !filter.allow[i]) continue;
            expected.add(i);
          }
          const returned = new Set(row(result, u).items.slice(0, filled));
          if (scoresEveryItem) assert.deepEqual(returned, expected, `user ${u}`);
          else for (const item of returned) assert.ok(expected.has(item), `user ${u} got filtered item ${item}`);
        }
      }
    });

    it('gives the same rows in a batch as one user at a time', async () => {
      const model = await fitted(factory, data, options);
      const order = [...users].reverse();
      const batch = model.recommend(order, k);
      order.forEach((u, r) => {
        const single = model.recommend([u], k);
        assert.deepEqual(row(batch, r), row(single, 0), `user ${u}`);
      });
    });

    it('serves a user without history', async () => {
      const model = await fitted(factory, data, options);
      const result = model.recommend([board.emptyUser], k);
      const filled = assertWellFormed(result, 0, data.nItems);
      if (scoresEveryItem) assert.equal(filled, k);
    });

    it('pads with -1 / -Infinity when k exceeds the candidates, and accepts k = 0', async () => {
      const model = await fitted(factory, data, options);
      const big = data.nItems + 5;
      const result = model.recommend(users, big);
      for (const u of users) {
        const filled = assertWellFormed(result, u, data.nItems);
        assert.ok(filled <= data.nItems - seenSet(data, u).size);
        assert.ok(filled < big);
      }
      const none = model.recommend(users, 0);
      assert.equal(none.items.length, 0);
    });

    it('rejects user and item indices outside the data', async () => {
      const model = await fitted(factory, data, options);
      assert.throws(() => model.recommend([data.nUsers], k), RangeError);
      assert.throws(() => model.recommend([-1], k), RangeError);
      assert.throws(() => model.similarItems([data.nItems], k), RangeError);
    });

    it('returns similar items without the item itself', async () => {
      const model = await fitted(factory, data, options);
      const items = Array.from({ length: data.nItems }, (_, i) => i);
      const result = model.similarItems(items, k);
      for (const i of items) {
        const filled = assertWellFormed(result, i, data.nItems);
        assert.ok(!row(result, i).items.slice(0, filled).includes(i), `item ${i} is its own neighbour`);
      }
    });

    if (learnsStructure) {
      it('learns the checkerboard: own-group items first', async () => {
        const model = await fitted(factory, data, options);
        const result = model.recommend(users, 1);
        for (const u of users) {
          if (u === board.emptyUser) continue;
          assert.equal(board.itemGroup[result.items[u]!], board.userGroup[u], `user ${u} got item ${result.items[u]}`);
        }
        const similar = model.similarItems(Array.from({ length: data.nItems - 1 }, (_, i) => i), 1);
        for (let i = 0; i < data.nItems - 1; i++) {
          assert.equal(board.itemGroup[similar.items[i]!], board.itemGroup[i], `item ${i} got neighbour ${similar.items[i]}`);
        }
      });
    }

    it('round-trips through save → load with identical output', async () => {
      const model = await fitted(factory, data, options);
      const saved = model.save();
      assert.equal(saved.name, factory.name);
      assert.ok(Number.isInteger(saved.formatVersion));
      // structuredClone stands in for the store: nothing may survive by shared reference.
      const loaded = factory.load(structuredClone(saved), data);
      assert.deepEqual(loaded.recommend(users, k), model.recommend(users, k));
      const items = Array.from({ length: data.nItems }, (_, i) => i);
      assert.deepEqual(loaded.similarItems(items, k), model.similarItems(items, k));
      assert.deepEqual(loaded.params, model.params);
      if (model.foldIn && loaded.foldIn) {
        const history = { items: Int32Array.of(0, 1), values: Float32Array.of(1, 1) };
        assert.deepEqual(loaded.foldIn(history), model.foldIn(history));
      }
      if (model.predict && loaded.predict) assert.deepEqual(loaded.predict([0, 1, 2], [3, 4, 5]), model.predict([0, 1, 2], [3, 4, 5]));
      assert.throws(() => factory.load({ ...structuredClone(saved), name: `${factory.name}-other` }, data));
      assert.throws(() => factory.load({ ...structuredClone(saved), formatVersion: saved.formatVersion + 1000 }, data));
    });

    it('gives the same output for the same data, parameters and seed', async () => {
      const a = await fitted(factory, data, options);
      const b = await fitted(factory, data, options);
      assert.deepEqual(a.recommend(users, data.nItems), b.recommend(users, data.nItems));
    });

    it('folds in a fresh history when it supports foldIn', async (t) => {
      const model = await fitted(factory, data, options);
      if (!model.foldIn) return t.skip('no foldIn');
      const groupA = [0, 1, 2];
      const scores = model.foldIn({ items: Int32Array.from(groupA), values: Float32Array.of(1, 1, 1) });
      assert.equal(scores.length, data.nItems);
      if (!learnsStructure) return;
      let best = -1;
      for (let i = 0; i < data.nItems; i++) {
        if (groupA.includes(i)) continue;
        if (best < 0 || scores[i]! > scores[best]!) best = i;
      }
      assert.equal(board.itemGroup[best], 0, `fold-in of group-0 items ranked item ${best} first`);
    });

    it('predicts ratings that separate liked from disliked items when it supports predict', async (t) => {
      const cross = checkerboard({ crossRatings: true });
      const model = await fitted(factory, cross.data, options);
      if (!model.predict) return t.skip('no predict');
      const u: number[] = [];
      const i: number[] = [];
      for (let user = 0; user < cross.emptyUser; user++) {
        for (let item = 0; item < cross.coldItem; item++) { u.push(user); i.push(item); }
      }
      const predicted = model.predict(u, i);
      assert.equal(predicted.length, u.length);
      let own = 0, other = 0, nOwn = 0, nOther = 0;
      predicted.forEach((p, j) => {
        assert.ok(Number.isFinite(p));
        if (cross.userGroup[u[j]!] === cross.itemGroup[i[j]!]) { own += p; nOwn++; } else { other += p; nOther++; }
      });
      assert.ok(own / nOwn > other / nOther, 'own-group items must be predicted higher on average');
    });
  });
}
