/**
 * The recommendation API end to end: events through the tracking API, training from the store,
 * rules (bought and dismissed items never come back, hidden items never shown), reasons, fold-in
 * of fresh events without retraining, continue learning, similar items for a brand-new item.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let s: TestServer;
const t0 = Date.parse('2026-03-02T08:00:00Z');
const at = (h: number) => new Date(t0 + h * 3_600_000).toISOString();

interface Rec { itemId: string; score: number; title: string; reason: { kind: string; text: string; becauseItemId?: string } }
interface Answer { mode: string; items: Rec[] }

const courses = [
  { id: 'py-1', title: 'Python 数据分析入门', category: 'programming', tags: ['python', '数据分析'] },
  { id: 'py-2', title: 'Python 爬虫实战', category: 'programming', tags: ['python', '爬虫'] },
  { id: 'py-3', title: 'Pandas 数据分析进阶', category: 'programming', tags: ['python', '数据分析', 'pandas'] },
  { id: 'fi-1', title: '个人理财入门', category: 'finance', tags: ['理财', '基金'] },
  { id: 'fi-2', title: '指数基金投资实战', category: 'finance', tags: ['基金', '投资'] },
  { id: 'fi-3', title: '经济学思维 30 讲', category: 'finance', tags: ['经济学'] },
  { id: 'hidden-1', title: 'Python 内部测试课', category: 'programming', tags: ['python'], hidden: true },
];

async function recs(user: string, query = ''): Promise<Answer> {
  const res = await s.api(`/v1/users/${user}/recommendations?k=5&lang=en${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as Answer;
}

before(async () => {
  s = await startTestServer();
  const items = courses.flatMap((c) => [
    { id: c.id, type: 'course', title: c.title, category: c.category, tags: c.tags, hidden: c.hidden ?? false, price: 99 },
    ...[1, 2, 3].map((p) => ({ id: `${c.id}-l${p}`, type: 'lesson', title: `${c.title} 第${p}讲`, parentId: c.id, position: p, durationS: 600 })),
  ]);
  assert.equal((await s.api('/v1/items', { method: 'POST', body: JSON.stringify({ items }) })).status, 200);
  // Two taste groups of learners: programmers buy py-*, savers buy fi-*.
  const batch: unknown[] = [];
  for (let u = 0; u < 12; u++) {
    const group = u % 2 === 0 ? ['py-1', 'py-2', 'py-3'] : ['fi-1', 'fi-2', 'fi-3'];
    group.forEach((item, j) => {
      if ((u + j) % 3 === 2) return; // each learner misses one course of their group
      batch.push({ type: 'track', userId: `learner-${u}`, event: 'Order Completed', timestamp: at(u + j), properties: { products: [{ product_id: item, price: 99 }], revenue: 99 } });
    });
  }
  batch.push({ type: 'track', userId: 'newbie', event: 'Order Completed', timestamp: at(40), properties: { products: [{ product_id: 'py-1', price: 99 }] } });
  batch.push({ type: 'track', userId: 'newbie', event: 'Lesson Completed', timestamp: at(41), properties: { lesson_id: 'py-1-l1', course_id: 'py-1' } });
  assert.equal((await s.track('/v1/batch', { batch })).status, 200);
  const train = await s.api('/v1/models/train?wait=true', { method: 'POST' });
  assert.equal(train.status, 200, await train.clone().text());
});
after(async () => { await s.stop(); });

describe('recommendations', () => {
  it('follow the learner\'s taste, never repeat a purchase, never show hidden items, and say why', async () => {
    const a = await recs('newbie');
    assert.equal(a.mode, 'personal');
    const ids = a.items.map((r) => r.itemId);
    assert.ok(!ids.includes('py-1'), 'bought course not recommended');
    assert.ok(!ids.includes('hidden-1'), 'hidden course not recommended');
    assert.ok(!ids.some((id) => id.includes('-l')), 'lessons are not products');
    assert.ok(['py-2', 'py-3'].includes(ids[0]!), `a programming course first, got ${ids.join(',')}`);
    assert.equal(a.items[0]!.reason.kind, 'similar');
    assert.equal(a.items[0]!.reason.becauseItemId, 'py-1');
    assert.match(a.items[0]!.reason.text, /《Python 数据分析入门》/);
  });

  it('respect a category filter and answer in Chinese by default', async () => {
    const res = await s.api('/v1/users/newbie/recommendations?k=5&category=finance');
    const a = (await res.json()) as Answer;
    assert.ok(a.items.length > 0 && a.items.every((r) => r.itemId.startsWith('fi-')));
    assert.match(a.items[0]!.reason.text, /[\u4e00-\u9fff]/);
  });

  it('change within seconds when the learner acts: a dismissal and a purchase count without retraining', async () => {
    const before = await recs('newbie');
    const first = before.items[0]!.itemId;
    await s.track('/v1/track', { userId: 'newbie', event: 'Recommendation Dismissed', properties: { item_id: first } });
    const afterDismiss = await recs('newbie');
    assert.ok(!afterDismiss.items.some((r) => r.itemId === first), 'dismissed item gone at once');
    await s.track('/v1/track', { userId: 'newbie', event: 'Order Completed', properties: { products: [{ product_id: 'fi-1', price: 99 }] } });
    const afterBuy = await recs('newbie');
    assert.ok(!afterBuy.items.some((r) => r.itemId === 'fi-1'));
    assert.ok(afterBuy.items.slice(0, 3).some((r) => r.itemId.startsWith('fi-')), 'finance interest folded in');
  });

  it('serve a learner nobody knows from onboarding interests, then from trends', async () => {
    await s.track('/v1/identify', { userId: 'fresh', traits: { interests: ['基金'] } });
    const a = await recs('fresh');
    assert.equal(a.mode, 'interests');
    assert.ok(['fi-1', 'fi-2'].includes(a.items[0]!.itemId), `interest match first, got ${a.items[0]!.itemId}`);
    assert.equal(a.items[0]!.reason.kind, 'interests');
    const stranger = await recs('stranger');
    assert.equal(stranger.mode, 'trending');
    assert.equal(stranger.items.length, 5);
  });

  it('continue learning: the next lesson of the course in progress', async () => {
    const res = await s.api('/v1/users/newbie/continue');
    const body = (await res.json()) as { lessons: { courseId: string; lessonId: string; position: number }[] };
    assert.deepEqual(body.lessons[0], { ...body.lessons[0], courseId: 'py-1', lessonId: 'py-1-l2', position: 2 });
  });

  it('similar items, also for an item added after training (by its text)', async () => {
    const known = (await (await s.api('/v1/items/py-1/similar?k=2')).json()) as { items: { itemId: string }[] };
    assert.ok(known.items.every((r) => r.itemId.startsWith('py-')));
    await s.api('/v1/items', { method: 'POST', body: JSON.stringify({ items: [{ id: 'fi-new', type: 'course', title: '基金定投入门', tags: ['基金', '理财'], category: 'finance' }] }) });
    const cold = (await (await s.api('/v1/items/fi-new/similar?k=2')).json()) as { items: { itemId: string }[] };
    assert.ok(cold.items.length === 2 && cold.items.every((r) => r.itemId.startsWith('fi-')), JSON.stringify(cold.items));
    assert.equal((await s.api('/v1/items/nope/similar')).status, 404);
  });

  it('rejects bad parameters with the field named', async () => {
    const res = await s.api('/v1/users/newbie/recommendations?exclude=everything');
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { field: string } }).error.field, 'querystring.exclude');
    assert.equal((await s.api('/v1/users/newbie/recommendations?k=0')).status, 400);
  });

  it('reports the serving model', async () => {
    const m = (await (await s.api('/v1/models')).json()) as { serving: { ready: boolean; model: string }; stored: unknown[] };
    assert.equal(m.serving.ready, true);
    assert.equal(m.serving.model, 'hybrid');
    assert.ok(m.stored.length >= 1);
  });
});
