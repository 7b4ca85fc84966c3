/**
 * Measuring what nudges did on a simulated platform, where the same learners can be run with and
 * without them: retained learners per 100 nudges against the no-nudge run (paired per learner),
 * with a bootstrap confidence interval over learners, and how many of the learners who were truly
 * about to leave a nudge reached in time. Pure arithmetic on flat arrays; `bench/churn-uplift.bench.ts`
 * runs the platforms.
 *
 * @example
 *   const est = retainedPer100Interval([{ baseRetained, armRetained, nudges }], { draws: 2000, seed: 1 });
 *   est;  // { nudges: 960, extraRetained: 14, per100: 1.46, low: 0.3, high: 2.6 }
 */
import { seededRandom } from '../recommend/kernels/random.js';

/** One platform (seed) run two ways; arrays are indexed by learner, the same learners in both. */
export interface PairedRun {
  /** 1 when the learner was still around at the end of the run without nudges. */
  baseRetained: Uint8Array;
  /** 1 when the learner was still around at the end of the run with nudges. */
  armRetained: Uint8Array;
  /** Nudges each learner received in the run with nudges. */
  nudges: Int32Array;
}

export interface UpliftEstimate {
  nudges: number;
  /** Learners retained with nudges minus without, summed over learners (and runs). */
  extraRetained: number;
  /** 100 × extraRetained ÷ nudges. */
  per100: number;
  /** Percentile bootstrap interval of per100 (resampling learners within each run). */
  low: number;
  high: number;
}

/** 100 × Σ(arm − base) ÷ Σ nudges over the learners listed in `picks` (indices into one run). */
function per100Of(runs: readonly PairedRun[], picks: readonly Int32Array[]): number {
  let extra = 0;
  let nudges = 0;
  for (let r = 0; r < runs.length; r++) {
    const { baseRetained, armRetained, nudges: n } = runs[r]!;
    const p = picks[r]!;
    for (let k = 0; k < p.length; k++) {
      const i = p[k]!;
      extra += armRetained[i]! - baseRetained[i]!;
      nudges += n[i]!;
    }
  }
  return nudges === 0 ? 0 : (100 * extra) / nudges;
}

export function retainedPer100Interval(runs: readonly PairedRun[], o: { draws: number; seed: number; level?: number }): UpliftEstimate {
  const identity = runs.map((r) => Int32Array.from({ length: r.nudges.length }, (_, i) => i));
  let nudges = 0;
  let extraRetained = 0;
  for (const r of runs) {
    for (let i = 0; i < r.nudges.length; i++) {
      nudges += r.nudges[i]!;
      extraRetained += r.armRetained[i]! - r.baseRetained[i]!;
    }
  }
  const rand = seededRandom(o.seed);
  const picks = runs.map((r) => new Int32Array(r.nudges.length));
  const values = new Float64Array(o.draws);
  for (let d = 0; d < o.draws; d++) {
    for (const p of picks) for (let k = 0; k < p.length; k++) p[k] = Math.floor(rand() * p.length);
    values[d] = per100Of(runs, picks);
  }
  values.sort();
  const tail = (1 - (o.level ?? 0.95)) / 2;
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))] ?? 0;
  return { nudges, extraRetained, per100: per100Of(runs, identity), low: at(tail), high: at(1 - tail) };
}

export interface ReachResult {
  /** Learners who left (in the run without nudges) on a day when nudging was on. */
  churners: number;
  /** Of them, those nudged within `windowDays` before the day they left. */
  reached: number;
  share: number;
  /** Nudges that went to a learner who, without nudges, would leave within `windowDays` after. */
  nudgesToChurners: number;
  /** nudgesToChurners ÷ nudges: how well the targeting finds the leavers. */
  precision: number;
  /** Nudges that went to a learner already gone for good that day (they can never respond). */
  nudgesToGone: number;
}

/**
 * `churnDay[i]` is the first day learner i was gone in the run without nudges (-1: never left);
 * nudges are given as parallel arrays of learner index and day.
 */
export function churnersReached(
  churnDay: Int32Array, nudgeLearner: Int32Array, nudgeDay: Int32Array, o: { fromDay: number; windowDays: number },
): ReachResult {
  const reachedFlag = new Uint8Array(churnDay.length);
  let nudgesToChurners = 0;
  let nudgesToGone = 0;
  for (let k = 0; k < nudgeLearner.length; k++) {
    const i = nudgeLearner[k]!;
    const c = churnDay[i]!;
    if (c >= 0 && nudgeDay[k]! >= c) nudgesToGone++;
    if (c >= 0 && nudgeDay[k]! < c && c - nudgeDay[k]! <= o.windowDays) {
      reachedFlag[i] = 1;
      nudgesToChurners++;
    }
  }
  let churners = 0;
  let reached = 0;
  for (let i = 0; i < churnDay.length; i++) {
    if (churnDay[i]! <= o.fromDay) continue;
    churners++;
    reached += reachedFlag[i]!;
  }
  return {
    churners, reached, share: churners === 0 ? 0 : reached / churners,
    nudgesToChurners, precision: nudgeLearner.length === 0 ? 0 : nudgesToChurners / nudgeLearner.length, nudgesToGone,
  };
}
