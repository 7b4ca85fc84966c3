/**
 * The events the feature scan reads, as small integer codes computed by the database: an event
 * name is compared there, in C, instead of arriving as one more JavaScript string per row (the
 * scan reads millions). What counts as active follows the analytics definition: track, page and
 * screen calls, passive track events (pushes sent, slates shown) excluded.
 *
 * @example
 *   db.selectFrom('events').select((eb) => eventCode(eb).as('code'));
 *   // code === EventCode.LessonProgress …
 */
import type { ExpressionBuilder } from 'kysely';
import { activeCallTypes, passiveEvents } from '../analytics/rollup-fold.js';
import type { Database } from '../store/schema.js';

export const EventCode = Object.freeze({
  /** identify, alias, group: not something the learner did. */
  Inactive: 0,
  /** Any other active event: a page/screen view or a track event without a code of its own. */
  Active: 1,
  Passive: 2,
  LessonProgress: 3,
  LessonStarted: 4,
  LessonCompleted: 5,
  OrderCompleted: 6,
  OrderRefunded: 7,
  ItemRated: 8,
  QuizSubmitted: 9,
  QuestionAsked: 10,
  AnswerPosted: 11,
  ItemViewed: 12,
  ItemBookmarked: 13,
  SignedIn: 14,
  /** A page or screen view: active, and it carries the device. */
  View: 15,
});

/** Track event names with a code of their own. */
export const codedEvents: Readonly<Record<string, number>> = Object.freeze({
  'Lesson Progress': EventCode.LessonProgress,
  'Lesson Started': EventCode.LessonStarted,
  'Lesson Completed': EventCode.LessonCompleted,
  'Order Completed': EventCode.OrderCompleted,
  'Order Refunded': EventCode.OrderRefunded,
  'Item Rated': EventCode.ItemRated,
  'Quiz Submitted': EventCode.QuizSubmitted,
  'Question Asked': EventCode.QuestionAsked,
  'Answer Posted': EventCode.AnswerPosted,
  'Item Viewed': EventCode.ItemViewed,
  'Item Bookmarked': EventCode.ItemBookmarked,
  'Signed In': EventCode.SignedIn,
  ...Object.fromEntries(passiveEvents.map((e) => [e, EventCode.Passive])),
});

/** Whether a code makes the learner active on that day. */
export function isActiveCode(code: number): boolean {
  return code !== EventCode.Inactive && code !== EventCode.Passive;
}

/** The code of an event row, in SQL. */
export function eventCode(eb: ExpressionBuilder<Database, 'events'>) {
  let byName = eb.case('event').when(Object.keys(codedEvents)[0]!).then(Object.values(codedEvents)[0]!);
  for (const [name, code] of Object.entries(codedEvents).slice(1)) byName = byName.when(name).then(code);
  return eb.case()
    .when('type', 'not in', [...activeCallTypes]).then(EventCode.Inactive)
    .when('type', '<>', 'track').then(EventCode.View)
    .else(byName.else(EventCode.Active).end())
    .end();
}
