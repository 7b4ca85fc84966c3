/**
 * Pushes the platform sends: the weekly digest (Mondays 20:00 platform time, to everyone who signed
 * up and accepts pushes) and the nudges a `NudgePolicy` asks for (19:00). `Notification Sent` is the
 * platform's record and goes out even to learners who have already left; `Notification Opened` only
 * comes from learners still around, the likelier the more relevant the push.
 *
 * @example
 *   const pushes = planNotifications(world, learner, day, dayStartMs, isMonday, nudgesForLearner);
 *   for (const p of pushes) deliverPush(learnerDay, p); // at p.sentMs, in time order with everything else
 */
import { nextId, isAround, type Learner } from './learners.js';
import type { Nudge } from './policy.js';
import { productOf, relevance } from './policy.js';
import { minuteMs, type LearnerDay, type World } from './world.js';

export interface Push {
  readonly notificationId: string;
  readonly campaign: string;
  readonly itemId: string | undefined;
  /** Product pointed at, -1 for none. */
  readonly product: number;
  readonly nudge: boolean;
  readonly sentMs: number;
  readonly relevance: number;
  /** When the learner opens it; -1 if never. */
  readonly openedMs: number;
}

const digestHourPlatform = 20;
const nudgeHourPlatform = 19;
/** How much an unopened nudge raises the hazard, scaled by how irrelevant it was. */
const annoyance = 0.03;

export function planNotifications(
  world: World, learner: Learner, day: number, dayStartMs: number, digestDay: boolean, nudges: readonly Nudge[],
): Push[] {
  const out: Push[] = [];
  if (digestDay && learner.pushOptIn) out.push(plan(world, learner, day, dayStartMs + digestHourPlatform * 3_600_000, 'weekly-digest', undefined, false));
  for (const n of nudges) {
    out.push(plan(world, learner, day, dayStartMs + nudgeHourPlatform * 3_600_000 + out.length * 1000, n.campaign ?? 'nudge', n.itemId, true));
  }
  return out;
}

function plan(world: World, learner: Learner, day: number, sentMs: number, campaign: string, itemId: string | undefined, nudge: boolean): Push {
  const product = productOf(world, itemId);
  const rel = relevance(learner, world, product);
  const reachable = isAround(learner, day) && learner.pushOptIn;
  const opened = reachable && learner.rng.chance(0.1 + 0.4 * rel);
  const openedMs = opened ? sentMs + Math.round(learner.rng.exponential(20) * minuteMs) : -1;
  return { notificationId: nextId(learner, 'push'), campaign, itemId, product, nudge, sentMs, relevance: rel, openedMs };
}

/**
 * Emit one push (and its opening). An opened nudge multiplies the learner's hazard by
 * (1 − nudgeEffect × relevance), an ignored one raises it a little; both wear off over days.
 */
export function deliverPush(d: LearnerDay, p: Push): void {
  const { learner, world } = d;
  const s = learner.state;
  const props = { notification_id: p.notificationId, campaign: p.campaign, channel: 'push' };
  world.outbox.trackFromServer(learner, p.sentMs, 'Notification Sent', p.itemId === undefined ? props : { ...props, item_id: p.itemId });
  if (p.openedMs >= 0) {
    world.outbox.track(learner, p.openedMs, 'Notification Opened', { notification_id: p.notificationId, campaign: p.campaign });
    if (p.nudge) s.nudgeFactor *= 1 - world.nudgeEffect * p.relevance;
  } else if (p.nudge && isAround(learner, d.day) && learner.pushOptIn) {
    // Only a push the learner saw and ignored can annoy them; one that never reached them cannot.
    s.nudgeFactor *= 1 + annoyance * (1 - p.relevance);
  }
}
