/** A small hand-made platform whose features are worked out by hand in the tests. */
import { upsertItems } from '../../src/catalog/items.store.js';
import { openWorkspace, type Workspace } from '../../src/cli/workspace.js';

/** Monday 2026-03-30 00:00 in Shanghai: "today" for the features is Sunday 2026-03-29. */
export const asOf = Date.parse('2026-03-30T00:00:00+08:00');

export const at = (local: string) => new Date(Date.parse(`${local}+08:00`)).toISOString();

const ios = { device: { type: 'ios' } };
const web = { device: { type: 'web' } };

export const catalog = [
  { id: 'c1', type: 'course' as const, title: '理财入门', category: 'finance', price: 99, tags: ['理财', '基金'] },
  { id: 'c1-l1', type: 'lesson' as const, title: '第一课', parentId: 'c1', position: 1 },
  { id: 'c1-l2', type: 'lesson' as const, title: '第二课', parentId: 'c1', position: 2 },
  { id: 'c2', type: 'course' as const, title: 'Python for Beginners', category: 'programming', price: 50, tags: ['python'] },
  { id: 'c2-l1', type: 'lesson' as const, title: 'Lesson 1', parentId: 'c2', position: 1 },
  { id: 'c2-l2', type: 'lesson' as const, title: 'Lesson 2', parentId: 'c2', position: 2 },
  { id: 'e1', type: 'ebook' as const, title: '基金定投手册', category: 'finance', price: 20, tags: ['基金'] },
];

const track = (userId: string, time: string, event: string, properties: object = {}, context: object = ios) =>
  ({ type: 'track', userId, event, timestamp: at(time), properties, context });

/** Everything before asOf (and two events after it that must never count). */
export function handMadeEvents(): object[] {
  return [
    { type: 'screen', userId: 'amy', name: 'Home', timestamp: at('2026-03-02T09:00:00'), context: ios },
    track('amy', '2026-03-02T09:05:00', 'Order Completed', { revenue: 119, products: [{ product_id: 'c1', price: 99 }, { product_id: 'e1', price: 20 }] }),
    track('amy', '2026-03-02T09:10:00', 'Lesson Started', { lesson_id: 'c1-l1', course_id: 'c1' }),
    track('amy', '2026-03-02T09:20:00', 'Lesson Progress', { lesson_id: 'c1-l1', course_id: 'c1', watched_s: 600, position_s: 600 }),
    track('amy', '2026-03-02T09:21:00', 'Lesson Completed', { lesson_id: 'c1-l1', course_id: 'c1' }),
    track('amy', '2026-03-27T20:00:00', 'Lesson Started', { lesson_id: 'c1-l2', course_id: 'c1' }),
    track('amy', '2026-03-27T20:10:00', 'Lesson Progress', { lesson_id: 'c1-l2', course_id: 'c1', watched_s: 300 }),
    track('amy', '2026-03-27T20:11:00', 'Lesson Completed', { lesson_id: 'c1-l2', course_id: 'c1' }),
    track('amy', '2026-03-28T21:00:00', 'Item Rated', { item_id: 'c1', rating: 5 }),
    track('amy', '2026-03-28T21:05:00', 'Quiz Submitted', { lesson_id: 'c1-l2', score: 40, passed: false }),
    track('amy', '2026-03-29T20:00:00', 'Question Asked', { question_id: 'q1', course_id: 'c1', text: '?' }),
    track('amy', '2026-03-29T20:15:00', 'Question Asked', { question_id: 'q2', course_id: 'c1', text: '?' }),
    track('amy', '2026-03-29T20:30:00', 'Lesson Progress', { lesson_id: 'c1-l2', course_id: 'c1', watched_s: 900 }),
    { type: 'page', userId: 'bob', name: 'Home', timestamp: at('2026-03-10T12:00:00'), context: web },
    track('bob', '2026-03-10T12:01:00', 'Order Completed', { revenue: 50, products: [{ product_id: 'c2', price: 50 }] }, web),
    track('bob', '2026-03-11T12:00:00', 'Order Refunded', { revenue: 50, products: [{ product_id: 'c2', price: 50 }] }, web),
    track('bob', '2026-03-29T10:00:00', 'Answer Posted', { question_id: 'q2', answer_id: 'a1', text: '!' }, web),
    track('crawler', '2026-03-15T10:00:00', 'Item Viewed', { item_id: 'c2' }, web),
  ];
}

/** Events at or after asOf: they must not change any feature computed as of asOf. */
export function laterEvents(): object[] {
  return [
    track('amy', '2026-03-30T00:00:00', 'Order Completed', { revenue: 50, products: [{ product_id: 'c2', price: 50 }] }),
    track('amy', '2026-03-31T08:00:00', 'Lesson Started', { lesson_id: 'c2-l1', course_id: 'c2' }),
    track('amy', '2026-03-31T08:05:00', 'Lesson Progress', { lesson_id: 'c2-l1', course_id: 'c2', watched_s: 300 }),
    track('amy', '2026-03-31T08:06:00', 'Item Rated', { item_id: 'c2', rating: 1 }),
    track('amy', '2026-04-01T08:06:00', 'Order Refunded', { revenue: 99, products: [{ product_id: 'c1', price: 99 }] }),
    track('bob', '2026-03-30T10:00:00', 'Answer Posted', { question_id: 'q1', answer_id: 'a2', text: '!' }, web),
    track('bob', '2026-04-02T10:00:00', 'Lesson Completed', { lesson_id: 'c2-l1', course_id: 'c2' }, web),
    track('zed', '2026-04-03T10:00:00', 'Signed In', {}, web),
  ];
}

export async function handMadeWorkspace(): Promise<Workspace> {
  const ws = await openWorkspace(':memory:');
  await upsertItems(ws.store.db, ws.keys.projectId, catalog);
  await ws.ingest.ingest(ws.keys.projectId, handMadeEvents(), { receivedAt: Date.now() });
  await ws.store.db.updateTable('users').set({ is_robot: 1, robot_reason: 'test' }).where('user_id', '=', 'crawler').execute();
  return ws;
}
