import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareIds, epochMs, formatRatings, newIdSpace, parseRatings, selectRows } from '../../src/recommend/evaluate/rating-table.js';
import { splitTable, testCount } from '../../src/recommend/evaluate/protocols.js';

function rows(text: string, ids = newIdSpace()) {
  const t = parseRatings(text, ids);
  return Array.from({ length: t.length }, (_, r) => [ids.userIds[t.user[r]!], ids.itemIds[t.item[r]!], t.rating[r], t.timestamp[r]]);
}

describe('rating files', () => {
  it('reads TSV with and without a header the same way', () => {
    const body = '1\t10\t4.5\t100\n2\t11\t3\t200\n';
    assert.deepEqual(rows(`user\titem\trating\ttimestamp\n${body}`), rows(body));
    assert.deepEqual(rows(body), [['1', '10', 4.5, 100], ['2', '11', 3, 200]]);
  });

  it('reads MovieLens CSV, finding columns by header name in any order', () => {
    assert.deepEqual(rows('userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n'), [['1', '31', 2.5, 1260759144]]);
    assert.deepEqual(rows('timestamp,rating,item_id,user_id\n5,3.0,i9,u1\n'), [['u1', 'i9', 3, 5]]);
  });

  it('reads quoted CSV fields, ISO dates and missing rating/timestamp columns', () => {
    assert.deepEqual(rows('user,item,rating,time\n"Li, Wei","课程 ""A""",5,2024-01-02T00:00:00Z\n'),
      [['Li, Wei', '课程 "A"', 5, Date.UTC(2024, 0, 2)]]);
    assert.deepEqual(rows('u1 i1\nu2 i2\n'), [['u1', 'i1', 1, 0], ['u2', 'i2', 1, 0]]);
    assert.deepEqual(rows('1::1193::5::978300760\r\n'), [['1', '1193', 5, 978300760]], 'MovieLens 1M .dat');
  });

  it('names the line of a malformed row', () => {
    assert.throws(() => parseRatings('1\t2\t4\t100\n3\t4\tgood\t5\n'), /line 2: rating "good"/);
    assert.throws(() => parseRatings('1\t2\t4\t100\n3\n'), /line 2/);
  });

  it('shares ids between files parsed with one IdSpace and writes TSV back', () => {
    const ids = newIdSpace();
    const a = parseRatings('1\t10\t4\t100\n', ids);
    const b = parseRatings('1\t11\t5\t200\n2\t10\t3.5\t300\n', ids);
    assert.equal(b.user[0], a.user[0]);
    assert.equal(b.item[1], a.item[0]);
    assert.equal(formatRatings(b, ids), 'user\titem\trating\ttimestamp\n1\t11\t5.0\t200\n2\t10\t3.5\t300\n');
    assert.equal(formatRatings(b, ids, [1]), 'user\titem\trating\ttimestamp\n2\t10\t3.5\t300\n');
    assert.equal(selectRows(b, [1]).rating[0], 3.5);
  });

  it('orders ids numerically when they are numbers, and reads seconds or milliseconds', () => {
    assert.ok(compareIds('9', '10') < 0);
    assert.ok(compareIds('b', 'a10') > 0);
    assert.equal(epochMs(1_260_759_144), 1_260_759_144_000);
    assert.equal(epochMs(1_700_000_000_000), 1_700_000_000_000);
  });
});

describe('protocols', () => {
  // u1 has 6 interactions (two at the same time), u2 has 3, u3 has 1.
  const text = [
    'u1\t5\t4\t10', 'u1\t3\t4\t10', 'u1\t7\t2\t20', 'u1\t1\t5\t30', 'u1\t2\t3\t40', 'u1\t9\t1\t50',
    'u2\t1\t5\t15', 'u2\t4\t3\t25', 'u2\t8\t4\t35',
    'u3\t6\t2\t5',
  ].join('\n');
  const split = (protocol: 'loo' | 'holdout' | 'temporal' | 'ratings', seed = 0) => {
    const ids = newIdSpace();
    const table = parseRatings(text, ids);
    const s = splitTable(table, ids, protocol, { seed });
    const show = (part: Int32Array) => [...part].map((r) => `${ids.userIds[table.user[r]!]}:${ids.itemIds[table.item[r]!]}`);
    return { train: show(s.train), test: show(s.test) };
  };

  it('loo: the last interaction by (timestamp, item id) of every user is the test item', () => {
    assert.deepEqual(split('loo').test, ['u1:9', 'u2:8', 'u3:6']);
    assert.deepEqual(split('loo').train, ['u1:3', 'u1:5', 'u1:7', 'u1:1', 'u1:2', 'u2:1', 'u2:4']);
  });

  it('holdout: users with n ≥ 5 put their last ⌈0.2·n⌉ in test, others stay in train', () => {
    const s = split('holdout');
    assert.deepEqual(s.test, ['u1:2', 'u1:9']);
    assert.equal(s.train.length, 8);
    assert.equal(testCount(15, 0.2), 3);
    assert.equal(testCount(16, 0.2), 4);
    assert.equal(testCount(5, 0.2), 1);
  });

  it('temporal: the last 20% of rows by time, whatever the user', () => {
    assert.deepEqual(split('temporal').test, ['u1:2', 'u1:9']);
  });

  it('ratings: a seeded 80/20 that changes with the seed and never loses a row', () => {
    const a = split('ratings', 1);
    assert.deepEqual(split('ratings', 1), a);
    assert.equal(a.test.length, 2);
    assert.deepEqual(new Set([...a.train, ...a.test]).size, 10);
    const seeds = new Set(Array.from({ length: 8 }, (_, s) => split('ratings', s).test.join()));
    assert.ok(seeds.size > 1);
  });

  it('keeps a repeated (user, item) once, at its latest row', () => {
    const ids = newIdSpace();
    const table = parseRatings('u\ta\t1\t1\nu\tb\t1\t2\nu\ta\t1\t3\n', ids);
    const s = splitTable(table, ids, 'loo');
    assert.deepEqual([...s.test], [2]);
    assert.deepEqual([...s.train], [1]);
  });
});
