/**
 * Does acting on churn risk keep learners? The same seeded platform is run three ways from the same
 * start: (a) no nudges; (b) each day from the end of a warm-up, the `--budget` top-risk learners by
 * the churn model are nudged towards their suggested action (the lesson to continue, or the top
 * recommendation); (c) as many random active learners are nudged the same way. The simulator lets a
 * nudged learner respond (an opened nudge cuts their churn hazard by nudgeEffect × relevance, which
 * the model never sees) and knows who really leaves.
 *
 * Both nudging arms draw from the same pool: learners active within `--active-within` days (default
 * 7; 0 = everyone the model scores, i.e. active within 28 days). The churn label calls a learner
 * who already left "churning" too, and the model ranks them highest, but a nudge never reaches
 * them; the pool keeps the budget for learners still slipping away ("to gone" in the table is the
 * share of nudges that went to learners already gone for good).
 *
 * Runs (b) and (c) go through the product's own path: every simulated day's events are ingested into
 * a store as they happen; the churn model is trained once at the end of the warm-up and retrained
 * every `--retrain` days; nudges are queued with `queueNudges` (7-day cool-down) into the outbox.
 *
 * Reported: retained learners per 100 nudges against (a), paired per learner, with a 95% bootstrap
 * interval over learners (and over seeds with `--seeds`); the share of truly-churning learners (those
 * who leave in run (a) while nudging is on) nudged within 14 days before they left; and the share of
 * nudges that went to such learners.
 *
 * Run: npm run bench:uplift -- [--users 1500] [--days 90] [--seed 1] [--seeds 1] [--budget 20] [--warmup 42] [--retrain 7] [--active-within 7] [--opened-push-within 0] [--nudge-effect 0.3]
 * Prints a table and, last, one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { upsertItems } from '../src/catalog/items.store.js';
import type { RiskScorer, RiskScores, ScoreOptions } from '../src/churn/at-risk.js';
import { ChurnService } from '../src/churn/churn-service.js';
import { labelledLearners } from '../src/churn/labels.js';
import { queueNudges } from '../src/churn/nudge-queue.js';
import { churnersReached, retainedPer100Interval, type PairedRun } from '../src/churn/uplift.js';
import { EventWriter } from '../src/ingest/event-writer.js';
import { IngestService } from '../src/ingest/ingest.js';
import { maxMessageBytes } from '../src/ingest/message.js';
import { parseAsOf } from '../src/profiles/as-of.js';
import { seededRandom, type RandomFn } from '../src/recommend/kernels/random.js';
import { RecommendationService } from '../src/recommend/serving/recommendation-service.js';
import { generateCatalog } from '../src/simulate/catalog.js';
import type { Nudge, NudgePolicy } from '../src/simulate/policy.js';
import { defaultStartDate, simulatePlatform, type SimulationResult } from '../src/simulate/simulate.js';
import { ensureDefaultProject } from '../src/store/projects.store.js';
import type { Database } from '../src/store/schema.js';
import { openStore } from '../src/store/store.js';

const args = process.argv.slice(2);
const flag = (name: string, dflt: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
const users = flag('--users', 1500);
const days = flag('--days', 90);
const firstSeed = flag('--seed', 1);
const seeds = flag('--seeds', 1);
const budget = flag('--budget', 20);
const warmup = flag('--warmup', 42);
const retrainEvery = flag('--retrain', 7);
/** Pool of both nudging arms: learners active within this many days (0 = everyone the model scores). */
const activeWithin = flag('--active-within', 7);
/** Pool of both nudging arms, further: learners who opened a push within this many days (0 = no such filter). */
const openedPushWithin = flag('--opened-push-within', 0);
/** How much an opened, fully relevant nudge cuts the hazard in the simulator (its default 0.3); the model never sees it. */
const nudgeEffect = flag('--nudge-effect', 0.3);
const horizonDays = 14;
const cooldownDays = 7;
const courses = 300;
const log = (m: string) => process.stderr.write(`${m}\n`);
const cpuStart = process.cpuUsage();
const dayMs = 86_400_000;

/** `YYYY-MM-DD` of simulated day `d` (platform time). */
function dateOf(d: number): string {
  const [y, m, dd] = defaultStartDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, dd) + d * dayMs).toISOString().slice(0, 10);
}

/** Random risk among the learners the model would score (active in the 28 days before): arm (c). */
class RandomScorer implements RiskScorer {
  constructor(readonly db: Kysely<Database>, readonly projectId: string, readonly rand: RandomFn) {}
  async scores(o: ScoreOptions = {}): Promise<RiskScores> {
    const at = parseAsOf(o.asOf!, 'Asia/Shanghai')!;
    const wanted = o.userIds ? new Set(o.userIds) : null;
    const ids = (await labelledLearners(this.db, this.projectId, at)).filter((u) => !wanted || wanted.has(u));
    const learners = ids.map((userId) => ({ userId, probability: this.rand(), reasons: [] }));
    learners.sort((a, b) => b.probability - a.probability);
    return { asOf: o.asOf!, horizonDays: o.horizonDays ?? horizonDays, model: 'random', learners };
  }
}

interface ArmRun {
  result: SimulationResult;
  nudges: { userId: string; day: number }[];
  seconds: number;
  scoreSeconds: number;
}

async function runArm(seed: number, arm: 'none' | 'risk' | 'random'): Promise<ArmRun> {
  const started = performance.now();
  if (arm === 'none') {
    const result = await simulatePlatform({ users, days, seed, courses, batchSize: 5000, nudgeEffect }, async () => undefined);
    return { result, nudges: [], seconds: (performance.now() - started) / 1000, scoreSeconds: 0 };
  }
  const dir = mkdtempSync(join(tmpdir(), 'learnloop-uplift-'));
  const store = await openStore({ location: join(dir, 'uplift.db'), synchronous: 'NORMAL' });
  const writer = new EventWriter(store);
  try {
    const { projectId } = await ensureDefaultProject(store.db);
    const ingest = new IngestService(writer);
    // The catalog the simulator will generate for this seed, pushed first so actions have titles.
    await upsertItems(store.db, projectId, generateCatalog(seed, courses).items);
    const churn = new ChurnService(store.db, projectId);
    const recommendations = new RecommendationService(store.db, projectId, { model: 'itemknn' });
    const scorer: RiskScorer = arm === 'risk' ? churn : new RandomScorer(store.db, projectId, seededRandom(seed * 7919 + 1));
    const nudges: { userId: string; day: number }[] = [];
    let scoreSeconds = 0;
    const policy: NudgePolicy = async (day) => {
      if (day < warmup) return [];
      const t0 = performance.now();
      const asOf = dateOf(day);
      if ((day - warmup) % retrainEvery === 0) {
        if (arm === 'risk') await churn.train({ asOf, horizonDays });
        await recommendations.train();
      }
      const nowMs = parseAsOf(asOf, 'Asia/Shanghai')! + 18 * 3_600_000;
      const q = await queueNudges({ db: store.db, projectId, scorer, actions: recommendations },
        { limit: budget, asOf, horizonDays, cooldownDays, campaign: arm,
          activeWithinDays: activeWithin > 0 ? activeWithin : undefined, openedPushWithinDays: openedPushWithin > 0 ? openedPushWithin : undefined }, nowMs);
      scoreSeconds += (performance.now() - t0) / 1000;
      const out: Nudge[] = q.queued.map((n) => ({ userId: n.userId, itemId: n.itemId ?? undefined, campaign: n.campaign }));
      for (const n of out) nudges.push({ userId: n.userId, day });
      return out;
    };
    const result = await simulatePlatform({ users, days, seed, courses, batchSize: 5000, nudgeEffect, nudgePolicy: policy,
      onDay: (d) => { if ((d + 1) % 10 === 0) log(`  seed ${seed} ${arm}: day ${d + 1}/${days}, ${nudges.length} nudges`); },
    }, async (batch) => {
      await ingest.ingest(projectId, batch, { receivedAt: Date.now(), trustReceivedAt: true, sizesAtMost: maxMessageBytes });
    });
    return { result, nudges, seconds: (performance.now() - started) / 1000, scoreSeconds };
  } finally {
    await writer.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ArmSummary {
  runs: PairedRun[];
  churnDays: Int32Array[];
  nudgeLearner: Int32Array[];
  nudgeDay: Int32Array[];
  retained: number;
  learners: number;
  seconds: number;
  scoreSeconds: number;
}

const arms = ['risk', 'random'] as const;
const summary: Record<'none' | (typeof arms)[number], ArmSummary> = {
  none: { runs: [], churnDays: [], nudgeLearner: [], nudgeDay: [], retained: 0, learners: 0, seconds: 0, scoreSeconds: 0 },
  risk: { runs: [], churnDays: [], nudgeLearner: [], nudgeDay: [], retained: 0, learners: 0, seconds: 0, scoreSeconds: 0 },
  random: { runs: [], churnDays: [], nudgeLearner: [], nudgeDay: [], retained: 0, learners: 0, seconds: 0, scoreSeconds: 0 },
};

for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
  log(`seed ${seed}: ${users} learners × ${days} days, nudging from day ${warmup}, ${budget} a day`);
  const base = await runArm(seed, 'none');
  const people = base.result.truth.learners.filter((l) => l.kind === 'person');
  const index = new Map(people.map((l, i) => [l.userId, i]));
  const retainedOf = (r: SimulationResult) => {
    const out = new Uint8Array(people.length);
    for (const l of r.truth.learners) { const i = index.get(l.userId); if (i !== undefined && !l.churned) out[i] = 1; }
    return out;
  };
  const baseRetained = retainedOf(base.result);
  const churnDay = Int32Array.from(people, (l) => l.churnDay ?? -1);
  summary.none.retained += baseRetained.reduce((s, v) => s + v, 0);
  summary.none.learners += people.length;
  summary.none.seconds += base.seconds;
  for (const arm of arms) {
    const run = await runArm(seed, arm);
    const armRetained = retainedOf(run.result);
    const kept = run.nudges.filter((n) => index.has(n.userId));
    const nudges = new Int32Array(people.length);
    for (const n of kept) nudges[index.get(n.userId)!]!++;
    const s = summary[arm];
    s.runs.push({ baseRetained, armRetained, nudges });
    s.churnDays.push(churnDay);
    s.nudgeLearner.push(Int32Array.from(kept, (n) => index.get(n.userId)!));
    s.nudgeDay.push(Int32Array.from(kept, (n) => n.day));
    s.retained += armRetained.reduce((acc, v) => acc + v, 0);
    s.learners += people.length;
    s.seconds += run.seconds;
    s.scoreSeconds += run.scoreSeconds;
    log(`  ${arm}: ${kept.length} nudges, ${s.retained} retained so far vs ${summary.none.retained} without (${run.seconds.toFixed(0)} s)`);
  }
}

const rows = arms.map((arm) => {
  const s = summary[arm];
  const est = retainedPer100Interval(s.runs, { draws: 2000, seed: 1 });
  let churners = 0, reached = 0, toChurners = 0, toGone = 0, nudges = 0;
  for (let k = 0; k < s.runs.length; k++) {
    const r = churnersReached(s.churnDays[k]!, s.nudgeLearner[k]!, s.nudgeDay[k]!, { fromDay: warmup, windowDays: horizonDays });
    churners += r.churners; reached += r.reached; toChurners += r.nudgesToChurners; toGone += r.nudgesToGone; nudges += s.nudgeLearner[k]!.length;
  }
  return {
    arm, nudges: est.nudges, retained: s.retained, extraRetained: est.extraRetained,
    per100: round(est.per100), low: round(est.low), high: round(est.high),
    churners, reached, reachShare: round(churners ? reached / churners : 0), precision: round(nudges ? toChurners / nudges : 0), toGone: round(nudges ? toGone / nudges : 0),
    seconds: Math.round(s.seconds), policySeconds: Math.round(s.scoreSeconds),
  };
});

function round(x: number): number { return Math.round(x * 1000) / 1000; }

const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log(`\nchurn uplift: ${users} learners × ${days} days, seeds ${firstSeed}..${firstSeed + seeds - 1}, budget ${budget}/day from day ${warmup} among learners active within ${activeWithin > 0 ? `${activeWithin} d` : '28 d (all scored)'}${openedPushWithin > 0 ? ` who opened a push within ${openedPushWithin} d` : ''}, cool-down ${cooldownDays} d, retrain every ${retrainEvery} d, simulator nudge effect ${nudgeEffect}`);
console.log(`no nudges: ${summary.none.retained} of ${summary.none.learners} learners retained at the end`);
console.log(`${'arm'.padEnd(8)}${pad('nudges', 8)}${pad('retained', 10)}${pad('extra', 7)}${pad('per 100', 9)}${pad('95% CI', 18)}${pad('churners', 10)}${pad('reached', 9)}${pad('precision', 11)}${pad('to gone', 9)}${pad('s', 6)}`);
for (const r of rows) {
  console.log(`${r.arm.padEnd(8)}${pad(r.nudges, 8)}${pad(r.retained, 10)}${pad(r.extraRetained, 7)}${pad(r.per100.toFixed(2), 9)}${pad(`[${r.low.toFixed(2)}, ${r.high.toFixed(2)}]`, 18)}${pad(r.churners, 10)}${pad(`${(100 * r.reachShare).toFixed(1)}%`, 9)}${pad(`${(100 * r.precision).toFixed(1)}%`, 11)}${pad(`${(100 * r.toGone).toFixed(1)}%`, 9)}${pad(r.seconds, 6)}`);
}
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = Math.round((cpu.user + cpu.system) / 1e6);
console.log(`CPU ${cpuSeconds} s in all (wall times above depend on what else the machine runs)`);
console.log(JSON.stringify({
  bench: 'churn-uplift', users, days, seeds: Array.from({ length: seeds }, (_, i) => firstSeed + i), budget, warmup, retrainEvery, cooldownDays, horizonDays, activeWithinDays: activeWithin, openedPushWithinDays: openedPushWithin, nudgeEffect,
  noNudges: { retained: summary.none.retained, learners: summary.none.learners }, arms: rows, cpuSeconds,
}));
