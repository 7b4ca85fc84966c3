/** The pure parts of the Gorse mapping: types to events, message ids, times, durations, items. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CatalogItem } from '../../../src/catalog/item.js';
import { applyGorse, categoriesOf, gorseToItemInput, itemInputOf, itemToGorse } from '../../../src/recommend/serving/gorse-catalog.js';
import { feedbackEvent, feedbackMessage, goDurationMs, gorseTime, rfc3339 } from '../../../src/recommend/serving/gorse-feedback.js';

describe('gorse feedback mapping', () => {
  it('maps feedback types to our events, case-insensitively, and keeps unknown types as names', () => {
    assert.equal(feedbackEvent('purchase'), 'Order Completed');
    assert.equal(feedbackEvent('Buy'), 'Order Completed');
    assert.equal(feedbackEvent('STAR'), 'Item Bookmarked');
    assert.equal(feedbackEvent('click'), 'Item Viewed');
    assert.equal(feedbackEvent('dislike'), 'Recommendation Dismissed');
    assert.equal(feedbackEvent(' subscribe '), 'subscribe');
  });

  it('gives an insert one message id per (type, user, item) and an upsert one per time too', () => {
    const f = { FeedbackType: 'like', UserId: 'u1', ItemId: 'c1' };
    const id = (m: Record<string, unknown>) => m.messageId as string;
    assert.equal(id(feedbackMessage({ ...f, Timestamp: '2026-01-01T00:00:00Z' }, 'insert')), id(feedbackMessage({ ...f, Timestamp: '2026-02-01T00:00:00Z' }, 'insert')));
    assert.notEqual(id(feedbackMessage({ ...f, Timestamp: '2026-01-01T00:00:00Z' }, 'upsert')), id(feedbackMessage({ ...f, Timestamp: '2026-02-01T00:00:00Z' }, 'upsert')));
    assert.equal(id(feedbackMessage({ ...f, Timestamp: '2026-01-01T00:00:00Z' }, 'upsert')), id(feedbackMessage({ ...f, Timestamp: '2026-01-01T00:00:00Z' }, 'upsert')));
    assert.notEqual(id(feedbackMessage(f, 'insert')), id(feedbackMessage({ ...f, FeedbackType: 'read' }, 'insert')));
  });

  it('reads Gorse times: Go\'s zero time and empty are "now", garbage is NaN; writes RFC 3339 like Go', () => {
    assert.equal(gorseTime('0001-01-01T00:00:00Z'), undefined);
    assert.equal(gorseTime(''), undefined);
    assert.equal(gorseTime('2022-08-07T00:26:46Z'), Date.UTC(2022, 7, 7, 0, 26, 46));
    assert.ok(Number.isNaN(gorseTime('yesterday')));
    assert.equal(rfc3339(Date.UTC(2022, 7, 7, 0, 26, 46)), '2022-08-07T00:26:46Z');
    assert.equal(rfc3339(Date.UTC(2022, 7, 7, 0, 26, 46, 5)), '2022-08-07T00:26:46.005Z');
  });

  it('parses Go durations for the write-back delay', () => {
    assert.equal(goDurationMs('10m'), 600_000);
    assert.equal(goDurationMs('1h30m'), 5_400_000);
    assert.equal(goDurationMs('1.5s'), 1500);
    assert.equal(goDurationMs('250ms'), 250);
    assert.equal(goDurationMs('0'), 0);
    for (const bad of ['', '5', 'm', '10 m', '10x']) assert.ok(Number.isNaN(goDurationMs(bad)), bad);
  });
});

describe('gorse item mapping', () => {
  const existing: CatalogItem = {
    id: 'py-1', type: 'ebook', title: 'Python 入门', parentId: null, position: null, description: 'old', tags: ['python'],
    category: 'programming', author: '王老师', language: 'zh', price: 99, durationS: null, hidden: false,
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
  };

  it('keeps the catalog\'s own fields on upsert and replaces Gorse\'s', () => {
    const input = gorseToItemInput({ ItemId: 'py-1', Categories: ['data', 'python'], Labels: ['pandas'], Comment: 'new', IsHidden: true }, existing);
    assert.deepEqual([input.type, input.title, input.author, input.price], ['ebook', 'Python 入门', '王老师', 99]);
    assert.deepEqual([input.category, input.tags, input.description, input.hidden], ['data', ['pandas', 'category:python'], 'new', true]);
    assert.equal(input.createdAt, existing.createdAt);
  });

  it('makes a new item a course titled by its comment, and reads categories and labels back', () => {
    const input = gorseToItemInput({ ItemId: 'x', Comment: '经济学 30 讲\nmore', Categories: ['a', 'b', 'a'], Labels: ['l'], Timestamp: '2022-08-07T00:26:46Z' }, undefined);
    assert.deepEqual([input.type, input.title, input.category, input.tags], ['course', '经济学 30 讲', 'a', ['l', 'category:b']]);
    const item: CatalogItem = { ...existing, ...input, id: 'x', category: input.category ?? null, tags: input.tags ?? [], description: input.description ?? null, createdAt: input.createdAt!, hidden: false };
    assert.deepEqual(itemToGorse(item), { ItemId: 'x', IsHidden: false, Categories: ['a', 'b'], Timestamp: '2022-08-07T00:26:46Z', Labels: ['l'], Comment: '经济学 30 讲\nmore' });
  });

  it('patches only the fields it carries; removing the first category promotes the next', () => {
    const two = applyGorse(itemInputOf(existing), { Categories: ['programming', 'data'] });
    assert.deepEqual([two.category, two.tags, two.description], ['programming', ['python', 'category:data'], 'old']);
    const rest = categoriesOf({ category: two.category ?? null, tags: two.tags ?? [] }).filter((c) => c !== 'programming');
    const one = applyGorse(two, { Categories: rest });
    assert.deepEqual([one.category, one.tags], ['data', ['python']]);
  });
});
