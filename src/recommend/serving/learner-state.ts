/**
 * What serving needs to know about one learner right now, read fresh from the event log (so a
 * purchase or a dismissal a second ago counts): their history as model input, what they bought,
 * finished, refunded and dismissed, and their courses in progress. Their traits (onboarding
 * interests) are a separate read, `loadTraits`, because only learners without a history need them.
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { defaultSignalWeights, signalEvents, type SignalWeights } from '../signals.js';
import { productOf, SignalAccumulator, type CatalogView } from '../training-data.js';

export interface LearnerState {
  userId: string;
  /** product id → interaction strength, as the model would have seen it */
  strengths: Map<string, number>;
  /** product id → latest interaction time (epoch ms) */
  lastTouched: Map<string, number>;
  purchased: Set<string>;
  refunded: Set<string>;
  dismissed: Set<string>;
  /** products whose every catalog lesson is completed (or that sent Lesson Completed without a catalog) */
  finished: Set<string>;
  completedLessons: Set<string>;
  /** lesson id → last time it was touched */
  touchedLessons: Map<string, number>;
}

/** Orders are read per product from order_items; every other event the state needs names one item. */
const stateEvents = [...new Set<string>([...signalEvents, 'Recommendation Dismissed', 'Lesson Completed'])]
  .filter((e) => e !== 'Order Completed' && e !== 'Order Refunded');

/** The learner's traits (`identify`); empty when nothing was ever identified. */
export async function loadTraits(db: Kysely<Database>, projectId: string, userId: string): Promise<Record<string, unknown>> {
  const user = await db.selectFrom('users').select('traits').where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
  return user ? (JSON.parse(user.traits) as Record<string, unknown>) : {};
}

/** Stands for the learner in the compiled queries; replaced by their id when run. */
const learnerParameter = '\u0000learner';

function compileStateQueries(db: Kysely<Database>, projectId: string) {
  return {
    events: db.selectFrom('events').select(['seq', 'event', 'item_id', 'course_id', 'value', 'timestamp'])
      .where('project_id', '=', projectId).where('user_id', '=', learnerParameter).where('event', 'in', stateEvents)
      .orderBy('timestamp').compile(),
    orders: db.selectFrom('order_items').innerJoin('events', 'events.seq', 'order_items.event_seq')
      .select(['order_items.item_id', 'order_items.timestamp', 'events.event'])
      .where('order_items.project_id', '=', projectId).where('order_items.user_id', '=', learnerParameter).compile(),
  };
}

/**
 * The state queries of each database and project, built and compiled once: they differ between
 * learners only in a parameter, and building and compiling them was a third of the time and the
 * memory a recommendation took outside its model.
 */
const compiledQueries = new WeakMap<Kysely<Database>, Map<string, ReturnType<typeof compileStateQueries>>>();

function stateQueries(db: Kysely<Database>, projectId: string): ReturnType<typeof compileStateQueries> {
  let perProject = compiledQueries.get(db);
  if (!perProject) compiledQueries.set(db, (perProject = new Map()));
  let q = perProject.get(projectId);
  if (!q) perProject.set(projectId, (q = compileStateQueries(db, projectId)));
  return q;
}

function forLearner<T>(q: CompiledQuery<T>, userId: string): CompiledQuery<T> {
  return { ...q, parameters: q.parameters.map((p) => (p === learnerParameter ? userId : p)) };
}

export async function loadLearnerState(
  db: Kysely<Database>, projectId: string, userId: string, view: CatalogView, asOfMs: number,
  weights: Readonly<SignalWeights> = defaultSignalWeights,
): Promise<LearnerState> {
  const q = stateQueries(db, projectId);
  const rows = (await db.executeQuery(forLearner(q.events, userId))).rows;
  const orders = (await db.executeQuery(forLearner(q.orders, userId))).rows;
  let latest = rows.at(-1)?.timestamp ?? 0;
  for (const o of orders) if (o.timestamp > latest) latest = o.timestamp;
  const acc = new SignalAccumulator(view, Math.max(asOfMs, Number(latest)), weights);
  const state: LearnerState = {
    userId, strengths: new Map(), lastTouched: new Map(), purchased: new Set(), refunded: new Set(), dismissed: new Set(),
    finished: new Set(), completedLessons: new Set(), touchedLessons: new Map(),
  };
  for (const o of orders) {
    acc.add(userId, { event: o.event, itemId: o.item_id, courseId: null, value: null, timestamp: Number(o.timestamp) });
    (o.event === 'Order Refunded' ? state.refunded : state.purchased).add(productOf(view, o.item_id, null)!);
  }
  for (const r of rows) {
    const t = Number(r.timestamp);
    acc.add(userId, { event: r.event, itemId: r.item_id, courseId: r.course_id, value: r.value, timestamp: t });
    const product = productOf(view, r.item_id, r.course_id);
    if (r.event === 'Recommendation Dismissed' && product) state.dismissed.add(product);
    if (r.item_id && r.event?.startsWith('Lesson ')) {
      state.touchedLessons.set(r.item_id, t);
      if (r.event === 'Lesson Completed') state.completedLessons.add(r.item_id);
    }
  }
  for (const [key, cell] of acc.cells) {
    const product = key.slice(key.indexOf('\u0000') + 1);
    state.strengths.set(product, cell.value);
    state.lastTouched.set(product, cell.time);
  }
  // Only the courses of lessons the learner completed can be finished: not every course of the catalogue.
  for (const lesson of state.completedLessons) {
    const course = view.courseOfLesson.get(lesson);
    const lessons = course === undefined ? undefined : view.lessonsOfCourse.get(course);
    if (lessons && lessons.length > 0 && lessons.every((l) => state.completedLessons.has(l.id))) state.finished.add(course!);
  }
  return state;
}
