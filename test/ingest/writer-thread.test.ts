/**
 * The writer thread: a write resolves only once its events are committed (another connection
 * reads them at once), concurrent writes each get their own counts, close() commits what is
 * queued, a write lock held elsewhere is waited for rather than failing the write, and the
 * thread folds what it wrote into the analytics rollups.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { rollupStateName } from '../../src/analytics/rollups.store.js';
import { EventWriter } from '../../src/ingest/event-writer.js';
import { normalizeMessage, type NormalizedEvent } from '../../src/ingest/message.js';
import { openEventLog, ThreadedEventWriter } from '../../src/ingest/writer-thread.js';
import { openStore, type Store } from '../../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'learnloop-writer-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function events(prefix: string, n: number): NormalizedEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const r = normalizeMessage({
      type: i === 0 ? 'identify' : 'track', userId: `${prefix}-u${i % 3}`, event: 'Lesson Progress', messageId: `${prefix}-${i}`,
      properties: { lesson_id: 'l1', watched_s: '30' }, traits: { plan: 'pro' },
    }, `batch[${i}]`, { receivedAt: 1_700_000_000_000 });
    assert.ok(r.ok);
    return r.event;
  });
}

async function freshStore(name: string): Promise<{ store: Store; location: string }> {
  const location = join(dir, name);
  return { store: await openStore({ location }), location };
}

const stored = (location: string, prefix: string) => {
  const db = new SQLite(location, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from events where message_id like ?').get(`${prefix}-%`) as { n: number }).n;
  } finally {
    db.close();
  }
};

it('answers a write only after its events are committed, with each write its own counts', async () => {
  const { store, location } = await freshStore('a.db');
  const writer = new ThreadedEventWriter({ location });
  try {
    const first = await writer.write('default', events('a', 5));
    assert.deepEqual(first, { inserted: 5, duplicates: 0 });
    assert.equal(stored(location, 'a'), 5, 'a second connection sees the acknowledged events');
    // Concurrent writes share commits but not their answers; a retried write stores nothing twice.
    const results = await Promise.all([writer.write('default', events('b', 4)), writer.write('default', events('a', 5)), writer.write('default', events('c', 2))]);
    assert.deepEqual(results, [{ inserted: 4, duplicates: 0 }, { inserted: 0, duplicates: 5 }, { inserted: 2, duplicates: 0 }]);
    const users = await store.db.selectFrom('users').select(['user_id', 'traits']).where('user_id', '=', 'a-u0').executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(users.traits), { plan: 'pro' });
    const event = await store.db.selectFrom('events').select(['properties', 'value']).where('message_id', '=', 'a-1').executeTakeFirstOrThrow();
    assert.deepEqual([JSON.parse(event.properties), event.value], [{ lesson_id: 'l1', watched_s: 30 }, 30]);
  } finally {
    await writer.close();
    await store.close();
  }
});

it('close() commits every queued write, and later writes are refused', async () => {
  const { store, location } = await freshStore('b.db');
  const writer = new ThreadedEventWriter({ location });
  const pending = [writer.write('default', events('d', 50)), writer.write('default', events('e', 50))];
  await writer.close();
  assert.deepEqual(await Promise.all(pending), [{ inserted: 50, duplicates: 0 }, { inserted: 50, duplicates: 0 }]);
  assert.equal(stored(location, 'd') + stored(location, 'e'), 100);
  await assert.rejects(writer.write('default', events('f', 1)), /closed/);
  await store.close();
});

it('waits for a write lock another connection holds instead of failing the write', async () => {
  const { store, location } = await freshStore('c.db');
  const writer = new ThreadedEventWriter({ location });
  try {
    await writer.write('default', events('warm', 1));
    const other = new SQLite(location);
    other.pragma('busy_timeout = 0');
    other.exec('begin immediate');
    let answered = false;
    const write = writer.write('default', events('g', 3)).then((r) => { answered = true; return r; });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(answered, false, 'not answered while the lock is held elsewhere');
    other.exec('commit');
    other.close();
    assert.deepEqual(await write, { inserted: 3, duplicates: 0 });
  } finally {
    await writer.close();
    await store.close();
  }
});

it('an in-memory store keeps the writer on the calling thread', async () => {
  const store = await openStore({ location: ':memory:' });
  const log = await openEventLog(store, { location: ':memory:' }, { foldRollupsEveryMs: 2000 });
  assert.ok(log instanceof EventWriter);
  assert.deepEqual(await log.write('default', events('h', 2)), { inserted: 2, duplicates: 0 });
  await log.close();
  await store.close();
});

it('folds what it wrote into the analytics rollups between commits', async () => {
  const { store, location } = await freshStore('d.db');
  const writer = new ThreadedEventWriter({ location }, { foldRollupsEveryMs: 50 });
  try {
    await writer.write('default', events('r', 6));
    const last = await store.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow();
    let watermark = 0;
    for (let i = 0; i < 100 && watermark < Number(last.seq); i++) {
      await new Promise((r) => setTimeout(r, 50));
      const row = await store.db.selectFrom('derive_state').select('watermark_seq').where('project_id', '=', 'default').where('name', '=', rollupStateName).executeTakeFirst();
      watermark = Number(row?.watermark_seq ?? 0);
    }
    assert.equal(watermark, Number(last.seq), 'the rollups are folded up to the last event written');
  } finally {
    await writer.close();
    await store.close();
  }
});
