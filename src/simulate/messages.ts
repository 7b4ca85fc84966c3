/**
 * The Segment-shaped messages the simulated platform sends (DESIGN §5), and the outbox that stamps,
 * orders and batches them for a sink.
 *
 * Every message carries `messageId`, `type`, `userId`, `timestamp`, `sentAt`, `receivedAt` and
 * `context` (`device.type`, `os`, `app`, `locale`, `timezone`). `timestamp` and `sentAt` come from the
 * device's clock, so a device whose clock is off shifts both by the same amount — exactly what
 * Segment's correction `receivedAt − (sentAt − timestamp)` undoes. `receivedAt` is the platform's
 * clock when the message arrived (as in a Segment export); a replay that stamps its own arrival time
 * must use this one instead, or history moves to the day of the replay.
 *
 * A few messages arrive twice (a client retrying a batch whose answer it never saw): the copy has
 * the same `messageId` and content and a later `receivedAt`. The sink gets messages in arrival order
 * (`receivedAt` never decreases), in batches. A device's `context` object is shared by all its
 * messages and frozen: consumers copy it (as Segment's batch-context merge does), never change it.
 *
 * @example
 *   const outbox = new Outbox(500, async (batch) => { for (const m of batch) console.log(m.type); }, 0.003);
 *   outbox.track(sender, Date.UTC(2026, 2, 2, 1), 'Signed In', { method: 'wechat' });
 *   await outbox.flushBefore(Date.UTC(2026, 2, 3));
 */
import type { Rng } from './random.js';

export interface SegmentContext {
  device: { type: string; manufacturer?: string; model?: string };
  os: { name: string; version: string };
  app: { name: string; version: string; build: string };
  locale: string;
  timezone: string;
  userAgent?: string;
}

interface MessageBase {
  messageId: string;
  userId: string;
  timestamp: string;
  sentAt: string;
  receivedAt: string;
  context: SegmentContext;
}

export type Properties = Record<string, string | number | boolean | readonly string[] | readonly object[]>;

export interface TrackMessage extends MessageBase {
  type: 'track';
  event: string;
  properties: Properties;
}

export interface IdentifyMessage extends MessageBase {
  type: 'identify';
  traits: Properties;
}

export interface PageMessage extends MessageBase {
  type: 'page' | 'screen';
  name: string;
  properties: Properties;
}

export type SegmentMessage = TrackMessage | IdentifyMessage | PageMessage;

/** Receives messages in arrival order, a batch at a time; the next batch waits for its promise. */
export type MessageSink = (batch: SegmentMessage[]) => Promise<void>;

/** Whoever sends a message: a learner's (or bot's) device. */
export interface Sender {
  readonly userId: string;
  readonly rng: Rng;
  readonly context: SegmentContext;
  /** How far the device's clock is off (ms, positive = ahead). */
  readonly clockSkewMs: number;
}

interface Pending {
  receivedMs: number;
  seq: number;
  message: SegmentMessage;
}

/** Seconds a client holds an event before its batch goes out (mobile SDKs flush every ~10–30 s). */
const maxClientDelayMs = 20_000;
const networkDelayMs = 300;
const retryDelayMs = { min: 5_000, max: 180_000 };

export class Outbox {
  readonly #batchSize: number;
  readonly #sink: MessageSink;
  readonly #duplicateShare: number;
  /** Stamped messages, a min-heap by arrival (then stamping order). */
  readonly #heap: Pending[] = [];
  /** Arrived messages in order, waiting to fill a batch. */
  #ready: SegmentMessage[] = [];
  #seq = 0;
  /** Messages handed to the sink, counting duplicates. */
  sent = 0;
  duplicates = 0;
  readonly eventCounts = new Map<string, number>();

  constructor(batchSize: number, sink: MessageSink, duplicateShare: number) {
    this.#batchSize = batchSize;
    this.#sink = sink;
    this.#duplicateShare = duplicateShare;
  }

  track(from: Sender, atMs: number, event: string, properties: Properties): void {
    this.eventCounts.set(event, (this.eventCounts.get(event) ?? 0) + 1);
    this.#stamp(from, atMs, from.clockSkewMs, 'track', event, properties);
  }

  /** An event the platform's servers record about a learner (their clock is right). */
  trackFromServer(about: Sender, atMs: number, event: string, properties: Properties): void {
    this.eventCounts.set(event, (this.eventCounts.get(event) ?? 0) + 1);
    this.#stamp(about, atMs, 0, 'track', event, properties);
  }

  identify(from: Sender, atMs: number, traits: Properties): void {
    this.#stamp(from, atMs, from.clockSkewMs, 'identify', '', traits);
  }

  /** A `screen` on the apps, a `page` on the web. */
  view(from: Sender, atMs: number, name: string, properties: Properties): void {
    this.#stamp(from, atMs, from.clockSkewMs, from.context.device.type === 'web' ? 'page' : 'screen', name, properties);
  }

  /** `label` is the event name of a track, the page/screen name of a view (unused for identify). */
  #stamp(from: Sender, atMs: number, skewMs: number, type: SegmentMessage['type'], label: string, payload: Properties): void {
    const rng = from.rng;
    const sentMs = atMs + Math.floor(rng.next() * maxClientDelayMs);
    const receivedMs = sentMs + networkDelayMs + Math.floor(rng.next() * networkDelayMs);
    const messageId = rng.uuidAt(sentMs);
    const timestamp = iso(atMs + skewMs);
    const sentAt = iso(sentMs + skewMs);
    const receivedAt = iso(receivedMs);
    const context = from.context;
    const userId = from.userId;
    // Literal objects per type keep each message kind on one stable shape (and JSON key order).
    const message: SegmentMessage = type === 'track'
      ? { messageId, type, event: label, userId, timestamp, sentAt, receivedAt, properties: payload, context }
      : type === 'identify'
        ? { messageId, type, userId, timestamp, sentAt, receivedAt, traits: payload, context }
        : { messageId, type, name: label, userId, timestamp, sentAt, receivedAt, properties: payload, context };
    heapPush(this.#heap, { receivedMs, seq: this.#seq++, message });
    if (this.#duplicateShare > 0 && rng.next() < this.#duplicateShare) {
      const retryMs = receivedMs + Math.floor(rng.between(retryDelayMs.min, retryDelayMs.max));
      const copy = structuredClone(message);
      copy.receivedAt = iso(retryMs);
      heapPush(this.#heap, { receivedMs: retryMs, seq: this.#seq++, message: copy });
      this.duplicates++;
    }
  }

  /** Messages stamped but not yet handed to the sink. */
  get waiting(): number {
    return this.#heap.length + this.#ready.length;
  }

  /**
   * Hand the messages that arrived before `ms` to the sink, in arrival order (the caller promises
   * nothing earlier is still to come). With `fullBatchesOnly`, a remainder smaller than a batch waits.
   */
  async flushBefore(ms: number, fullBatchesOnly = false): Promise<void> {
    const heap = this.#heap;
    while (heap.length > 0 && heap[0]!.receivedMs < ms) {
      this.#ready.push(heapPop(heap).message);
      if (this.#ready.length === this.#batchSize) await this.#send();
    }
    if (!fullBatchesOnly && this.#ready.length > 0) await this.#send();
  }

  async #send(): Promise<void> {
    const batch = this.#ready;
    this.#ready = [];
    this.sent += batch.length;
    await this.#sink(batch);
  }

  /** Hand over everything still waiting. */
  flushAll(): Promise<void> {
    return this.flushBefore(Infinity);
  }
}

function before(a: Pending, b: Pending): boolean {
  return a.receivedMs < b.receivedMs || (a.receivedMs === b.receivedMs && a.seq < b.seq);
}

function heapPush(heap: Pending[], x: Pending): void {
  let i = heap.length;
  heap.push(x);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(x, heap[parent]!)) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = x;
}

function heapPop(heap: Pending[]): Pending {
  const top = heap[0]!;
  const last = heap.pop()!;
  const n = heap.length;
  if (n === 0) return top;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && before(heap[r]!, heap[l]!) ? r : l;
    if (!before(heap[c]!, last)) break;
    heap[i] = heap[c]!;
    i = c;
  }
  heap[i] = last;
  return top;
}

const isoBytes = Buffer.from('0000-00-00T00:00:00.000Z', 'latin1');
let isoDay = NaN;

/**
 * `new Date(ms).toISOString()`, several times faster and with one allocation: the date part is
 * written once per UTC day into a reused buffer and only the time digits change (the simulator
 * stamps three times per message).
 */
export function iso(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  const b = isoBytes;
  if (day !== isoDay) {
    isoDay = day;
    b.write(new Date(day * 86_400_000).toISOString().slice(0, 11), 0, 'latin1');
  }
  let rest = ms - day * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = Math.floor(rest / 1000);
  const milli = Math.floor(rest - sec * 1000);
  b[11] = 48 + Math.floor(h / 10);
  b[12] = 48 + (h % 10);
  b[14] = 48 + Math.floor(m / 10);
  b[15] = 48 + (m % 10);
  b[17] = 48 + Math.floor(sec / 10);
  b[18] = 48 + (sec % 10);
  b[20] = 48 + Math.floor(milli / 100);
  b[21] = 48 + (Math.floor(milli / 10) % 10);
  b[22] = 48 + (milli % 10);
  return b.toString('latin1', 0, 24);
}
