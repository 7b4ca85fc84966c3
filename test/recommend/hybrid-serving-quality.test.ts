/**
 * Serving hands the hybrid the project's content-quality prior: the trained generation carries the
 * quality service's prior for its own item indices, keeps it when loaded from the store, and models
 * that do not weigh quality never ask for it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deriveLearners } from '../../src/ingest/derive/derive.js';
import { sharedQualityService } from '../../src/quality/quality-service.js';
import { loadGeneration } from '../../src/recommend/serving/generation.js';
import { RecommendationService } from '../../src/recommend/serving/recommendation-service.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { tinyPlatform } from '../quality/tiny-platform.js';

let s: TestServer;

before(async () => {
  s = await startTestServer();
  const { items, messages } = tinyPlatform();
  assert.equal((await s.api('/v1/items', { method: 'POST', body: JSON.stringify({ items }) })).status, 200);
  for (let i = 0; i < messages.length; i += 400) assert.equal((await s.track('/v1/batch', { batch: messages.slice(i, i + 400) })).status, 200);
  await deriveLearners(s.ll.store.db, s.ll.keys.projectId);
});
after(async () => { await s.stop(); });

describe('serving: the hybrid gets the content-quality prior', () => {
  it('trains with the quality service prior over its own item indices and keeps it through load', async () => {
    const { db } = s.ll.store;
    const projectId = s.ll.keys.projectId;
    const service = new RecommendationService(db, projectId, { model: 'hybrid' });
    const g = await service.train();
    const prior = g.model.save().arrays.quality;
    assert.ok(prior instanceof Float32Array, 'the saved hybrid carries a quality array');
    const ids = g.data.interactions.itemIds;
    assert.equal(prior.length, ids.length);
    assert.deepEqual(prior, await sharedQualityService(db).qualityPrior(projectId, ids));
    const of = (id: string) => prior[ids.indexOf(id)]!;
    assert.ok(of('c-poor') < 0.5 && of('c-good') > 0.5, `c-poor ${of('c-poor')}, c-good ${of('c-good')}`);

    const loaded = await loadGeneration(db, projectId, 'hybrid');
    assert.deepEqual(loaded!.model.save().arrays.quality, prior);
  });

  it('asks for the prior only when the model weighs quality', async () => {
    const { db } = s.ll.store;
    const asked: string[] = [];
    const spy = async (ids: readonly string[]) => { asked.push(`${ids.length}`); return new Float32Array(ids.length).fill(0.5); };
    await new RecommendationService(db, s.ll.keys.projectId, { model: 'itemknn', qualityPrior: spy }).train();
    await new RecommendationService(db, s.ll.keys.projectId, { model: 'hybrid', params: { qualityWeight: 0 }, qualityPrior: spy }).train();
    assert.deepEqual(asked, []);
    await new RecommendationService(db, s.ll.keys.projectId, { model: 'hybrid', qualityPrior: spy }).train();
    assert.equal(asked.length, 1);
  });
});
