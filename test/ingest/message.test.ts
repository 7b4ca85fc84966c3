import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { correctedTimestamp, maxFutureSkewMs, parseTime } from '../../src/ingest/clock.js';
import { maxMessageBytes, normalizeMessage } from '../../src/ingest/message.js';

const receivedAt = Date.parse('2026-03-02T10:00:00Z');
const norm = (m: unknown, extra = {}) => normalizeMessage(m, 'batch[0]', { receivedAt, ...extra });

describe('clock', () => {
  it('parses ISO strings, epoch ms and epoch seconds', () => {
    assert.equal(parseTime('2026-03-02T10:00:00Z'), receivedAt);
    assert.equal(parseTime(receivedAt), receivedAt);
    assert.equal(parseTime(String(receivedAt / 1000)), receivedAt);
    assert.ok(Number.isNaN(parseTime('yesterday')));
    assert.equal(parseTime(undefined), undefined);
  });

  it('removes the device clock error measured by sentAt', () => {
    // The device clock runs 1 hour fast: it stamped the event 10 s before it sent it.
    const sentAt = receivedAt + 3_600_000;
    assert.equal(correctedTimestamp(sentAt - 10_000, sentAt, receivedAt), receivedAt - 10_000);
  });

  it('caps times still in the future after correction', () => {
    assert.equal(correctedTimestamp(receivedAt + maxFutureSkewMs + 1, undefined, receivedAt), receivedAt);
    assert.equal(correctedTimestamp(receivedAt + 1000, undefined, receivedAt), receivedAt + 1000);
  });
});

describe('normalizeMessage', () => {
  it('trims ids and event names and keeps unknown events', () => {
    const r = norm({ type: 'track', userId: '  u1 ', event: '  My   Custom Event ', properties: { course_id: ' c1 ' } });
    assert.ok(r.ok);
    assert.equal(r.event.userId, 'u1');
    assert.equal(r.event.event, 'My Custom Event');
    assert.equal(r.event.itemId, 'c1');
    assert.equal(r.event.courseId, 'c1');
  });

  it('accepts numeric user ids and falls back to the anonymousId', () => {
    const a = norm({ type: 'track', userId: 42, event: 'Signed In' });
    assert.ok(a.ok && a.event.userId === '42');
    const b = norm({ type: 'page', anonymousId: 'anon-1' });
    assert.ok(b.ok && b.event.userId === 'anon-1' && !b.event.hasUserId);
  });

  it('names the field of every problem', () => {
    const cases: [unknown, string][] = [
      [{ type: 'track', event: 'x' }, 'batch[0].userId'],
      [{ type: 'track', userId: { a: 1 }, event: 'x' }, 'batch[0].userId'],
      [{ type: 'track', userId: 'u' }, 'batch[0].event'],
      [{ type: 'bogus', userId: 'u' }, 'batch[0].type'],
      [{ type: 'track', userId: 'u', event: 'x', properties: [1] }, 'batch[0].properties'],
      [{ type: 'track', userId: 'u', event: 'x', timestamp: 'not a time' }, 'batch[0].timestamp'],
      [{ type: 'alias', userId: 'u' }, 'batch[0].previousId'],
      ['a string', 'batch[0]'],
    ];
    for (const [m, field] of cases) {
      const r = norm(m);
      assert.equal(r.ok, false, JSON.stringify(m));
      if (!r.ok) assert.equal(r.problem.field, field, JSON.stringify(m));
    }
  });

  it('rejects a message over 32 KB', () => {
    const r = norm({ type: 'track', userId: 'u', event: 'x', properties: { blob: 'x'.repeat(maxMessageBytes) } });
    assert.ok(!r.ok && r.problem.code === 'message_too_large');
  });

  it('coerces numeric strings and clamps impossible values', () => {
    const r = norm({ type: 'track', userId: 'u', event: 'Item Rated', properties: { item_id: 'c1', rating: '9' } });
    assert.ok(r.ok);
    assert.equal(r.event.properties.rating, 5);
    assert.equal(r.event.value, 5);
    const p = norm({ type: 'track', userId: 'u', event: 'Lesson Progress', properties: { lesson_id: 'l', watched_s: -30, position_s: '12.5' } });
    assert.ok(p.ok);
    assert.equal(p.event.properties.watched_s, 0);
    assert.equal(p.event.properties.position_s, 12.5);
  });

  it('expands order items and takes revenue as the value', () => {
    const r = norm({ type: 'track', userId: 'u', event: 'Order Completed',
      properties: { revenue: '99', products: [{ product_id: 'c1', price: 49 }, { product_id: 'c2', price: '50' }, 'junk'] } });
    assert.ok(r.ok);
    assert.deepEqual(r.event.orderItems, [{ itemId: 'c1', price: 49 }, { itemId: 'c2', price: 50 }]);
    assert.equal(r.event.value, 99);
  });

  it('merges batch context under message context and applies batch sentAt', () => {
    const sentAt = new Date(receivedAt + 60_000).toISOString();
    const r = norm({ type: 'track', userId: 'u', event: 'x', timestamp: sentAt, context: { app: { name: 'mine' } } },
      { sentAt, context: { app: { name: 'batch' }, library: { name: 'sdk' } } });
    assert.ok(r.ok);
    assert.deepEqual(r.event.context, { app: { name: 'mine' }, library: { name: 'sdk' } });
    assert.equal(r.event.timestamp, receivedAt);
  });

  it('gives identical content the same generated messageId', () => {
    const m = { type: 'track', userId: 'u', event: 'x', timestamp: '2026-03-01T00:00:00Z' };
    const a = norm(m);
    const b = norm({ ...m });
    assert.ok(a.ok && b.ok && a.event.messageId === b.event.messageId);
  });
});

describe('receivedAt of imported history', () => {
  it('is trusted only when the path says so', () => {
    const m = { type: 'track', userId: 'u', event: 'x', timestamp: '2026-01-01T00:00:10Z', sentAt: '2026-01-01T00:00:20Z', receivedAt: '2026-01-01T00:00:21Z' };
    const live = norm(m);
    const imported = normalizeMessage(m, 'record[0]', { receivedAt, trustReceivedAt: true });
    assert.ok(live.ok && imported.ok);
    assert.equal(live.event.receivedAt, receivedAt);
    assert.equal(imported.event.timestamp, Date.parse('2026-01-01T00:00:11Z'));
  });
});
