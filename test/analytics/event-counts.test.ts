/**
 * GET /v1/metrics/events: the names received in a range with counts and learners, from the
 * event_hours rollup, matching a count of the log itself; robots left out, trait filter applied.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MetricsService } from '../../src/analytics/metrics.service.js';
import { RollupKeeper } from '../../src/analytics/rollup-keeper.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { flagRobot, metric, page, send, track } from './fixtures.js';

let s: TestServer;

before(async () => {
  s = await startTestServer();
  await send(s, [
    { type: 'identify', messageId: 'id-ann', userId: 'ann', traits: { plan: 'pro' }, timestamp: '2026-03-01T00:00:00Z' },
    track('ann', '2026-03-02T01:00:00Z', 'Item Viewed'),
    track('ann', '2026-03-02T01:10:00Z', 'Item Viewed'),
    track('ann', '2026-03-02T02:00:00Z', 'Order Completed', { revenue: 10 }),
    track('ben', '2026-03-02T03:00:00Z', 'Item Viewed'),
    track('ben', '2026-03-03T03:00:00Z', 'Notification Sent'),
    page('ben', '2026-03-03T04:00:00Z', 'Pricing'),
    track('cat', '2026-03-05T05:00:00Z', 'Item Viewed'),
    // Outside the range asked below (2026-03-02 .. 2026-03-03, UTC).
    track('ann', '2026-03-04T01:00:00Z', 'Lesson Started'),
    track('bot', '2026-03-02T05:00:00Z', 'Item Viewed'),
    track('bot', '2026-03-02T05:01:00Z', 'Item Viewed'),
  ]);
  await flagRobot(s, 'bot');
});
after(async () => { await s.stop(); });

const url = '/v1/metrics/events?from=2026-03-02&to=2026-03-03&tz=UTC';
const pairs = (r: any) => r.events.map((e: any) => [e.event, e.count, e.users]);

describe('event names', () => {
  it('counts each name in the range, most frequent first, passive events and pages included, robots left out', async () => {
    const r = await metric(s, url);
    assert.deepEqual([r.from, r.to, r.tz, r.engine], ['2026-03-02', '2026-03-03', 'UTC', 'rollup']);
    assert.deepEqual(pairs(r), [
      ['Item Viewed', 3, 2],
      ['Notification Sent', 1, 1],
      ['Order Completed', 1, 1],
      ['Pricing', 1, 1],
    ]);
  });

  it('takes a trait filter and a limit', async () => {
    assert.deepEqual(pairs(await metric(s, `${url}&trait=plan:pro`)), [['Item Viewed', 2, 1], ['Order Completed', 1, 1]]);
    assert.deepEqual(pairs(await metric(s, `${url}&limit=1`)), [['Item Viewed', 3, 2]]);
  });

  it('answers from the rollup what a scan of the log answers, in another time zone too', async () => {
    const keeper = new RollupKeeper(s.ll.store.db);
    const fast = new MetricsService(s.ll.store.db, keeper, 'rollup');
    const slow = new MetricsService(s.ll.store.db, keeper, 'scan');
    for (const input of [{ from: '2026-03-01', to: '2026-03-10' }, { from: '2026-03-02', to: '2026-03-03', tz: 'America/New_York' }]) {
      const { engine: a, ...fastAnswer } = await fast.events('default', input);
      const { engine: b, ...slowAnswer } = await slow.events('default', input);
      assert.deepEqual([a, b], ['rollup', 'scan']);
      assert.deepEqual(fastAnswer, slowAnswer, JSON.stringify(input));
    }
    // New York's 2 and 3 March end at 05:00 UTC on the 4th: ann's Lesson Started (01:00 UTC) is in.
    const ny = await fast.events('default', { from: '2026-03-02', to: '2026-03-03', tz: 'America/New_York' });
    assert.ok(ny.events.some((e) => e.event === 'Lesson Started'));
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const bad = await metric(s, '/v1/metrics/events?from=2026-03-05&to=2026-03-02', 400);
    assert.equal(bad.error.field, 'querystring.from');
    // Event names are counted over every course: a course filter is an unknown parameter.
    const unknown = await metric(s, `${url}&course=x`, 400);
    assert.deepEqual([unknown.error.field, /additional properties/.test(unknown.error.message)], ['querystring', true]);
  });
});
