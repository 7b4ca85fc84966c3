/**
 * How learner behaviour becomes interaction strength: one weight per kind of signal, summed per
 * (learner, product) with time decay, capped. A purchase says more than a completion, which says
 * more than watch time, which says more than a view; refunds, low ratings and dismissals subtract.
 * Lesson events count for the lesson's course: recommendations are of products, not lessons.
 *
 * @example
 *   signalWeight('Order Completed', null, defaultSignalWeights); // 5
 */
export interface SignalWeights {
  purchase: number;
  lessonCompleted: number;
  /** Per minute watched (Lesson Progress `watched_s` / 60). */
  watchMinute: number;
  lessonStarted: number;
  view: number;
  bookmark: number;
  share: number;
  recommendationClicked: number;
  /** Per star away from 3: a 5-star rating adds 2×, a 1-star subtracts 2×. */
  ratingPerStar: number;
  refund: number;
  dismissed: number;
  /** Interactions lose half their weight every this many days before the training date. */
  halfLifeDays: number;
  /** Upper bound of one (learner, product) cell, so a binge does not drown everything else. */
  maxValue: number;
}

export const defaultSignalWeights: Readonly<SignalWeights> = Object.freeze({
  purchase: 5,
  lessonCompleted: 1,
  watchMinute: 0.05,
  lessonStarted: 0.5,
  view: 0.3,
  bookmark: 2,
  share: 2,
  recommendationClicked: 0.5,
  ratingPerStar: 1,
  refund: -8,
  dismissed: -3,
  halfLifeDays: 180,
  maxValue: 12,
});

/** The events that carry a signal; the training query reads only these. */
export const signalEvents = [
  'Order Completed', 'Order Refunded', 'Lesson Completed', 'Lesson Progress', 'Lesson Started', 'Item Viewed',
  'Item Bookmarked', 'Item Shared', 'Recommendation Clicked', 'Recommendation Dismissed', 'Item Rated',
] as const;

/** The weight of one event before time decay; 0 for events that carry no signal. */
export function signalWeight(event: string | null, value: number | null, w: Readonly<SignalWeights>): number {
  switch (event) {
    case 'Order Completed': return w.purchase;
    case 'Order Refunded': return w.refund;
    case 'Lesson Completed': return w.lessonCompleted;
    case 'Lesson Progress': return value !== null && value > 0 ? (value / 60) * w.watchMinute : 0;
    case 'Lesson Started': return w.lessonStarted;
    case 'Item Viewed': return w.view;
    case 'Item Bookmarked': return w.bookmark;
    case 'Item Shared': return w.share;
    case 'Recommendation Clicked': return w.recommendationClicked;
    case 'Recommendation Dismissed': return w.dismissed;
    case 'Item Rated': return value === null ? 0 : (value - 3) * w.ratingPerStar;
    default: return 0;
  }
}

/** The decay factor of an event `ageMs` old. */
export function decay(ageMs: number, w: Readonly<SignalWeights>): number {
  return ageMs <= 0 ? 1 : Math.pow(0.5, ageMs / (w.halfLifeDays * 86_400_000));
}
