/**
 * Validation and normalisation of one Segment-shaped message into the event we store.
 * Every rule here is documented in docs/EVENTS.md ("Cleaning at ingest").
 */
import { createHash } from 'node:crypto';
import { correctedTimestamp, parseTime } from './clock.js';

export const callTypes = ['track', 'identify', 'page', 'screen', 'alias', 'group'] as const;
export type CallType = (typeof callTypes)[number];

/** Segment's own limit for one message. */
export const maxMessageBytes = 32 * 1024;
export const maxIdLength = 256;
export const maxEventNameLength = 200;

export interface NormalizedEvent {
  messageId: string;
  type: CallType;
  event: string | null;
  userId: string;
  anonymousId: string | null;
  /** Set only on messages that carried an explicit userId (identify links it to anonymousId). */
  hasUserId: boolean;
  itemId: string | null;
  courseId: string | null;
  value: number | null;
  timestamp: number;
  originalTimestamp: number | null;
  sentAt: number | null;
  receivedAt: number;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  traits: Record<string, unknown> | null;
  previousId: string | null;
  orderItems: { itemId: string; price: number | null }[];
}

export interface MessageProblem {
  field: string;
  code: string;
  message: string;
}

export interface BatchDefaults {
  receivedAt: number;
  /** Batch-level `sentAt` and `context`, applied to messages that lack their own. */
  sentAt?: unknown;
  context?: unknown;
  /** The call type implied by the endpoint (/v1/track → track); undefined for /v1/batch. */
  impliedType?: CallType;
  /**
   * Use a message's own `receivedAt` when it has one: for imports of history (Segment exports,
   * the demo platform), never for live HTTP traffic, where the server's clock is the truth.
   */
  trustReceivedAt?: boolean;
  /**
   * The caller knows no message is larger than this many bytes (the whole request body was
   * smaller, or each import line was measured), so the per-message size check can be skipped.
   */
  sizesAtMost?: number;
}

type Result = { ok: true; event: NormalizedEvent } | { ok: false; problem: MessageProblem };

const fail = (field: string, code: string, message: string): Result => ({ ok: false, problem: { field, code, message } });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Trims and collapses inner white space; ids keep their inner spaces but lose the outer ones. */
function cleanId(v: unknown): string | undefined | null {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s === '' ? undefined : s;
}

function cleanEventName(v: string): string {
  return v.trim().replace(/\s+/g, ' ');
}

/** Numbers sent as strings ("19.90") become numbers; anything else unreadable becomes null. */
function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

const numericProperties = ['revenue', 'total', 'price', 'amount', 'watched_s', 'position_s', 'duration_s', 'rating', 'score', 'nps'];

/** Knowledge-product facts: coerce numeric strings, clamp values no client can truly send. */
function cleanProperties(event: string | null, props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...props };
  for (const key of numericProperties) {
    if (key in out) {
      const n = num(out[key]);
      if (n !== null) out[key] = n;
    }
  }
  for (const key of ['watched_s', 'position_s', 'duration_s', 'revenue', 'total', 'price', 'amount']) {
    if (typeof out[key] === 'number' && (out[key] as number) < 0) out[key] = 0;
  }
  if (event === 'Item Rated' && typeof out.rating === 'number') out.rating = Math.min(5, Math.max(1, out.rating as number));
  for (const key of ['item_id', 'course_id', 'lesson_id', 'product_id']) {
    const id = cleanId(out[key]);
    if (typeof id === 'string') out[key] = id;
  }
  return out;
}

function itemOf(props: Record<string, unknown>): string | null {
  for (const key of ['item_id', 'lesson_id', 'course_id', 'product_id']) {
    if (typeof props[key] === 'string') return props[key] as string;
  }
  return null;
}

function orderItemsOf(props: Record<string, unknown>): { itemId: string; price: number | null }[] {
  const list = Array.isArray(props.products) ? props.products : Array.isArray(props.items) ? props.items : null;
  if (!list) {
    const single = itemOf(props);
    return single ? [{ itemId: single, price: num(props.price) ?? num(props.revenue) }] : [];
  }
  const out: { itemId: string; price: number | null }[] = [];
  for (const p of list) {
    if (!isObject(p)) continue;
    const id = cleanId(p.product_id ?? p.item_id ?? p.id ?? p.course_id);
    if (typeof id === 'string') out.push({ itemId: id, price: num(p.price) });
  }
  return out;
}

/** The one number each knowledge-product event carries (docs/EVENTS.md, column `value`). */
function valueOf(event: string | null, props: Record<string, unknown>, orderItems: { price: number | null }[]): number | null {
  switch (event) {
    case 'Order Completed':
    case 'Order Refunded':
      return num(props.revenue) ?? num(props.total) ?? num(props.amount)
        ?? (orderItems.length ? orderItems.reduce((s, i) => s + (i.price ?? 0), 0) : null);
    case 'Lesson Progress':
    case 'Lesson Completed':
      return num(props.watched_s);
    case 'Item Rated':
      return num(props.rating);
    case 'Quiz Submitted':
      return num(props.score);
    case 'Survey Answered':
      return num(props.score) ?? num(props.nps);
    default:
      return null;
  }
}

/** A deterministic id for messages sent without one, so that a retried copy is still a duplicate. */
function contentId(m: Record<string, unknown>): string {
  const h = createHash('sha1');
  h.update(JSON.stringify([m.type, m.userId, m.anonymousId, m.event, m.name, m.timestamp, m.properties, m.traits]));
  return `auto-${h.digest('hex')}`;
}

/**
 * Validates and normalises one message. `path` names it in errors (`batch[3]`).
 * `bytes` is its serialised size when the caller already knows it.
 */
export function normalizeMessage(raw: unknown, path: string, defaults: BatchDefaults): Result {
  if (!isObject(raw)) return fail(path, 'invalid_message', `${path} must be a JSON object`);
  const size = defaults.sizesAtMost !== undefined && defaults.sizesAtMost <= maxMessageBytes ? 0 : Buffer.byteLength(JSON.stringify(raw));
  if (size > maxMessageBytes) {
    return fail(path, 'message_too_large', `${path} is ${size} bytes; one message may be at most ${maxMessageBytes} bytes`);
  }
  const rawType = raw.type ?? defaults.impliedType;
  if (typeof rawType !== 'string' || !(callTypes as readonly string[]).includes(rawType.trim().toLowerCase())) {
    return fail(`${path}.type`, 'invalid_type', `${path}.type must be one of ${callTypes.join(', ')}`);
  }
  const type = rawType.trim().toLowerCase() as CallType;

  const userId = cleanId(raw.userId);
  const anonymousId = cleanId(raw.anonymousId);
  if (userId === null) return fail(`${path}.userId`, 'invalid_type', `${path}.userId must be a string`);
  if (anonymousId === null) return fail(`${path}.anonymousId`, 'invalid_type', `${path}.anonymousId must be a string`);
  if (!userId && !anonymousId) {
    return fail(`${path}.userId`, 'missing_identity', `${path} needs a userId or an anonymousId`);
  }
  if ((userId?.length ?? 0) > maxIdLength || (anonymousId?.length ?? 0) > maxIdLength) {
    return fail(`${path}.userId`, 'too_long', `${path}: ids may be at most ${maxIdLength} characters`);
  }

  let event: string | null = null;
  if (type === 'track') {
    if (typeof raw.event !== 'string' || cleanEventName(raw.event) === '') {
      return fail(`${path}.event`, 'missing_event', `${path}.event must be a non-empty string for a track call`);
    }
    event = cleanEventName(raw.event);
    if (event.length > maxEventNameLength) {
      return fail(`${path}.event`, 'too_long', `${path}.event may be at most ${maxEventNameLength} characters`);
    }
  } else if (type === 'page' || type === 'screen') {
    if (raw.name !== undefined && typeof raw.name !== 'string') {
      return fail(`${path}.name`, 'invalid_type', `${path}.name must be a string`);
    }
    event = typeof raw.name === 'string' && raw.name.trim() ? cleanEventName(raw.name) : null;
  }

  for (const key of ['properties', 'traits', 'context'] as const) {
    if (raw[key] !== undefined && raw[key] !== null && !isObject(raw[key])) {
      return fail(`${path}.${key}`, 'invalid_type', `${path}.${key} must be a JSON object`);
    }
  }
  let previousId: string | null = null;
  if (type === 'alias') {
    const prev = cleanId(raw.previousId);
    if (typeof prev !== 'string') return fail(`${path}.previousId`, 'missing_previous_id', `${path}.previousId is required for an alias call`);
    previousId = prev;
  }

  let receivedAt = defaults.receivedAt;
  if (defaults.trustReceivedAt) {
    const own = parseTime(raw.receivedAt);
    if (own !== undefined && Number.isNaN(own)) return fail(`${path}.receivedAt`, 'invalid_time', `${path}.receivedAt must be an ISO-8601 date-time`);
    if (own !== undefined) receivedAt = own;
  }
  const times: Record<string, number | undefined> = {};
  for (const key of ['timestamp', 'originalTimestamp', 'sentAt'] as const) {
    const t = parseTime(key === 'sentAt' ? raw.sentAt ?? defaults.sentAt : raw[key]);
    if (t !== undefined && Number.isNaN(t)) {
      return fail(`${path}.${key}`, 'invalid_time', `${path}.${key} must be an ISO-8601 date-time or epoch milliseconds`);
    }
    times[key] = t;
  }

  const messageIdRaw = cleanId(raw.messageId);
  if (messageIdRaw === null) return fail(`${path}.messageId`, 'invalid_type', `${path}.messageId must be a string`);
  if ((messageIdRaw?.length ?? 0) > maxIdLength) return fail(`${path}.messageId`, 'too_long', `${path}.messageId is too long`);

  const properties = cleanProperties(event, isObject(raw.properties) ? raw.properties : {});
  const ownContext = isObject(raw.context) ? raw.context : {};
  // Without a batch context the message's own object is kept as it is: SDKs share one context
  // object across a device's messages, and storing then serialises it once per run of them.
  const context = isObject(defaults.context) ? { ...defaults.context, ...ownContext } : ownContext;
  const orderItems = event === 'Order Completed' || event === 'Order Refunded' ? orderItemsOf(properties) : [];
  const eventTime = times.timestamp ?? times.originalTimestamp;
  return {
    ok: true,
    event: {
      messageId: messageIdRaw ?? contentId(raw),
      type,
      event,
      userId: (userId ?? anonymousId)!,
      anonymousId: anonymousId ?? null,
      hasUserId: userId !== undefined,
      itemId: itemOf(properties),
      courseId: typeof properties.course_id === 'string' ? properties.course_id : null,
      value: valueOf(event, properties, orderItems),
      timestamp: correctedTimestamp(eventTime, times.sentAt, receivedAt),
      originalTimestamp: eventTime ?? null,
      sentAt: times.sentAt ?? null,
      receivedAt,
      properties,
      context,
      traits: isObject(raw.traits) ? raw.traits : isObject(context.traits) ? (context.traits as Record<string, unknown>) : null,
      previousId,
      orderItems,
    },
  };
}
