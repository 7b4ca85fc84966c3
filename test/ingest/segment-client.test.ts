/** The real Segment Node SDK sends to Learnloop unchanged and the events land with the right fields. */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { Analytics } from '@segment/analytics-node';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.stop(); });

interface StoredEvent {
  type: string; event: string | null; userId: string; anonymousId: string | null; itemId: string | null;
  value: number | null; properties: Record<string, unknown>; context: Record<string, unknown>; timestamp: string;
}

it('@segment/analytics-node track, identify, page and a batch arrive intact', async () => {
  const analytics = new Analytics({ writeKey: s.writeKey, host: s.url, flushAt: 20, flushInterval: 200, maxRetries: 1 });
  const errors: unknown[] = [];
  analytics.on('error', (e) => errors.push(e));

  analytics.identify({ userId: 'learner-1', traits: { name: '王小明', plan: 'annual' } });
  analytics.track({ userId: 'learner-1', event: 'Order Completed', properties: { revenue: 199, currency: 'CNY', products: [{ product_id: 'course-9', price: 199 }] } });
  analytics.page({ userId: 'learner-1', name: 'Course Detail', properties: { item_id: 'course-9' } });
  for (let i = 0; i < 25; i++) {
    analytics.track({ anonymousId: 'visitor-7', event: 'Lesson Progress', properties: { lesson_id: `lesson-${i}`, watched_s: 60, position_s: 60 * i } });
  }
  await analytics.closeAndFlush({ timeout: 10_000 });
  assert.deepEqual(errors, []);

  const res = await s.api('/v1/events?limit=1000');
  const { events } = (await res.json()) as { events: StoredEvent[] };
  assert.equal(events.length, 28);

  const identify = events.find((e) => e.type === 'identify')!;
  assert.equal(identify.userId, 'learner-1');
  const user = (await (await s.api('/v1/users/learner-1')).json()) as { traits: Record<string, unknown> };
  assert.deepEqual(user.traits, { name: '王小明', plan: 'annual' });

  const order = events.find((e) => e.event === 'Order Completed')!;
  assert.equal(order.value, 199);
  assert.equal(order.properties.currency, 'CNY');
  assert.equal((order.context.library as { name: string }).name, '@segment/analytics-node');

  const page = events.find((e) => e.type === 'page')!;
  assert.equal(page.event, 'Course Detail');
  assert.equal(page.itemId, 'course-9');

  const progress = events.filter((e) => e.event === 'Lesson Progress');
  assert.equal(progress.length, 25);
  assert.ok(progress.every((e) => e.userId === 'visitor-7' && e.anonymousId === 'visitor-7' && e.value === 60));
  assert.ok(progress.every((e) => Math.abs(Date.parse(e.timestamp) - Date.now()) < 60_000));
});
