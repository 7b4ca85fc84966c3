/**
 * The hidden truth behind a simulated platform — what no event states outright but models and
 * metrics should recover: each learner's interests, habit, skill, budget, clock skew, whether and
 * when they left and their daily churn hazard; each product's quality and difficulty; the hard
 * lessons; the bots. Plain JSON: `truthToJson` writes it, `truthFromJson` reads it back.
 *
 * Days are indices from the start date (day 0 = the start date, 00:00–24:00 Asia/Shanghai).
 * A churned learner's `churnDay` is the first day they were gone: no event they initiate
 * falls on or after it (the platform may still send them pushes).
 *
 * @example
 *   const truth = truthFromJson(readFileSync('out/truth.json', 'utf8'));
 *   truth.learners.filter((l) => l.churned).length;
 */
import { productKinds, type Catalog } from './catalog.js';
import type { Learner } from './learners.js';
import { topics } from './vocabulary.js';

export interface ProductTruth {
  id: string;
  type: string;
  topic: string;
  quality: number;
  difficulty: number;
  /** Courses only: lessons where learners rewind and drop off more. */
  hardLessons?: string[];
}

export interface LearnerTruth {
  userId: string;
  kind: 'person' | 'bot';
  habit: string;
  language: string;
  /** Topic interests in `topics` order, summing to 1. */
  interests: number[];
  skill: number;
  monthlyBudgetCny: number;
  signupDay: number;
  churned: boolean;
  churnDay: number | null;
  lastActiveDay: number | null;
  clockSkewMs: number;
  /** Churn hazard at the end of each day, from `signupDay` until the last day around. */
  hazardPath: number[];
}

export interface SimulationTruth {
  format: 'learnloop-simulation-truth';
  version: 1;
  seed: number;
  users: number;
  days: number;
  startDate: string;
  timezone: string;
  /** Topic keys, the order of every learner's `interests`. */
  topics: string[];
  products: ProductTruth[];
  learners: LearnerTruth[];
  bots: string[];
}

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function buildTruth(
  header: Pick<SimulationTruth, 'seed' | 'users' | 'days' | 'startDate' | 'timezone'>, catalog: Catalog, learners: readonly Learner[],
): SimulationTruth {
  const products: ProductTruth[] = [];
  for (let p = 0; p < catalog.productCount; p++) {
    const truth: ProductTruth = {
      id: catalog.productIds[p]!, type: productKinds[catalog.productKind[p]!]!, topic: topics[catalog.productTopic[p]!]!.key,
      quality: round(catalog.productQuality[p]!), difficulty: round(catalog.productDifficulty[p]!),
    };
    const first = catalog.firstLesson[p]!;
    if (first >= 0) {
      truth.hardLessons = [];
      for (let j = 0; j < catalog.lessonCount[p]!; j++) {
        if (catalog.lessonHard[first + j] === 1) truth.hardLessons.push(catalog.lessonIds[first + j]!);
      }
    }
    products.push(truth);
  }
  return {
    format: 'learnloop-simulation-truth', version: 1, ...header, topics: topics.map((t) => t.key), products,
    learners: learners.map(learnerTruth), bots: learners.filter((l) => l.kind === 'bot').map((l) => l.userId),
  };
}

function learnerTruth(l: Learner): LearnerTruth {
  const s = l.state;
  const hazardPath: number[] = [];
  for (let d = l.signupDay; d < s.hazardPath.length; d++) {
    const h = s.hazardPath[d]!;
    if (Number.isNaN(h)) break;
    hazardPath.push(round(h, 5));
  }
  return {
    userId: l.userId, kind: l.kind, habit: l.habit, language: l.language,
    interests: Array.from(l.interests, (x) => round(x)), skill: round(l.skill), monthlyBudgetCny: l.monthlyBudgetCny,
    signupDay: l.signupDay, churned: s.churnDay >= 0, churnDay: s.churnDay >= 0 ? s.churnDay : null,
    lastActiveDay: s.lastActiveDay >= 0 ? s.lastActiveDay : null, clockSkewMs: l.clockSkewMs, hazardPath,
  };
}

export function truthToJson(truth: SimulationTruth): string {
  return JSON.stringify(truth) + '\n';
}

export function truthFromJson(text: string): SimulationTruth {
  const truth = JSON.parse(text) as SimulationTruth;
  if (truth.format !== 'learnloop-simulation-truth' || truth.version !== 1) {
    throw new Error('not a Learnloop simulation truth file (format learnloop-simulation-truth, version 1)');
  }
  return truth;
}
