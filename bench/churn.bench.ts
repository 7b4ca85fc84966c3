/**
 * Churn risk on the simulated platform, measured on a LATER window than training:
 * 1. train as of day D (default 80): weekly snapshots before D − horizon, both models fitted on the
 *    older ones and validated on the newest (the service's own choice and report);
 * 2. score the learners active in the 28 days before day D' (default 100) with the logistic model,
 *    the boosted trees and the chosen one (each refitted on all snapshots, Platt-calibrated), and
 *    the rule "inactive for 7+ days" (plus days-inactive as a ranking) in the same run;
 * 3. ROC-AUC, PR-AUC and ECE against the simulator's truth (the learner left for good before
 *    D' + horizon: `churnDay` < D' + N) and against the observed label (no activity in [D', D' + N)).
 *
 * Run: npm run bench:churn -- [--db FILE --truth FILE] [--users 2000] [--days 120] [--seed 1]
 *                             [--train-day 80] [--eval-day 100] [--horizon 14]
 * Without --db the platform is generated into a temporary file (`learnloop demo` does the same).
 * Prints a table and, last, one JSON line.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDate, localDateOf } from '../src/analytics/calendar.js';
import type { ChurnModel } from '../src/churn/churn-model.js';
import { churnInputs } from '../src/churn/inputs.js';
import { calibrated, expectedCalibrationError } from '../src/churn/kernels/calibration.js';
import { averagePrecision, rocAuc } from '../src/churn/kernels/ranking-metrics.js';
import { learnerChurnLabels } from '../src/churn/labels.js';
import { inactivityRule, selectChurnModel } from '../src/churn/train.js';
import { buildTrainingSet, snapshotTimes } from '../src/churn/training-set.js';
import { designMatrix } from '../src/churn/design.js';
import { loadDemoPlatform } from '../src/cli/demo-platform.js';
import { openWorkspace } from '../src/cli/workspace.js';
import { truthFromJson } from '../src/simulate/truth.js';
import { openStore } from '../src/store/store.js';

const args = process.argv.slice(2);
const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const log = (m: string) => process.stderr.write(`${m}\n`);
const users = Number(flag('--users') ?? 2000), days = Number(flag('--days') ?? 120), seed = Number(flag('--seed') ?? 1);
const trainDay = Number(flag('--train-day') ?? 80), evalDay = Number(flag('--eval-day') ?? 100), horizon = Number(flag('--horizon') ?? 14);
if (evalDay + horizon > days) throw new Error(`--eval-day + --horizon must be within the ${days} simulated days`);
if (evalDay <= trainDay) throw new Error('--eval-day must be after --train-day');
const projectId = 'default';
const dayMs = 86_400_000;
const tz = 'Asia/Shanghai';

let dbPath = flag('--db');
let truthPath = flag('--truth');
let cleanup = () => {};
if (!dbPath) {
  const dir = mkdtempSync(join(tmpdir(), 'churn-bench-'));
  dbPath = join(dir, 'demo.db');
  truthPath = join(dir, 'truth.json');
  const ws = await openWorkspace(dbPath);
  await loadDemoPlatform(ws.store, ws.ingest, ws.keys.projectId, { users, days, seed, truthPath });
  await ws.close();
  cleanup = () => rmSync(dir, { recursive: true, force: true });
} else if (!truthPath) throw new Error('--truth FILE is required with --db');

const truth = truthFromJson(readFileSync(truthPath!, 'utf8'));
const store = await openStore({ location: dbPath });
const db = store.db;
const start = Date.parse(`${truth.startDate}T00:00:00+08:00`);
const dayAt = (d: number) => start + d * dayMs;
const date = (ms: number) => formatDate(localDateOf(tz, ms));
const round = (x: number) => Math.round(x * 10_000) / 10_000;

try {
  // 1. Train as of D, exactly as the service does, keeping both refitted models for the later window.
  const t0 = performance.now();
  const firstEvent = Number((await db.selectFrom('events').select((eb) => eb.fn.min('timestamp').as('t')).executeTakeFirstOrThrow()).t);
  const times = snapshotTimes(dayAt(trainDay), horizon, firstEvent);
  const set = await buildTrainingSet(db, projectId, { times, horizonDays: horizon, timezone: tz, onProgress: log });
  const selected = selectChurnModel(set, undefined, log, 'both');
  const trainSeconds = (performance.now() - t0) / 1000;

  // 2. The later window: features at D', labels from the simulator and from the log.
  const at = dayAt(evalDay);
  const observed = await learnerChurnLabels(db, projectId, { at, horizonDays: horizon });
  const churnDay = new Map(truth.learners.map((l) => [l.userId, l.churnDay]));
  const truthLabels = Uint8Array.from(observed.userIds, (u) => { const c = churnDay.get(u); return c !== null && c !== undefined && c < evalDay + horizon ? 1 : 0; });
  const inputs = await churnInputs(db, projectId, at, observed.userIds, tz);
  const x = designMatrix(selected.model.spec, inputs);
  const n = observed.userIds.length;
  const probabilities = (m: ChurnModel) => m.margins(x, n).map((v) => calibrated(m.platt, v));
  const scorers: [string, Float64Array, boolean][] = [
    ['logistic regression', probabilities(selected.all!.logistic), true],
    ['boosted trees', probabilities(selected.all!.gbt), true],
    [`chosen (${selected.evaluation.chosen})`, probabilities(selected.model), true],
    ['rule: inactive for 7+ days', inactivityRule(inputs.numeric.recencyDays), false],
    ['days inactive (ranking)', inputs.numeric.recencyDays.slice(), false],
  ];
  const measure = (scores: Float64Array, y: Uint8Array, probability: boolean) => ({
    rocAuc: round(rocAuc(scores, y)), prAuc: round(averagePrecision(scores, y)),
    ece: probability ? round(expectedCalibrationError(scores, y)) : null,
  });
  const results = scorers.map(([name, scores, probability]) => ({ name, truth: measure(scores, truthLabels, probability), observed: measure(scores, observed.churned, probability) }));

  const rate = (y: Uint8Array) => y.reduce((s, v) => s + v, 0) / Math.max(1, y.length);
  const header = ['scorer', 'ROC-AUC truth', 'PR-AUC truth', 'ECE truth', 'ROC-AUC observed', 'PR-AUC observed', 'ECE observed'];
  const rows = results.map((r) => [r.name, r.truth.rocAuc, r.truth.prAuc, r.truth.ece ?? '', r.observed.rocAuc, r.observed.prAuc, r.observed.ece ?? ''].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  const v = selected.evaluation;
  console.log(`\nChurn on ${truth.users} simulated learners × ${truth.days} days, seed ${truth.seed}; horizon ${horizon} days`);
  console.log(`trained as of day ${trainDay} (${date(dayAt(trainDay))}): ${set.snapshots.length} snapshots, ${v.trainingRows} training rows, validated on ${v.validationRows} (newest snapshot): `
    + `logistic ROC-AUC ${v.models.logistic.rocAuc}, trees ${v.models.gbt.rocAuc}, rule ${v.rule.rocAuc} → chosen ${v.chosen}; ${trainSeconds.toFixed(1)} s`);
  console.log(`evaluated as of day ${evalDay} (${date(at)}): ${n} learners active in the 28 days before; truly churned by day ${evalDay + horizon}: `
    + `${(rate(truthLabels) * 100).toFixed(1)}%, observed inactive for ${horizon} days: ${(rate(observed.churned) * 100).toFixed(1)}%\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log(JSON.stringify({
    bench: 'churn', users: truth.users, days: truth.days, seed: truth.seed, horizonDays: horizon, trainDay, evalDay,
    trainSeconds: round(trainSeconds), snapshots: set.snapshots.length, trainingRows: v.trainingRows, validation: { chosen: v.chosen, models: v.models, rule: v.rule },
    evaluated: n, truthChurnRate: round(rate(truthLabels)), observedChurnRate: round(rate(observed.churned)), results,
  }));
} finally {
  await store.close();
  cleanup();
}
