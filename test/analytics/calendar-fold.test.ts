/** The calendar (time zones, Monday weeks, daylight saving) and the rollup fold rules, without a database. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hourAligned, periodIndexOf, periodsOf, startOfLocalDay } from '../../src/analytics/calendar.js';
import { MetricInputError } from '../../src/analytics/input-error.js';
import { foldEvents, isActiveEvent, type FoldEvent } from '../../src/analytics/rollup-fold.js';

const h = 3_600_000;

describe('calendar', () => {
  it('days in Asia/Shanghai start at 16:00 UTC the day before', () => {
    const p = periodsOf({ from: '2026-03-02', to: '2026-03-03', interval: 'day', tz: 'Asia/Shanghai' });
    assert.deepEqual(p.map((x) => [x.label, new Date(x.startMs).toISOString(), new Date(x.endMs).toISOString()]), [
      ['2026-03-02', '2026-03-01T16:00:00.000Z', '2026-03-02T16:00:00.000Z'],
      ['2026-03-03', '2026-03-02T16:00:00.000Z', '2026-03-03T16:00:00.000Z'],
    ]);
    // 23:30 UTC on the 2nd is the 3rd in Shanghai.
    assert.equal(periodIndexOf(p, Date.parse('2026-03-02T23:30:00Z')), 1);
    assert.equal(periodIndexOf(p, Date.parse('2026-03-01T15:59:59Z')), -1);
  });

  it('weeks start on Monday, months on the 1st, whole periods cover the range', () => {
    // 2026-03-01 is a Sunday: its week began on Monday 02-23.
    const weeks = periodsOf({ from: '2026-03-01', to: '2026-03-09', interval: 'week', tz: 'UTC' });
    assert.deepEqual(weeks.map((w) => w.label), ['2026-02-23', '2026-03-02', '2026-03-09']);
    assert.equal(weeks[0]!.endMs - weeks[0]!.startMs, 7 * 24 * h);
    const months = periodsOf({ from: '2026-01-31', to: '2026-03-01', interval: 'month', tz: 'UTC' });
    assert.deepEqual(months.map((m) => m.label), ['2026-01-01', '2026-02-01', '2026-03-01']);
    assert.equal(months[1]!.endMs - months[1]!.startMs, 28 * 24 * h);
  });

  it('daylight saving: a Berlin day is 23 or 25 hours long, still on whole hours', () => {
    const p = periodsOf({ from: '2026-03-28', to: '2026-03-30', interval: 'day', tz: 'Europe/Berlin' });
    assert.deepEqual(p.map((x) => (x.endMs - x.startMs) / h), [24, 23, 24]);
    const autumn = periodsOf({ from: '2026-10-25', to: '2026-10-25', interval: 'day', tz: 'Europe/Berlin' });
    assert.equal((autumn[0]!.endMs - autumn[0]!.startMs) / h, 25);
    assert.equal(hourAligned(p), true);
  });

  it('a day starting inside a daylight-saving gap starts at the first instant that exists', () => {
    // Santiago skips 00:00–00:59 on 2026-09-06: the day starts at 01:00 local (04:00 UTC).
    assert.equal(new Date(startOfLocalDay('America/Santiago', { y: 2026, m: 9, d: 6 })).toISOString(), '2026-09-06T04:00:00.000Z');
  });

  it('half-hour zones are not hour aligned', () => {
    assert.equal(hourAligned(periodsOf({ from: '2026-03-02', to: '2026-03-02', interval: 'day', tz: 'Asia/Kolkata' })), false);
  });

  it('rejects bad input, naming the field', () => {
    const bad = (q: Parameters<typeof periodsOf>[0], field: string, max?: number) =>
      assert.throws(() => periodsOf(q, max), (e: unknown) => e instanceof MetricInputError && e.field === field);
    bad({ from: '2026-03-09', to: '2026-03-02', interval: 'day', tz: 'UTC' }, 'from');
    bad({ from: '2026-13-01', to: '2026-03-02', interval: 'day', tz: 'UTC' }, 'from');
    bad({ from: '2026-03-01', to: '2026-3-2', interval: 'day', tz: 'UTC' }, 'to');
    bad({ from: '2026-03-01', to: '2026-03-02', interval: 'day', tz: 'Nowhere/Land' }, 'tz');
    bad({ from: '2026-01-01', to: '2026-12-31', interval: 'day', tz: 'UTC' }, 'interval', 100);
  });
});

describe('fold', () => {
  const t0 = Date.parse('2026-03-02T01:00:00Z');
  let seq = 0;
  const e = (user: string, dt: number, event: string | null, extra: Partial<FoldEvent> = {}): FoldEvent => ({
    seq: ++seq, type: 'track', event, user_id: user, timestamp: t0 + dt, value: null, course_id: null, item_id: null, ...extra,
  });

  it('what counts as activity', () => {
    assert.equal(isActiveEvent('track', 'Signed In'), true);
    assert.equal(isActiveEvent('screen', null), true);
    assert.equal(isActiveEvent('track', 'Notification Sent'), false);
    assert.equal(isActiveEvent('identify', null), false);
  });

  it('sums one learner-hour, attributes orders to their items, keeps first times', () => {
    const order = e('a', 60_000, 'Order Completed', { value: 120 });
    const fold = foldEvents([
      e('a', 0, 'Lesson Progress', { value: 60, course_id: 'c1', item_id: 'l1' }),
      e('a', 30_000, 'Lesson Progress', { value: 45, course_id: 'c1', item_id: 'l1' }),
      e('a', 40_000, 'Lesson Completed', { value: 999, course_id: 'c1', item_id: 'l1' }),
      order,
      e('a', 2 * h, 'Order Refunded', { value: 20 }),
      e('a', 3 * h, 'Notification Sent'),
      e('b', 0, 'Order Completed', { value: 0 }),
      { ...e('c', 0, null), type: 'identify' },
    ], new Map([[order.seq, [{ item_id: 'c1', price: 100 }, { item_id: 'c2', price: null }]]]));
    const hour = Math.floor(t0 / h);
    assert.deepEqual(fold.activity.get(`${hour}\ta`), {
      events: 4, learning_s: 105, lessons_completed: 1, orders: 1, revenue: 120, refunds: 0, refunded_revenue: 0,
    });
    assert.deepEqual(fold.activity.get(`${hour + 2}\ta`)?.refunded_revenue, 20);
    assert.equal(fold.activity.has(`${hour + 3}\ta`), false); // the push is not activity
    assert.deepEqual(fold.course.get(`c1\t${hour}\ta`), {
      events: 4, learning_s: 105, lessons_completed: 1, orders: 1, revenue: 100, refunds: 0, refunded_revenue: 0,
    });
    assert.equal(fold.course.get(`c2\t${hour}\ta`)?.revenue, 0);
    assert.equal(fold.eventHours.get(`Lesson Progress\t${hour}\ta`), 2);
    assert.equal(fold.eventHours.get(`Notification Sent\t${hour + 3}\ta`), 1);
    assert.deepEqual(fold.users.get('a'), { firstActiveMs: t0, firstPurchaseMs: t0 + 60_000 });
    // A free order is an order but not a purchase; identify calls make nobody a learner.
    assert.deepEqual(fold.users.get('b'), { firstActiveMs: t0, firstPurchaseMs: null });
    assert.equal(fold.users.has('c'), false);
  });
});
