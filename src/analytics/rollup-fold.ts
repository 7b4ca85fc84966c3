/**
 * Folding events into rollup rows, in memory: what one chunk of the event log adds to each
 * hourly rollup. Pure (no database), so the rules of what counts as what live in one place —
 * they are the definitions in docs/ANALYTICS.md.
 *
 * @example
 *   const fold = foldEvents(rows, orderItemsBySeq);
 *   fold.activity.get(`${hour}\t${userId}`); // { events: 3, learning_s: 120, … }
 */
import { hourMs } from './calendar.js';
import type { ActivityMeasures } from './rollups.table.js';

/** Call types a learner sends by acting: a track call or a page/screen view. */
export const activeCallTypes: readonly string[] = ['track', 'page', 'screen'];

/**
 * Track events the platform records *about* a learner rather than the learner doing something
 * (a push went out, recommendations were served). They never make anyone active.
 */
export const passiveEvents: readonly string[] = ['Notification Sent', 'Recommendation Shown'];

export const heartbeatEvent = 'Lesson Progress';
export const lessonCompletedEvent = 'Lesson Completed';
export const orderEvent = 'Order Completed';
export const refundEvent = 'Order Refunded';

/** The event columns a fold reads. */
export interface FoldEvent {
  seq: number;
  type: string;
  event: string | null;
  user_id: string;
  timestamp: number;
  value: number | null;
  course_id: string | null;
  item_id: string | null;
}

export interface FoldOrderItem {
  item_id: string;
  price: number | null;
}

export interface FoldedUser {
  firstActiveMs: number | null;
  firstPurchaseMs: number | null;
}

export interface Fold {
  /** Every learner with a track/page/screen event in the chunk. */
  users: Map<string, FoldedUser>;
  /** Key: `${hour}\t${userId}`. */
  activity: Map<string, ActivityMeasures>;
  /** Key: `${courseId}\t${hour}\t${userId}`. */
  course: Map<string, ActivityMeasures>;
  /** Key: `${event}\t${hour}\t${userId}`; value: event count. */
  eventHours: Map<string, number>;
}

const passive = new Set(passiveEvents);
const active = new Set(activeCallTypes);

/** Whether an event makes its learner active (see `activeCallTypes`, `passiveEvents`). */
export function isActiveEvent(type: string, event: string | null): boolean {
  return active.has(type) && !(type === 'track' && event !== null && passive.has(event));
}

/** The measure columns every activity rollup carries, in table order. */
export const measureColumns = ['events', 'learning_s', 'lessons_completed', 'orders', 'revenue', 'refunds', 'refunded_revenue'] as const;

export function emptyMeasures(): ActivityMeasures {
  return { events: 0, learning_s: 0, lessons_completed: 0, orders: 0, revenue: 0, refunds: 0, refunded_revenue: 0 };
}

function measuresAt(map: Map<string, ActivityMeasures>, key: string): ActivityMeasures {
  let m = map.get(key);
  if (!m) map.set(key, (m = emptyMeasures()));
  return m;
}

/** Adds one active event's facts to `m`; `revenue` is what the event is worth to this rollup. */
function addEvent(m: ActivityMeasures, e: FoldEvent, revenue: number): void {
  m.events += 1;
  if (e.type !== 'track') return;
  if (e.event === heartbeatEvent) m.learning_s += e.value ?? 0;
  else if (e.event === lessonCompletedEvent) m.lessons_completed += 1;
  else if (e.event === orderEvent) {
    m.orders += 1;
    m.revenue += revenue;
  } else if (e.event === refundEvent) {
    m.refunds += 1;
    m.refunded_revenue += revenue;
  }
}

/**
 * Folds a chunk of events. `orderItems` maps an order or refund event's seq to its items: the
 * course rollup attributes an order to each item it lists, at that item's price.
 */
export function foldEvents(events: readonly FoldEvent[], orderItems: ReadonlyMap<number, readonly FoldOrderItem[]>): Fold {
  const fold: Fold = { users: new Map(), activity: new Map(), course: new Map(), eventHours: new Map() };
  for (const e of events) {
    if (!active.has(e.type)) continue;
    const t = Number(e.timestamp);
    const hour = Math.floor(t / hourMs);
    let user = fold.users.get(e.user_id);
    if (!user) fold.users.set(e.user_id, (user = { firstActiveMs: null, firstPurchaseMs: null }));
    if (e.event !== null) {
      const key = `${e.event}\t${hour}\t${e.user_id}`;
      fold.eventHours.set(key, (fold.eventHours.get(key) ?? 0) + 1);
    }
    if (!isActiveEvent(e.type, e.event)) continue;
    if (user.firstActiveMs === null || t < user.firstActiveMs) user.firstActiveMs = t;
    const isOrder = e.type === 'track' && (e.event === orderEvent || e.event === refundEvent);
    // A purchase is an order that cost something: free enrolments are orders, not purchases.
    if (e.type === 'track' && e.event === orderEvent && (e.value ?? 0) > 0 && (user.firstPurchaseMs === null || t < user.firstPurchaseMs)) {
      user.firstPurchaseMs = t;
    }
    addEvent(measuresAt(fold.activity, `${hour}\t${e.user_id}`), e, e.value ?? 0);
    if (isOrder) {
      for (const item of orderItems.get(Number(e.seq)) ?? []) {
        addEvent(measuresAt(fold.course, `${item.item_id}\t${hour}\t${e.user_id}`), e, item.price ?? 0);
      }
    } else {
      const course = e.course_id ?? e.item_id;
      if (course !== null) addEvent(measuresAt(fold.course, `${course}\t${hour}\t${e.user_id}`), e, 0);
    }
  }
  return fold;
}
