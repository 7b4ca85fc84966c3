/**
 * The Gorse-compatible API driven by the real `gorsejs` client, unchanged: items, users and
 * feedback in, then recommendations, popular, latest, neighbours and session recommendations out,
 * and the feedback found in the event log under our event names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Gorse, GorseException } from 'gorsejs';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let s: TestServer;
let gorse: Gorse<string>;

const day = 86_400_000;
const t0 = Date.now() - 20 * day;
const at = (d: number) => new Date(t0 + d * day).toISOString().replace('.000Z', 'Z');

const groups = {
  programming: ['py-1', 'py-2', 'py-3', 'py-4'],
  finance: ['fi-1', 'fi-2', 'fi-3', 'fi-4'],
};

async function rejection(p: Promise<unknown>): Promise<GorseException> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof GorseException, `a GorseException, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the request to fail');
}

async function eventsOf(userId: string) {
  return s.ll.store.db.selectFrom('events').select(['event', 'item_id', 'properties', 'type'])
    .where('user_id', '=', userId).orderBy('seq').execute();
}

before(async () => {
  s = await startTestServer();
  gorse = new Gorse({ endpoint: s.url, secret: s.secretKey });
});
after(async () => { await s.stop(); });

describe('gorsejs against Learnloop', () => {
  it('refuses a wrong key and answers 503 before any model is trained, with the message as text', async () => {
    const stranger = new Gorse({ endpoint: s.url, secret: 'not-the-key' });
    const denied = await rejection(stranger.getPopular({}));
    assert.equal(denied.code, 401);
    assert.match(denied.message, /unknown or revoked secret key/);
    const early = await rejection(gorse.getRecommend({ userId: 'nobody' }));
    assert.equal(early.code, 503);
    assert.match(early.message, /model_not_ready/);
  });

  it('stores items in the catalog and reads them back in Gorse\'s shape', async () => {
    let d = 0;
    const items = Object.entries(groups).flatMap(([category, ids]) =>
      ids.map((ItemId) => ({ ItemId, IsHidden: false, Categories: [category], Labels: [category === 'finance' ? '理财' : 'python'], Timestamp: at(d++), Comment: `${ItemId} course` })));
    assert.equal(await gorse.upsertItems(items), 8);
    assert.equal(await gorse.upsertItem({ ItemId: 'py-hidden', IsHidden: true, Categories: ['programming', 'internal'], Labels: ['python'], Timestamp: at(9), Comment: 'internal' }), 1);
    assert.deepEqual(await gorse.getItem('py-hidden'), {
      ItemId: 'py-hidden', IsHidden: true, Categories: ['programming', 'internal'], Labels: ['python'], Timestamp: at(9), Comment: 'internal',
    });
    const row = await s.ll.store.db.selectFrom('items').selectAll().where('item_id', '=', 'py-1').executeTakeFirstOrThrow();
    assert.equal(row.type, 'course');
    assert.equal(row.category, 'programming');
    assert.equal(row.title, 'py-1 course');

    assert.equal(await gorse.updateItem('py-4', { Comment: 'Python 进阶' } as never), 1);
    assert.equal(await gorse.insertItemCategory('py-4', 'advanced'), 1);
    assert.deepEqual((await gorse.getItem('py-4')).Categories, ['programming', 'advanced']);
    assert.equal(await gorse.deleteItemCategory('py-4', 'advanced'), 1);
    const py4 = await gorse.getItem('py-4');
    assert.deepEqual([py4.Categories, py4.Comment, py4.Timestamp], [['programming'], 'Python 进阶', at(3)]);

    const first = await gorse.getItems({ n: 5 });
    assert.deepEqual(first.Items.map((i) => i.ItemId), ['fi-1', 'fi-2', 'fi-3', 'fi-4', 'py-1']);
    const second = await gorse.getItems({ n: 5, Cursor: first.Cursor });
    assert.deepEqual(second.Items.map((i) => i.ItemId), ['py-2', 'py-3', 'py-4', 'py-hidden']);
    assert.equal(second.Cursor, '');

    assert.equal(await gorse.upsertItem({ ItemId: 'gone', IsHidden: false, Timestamp: at(0) }), 1);
    assert.equal(await gorse.deleteItem('gone'), 1);
    assert.equal((await rejection(gorse.getItem('gone'))).code, 404);
  });

  it('stores users as identify traits: labels are interests', async () => {
    assert.equal(await gorse.insertUser({ UserId: 'alice', Labels: ['python'], Comment: 'beta tester' }), 1);
    assert.deepEqual(await gorse.getUser('alice'), { UserId: 'alice', Labels: ['python'], Subscribe: null, Comment: 'beta tester' });
    assert.equal(await gorse.updateUser('alice', { Comment: 'paying' } as never), 1);
    assert.deepEqual(await gorse.getUser('alice'), { UserId: 'alice', Labels: ['python'], Subscribe: null, Comment: 'paying' });
    const identify = (await eventsOf('alice')).filter((e) => e.type === 'identify');
    assert.equal(identify.length, 2);
    const learner = await s.api('/v1/users/alice');
    assert.deepEqual(((await learner.json()) as { traits: unknown }).traits, { interests: ['python'], subscribe: null, comment: 'paying' });

    assert.equal(await gorse.insertUsers([{ UserId: 'bob' }, { UserId: 'carol', Labels: ['理财'] }]), 2);
    const page = await gorse.getUsers({ n: 2 });
    assert.deepEqual(page.Users.map((u) => u.UserId), ['alice', 'bob']);
    assert.deepEqual((await gorse.getUsers({ n: 2, Cursor: page.Cursor })).Users.map((u) => u.UserId), ['carol']);

    assert.equal(await gorse.deleteUser('bob'), 1);
    const gone = await rejection(gorse.getUser('bob'));
    assert.equal(gone.code, 404);
    assert.match(gone.message, /user "bob" not found/);
  });

  it('stores feedback as events with our names, once per (type, user, item) on insert', async () => {
    const feedback = [];
    for (const [g, ids] of Object.values(groups).entries()) {
      for (let u = 0; u < 10; u++) {
        const user = `${g === 0 ? 'p' : 'f'}${u}`;
        ids.forEach((ItemId, j) => {
          if ((u + j) % 4 === 3) return; // each learner misses one item of their group
          feedback.push({ FeedbackType: j % 2 === 0 ? 'purchase' : 'like', UserId: user, ItemId, Timestamp: at(5 + j) });
        });
        feedback.push({ FeedbackType: 'read', UserId: user, ItemId: ids[(u + 1) % 4]!, Timestamp: at(12) });
      }
    }
    feedback.push({ FeedbackType: 'purchase', UserId: 'alice', ItemId: 'py-1', Timestamp: at(14) });
    feedback.push({ FeedbackType: 'star', UserId: 'alice', ItemId: 'py-2', Timestamp: at(14) });
    feedback.push({ FeedbackType: 'dislike', UserId: 'alice', ItemId: 'fi-1', Timestamp: at(14) });
    feedback.push({ FeedbackType: 'subscribe', UserId: 'alice', ItemId: 'fi-2', Timestamp: at(14), Comment: 'weekly' });
    assert.equal(await gorse.insertFeedbacks(feedback), feedback.length);
    // An insert of feedback that exists is kept as it was (Gorse), here: a duplicate message.
    assert.equal(await gorse.insertFeedbacks(feedback.slice(-4)), 4);

    const track = (await eventsOf('alice')).filter((e) => e.type === 'track');
    assert.deepEqual(track.map((e) => [e.event, e.item_id]), [
      ['Order Completed', 'py-1'], ['Item Bookmarked', 'py-2'], ['Recommendation Dismissed', 'fi-1'], ['subscribe', 'fi-2'],
    ]);
    assert.deepEqual(JSON.parse(track[3]!.properties), { item_id: 'fi-2', feedback_type: 'subscribe', comment: 'weekly' });
    const order = await s.ll.store.db.selectFrom('order_items').select('item_id').where('user_id', '=', 'alice').execute();
    assert.deepEqual(order.map((o) => o.item_id), ['py-1']);

    // Upsert: a new time is a new event.
    assert.equal(await gorse.upsertFeedbacks([{ FeedbackType: 'read', UserId: 'alice', ItemId: 'py-3', Timestamp: at(15) }]), 1);
    assert.equal(await gorse.upsertFeedbacks([{ FeedbackType: 'read', UserId: 'alice', ItemId: 'py-3', Timestamp: at(16) }]), 1);
    assert.equal((await eventsOf('alice')).filter((e) => e.event === 'Item Viewed').length, 2);
  });

  it('reads feedback back in Gorse\'s shape', async () => {
    const mine = await gorse.getUserFeedback('alice');
    assert.deepEqual(mine.slice(0, 2), [
      { FeedbackType: 'purchase', UserId: 'alice', ItemId: 'py-1', Timestamp: at(14), Comment: '' },
      { FeedbackType: 'star', UserId: 'alice', ItemId: 'py-2', Timestamp: at(14), Comment: '' },
    ] as never);
    assert.deepEqual((await gorse.getUserFeedbackByType('alice', 'read')).map((f) => f.Timestamp), [at(15), at(16)]);
    assert.equal((await gorse.getFeedback({ type: 'read', userId: 'alice', itemId: 'py-3' })).Timestamp, at(16));
    assert.equal((await rejection(gorse.getFeedback({ type: 'like', userId: 'alice', itemId: 'py-3' }))).code, 404);
    const onItem = await gorse.getItemFeedbackByType('py-1', 'purchase');
    assert.ok(onItem.length >= 5 && onItem.every((f) => f.ItemId === 'py-1' && f.FeedbackType === 'purchase'));

    // Paging by cursor: pages do not overlap and together hold every "like".
    const likes = new Set<string>();
    let cursor = '';
    for (let pages = 0; pages < 20; pages++) {
      const page = (await gorse.getFeedbacks('like', { n: 7, Cursor: cursor })) as unknown as { Cursor: string; Feedback: { UserId: string; ItemId: string; FeedbackType: string }[] };
      for (const f of page.Feedback) {
        assert.equal(f.FeedbackType, 'like');
        assert.ok(!likes.has(`${f.UserId}/${f.ItemId}`), 'no overlap');
        likes.add(`${f.UserId}/${f.ItemId}`);
      }
      cursor = page.Cursor;
      if (cursor === '') break;
    }
    assert.equal(cursor, '');
    assert.equal(likes.size, 30);

    const refused = await rejection(gorse.deleteFeedback({ type: 'like', userId: 'p0', itemId: 'py-2' }));
    assert.equal(refused.code, 405);
  });

  it('recommends by taste after training, never what the user has, never hidden items', async () => {
    await s.ll.recommendations.train();
    const recs = await gorse.getRecommend({ userId: 'alice', cursorOptions: { n: 3 } });
    assert.equal(recs.length, 3);
    assert.ok(['py-3', 'py-4'].includes(recs[0]!), `a programming item first, got ${recs.join(',')}`);
    for (const had of ['py-1', 'py-2', 'fi-1', 'py-hidden']) assert.ok(!recs.includes(had), `${had} not recommended`);

    const paged = await gorse.getRecommend({ userId: 'alice', cursorOptions: { n: 2, offset: 1 } });
    assert.deepEqual(paged, recs.slice(1, 3));
    const finance = await gorse.getRecommend({ userId: 'alice', category: 'finance' });
    assert.ok(finance.length > 0 && finance.every((id) => id.startsWith('fi-') && id !== 'fi-1'), finance.join(','));

    // Write-back: what was shown is stored as feedback of that type.
    const shown = await gorse.getRecommend({ userId: 'p0', writeBackType: 'read', cursorOptions: { n: 2 } });
    const viewed = (await eventsOf('p0')).filter((e) => e.event === 'Item Viewed').map((e) => e.item_id);
    for (const id of shown) assert.ok(viewed.includes(id), `${id} written back`);
  });

  it('answers popular, latest, item neighbours, user neighbours and session recommendations', async () => {
    const popular = await gorse.getPopular({ cursorOptions: { n: 20 } });
    assert.ok(popular.length === 8, popular.map((p) => p.Id).join(','));
    assert.ok(popular.every((p, i) => i === 0 || p.Score <= popular[i - 1]!.Score), 'best first');
    assert.ok(!popular.some((p) => p.Id === 'py-hidden'));
    assert.ok((await gorse.getPopular({ category: 'finance' })).every((p) => p.Id.startsWith('fi-')));

    const latest = await gorse.getLatest({ cursorOptions: { n: 3 } });
    assert.deepEqual(latest.map((l) => l.Id), ['fi-4', 'fi-3', 'fi-2']);
    assert.equal(latest[0]!.Score, Date.parse(at(7)) / 1000);
    assert.deepEqual((await gorse.getLatest({ category: 'programming', cursorOptions: { n: 2 } })).map((l) => l.Id), ['py-4', 'py-3']);

    const neighbours = (await gorse.getItemNeighbors({ itemId: 'py-1' })) as unknown as { Id: string; Score: number }[];
    assert.ok(neighbours.length >= 2 && neighbours[0]!.Id.startsWith('py-'), JSON.stringify(neighbours));
    assert.ok(!neighbours.some((x) => x.Id === 'py-1' || x.Id === 'py-hidden'));
    const inFinance = (await gorse.getItemNeighbors({ itemId: 'py-1', category: 'finance' })) as unknown as { Id: string }[];
    assert.ok(inFinance.every((x) => x.Id.startsWith('fi-')));
    assert.equal((await rejection(gorse.getItemNeighbors({ itemId: 'no-such-item' }))).code, 404);

    const people = (await gorse.getUserNeighbors({ userId: 'p0', cursorOptions: { n: 5 } })) as unknown as { Id: string }[];
    assert.equal(people.length, 5);
    // alice bought and starred programming items too: she is one of them.
    assert.ok(people.every((p) => /^(p\d|alice)$/.test(p.Id) && p.Id !== 'p0'), people.map((p) => p.Id).join(','));

    const session = (await gorse.getSessionRecommend([{ FeedbackType: 'like', UserId: 'visitor', ItemId: 'fi-1', Timestamp: at(18) }], { cursorOptions: { n: 3 } })) as { Id: string }[];
    assert.equal(session.length, 3);
    assert.ok(session[0]!.Id.startsWith('fi-') && !session.some((x) => x.Id === 'fi-1'), session.map((x) => x.Id).join(','));
    assert.equal((await eventsOf('visitor')).length, 0, 'a session is not stored');
  });
});
