/**
 * The derive step's events held as flat columns (typed arrays, repeated strings stored once), so a
 * pass over millions of events in arrival order can be regrouped by learner without an index and
 * without an object per event. Only one learner's events exist as objects at a time.
 *
 * @example
 *   const c = new LearnerEventColumns();
 *   c.add('u1', 1_000, 'track', 'Lesson Progress', 'l1', 'c1', 60, 120);
 *   c.forEachLearner((userId, events) => console.log(userId, events.length)); // u1 1
 */
import type { DerivableEvent } from './rules.js';

/** Strings that repeat (learner, event and item ids) kept once, referred to by number. */
class Interned {
  readonly values: string[] = [];
  readonly #codes = new Map<string, number>();

  code(value: string): number {
    let c = this.#codes.get(value);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(value);
      this.#codes.set(value, c);
    }
    return c;
  }
}

const initialCapacity = 1 << 16;
/** Stands for SQL NULL in the integer columns (NaN does in the float columns). */
const none = -1;

export class LearnerEventColumns {
  #n = 0;
  #user = new Int32Array(initialCapacity);
  #timestamp = new Float64Array(initialCapacity);
  #type = new Int32Array(initialCapacity);
  #event = new Int32Array(initialCapacity);
  #item = new Int32Array(initialCapacity);
  #course = new Int32Array(initialCapacity);
  #value = new Float64Array(initialCapacity);
  #position = new Float64Array(initialCapacity);
  readonly #users = new Interned();
  /** Types, event names, item and course ids share one table: all are short and repeat. */
  readonly #strings = new Interned();

  get length(): number {
    return this.#n;
  }

  /** Appends one event; call in arrival order (ties in time keep it). */
  add(
    userId: string, timestamp: number, type: string, event: string | null, itemId: string | null, courseId: string | null,
    value: number | null, positionS: number | null,
  ): void {
    if (this.#n === this.#user.length) this.#grow();
    const i = this.#n++;
    const s = this.#strings;
    this.#user[i] = this.#users.code(userId);
    this.#timestamp[i] = timestamp;
    this.#type[i] = s.code(type);
    this.#event[i] = event === null ? none : s.code(event);
    this.#item[i] = itemId === null ? none : s.code(itemId);
    this.#course[i] = courseId === null ? none : s.code(courseId);
    this.#value[i] = value ?? NaN;
    this.#position[i] = positionS ?? NaN;
  }

  /**
   * Calls `visit` once per learner (in order of first appearance) with their events sorted by time,
   * ties in arrival order — the order `ORDER BY timestamp, seq` gives.
   */
  forEachLearner(visit: (userId: string, events: DerivableEvent[]) => void): void {
    const n = this.#n;
    const users = this.#users.values.length;
    // Counting sort by learner; stable, so each learner's events stay in arrival order.
    const start = new Int32Array(users + 1);
    for (let i = 0; i < n; i++) start[this.#user[i]! + 1]!++;
    for (let u = 0; u < users; u++) start[u + 1]! += start[u]!;
    const order = new Int32Array(n);
    const next = start.slice(0, users);
    for (let i = 0; i < n; i++) order[next[this.#user[i]!]!++] = i;

    const ts = this.#timestamp;
    // Arrival order is nearly time order, which the engine's merge sort handles in about one pass.
    const byTime = (a: number, b: number): number => ts[a]! - ts[b]! || a - b;
    for (let u = 0; u < users; u++) {
      const mine = Array.from(order.subarray(start[u]!, start[u + 1]!)).sort(byTime);
      visit(this.#users.values[u]!, mine.map((i) => this.#eventAt(i)));
    }
  }

  #eventAt(i: number): DerivableEvent {
    const s = this.#strings.values;
    const str = (code: number): string | null => (code === none ? null : s[code]!);
    const value = this.#value[i]!;
    const position = this.#position[i]!;
    return {
      timestamp: this.#timestamp[i]!, type: s[this.#type[i]!]!, event: str(this.#event[i]!), itemId: str(this.#item[i]!),
      courseId: str(this.#course[i]!), value: Number.isNaN(value) ? null : value, positionS: Number.isNaN(position) ? null : position,
    };
  }

  #grow(): void {
    const grow = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.#user = grow(this.#user);
    this.#timestamp = grow(this.#timestamp);
    this.#type = grow(this.#type);
    this.#event = grow(this.#event);
    this.#item = grow(this.#item);
    this.#course = grow(this.#course);
    this.#value = grow(this.#value);
    this.#position = grow(this.#position);
  }
}
