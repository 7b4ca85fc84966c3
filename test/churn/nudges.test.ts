import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { applyNotificationEvents } from '../../src/churn/nudge-events.js';
import { summariseOutcomes, type NudgeFact } from '../../src/churn/nudge-outcomes.js';
import { inHoldout } from '../../src/churn/nudge-queue.js';
import { day, startActApp, t0, track, type ActApp } from './act-fixtures.js';

describe('the nudge outbox', () => {
  let app: ActApp;
  const ingest = (events: object[]) => app.ws.ingest.ingest(app.ws.keys.projectId, events, { receivedAt: t0 + 60 * day });
  before(async () => { app = await startActApp({ trainRecommender: true }); });
  after(() => app.close());

  test('queues the top-risk learners with their action, lists them in order and takes acknowledgements', async () => {
    const q = await app.api('/v1/nudges', { method: 'POST', body: { limit: 2, campaign: 'spring', asOf: '2026-03-20' } });
    assert.equal(q.status, 200);
    assert.deepEqual(q.body.queued.map((n: { userId: string }) => n.userId), ['dan', 'amy']);
    const amy = q.body.queued[1];
    assert.deepEqual([amy.status, amy.campaign, amy.itemId, amy.action, amy.reason, amy.probability], ['pending', 'spring', 'c1-l2', 'continue', 'recencyDays', 0.8]);
    assert.match(amy.message.zh, /理财入门/);
    // asOf is a local date: the start of 2026-03-20 in Shanghai.
    assert.equal(amy.asOf, '2026-03-19T16:00:00.000Z');
    const list = await app.api('/v1/nudges?status=pending&campaign=spring');
    assert.deepEqual(list.body.nudges.map((n: { id: string }) => n.id), q.body.queued.map((n: { id: string }) => n.id));
    const page = await app.api('/v1/nudges?status=pending&campaign=spring&limit=1');
    assert.equal(page.body.next, q.body.queued[0].id);
    const rest = await app.api(`/v1/nudges?status=pending&campaign=spring&after=${page.body.next}`);
    assert.deepEqual(rest.body.nudges.map((n: { userId: string }) => n.userId), ['amy']);

    const ack = await app.api(`/v1/nudges/${amy.id}/delivered`, { method: 'POST' });
    assert.equal(ack.status, 200);
    assert.equal(ack.body.status, 'delivered');
    const again = await app.api(`/v1/nudges/${amy.id}/delivered`, { method: 'POST' });
    assert.equal(again.body.deliveredAt, ack.body.deliveredAt, 'acknowledging twice changes nothing');
    const pending = await app.api('/v1/nudges?status=pending&campaign=spring');
    assert.deepEqual(pending.body.nudges.map((n: { userId: string }) => n.userId), ['dan']);
    const missing = await app.api('/v1/nudges/ndg_nope/delivered', { method: 'POST' });
    assert.deepEqual([missing.status, missing.body.error.field], [404, 'params.id']);
  });

  test('skips learners nudged within the cool-down, unless it is 0', async () => {
    const q = await app.api('/v1/nudges', { method: 'POST', body: { limit: 2, campaign: 'cool', asOf: '2026-03-20' } });
    assert.deepEqual(q.body.queued.map((n: { userId: string }) => n.userId), ['bob', 'cat'], 'dan and amy were nudged a moment ago');
    const none = await app.api('/v1/nudges', { method: 'POST', body: { limit: 2, campaign: 'cool', cooldownDays: 0, asOf: '2026-03-20' } });
    assert.deepEqual(none.body.queued.map((n: { userId: string }) => n.userId), ['dan', 'amy']);
  });

  test('nudges named learners, scored or not', async () => {
    const q = await app.api('/v1/nudges', { method: 'POST', body: { userIds: ['eve', 'zed', 'amy'], campaign: 'named', asOf: '2026-03-20' } });
    assert.equal(q.status, 200);
    assert.deepEqual(q.body.coolingDown, ['amy']);
    assert.deepEqual(q.body.queued.map((n: { userId: string; probability: number | null }) => [n.userId, n.probability]), [['eve', 0.1], ['zed', null]]);
    assert.deepEqual(app.scorer.calls.at(-1)!.userIds, ['eve', 'zed', 'amy']);
  });

  test('keeps a stable holdout that is recorded but never sent', async () => {
    const q = await app.api('/v1/nudges', { method: 'POST', body: { limit: 5, campaign: 'hold', cooldownDays: 0, holdoutShare: 0.5, asOf: '2026-03-20' } });
    const held = q.body.heldOut.map((n: { userId: string }) => n.userId);
    const sent = q.body.queued.map((n: { userId: string }) => n.userId);
    assert.equal(held.length + sent.length, 5);
    for (const u of held) assert.ok(inHoldout('hold', u, 0.5));
    for (const u of sent) assert.ok(!inHoldout('hold', u, 0.5));
    if (held.length > 0) {
      const r = await app.api(`/v1/nudges/${q.body.heldOut[0].id}/delivered`, { method: 'POST' });
      assert.equal(r.status, 409);
    }
    const pending = await app.api('/v1/nudges?status=pending&campaign=hold');
    assert.equal(pending.body.nudges.length, sent.length, 'holdouts are not offered to the platform');
  });

  test('Notification Sent / Opened events with nudge_id move a nudge forward, never back', async () => {
    const q = await app.api('/v1/nudges', { method: 'POST', body: { userIds: ['bob', 'cat'], campaign: 'loop', cooldownDays: 0, asOf: '2026-03-20' } });
    const [bob, cat] = q.body.queued;
    const sentAt = Date.parse('2026-03-20T11:00:00Z');
    await ingest([
      track('bob', sentAt, 'Notification Sent', { nudge_id: bob.id, campaign: 'loop' }),
      track('bob', sentAt + 600_000, 'Notification Opened', { nudge_id: bob.id }),
      track('cat', sentAt, 'Notification Sent', { nudge_id: cat.id }),
      track('cat', sentAt, 'Notification Opened', { nudge_id: 'ndg_unknown' }),
    ]);
    const b = await app.api(`/v1/nudges/${bob.id}`);
    assert.deepEqual([b.body.status, b.body.sentAt, b.body.openedAt], ['opened', new Date(sentAt).toISOString(), new Date(sentAt + 600_000).toISOString()]);
    assert.equal((await app.api(`/v1/nudges/${cat.id}`)).body.status, 'sent');
    // A late duplicate "sent" and a late ack change neither the status nor the first times.
    await ingest([track('bob', sentAt + 3_600_000, 'Notification Sent', { nudge_id: bob.id })]);
    await app.api(`/v1/nudges/${bob.id}/delivered`, { method: 'POST' });
    const again = await app.api(`/v1/nudges/${bob.id}`);
    assert.deepEqual([again.body.status, again.body.sentAt], ['opened', new Date(sentAt).toISOString()]);
    assert.deepEqual(await applyNotificationEvents(app.ws.store.db, app.ws.keys.projectId), { eventsRead: 0, nudgesUpdated: 0 }, 'the cursor moved past them');
  });

  test('outcomes: open rate and returns within the horizon beside the holdout', async () => {
    // Later than the other tests' events, so only this test's events fall in the windows.
    const asOfMs = Date.parse('2026-04-10T00:00:00+08:00');
    const q = await app.api('/v1/nudges', { method: 'POST', body: { userIds: ['amy', 'bob', 'cat', 'dan'], campaign: 'measure', cooldownDays: 0, horizonDays: 7, asOf: '2026-04-10' } });
    const id = new Map<string, string>(q.body.queued.map((n: { userId: string; id: string }) => [n.userId, n.id]));
    await ingest([
      track('amy', asOfMs + 3_600_000, 'Notification Sent', { nudge_id: id.get('amy') }),
      track('amy', asOfMs + 3_700_000, 'Notification Opened', { nudge_id: id.get('amy') }),
      track('amy', asOfMs + 2 * day, 'Lesson Started', { lesson_id: 'c1-l2', course_id: 'c1' }),
      track('bob', asOfMs + 3_600_000, 'Notification Sent', { nudge_id: id.get('bob') }),
      // cat only comes back after the 7-day horizon; dan never: both count as inactive.
      track('cat', asOfMs + 8 * day, 'Item Viewed', { item_id: 'e1' }),
    ]);
    const r = await app.api('/v1/nudges/outcomes?campaign=measure');
    assert.equal(r.status, 200);
    const [c] = r.body.campaigns;
    assert.deepEqual(
      { nudges: c.nudges, sent: c.sent, opened: c.opened, openRate: c.openRate, activeAgain: c.activeAgain, inactive: c.inactive, waiting: c.waiting, activeRate: c.activeRate },
      // bob's "Notification Sent" is passive: it does not make him active again.
      { nudges: 4, sent: 2, opened: 1, openRate: 0.5, activeAgain: 1, inactive: 3, waiting: 0, activeRate: 0.25 },
    );
    assert.equal(c.uplift, null, 'no holdout in this campaign');
  });

  test('rejects bad requests naming the field', async () => {
    for (const [body, field] of [
      [{ limit: 0 }, 'body.limit'], [{ limit: 1001 }, 'body.limit'], [{ holdoutShare: 0.9 }, 'body.holdoutShare'],
      [{ campaign: 'has space' }, 'body.campaign'], [{ segment: 'rfm:77' }, 'body.segment'], [{ segment: 'bogus' }, 'body.segment'],
      [{ userIds: ['amy'], segment: 'rfm:1' }, 'body.segment'], [{ asOf: 'soon' }, 'body.asOf'], [{ colour: 'red' }, 'body'],
    ] as const) {
      const r = await app.api('/v1/nudges', { method: 'POST', body });
      assert.ok(r.status === 400 || r.status === 404, JSON.stringify(body));
      assert.ok(String(r.body.error.field).startsWith(field), `${JSON.stringify(body)} → ${r.body.error.field}`);
    }
    const bad = await app.api('/v1/nudges?status=lost');
    assert.deepEqual([bad.status, bad.body.error.field], [400, 'querystring.status']);
  });
});

describe('outcome arithmetic', () => {
  const fact = (over: Partial<NudgeFact>): NudgeFact => ({ campaign: 'a', status: 'delivered', sent: false, opened: false, active: false, windowEnd: 100, ...over });

  test('counts, rates, waiting windows and the uplift over the holdout', () => {
    const [a] = summariseOutcomes([
      fact({ status: 'opened', sent: true, opened: true, active: true }),
      fact({ status: 'sent', sent: true }),
      fact({ status: 'pending', windowEnd: 500 }),
      fact({ status: 'failed' }),
      fact({ status: 'holdout', active: true }),
      fact({ status: 'holdout' }),
      fact({ status: 'holdout' }),
      fact({ status: 'holdout', windowEnd: 500 }),
    ], 200);
    assert.deepEqual(
      { ...a, holdout: { ...a!.holdout } },
      {
        campaign: 'a', nudges: 4, activeAgain: 1, inactive: 2, waiting: 1, activeRate: 0.3333, pending: 1, delivered: 2, failed: 1,
        sent: 2, opened: 1, openRate: 0.5, holdout: { nudges: 4, activeAgain: 1, inactive: 2, waiting: 1, activeRate: 0.3333 }, uplift: 0,
      },
    );
  });

  test('campaigns sorted; nothing decided yet gives null rates', () => {
    const out = summariseOutcomes([fact({ campaign: 'b', windowEnd: 500 }), fact({ campaign: 'a' })], 200);
    assert.deepEqual(out.map((c) => [c.campaign, c.activeRate, c.openRate, c.uplift]), [['a', 0, null, null], ['b', null, null, null]]);
  });

  test('holdout assignment is stable and close to the share', () => {
    let n = 0;
    for (let i = 0; i < 4000; i++) if (inHoldout('c', `u${i}`, 0.2)) n++;
    assert.ok(n > 700 && n < 900, `${n} of 4000`);
    assert.equal(inHoldout('c', 'u1', 0.2), inHoldout('c', 'u1', 0.2));
    assert.equal(inHoldout('c', 'u1', 0), false);
  });
});
