/** Offline evaluation data from the project's own interaction matrix: a time-ordered holdout. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluationDataFromInteractions, tableFromInteractions } from '../../src/recommend/evaluate/interactions-split.js';
import { interactionsFromTriples, type Triple } from '../../src/recommend/interactions.js';

const day = 86_400_000;

/** u0 has 10 products bought on days 1..10 (item i on day 10 - i, so the order differs from the ids); u1 has 3; u2 has 5. */
function fixture() {
  const triples: Triple[] = [];
  for (let i = 0; i < 10; i++) triples.push({ user: 'u0', item: `c${i}`, value: 1 + i / 10, time: (10 - i) * day });
  for (let i = 0; i < 3; i++) triples.push({ user: 'u1', item: `c${i}`, value: 2, time: i * day });
  for (let i = 0; i < 5; i++) triples.push({ user: 'u2', item: `c${i + 5}`, value: 3, time: (i + 1) * day });
  return interactionsFromTriples(triples);
}

describe('evaluation data from interactions', () => {
  it('turns every stored cell into one row with its value and time', () => {
    const m = fixture();
    const { table, ids } = tableFromInteractions(m);
    assert.equal(table.length, 18);
    for (let r = 0; r < table.length; r++) {
      const u = m.userIndex.get(ids.userIds[table.user[r]!]!)!;
      const i = m.itemIndex.get(ids.itemIds[table.item[r]!]!)!;
      const p = Array.from(m.indices.subarray(m.indptr[u]!, m.indptr[u + 1]!)).indexOf(i);
      assert.ok(p >= 0, 'the row is a cell of the matrix');
      assert.equal(table.rating[r], m.values[m.indptr[u]! + p]);
      assert.equal(table.timestamp[r], m.times[m.indptr[u]! + p]);
    }
  });

  it('holds out each learner\'s latest 20% (learners with 5 or more products), trains on the rest with their strengths', () => {
    const m = fixture();
    const data = evaluationDataFromInteractions(m, 'holdout');
    const heldOut = (user: string) => {
      const r = Array.from(data.warm.users).indexOf(data.train.userIndex.get(user)!);
      if (r < 0) return [];
      return Array.from(data.warm.items.subarray(data.warm.ptr[r]!, data.warm.ptr[r + 1]!), (i) => data.train.itemIds[i]!).sort();
    };
    // u0's latest two purchases are c0 (day 10) and c1 (day 9), not its highest ids.
    assert.deepEqual(heldOut('u0'), ['c0', 'c1']);
    assert.deepEqual(heldOut('u2'), ['c9']);
    assert.deepEqual(heldOut('u1'), [], 'three products are too few to hold any out');
    assert.equal(data.train.indptr[data.train.nUsers], 18 - 3);
    assert.equal(data.cold.users.length, 0);
    // Training keeps the strengths, not ones.
    const u1 = data.train.userIndex.get('u1')!;
    assert.deepEqual(Array.from(data.train.values.subarray(data.train.indptr[u1]!, data.train.indptr[u1 + 1]!)), [2, 2, 2]);
  });
});
