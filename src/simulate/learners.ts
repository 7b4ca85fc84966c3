/**
 * The simulated platform's learners: who they are (hidden from the platform) and what they carry
 * from day to day. Each learner has sparse topic interests (Dirichlet), a skill level, a habit
 * (daily / weekly / weekend binger / one-off), a monthly budget, a device, a time zone with active
 * hours that stay put in local time, a sign-up day, and a daily churn hazard. A small share are
 * bots: accounts driven by scripts, with event rates no person produces.
 *
 * @example
 *   const learners = generateLearners({ seed: 1, users: 1000, days: 90, botShare: 0.003, clockSkewShare: 0.02 });
 *   learners[0]!.habit;      // 'weekly'
 *   learners[0]!.interests;  // Float64Array over topics, sums to 1
 */
import { Rng } from './random.js';
import { cityIn, personName, type Language } from './phrases.js';
import { topics } from './vocabulary.js';
import type { SegmentContext, Sender } from './messages.js';

export const habits = ['daily', 'weekly', 'weekend', 'one-off'] as const;
export type Habit = (typeof habits)[number] | 'bot';

/** Daily churn hazard a learner starts with, by habit: one-off visitors mostly leave within days. */
export const baseHazardByHabit: Readonly<Record<Habit, number>> = Object.freeze({
  daily: 0.008, weekly: 0.012, weekend: 0.012, 'one-off': 0.2, bot: 0,
});

/** Something the learner holds: a bought or free course, e-book, audio series, column or live talk. */
export interface Holding {
  readonly product: number;
  readonly orderId: string | null;
  readonly price: number;
  readonly day: number;
  /** Courses: index (0-based) of the lesson to watch next and where to resume it. */
  nextLesson: number;
  resumeS: number;
  lessonsCompleted: number;
  /** Times an e-book, audio series, column or live talk was opened. */
  uses: number;
  abandoned: boolean;
  rated: boolean;
  /** Running sense of how the content is going (the refund and rating decisions read it). */
  enjoyment: number;
}

export interface Learner extends Sender {
  readonly index: number;
  readonly kind: 'person' | 'bot';
  readonly habit: Habit;
  readonly name: string;
  readonly city: string;
  readonly language: Language;
  readonly interests: Float64Array;
  /** The largest interest, to scale topic match to 0–1. */
  readonly topInterest: number;
  readonly skill: number;
  readonly monthlyBudgetCny: number;
  /** Local hours (0–24) this learner likes to learn at. */
  readonly activeHours: readonly number[];
  /** Hours ahead of UTC of the learner's time zone (fixed, no daylight saving). */
  readonly utcOffsetH: number;
  readonly playbackSpeed: number;
  readonly pushOptIn: boolean;
  readonly signupDay: number;
  readonly baseHazard: number;
  state: LearnerState;
}

export interface LearnerState {
  /** Today's daily churn hazard: base × e^(−1.5·satisfaction) × nudgeFactor. */
  hazard: number;
  /**
   * How the platform has been going for the learner lately, roughly −3…3: a running average of
   * each active day's joy minus frustration, fading toward 0 on quiet days.
   */
  satisfaction: number;
  /** Multiplier on the hazard from recent nudges (below 1 after relevant ones), relaxing back to 1. */
  nudgeFactor: number;
  /** Day from which the learner is gone for good; -1 while still around. */
  churnDay: number;
  lastActiveDay: number;
  /** Hazard at the end of each day since sign-up (NaN before sign-up). */
  readonly hazardPath: Float32Array;
  readonly holdings: Map<number, Holding>;
  /** Courses in progress, most recent last. */
  readonly courseQueue: number[];
  budgetLeft: number;
  budgetResetDay: number;
  memberPlan: string | null;
  subscriptionId: string | null;
  surveyed: boolean;
  counter: number;
}

export interface LearnerOptions {
  seed: number;
  users: number;
  days: number;
  botShare: number;
  clockSkewShare: number;
}

const zones: readonly { zone: string; offsetH: number; share: number }[] = [
  { zone: 'Asia/Shanghai', offsetH: 8, share: 0.9 }, { zone: 'Asia/Singapore', offsetH: 8, share: 0.03 },
  { zone: 'America/Los_Angeles', offsetH: -8, share: 0.03 }, { zone: 'Europe/London', offsetH: 0, share: 0.02 },
  { zone: 'Australia/Sydney', offsetH: 11, share: 0.02 },
];

const devices: readonly { share: number; context: (rng: Rng) => Pick<SegmentContext, 'device' | 'os'> }[] = [
  { share: 0.38, context: (rng) => ({ device: { type: 'ios', manufacturer: 'Apple', model: rng.pick(['iPhone14,5', 'iPhone15,2', 'iPhone16,1']) }, os: { name: 'iOS', version: rng.pick(['17.6', '18.3', '18.4']) } }) },
  { share: 0.45, context: (rng) => ({ device: { type: 'android', manufacturer: rng.pick(['Xiaomi', 'HUAWEI', 'OPPO', 'vivo']), model: rng.pick(['23127PN0CC', 'ALN-AL00', 'PHZ110', 'V2309A']) }, os: { name: 'Android', version: rng.pick(['12', '13', '14']) } }) },
  { share: 0.17, context: (rng) => ({ device: { type: 'web' }, os: { name: rng.pick(['Mac OS', 'Windows']), version: rng.pick(['14.5', '10', '11']) } }) },
];

const appInfo = Object.freeze({ name: 'Zhixue 知学', version: '4.2.0', build: '4200' });
const habitShares = [0.25, 0.3, 0.2, 0.25];
/** Chronotypes: the local hours a learner tends to open the app. */
const hourProfiles: readonly (readonly number[])[] = [[7.5, 21], [12.5, 21.5], [20.5], [22.5, 23.5], [8, 12.5, 20]];
const speeds = [1, 1, 1, 1, 1, 1.25, 1.25, 1.5, 1.5, 2];

/** Learners and bots in user-id order; which ones are bots is a seeded draw of exact size. */
export function generateLearners(o: LearnerOptions): Learner[] {
  const botCount = Math.round(o.users * o.botShare);
  const botRng = new Rng(o.seed, 'bots');
  const bots = new Set<number>();
  while (bots.size < Math.min(botCount, o.users)) bots.add(botRng.int(o.users));
  const out: Learner[] = [];
  for (let i = 0; i < o.users; i++) out.push(makeLearner(o, i, bots.has(i)));
  return out;
}

function makeLearner(o: LearnerOptions, index: number, bot: boolean): Learner {
  const rng = new Rng(o.seed, 'learner', index);
  const userId = `u${String(index + 1).padStart(6, '0')}`;
  const habit: Habit = bot ? 'bot' : habits[rng.weighted(habitShares)]!;
  const zoneAt = zones[rng.weighted(zones.map((z) => z.share))]!;
  const language: Language = zoneAt.offsetH === 8 && zoneAt.zone === 'Asia/Shanghai' ? (rng.chance(0.04) ? 'en' : 'zh') : (rng.chance(0.6) ? 'en' : 'zh');
  const device = bot ? { device: { type: 'web' }, os: { name: 'Linux', version: 'x86_64' } } : devices[rng.weighted(devices.map((d) => d.share))]!.context(rng);
  const context: SegmentContext = {
    ...device, app: { ...appInfo }, locale: language === 'zh' ? 'zh-CN' : 'en-US', timezone: zoneAt.zone,
  };
  if (bot) context.userAgent = rng.pick(['python-requests/2.31.0', 'Go-http-client/1.1', 'curl/8.5.0']);
  // Shared by every message from this device, so frozen: no consumer may change one learner's context for all.
  for (const part of [context.device, context.os, context.app, context]) Object.freeze(part);
  const interests = rng.dirichlet(0.3, new Float64Array(topics.length));
  let topInterest = 0;
  for (const x of interests) topInterest = Math.max(topInterest, x);
  // A quarter of sign-ups come in the launch week, the rest spread over the whole period.
  const signupDay = rng.chance(0.25) ? rng.int(Math.min(7, o.days)) : rng.int(o.days);
  const skewed = !bot && rng.chance(o.clockSkewShare);
  const clockSkewMs = skewed ? Math.round((rng.chance(0.5) ? 1 : -1) * Math.exp(rng.between(Math.log(60_000), Math.log(2 * 86_400_000)))) : 0;
  const baseHazard = baseHazardByHabit[habit] * rng.between(0.7, 1.3);
  const monthlyBudgetCny = Math.round(rng.logNormal(4.6, 0.9));
  const hazardPath = new Float32Array(o.days).fill(NaN);
  return {
    index, userId, rng, context, clockSkewMs, kind: bot ? 'bot' : 'person', habit,
    name: personName(rng, language), city: cityIn(rng, zoneAt.zone), language, interests, topInterest,
    skill: rng.beta(2, 2), monthlyBudgetCny, activeHours: rng.pick(hourProfiles), utcOffsetH: zoneAt.offsetH,
    playbackSpeed: rng.pick(speeds), pushOptIn: rng.chance(0.6), signupDay, baseHazard,
    state: {
      hazard: baseHazard, satisfaction: 0, nudgeFactor: 1, churnDay: -1, lastActiveDay: -1, hazardPath, holdings: new Map(), courseQueue: [],
      budgetLeft: monthlyBudgetCny, budgetResetDay: signupDay + 30, memberPlan: null, subscriptionId: null,
      surveyed: false, counter: 0,
    },
  };
}

/** A fresh per-learner id (orders, questions, reviews …), stable for a seed. */
export function nextId(learner: Learner, prefix: string): string {
  return `${prefix}-${learner.userId}-${++learner.state.counter}`;
}

/** Is the learner around on `day` (signed up, not churned)? */
export function isAround(learner: Learner, day: number): boolean {
  return day >= learner.signupDay && (learner.state.churnDay < 0 || day < learner.state.churnDay);
}
