/**
 * One learner's day, in two steps so that policies can be asked in between:
 *
 * 1. `planDay` decides whether the learner shows up (by habit and weekday, less often as their
 *    satisfaction sinks), when their sessions start (their active hours, in their own time zone)
 *    and how long they last, and which pushes reach them and get opened (an opened push starts a
 *    session).
 * 2. `startDay`, then `runSession` for each session (the caller interleaves all learners'
 *    sessions in time order): `identify` on the sign-up day, `Signed In`, a Home screen/page, the
 *    recommendation slate if a policy gave one, then until the session's time is up: continue a
 *    course (60%), reopen a library item, or browse. `finishDay` then moves the churn hazard with the
 *    day's joy and frustration (through a running satisfaction), and a draw decides whether the learner leaves for good.
 *
 * @example
 *   const plan = planDay(world, learner, day, dayStartMs, weekday, nudges)!;
 *   const d = startDay(world, plan);
 *   plan.sessions.forEach((s, i) => runSession(d, s, i, slate));
 *   finishDay(d, plan);
 */
import { isAround, type Learner } from './learners.js';
import { planNotifications, type Push } from './notifications.js';
import type { Nudge } from './policy.js';
import { respondToSlate } from './policy.js';
import { browse, libraryItems, open, revisit, viewItem } from './shopping.js';
import { maybeAnswerSurvey } from './feedback.js';
import { considerMembership } from './membership.js';
import { iso } from './messages.js';
import { dayMs, minuteMs, platformUtcOffsetH, type LearnerDay, type World } from './world.js';

export interface Session {
  readonly startMs: number;
  readonly endMs: number;
  /** The push this session was opened from, if any. */
  readonly push?: Push;
}

export interface DayPlan {
  readonly learner: Learner;
  readonly day: number;
  readonly startMs: number;
  readonly sessions: readonly Session[];
  readonly pushes: readonly Push[];
}

/** Sessions end this long before midnight so that a session's trailing events stay on its day. */
const dayEndGuardMs = 20 * minuteMs;
const minHazard = 0.0005;
/** A nudge's effect on the hazard wears off by this share a day. */
const nudgeRelaxPerDay = 0.1;
const emptyVisitFrustration = 0.4;
const hazardPerSatisfaction = 1.5;
const maxHazard = 0.6;

function activityChance(l: Learner, day: number, weekend: boolean): number {
  const sinceSignup = day - l.signupDay;
  switch (l.habit) {
    case 'daily': return weekend ? 0.6 : 0.75;
    case 'weekly': return weekend ? 0.3 : 0.2;
    case 'weekend': return weekend ? 0.75 : 0.07;
    case 'one-off': return sinceSignup < 3 ? 0.5 : 0.05;
    default: return 0;
  }
}

function sessionMinutes(l: Learner, weekend: boolean): number {
  const mean = l.habit === 'daily' ? 18 : l.habit === 'weekly' ? 30 : l.habit === 'weekend' ? (weekend ? 55 : 20) : 12;
  return 3 + l.rng.exponential(mean);
}

export function planDay(
  world: World, l: Learner, day: number, startMs: number, weekday: number, nudges: readonly Nudge[],
): DayPlan | null {
  if (day < l.signupDay) return null;
  const weekend = weekday === 0 || weekday === 6;
  const pushes = planNotifications(world, l, day, startMs, weekday === 1, nudges);
  if (!isAround(l, day)) return { learner: l, day, startMs, sessions: [], pushes };
  const rng = l.rng;
  // Unhappy learners come less often before they leave for good: the signal churn models read.
  const fade = Math.min(1.3, Math.max(0.35, 1 + 0.3 * l.state.satisfaction));
  const starts: { ms: number; push?: Push }[] = [];
  if (day === l.signupDay || rng.chance(activityChance(l, day, weekend) * fade)) {
    const count = l.habit === 'daily' ? 1 + (rng.chance(0.35) ? 1 : 0) : l.habit === 'weekend' && weekend ? 1 + rng.poisson(1) : 1;
    for (let i = 0; i < count; i++) {
      const localHour = rng.pick(l.activeHours) + rng.normal(0, 0.75);
      const platformHour = (((localHour - l.utcOffsetH + platformUtcOffsetH) % 24) + 24) % 24;
      starts.push({ ms: startMs + Math.round(platformHour * 3_600_000) });
    }
  }
  for (const p of pushes) if (p.openedMs >= 0) starts.push({ ms: p.openedMs, push: p });
  starts.sort((a, b) => a.ms - b.ms);
  const sessions: Session[] = [];
  const lastEnd = startMs + dayMs - dayEndGuardMs;
  let free = startMs;
  for (const s of starts) {
    let begin = Math.max(s.ms, free);
    // Whoever signs up today does get in, even if their usual hour is too close to midnight.
    if (day === l.signupDay && sessions.length === 0) begin = Math.min(begin, lastEnd - 30 * minuteMs);
    const end = Math.min(begin + Math.round(sessionMinutes(l, weekend) * minuteMs), lastEnd);
    if (end - begin < 2 * minuteMs) continue;
    sessions.push(s.push ? { startMs: begin, endMs: end, push: s.push } : { startMs: begin, endMs: end });
    free = end + 5 * minuteMs;
  }
  return { learner: l, day, startMs, sessions, pushes };
}

const signInMethods = ['wechat', 'wechat', 'phone', 'password', 'apple'];

/** Open the learner's day: the frame its sessions and pushes emit into. */
export function startDay(world: World, plan: DayPlan): LearnerDay {
  const l = plan.learner;
  const s = l.state;
  if (isAround(l, plan.day) && plan.day >= s.budgetResetDay) {
    s.budgetLeft = l.monthlyBudgetCny;
    s.budgetResetDay += 30;
  }
  return { world, learner: l, day: plan.day, joy: 0, frustration: 0 };
}

/** Close the learner's day: note activity, move the hazard, draw who leaves. */
export function finishDay(d: LearnerDay, plan: DayPlan): void {
  if (!isAround(d.learner, d.day)) return;
  if (plan.sessions.length > 0) d.learner.state.lastActiveDay = d.day;
  endOfDay(d, plan.sessions.length > 0);
}

/** Play one session (`index` 0 is the day's first: identify on sign-up, Signed In, the slate). */
export function runSession(d: LearnerDay, session: Session, index: number, slate: readonly string[] | undefined): void {
  const { learner: l, world } = d;
  const out = world.outbox;
  const rng = l.rng;
  let t = session.startMs;
  const end = session.endMs;
  if (index === 0) {
    if (d.day === l.signupDay) {
      out.identify(l, t, { name: l.name, city: l.city, createdAt: iso(t), plan: 'free', language: l.language });
      t += 1_000;
    }
    out.track(l, t, 'Signed In', { method: signInMethods[l.index % signInMethods.length]! });
    t += 1_000;
  }
  out.view(l, t, 'Home', { path: '/home' });
  t += 2_000;
  if (session.push && session.push.product >= 0) t = viewItem(d, session.push.product, 'notification', t, end);
  if (index === 0 && slate && slate.length > 0) t = respondToSlate(d, slate, t, end);
  if (index === 0) {
    considerMembership(d, t);
    maybeAnswerSurvey(d, t + 500);
  }
  for (let step = 0; step < 40 && t < end - minuteMs; step++) {
    const queue = l.state.courseQueue;
    const r = rng.next();
    if (queue.length > 0 && r < 0.6) {
      const product = rng.chance(0.75) ? queue[queue.length - 1]! : rng.pick(queue);
      t = open(d, l.state.holdings.get(product)!, t, end);
    } else {
      const library = r < 0.72 ? libraryItems(d) : [];
      t = library.length > 0 ? revisit(d, rng.pick(library), t, end) : browse(d, t, end);
    }
    t += 5_000 + rng.int(20_000);
  }
}

/**
 * Satisfaction follows the day — after an active day it moves a quarter of the way to the day's
 * joy − frustration (clamped to ±3), on quiet days it fades toward 0 — and sets the hazard:
 * base × e^(−1.5·satisfaction) × nudgeFactor. Then the leaving draw.
 */
function endOfDay(d: LearnerDay, active: boolean): void {
  const l = d.learner;
  const s = l.state;
  // A visit that found nothing worth the time is a small disappointment of its own.
  if (active && d.joy === 0) d.frustration += emptyVisitFrustration;
  if (active) s.satisfaction += 0.25 * (Math.min(3, Math.max(-3, d.joy - d.frustration)) - s.satisfaction);
  else s.satisfaction *= 0.98;
  s.nudgeFactor += (1 - s.nudgeFactor) * nudgeRelaxPerDay;
  s.hazard = Math.min(maxHazard, Math.max(minHazard, l.baseHazard * Math.exp(-hazardPerSatisfaction * s.satisfaction) * s.nudgeFactor));
  s.hazardPath[d.day] = s.hazard;
  // Leaving after the last simulated day would be invisible, so the last day draws no one away.
  if (l.rng.next() < s.hazard && d.day + 1 < s.hazardPath.length) s.churnDay = d.day + 1;
}
