import assert from 'node:assert/strict';
import { test } from 'node:test';
import { churnersReached, retainedPer100Interval } from '../../src/churn/uplift.js';

test('retained per 100 nudges: paired difference over all nudges, interval around it', () => {
  // 10 learners; nudged ones are 0..4 (2 nudges each); learners 0 and 1 kept only thanks to nudges,
  // learner 9 lost for reasons that have nothing to do with nudges.
  const baseRetained = Uint8Array.from([0, 0, 1, 1, 0, 1, 1, 1, 0, 1]);
  const armRetained = Uint8Array.from([1, 1, 1, 1, 0, 1, 1, 1, 0, 0]);
  const nudges = Int32Array.from([2, 2, 2, 2, 2, 0, 0, 0, 0, 0]);
  const est = retainedPer100Interval([{ baseRetained, armRetained, nudges }], { draws: 500, seed: 3 });
  assert.equal(est.nudges, 10);
  assert.equal(est.extraRetained, 1);
  assert.equal(est.per100, 10);
  assert.ok(est.low < est.per100 && est.per100 < est.high, JSON.stringify(est));
  // Same seed, same interval.
  assert.deepEqual(retainedPer100Interval([{ baseRetained, armRetained, nudges }], { draws: 500, seed: 3 }), est);
});

test('runs (seeds) pool: the estimate is the ratio of the sums', () => {
  const run = (extra: number, n: number) => ({
    baseRetained: new Uint8Array(4), armRetained: Uint8Array.from({ length: 4 }, (_, i) => (i < extra ? 1 : 0)), nudges: Int32Array.from([n, 0, 0, 0]),
  });
  const est = retainedPer100Interval([run(1, 10), run(3, 30)], { draws: 50, seed: 1 });
  assert.deepEqual([est.nudges, est.extraRetained, est.per100], [40, 4, 10]);
});

test('churners reached: nudged within the window before leaving, while nudging is on', () => {
  // learner 0 leaves on day 50 (nudged day 45: reached), 1 leaves day 50 (nudged day 30: too early),
  // 2 leaves day 41 (before nudging started on day 42: not counted), 3 never leaves (nudge wasted on a stayer),
  // 4 left on day 43 and is nudged on day 44 (already gone).
  const churnDay = Int32Array.from([50, 50, 41, -1, 43]);
  const r = churnersReached(churnDay, Int32Array.from([0, 1, 3, 4]), Int32Array.from([45, 30, 45, 44]), { fromDay: 42, windowDays: 14 });
  assert.deepEqual(r, { churners: 3, reached: 1, share: 1 / 3, nudgesToChurners: 1, precision: 0.25, nudgesToGone: 1 });
});
