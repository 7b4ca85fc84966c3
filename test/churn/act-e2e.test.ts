/**
 * The whole loop on the real server with the real churn model: a small simulated platform, the
 * at-risk list, nudges queued, the platform's Notification events sent back through the tracking
 * API, and the outcomes.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadDemoPlatform } from '../../src/cli/demo-platform.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
  await loadDemoPlatform(s.ll.store, s.ll.ingest, s.ll.keys.projectId, { users: 100, days: 42, seed: 5 });
  await s.ll.recommendations.train();
});
after(() => s.stop());

const json = async (r: Response) => ({ status: r.status, body: await r.json() as any });

test('at-risk learners come from the churn model, with its reasons and an action each', async () => {
  const r = await json(await s.api('/v1/churn/at-risk?limit=10&asOf=2026-04-12'));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.asOf, '2026-04-12');
  assert.ok(r.body.learners.length > 0 && r.body.learners.length <= 10);
  const scores = await json(await s.api('/v1/churn/scores?asOf=2026-04-12'));
  assert.equal(r.body.scored, scores.body.learners.length);
  assert.deepEqual(r.body.learners.map((l: { userId: string }) => l.userId), scores.body.learners.slice(0, r.body.learners.length).map((l: { userId: string }) => l.userId));
  for (const l of r.body.learners) {
    assert.ok(l.reasons.length > 0 && typeof l.reasons[0].text.zh === 'string');
    assert.ok(['continue', 'recommendation', 'comeback'].includes(l.action.kind));
    if (l.action.itemId) assert.ok(l.action.title && l.action.text.zh.includes(l.action.title));
  }
  const probabilities = r.body.learners.map((l: { probability: number }) => l.probability);
  assert.deepEqual(probabilities, [...probabilities].sort((a, b) => b - a));
});

test('nudges queued, reported sent and opened by events, and measured', async () => {
  const q = await json(await s.api('/v1/nudges', { method: 'POST', body: JSON.stringify({ limit: 6, asOf: '2026-04-12', campaign: 'e2e', holdoutShare: 0.3 }) }));
  assert.equal(q.status, 200, JSON.stringify(q.body));
  assert.equal(q.body.queued.length + q.body.heldOut.length, 6);
  const first = q.body.queued[0];
  const sentAt = Date.parse('2026-04-12T11:00:00Z');
  const track = await s.track('/v1/batch', { batch: [
    { type: 'track', userId: first.userId, event: 'Notification Sent', timestamp: new Date(sentAt).toISOString(), properties: { nudge_id: first.id, campaign: 'e2e' } },
    { type: 'track', userId: first.userId, event: 'Notification Opened', timestamp: new Date(sentAt + 60_000).toISOString(), properties: { nudge_id: first.id } },
  ] });
  assert.equal(track.status, 200);
  const n = await json(await s.api(`/v1/nudges/${first.id}`));
  assert.equal(n.body.status, 'opened');
  const o = await json(await s.api('/v1/nudges/outcomes?campaign=e2e'));
  const [c] = o.body.campaigns;
  assert.deepEqual([c.campaign, c.nudges, c.sent, c.opened, c.openRate, c.holdout.nudges], ['e2e', q.body.queued.length, 1, 1, 1, q.body.heldOut.length]);
  // The opened notification made the learner active again inside the window.
  assert.ok(c.activeAgain >= 1);
});

test('a date the model cannot answer is the caller\'s mistake, named by field', async () => {
  const early = await json(await s.api('/v1/churn/at-risk?asOf=2020-01-01'));
  assert.deepEqual([early.status, early.body.error.field], [400, 'querystring.asOf']);
  const queued = await json(await s.api('/v1/nudges', { method: 'POST', body: JSON.stringify({ asOf: '2020-01-01' }) }));
  assert.deepEqual([queued.status, queued.body.error.field], [400, 'body.asOf']);
});
