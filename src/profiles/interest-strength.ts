/**
 * How strongly one event says a learner cares about the item's topic. Purchases say the most,
 * then bookmarks and good ratings, completed lessons, views, and watch time by the minute. Used for
 * the preferred topic of the feature table and for the top interests of a profile.
 *
 * @example
 *   interestWeight(EventCode.ItemViewed, null);      // 1
 *   interestWeight(EventCode.LessonProgress, 600);   // 1 (10 minutes × 0.1)
 */
import { EventCode } from './event-codes.js';

export const interestWeights = Object.freeze({
  purchase: 10,
  bookmark: 3,
  goodRating: 3,
  lessonCompleted: 2,
  view: 1,
  perLearningMinute: 0.1,
});

/** The longest a single heartbeat may claim (the derive step's bound for a first heartbeat). */
export const heartbeatCapS = 600;

/** Seconds a heartbeat counts for: what it claims, at most `heartbeatCapS`, never negative. */
export function heartbeatSeconds(value: number | null): number {
  return value !== null && value > 0 ? Math.min(value, heartbeatCapS) : 0;
}

/** The weight of one event by its code (purchases are weighed per order item: `interestWeights.purchase`). */
export function interestWeight(code: number, value: number | null): number {
  switch (code) {
    case EventCode.ItemViewed: return interestWeights.view;
    case EventCode.ItemBookmarked: return interestWeights.bookmark;
    case EventCode.ItemRated: return value !== null && value >= 4 ? interestWeights.goodRating : 0;
    case EventCode.LessonCompleted: return interestWeights.lessonCompleted;
    case EventCode.LessonProgress: return (heartbeatSeconds(value) / 60) * interestWeights.perLearningMinute;
    default: return 0;
  }
}
