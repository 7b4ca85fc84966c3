/**
 * Builds what recommenders learn from out of the store: the catalog view (products, lessons,
 * categories, texts) and the users × products interaction matrix from events, weighted by
 * `signals.ts`. Robotic learners are left out. The only module of `recommend/` that reads storage
 * besides the serving layer; algorithms see the typed arrays it returns.
 */
import type { Kysely } from 'kysely';
import type { CatalogItem } from '../catalog/item.js';
import { allItems } from '../catalog/items.store.js';
import { yieldToEventLoop } from '../jobs/yield.js';
import type { Database } from '../store/schema.js';
import { interactionsFromTriples, type Interactions, type Triple } from './interactions.js';
import { decay, defaultSignalWeights, signalEvents, signalWeight, type SignalWeights } from './signals.js';

export interface LessonRef {
  id: string;
  title: string;
  position: number;
}

/** The catalog as serving needs it: who is a product, who is a lesson of what. */
export interface CatalogView {
  items: Map<string, CatalogItem>;
  /** lesson id → course id */
  courseOfLesson: Map<string, string>;
  /** course id → its lessons in order */
  lessonsOfCourse: Map<string, LessonRef[]>;
}

export function catalogView(items: readonly CatalogItem[]): CatalogView {
  const view: CatalogView = { items: new Map(), courseOfLesson: new Map(), lessonsOfCourse: new Map() };
  for (const it of items) {
    view.items.set(it.id, it);
    if (it.type === 'lesson' && it.parentId) {
      view.courseOfLesson.set(it.id, it.parentId);
      const list = view.lessonsOfCourse.get(it.parentId) ?? [];
      list.push({ id: it.id, title: it.title, position: it.position ?? Number.MAX_SAFE_INTEGER });
      view.lessonsOfCourse.set(it.parentId, list);
    }
  }
  for (const list of view.lessonsOfCourse.values()) list.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
  return view;
}

export async function loadCatalogView(db: Kysely<Database>, projectId: string): Promise<CatalogView> {
  return catalogView(await allItems(db, projectId));
}

/** The product an event is about: lessons count for their course. */
export function productOf(view: CatalogView, itemId: string | null, courseId: string | null): string | null {
  if (courseId) return courseId;
  if (!itemId) return null;
  return view.courseOfLesson.get(itemId) ?? itemId;
}

export interface SignalEvent {
  event: string | null;
  itemId: string | null;
  courseId: string | null;
  value: number | null;
  timestamp: number;
}

/** Sums one learner's (or everyone's) events into (product → strength), with decay and the cap. */
export class SignalAccumulator {
  readonly cells = new Map<string, { value: number; time: number }>();

  constructor(readonly view: CatalogView, readonly asOfMs: number, readonly weights: Readonly<SignalWeights> = defaultSignalWeights) {}

  add(userId: string, e: SignalEvent): void {
    const w = signalWeight(e.event, e.value, this.weights);
    if (w === 0) return;
    const product = productOf(this.view, e.itemId, e.courseId);
    if (!product) return;
    const key = `${userId}\u0000${product}`;
    const cell = this.cells.get(key);
    const v = w * decay(this.asOfMs - e.timestamp, this.weights);
    if (cell) {
      cell.value += v;
      if (e.timestamp > cell.time) cell.time = e.timestamp;
    } else this.cells.set(key, { value: v, time: e.timestamp });
  }

  /** Positive cells, capped, as triples. */
  *triples(): Generator<Triple> {
    for (const [key, cell] of this.cells) {
      if (cell.value <= 0) continue;
      const sep = key.indexOf('\u0000');
      yield { user: key.slice(0, sep), item: key.slice(sep + 1), value: Math.min(cell.value, this.weights.maxValue), time: cell.time };
    }
  }
}

const orderEvents = new Set(['Order Completed', 'Order Refunded']);
/** Rows read between hand-backs of the event loop while serving. */
const rowsPerSlice = 20_000;

export interface TrainingData {
  interactions: Interactions;
  view: CatalogView;
  /** Highest event seq read: events after it are "fresh" for fold-in. */
  lastSeq: number;
  asOfMs: number;
}

/**
 * Reads every signal event of the project's people (robots excluded) and builds the matrix over
 * all catalog products (so items nobody touched yet still have a column for content and cold
 * start) plus any product seen only in events.
 */
export async function loadTrainingData(db: Kysely<Database>, projectId: string, weights: Readonly<SignalWeights> = defaultSignalWeights): Promise<TrainingData> {
  const view = await loadCatalogView(db, projectId);
  const top = await db.selectFrom('events').select((eb) => [eb.fn.max('seq').as('seq'), eb.fn.max('timestamp').as('ts')])
    .where('project_id', '=', projectId).executeTakeFirst();
  const lastSeq = Number(top?.seq ?? 0);
  const asOfMs = Number(top?.ts ?? Date.now());
  const robots = new Set((await db.selectFrom('users').select('user_id').where('project_id', '=', projectId).where('is_robot', '=', 1).execute()).map((r) => r.user_id));
  const acc = new SignalAccumulator(view, asOfMs, weights);
  // Orders are read from order_items, one row per product; every other signal names one item.
  const rows = db.selectFrom('events').select(['user_id', 'event', 'item_id', 'course_id', 'value', 'timestamp'])
    .where('project_id', '=', projectId).where('event', 'in', signalEvents.filter((e) => !orderEvents.has(e)))
    .where('seq', '<=', lastSeq).stream(2000);
  let read = 0;
  for await (const r of rows) {
    if (++read % rowsPerSlice === 0) await yieldToEventLoop();
    if (robots.has(r.user_id)) continue;
    acc.add(r.user_id, { event: r.event, itemId: r.item_id, courseId: r.course_id, value: r.value, timestamp: Number(r.timestamp) });
  }
  const orderLines = db.selectFrom('order_items').innerJoin('events', 'events.seq', 'order_items.event_seq')
    .select(['order_items.user_id', 'order_items.item_id', 'order_items.timestamp', 'events.event'])
    .where('order_items.project_id', '=', projectId).where('events.seq', '<=', lastSeq).stream(2000);
  for await (const r of orderLines) {
    if (++read % rowsPerSlice === 0) await yieldToEventLoop();
    if (robots.has(r.user_id)) continue;
    acc.add(r.user_id, { event: r.event, itemId: r.item_id, courseId: null, value: null, timestamp: Number(r.timestamp) });
  }
  const productIds = [...view.items.values()].filter((it) => it.type !== 'lesson').map((it) => it.id);
  const seen = new Set(productIds);
  const triples = [...acc.triples()];
  for (const t of triples) if (!seen.has(t.item)) { seen.add(t.item); productIds.push(t.item); }
  const userIds = [...new Set(triples.map((t) => t.user))].sort();
  const interactions = interactionsFromTriples(triples, { userIds, itemIds: productIds, duplicates: 'sum' });
  return { interactions, view, lastSeq, asOfMs };
}
