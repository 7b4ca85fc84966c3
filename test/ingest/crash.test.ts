/**
 * Durability: batches are sent while the server process is killed with SIGKILL. After a restart
 * every event whose batch was acknowledged is in the store exactly once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { openStore } from '../../src/store/store.js';
import { spawnServer } from '../helpers/process.js';

const dir = mkdtempSync(join(tmpdir(), 'learnloop-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function sendUntilStopped(signal: 'SIGKILL' | 'SIGTERM', db: string) {
  const env = { LEARNLOOP_WRITE_KEY: 'wk_crash', LEARNLOOP_SECRET_KEY: 'sk_crash' };
  const { child, url } = await spawnServer(['--db', db, '--no-demo'], env);
  const auth = 'Basic ' + Buffer.from('wk_crash:').toString('base64');
  const acknowledged: string[] = [];
  const sent = new Set<string>();
  let killed = false;

  const client = async (c: number) => {
    for (let b = 0; !killed; b++) {
      const batch = Array.from({ length: 50 }, (_, i) => ({
        type: 'track', userId: `u${c}-${i % 7}`, event: 'Lesson Progress', messageId: `c${c}-b${b}-m${i}`,
        properties: { lesson_id: `l${i}`, watched_s: 30 },
      }));
      batch.forEach((m) => sent.add(m.messageId));
      try {
        const res = await fetch(url + '/v1/batch', { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ batch }) });
        if (res.status === 200) acknowledged.push(...batch.map((m) => m.messageId));
      } catch {
        return; // connection refused or reset: the server is gone
      }
    }
  };
  const clients = [0, 1, 2, 3].map(client);
  await new Promise((r) => setTimeout(r, 1500));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill(signal);
  killed = true;
  await Promise.all(clients);
  const code = await exited;
  assert.ok(acknowledged.length > 500, `the clients got acknowledgements before the stop (${acknowledged.length})`);
  return { acknowledged, sent, code };
}

async function expectExactlyOnce(db: string, acknowledged: string[], sent: Set<string>) {

  const store = await openStore({ location: db });
  try {
    const rows = await store.db.selectFrom('events').select('message_id').execute();
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.message_id, (counts.get(r.message_id) ?? 0) + 1);
    const missing = acknowledged.filter((id) => counts.get(id) !== 1);
    assert.deepEqual(missing.slice(0, 5), [], `${missing.length} acknowledged events missing or duplicated`);
    assert.ok([...counts.keys()].every((id) => sent.has(id)), 'nothing stored that was never sent');
  } finally {
    await store.close();
  }
}

it('every acknowledged event survives SIGKILL, exactly once', async () => {
  const db = join(dir, 'crash.db');
  const { acknowledged, sent } = await sendUntilStopped('SIGKILL', db);
  await expectExactlyOnce(db, acknowledged, sent);
});

it('a graceful stop (SIGTERM) finishes in-flight batches, exits 0 and loses nothing', async () => {
  const db = join(dir, 'graceful.db');
  const { acknowledged, sent, code } = await sendUntilStopped('SIGTERM', db);
  assert.equal(code, 0);
  await expectExactlyOnce(db, acknowledged, sent);
});
