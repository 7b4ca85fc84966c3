import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { deliverDueNudges, retryDelayMs, signatureHeader, signNudgeBody } from '../../src/churn/nudge-webhook.js';
import { getNudge, insertNudges, type NewNudge } from '../../src/churn/nudges.store.js';
import { openWorkspace, type Workspace } from '../../src/cli/workspace.js';
import { Scheduler } from '../../src/jobs/scheduler.js';

interface Received {
  body: string;
  signature: string | undefined;
}

/** A real HTTP receiver that answers the statuses it is told to, in turn (then 200). */
class Receiver {
  readonly received: Received[] = [];
  statuses: number[] = [];
  server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers[signatureHeader] as string | undefined });
        res.statusCode = this.statuses.shift() ?? 200;
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/nudges`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const secret = 'sk_webhook_secret';
const nudge = (userId: string): NewNudge => ({
  userId, itemId: 'c1-l2', action: 'continue', campaign: 'hook', reason: 'recencyDays', message: { zh: '继续', en: 'Continue' },
  probability: 0.7, asOf: Date.parse('2026-03-20T00:00:00+08:00'), horizonDays: 14, holdout: false,
});

describe('webhook delivery of nudges', () => {
  let ws: Workspace;
  const receiver = new Receiver();
  let clock = Date.parse('2026-03-20T12:00:00Z');
  const now = () => clock;
  before(async () => {
    ws = await openWorkspace(':memory:');
    await receiver.start();
  });
  after(async () => {
    await receiver.stop();
    await ws.close();
  });

  test('POSTs pending nudges in batches, signed with HMAC-SHA256 of the body, and marks them delivered', async () => {
    const queued = await insertNudges(ws.store.db, ws.keys.projectId, ['a', 'b', 'c'].map(nudge), clock);
    await insertNudges(ws.store.db, ws.keys.projectId, [{ ...nudge('h'), holdout: true }], clock);
    const r = await deliverDueNudges(ws.store.db, ws.keys.projectId, { url: receiver.url, secret, batchSize: 2 }, now);
    assert.deepEqual(r, { delivered: 3, retrying: 0, failed: 0, requests: 2 });
    assert.equal(receiver.received.length, 2);
    const ids: string[] = [];
    for (const req of receiver.received) {
      assert.equal(req.signature, signNudgeBody(req.body, secret), 'the signature is the HMAC of the exact body');
      assert.notEqual(req.signature, signNudgeBody(req.body, 'another key'));
      const body = JSON.parse(req.body) as { type: string; nudges: { id: string; userId: string; message: object }[] };
      assert.equal(body.type, 'nudges');
      ids.push(...body.nudges.map((n) => n.id));
    }
    assert.deepEqual(ids, queued.map((n) => n.id), 'every pending nudge once, in queue order; the holdout never');
    for (const n of queued) assert.equal((await getNudge(ws.store.db, ws.keys.projectId, n.id))!.status, 'delivered');
    assert.deepEqual(await deliverDueNudges(ws.store.db, ws.keys.projectId, { url: receiver.url, secret }, now), { delivered: 0, retrying: 0, failed: 0, requests: 0 });
  });

  test('retries a refused batch with exponential backoff, then gives up', async () => {
    receiver.received.length = 0;
    const [n] = await insertNudges(ws.store.db, ws.keys.projectId, [nudge('d')], clock);
    const hook = { url: receiver.url, secret, baseDelayMs: 1000, maxAttempts: 3 };
    receiver.statuses = [503, 500, 500];
    assert.deepEqual(await deliverDueNudges(ws.store.db, ws.keys.projectId, hook, now), { delivered: 0, retrying: 1, failed: 0, requests: 1 });
    let row = (await getNudge(ws.store.db, ws.keys.projectId, n!.id))!;
    assert.deepEqual([row.status, row.attempts, row.lastError], ['pending', 1, 'HTTP 503 from the webhook']);
    // Not due before the backoff has passed.
    clock += 999;
    assert.equal((await deliverDueNudges(ws.store.db, ws.keys.projectId, hook, now)).requests, 0);
    clock += 1;
    assert.deepEqual(await deliverDueNudges(ws.store.db, ws.keys.projectId, hook, now), { delivered: 0, retrying: 1, failed: 0, requests: 1 });
    clock += 1999;
    assert.equal((await deliverDueNudges(ws.store.db, ws.keys.projectId, hook, now)).requests, 0, 'the second wait is twice the first');
    clock += 1;
    assert.deepEqual(await deliverDueNudges(ws.store.db, ws.keys.projectId, hook, now), { delivered: 0, retrying: 0, failed: 1, requests: 1 });
    row = (await getNudge(ws.store.db, ws.keys.projectId, n!.id))!;
    assert.deepEqual([row.status, row.attempts], ['failed', 3]);
    assert.equal(receiver.received.length, 3);
  });

  test('a receiver that is down is an error to retry, and a recovered one gets the nudge', async () => {
    const [n] = await insertNudges(ws.store.db, ws.keys.projectId, [nudge('e')], clock);
    const down = { url: 'http://127.0.0.1:9/unreachable', secret, baseDelayMs: 10 };
    const r = await deliverDueNudges(ws.store.db, ws.keys.projectId, down, now);
    assert.equal(r.retrying, 1);
    assert.match((await getNudge(ws.store.db, ws.keys.projectId, n!.id))!.lastError ?? '', /webhook request failed/);
    clock += 10;
    // Run from the scheduler, as the server does.
    const scheduler = new Scheduler({ info: () => undefined, error: (o) => assert.fail(JSON.stringify(o)) });
    scheduler.every('nudge-webhook', 3_600_000, () => deliverDueNudges(ws.store.db, ws.keys.projectId, { url: receiver.url, secret }, now));
    await scheduler.runNow('nudge-webhook');
    await scheduler.stop();
    assert.equal((await getNudge(ws.store.db, ws.keys.projectId, n!.id))!.status, 'delivered');
  });
});

test('backoff doubles from the base delay up to the cap', () => {
  assert.deepEqual([1, 2, 3, 4, 10].map((a) => retryDelayMs(a, 30_000, 3_600_000)), [30_000, 60_000, 120_000, 240_000, 3_600_000]);
});

test('the signature is sha256= and the hex HMAC (a known vector)', () => {
  // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
  assert.equal(signNudgeBody('what do ya want for nothing?', 'Jefe'), 'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
});
