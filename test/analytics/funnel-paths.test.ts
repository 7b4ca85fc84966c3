/**
 * Funnels and paths on hand-made event sequences (UTC times; answers worked out by hand).
 *
 * Funnel Item Viewed → Order Completed → Lesson Started:
 *   alice  views 03-02 01:00:10, buys 01:00:20, starts a lesson 01:00:30            (ios)
 *   bob    views 03-02 23:30:10, buys 03-10 03:00 — 7 days 3.5 hours later          (android)
 *   erin   views 03-04 02:00, buys 02:30, never starts a lesson                     (ios)
 *   frank  buys 03-05 01:00 *before* viewing at 02:00: the order does not follow the entry
 *   gina   buys on 03-06 and again on 03-08 (a second purchase), never views
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { metric, send, track } from './fixtures.js';

let s: TestServer;
const ios = { device: { type: 'ios' } };
const android = { device: { type: 'android' } };

before(async () => {
  s = await startTestServer();
  await send(s, [
    track('alice', '2026-03-02T01:00:10Z', 'Item Viewed', { item_id: 'course-a' }, ios),
    track('alice', '2026-03-02T01:00:20Z', 'Order Completed', { revenue: 99, products: [{ product_id: 'course-a', price: 99 }] }, ios),
    track('alice', '2026-03-02T01:00:30Z', 'Lesson Started', { course_id: 'course-a', lesson_id: 'a1' }, ios),
    track('bob', '2026-03-02T23:30:10Z', 'Item Viewed', { item_id: 'course-a' }, android),
    track('bob', '2026-03-10T03:00:00Z', 'Order Completed', { revenue: 49, products: [{ product_id: 'course-b', price: 49 }] }, android),
    track('erin', '2026-03-04T02:00:00Z', 'Item Viewed', { item_id: 'course-b' }, ios),
    track('erin', '2026-03-04T02:30:00Z', 'Order Completed', { revenue: 49, products: [{ product_id: 'course-b', price: 49 }] }, ios),
    track('frank', '2026-03-05T01:00:00Z', 'Order Completed', { revenue: 9, products: [{ product_id: 'course-c', price: 9 }] }),
    track('frank', '2026-03-05T02:00:00Z', 'Item Viewed', { item_id: 'course-c' }),
    track('gina', '2026-03-06T01:00:00Z', 'Order Completed', { revenue: 19, products: [{ product_id: 'course-c', price: 19 }] }),
    track('gina', '2026-03-08T01:00:00Z', 'Order Completed', { revenue: 29, products: [{ product_id: 'course-d', price: 29 }] }),
    // Paths after "Search" (a separate set of learners).
    // p1: two searches in a row (one step), then an order, then a lesson with heartbeats, all a minute apart.
    track('p1', '2026-04-01T01:00:00Z', 'Item Searched'),
    track('p1', '2026-04-01T01:01:00Z', 'Item Searched'),
    track('p1', '2026-04-01T01:02:00Z', 'Item Viewed'),
    track('p1', '2026-04-01T01:03:00Z', 'Lesson Started'),
    track('p1', '2026-04-01T01:04:00Z', 'Lesson Progress', { watched_s: 60 }),
    track('p1', '2026-04-01T01:05:00Z', 'Lesson Progress', { watched_s: 60 }),
    track('p1', '2026-04-01T01:06:00Z', 'Lesson Completed'),
    // p2: searches, then nothing for 40 minutes: the session ended.
    track('p2', '2026-04-01T01:00:00Z', 'Item Searched'),
    track('p2', '2026-04-01T01:40:00Z', 'Signed In'),
    // p3: searches, then views; a push the platform sent in between is not a step.
    track('p3', '2026-04-01T01:00:00Z', 'Item Searched'),
    track('p3', '2026-04-01T01:00:30Z', 'Notification Sent'),
    track('p3', '2026-04-01T01:01:00Z', 'Item Viewed'),
  ]);
});
after(async () => { await s.stop(); });

const steps = 'steps=Item%20Viewed&steps=Order%20Completed&steps=Lesson%20Started';

describe('funnel', () => {
  it('counts ordered steps within the window from the entry, with median times', async () => {
    const f = await metric(s, `/v1/metrics/funnel?from=2026-03-01&to=2026-03-15&${steps}&window=1d`);
    assert.equal(f.windowSeconds, 86_400);
    assert.deepEqual(f.steps.map((x: any) => [x.event, x.users, x.conversion, x.stepConversion, x.dropped]), [
      ['Item Viewed', 4, 1, 1, 0],
      ['Order Completed', 2, 0.5, 0.5, 2], // alice, erin; bob too late, frank's order came first
      ['Lesson Started', 1, 0.25, 0.5, 1],
    ]);
    // alice 10 s and erin 1800 s to buy: the median of two is their mean.
    assert.deepEqual(f.steps.map((x: any) => x.medianSecondsFromPrevious), [null, 905, 10]);
    assert.deepEqual(f.steps.map((x: any) => x.medianSecondsFromStart), [null, 905, 20]);
  });

  it('a longer window lets bob convert', async () => {
    const f = await metric(s, `/v1/metrics/funnel?from=2026-03-01&to=2026-03-15&steps=Item%20Viewed,Order%20Completed&window=10d`);
    assert.deepEqual(f.steps.map((x: any) => x.users), [4, 3]);
  });

  it('entry is limited to the range; steps after it may fall outside', async () => {
    const f = await metric(s, `/v1/metrics/funnel?from=2026-03-02&to=2026-03-02&steps=Item%20Viewed,Order%20Completed&window=10d&tz=UTC`);
    assert.deepEqual(f.steps.map((x: any) => x.users), [2, 2]); // alice and bob entered on 03-02 UTC
  });

  it('a step may repeat an earlier event: the second purchase must come after the first', async () => {
    const f = await metric(s, `/v1/metrics/funnel?from=2026-03-01&to=2026-03-15&steps=Order%20Completed,Order%20Completed&window=7d`);
    // Entrants: alice, erin, frank, gina, bob (each first order); only gina bought again, 2 days later.
    assert.deepEqual(f.steps.map((x: any) => x.users), [5, 1]);
    assert.equal(f.steps[1].medianSecondsFromPrevious, 2 * 86_400);
  });

  it('breaks down by a property of the entry event', async () => {
    const f = await metric(s, `/v1/metrics/funnel?from=2026-03-01&to=2026-03-15&${steps}&window=1d&breakdown=context.device.type`);
    assert.deepEqual(f.breakdown.map((b: any) => [b.value, b.steps.map((x: any) => x.users)]), [
      ['ios', [2, 2, 1]],
      ['(none)', [1, 0, 0]],
      ['android', [1, 0, 0]],
    ]);
  });
});

describe('paths', () => {
  it('the next events after a search, repeats collapsed, ending with the session', async () => {
    const p = await metric(s, '/v1/metrics/paths?from=2026-04-01&to=2026-04-01&event=Item%20Searched&depth=3&tz=UTC');
    // Every search is a start: p1's two, p2's, p3's. p1's second search is a repeat, so both go on to Item Viewed.
    assert.equal(p.starts, 4);
    assert.equal(p.sampled, false);
    assert.deepEqual(p.next, [
      { event: 'Item Viewed', count: 3, share: 0.75 },
      { event: '(end)', count: 1, share: 0.25 },
    ]);
    assert.deepEqual(p.paths.map((x: any) => [x.events, x.count]), [
      [['Item Searched', 'Item Viewed', 'Lesson Started', 'Lesson Progress'], 2],
      [['Item Searched', '(end)'], 1],
      [['Item Searched', 'Item Viewed', '(end)'], 1],
    ]);
  });

  it('a heartbeat run is one step, and the session continues past it', async () => {
    const p = await metric(s, '/v1/metrics/paths?from=2026-04-01&to=2026-04-01&event=Lesson%20Started&depth=2&tz=UTC');
    assert.deepEqual(p.paths.map((x: any) => [x.events, x.count]), [[['Lesson Started', 'Lesson Progress', 'Lesson Completed'], 1]]);
  });
});
