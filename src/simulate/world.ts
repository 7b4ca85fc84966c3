/**
 * The state every simulated learner shares on a given day — the catalog, what the crowd has bought
 * and rated so far (the social proof the next learner sees), questions waiting for an answer — and
 * the per-learner-day frame the behaviour modules work in.
 *
 * @example
 *   const world = createWorld(catalog, outbox, startMs, { nudgeEffect: 0.3 });
 *   refreshPopularity(world);  // once at the start of each day
 */
import type { Catalog } from './catalog.js';
import type { Learner } from './learners.js';
import type { Outbox } from './messages.js';
import { cumulativeWeights } from './random.js';

export const dayMs = 86_400_000;
export const minuteMs = 60_000;
/** The platform runs on China Standard Time; days start at 00:00 there. */
export const platformTimezone = 'Asia/Shanghai';
export const platformUtcOffsetH = 8;

export interface World {
  readonly catalog: Catalog;
  readonly outbox: Outbox;
  /** UTC ms of 00:00 platform time on day 0. */
  readonly startMs: number;
  /** How much a relevant, opened nudge cuts a learner's churn hazard (0–1). */
  readonly nudgeEffect: number;
  /** Recent purchases and enrolments per product, decaying daily: what "popular" means on the home feed. */
  readonly popularity: Float64Array;
  readonly popularityCumulative: Float64Array;
  readonly ratingSum: Float64Array;
  readonly ratingCount: Float64Array;
  /** Open question ids per course product. */
  readonly openQuestions: Map<number, string[]>;
}

/** One learner's day: the frame the behaviour modules emit into and score experiences on. */
export interface LearnerDay {
  readonly world: World;
  readonly learner: Learner;
  readonly day: number;
  /** Good experiences today (liked lessons, good ratings): they lower the churn hazard. */
  joy: number;
  /** Bad experiences today (drop-offs, refunds, empty searches): they raise it. */
  frustration: number;
}

export function createWorld(catalog: Catalog, outbox: Outbox, startMs: number, o: { nudgeEffect: number }): World {
  const n = catalog.productCount;
  return {
    catalog, outbox, startMs, nudgeEffect: o.nudgeEffect,
    popularity: new Float64Array(n), popularityCumulative: new Float64Array(n),
    ratingSum: new Float64Array(n), ratingCount: new Float64Array(n), openQuestions: new Map(),
  };
}

const popularityHalfLifeDays = 21;

/**
 * Decay yesterday's popularity and rebuild the feed's sampling table. Every product keeps a floor
 * so new and unpopular items still get seen now and then.
 */
export function refreshPopularity(world: World): void {
  const decay = Math.pow(0.5, 1 / popularityHalfLifeDays);
  const p = world.popularity;
  const weights = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    p[i]! *= decay;
    weights[i] = 1 + p[i]! * (0.5 + perceivedQuality(world, i));
  }
  cumulativeWeights(weights, world.popularityCumulative);
}

/** How good a product looks from outside: its ratings once it has a few, else a faint hint of the truth. */
export function perceivedQuality(world: World, p: number): number {
  const count = world.ratingCount[p]!;
  const prior = 0.5 + 0.3 * (world.catalog.productQuality[p]! - 0.5);
  if (count === 0) return prior;
  const rated = (world.ratingSum[p]! / count - 1) / 4;
  const w = count / (count + 3);
  return w * rated + (1 - w) * prior;
}

/** How close a product's topic is to the learner's strongest interest, 0–1. */
export function topicMatch(l: Learner, world: World, p: number): number {
  return l.interests[world.catalog.productTopic[p]!]! / l.topInterest;
}

/** Chinese readers take English items reluctantly, English readers Chinese ones even less. */
export function languageFit(l: Learner, world: World, p: number): number {
  const en = world.catalog.productLanguage[p] === 1;
  if (en === (l.language === 'en')) return 1;
  return l.language === 'zh' ? 0.5 : 0.35;
}

export function levelFit(l: Learner, world: World, p: number): number {
  return 1 - Math.abs(l.skill - world.catalog.productDifficulty[p]!);
}

/**
 * How much the learner gets out of the content once inside it (0–1): hidden quality first, then
 * interest, level and language. It drives drop-off, ratings, refunds and the churn hazard.
 */
export function engagement(l: Learner, world: World, p: number): number {
  return 0.45 * world.catalog.productQuality[p]! + 0.3 * topicMatch(l, world, p) +
    0.15 * levelFit(l, world, p) + 0.1 * languageFit(l, world, p);
}

/** How tempting a product looks before buying (0–1): interest, language and visible quality. */
export function appeal(l: Learner, world: World, p: number): number {
  return Math.pow(topicMatch(l, world, p), 1.3) * languageFit(l, world, p) * (0.35 + 0.65 * perceivedQuality(world, p));
}
