/**
 * A synthetic knowledge platform written straight into a store through `appendEvents`, for the
 * analytics bench until the simulator can produce 10 million events. Learners sign up over the
 * span, come back on fewer and fewer days, browse, buy courses and watch lessons with a
 * `Lesson Progress` heartbeat per minute; a few lessons per course are hard (learners drop there).
 *
 * @example
 *   const store = await openStore({ location: '/tmp/analytics-10m.db', synchronous: 'NORMAL' });
 *   await writeSyntheticPlatform(store.db, 'default', { events: 10_000_000, seed: 7 });
 */
import type { Kysely } from 'kysely';
import { upsertItems } from '../src/catalog/items.store.js';
import type { ItemInput } from '../src/catalog/item.js';
import { appendEvents } from '../src/ingest/events.store.js';
import type { NormalizedEvent } from '../src/ingest/message.js';
import type { Database } from '../src/store/schema.js';

export interface SyntheticOptions {
  /** Stop after about this many events. */
  events: number;
  seed: number;
  /** First day, 00:00 Asia/Shanghai, as a UTC epoch ms. */
  startMs?: number;
  days?: number;
  courses?: number;
  progress?: (written: number) => void;
}

const dayMs = 86_400_000;
const shanghaiOffsetMs = 8 * 3_600_000;

/** sfc32: small, fast, seedable. */
function rng(seed: number) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return { next, int: (n: number) => Math.floor(next() * n), chance: (p: number) => next() < p };
}

interface Course { id: string; price: number; lessons: number; durationS: number[]; hard: boolean[] }
interface Learner { id: string; signup: number; decayDays: number; base: number; owned: number[]; next: Map<number, number> }

function catalog(r: ReturnType<typeof rng>, n: number): Course[] {
  return Array.from({ length: n }, (_, i) => {
    const lessons = 8 + r.int(23);
    return {
      id: `course-${String(i).padStart(4, '0')}`,
      price: [0, 9.9, 19.9, 49, 99, 199][r.int(6)]!,
      lessons,
      durationS: Array.from({ length: lessons }, () => 300 + r.int(1500)),
      hard: Array.from({ length: lessons }, (_, l) => l > 0 && r.chance(0.12)),
    };
  });
}

function catalogItems(courses: Course[]): ItemInput[] {
  const items: ItemInput[] = [];
  for (const c of courses) {
    items.push({ id: c.id, type: 'course', title: `Course ${c.id}`, price: c.price, category: ['finance', 'exam', 'language', 'tech'][c.id.length % 4]! });
    for (let l = 0; l < c.lessons; l++) {
      items.push({ id: `${c.id}-l${l + 1}`, type: 'lesson', title: `Lesson ${l + 1} of ${c.id}`, parentId: c.id, position: l + 1, durationS: c.durationS[l]! });
    }
  }
  return items;
}

export async function writeSyntheticPlatform(db: Kysely<Database>, projectId: string, o: SyntheticOptions): Promise<number> {
  const r = rng(o.seed);
  const days = o.days ?? 180;
  const startMs = o.startMs ?? Date.UTC(2026, 0, 1) - shanghaiOffsetMs;
  const courses = catalog(r, o.courses ?? 300);
  await upsertItems(db, projectId, catalogItems(courses), startMs);
  // ~35 events per active learner-day and ~6 active days per learner.
  const learnerCount = Math.max(10, Math.round(o.events / 35 / 6));
  const learners: Learner[] = Array.from({ length: learnerCount }, (_, i) => ({
    id: `u${i}`, signup: r.int(days), decayDays: 3 + r.next() * 40, base: 0.25 + 0.6 * r.next(), owned: [], next: new Map(),
  }));
  const bySignup = learners.slice().sort((a, b) => a.signup - b.signup);
  let written = 0;
  let seq = 0;
  let pending: NormalizedEvent[] = [];
  const flush = async () => {
    pending.sort((a, b) => a.timestamp - b.timestamp);
    await db.transaction().execute((trx) => appendEvents(trx, projectId, pending));
    written += pending.length;
    pending = [];
    o.progress?.(written);
  };
  const emit = (u: Learner, t: number, type: 'track' | 'page', event: string, props: Record<string, unknown>, value: number | null = null,
    orderItems: { itemId: string; price: number | null }[] = []) => {
    pending.push({
      messageId: `syn-${o.seed}-${seq++}`, type, event, userId: u.id, anonymousId: null, hasUserId: true,
      itemId: (props.lesson_id ?? props.course_id ?? null) as string | null, courseId: (props.course_id ?? null) as string | null,
      value, timestamp: t, originalTimestamp: t, sentAt: t, receivedAt: t, properties: props,
      context: { device: { type: r.chance(0.7) ? 'mobile' : 'desktop' } }, traits: null, previousId: null, orderItems,
    });
  };
  for (let day = 0; day < days && written + pending.length < o.events; day++) {
    for (const u of bySignup) {
      if (u.signup > day) break;
      const age = day - u.signup;
      if (age > 0 && !r.chance(u.base * Math.exp(-age / u.decayDays))) continue;
      // Sessions start between 07:00 and 23:59 Shanghai time.
      let t = startMs + day * dayMs + (7 + r.int(17)) * 3_600_000 + r.int(3_600_000);
      emit(u, t, 'track', 'Signed In', { method: 'wechat' });
      emit(u, t += 2_000, 'page', 'Home', {});
      const views = 1 + r.int(4);
      for (let v = 0; v < views; v++) {
        const c = r.int(courses.length);
        emit(u, t += 5_000 + r.int(60_000), 'track', 'Item Viewed', { course_id: courses[c]!.id });
        if (!u.owned.includes(c) && r.chance(age === 0 ? 0.25 : 0.06)) {
          const course = courses[c]!;
          emit(u, t += 30_000, 'track', 'Order Completed', { order_id: `o${seq}`, revenue: course.price, course_id: course.id },
            course.price, [{ itemId: course.id, price: course.price }]);
          u.owned.push(c);
          u.next.set(c, 0);
        }
      }
      const studying = u.owned.filter((c) => u.next.get(c)! < courses[c]!.lessons);
      if (studying.length === 0) {
        if (pending.length >= 20_000) await flush();
        continue;
      }
      const c = studying[r.int(studying.length)]!;
      const course = courses[c]!;
      for (let lessonsToday = 1 + r.int(3); lessonsToday > 0; lessonsToday--) {
        const l = u.next.get(c)!;
        if (l >= course.lessons) break;
        const ids = { course_id: course.id, lesson_id: `${course.id}-l${l + 1}` };
        const durationS = course.durationS[l]!;
        emit(u, t += 10_000, 'track', 'Lesson Started', { ...ids, position_s: 0, duration_s: durationS });
        let position = 0;
        let dropped = false;
        while (position < durationS) {
          const watched = Math.min(60, durationS - position);
          position += watched;
          emit(u, t += watched * 1000, 'track', 'Lesson Progress', { ...ids, position_s: position, watched_s: watched }, watched);
          if (r.chance(course.hard[l] ? 0.05 : 0.006)) { dropped = true; break; }
        }
        if (dropped) break;
        emit(u, t += 500, 'track', 'Lesson Completed', { ...ids, duration_s: durationS }, null);
        u.next.set(c, l + 1);
        if (r.chance(0.3)) {
          const score = 40 + r.int(61);
          emit(u, t += 60_000, 'track', 'Quiz Submitted', { ...ids, score }, score);
        }
      }
      if (r.chance(0.05)) {
        const rating = 1 + r.int(5);
        emit(u, t += 20_000, 'track', 'Item Rated', { course_id: course.id, rating }, rating);
      }
      if (pending.length >= 20_000) await flush();
    }
  }
  if (pending.length > 0) await flush();
  return written;
}
