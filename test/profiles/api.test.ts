import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { upsertItems } from '../../src/catalog/items.store.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { catalog, handMadeEvents } from './fixtures.js';

interface ErrorBody { error: { code: string; field?: string; message: string } }

describe('profiles API', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    await upsertItems(s.ll.store.db, s.ll.keys.projectId, catalog);
    const r = await s.track('/v1/batch', { batch: handMadeEvents() });
    assert.equal(r.status, 200);
  });
  after(async () => { await s.stop(); });

  const get = async (path: string) => {
    const r = await s.api(path);
    return { status: r.status, body: await r.json() as any };
  };
  const expect400 = async (r: Response, field: string) => {
    assert.equal(r.status, 400);
    const body = await r.json() as ErrorBody;
    assert.equal(body.error.field, field);
    assert.ok(body.error.message.length > 0);
  };

  it('profile: features with labels, interests and a readable timeline as of a local date', async () => {
    const { status, body } = await get('/v1/users/amy/profile?asOf=2026-03-30');
    assert.equal(status, 200);
    assert.equal(body.asOf, '2026-03-29T16:00:00.000Z');
    const feature = (name: string) => body.features.find((f: { name: string }) => f.name === name);
    assert.deepEqual(feature('recencyDays').label, { zh: '距上次活跃天数', en: 'Days since last activity' });
    assert.equal(feature('recencyDays').value, 0.146);
    assert.equal(feature('coursesFinished').value, 1);
    assert.equal(feature('device').value, 'ios');
    assert.equal(body.interests.categories[0].name, 'finance');
    assert.deepEqual(body.interests.tags.map((t: { name: string }) => t.name), ['基金', '理财']);
    assert.equal(body.timeline.length, 13);
    assert.deepEqual(body.timeline[0].text, { zh: '学习 《理财入门》第二课 10 分钟', en: 'Watched “理财入门” · 第二课 for 10 min' });
    assert.equal(body.timeline[0].local, '2026-03-29 20:30');
    assert.ok(body.timeline.some((t: { text: { en: string } }) => t.text.en === 'Bought “理财入门”, “基金定投手册” (¥119)'));
    assert.deepEqual(body.segments, [], 'no segments computed yet');
  });

  it('timeline: a run of heartbeats of one lesson is one line', async () => {
    const hb = (minute: number) => ({ type: 'track', userId: 'cat', event: 'Lesson Progress', timestamp: `2026-03-05T12:0${minute}:00Z`,
      properties: { lesson_id: 'c2-l1', course_id: 'c2', watched_s: 60 } });
    await s.track('/v1/batch', { batch: [hb(1), hb(2), hb(3), { type: 'track', userId: 'cat', event: 'Lesson Completed', timestamp: '2026-03-05T12:04:00Z', properties: { lesson_id: 'c2-l1', course_id: 'c2' } }] });
    const { body } = await get('/v1/users/cat/profile?asOf=2026-03-06');
    assert.deepEqual(body.timeline.map((t: { text: { en: string } }) => t.text.en), [
      'Finished “Python for Beginners” · Lesson 1', 'Watched “Python for Beginners” · Lesson 1 for 3 min',
    ]);
    assert.equal(body.timeline[0].local, '2026-03-05 20:04');
  });

  it('profile: 404 for an unknown learner or one not seen yet, 400 for a bad asOf', async () => {
    assert.equal((await get('/v1/users/nobody/profile')).status, 404);
    assert.equal((await get('/v1/users/bob/profile?asOf=2026-03-01')).status, 404);
    await expect400(await s.api('/v1/users/amy/profile?asOf=yesterday'), 'querystring.asOf');
    await expect400(await s.api('/v1/users/amy/profile?asOf=2026-02-30'), 'querystring.asOf');
  });

  it('segments: compute, read back, place the learner in the profile; bad methods get 400', async () => {
    await expect400(await s.api('/v1/segments/compute', { method: 'POST', body: JSON.stringify({ method: 'dbscan' }) }), 'body.method');
    await expect400(await s.api('/v1/segments/compute', { method: 'POST', body: JSON.stringify({ kMin: 5, kMax: 3 }) }), 'body.kMin');
    await expect400(await s.api('/v1/segments/compute', { method: 'POST', body: JSON.stringify({ features: ['spend', 'device'] }) }), 'body.features.1');
    // Four learners (amy, bob, cat and the crawler, unflagged here) cannot make five segments.
    await expect400(await s.api('/v1/segments/compute', { method: 'POST', body: JSON.stringify({ kMin: 5, asOf: '2026-03-30' }) }), 'body.kMin');
    await expect400(await s.api('/v1/segments?method=dbscan'), 'querystring.method');

    const r = await s.api('/v1/segments/compute', { method: 'POST', body: JSON.stringify({ k: 2, asOf: '2026-03-30' }) });
    assert.equal(r.status, 200);
    const computed = await r.json() as any;
    assert.deepEqual(computed.segmentations.map((x: { method: string }) => x.method), ['kmeans', 'rfm']);
    const { body } = await get('/v1/segments');
    const kmeans = body.segmentations[0];
    assert.equal(kmeans.k, 2);
    assert.equal(kmeans.segments.length, 2);
    assert.equal(kmeans.projection.points.length, 4);
    assert.ok(kmeans.segments.every((x: any) => x.name.zh && x.description.en && typeof x.centroid.spend === 'number'));
    const profile = (await get('/v1/users/amy/profile?asOf=2026-03-30')).body;
    assert.deepEqual(profile.segments.map((x: { method: string }) => x.method), ['kmeans', 'rfm']);
    const amySegment = profile.segments[0].id;
    const learners = (await get(`/v1/segments/kmeans/${amySegment}/learners`)).body;
    assert.ok(learners.learners.includes('amy'));
    assert.equal((await get('/v1/segments/kmeans/99/learners')).status, 404);
  });

  it('rules: learners who bought X also bought Y; minSupport out of range gets 400', async () => {
    await expect400(await s.api('/v1/rules?minSupport=2'), 'querystring.minSupport');
    await expect400(await s.api('/v1/rules?minSupport=0'), 'querystring.minSupport');
    await expect400(await s.api('/v1/rules?basis=views'), 'querystring.basis');
    assert.equal((await get('/v1/rules?item=no-such-item')).status, 404);
    // Amy bought c1 and e1 together; Bob's c2 was refunded: one basket, so every rule has support 1.
    const { status, body } = await get('/v1/rules?item=c1&minSupport=0.5&minConfidence=0');
    assert.equal(status, 200);
    assert.equal(body.baskets, 1);
    assert.equal(body.rules.length, 1);
    assert.deepEqual(body.rules[0].consequent, [{ id: 'e1', title: '基金定投手册' }]);
    assert.equal(body.rules[0].confidence, 1);
  });
});
