import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.stop(); });

async function expectError(res: Response, status: number, field?: string) {
  assert.equal(res.status, status);
  const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
  assert.ok(body.error.code, 'error has a code');
  assert.ok(body.error.message.length > 5, 'error has a message');
  if (field) assert.equal(body.error.field, field);
  return body;
}

async function healthy() {
  const res = await fetch(s.url + '/health');
  assert.equal(res.status, 200);
}

describe('tracking API accepts', () => {
  it('stores a batch and answers with counts; a retried batch stores nothing twice', async () => {
    const batch = { batch: [
      { type: 'track', userId: 'u1', event: 'Lesson Started', messageId: 'a1', properties: { lesson_id: 'l1', course_id: 'c1' } },
      { type: 'page', userId: 'u1', name: 'Home', messageId: 'a2' },
    ] };
    const first = await s.track('/v1/batch', batch);
    assert.equal(first.status, 200);
    assert.deepEqual(await first.json(), { success: true, accepted: 2, duplicates: 0 });
    const retry = await s.track('/v1/batch', batch);
    assert.deepEqual(await retry.json(), { success: true, accepted: 2, duplicates: 2 });
    const events = (await (await s.api('/v1/events?userId=u1')).json()) as { events: { messageId: string; courseId: string }[] };
    assert.deepEqual(events.events.map((e) => e.messageId), ['a1', 'a2']);
    assert.equal(events.events[0]!.courseId, 'c1');
  });

  it('takes the write key in the body too', async () => {
    const res = await fetch(s.url + '/v1/track', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ writeKey: s.writeKey, userId: 'u-body', event: 'Signed In' }),
    });
    assert.equal(res.status, 200);
  });

  it('keeps the good messages of a batch with a bad one and names the bad one', async () => {
    const res = await s.track('/v1/batch', { batch: [
      { type: 'track', userId: 'p1', event: 'Signed In', messageId: 'p-1' },
      { type: 'track', event: 'Signed In', messageId: 'p-2' },
      { type: 'track', userId: 'p1', event: 'Item Viewed', messageId: 'p-3' },
    ] });
    const body = await expectError(res, 400, 'batch[1].userId') as unknown as { accepted: number; rejected: { index: number }[] };
    assert.equal(body.accepted, 2);
    assert.deepEqual(body.rejected.map((r) => r.index), [1]);
    const events = (await (await s.api('/v1/events?userId=p1')).json()) as { events: unknown[] };
    assert.equal(events.events.length, 2);
  });
});

describe('tracking API rejects bad input with a clear 4xx and stays healthy', () => {
  it('malformed JSON', async () => {
    await expectError(await s.track('/v1/batch', '{"batch": [}'), 400, 'body');
    await healthy();
  });

  it('missing userId and anonymousId', async () => {
    await expectError(await s.track('/v1/track', { event: 'Signed In' }), 400, 'body.userId');
    await healthy();
  });

  it('wrong types', async () => {
    await expectError(await s.track('/v1/batch', { batch: 'not a list' }), 400);
    await expectError(await s.track('/v1/track', { userId: 'u', event: 42 }), 400, 'body.event');
    await expectError(await s.track('/v1/batch', { batch: [{ type: 'track', userId: 'u', event: 'x', properties: 'y' }] }), 400, 'batch[0].properties');
    await expectError(await s.track('/v1/batch', [1, 2]), 400);
    await healthy();
  });

  it('an oversize message (> 32 KB)', async () => {
    const big = { type: 'track', userId: 'u', event: 'x', properties: { text: 'x'.repeat(33 * 1024) } };
    const body = await expectError(await s.track('/v1/batch', { batch: [big] }), 400, 'batch[0]');
    assert.equal(body.error.code, 'message_too_large');
    await expectError(await s.track('/v1/track', big), 400);
    await healthy();
  });

  it('an oversize batch (> 500 KB)', async () => {
    const batch = Array.from({ length: 40 }, (_, i) => ({ type: 'track', userId: 'u', event: 'x', messageId: `big-${i}`, properties: { text: 'x'.repeat(15_000) } }));
    const body = await expectError(await s.track('/v1/batch', { batch }), 400, 'body');
    assert.equal(body.error.code, 'payload_too_large');
    const stored = (await (await s.api('/v1/events?userId=u&limit=1000')).json()) as { events: { messageId: string }[] };
    assert.ok(!stored.events.some((e) => e.messageId.startsWith('big-')), 'nothing of a rejected batch is stored');
    await healthy();
  });

  it('a bad write key (401), and a write key where a secret key is needed (403)', async () => {
    const res = await fetch(s.url + '/v1/batch', {
      method: 'POST', headers: { authorization: 'Basic ' + Buffer.from('wrong:').toString('base64'), 'content-type': 'application/json' },
      body: JSON.stringify({ batch: [] }),
    });
    await expectError(res, 401);
    await expectError(await fetch(s.url + '/v1/track', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }), 401);
    await expectError(await fetch(s.url + '/v1/events', { headers: { authorization: `Bearer ${s.writeKey}` } }), 403);
    await healthy();
  });

  it('an unknown route (404)', async () => {
    await expectError(await fetch(s.url + '/v1/nothing-here'), 404);
    await healthy();
  });

  it('a wrong content type (415)', async () => {
    const res = await fetch(s.url + '/v1/batch', {
      method: 'POST', headers: { authorization: 'Basic ' + Buffer.from(`${s.writeKey}:`).toString('base64'), 'content-type': 'text/plain' },
      body: JSON.stringify({ batch: [] }),
    });
    await expectError(res, 415, 'content-type');
    await healthy();
  });

  it('bad query parameters on reads', async () => {
    await expectError(await s.api('/v1/events?limit=0'), 400);
    await expectError(await s.api('/v1/events?since=someday'), 400, 'querystring.since');
    await healthy();
  });
});

describe('operations', () => {
  it('serves readiness, Prometheus metrics and OpenAPI', async () => {
    assert.equal((await fetch(s.url + '/ready')).status, 200);
    const metrics = await (await fetch(s.url + '/metrics')).text();
    assert.match(metrics, /learnloop_events_ingested_total \d+/);
    assert.match(metrics, /learnloop_events_rejected_total\{code="missing_identity"\} [1-9]/);
    const spec = (await (await fetch(s.url + '/docs/json')).json()) as { paths: Record<string, unknown> };
    assert.ok(spec.paths['/v1/batch'] && spec.paths['/v1/items']);
  });
});
