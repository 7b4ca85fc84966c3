/**
 * Robotic accounts: scripts that sign in and crawl the catalog — `Item Viewed` (walking the catalog
 * in id order) and `Item Searched` one to two and a half times a second, with machine-regular
 * spacing, 700–1,500 events in a burst, on about one day in five. That is well over a thousand
 * events an hour; a person binge-watching sends one heartbeat a minute and browses a few pages
 * more. Bots never buy, learn, rate or churn.
 *
 * @example
 *   const burst = planBotDay(bot, day, dayStartMs);
 *   if (burst) runBotBurst(world, bot, day, burst);
 */
import { productKinds, subjectKey } from './catalog.js';
import { iso } from './messages.js';
import type { Learner } from './learners.js';
import { topics } from './vocabulary.js';
import { dayMs, type World } from './world.js';

const burstChance = 0.2;

export interface BotBurst {
  readonly startMs: number;
  readonly count: number;
  readonly intervalMs: number;
  readonly signup: boolean;
}

/** Whether the bot runs today, and when. */
export function planBotDay(bot: Learner, day: number, dayStartMs: number): BotBurst | null {
  if (day < bot.signupDay) return null;
  const rng = bot.rng;
  const signup = day === bot.signupDay;
  if (!signup && !rng.chance(burstChance)) return null;
  const count = 700 + rng.int(800);
  // A script's pace: the same interval every time, give or take a few percent.
  const intervalMs = 400 + (bot.index % 6) * 100;
  const spanMs = count * intervalMs * 1.05;
  return { startMs: dayStartMs + Math.floor(rng.next() * (dayMs - spanMs - 3_600_000)), count, intervalMs, signup };
}

export function runBotBurst(world: World, bot: Learner, day: number, burst: BotBurst): void {
  const rng = bot.rng;
  const out = world.outbox;
  const c = world.catalog;
  let t = burst.startMs;
  if (burst.signup) out.identify(bot, t, { name: bot.name, city: bot.city, createdAt: iso(t), plan: 'free' });
  out.track(bot, t + 500, 'Signed In', { method: 'password' });
  let cursor = (bot.index * 37 + day * 101) % c.productCount;
  for (let i = 0; i < burst.count; i++) {
    t += Math.round(burst.intervalMs * rng.between(0.97, 1.03));
    if (rng.chance(0.15)) {
      const topic = rng.int(topics.length);
      const subject = rng.int(topics[topic]!.subjects.length);
      const results = c.productsBySubject.get(subjectKey(topic, subject))?.length ?? 0;
      out.track(bot, t, 'Item Searched', { query: topics[topic]!.subjects[subject]!.zh, results_count: results });
      continue;
    }
    const p = cursor;
    cursor = (cursor + 1) % c.productCount;
    out.track(bot, t, 'Item Viewed', {
      item_id: c.productIds[p]!, item_type: productKinds[c.productKind[p]!]!, category: topics[c.productTopic[p]!]!.key,
      price: c.productPrice[p]!, source: 'home',
    });
  }
  bot.state.lastActiveDay = day;
}
