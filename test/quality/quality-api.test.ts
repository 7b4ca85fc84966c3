import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deriveLearners } from '../../src/ingest/derive/derive.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { tinyPlatform } from './tiny-platform.js';

describe('quality API', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    const { items, messages } = tinyPlatform();
    assert.equal((await s.api('/v1/items', { method: 'POST', body: JSON.stringify({ items }) })).status, 200);
    for (let i = 0; i < messages.length; i += 400) {
      const r = await s.track('/v1/batch', { batch: messages.slice(i, i + 400) });
      assert.equal(r.status, 200);
    }
    await deriveLearners(s.ll.store.db, s.ll.keys.projectId);
  });
  after(async () => { await s.stop(); });

  const post = (id: string, body: unknown) => s.api(`/v1/items/${id}/expert-scores`, { method: 'POST', body: JSON.stringify(body) });

  describe('POST /v1/items/:id/expert-scores rejects bad input with 400 naming the field', () => {
    const cases: [string, unknown, string][] = [
      ['a score above 100', { scores: [{ expert: 'li', score: 101 }] }, 'body.scores.0.score'],
      ['a negative score', { scores: [{ expert: 'li', score: -1 }] }, 'body.scores.0.score'],
      ['a star score above 5', { scores: [{ expert: 'li', score: 4 }, { expert: 'wu', score: 6, scale: 5 }] }, 'body.scores.1.score'],
      ['a star score of 0', { scores: [{ expert: 'li', score: 0, scale: 5 }] }, 'body.scores.0.score'],
      ['a score that is not a number', { scores: [{ expert: 'li', score: 'high' }] }, 'body.scores.0.score'],
      ['an unknown scale', { scores: [{ expert: 'li', score: 8, scale: 10 }] }, 'body.scores.0.scale'],
      ['an unknown dimension', { scores: [{ expert: 'li', score: 80, dimension: 'vibes' }] }, 'body.scores.0.dimension'],
      ['no expert', { scores: [{ score: 80 }] }, 'body.scores.0.expert'],
      ['a blank expert', { scores: [{ expert: '   ', score: 80 }] }, 'body.scores.0.expert'],
      ['the same expert and dimension twice', { scores: [{ expert: 'li', score: 80 }, { expert: 'li', score: 70 }] }, 'body.scores.1.dimension'],
      ['an unknown field', { scores: [{ expert: 'li', score: 80, weight: 2 }] }, 'body.scores.0'],
      ['no scores', { scores: [] }, 'body.scores'],
      ['no body fields', {}, 'body.scores'],
    ];
    for (const [what, body, field] of cases) {
      it(what, async () => {
        const r = await post('c-good', body);
        assert.equal(r.status, 400);
        const e = (await r.json()) as { error: { code: string; field: string; message: string } };
        assert.equal(e.error.code, 'invalid_request');
        assert.equal(e.error.field, field, e.error.message);
      });
    }

    it('answers 404 for an item the catalog does not have, 401 without the secret key', async () => {
      const r = await post('no-such-item', { scores: [{ expert: 'li', score: 80 }] });
      assert.equal(r.status, 404);
      assert.equal(((await r.json()) as { error: { field: string } }).error.field, 'params.id');
      const anon = await fetch(`${s.url}/v1/items/c-good/expert-scores`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"scores":[{"expert":"li","score":80}]}' });
      assert.equal(anon.status, 401);
    });
  });

  it('stores expert scores on either scale; a new score of the same expert and dimension replaces the old', async () => {
    let r = await post('c-good', { scores: [{ expert: 'li', score: 4, scale: 5, dimension: 'clarity', comment: 'clear' }, { expert: 'wu', score: 88 }] });
    assert.equal(r.status, 200);
    r = await post('c-good', { scores: [{ expert: 'li', score: 5, scale: 5, dimension: 'clarity' }] });
    const body = (await r.json()) as { scores: { expert: string; dimension: string; score: number; score100: number }[] };
    assert.deepEqual(body.scores.map((x) => [x.expert, x.dimension, x.score, x.score100]), [['li', 'clarity', 5, 100], ['wu', 'overall', 88, 88]]);
    const listed = (await (await s.api('/v1/items/c-good/expert-scores')).json()) as { scores: unknown[] };
    assert.equal(listed.scores.length, 2);
  });

  it('GET /v1/quality/items lists every item of the type in the contract shape', async () => {
    const r = await s.api('/v1/quality/items?type=course');
    assert.equal(r.status, 200);
    const { items } = (await r.json()) as { items: Record<string, unknown>[] };
    assert.deepEqual(items.map((it) => it.itemId).sort(), ['c-good', 'c-hard', 'c-poor']);
    for (const it of items) {
      assert.deepEqual(Object.keys(it).sort(), ['components', 'confidence', 'findings', 'itemId', 'score']);
      assert.ok(typeof it.score === 'number' && it.score >= 0 && it.score <= 100);
      assert.ok(typeof it.confidence === 'number' && it.confidence >= 0 && it.confidence <= 1);
      for (const c of Object.values(it.components as Record<string, Record<string, unknown>>)) {
        assert.deepEqual(Object.keys(c).sort(), ['adjusted', 'confidence', 'evidence', 'observed', 'score', 'weight']);
      }
      for (const f of it.findings as Record<string, unknown>[]) {
        assert.deepEqual(Object.keys(f).sort(), ['action', 'evidence', 'itemId', 'kind', 'message', 'severity', 'strength']);
      }
    }
    // Default order: best first. The expert scores entered above show at once.
    assert.equal(items[0]!.itemId, 'c-good');
    assert.ok((items[0]!.components as Record<string, { evidence: number }>).experts!.evidence === 2);
    const poor = items.find((it) => it.itemId === 'c-poor')!;
    assert.ok((poor.findings as { kind: string }[]).some((f) => f.kind === 'ratings-falling'));
  });

  it('GET /v1/quality/items?titles=true names each item (title and category) and keeps the rest', async () => {
    const plain = (await (await s.api('/v1/quality/items?type=course&sort=itemId')).json()) as { items: Record<string, unknown>[] };
    const r = await s.api('/v1/quality/items?type=course&sort=itemId&titles=true');
    assert.equal(r.status, 200);
    const { items } = (await r.json()) as { items: Record<string, unknown>[] };
    assert.deepEqual(items.map((it) => it.itemId), plain.items.map((it) => it.itemId));
    const { items: catalog } = (await (await s.api('/v1/items?type=course')).json()) as { items: { id: string; title: string; category: string | null }[] };
    for (const [i, it] of items.entries()) {
      assert.deepEqual(Object.keys(it).sort(), ['category', 'components', 'confidence', 'findings', 'itemId', 'score', 'title']);
      const known = catalog.find((c) => c.id === it.itemId)!;
      assert.equal(it.title, known.title);
      assert.equal(it.category, known.category ?? null);
      assert.equal(it.score, plain.items[i]!.score);
    }
    assert.equal((await s.api('/v1/quality/items?titles=maybe')).status, 400);
  });

  it('filters by category, sorts on request, and covers other types', async () => {
    const finance = (await (await s.api('/v1/quality/items?type=course&category=finance')).json()) as { items: { itemId: string }[] };
    assert.deepEqual(finance.items.map((it) => it.itemId), ['c-poor']);
    const weakest = (await (await s.api('/v1/quality/items?type=course&sort=score')).json()) as { items: { itemId: string }[] };
    assert.equal(weakest.items[0]!.itemId, 'c-poor');
    const urgent = (await (await s.api('/v1/quality/items?sort=findings')).json()) as { items: { itemId: string }[] };
    assert.equal(urgent.items.length, 3);
    const lessons = (await (await s.api('/v1/quality/items?type=lesson')).json()) as { items: unknown[] };
    assert.equal(lessons.items.length, 16);
    const ebooks = (await (await s.api('/v1/quality/items?type=ebook')).json()) as { items: { itemId: string }[] };
    assert.deepEqual(ebooks.items.map((it) => it.itemId), ['e-book']);
    const bad = await s.api('/v1/quality/items?sort=best');
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { field: string } }).error.field, 'querystring.sort');
  });

  it('GET /v1/quality/items/:id gives one item with its lessons; 404 for an unknown id', async () => {
    const r = await s.api('/v1/quality/items/c-hard');
    assert.equal(r.status, 200);
    const it = (await r.json()) as { itemId: string; type: string; lessons: { itemId: string; findings: { kind: string }[] }[]; findings: { itemId: string }[] };
    assert.equal(it.type, 'course');
    assert.deepEqual(it.lessons.map((l) => l.itemId), ['c-hard-l1', 'c-hard-l2', 'c-hard-l3', 'c-hard-l4', 'c-hard-l5', 'c-hard-l6']);
    assert.equal(it.lessons[3]!.findings[0]!.kind, 'lesson-too-hard');
    assert.ok(it.findings.some((f) => f.itemId === 'c-hard-l4'));
    assert.equal((await s.api('/v1/quality/items/nope')).status, 404);
  });

  it('judges completion per learner: each of a course\'s learners counts once, with their own finish share', async () => {
    // c-hard: 20 learners leave lesson 4 (3 of the 4 lessons they started finished), 20 finish all 6.
    // Per learner: (20 × 0.75 + 20 × 1) / 40 = 0.875; learner-lesson pairs would say 180 / 200 = 0.9.
    const course = (await (await s.api('/v1/quality/items/c-hard')).json()) as { components: { completion: { evidence: number; observed: number } }; lessons: { components: { completion: { evidence: number; observed: number } } }[] };
    assert.equal(course.components.completion.evidence, 40);
    assert.equal(course.components.completion.observed, 0.875);
    assert.deepEqual([course.lessons[3]!.components.completion.evidence, course.lessons[3]!.components.completion.observed], [40, 0.5]);
  });
});
