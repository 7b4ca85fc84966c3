import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cumulativeWeights, pickCumulative, pickLinear, Rng } from '../../src/simulate/random.js';
import { iso } from '../../src/simulate/messages.js';

test('same seed and stream give the same draws; other streams differ', () => {
  const a = new Rng(7, 'learner', 3);
  const b = new Rng(7, 'learner', 3);
  const otherStream = new Rng(7, 'learner', 4);
  const otherSeed = new Rng(8, 'learner', 3);
  const xs = Array.from({ length: 50 }, () => a.uint32());
  assert.deepEqual(Array.from({ length: 50 }, () => b.uint32()), xs);
  assert.notDeepEqual(Array.from({ length: 50 }, () => otherStream.uint32()), xs);
  assert.notDeepEqual(Array.from({ length: 50 }, () => otherSeed.uint32()), xs);
});

test('uniform draws stay in [0, 1) and average one half', () => {
  const rng = new Rng(1, 'u');
  let sum = 0;
  for (let i = 0; i < 20_000; i++) {
    const x = rng.next();
    assert.ok(x >= 0 && x < 1);
    sum += x;
  }
  assert.ok(Math.abs(sum / 20_000 - 0.5) < 0.01);
});

test('pickCumulative (binary search) agrees with the linear reference, zero weights never drawn', () => {
  const rng = new Rng(2, 'pick');
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + rng.int(60);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = rng.chance(0.3) ? 0 : rng.exponential(1);
    if (w.every((x) => x === 0)) w[rng.int(n)] = 1;
    const cum = cumulativeWeights(w, new Float64Array(n));
    const total = cum[n - 1]!;
    for (let k = 0; k < 50; k++) {
      const target = rng.next() * total;
      const fast = pickCumulative(cum, target);
      assert.equal(fast, pickLinear(w, target));
      assert.ok(w[fast]! > 0);
    }
  }
});

test('distributions: Dirichlet sums to 1, gamma/beta/poisson means', () => {
  const rng = new Rng(3, 'dist');
  const d = rng.dirichlet(0.3, new Float64Array(12));
  assert.ok(Math.abs(d.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  let g = 0, b = 0, p = 0;
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    g += rng.gamma(2.5);
    b += rng.beta(2, 6);
    p += rng.poisson(3);
  }
  assert.ok(Math.abs(g / n - 2.5) < 0.08, `gamma mean ${g / n}`);
  assert.ok(Math.abs(b / n - 0.25) < 0.01, `beta mean ${b / n}`);
  assert.ok(Math.abs(p / n - 3) < 0.08, `poisson mean ${p / n}`);
});

test('uuidAt has the version-7 layout: unique, and ordered by time', () => {
  const rng = new Rng(4, 'ids');
  const seen = new Set<string>();
  const t0 = Date.parse('2026-03-02T08:00:00Z');
  let previous = '';
  for (let i = 0; i < 1000; i++) {
    const ms = t0 + i * 7;
    const id = rng.uuidAt(ms);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(parseInt(id.slice(0, 8) + id.slice(9, 13), 16), ms, 'the first 48 bits are the instant');
    assert.ok(id > previous, 'later instants sort later');
    previous = id;
    seen.add(id);
  }
  for (let i = 0; i < 1000; i++) seen.add(rng.uuidAt(t0));
  assert.equal(seen.size, 2000, 'ids of the same millisecond still differ');
});

test('fast iso() equals Date.toISOString, across days and before 1970', () => {
  const rng = new Rng(5, 'iso');
  for (let i = 0; i < 20_000; i++) {
    const ms = Math.floor((rng.next() - 0.2) * 4e12);
    assert.equal(iso(ms), new Date(ms).toISOString());
  }
});
