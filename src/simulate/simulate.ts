/**
 * The simulated knowledge platform ("Zhixue 知学"): a deterministic generator of a catalog, learners
 * and their Segment-shaped events, with the hidden truth exported, so every later feature can be
 * checked against what really drove the behaviour. It never touches a database: messages go to a
 * sink, in arrival order, in batches.
 *
 * ## The behaviour model, briefly
 * - **Catalog** (`catalog.ts`): ~300 courses (5–30 lessons each, some free, most with a free preview
 *   lesson), e-books, audio series, columns and live talks in 12 topics, titled and described in
 *   Chinese or English from topic vocabularies. Hidden: quality (mostly the author's), difficulty
 *   (around what the title promises), and 1–3 hard lessons per course.
 * - **Learners** (`learners.ts`): sparse Dirichlet topic interests, skill, habit (daily 25%, weekly
 *   30%, weekend binger 20%, one-off 25%), monthly budget (log-normal, ~100 CNY median), device, time
 *   zone and active hours, playback speed, sign-up day (a quarter in launch week), and a few with a
 *   skewed device clock. `botShare` of the accounts are bots (`bots.ts`).
 * - **A day** (`learner-day.ts`): a learner shows up with a habit- and weekday-dependent chance that
 *   fades as their churn hazard rises; each session signs in, looks at the home screen (and a
 *   recommendation slate if a policy is set), then continues a course, reopens a library item, or
 *   browses (search / topic page / popular feed, `shopping.ts`). Views turn into previews, purchases
 *   and bookmarks by appeal (interest × language × visible quality) and budget. Lessons
 *   (`learning.ts`) emit heartbeats every ~60 s; drop-off per minute rises as engagement (quality,
 *   interest, level, language) falls and in hard lessons, where learners also rewind and ask
 *   questions. Ratings, reviews, refunds, shares and NPS answers follow quality and fit
 *   (`feedback.ts`); members (`membership.ts`) open non-course items for free; pushes
 *   (`notifications.ts`) bring learners back.
 * - **Churn**: each learner has a daily hazard = base (by habit: ~1% for regulars, 20% for one-off
 *   visitors) × e^(−1.5·satisfaction) × nudgeFactor. Satisfaction is a running average of each
 *   active day's joy (lessons and items the learner gets a lot from, good ratings, passed quizzes)
 *   minus frustration (drop-offs, poor content, refunds, failed quizzes, fruitless searches, visits
 *   that find nothing); it fades toward 0 on quiet days and also makes unhappy learners visit less.
 *   A daily draw against the hazard decides who leaves for good.
 * - **Noise**: a few messages are delivered twice (same `messageId`), some devices' clocks are off
 *   (minutes to two days; `timestamp` and `sentAt` shift together).
 * - **Policies** (`policy.ts`): optional recommendation and nudge policies let later features act on
 *   the learners and be measured against the truth.
 *
 * @example
 *   const result = await simulatePlatform({ users: 5000, days: 90, seed: 1 }, async (batch) => {
 *     await ingest(batch);
 *   });
 *   result.catalog.length;                   // items, in the items API's shape
 *   writeFileSync('truth.json', truthToJson(result.truth));
 */
import { generateCatalog, type CatalogItem } from './catalog.js';
import { generateLearners, type Learner } from './learners.js';
import { Outbox, type MessageSink } from './messages.js';
import { simulateDay } from './platform-day.js';
import type { Nudge, NudgePolicy, RecommendationPolicy } from './policy.js';
import { buildTruth, type SimulationTruth } from './truth.js';
import { createWorld, dayMs, platformTimezone, platformUtcOffsetH, refreshPopularity } from './world.js';

export interface SimulationOptions {
  users: number;
  days: number;
  seed: number;
  /** First simulated day, `YYYY-MM-DD` in platform time (Asia/Shanghai). Default 2026-03-02, a Monday. */
  startDate?: string;
  /** Number of courses; other item kinds scale with it. Default 300. */
  courses?: number;
  /** Messages per sink call. Default 500. */
  batchSize?: number;
  /** Share of accounts that are bots. Default 0.002. */
  botShare?: number;
  /** Share of messages delivered twice. Default 0.003. */
  duplicateShare?: number;
  /** Share of learners whose device clock is off. Default 0.02. */
  clockSkewShare?: number;
  recommendationPolicy?: RecommendationPolicy;
  /** Slate size asked of the recommendation policy. Default 8. */
  recommendationsK?: number;
  nudgePolicy?: NudgePolicy;
  /** How much a fully relevant, opened nudge cuts the hazard (0–1). Default 0.3. */
  nudgeEffect?: number;
  /** Called after each simulated day (all of its messages have been handed to the sink). */
  onDay?: (day: number, days: number, messagesSent: number) => void;
}

export interface SimulationSummary {
  users: number;
  bots: number;
  days: number;
  items: number;
  courses: number;
  /** Messages handed to the sink, duplicates included. */
  messages: number;
  duplicates: number;
  churned: number;
  /** Track events by name (duplicates not counted). */
  events: Record<string, number>;
}

export interface SimulationResult {
  catalog: CatalogItem[];
  truth: SimulationTruth;
  summary: SimulationSummary;
}

export const defaultStartDate = '2026-03-02';

/** UTC ms of 00:00 platform time on `YYYY-MM-DD`. */
export function platformDayStartMs(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`startDate must be YYYY-MM-DD, got "${date}"`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - platformUtcOffsetH * 3_600_000;
}

/**
 * Run the simulation, handing every message to `sink` in arrival order. Same options (and the same
 * answers from any policies) → the same messages, byte for byte.
 */
export async function simulatePlatform(options: SimulationOptions, sink: MessageSink): Promise<SimulationResult> {
  const o = withDefaults(options);
  const catalog = generateCatalog(o.seed, o.courses);
  const outbox = new Outbox(o.batchSize, sink, o.duplicateShare);
  const startMs = platformDayStartMs(o.startDate);
  const world = createWorld(catalog, outbox, startMs, { nudgeEffect: o.nudgeEffect });
  const learners = generateLearners(o);
  const people = learners.filter((l) => l.kind === 'person');
  const bots = learners.filter((l) => l.kind === 'bot');
  const firstWeekday = new Date(startMs + platformUtcOffsetH * 3_600_000).getUTCDay();
  for (let day = 0; day < o.days; day++) {
    const dayStart = startMs + day * dayMs;
    refreshPopularity(world);
    const nudges = o.nudgePolicy ? groupNudges(await o.nudgePolicy(day)) : new Map<string, Nudge[]>();
    await simulateDay(world, {
      people, bots, day, dayStartMs: dayStart, weekday: (firstWeekday + day) % 7, nudges,
      recommendationPolicy: o.recommendationPolicy, recommendationsK: o.recommendationsK, flushEvery: 2 * o.batchSize,
    });
    o.onDay?.(day, o.days, outbox.sent);
  }
  await outbox.flushAll();
  return {
    catalog: catalog.items,
    truth: buildTruth({ seed: o.seed, users: o.users, days: o.days, startDate: o.startDate, timezone: platformTimezone }, catalog, learners),
    summary: summarise(o, catalog.items, catalog.lessonCount, learners, outbox),
  };
}

type Resolved = Required<Omit<SimulationOptions, 'recommendationPolicy' | 'nudgePolicy' | 'onDay'>> &
  Pick<SimulationOptions, 'recommendationPolicy' | 'nudgePolicy' | 'onDay'>;

function withDefaults(o: SimulationOptions): Resolved {
  const given = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as SimulationOptions;
  const r: Resolved = {
    startDate: defaultStartDate, courses: 300, batchSize: 500, botShare: 0.002, duplicateShare: 0.003,
    clockSkewShare: 0.02, recommendationsK: 8, nudgeEffect: 0.3, ...given,
  };
  for (const key of ['users', 'days', 'courses', 'batchSize', 'recommendationsK'] as const) {
    if (!Number.isInteger(r[key]) || r[key] < 1) throw new RangeError(`${key} must be a positive integer, got ${r[key]}`);
  }
  if (!Number.isInteger(r.seed)) throw new RangeError(`seed must be an integer, got ${r.seed}`);
  for (const key of ['botShare', 'duplicateShare', 'clockSkewShare', 'nudgeEffect'] as const) {
    if (!(r[key] >= 0 && r[key] <= 1)) throw new RangeError(`${key} must be between 0 and 1, got ${r[key]}`);
  }
  platformDayStartMs(r.startDate);
  return r;
}

function groupNudges(nudges: readonly Nudge[]): Map<string, Nudge[]> {
  const out = new Map<string, Nudge[]>();
  for (const n of nudges) {
    const list = out.get(n.userId) ?? [];
    list.push(n);
    out.set(n.userId, list);
  }
  return out;
}

function summarise(
  o: Resolved, items: readonly CatalogItem[], lessonCount: Int32Array, learners: readonly Learner[], outbox: Outbox,
): SimulationSummary {
  let courses = 0;
  for (const n of lessonCount) if (n > 0) courses++;
  const events: Record<string, number> = {};
  for (const [name, count] of [...outbox.eventCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) events[name] = count;
  return {
    users: o.users, bots: learners.filter((l) => l.kind === 'bot').length, days: o.days, items: items.length, courses,
    messages: outbox.sent, duplicates: outbox.duplicates, churned: learners.filter((l) => l.state.churnDay >= 0).length, events,
  };
}
