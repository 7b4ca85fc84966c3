/**
 * Training on a worker thread: a server whose store is a file trains there and only rebuilds the
 * generation from the parts the worker sends back. The generation must answer exactly as one
 * trained on the server's own thread, report progress, and save its model like any training.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listModels } from '../../../src/recommend/serving/model-store.js';
import { RecommendationService, type RecommendOptions } from '../../../src/recommend/serving/recommendation-service.js';
import { packParts, unpackParts } from '../../../src/recommend/serving/training-thread.js';
import { fitGeneration, generationParts } from '../../../src/recommend/serving/generation.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let s: TestServer;
const t0 = Date.parse('2026-03-02T08:00:00Z');
const options: RecommendOptions = { k: 5, exclude: ['purchased'], locale: 'en' };

before(async () => {
  s = await startTestServer();
  const items = Array.from({ length: 24 }, (_, i) => ({
    id: `c${i}`, type: 'course', title: `${i % 2 ? '理财' : 'Python'} 第${i}讲`, category: i % 2 ? 'finance' : 'programming', price: 99,
  }));
  assert.equal((await s.api('/v1/items', { method: 'POST', body: JSON.stringify({ items }) })).status, 200);
  const batch: unknown[] = [];
  for (let u = 0; u < 40; u++) {
    for (let j = 0; j < 5; j++) {
      const item = `c${(u % 2) + 2 * ((u * 3 + j * 5) % 12)}`;
      batch.push({ type: 'track', userId: `l${u}`, event: j % 2 ? 'Item Viewed' : 'Order Completed', timestamp: new Date(t0 + (u * 5 + j) * 3_600_000).toISOString(), properties: j % 2 ? { item_id: item } : { products: [{ product_id: item, price: 99 }] } });
    }
  }
  assert.equal((await s.track('/v1/batch', { batch })).status, 200);
});
after(async () => { await s.stop(); });

describe('training on a worker thread', () => {
  it('gives a generation that answers exactly as one trained on this thread, with progress, saved in the store', async () => {
    const { db } = s.ll.store;
    const projectId = s.ll.keys.projectId;
    const here = new RecommendationService(db, projectId, { model: 'hybrid' });
    const there = new RecommendationService(db, projectId, { model: 'hybrid', storeLocation: s.dir + '/test.db' });
    const reported: string[] = [];
    const gHere = await here.train();
    const gThere = await there.train((done, total, message) => reported.push(`${done}/${total} ${message ?? ''}`));
    assert.ok(reported.some((r) => r.includes('als')), `progress from the worker: ${reported.slice(0, 3).join('; ')}`);
    assert.notEqual(gThere.modelId, gHere.modelId, 'the worker saved its own model');
    assert.ok((await listModels(db, projectId)).some((m) => m.modelId === gThere.modelId));
    assert.deepEqual([gThere.ranking.ranker.path, gThere.data.interactions.itemIds], [gHere.ranking.ranker.path, gHere.data.interactions.itemIds]);
    for (const learner of ['l0', 'l1', 'l7', 'nobody']) {
      const a = await here.recommend(learner, options);
      const b = await there.recommend(learner, options);
      assert.deepEqual({ ...b, modelId: 0 }, { ...a, modelId: 0 }, learner);
    }
  });

  it('carries every part across the thread boundary unchanged (typed arrays, ids, catalog rows, models)', async () => {
    const { db } = s.ll.store;
    const fitted = await fitGeneration(db, s.ll.keys.projectId, 'itemknn', {});
    const parts = await generationParts('itemknn', fitted);
    // Transferring detaches the sender's buffers: keep a copy to compare with.
    const sent = structuredClone(parts);
    const { wire, transfer } = packParts(parts);
    assert.ok(transfer.length >= 4);
    const back = await unpackParts(structuredClone(wire, { transfer }));
    assert.equal(parts.interactions.indptr.length, 0, 'buffers were transferred, not copied');
    const { serving: _serving, ...meta } = sent.model.meta;
    assert.deepEqual(back.model, { ...sent.model, meta });
    assert.deepEqual(back.content, sent.content);
    assert.deepEqual(back.items, JSON.parse(JSON.stringify(sent.items)));
    assert.deepEqual(back.interactions, sent.interactions);
  });
});
