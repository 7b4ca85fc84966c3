/**
 * Content quality on the simulated platform, measured against its hidden truth:
 * 1. Spearman rank correlation between each course's quality score and its hidden quality, beside
 *    the same score without the case-mix adjustment of stars and reviews (`caseMix: false`) and
 *    the plain average rating in the same run (courses without ratings sit at the platform mean),
 *    over all courses and over the rated ones; each component alone; the score without each
 *    component; and, as a ceiling, the best linear weighting of the components fitted on the truth
 *    itself (no real weighting can beat it on this data).
 * 2. A second run with simulated expert panels on 20% of the courses (quality × 100 + N(0, 10)),
 *    since the simulator has no experts: shows what the experts component adds. Labelled as such.
 * 3. Diagnosis: precision and recall of the lesson findings for the lessons the simulator made hard.
 * 4. Review sentiment on the simulator's own reviews against their star rating (≥ 4 positive,
 *    ≤ 2 negative): text the lexicon was never written against.
 * 5. The recommender's quality prior: the serving hybrid fitted on a time-ordered holdout of the
 *    platform's interactions (each learner's latest 20% of products held out), then for each
 *    `qualityWeight` the holdout NDCG@10 (± the standard error of its difference from weight 0) and
 *    the mean hidden quality of every test learner's top-10 courses. Beside the quality score's
 *    prior, two controls: the same prior values shuffled over the items (no information, same
 *    size) and the hidden quality itself as the prior (what a perfect score would give). The
 *    quality report reads every event, the held-out period included, so the prior has seen some
 *    of the held-out learners' ratings; the shuffled control shows what noise alone does.
 *    `--quality-weights 0,0.1,…` sets the weights, `--no-recs` skips this part.
 *
 * Generate the platform once, then run (reading ~2 M events takes ~15–40 s on 2 busy cores):
 *   node bin/learnloop.mjs demo --users 5000 --days 90 --seed 1 --db tmp/quality-bench/demo.db --truth tmp/quality-bench/truth.json
 *   npm run bench:quality -- --db tmp/quality-bench/demo.db --truth tmp/quality-bench/truth.json
 * Without --db the bench generates the platform itself into a temporary file (--users, --days, --seed).
 * Prints a table and, last, one JSON line.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemoPlatform } from '../src/cli/demo-platform.js';
import { openWorkspace } from '../src/cli/workspace.js';
import { computeComponents } from '../src/quality/components.js';
import { priorOf } from '../src/quality/quality-service.js';
import { componentNames, qualityConfig, type ComponentName } from '../src/quality/quality-config.js';
import { readQualitySignals, scoreQuality, type QualityReport, type QualitySignals } from '../src/quality/report.js';
import { combineComponents } from '../src/quality/score.js';
import { reviewSentiment } from '../src/quality/sentiment.js';
import { spearman } from '../src/quality/statistics.js';
import { evaluationDataFromInteractions } from '../src/recommend/evaluate/interactions-split.js';
import { RankingAccumulator } from '../src/recommend/evaluate/metrics.js';
import { getRecommender } from '../src/recommend/registry.js';
import { createWithTexts } from '../src/recommend/serving/generation.js';
import { defaultSignalWeights } from '../src/recommend/signals.js';
import { loadTrainingData } from '../src/recommend/training-data.js';
import { truthFromJson, type SimulationTruth } from '../src/simulate/truth.js';
import { openStore, type Store } from '../src/store/store.js';

const args = process.argv.slice(2);
const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const log = (m: string) => process.stderr.write(`${m}\n`);
const projectId = 'default';

async function platform(): Promise<{ store: Store; truth: SimulationTruth; cleanup: () => Promise<void>; source: string }> {
  const db = flag('--db');
  if (db) {
    const truthPath = flag('--truth');
    if (!truthPath) throw new Error('--truth FILE is required with --db');
    const store = await openStore({ location: db });
    return { store, truth: truthFromJson(readFileSync(truthPath, 'utf8')), cleanup: () => store.close(), source: db };
  }
  const users = Number(flag('--users') ?? 5000), days = Number(flag('--days') ?? 90), seed = Number(flag('--seed') ?? 1);
  const dir = mkdtempSync(join(tmpdir(), 'quality-bench-'));
  const ws = await openWorkspace(join(dir, 'demo.db'));
  const truthPath = join(dir, 'truth.json');
  await loadDemoPlatform(ws.store, ws.ingest, ws.keys.projectId, { users, days, seed, truthPath });
  return {
    store: ws.store, truth: truthFromJson(readFileSync(truthPath, 'utf8')), source: `generated --users ${users} --days ${days} --seed ${seed}`,
    cleanup: async () => { await ws.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

const { store, truth, cleanup, source } = await platform();
try {
  let t = performance.now();
  const signals = await readQualitySignals(store.db, projectId);
  const readS = (performance.now() - t) / 1000;
  t = performance.now();
  const config = qualityConfig();
  const report = scoreQuality(signals, config);
  const scoreS = (performance.now() - t) / 1000;
  log(`read signals ${readS.toFixed(1)} s, scored ${report.items.length} items in ${scoreS.toFixed(2)} s`);

  const { catalog, feedback } = signals;
  const courses = truth.products.filter((p) => p.type === 'course' && catalog.index.has(p.id));
  const idx = courses.map((p) => catalog.index.get(p.id)!);
  const quality = Float64Array.from(courses, (p) => p.quality);
  const rated = idx.map((i, k) => (feedback.ratingCount[i]! > 0 ? k : -1)).filter((k) => k >= 0);
  const pick = (a: Float64Array, ks: number[]) => Float64Array.from(ks, (k) => a[k]!);
  const all = idx.map((_, k) => k);
  const rho = (values: Float64Array) => ({ all: spearman(values, quality), rated: spearman(pick(values, rated), pick(quality, rated)) });

  const table = computeComponents(catalog, signals.viewing, feedback, config);
  // The platform's plain mean stars over its courses: what an unrated course gets in the plain average.
  const ratingMean = idx.reduce((a, i) => a + feedback.ratingSum[i]!, 0) / idx.reduce((a, i) => a + feedback.ratingCount[i]!, 0);
  const average = Float64Array.from(idx, (i) => (feedback.ratingCount[i]! > 0 ? feedback.ratingSum[i]! / feedback.ratingCount[i]! : ratingMean));
  const score = Float64Array.from(idx, (i) => report.items[i]!.score);
  const plainReport = scoreQuality(signals, qualityConfig({ caseMix: false }));
  const plainTable = computeComponents(catalog, signals.viewing, feedback, qualityConfig({ caseMix: false }));
  const rows: { name: string; all: number; rated: number }[] = [
    { name: 'quality score (default weights)', ...rho(score) },
    { name: 'plain average rating', ...rho(average) },
    { name: 'Bayesian rating alone', ...rho(Float64Array.from(idx, (i) => table.columns.rating.adjusted[i]!)) },
    { name: 'score without case-mix (previous default)', ...rho(Float64Array.from(idx, (i) => plainReport.items[i]!.score)) },
    { name: 'Bayesian rating alone without case-mix', ...rho(Float64Array.from(idx, (i) => plainTable.columns.rating.adjusted[i]!)) },
  ];
  const active = componentNames.filter((c) => table.columns[c].activeTypes.has('course'));
  const alone: Record<string, number> = {};
  const without: Record<string, number> = {};
  for (const c of active) {
    alone[c] = spearman(Float64Array.from(idx, (i) => table.columns[c].z[i]!), quality);
    const w = { ...config.weights, [c]: 0 };
    const s = combineComponents(catalog.type, table, w).score;
    without[c] = spearman(Float64Array.from(idx, (i) => s[i]!), quality);
  }
  const ceiling = fittedCeiling(active, table.columns, idx, quality);

  // ---- simulated experts on 20% of the courses --------------------------------------------------
  const withExperts = expertsRun(signals, courses.map((p) => p.id), quality, config);

  // ---- diagnosis ----------------------------------------------------------------------------------
  const hard = new Set(courses.flatMap((p) => p.hardLessons ?? []));
  const flagged = new Set(report.items.filter((it) => it.type === 'lesson')
    .flatMap((it) => it.findings.filter((f) => f.itemId === it.itemId && f.kind.startsWith('lesson-')).map((f) => f.itemId)));
  const tp = [...flagged].filter((id) => hard.has(id)).length;
  const eligible = [...hard].filter((id) => signals.viewing.started[catalog.index.get(id) ?? -1]! >= config.diagnosis.minLessonLearners);
  const tpEligible = eligible.filter((id) => flagged.has(id)).length;
  const diagnosis = {
    hardLessons: hard.size, flagged: flagged.size, truePositives: tp,
    precision: flagged.size ? tp / flagged.size : NaN, recall: hard.size ? tp / hard.size : NaN,
    hardWithEnoughLearners: eligible.length, recallWithEnoughLearners: eligible.length ? tpEligible / eligible.length : NaN,
  };
  const findingCounts: Record<string, number> = {};
  for (const it of report.items) for (const f of it.findings) if (f.itemId === it.itemId) findingCounts[f.kind] = (findingCounts[f.kind] ?? 0) + 1;

  // ---- sentiment on the simulator's reviews --------------------------------------------------------
  const reviews = await store.db.selectFrom('events').select('properties').where('project_id', '=', projectId).where('event', '=', 'Review Posted').execute();
  let right = 0, judged = 0;
  for (const r of reviews) {
    const p = JSON.parse(r.properties) as { rating?: number; text?: string };
    if (typeof p.text !== 'string' || typeof p.rating !== 'number' || p.rating === 3) continue;
    judged++;
    const label = reviewSentiment(p.text).label;
    if ((p.rating >= 4 && label === 'positive') || (p.rating <= 2 && label === 'negative')) right++;
  }

  // ---- the recommender's quality prior -------------------------------------------------------------
  const qualityWeights = [...new Set([0, ...(flag('--quality-weights') ?? '0.05,0.1,0.2,0.5,1').split(',').map(Number)])];
  t = performance.now();
  const recs = args.includes('--no-recs') ? [] : await priorRun(store, report, truth, qualityWeights);
  const recsS = (performance.now() - t) / 1000;

  const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '  -  ');
  const out: string[] = [
    `Content quality on the simulated platform (${source}): ${courses.length} courses, ${rated.length} with ratings`,
    '',
    'Spearman ρ with the hidden course quality     all courses   rated only',
    ...rows.map((r) => `  ${r.name.padEnd(42)} ${f3(r.all).padStart(9)}   ${f3(r.rated).padStart(9)}`),
    `  ${'+ simulated experts on 20% of courses'.padEnd(42)} ${f3(withExperts).padStart(9)}`,
    `  ${'ceiling: best linear weights fitted on truth'.padEnd(42)} ${f3(ceiling).padStart(9)}`,
    '',
    'component          alone   score without it   default weight',
    ...active.map((c) => `  ${c.padEnd(15)} ${f3(alone[c]!).padStart(7)}   ${f3(without[c]!).padStart(16)}   ${config.weights[c].toFixed(3).padStart(14)}`),
    '',
    `Hard lessons: ${diagnosis.hardLessons}; flagged lessons ${diagnosis.flagged}, of them hard ${tp}: precision ${f3(diagnosis.precision)}, recall ${f3(diagnosis.recall)}`,
    `  hard lessons started by ≥ ${config.diagnosis.minLessonLearners} learners: ${eligible.length}, recall among them ${f3(diagnosis.recallWithEnoughLearners)}`,
    `Findings: ${Object.entries(findingCounts).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `Sentiment vs. the simulator's star ratings: ${right}/${judged} = ${f3(right / judged)} (3-star reviews left out)`,
    ...(recs.length ? [
      '',
      `Hybrid with the quality prior, holdout of ${recs[0]!.users} learners: NDCG@10 (Δ vs weight 0 ± s.e.), mean hidden quality of their top-10 courses`,
      ...recs.map((r) => `  ${r.prior.padEnd(9)} qualityWeight ${String(r.weight).padEnd(5)} NDCG ${r.ndcg.toFixed(4)} (${r.delta >= 0 ? '+' : ''}${r.delta.toFixed(4)} ± ${r.deltaSe.toFixed(4)})   course quality ${r.courseQuality.toFixed(3)}`),
      `  all courses: mean hidden quality ${f3(courses.reduce((a, p) => a + p.quality, 0) / courses.length)}`,
    ] : []),
    `Time: read signals ${readS.toFixed(1)} s, score ${scoreS.toFixed(2)} s${recs.length ? `, recommender ${recsS.toFixed(0)} s` : ''}`,
  ];
  process.stdout.write(out.join('\n') + '\n');
  const target = rows[0]!.all >= 0.8 && rows[0]!.all > rows[1]!.all;
  process.stdout.write(JSON.stringify({
    bench: 'quality', source, courses: courses.length, ratedCourses: rated.length,
    spearman: {
      score: rows[0], averageRating: rows[1], bayesianRating: rows[2], withoutCaseMix: rows[3], bayesianRatingWithoutCaseMix: rows[4], withSimulatedExperts: withExperts, fittedCeiling: ceiling },
    componentAlone: alone, scoreWithout: without, weights: config.weights, target: { spearman: 0.8, met: target },
    diagnosis, findings: findingCounts, sentimentVsRatings: { judged, accuracy: right / judged }, recommenderPrior: recs,
    seconds: { read: readS, score: scoreS, recommender: recsS },
  }) + '\n');
} finally {
  await cleanup();
}

/** Expert panels for every fifth course: quality × 100 plus noise (sd 10 points), deterministic. */
function expertsRun(s: QualitySignals, ids: string[], q: Float64Array, config: ReturnType<typeof qualityConfig>): number {
  const n = s.catalog.ids.length;
  const expertCount = new Float64Array(n), expertSum = new Float64Array(n), expertSumSq = new Float64Array(n);
  let seed = 12345;
  const uniform = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const normal = () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
  ids.forEach((id, k) => {
    if (k % 5 !== 0) return;
    const i = s.catalog.index.get(id)!;
    const v = Math.min(100, Math.max(0, q[k]! * 100 + 10 * normal()));
    expertCount[i] = 1; expertSum[i] = v; expertSumSq[i] = v * v;
  });
  const report = scoreQuality({ ...s, feedback: { ...s.feedback, expertCount, expertSum, expertSumSq } }, config);
  return spearman(Float64Array.from(ids, (id) => report.byId.get(id)!.score), q);
}

/** Least squares of quality on the components' z (plus an intercept), fitted on the truth: an upper bound for any weights. */
function fittedCeiling(names: ComponentName[], columns: ReturnType<typeof computeComponents>['columns'], idx: number[], q: Float64Array): number {
  const p = names.length + 1;
  const x = (k: number, j: number) => (j === names.length ? 1 : columns[names[j]!].z[idx[k]!]!);
  const a = Array.from({ length: p }, () => new Float64Array(p + 1));
  for (let k = 0; k < idx.length; k++) {
    for (let r = 0; r < p; r++) {
      for (let c = 0; c < p; c++) a[r]![c]! += x(k, r) * x(k, c);
      a[r]![p]! += x(k, r) * q[k]!;
    }
  }
  for (let r = 0; r < p; r++) a[r]![r]! += 1e-9;
  // Gauss–Jordan with partial pivoting on the normal equations.
  for (let c = 0; c < p; c++) {
    let best = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[best]![c]!)) best = r;
    [a[c], a[best]] = [a[best]!, a[c]!];
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k <= p; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  const beta = Array.from({ length: p }, (_, r) => a[r]![p]! / a[r]![r]!);
  const fitted = Float64Array.from(idx, (_, k) => beta.reduce((s, b, j) => s + b * x(k, j), 0));
  return spearman(fitted, q);
}

interface PriorRow { prior: string; weight: number; users: number; ndcg: number; delta: number; deltaSe: number; courseQuality: number }

/**
 * The serving hybrid on a holdout of the platform's interactions, fitted once; each prior and
 * weight is then a load of the same fitted components with a different quality array and weight.
 */
async function priorRun(s: Store, report: QualityReport, t: SimulationTruth, weights: number[]): Promise<PriorRow[]> {
  const training = await loadTrainingData(s.db, projectId, defaultSignalWeights);
  const data = evaluationDataFromInteractions(training.interactions, 'holdout');
  const { train, warm } = data;
  const hidden = new Map(t.products.map((p) => [p.id, p.quality]));
  const course = Uint8Array.from(train.itemIds, (id) => (training.view.items.get(id)?.type === 'course' ? 1 : 0));
  const scorePrior = priorOf(report, train.itemIds);
  let seed = 7;
  const shuffled = scorePrior.slice();
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = (seed = (seed * 1103515245 + 12345) % 2 ** 31) % (i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  // The hidden quality as a prior: its rank among the items, so it spreads like a 0–100 score.
  const known = train.itemIds.map((id, i) => [hidden.get(id), i] as const).filter(([q]) => q !== undefined).sort((a, b) => a[0]! - b[0]!);
  const truthPrior = new Float32Array(train.nItems).fill(0.5);
  known.forEach(([, i], r) => { truthPrior[i] = (r + 1) / (known.length + 1); });

  log(`recommender: fitting the hybrid on ${train.nUsers} learners × ${train.nItems} products`);
  const fitted = createWithTexts('hybrid', {}, training.view, scorePrior);
  await fitted.fit(train);
  const saved = fitted.save();
  const hybrid = getRecommender('hybrid');
  const k = 10;
  const rows: PriorRow[] = [];
  let base: Float64Array | undefined;
  const runs: [string, Float32Array, number[]][] = [['score', scorePrior, weights], ['shuffled', shuffled, weights.filter((w) => w > 0)], ['hidden', truthPrior, weights.filter((w) => w > 0)]];
  for (const [label, prior, ws] of runs) {
    for (const weight of ws) {
      const model = hybrid.load({ ...saved, params: { ...saved.params, qualityWeight: weight }, arrays: { ...saved.arrays, quality: prior } }, train);
      const ndcg = new Float64Array(warm.users.length);
      let qualitySum = 0, qualityCount = 0;
      for (let from = 0; from < warm.users.length; from += 512) {
        const users = warm.users.subarray(from, Math.min(warm.users.length, from + 512));
        const top = model.recommend(users, k);
        const topCourses = model.recommend(users, k, { allow: course });
        for (let r = 0; r < users.length; r++) {
          const u = from + r;
          const one = new RankingAccumulator(train.nItems, k);
          one.addUser(top.items, r * k, warm.items.subarray(warm.ptr[u]!, warm.ptr[u + 1]!));
          ndcg[u] = one.result(train.nItems).ndcg;
          for (let j = 0; j < k; j++) {
            const it = topCourses.items[r * k + j]!;
            if (it >= 0) { qualitySum += hidden.get(train.itemIds[it]!) ?? 0; qualityCount++; }
          }
        }
      }
      base ??= ndcg;
      const n = ndcg.length;
      let mean = 0, meanDiff = 0;
      for (let u = 0; u < n; u++) { mean += ndcg[u]! / n; meanDiff += (ndcg[u]! - base[u]!) / n; }
      let ss = 0;
      for (let u = 0; u < n; u++) ss += (ndcg[u]! - base[u]! - meanDiff) ** 2;
      rows.push({ prior: label, weight, users: n, ndcg: mean, delta: meanDiff, deltaSe: Math.sqrt(ss / Math.max(1, n - 1) / n), courseQuality: qualitySum / Math.max(1, qualityCount) });
      log(`  ${label} ${weight}: NDCG@10 ${mean.toFixed(4)}`);
    }
  }
  return rows;
}
