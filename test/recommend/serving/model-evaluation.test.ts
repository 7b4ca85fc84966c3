/**
 * Offline evaluation through the API: a background run over the project's own purchases, polled
 * until done, ranks item-KNN above popularity on two groups of learners with separate tastes; bad
 * input is a 400 naming the field; training started from the API reports its progress.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { ModelEvaluations, type ModelEvaluationState } from '../../../src/recommend/serving/model-evaluation.js';

let s: TestServer;
const t0 = Date.parse('2026-03-02T08:00:00Z');

before(async () => {
  s = await startTestServer();
  const groups = [['py-1', 'py-2', 'py-3', 'py-4', 'py-5', 'py-6', 'py-7', 'py-8'], ['fi-1', 'fi-2', 'fi-3', 'fi-4', 'fi-5', 'fi-6', 'fi-7', 'fi-8']];
  const items = groups.flat().map((id) => ({ id, type: 'course', title: `Course ${id}`, category: id.slice(0, 2), price: 99 }));
  assert.equal((await s.api('/v1/items', { method: 'POST', body: JSON.stringify({ items }) })).status, 200);
  const batch: unknown[] = [];
  for (let u = 0; u < 24; u++) {
    const group = groups[u % 2]!;
    // Six of the group's eight courses, a different window per learner, one a day.
    for (let j = 0; j < 6; j++) {
      const item = group[(u + j) % group.length]!;
      batch.push({ type: 'track', userId: `learner-${u}`, event: 'Order Completed', timestamp: new Date(t0 + (u * 10 + j) * 86_400_000).toISOString(), properties: { products: [{ product_id: item, price: 99 }] } });
    }
  }
  assert.equal((await s.track('/v1/batch', { batch })).status, 200);
});
after(async () => { await s.stop(); });

async function evaluation(): Promise<ModelEvaluationState> {
  return (await (await s.api('/v1/models/evaluation')).json()) as ModelEvaluationState;
}

describe('offline evaluation API', () => {
  it('is idle before any run', async () => {
    const state = await evaluation();
    assert.equal(state.status, 'idle');
    assert.deepEqual(state.results, []);
  });

  it('rejects an unknown model with a 400 naming the field, and needs the secret key', async () => {
    const r = await s.api('/v1/models/evaluate', { method: 'POST', body: JSON.stringify({ models: ['itemknn', 'svd'] }) });
    assert.equal(r.status, 400);
    const e = ((await r.json()) as { error: { field: string; message: string } }).error;
    assert.equal(e.field, 'body.models.1');
    assert.match(e.message, /known models/);
    const k0 = await s.api('/v1/models/evaluate', { method: 'POST', body: JSON.stringify({ k: 0 }) });
    assert.equal(k0.status, 400);
    const anonymous = await fetch(`${s.url}/v1/models/evaluation`);
    assert.equal(anonymous.status, 401);
  });

  it('runs in the background and reports HR, NDCG … @K per model on a time split', async () => {
    const r = await s.api('/v1/models/evaluate', { method: 'POST', body: JSON.stringify({ models: ['popularity', 'itemknn'], k: 3 }) });
    assert.equal(r.status, 202);
    const started = (await r.json()) as ModelEvaluationState;
    assert.equal(started.status, 'running');
    assert.deepEqual(started.models, ['popularity', 'itemknn']);
    let state = started;
    for (let i = 0; i < 200 && state.status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      state = await evaluation();
      assert.ok(state.done <= state.total);
    }
    assert.equal(state.status, 'done', state.error ?? '');
    assert.equal(state.done, 2);
    assert.equal(state.k, 3);
    // 24 learners × 6 purchases; the latest ⌈0.2 × 6⌉ = 2 of each held out.
    assert.deepEqual(state.data, { users: 24, items: 16, trainInteractions: 96, testInteractions: 48, testUsers: 24 });
    const [popularity, itemknn] = state.results;
    assert.equal(popularity!.model, 'popularity');
    assert.equal(itemknn!.model, 'itemknn');
    for (const result of state.results) {
      assert.equal(result.error, undefined);
      assert.equal(result.warmUsers, 24);
      for (const v of Object.values(result.metrics)) assert.ok(v >= 0 && v <= 1);
      assert.ok(result.trainSeconds >= 0);
    }
    // Each learner's two unseen group courses and two held-out ones are the group's four left:
    // item-KNN's top 3 must hit one; popularity cannot tell the groups apart.
    assert.equal(itemknn!.metrics.hr, 1);
    assert.ok(popularity!.metrics.hr < itemknn!.metrics.hr, `popularity ${popularity!.metrics.hr} vs itemknn ${itemknn!.metrics.hr}`);
    assert.ok(state.startedAt !== null && state.finishedAt !== null && state.finishedAt >= state.startedAt);
  });

  it('the latest finished run outlives the server: a new instance answers it from the store', async () => {
    const before = await evaluation();
    assert.equal(before.status, 'done');
    const again = new ModelEvaluations(s.ll.store.db);
    assert.deepEqual(await again.state(s.ll.keys.projectId), before);
    assert.equal((await again.state('another-project')).status, 'idle');
  });

  it('training started from the API reports its progress in GET /v1/models', async () => {
    assert.equal((await s.api('/v1/models/train?wait=true&model=itemknn', { method: 'POST' })).status, 200);
    const models = (await (await s.api('/v1/models')).json()) as { progress: { model: string; done: number; total: number; startedAt: string }[] };
    const p = models.progress.find((x) => x.model === 'itemknn');
    assert.ok(p, 'itemknn has a progress entry');
    assert.ok(p.total > 0 && p.done === p.total, `done ${p.done} of ${p.total}`);
  });
});
