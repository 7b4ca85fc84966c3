/**
 * Comparing models for one learner: `?model=` answers with another registry model's newest saved
 * version while serving stays on its own; that model is trained on request, kept apart from
 * serving, and named errors say what to do when it is unknown or not trained yet.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let s: TestServer;
const t0 = Date.parse('2026-03-02T08:00:00Z');
const at = (h: number) => new Date(t0 + h * 3_600_000).toISOString();

interface Answer { model: string; modelId: number | null; mode: string; items: { itemId: string; reason: { kind: string } }[] }
interface Models {
  serving: { model: string; modelId: number };
  available: string[];
  comparisons: { model: string; ready: boolean; training: boolean; modelId: number | null }[];
  stored: { name: string; modelId: number }[];
}

const get = async <T>(path: string) => {
  const r = await s.api(path);
  return { status: r.status, body: await r.json() as T & { error?: { code: string; field?: string; message: string } } };
};

before(async () => {
  s = await startTestServer();
  const titles = ['py-1', 'py-2', 'py-3', 'fi-1', 'fi-2', 'fi-3'];
  const items = titles.map((id) => ({ id, type: 'course', title: `Course ${id}`, category: id.slice(0, 2), price: 99 }));
  assert.equal((await s.api('/v1/items', { method: 'POST', body: JSON.stringify({ items }) })).status, 200);
  const batch: unknown[] = [];
  for (let u = 0; u < 12; u++) {
    const group = u % 2 === 0 ? ['py-1', 'py-2', 'py-3'] : ['fi-1', 'fi-2', 'fi-3'];
    group.forEach((item, j) => {
      if ((u + j) % 3 === 2) return;
      batch.push({ type: 'track', userId: `learner-${u}`, event: 'Order Completed', timestamp: at(u + j), properties: { products: [{ product_id: item, price: 99 }] } });
    });
  }
  assert.equal((await s.track('/v1/batch', { batch })).status, 200);
  assert.equal((await s.api('/v1/models/train?wait=true', { method: 'POST' })).status, 200);
});
after(async () => { await s.stop(); });

describe('model comparison', () => {
  it('lists the registry names; an unknown model is a 400 naming the field', async () => {
    const { body } = await get<Models>('/v1/models');
    assert.equal(body.serving.model, 'hybrid');
    assert.deepEqual([...body.available].sort(), ['als', 'bpr', 'content', 'hybrid', 'itemknn', 'mf', 'popularity', 'userknn']);
    assert.deepEqual(body.comparisons, []);
    for (const path of ['/v1/users/learner-0/recommendations?model=svd', '/v1/models/train?model=svd']) {
      const r = await s.api(path, path.includes('train') ? { method: 'POST' } : {});
      assert.equal(r.status, 400);
      const e = (await r.json() as { error: { field: string; message: string } }).error;
      assert.equal(e.field, 'querystring.model');
      assert.match(e.message, /known models: .*itemknn/);
    }
  });

  it('a model never trained is a 409 that says how to train it', async () => {
    const { status, body } = await get<Answer>('/v1/users/learner-0/recommendations?model=itemknn');
    assert.equal(status, 409);
    assert.equal(body.error?.code, 'model_not_trained');
    assert.match(body.error!.message, /POST \/v1\/models\/train\?model=itemknn/);
  });

  it('trains the comparison model apart from serving and answers with it; serving is unchanged', async () => {
    const before = (await get<Models>('/v1/models')).body;
    const r = await s.api('/v1/models/train?model=itemknn&wait=true', { method: 'POST' });
    assert.equal(r.status, 200);
    const now = (await get<Models>('/v1/models')).body;
    assert.equal(now.serving.model, 'hybrid');
    assert.equal(now.serving.modelId, before.serving.modelId);
    const compared = now.comparisons.find((c) => c.model === 'itemknn');
    assert.ok(compared?.ready && !compared.training);
    const stored = now.stored.find((m) => m.name === 'itemknn');
    assert.equal(compared.modelId, stored?.modelId);

    const other = (await get<Answer>('/v1/users/learner-0/recommendations?model=itemknn&lang=en')).body;
    assert.equal(other.model, 'itemknn');
    assert.equal(other.modelId, stored?.modelId);
    assert.equal(other.mode, 'personal');
    // learner-0 bought py-1 and py-2; item-kNN finds the third course of their group.
    assert.equal(other.items[0]?.itemId, 'py-3');
    const serving = (await get<Answer>('/v1/users/learner-0/recommendations?lang=en')).body;
    assert.equal(serving.model, 'hybrid');
    assert.equal(serving.modelId, before.serving.modelId);
    assert.equal((await get<Answer>('/v1/users/learner-0/recommendations?model=hybrid')).body.modelId, before.serving.modelId);
  });

  it('a restarted service loads the saved comparison model on first use', async () => {
    const { RecommendationService } = await import('../../../src/recommend/serving/recommendation-service.js');
    const fresh = new RecommendationService(s.ll.store.db, s.ll.keys.projectId, { model: 'hybrid' });
    await fresh.start();
    const a = await fresh.recommend('learner-1', { k: 3, exclude: ['purchased'], locale: 'en', model: 'itemknn' });
    assert.equal(a.model, 'itemknn');
    assert.equal(a.items[0]?.itemId, 'fi-2', 'learner-1 bought fi-1 and fi-3');
    assert.deepEqual(fresh.comparisons.map((c) => [c.model, c.ready]), [['itemknn', true]]);
  });
});
