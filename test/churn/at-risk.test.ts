import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseSegmentRef, SegmentRefError } from '../../src/profiles/segment-ref.js';
import { suggestAction } from '../../src/churn/suggested-action.js';
import { saveSegmentRun } from '../../src/profiles/segments.store.js';
import { catalog, startActApp, type ActApp } from './act-fixtures.js';

const titles = new Map(catalog.map((i) => [i.id, i.title]));

describe('GET /v1/churn/at-risk', () => {
  let app: ActApp;
  before(async () => {
    app = await startActApp({ trainRecommender: true });
    const segment = (id: number, key: string, size: number) => ({
      id, key, size, share: size / 5, name: { zh: key, en: key }, description: { zh: key, en: key }, centroid: {},
    });
    await saveSegmentRun(app.ws.store.db, app.ws.keys.projectId, {
      method: 'rfm', asOf: Date.now(), computedAt: Date.now(), learners: 5, quality: null,
      params: { kind: 'rfm', windowDays: 365, cuts: { recency: [1, 2, 3, 4], frequency: [1, 2, 3, 4], monetary: [1, 2, 3, 4] }, newLearnerDays: 14 },
      projection: { explained: [], axes: [], points: [] },
      segments: [segment(1, 'champions', 3), segment(4, 'at_risk', 2)],
    }, ['amy', 'bob', 'cat', 'dan', 'eve'], Int32Array.from([4, 1, 4, 1, 1]));
  });
  after(() => app.close());

  test('ranks by probability and suggests the lesson to continue, else a recommendation', async () => {
    const r = await app.api('/v1/churn/at-risk?limit=4');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.learners.map((l: { userId: string }) => l.userId), ['dan', 'amy', 'bob', 'cat']);
    assert.deepEqual(r.body.learners.map((l: { rank: number }) => l.rank), [1, 2, 3, 4]);
    assert.equal(r.body.scored, 5);
    assert.equal(r.body.model, 'fixed');
    const amy = r.body.learners[1];
    assert.equal(amy.probability, 0.8);
    assert.equal(amy.reasons[0].feature, 'recencyDays');
    // amy finished lesson 1 of c1 and started lesson 2: continue there.
    assert.deepEqual({ kind: amy.action.kind, itemId: amy.action.itemId, courseId: amy.action.courseId }, { kind: 'continue', itemId: 'c1-l2', courseId: 'c1' });
    assert.match(amy.action.text.zh, /继续学习《理财入门》第 2 讲/);
    assert.match(amy.action.text.en, /lesson 2/);
    // dan has no course: the top recommendation, an item he does not hold, with its catalog title.
    const dan = r.body.learners[0];
    assert.equal(dan.action.kind, 'recommendation');
    assert.equal(dan.action.title, titles.get(dan.action.itemId));
    assert.ok(dan.action.text.zh.includes(`《${dan.action.title}》`));
    // cat finished the only lesson of c2: nothing to continue, and never c2 again.
    const cat = r.body.learners[3];
    assert.equal(cat.action.kind, 'recommendation');
    assert.notEqual(cat.action.itemId, 'c2');
    // bob bought e1: a recommendation other than what he owns.
    assert.notEqual(r.body.learners[2].action.itemId, 'e1');
  });

  test('passes asOf and horizonDays to the scorer', async () => {
    const r = await app.api('/v1/churn/at-risk?limit=1&asOf=2026-03-10&horizonDays=7');
    assert.equal(r.status, 200);
    assert.deepEqual(app.scorer.calls.at(-1), { asOf: '2026-03-10', horizonDays: 7, userIds: undefined });
    assert.equal(r.body.horizonDays, 7);
    assert.equal(r.body.asOf, '2026-03-10');
  });

  test('keeps only learners still around lately with activeWithinDays', async () => {
    // dan and eve were last active on 2026-03-06, cat on the 5th, amy on the 4th, bob on the 3rd.
    const r = await app.api('/v1/churn/at-risk?asOf=2026-03-07&activeWithinDays=1');
    assert.deepEqual(r.body.learners.map((l: { userId: string }) => l.userId), ['dan', 'eve']);
    const three = await app.api('/v1/churn/at-risk?asOf=2026-03-07&activeWithinDays=2');
    assert.deepEqual(three.body.learners.map((l: { userId: string }) => l.userId), ['dan', 'cat', 'eve']);
  });

  test('keeps only learners who open pushes with openedPushWithinDays', async () => {
    const r = await app.api('/v1/churn/at-risk?asOf=2026-03-07&openedPushWithinDays=7');
    assert.deepEqual(r.body.learners.map((l: { userId: string }) => l.userId), ['cat']);
    const before = await app.api('/v1/churn/at-risk?asOf=2026-03-05&openedPushWithinDays=7');
    assert.deepEqual(before.body.learners, [], 'the push was opened on the 5th, after that asOf');
  });

  test('filters by segment, by id or by key', async () => {
    for (const segment of ['rfm:4', 'rfm:at_risk']) {
      const r = await app.api(`/v1/churn/at-risk?segment=${segment}`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.learners.map((l: { userId: string }) => l.userId), ['amy', 'cat']);
      assert.deepEqual({ ...r.body.segment, name: undefined }, { method: 'rfm', segmentId: 4, key: 'at_risk', learners: 2, name: undefined });
      assert.equal(r.body.scored, 2);
    }
  });

  test('answers 400 or 404 naming the field for a bad limit, segment or asOf', async () => {
    for (const [query, status, field] of [
      ['limit=0', 400, 'querystring.limit'], ['limit=1001', 400, 'querystring.limit'], ['limit=ten', 400, 'querystring.limit'],
      ['segment=vip', 400, 'querystring.segment'], ['segment=tribe:1', 400, 'querystring.segment'],
      ['segment=rfm:99', 404, 'querystring.segment'], ['segment=kmeans:1', 404, 'querystring.segment'],
      ['asOf=yesterday', 400, 'querystring.asOf'],
    ] as const) {
      const calls = app.scorer.calls.length;
      const r = await app.api(`/v1/churn/at-risk?${query}`);
      assert.equal(r.status, status, query);
      assert.equal(r.body.error.field, field, query);
      assert.equal(app.scorer.calls.length, calls, `${query}: rejected before scoring`);
    }
    const unknown = await app.api('/v1/churn/at-risk?segment=rfm:99');
    assert.match(unknown.body.error.message, /rfm:1, rfm:4/);
  });

  test('needs the secret key', async () => {
    const r = await fetch(`${app.url}/v1/churn/at-risk`);
    assert.equal(r.status, 401);
  });
});

describe('suggested action without a serving model', () => {
  test('falls back to a plain come-back nudge, and still continues a course', async () => {
    const app = await startActApp({ trainRecommender: false });
    try {
      const r = await app.api('/v1/churn/at-risk?limit=2');
      assert.equal(r.status, 200);
      const [dan, amy] = r.body.learners;
      assert.deepEqual({ kind: dan.action.kind, itemId: dan.action.itemId }, { kind: 'comeback', itemId: null });
      assert.ok(dan.action.text.zh.length > 0 && dan.action.text.en.length > 0);
      assert.equal(amy.action.kind, 'continue');
    } finally {
      await app.close();
    }
  });
});

test('parseSegmentRef reads method:id and rejects anything else', () => {
  assert.deepEqual(parseSegmentRef('kmeans:3'), { method: 'kmeans', id: '3' });
  assert.deepEqual(parseSegmentRef(' rfm:at_risk '), { method: 'rfm', id: 'at_risk' });
  for (const bad of ['kmeans', ':3', 'kmeans:', 'knn:3']) assert.throws(() => parseSegmentRef(bad), SegmentRefError, bad);
});

test('a lesson title that already numbers itself is not numbered twice', async () => {
  const next = (lessonTitle: string) => ({
    courseId: 'c1', courseTitle: '理财入门', lessonId: 'c1-l2', lessonTitle, position: 2, lessonsTotal: 3, lessonsCompleted: 1,
    lastActivityAt: null, reason: { kind: 'continue' as const, text: '' },
  });
  const source = (title: string) => ({ continueLearning: async () => [next(title)], recommend: async () => assert.fail('not asked') });
  const numbered = await suggestAction(source('第2讲 定投'), 'amy');
  assert.deepEqual(numbered.text, { zh: '继续学习《理财入门》：第2讲 定投', en: 'Pick up 《理财入门》 at 第2讲 定投' });
  const english = await suggestAction(source('Lesson 2 · Index funds'), 'amy');
  assert.equal(english.text.en, 'Pick up 《理财入门》 at Lesson 2 · Index funds');
  const plain = await suggestAction(source('定投入门'), 'amy');
  assert.deepEqual(plain.text, { zh: '继续学习《理财入门》第 2 讲：定投入门', en: 'Pick up 《理财入门》 at lesson 2: 定投入门' });
});
