import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Outbox, type SegmentMessage, type Sender, type TrackMessage } from '../../src/simulate/messages.js';
import { Rng } from '../../src/simulate/random.js';

const sender = (seed: number, skew = 0): Sender => ({
  userId: `u${seed}`, rng: new Rng(seed, 'outbox'), clockSkewMs: skew,
  context: { device: { type: 'ios' }, os: { name: 'iOS', version: '18.4' }, app: { name: 'Zhixue', version: '1', build: '1' }, locale: 'zh-CN', timezone: 'Asia/Shanghai' },
});

test('the heap-ordered outbox hands over exactly a stable sort by arrival, in full batches until the end', async () => {
  const batches: SegmentMessage[][] = [];
  const outbox = new Outbox(7, async (b) => { batches.push(b); }, 0.05);
  const rng = new Rng(9, 'times');
  const senders = [sender(1), sender(2, 3_600_000), sender(3, -90_000)];
  let stamped = 0;
  let now = Date.UTC(2026, 2, 2);
  for (let step = 0; step < 300; step++) {
    // Happenings start in time order; each emits a few messages at or after its start.
    now += rng.int(30_000);
    const who = rng.int(3);
    for (let k = 0, t = now; k < 1 + rng.int(4); k++, t += rng.int(120_000)) {
      outbox.track(senders[who]!, t, 'Lesson Progress', { step, k });
      stamped++;
    }
    if (step % 10 === 9) await outbox.flushBefore(now, true);
  }
  await outbox.flushAll();
  const handed = batches.flat();
  assert.equal(handed.length, stamped + outbox.duplicates, 'every message (and every retry) handed over once');
  // Reference: sort by arrival, stamping order (step, k) breaking ties; the outbox must already be in it.
  const key = (m: SegmentMessage) => [Date.parse(m.receivedAt), (m as TrackMessage).properties.step as number, (m as TrackMessage).properties.k as number];
  const reference = [...handed].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
  });
  assert.deepEqual(handed, reference);
  assert.ok(outbox.duplicates > 0 && outbox.sent === handed.length);
  assert.ok(batches.slice(0, -1).every((b) => b.length === 7), 'all but the last batch are full');
  const skewed = handed.find((m) => m.userId === 'u2')!;
  assert.equal(Date.parse(skewed.sentAt) - Date.parse(skewed.timestamp) < 21_000, true);
  assert.ok(Date.parse(skewed.timestamp) - Date.parse(skewed.receivedAt) > 3_500_000, 'a fast clock stamps ahead of arrival');
});
