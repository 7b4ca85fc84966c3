/** Bulk loads without the secondary indexes: rebuilt afterwards (on a worker thread for a file), whatever happens. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openStore, type Store } from '../../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'learnloop-bulk-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function eventIndexes(store: Store): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'events' and sql is not null order by name`.execute(store.db);
  return rows.rows.map((r) => r.name);
}

const all = ['events_event_time', 'events_event_user_time', 'events_item_time', 'events_message', 'events_user_time'];

for (const location of [':memory:', 'file']) {
  describe(`withoutSecondaryIndexes (${location === 'file' ? 'file store, worker thread' : 'in memory'})`, () => {
    let n = 0;
    const open = () => openStore({ location: location === 'file' ? join(dir, `s${++n}.db`) : ':memory:' });

    it('drops only the non-unique indexes, runs the reader beside the rebuild, and restores them', async () => {
      const store = await open();
      const seen: string[][] = [];
      const loaded = await store.withoutSecondaryIndexes('events', async () => {
        seen.push(await eventIndexes(store));
        return 42;
      }, async () => {
        const rows = await store.db.selectFrom('events').select('seq').execute();
        seen.push([`read ${rows.length}`]);
      });
      assert.equal(loaded, 42);
      assert.deepEqual(seen, [['events_message'], ['read 0']]);
      assert.deepEqual(await eventIndexes(store), all);
      await store.close();
    });

    it('restores the indexes when the load fails, and does not run the reader', async () => {
      const store = await open();
      let ran = false;
      await assert.rejects(store.withoutSecondaryIndexes('events', async () => { throw new Error('load broke'); }, async () => { ran = true; }), /load broke/);
      assert.equal(ran, false);
      assert.deepEqual(await eventIndexes(store), all);
      await store.close();
    });

    it('restores the indexes before reporting a failed reader', async () => {
      const store = await open();
      await assert.rejects(store.withoutSecondaryIndexes('events', async () => 1, async () => { throw new Error('reader broke'); }), /reader broke/);
      assert.deepEqual(await eventIndexes(store), all);
      await store.close();
    });
  });
}

describe('withoutSecondaryIndexes on a file store: WAL checkpoints', () => {
  it('moves checkpoints to the side thread during the load, keeping the WAL small, and restores them after', async () => {
    const path = join(dir, 'wal.db');
    const store = await openStore({ location: path });
    const autoCheckpoint = async () => (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(store.db)).rows[0]!.wal_autocheckpoint;
    await sql`create table scratch (x blob)`.execute(store.db);
    const before = await autoCheckpoint();
    let during = -1;
    let largestWal = 0;
    await store.withoutSecondaryIndexes('events', async () => {
      during = await autoCheckpoint();
      // 16 commits of 0.5 MB: 8 MB of WAL if nothing checkpointed it.
      for (let i = 0; i < 16; i++) {
        await sql`insert into scratch values (randomblob(500000))`.execute(store.db);
        await new Promise((r) => setTimeout(r, 250));
        largestWal = Math.max(largestWal, statSync(`${path}-wal`).size);
      }
    });
    assert.equal(before, 1000);
    assert.equal(during, 0, 'the load\'s own commits do not checkpoint');
    assert.ok(largestWal < 4_000_000, `the side thread checkpointed: the WAL peaked at ${largestWal} bytes`);
    assert.equal(await autoCheckpoint(), before);
    await store.close();
  });
});
