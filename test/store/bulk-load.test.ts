/** Bulk loads without the secondary indexes: rebuilt afterwards (on a worker thread for a file), whatever happens. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
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
