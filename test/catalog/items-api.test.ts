import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.stop(); });

const post = (body: unknown) => s.api('/v1/items', { method: 'POST', body: JSON.stringify(body) });
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; field?: string; message: string } }).error;

describe('catalog API', () => {
  it('upserts, reads, lists with filters and pages, and updates in place', async () => {
    const res = await post({ items: [
      { id: ' py-1 ', type: 'course', title: ' Python 数据分析入门 ', category: 'programming', tags: ['python', ' 数据分析 ', 'python'], price: 199, author: '王老师', language: 'zh' },
      { id: 'py-1-01', type: 'lesson', title: '环境搭建', parentId: 'py-1', position: 1, durationS: 600 },
      { id: 'py-1-02', type: 'lesson', title: '数据清洗', parentId: 'py-1', position: 2, durationS: 900 },
      { id: 'fi-1', type: 'ebook', title: '个人理财', category: 'finance' },
    ] });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { success: true, upserted: 4 });
    const course = (await (await s.api('/v1/items/py-1')).json()) as { id: string; title: string; tags: string[]; price: number; hidden: boolean };
    assert.equal(course.id, 'py-1');
    assert.equal(course.title, 'Python 数据分析入门');
    assert.deepEqual(course.tags, ['python', '数据分析']);
    assert.equal(course.hidden, false);
    const lessons = (await (await s.api('/v1/items?parentId=py-1')).json()) as { items: { id: string }[] };
    assert.deepEqual(lessons.items.map((i) => i.id), ['py-1-01', 'py-1-02']);
    const page1 = (await (await s.api('/v1/items?limit=2')).json()) as { items: { id: string }[]; next: string };
    const page2 = (await (await s.api(`/v1/items?limit=2&after=${page1.next}`)).json()) as { items: { id: string }[]; next: string | null };
    assert.deepEqual([...page1.items, ...page2.items].map((i) => i.id), ['fi-1', 'py-1', 'py-1-01', 'py-1-02']);
    await post({ items: [{ id: 'fi-1', type: 'ebook', title: '个人理财（第二版）', hidden: true }] });
    const updated = (await (await s.api('/v1/items/fi-1')).json()) as { title: string; hidden: boolean; category: string | null };
    assert.deepEqual([updated.title, updated.hidden, updated.category], ['个人理财（第二版）', true, null]);
    const visible = (await (await s.api('/v1/items?type=ebook')).json()) as { items: unknown[] };
    assert.equal(visible.items.length, 0, 'hidden items are not listed by default');
  });

  it('deletes a course with its lessons', async () => {
    const res = await s.api('/v1/items/py-1', { method: 'DELETE' });
    assert.deepEqual(await res.json(), { success: true, deleted: 3 });
    assert.equal((await s.api('/v1/items/py-1-01')).status, 404);
    assert.equal((await s.api('/v1/items/py-1', { method: 'DELETE' })).status, 404);
  });

  it('rejects bad items with the field named', async () => {
    const cases: [unknown, string][] = [
      [{ items: [{ id: 'x', type: 'course' }] }, 'body.items.0.title'],
      [{ items: [{ id: 'x', type: 'podcast', title: 't' }] }, 'body.items.0.type'],
      [{ items: [{ id: 'x', type: 'lesson', title: 't' }] }, 'body.items.0.parentId'],
      [{ items: [{ id: 'x', type: 'course', title: 't', price: -1 }] }, 'body.items.0.price'],
      [{ items: [{ id: 'x', type: 'course', title: 't', colour: 'red' }] }, 'body.items.0'],
      [{ items: [] }, 'body.items'],
      [{ items: Array.from({ length: 1001 }, (_, i) => ({ id: `i${i}`, type: 'course', title: 't' })) }, 'body.items'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
      const error = await errorOf(res);
      assert.ok(error.field?.startsWith(field), `${error.field} should name ${field}`);
    }
    assert.equal((await fetch(s.url + '/v1/items')).status, 401);
  });
});
