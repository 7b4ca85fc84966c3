/**
 * One day of the whole platform. Every learner's day is planned first (so the recommendation
 * policy can be asked about exactly the learners who show up), then all sessions, pushes and bot
 * bursts run in order of their start time. Running them in time order means what one learner buys
 * or rates is visible to those who come later that day, and the outbox can hand messages to the
 * sink as soon as no later activity can precede them, instead of holding a whole day in memory.
 *
 * @example
 *   await simulateDay(world, { people, bots, day, dayStartMs, weekday, nudges, slatePolicy, k, flushEvery: 1000 });
 */
import type { Learner } from './learners.js';
import { finishDay, planDay, runSession, startDay, type DayPlan } from './learner-day.js';
import { deliverPush } from './notifications.js';
import type { Nudge, RecommendationPolicy } from './policy.js';
import { planBotDay, runBotBurst } from './bots.js';
import { dayMs, type LearnerDay, type World } from './world.js';

export interface DayInput {
  people: readonly Learner[];
  bots: readonly Learner[];
  day: number;
  dayStartMs: number;
  /** 0 = Sunday … 6 = Saturday, in platform time. */
  weekday: number;
  nudges: ReadonlyMap<string, readonly Nudge[]>;
  recommendationPolicy: RecommendationPolicy | undefined;
  recommendationsK: number;
  /** Hand messages to the sink whenever this many are waiting. */
  flushEvery: number;
}

/** What happens at one moment: a learner's session, a push reaching them, or a bot's burst. */
interface Happening {
  ms: number;
  order: number;
  run: () => void;
}

export async function simulateDay(world: World, input: DayInput): Promise<void> {
  const { day, dayStartMs } = input;
  const plans: DayPlan[] = [];
  for (const l of input.people) {
    const plan = planDay(world, l, day, dayStartMs, input.weekday, input.nudges.get(l.userId) ?? []);
    if (plan) plans.push(plan);
  }
  const slates = await askForSlates(input, plans);
  const agenda: Happening[] = [];
  const frames: LearnerDay[] = [];
  plans.forEach((plan, i) => {
    const d = startDay(world, plan);
    frames.push(d);
    for (const push of plan.pushes) agenda.push({ ms: push.sentMs, order: agenda.length, run: () => deliverPush(d, push) });
    plan.sessions.forEach((session, j) => {
      agenda.push({ ms: session.startMs, order: agenda.length, run: () => runSession(d, session, j, slates[i]) });
    });
  });
  for (const bot of input.bots) {
    const burst = planBotDay(bot, day, dayStartMs);
    if (burst) agenda.push({ ms: burst.startMs, order: agenda.length, run: () => runBotBurst(world, bot, day, burst) });
  }
  agenda.sort((a, b) => a.ms - b.ms || a.order - b.order);
  for (let i = 0; i < agenda.length; i++) {
    agenda[i]!.run();
    // Nothing still to run can emit before the next happening starts.
    if (world.outbox.waiting >= input.flushEvery && i + 1 < agenda.length) await world.outbox.flushBefore(agenda[i + 1]!.ms, true);
  }
  plans.forEach((plan, i) => finishDay(frames[i]!, plan));
  await world.outbox.flushBefore(dayStartMs + dayMs);
}

/** One policy call per learner who opens the app today, in user order. */
async function askForSlates(input: DayInput, plans: readonly DayPlan[]): Promise<(readonly string[] | undefined)[]> {
  const slates: (readonly string[] | undefined)[] = new Array(plans.length);
  const policy = input.recommendationPolicy;
  if (!policy) return slates;
  for (let i = 0; i < plans.length; i++) {
    const plan = plans[i]!;
    if (plan.sessions.length > 0) slates[i] = await policy(plan.learner.userId, input.recommendationsK, input.day);
  }
  return slates;
}
