/**
 * A small hand-made platform with known answers, sent through the same paths as any platform's data:
 * three courses and an e-book, 40 learners, Segment-shaped messages.
 *
 * - `c-good` (programming): watched through, rated 5 and 4, praised.
 * - `c-hard` (programming): lesson 4 is planted hard — learners rewind it again and again, half of
 *   them leave it midway (and go on browsing), and ask questions nobody answers. Rated 4.
 * - `c-poor` (finance): rated 4 by early learners and 2 by later ones (a falling trend), panned in
 *   reviews, and 5 of its 12 buyers ask for a refund.
 * - `e-book` (finance): a few ratings only.
 */
export const t0 = Date.parse('2026-03-02T01:00:00Z');
const minute = 60_000;
const day = 86_400_000;
const lessonS = 600;

export interface TinyPlatform {
  items: Record<string, unknown>[];
  messages: Record<string, unknown>[];
}

function lessons(course: string, n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, k) => ({
    id: `${course}-l${k + 1}`, type: 'lesson', title: `${course} lesson ${k + 1}`, parentId: course, position: k + 1, durationS: lessonS,
  }));
}

export function tinyPlatform(): TinyPlatform {
  const items = [
    { id: 'c-good', type: 'course', title: 'Good course', category: 'programming', author: 'Ada', price: 99 },
    ...lessons('c-good', 5),
    { id: 'c-hard', type: 'course', title: 'Course with a hard lesson', category: 'programming', author: 'Ada', price: 99 },
    ...lessons('c-hard', 6),
    { id: 'c-poor', type: 'course', title: 'Poor course', category: 'finance', author: 'Bob', price: 199 },
    ...lessons('c-poor', 5),
    { id: 'e-book', type: 'ebook', title: 'An e-book', category: 'finance', author: 'Bob', price: 30 },
  ];
  const messages: Record<string, unknown>[] = [];
  const track = (userId: string, event: string, t: number, properties: Record<string, unknown>) => {
    messages.push({ type: 'track', userId, event, timestamp: new Date(t).toISOString(), properties, messageId: `m${messages.length}` });
  };

  /** One learner watching one lesson from `t`; returns when they are done. */
  const watch = (u: string, course: string, k: number, t: number, o: { rewinds?: number; leaveAfter?: number } = {}): number => {
    const lesson = `${course}-l${k}`;
    const ids = { course_id: course, lesson_id: lesson };
    track(u, 'Lesson Started', t, { ...ids, position_s: 0 });
    let position = 0;
    let beats = 0;
    while (position < lessonS) {
      t += minute;
      beats++;
      // A rewind: a minute passes but the playhead ends up 40 s behind where it was.
      const back = o.rewinds !== undefined && beats % 2 === 0 && beats / 2 <= o.rewinds;
      position = back ? Math.max(0, position - 40) : Math.min(lessonS, position + 60);
      track(u, 'Lesson Progress', t, { ...ids, position_s: position, watched_s: 60 });
      if (o.leaveAfter !== undefined && beats >= o.leaveAfter) {
        // Leaves the lesson but stays on the platform for a while.
        track(u, 'Item Viewed', t + 3 * minute, { item_id: 'e-book' });
        return t + 5 * minute;
      }
    }
    track(u, 'Lesson Completed', t + 500, ids);
    return t + 2 * minute;
  };

  for (let n = 0; n < 40; n++) {
    const u = `u${String(n).padStart(2, '0')}`;
    const start = t0 + n * (day / 2);
    // c-good: everyone finishes.
    let t = start;
    track(u, 'Order Completed', t, { products: [{ product_id: 'c-good', price: 99 }], revenue: 99 });
    for (let k = 1; k <= 5; k++) t = watch(u, 'c-good', k, t + minute);
    if (n < 20) track(u, 'Item Rated', t + minute, { item_id: 'c-good', rating: n % 3 === 0 ? 4 : 5 });
    if (n < 6) track(u, 'Review Posted', t + 2 * minute, { item_id: 'c-good', text: n % 2 ? 'Very clear and practical, highly recommended.' : '讲得很清楚，干货满满，推荐！' });

    // c-hard: lesson 4 is hard.
    t = start + 3 * 3_600_000;
    let left = false;
    for (let k = 1; k <= 6 && !left; k++) {
      if (k === 4) {
        const leave = n % 2 === 0;
        t = watch(u, 'c-hard', k, t + minute, { rewinds: 3, leaveAfter: leave ? 4 : undefined });
        if (n % 5 === 0) track(u, 'Question Asked', t + minute, { course_id: 'c-hard', lesson_id: 'c-hard-l4', question_id: `q-${u}`, text: '第4讲没听懂，能再讲一下吗？' });
        left = leave;
      } else {
        t = watch(u, 'c-hard', k, t + minute);
      }
    }
    if (n < 15) track(u, 'Item Rated', t + minute, { item_id: 'c-hard', rating: 4 });

    // c-poor: 24 learners; early ones rate 4, later ones 2; 5 of the first 12 buyers refund.
    if (n < 24) {
      t = start + 6 * 3_600_000;
      if (n < 12) track(u, 'Order Completed', t, { products: [{ product_id: 'c-poor', price: 199 }], revenue: 199 });
      for (let k = 1; k <= 3; k++) t = watch(u, 'c-poor', k, t + minute);
      track(u, 'Item Rated', t + minute, { item_id: 'c-poor', rating: n < 12 ? 4 : 2 });
      if (n >= 12 && n < 18) track(u, 'Review Posted', t + 2 * minute, { item_id: 'c-poor', text: n % 2 ? 'Not worth the price, very disappointing.' : '内容太水了，不推荐。' });
      if (n < 5) track(u, 'Order Refunded', t + 3 * minute, { products: [{ product_id: 'c-poor', price: 199 }], revenue: 199 });
    }
    if (n < 3) track(u, 'Item Rated', start + 8 * 3_600_000, { item_id: 'e-book', rating: 3 });
  }
  return { items, messages };
}
