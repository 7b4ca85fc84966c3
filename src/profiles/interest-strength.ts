/**
 * How strongly one event says a learner cares about the item's topic. Purchases say the most,
 * then bookmarks and good ratings, completed lessons, views, and watch time by the minute. Used for
 * the preferred topic of the feature table and for the top interests of a profile.
 *
 * @example
 *   interestWeight('Item Viewed', null);          // 1
 *   interestWeight('Lesson Progress', 600);       // 1 (10 minutes × 0.1)
 */
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

/** The weight of one event (purchases are weighed per order item, see `interestWeights.purchase`). */
export function interestWeight(event: string | null, value: number | null): number {
  switch (event) {
    case 'Item Viewed': return interestWeights.view;
    case 'Item Bookmarked': return interestWeights.bookmark;
    case 'Item Rated': return value !== null && value >= 4 ? interestWeights.goodRating : 0;
    case 'Lesson Completed': return interestWeights.lessonCompleted;
    case 'Lesson Progress': return value !== null && value > 0 ? (Math.min(value, heartbeatCapS) / 60) * interestWeights.perLearningMinute : 0;
    default: return 0;
  }
}
