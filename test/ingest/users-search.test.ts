import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface Page { users: { id: string; lastSeen: string; traits: Record<string, unknown> }[]; next: string | null }

describe('GET /v1/users: search and recency order', () => {
  let s: TestServer;
  const get = async (query: string) => {
    const r = await s.api(`/v1/users?${query}`);
    return { status: r.status, body: await r.json() as Page & { error?: { field?: string } } };
  };
  /** Every page of a query, following `next`. */
  const all = async (query: string) => {
    const ids: string[] = [];
    let after: string | null = '';
    for (let round = 0; after !== null && round < 100; round++) {
      const { body } = await get(`${query}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      ids.push(...body.users.map((u) => u.id));
      after = body.next;
    }
    return ids;
  };

  before(async () => {
    s = await startTestServer();
    const identify = (userId: string, at: string, traits: Record<string, unknown>) => ({ type: 'identify', userId, timestamp: at, traits });
    const r = await s.track('/v1/batch', { batch: [
      identify('zhang-01', '2026-03-01T10:00:00Z', { name: '张伟', email: 'Wei.Zhang@Example.com', city: '北京' }),
      identify('li-02', '2026-03-03T10:00:00Z', { name: '李娜', email: 'na.li@example.com', city: '张家口' }),
      identify('wang-03', '2026-03-02T10:00:00Z', { name: 'Wang "Quote" 100%', email: 'w@example.org' }),
      identify('u_9', '2026-03-04T10:00:00Z', { plan: 'email' }),
    ] });
    assert.equal(r.status, 200);
    // Enough learners that one search needs several scan rounds (each reads 500 rows).
    const db = s.ll.store.db;
    const bulk = Array.from({ length: 1200 }, (_, i) => ({
      project_id: s.ll.keys.projectId, user_id: `bulk-${String(i).padStart(4, '0')}`,
      traits: JSON.stringify(i % 100 === 7 ? { name: `Needle ${i}` } : { name: `Learner ${i}`, note: 'needle in a note' }),
      first_seen: Date.parse('2026-01-01T00:00:00Z'), last_seen: Date.parse('2026-02-01T00:00:00Z') + i * 60_000, is_robot: 0, robot_reason: null,
    }));
    for (let i = 0; i < bulk.length; i += 200) await db.insertInto('users').values(bulk.slice(i, i + 200)).execute();
  });
  after(async () => { await s.stop(); });

  it('matches an id prefix, or part of a name or email trait, case-insensitively', async () => {
    assert.deepEqual((await get('q=ZHANG')).body.users.map((u) => u.id), ['zhang-01']);
    assert.deepEqual((await get('q=' + encodeURIComponent('李'))).body.users.map((u) => u.id), ['li-02']);
    assert.deepEqual((await get('q=example.com')).body.users.map((u) => u.id), ['li-02', 'zhang-01']);
    // 张家口 is a city, not a searched trait; "email" is a trait value of u_9 but not in a searched trait.
    assert.deepEqual((await get('q=' + encodeURIComponent('张'))).body.users.map((u) => u.id), ['zhang-01']);
    assert.deepEqual((await get('q=email')).body.users, []);
    // JSON escapes and LIKE wildcards are matched literally.
    assert.deepEqual((await get('q=' + encodeURIComponent('"quote" 100%'))).body.users.map((u) => u.id), ['wang-03']);
    assert.deepEqual((await get('q=' + encodeURIComponent('u_'))).body.users.map((u) => u.id), ['u_9']);
    assert.deepEqual((await get('q=' + encodeURIComponent('%'))).body.users.map((u) => u.id), ['wang-03']);
  });

  it('pages a search through many scan rounds without losing or repeating a learner', async () => {
    const want = Array.from({ length: 12 }, (_, k) => `bulk-${String(k * 100 + 7).padStart(4, '0')}`);
    const first = await get('q=needle&limit=5');
    assert.equal(first.body.users.length, 5);
    assert.equal(first.body.next, 'bulk-0407');
    assert.deepEqual(await all('q=needle&limit=5'), want);
    assert.deepEqual(await all('q=needle&limit=5&order=recent'), [...want].reverse());
  });

  it('order=recent lists the last seen first and pages by its cursor', async () => {
    const { body } = await get('order=recent&limit=3');
    assert.deepEqual(body.users.map((u) => u.id), ['u_9', 'li-02', 'wang-03']);
    assert.ok(body.next?.startsWith(`${Date.parse('2026-03-02T10:00:00Z')}:`));
    const ids = await all('order=recent&limit=97');
    assert.equal(ids.length, 1204);
    assert.equal(new Set(ids).size, 1204);
    assert.deepEqual(ids.slice(0, 5), ['u_9', 'li-02', 'wang-03', 'zhang-01', 'bulk-1199']);
    assert.equal(ids.at(-1), 'bulk-0000');
  });

  it('without q pages by id as before; a malformed recent cursor is a 400 naming the field', async () => {
    const { body } = await get('limit=2');
    assert.deepEqual(body.users.map((u) => u.id), ['bulk-0000', 'bulk-0001']);
    assert.equal(body.next, 'bulk-0001');
    assert.equal((await all('limit=500')).length, 1204);
    const bad = await get('order=recent&after=bulk-0001');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error?.field, 'querystring.after');
    assert.equal((await get('order=oldest')).status, 400);
  });
});
