/**
 * The doors through which Learnloop's own features act on the simulated learners.
 *
 * - A `RecommendationPolicy` is asked once a day for each learner who opens the app:
 *   `policy(userId, k, dayIndex) → itemIds` (best first). The learner sees the slate on the home
 *   screen (`Recommendation Shown`), looks down it with falling attention, clicks what appeals to
 *   them (`Recommendation Clicked`, then `Item Viewed` with `source: 'recommendation'` and maybe a
 *   purchase) and dismisses what clearly does not (`Recommendation Dismissed`). Good slates lead to
 *   content the learner enjoys, which lowers their churn hazard; that is the effect to measure.
 *   Unknown ids are ignored; a lesson id stands for its course.
 * - A `NudgePolicy` is asked once a day for the nudges to send: `policy(dayIndex) → Nudge[]`. Each
 *   nudge is a push (`Notification Sent`); a learner who is still around and accepts pushes opens it
 *   (`Notification Opened`) the likelier the more relevant it is, comes back for a session, and has
 *   their hazard cut by `nudgeEffect × relevance`. Unopened nudges annoy a little. Nudges to learners
 *   who already left are sent but never opened.
 *
 * Both may be async (e.g. call a running server); the simulator awaits them before the day's
 * behaviour, so they see the events of every earlier day. Without policies learners browse organically.
 *
 * @example
 *   const byPopularity: RecommendationPolicy = (_userId, k) => topItems.slice(0, k);
 *   const winBack: NudgePolicy = (day) => atRisk(day).map((userId) => ({ userId, campaign: 'win-back' }));
 *   await simulatePlatform({ users: 1000, days: 60, seed: 1, recommendationPolicy: byPopularity, nudgePolicy: winBack }, sink);
 */
import { COURSE } from './catalog.js';
import { nextId } from './learners.js';
import { appeal, type LearnerDay, type World } from './world.js';
import type { Learner } from './learners.js';
import { viewItem } from './shopping.js';

export type RecommendationPolicy = (userId: string, k: number, dayIndex: number) => readonly string[] | Promise<readonly string[]>;

export interface Nudge {
  userId: string;
  /** What the nudge points at (a course, lesson or other item); omitted = a generic "come back". */
  itemId?: string;
  campaign?: string;
}

export type NudgePolicy = (dayIndex: number) => readonly Nudge[] | Promise<readonly Nudge[]>;

/** Relevance (0–1) of something pointed at when the pointer carries no item. */
const genericRelevance = 0.25;

/** The product an item id stands for (a lesson stands for its course); -1 if unknown. */
export function productOf(world: World, itemId: string | undefined): number {
  if (itemId === undefined) return -1;
  return world.catalog.productIndex.get(itemId) ?? world.catalog.lessonCourse.get(itemId) ?? -1;
}

/**
 * How relevant pointing this learner at product `p` is: a course they are in the middle of is a
 * good reminder; something they finished or gave up on is not; anything else is as relevant as it
 * is appealing to them.
 */
export function relevance(learner: Learner, world: World, p: number): number {
  if (p < 0) return genericRelevance;
  const held = learner.state.holdings.get(p);
  if (held) {
    const c = world.catalog;
    const inProgress = c.productKind[p] === COURSE && !held.abandoned && held.nextLesson < c.lessonCount[p]!;
    return inProgress ? 0.8 : 0.1;
  }
  return Math.min(1, 1.25 * appeal(learner, world, p));
}

/** The learner looks at a recommended slate on the home screen. Returns the time after it. */
export function respondToSlate(d: LearnerDay, itemIds: readonly string[], t: number, endMs: number): number {
  const { learner, world } = d;
  const rng = learner.rng;
  const recommendationId = nextId(learner, 'rec');
  world.outbox.track(learner, t, 'Recommendation Shown', { recommendation_id: recommendationId, placement: 'home', item_ids: [...itemIds] });
  t += 2_000;
  let clicks = 0;
  for (let position = 0; position < itemIds.length && t < endMs; position++) {
    const p = productOf(world, itemIds[position]);
    if (p < 0 || !rng.chance(Math.pow(0.85, position))) continue;
    const held = learner.state.holdings.has(p);
    const a = held ? 0.05 : appeal(learner, world, p);
    const event = { recommendation_id: recommendationId, placement: 'home', item_id: itemIds[position]!, position: position + 1 };
    if (clicks < 2 && rng.chance(0.3 * a)) {
      clicks++;
      world.outbox.track(learner, t, 'Recommendation Clicked', event);
      t = viewItem(d, p, 'recommendation', t + 1_500, endMs);
    } else if (rng.chance(0.15 * (1 - a) * (held ? 2 : 1))) {
      world.outbox.track(learner, t, 'Recommendation Dismissed', event);
      d.frustration += 0.1;
      t += 1_500;
    }
  }
  return t;
}
