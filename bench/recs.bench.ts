/**
 * `npm run bench:recs` — every registered recommender on the MovieLens latest-small splits, with
 * popularity as the baseline in the same run and the published peers beside them:
 * - quality: NDCG@10 (and HR, MAP, coverage) on `loo` and `user80` (holdout), RMSE/MAE on
 *   `ratings80` for models that predict ratings;
 * - training seconds: the median of `--repeats` fits (default 3) on the same split.
 * Prints a table, then one JSON line (`{"bench":"recs",…}`).
 *
 * Flags: --models a,b (default: all registered) · --protocols loo,holdout,temporal,ratings ·
 * --repeats N · --data DIR (default /work/shared/data/ml-latest-small or $LEARNLOOP_MOVIELENS_DIR) ·
 * --param model.key=value (repeatable, e.g. itemknn.neighbours=50).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { recommenders, parseParams } from '../src/recommend/registry.js';
import type { RecommenderFactory } from '../src/recommend/recommender.js';
import { evaluationDataFromText, type EvaluationData } from '../src/recommend/evaluate/dataset.js';
import { evaluateModel } from '../src/recommend/evaluate/runner.js';
import type { ErrorMetrics, RankingMetrics } from '../src/recommend/evaluate/metrics.js';
import type { Protocol } from '../src/recommend/evaluate/protocols.js';
import { formatTable, isRanking } from '../src/recommend/evaluate/report.js';
import { csvFields } from '../src/recommend/evaluate/rating-table.js';
import type { ItemText } from '../src/catalog/text-features.js';
import { defaultServingOptions, servingBenchmark } from './serving.bench.js';

/** Split files of each protocol, and the best published peer on it (PEERS.md). */
const datasets: Record<Protocol, { prefix: string; peer: { name: string; value: number } }> = {
  loo: { prefix: 'loo', peer: { name: 'LightFM WARP tuned', value: 0.0360 } },
  holdout: { prefix: 'user80', peer: { name: 'LightFM WARP', value: 0.1171 } },
  temporal: { prefix: 'temporal80', peer: { name: 'implicit BM25 item-KNN', value: 0.1558 } },
  ratings: { prefix: 'ratings80', peer: { name: 'Surprise KNNBaseline tuned (RMSE)', value: 0.8592 } },
};

/**
 * Inputs a model needs beyond interactions and hyper-parameters: the content model reads item
 * texts — here MovieLens titles and genres (not tags.csv, whose tags were written over time and
 * could leak what learners did after the split).
 */
function modelInputs(dir: string): Record<string, Record<string, unknown>> {
  const itemTexts = new Map<string, ItemText>();
  for (const line of readFileSync(`${dir}/movies.csv`, 'utf8').split(/\r?\n/).slice(1)) {
    if (line === '') continue;
    const [id, title, genres] = csvFields(line);
    itemTexts.set(id!, { title: title!, tags: genres === '(no genres listed)' ? [] : genres!.split('|') });
  }
  return { content: { itemTexts } };
}

interface QualityResult {
  model: string;
  protocol: Protocol;
  metrics?: RankingMetrics | ErrorMetrics;
  coldUsers?: number;
  trainSecondsMedian?: number;
  trainSecondsRuns?: number[];
  scoreSeconds?: number;
  params?: Record<string, unknown>;
  error?: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Fits `repeats` times (the first run is also scored); quality from that run, time as the median. */
async function measureQuality(factory: RecommenderFactory, params: Record<string, unknown>, inputs: Record<string, unknown>,
  data: EvaluationData, protocol: Protocol, repeats: number): Promise<QualityResult> {
  const run = await evaluateModel(factory, { ...params, ...inputs }, data, { protocol, k: 10 });
  const times = [run.report.train_seconds];
  for (let r = 1; r < repeats; r++) {
    const model = factory.create({ ...params, ...inputs });
    const t0 = performance.now();
    await model.fit(data.train);
    times.push((performance.now() - t0) / 1000);
  }
  return {
    model: factory.name, protocol, metrics: run.report.metrics, coldUsers: run.report.cold.users,
    trainSecondsMedian: median(times), trainSecondsRuns: times, scoreSeconds: run.scoreSeconds, params: run.report.params,
  };
}

// ---------------------------------------------------------------------------------------------
// Serving latency/throughput (p50/p99 at a fixed request rate, 10k and 100k items) belongs here:
// add a function to `servingBenchmarks`; its rows are printed after the quality table and go into
// the JSON line under "serving".
// ---------------------------------------------------------------------------------------------
interface ServingResult {
  name: string;
  [metric: string]: string | number;
}
const servingBenchmarks: Array<() => Promise<ServingResult[]>> = [() => servingBenchmark(defaultServingOptions)];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      models: { type: 'string' },
      protocols: { type: 'string' },
      repeats: { type: 'string' },
      data: { type: 'string' },
      param: { type: 'string', multiple: true },
    },
  });
  const dir = values.data ?? process.env.LEARNLOOP_MOVIELENS_DIR ?? '/work/shared/data/ml-latest-small';
  const repeats = Math.max(1, Number(values.repeats ?? 3));
  const protocols = (values.protocols ?? 'loo,holdout,ratings').split(',') as Protocol[];
  const names = values.models ? values.models.split(',') : [...recommenders.keys()];
  // Popularity is the baseline of every run, so it is measured even when not asked for.
  if (!names.includes('popularity')) names.unshift('popularity');
  const overrides = new Map<string, Record<string, string>>();
  for (const p of values.param ?? []) {
    const m = /^([^.=]+)\.([^=]+)=(.*)$/.exec(p);
    if (!m) throw new Error(`--param expects model.key=value, got "${p}"`);
    overrides.set(m[1]!, { ...overrides.get(m[1]!), [m[2]!]: m[3]! });
  }

  const inputs = modelInputs(dir);
  const results: QualityResult[] = [];
  for (const protocol of protocols) {
    const { prefix } = datasets[protocol];
    const read = (part: string) => readFileSync(`${dir}/splits/${prefix}_${part}.tsv`, 'utf8');
    const data = evaluationDataFromText(read('train'), read('test'), protocol === 'ratings' ? 'rating' : 'binary');
    for (const name of names) {
      const factory = recommenders.get(name);
      if (!factory) {
        results.push({ model: name, protocol, error: 'not registered' });
        continue;
      }
      // Top-N models that cannot predict ratings skip the ratings protocol.
      if (protocol === 'ratings' && factory.create().predict === undefined) continue;
      process.stderr.write(`${protocol}: ${name} …\n`);
      try {
        const params = parseParams(factory, overrides.get(name) ?? {});
        results.push(await measureQuality(factory, params, inputs[name] ?? {}, data, protocol, repeats));
      } catch (err) {
        results.push({ model: name, protocol, error: (err as Error).message });
        process.stderr.write(`  ${name} failed: ${(err as Error).message}\n`);
      }
    }
  }

  const baseline = new Map(results.filter((r) => r.model === 'popularity').map((r) => [r.protocol, r]));
  const rows: string[][] = [['protocol', 'model', 'NDCG@10 / RMSE', 'HR@10 / MAE', 'MAP@10', 'Cov@10', 'train s (median)', 'vs popularity', 'best peer']];
  for (const r of results) {
    const peer = datasets[r.protocol].peer;
    if (r.error !== undefined || r.metrics === undefined) {
      rows.push([r.protocol, r.model, 'failed', '', '', '', '', '', '']);
      continue;
    }
    const m = r.metrics;
    const base = baseline.get(r.protocol)?.metrics;
    const main = isRanking(m) ? m.ndcg : m.rmse;
    const baseMain = base === undefined ? undefined : isRanking(base) ? base.ndcg : undefined;
    rows.push([
      r.protocol, r.model, main.toFixed(4), (isRanking(m) ? m.hr : m.mae).toFixed(4),
      isRanking(m) ? m.map.toFixed(4) : '', isRanking(m) ? m.coverage.toFixed(4) : '',
      r.trainSecondsMedian!.toFixed(3),
      baseMain !== undefined && baseMain > 0 ? `${(main / baseMain).toFixed(2)}×` : '',
      `${peer.value.toFixed(4)} ${peer.name}`,
    ]);
  }
  process.stdout.write(`Recommenders on MovieLens latest-small (${dir}), ${repeats} fit(s) each\n`);
  process.stdout.write(formatTable(rows));
  for (const r of results) if (r.error !== undefined) process.stdout.write(`  ${r.protocol} ${r.model} failed: ${r.error}\n`);

  const serving: ServingResult[] = [];
  for (const bench of servingBenchmarks) serving.push(...(await bench()));
  if (serving.length > 0) {
    const keys = [...new Set(serving.flatMap((s) => Object.keys(s)))];
    process.stdout.write('\nServing\n' + formatTable([keys, ...serving.map((s) => keys.map((k) => String(s[k] ?? '')))]));
  }

  process.stdout.write(JSON.stringify({
    bench: 'recs', data: dir, repeats,
    peers: Object.fromEntries(Object.entries(datasets).map(([p, d]) => [p, d.peer])),
    results, serving,
  }) + '\n');
}

await main();
