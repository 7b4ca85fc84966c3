/**
 * The platform's membership (会员): members open every e-book, audio series, column and live talk
 * without buying it. Learners with room in their budget sometimes subscribe
 * (`Subscription Started`, plus an `identify` with the new `plan` trait); members who are drifting
 * away cancel more often (`Subscription Cancelled`).
 *
 * @example
 *   considerMembership(learnerDay, t); // at the start of a session
 */
import { nextId } from './learners.js';
import type { LearnerDay } from './world.js';

export const plans = Object.freeze({
  'member-monthly': { priceCny: 30, period: 'month' },
  'member-annual': { priceCny: 298, period: 'year' },
});

export function considerMembership(d: LearnerDay, t: number): void {
  const { learner, world } = d;
  const s = learner.state;
  const rng = learner.rng;
  if (s.memberPlan === null) {
    if (s.budgetLeft < 100 || !rng.chance(0.006)) return;
    const plan = rng.chance(0.7) ? 'member-monthly' : 'member-annual';
    const { priceCny, period } = plans[plan];
    s.memberPlan = plan;
    s.subscriptionId = nextId(learner, 'sub');
    s.budgetLeft -= priceCny;
    world.outbox.track(learner, t, 'Subscription Started', {
      subscription_id: s.subscriptionId, plan, price: priceCny, currency: 'CNY', period,
    });
    world.outbox.identify(learner, t + 1_000, { plan: 'member' });
    d.joy += 0.3;
    return;
  }
  if (!rng.chance(0.01 + 0.5 * s.hazard)) return;
  world.outbox.track(learner, t, 'Subscription Cancelled', {
    subscription_id: s.subscriptionId!, plan: s.memberPlan, reason: rng.pick(['too_expensive', 'not_using', 'other']),
  });
  world.outbox.identify(learner, t + 1_000, { plan: 'free' });
  s.memberPlan = null;
  s.subscriptionId = null;
}
