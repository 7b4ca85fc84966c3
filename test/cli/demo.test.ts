/** The demo platform goes through the ingest path and is identical for the same seed. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, it } from 'node:test';
import { loadDemoPlatform } from '../../src/cli/demo-platform.js';
import { openWorkspace, type Workspace } from '../../src/cli/workspace.js';

const opened: Workspace[] = [];
after(async () => { for (const ws of opened) await ws.close(); });

async function demoHash(seed: number): Promise<{ hash: string; events: number; items: number; sessions: number }> {
  const ws = await openWorkspace(':memory:');
  opened.push(ws);
  const r = await loadDemoPlatform(ws.store, ws.ingest, ws.keys.projectId, { users: 40, days: 7, seed });
  assert.equal(r.rejected, 0, 'the simulator sends only valid messages');
  const rows = await ws.store.db.selectFrom('events')
    .select(['message_id', 'type', 'event', 'user_id', 'item_id', 'timestamp', 'received_at', 'properties', 'context']).orderBy('seq').execute();
  const items = await ws.store.db.selectFrom('items').select('item_id').execute();
  const sessions = await ws.store.db.selectFrom('sessions').select('user_id').execute();
  return { hash: createHash('sha256').update(JSON.stringify(rows)).digest('hex'), events: rows.length, items: items.length, sessions: sessions.length };
}

it('same seed, same stored events; another seed, other events', async () => {
  const a = await demoHash(3);
  const b = await demoHash(3);
  const c = await demoHash(4);
  assert.ok(a.events > 100 && a.items > 100 && a.sessions > 0, JSON.stringify(a));
  assert.equal(a.hash, b.hash);
  assert.notEqual(a.hash, c.hash);
});
