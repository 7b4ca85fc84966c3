/**
 * Learner profiles on the simulated platform (default 5,000 learners, 90 days, seed 1), measured:
 * 1. the feature table as of the last simulated day (one pass over every event), and one learner's
 *    profile (features, segments, interests, timeline);
 * 2. segments: k-means (k by silhouette in 3..8) and RFM, and how well each recovers the simulator's
 *    hidden learner habits (adjusted Rand index), beside baselines in the same run — k-means on
 *    value features (recency, frequency, spend, completion, courses bought) and random assignment;
 * 3. association rules by FP-Growth on purchases and on finished courses, beside the brute-force
 *    itemset counter on the same baskets.
 *
 * Run: node --import tsx bench/profiles.bench.ts [--db FILE] [--truth FILE] [--users 5000] [--days 90] [--seed 1]
 * The store is generated when missing (`learnloop demo --users 5000 --days 90 --seed 1 --db FILE`
 * does the same), with the truth file beside it. Prints a table and, last, one JSON line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadDemoPlatform } from '../src/cli/demo-platform.js';
import { openWorkspace } from '../src/cli/workspace.js';
import { frequentItemsets } from '../src/profiles/fp-growth.js';
import { frequentItemsetsReference } from '../src/profiles/itemsets-reference.js';
import { learnerFeatures } from '../src/profiles/learner-features.js';
import { learnerProfile } from '../src/profiles/profile.js';
import { adjustedRandIndex } from '../src/profiles/rand-index.js';
import { learnerRules, loadBaskets, type RuleBasis } from '../src/profiles/rules.js';
import { clusterLearners } from '../src/profiles/segment-clustering.js';
import { computeSegments } from '../src/profiles/segments.js';
import { seededRandom } from '../src/recommend/kernels/random.js';
import { truthFromJson } from '../src/simulate/truth.js';

const args = process.argv.slice(2);
const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const users = Number(flag('--users') ?? 5000);
const days = Number(flag('--days') ?? 90);
const seed = Number(flag('--seed') ?? 1);
const dbPath = flag('--db') ?? `./data/bench/profiles-${users}x${days}-s${seed}.db`;
const truthPath = flag('--truth') ?? join(dirname(dbPath), 'demo-truth.json');
const log = (m: string) => process.stderr.write(`${m}\n`);

/** Wall and CPU seconds of `fn`. */
async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(cpu0);
  return { value, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

const ws = await openWorkspace(dbPath);
const events = Number((await ws.store.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
if (events === 0 || !existsSync(truthPath)) {
  log(`generating the demo platform into ${dbPath} (learnloop demo --users ${users} --days ${days} --seed ${seed}) …`);
  await loadDemoPlatform(ws.store, ws.ingest, ws.keys.projectId, { users, days, seed, truthPath });
}
const truth = truthFromJson(readFileSync(truthPath, 'utf8'));
const habit = new Map(truth.learners.map((l) => [l.userId, l.habit]));
const asOf = Date.parse(`${truth.startDate}T00:00:00+08:00`) + truth.days * 86_400_000;
const db = ws.store.db;
const projectId = ws.keys.projectId;
const totalEvents = Number((await db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

const rows: (string | number)[][] = [];
const row = (what: string, wall: number, cpu: number | null, result: string) => {
  rows.push([what, wall.toFixed(2), cpu === null ? '' : cpu.toFixed(2), result]);
  log(`${what}: ${wall.toFixed(2)} s — ${result}`);
};

// 1. Features and one profile.
const features = await timed(() => learnerFeatures(db, projectId, { asOf }));
const table = features.value;
row('learner features (all learners)', features.wall, features.cpu, `${table.userIds.length} learners × ${table.catalogue.length} features from ${totalEvents} events`);
const truthLabels = table.userIds.map((u) => habit.get(u) ?? 'unknown');

// 2. Segments and their agreement with the hidden habits.
const segments = await timed(() => computeSegments(db, projectId, { table, methods: ['kmeans', 'rfm'], now: asOf }));
const [kmeansRun, rfmRun] = segments.value;
const membersOf = async (method: string) => {
  const m = new Map((await db.selectFrom('segment_members').select(['user_id', 'segment_id']).where('project_id', '=', projectId).where('method', '=', method).execute())
    .map((r) => [r.user_id, r.segment_id]));
  return table.userIds.map((u) => m.get(u)!);
};
const ariKmeans = adjustedRandIndex(await membersOf('kmeans'), truthLabels);
const ariRfm = adjustedRandIndex(await membersOf('rfm'), truthLabels);
row('segments: k-means + RFM, stored', segments.wall, segments.cpu,
  `k = ${kmeansRun!.params.kind === 'kmeans' ? kmeansRun!.params.segmentIds.length : '?'} (silhouette ${kmeansRun!.quality!.toFixed(3)}), ARI vs habits ${ariKmeans.toFixed(3)}`);
const valueFeatures = await timed(() => clusterLearners(table, {
  features: ['recencyDays', 'activeDays28', 'spend', 'completionRate', 'coursesBought'], kMin: 3, kMax: 8,
}));
const ariValue = adjustedRandIndex(valueFeatures.value.labels, truthLabels);
row('baseline: k-means on value features', valueFeatures.wall, valueFeatures.cpu, `k = ${valueFeatures.value.k}, ARI ${ariValue.toFixed(3)}`);
const rand = seededRandom(7);
const k = kmeansRun!.segments.length;
const ariRandom = adjustedRandIndex(table.userIds.map(() => Math.floor(rand() * k)), truthLabels);
rows.push(['baseline: RFM segments', '', '', `7 rule segments, ARI ${ariRfm.toFixed(3)}`]);
rows.push(['baseline: random assignment', '', '', `${k} segments, ARI ${ariRandom.toFixed(3)}`]);

const sample = table.userIds.filter((_, u) => u % Math.max(1, Math.floor(table.userIds.length / 20)) === 0).slice(0, 20);
const profiles = await timed(async () => { for (const u of sample) await learnerProfile(db, projectId, u, { asOf }); });
row(`one learner's profile (mean of ${sample.length})`, profiles.wall / sample.length, profiles.cpu / sample.length, 'features, segments, interests, 20-line timeline');

// 3. Rules, and FP-Growth beside brute-force counting on the same baskets.
const rules: Record<string, { seconds: number; baskets: number; rules: number; fpSeconds: number; bruteSeconds: number; itemsets: number }> = {};
for (const basis of ['purchases', 'completions'] as RuleBasis[]) {
  const r = await timed(() => learnerRules(db, projectId, { basis, minSupport: 0.005, minConfidence: 0.1, limit: 20, asOf }));
  const { baskets } = await loadBaskets(db, projectId, basis, asOf);
  const minCount = r.value!.minCount;
  const fp = await timed(() => frequentItemsets(baskets, minCount, 3));
  const lists = Array.from({ length: baskets.offsets.length - 1 }, (_, b) => Array.from(baskets.items.subarray(baskets.offsets[b]!, baskets.offsets[b + 1]!)));
  const brute = await timed(() => frequentItemsetsReference(lists, minCount, 3));
  if (brute.value.size !== fp.value.itemsets.length) throw new Error(`FP-Growth found ${fp.value.itemsets.length} itemsets, brute force ${brute.value.size}`);
  rules[basis] = { seconds: r.wall, baskets: r.value!.baskets, rules: r.value!.total, fpSeconds: fp.wall, bruteSeconds: brute.wall, itemsets: fp.value.itemsets.length };
  row(`rules on ${basis} (support ≥ 0.5%, confidence ≥ 10%)`, r.wall, r.cpu, `${r.value!.total} rules over ${r.value!.baskets} learners`);
  row(`  FP-Growth itemsets | brute force`, fp.wall, null, `${fp.value.itemsets.length} itemsets; brute force ${brute.wall.toFixed(3)} s, same itemsets`);
}

const widths = [0, 1, 2, 3].map((i) => Math.max(...[['step', 'wall s', 'cpu s', 'result'], ...rows].map((r) => String(r[i]).length)));
const line = (r: (string | number)[]) => r.map((v, i) => (i === 1 || i === 2 ? String(v).padStart(widths[i]!) : String(v).padEnd(widths[i]!))).join('  ');
console.log(`\nProfiles on ${dbPath}: ${truth.users} simulated learners, ${truth.days} days, seed ${truth.seed}; as of ${new Date(asOf).toISOString()}\n`);
console.log(line(['step', 'wall s', 'cpu s', 'result']));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
console.log(JSON.stringify({
  bench: 'profiles', users: truth.users, days: truth.days, seed: truth.seed, events: totalEvents, learners: table.userIds.length,
  featuresSeconds: features.wall, featuresCpuSeconds: features.cpu, segmentsSeconds: segments.wall, profileSeconds: profiles.wall / sample.length,
  k: kmeansRun!.segments.length, silhouette: kmeansRun!.quality, ari: { kmeans: ariKmeans, rfm: ariRfm, valueKmeans: ariValue, random: ariRandom }, rules,
}));
await ws.close();
