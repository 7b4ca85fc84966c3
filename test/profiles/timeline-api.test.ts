import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { upsertItems } from '../../src/catalog/items.store.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { at, catalog, handMadeEvents } from './fixtures.js';

interface Entry { at: string; event: string; text: { zh: string; en: string } }
interface Page { userId: string; timezone: string; entries: Entry[]; next: string | null }

describe('GET /v1/users/:id/timeline', () => {
  let s: TestServer;
  const get = async (path: string) => {
    const r = await s.api(path);
    return { status: r.status, body: await r.json() as Page & { error?: { field?: string } } };
  };
  /** Every page, following `next`. */
  const pages = async (user: string, limit: number) => {
    const out: Entry[][] = [];
    let before: string | null = null;
    do {
      const { status, body }: { status: number; body: Page } = await get(`/v1/users/${user}/timeline?limit=${limit}${before ? `&before=${before}` : ''}`);
      assert.equal(status, 200);
      assert.ok(body.entries.length <= limit);
      out.push(body.entries);
      before = body.next;
    } while (before !== null && out.length < 50);
    return out;
  };
  const minutes = (entries: Entry[]) => entries.reduce((sum, e) => sum + Number(/for (\d+) min/.exec(e.text.en)?.[1] ?? 0), 0);

  before(async () => {
    s = await startTestServer();
    await upsertItems(s.ll.store.db, s.ll.keys.projectId, catalog);
    const hb = (minute: number) => ({ type: 'track', userId: 'dan', event: 'Lesson Progress', timestamp: at(`2026-03-05T12:${String(minute).padStart(2, '0')}:00`),
      properties: { lesson_id: 'c2-l1', course_id: 'c2', watched_s: 60 } });
    const viewed = (item: string) => ({ type: 'track', userId: 'dan', event: 'Item Viewed', timestamp: at('2026-03-05T12:40:00'), properties: { item_id: item } });
    const dan = [...Array.from({ length: 30 }, (_, m) => hb(m)),
      { type: 'track', userId: 'dan', event: 'Lesson Completed', timestamp: at('2026-03-05T12:30:00'), properties: { lesson_id: 'c2-l1', course_id: 'c2' } },
      viewed('c1'), viewed('c2'), viewed('e1')];
    const r = await s.track('/v1/batch', { batch: [...handMadeEvents(), ...dan] });
    assert.equal(r.status, 200);
  });
  after(async () => { await s.stop(); });

  it('pages newest first and, put together, give the one-page timeline', async () => {
    const whole = (await get('/v1/users/amy/timeline?limit=200')).body;
    assert.equal(whole.next, null);
    assert.equal(whole.entries.length, 13);
    assert.equal(whole.entries[0]!.text.en, 'Watched “理财入门” · 第二课 for 10 min');
    const paged = await pages('amy', 3);
    assert.equal(paged.length, 5);
    assert.deepEqual(paged.flat(), whole.entries);
  });

  it('keeps events of the same millisecond on a page boundary, and a run of heartbeats on one page', async () => {
    const whole = (await get('/v1/users/dan/timeline')).body.entries;
    assert.deepEqual(whole.map((e) => e.text.en), [
      'Viewed “基金定投手册”', 'Viewed “Python for Beginners”', 'Viewed “理财入门”',
      'Finished “Python for Beginners” · Lesson 1', 'Watched “Python for Beginners” · Lesson 1 for 30 min',
    ]);
    const paged = await pages('dan', 2);
    assert.deepEqual(paged.map((p) => p.length), [2, 2, 1]);
    assert.deepEqual(paged.flat(), whole);
    // A run longer than a page can read (20 raw events per entry) is split, never counted twice.
    const tiny = (await pages('dan', 1)).flat();
    assert.equal(minutes(tiny), 30);
    assert.deepEqual(tiny.slice(0, 4), whole.slice(0, 4));
  });

  it('before takes a date or date-time too; unknown learners are 404 and bad input 400 naming the field', async () => {
    const { body } = await get('/v1/users/amy/timeline?before=2026-03-28');
    assert.equal(body.timezone, 'Asia/Shanghai');
    assert.deepEqual(body.entries.map((e) => e.event), ['Lesson Completed', 'Lesson Progress', 'Lesson Started', 'Lesson Completed', 'Lesson Progress', 'Lesson Started', 'Order Completed', 'screen']);
    assert.equal((await get('/v1/users/amy/timeline?before=2026-03-02T01:00:00Z')).body.entries.length, 0);
    assert.equal((await get('/v1/users/nobody/timeline')).status, 404);
    const bad = await get('/v1/users/amy/timeline?before=soon');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error?.field, 'querystring.before');
    assert.equal((await get('/v1/users/amy/timeline?limit=0')).status, 400);
  });
});
