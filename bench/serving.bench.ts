/**
 * npm run bench:serving [-- --sizes 10000,100000 --models hybrid,itemknn --users 20000
 *   --events-per-user 15 --rate 500 --seconds 20 --warmup 5 --store-dir DIR --profile DIR
 *   --retrain --retrain-seconds 45]
 *
 * Serving latency and throughput of `GET /v1/users/:id/recommendations?k=10` at a FIXED request rate
 * (open loop: request i is sent at start + i/rate whatever the answers do, and its latency counts
 * from that scheduled time, so queueing behind a slow answer is measured, not hidden), beside a
 * baseline in the same run: `GET /health` at the same rate against the same server. Each row also
 * gives the server's CPU time per answered request (from /proc: robust to other work on the
 * machine, which wall-clock latency is not) and the machine's 1-minute load average.
 *
 * For each catalog size a store is built in this process through the public paths — items through
 * the catalog repository, interactions as Segment messages through the ingest service — and
 * derived. For each model, this file then runs in `--serve` mode as a child process (its own event
 * loop; the app `learnloop serve` composes, with the model chosen and no background jobs), trains
 * the model there (or loads it when `--store-dir` kept it), and this process only generates load
 * over loopback. Synthetic shape: 20 categories; each learner has a home category (80 % of their
 * events) and picks items Zipf(1) by popularity within a category; 1–29 events per learner
 * (15 on average): 60 % Item Viewed, 25 % Order Completed, 15 % Item Bookmarked over 60 days.
 * Requests ask for learners with a history (the full personal path: state from the event log,
 * fold-in, rules, reasons).
 *
 * `--retrain` adds a phase: the same recommendation load while the server retrains its model
 * (POST /v1/models/train: a worker thread trains, the server swaps the new generation in), for
 * `--retrain-seconds` (default 45; the row says whether the swap happened inside the window). Its
 * CPU per request includes the training's.
 *
 * Each row names the server's ranking path (`ranker.ts`: neighbours, candidates or dense) and the
 * share of the every-item top 10 that path found when the model came in (GET /v1/models).
 *
 * `--store-dir DIR` keeps the built stores and trained models there and reuses them on later runs.
 * `--profile DIR` runs each server under `node --cpu-prof`: DIR/serving-<items>-<model>/ gets one
 * .cpuprofile per thread (the main thread's is the largest).
 * Also used by bench:recs (`servingBenchmark`), whose serving table it fills.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { itemTypes, type ItemType } from '../src/catalog/items.table.js';
import type { ItemInput } from '../src/catalog/item.js';
import { upsertItems } from '../src/catalog/items.store.js';
import { deriveLearners } from '../src/ingest/derive/derive.js';
import { seededRandom, type RandomFn } from '../src/recommend/kernels/random.js';
import { formatTable } from '../src/recommend/evaluate/report.js';
import { createLearnloop } from '../src/server/app.js';
import { cumulativeWeights, pickCumulative } from '../src/simulate/random.js';

export interface ServingBenchOptions {
  sizes: number[];
  users: number;
  eventsPerUser: number;
  rate: number;
  seconds: number;
  warmupSeconds: number;
  /** Serving models to measure (registry names); each is trained by the server at its start. */
  models: string[];
  profileDir?: string;
  /** Keep built stores (and the models trained in them) here and reuse them on the next run. */
  storeDir?: string;
  /** Also measure recommendations while the server retrains, for this many seconds (0 = not). */
  retrainSeconds?: number;
}

export interface ServingRow {
  name: string;
  [metric: string]: string | number;
}

const writeKey = 'wk_bench_serving';
const secretKey = 'sk_bench_serving';
const categoryCount = 20;
const homeShare = 0.8;
const days = 60;
const endMs = Date.now() - 3_600_000;
const productTypes = itemTypes.filter((t) => t !== 'lesson');
const words = ['Python', '数据分析', '理财', '经济学', '写作', '英语', '心理学', '历史', '管理', '产品', '设计', '摄影', '健身', '法律', '投资', '编程'];

interface Built {
  /** Learners with a history. */
  users: string[];
  events: number;
}

/** Builds the store for one catalog size (derived, not trained: each server trains its model). */
async function buildStore(path: string, nItems: number, o: ServingBenchOptions): Promise<Built> {
  const rand = seededRandom(nItems);
  const ll = await createLearnloop({ location: path, writeKey, secretKey, logger: false });
  try {
    const byCategory: string[][] = Array.from({ length: categoryCount }, () => []);
    const items: ItemInput[] = [];
    for (let i = 0; i < nItems; i++) {
      const c = i % categoryCount;
      const id = `item-${i}`;
      byCategory[c]!.push(id);
      items.push({
        id, type: productTypes[Math.floor(rand() * productTypes.length)] as ItemType,
        title: `${words[c % words.length]} ${words[Math.floor(rand() * words.length)]} 第${i}期`,
        category: `cat-${c}`, tags: [words[c % words.length]!, words[Math.floor(rand() * words.length)]!],
        createdAt: new Date(endMs - days * 86_400_000 - Math.floor(rand() * 365) * 86_400_000).toISOString(),
      });
    }
    await upsertItems(ll.store.db, ll.keys.projectId, items);
    // Zipf(1) popularity within each category: the i-th item of a category has weight 1/(i+1).
    const cumulative = byCategory.map((ids) => cumulativeWeights(Float64Array.from(ids, (_, r) => 1 / (r + 1)), new Float64Array(ids.length)));
    const pick = (c: number) => byCategory[c]![pickCumulative(cumulative[c]!, rand() * cumulative[c]!.at(-1)!)]!;

    const users: string[] = [];
    let batch: unknown[] = [];
    let events = 0;
    const flush = async () => {
      const r = await ll.ingest.ingest(ll.keys.projectId, batch, { receivedAt: endMs, trustReceivedAt: true });
      if (r.rejected.length > 0) throw new Error(`synthetic events rejected: ${r.rejected[0]!.message}`);
      events += r.accepted;
      batch = [];
    };
    for (let u = 0; u < o.users; u++) {
      const userId = `learner-${u}`;
      users.push(userId);
      const home = Math.floor(rand() * categoryCount);
      const n = 1 + Math.floor(rand() * (2 * o.eventsPerUser - 1));
      for (let e = 0; e < n; e++) {
        const item = pick(rand() < homeShare ? home : Math.floor(rand() * categoryCount));
        const r = rand();
        const event = r < 0.6 ? 'Item Viewed' : r < 0.85 ? 'Order Completed' : 'Item Bookmarked';
        batch.push({
          type: 'track', userId, event, messageId: `${userId}-${e}`, timestamp: endMs - Math.floor(rand() * days * 86_400_000),
          properties: event === 'Order Completed' ? { products: [{ product_id: item, price: 99 }], revenue: 99 } : { item_id: item },
        });
      }
      if (batch.length >= 5000) await flush();
    }
    await flush();
    await deriveLearners(ll.store.db, ll.keys.projectId);
    return { users, events };
  } finally {
    await ll.close();
  }
}

interface LoadResult {
  sent: number;
  ok: number;
  errors: number;
  /** Latency from the scheduled send time, ms, sorted. */
  latencies: Float64Array;
  achievedRps: number;
  /** Successful answers including late ones (the CPU spent on them counts). */
  answered: number;
}

/**
 * Open-loop load: `count` requests scheduled at `rate`/s; each path from `pathOf(i)`. Requests
 * unanswered `graceMs` after the last scheduled send count as errors; their answers are then
 * awaited up to `drainMs` more, so the server is idle again when this returns.
 */
async function openLoop(url: string, rate: number, count: number, pathOf: (i: number) => string, graceMs = 10_000, drainMs = 180_000): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const { hostname, port } = new URL(url);
  const intervalMs = 1000 / rate;
  const latencies: number[] = [];
  let ok = 0, errors = 0, done = 0, lastEnd = 0;
  const start = performance.now() + 50;
  let finish!: () => void;
  const all = new Promise<void>((r) => { finish = r; });
  const complete = (scheduled: number, good: boolean) => {
    const end = performance.now();
    if (good) { ok++; latencies.push(end - scheduled); lastEnd = Math.max(lastEnd, end); } else errors++;
    if (++done === count) finish();
  };
  const send = (i: number, scheduled: number) => {
    const req = httpRequest({ agent, host: hostname, port, path: pathOf(i), headers: { authorization: `Bearer ${secretKey}` } }, (res) => {
      res.resume();
      res.once('end', () => complete(scheduled, res.statusCode === 200));
    });
    req.once('error', () => complete(scheduled, false));
    req.end();
  };
  let next = 0;
  const tick = () => {
    const now = performance.now();
    while (next < count && start + next * intervalMs <= now) { send(next, start + next * intervalMs); next++; }
    if (next < count) setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
  };
  setTimeout(tick, 50);
  const deadline = new Promise<void>((r) => setTimeout(r, 50 + count * intervalMs + graceMs).unref());
  await Promise.race([all, deadline]);
  const result = { sent: count, ok, errors: count - ok, latencies: Float64Array.from(latencies).sort(), achievedRps: ok / ((lastEnd - start) / 1000) };
  // Late answers are errors above, but the server still owes them: let it drain (within reason)
  // so that the next phase starts on an idle server.
  await Promise.race([all, new Promise<void>((r) => setTimeout(r, drainMs).unref())]);
  agent.destroy();
  return { ...result, answered: ok };
}

const quantile = (sorted: Float64Array, q: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);

function row(name: string, items: number, rate: number, r: LoadResult, extra: Record<string, string | number> = {}): ServingRow {
  const ms = (x: number) => Math.round(x * 100) / 100;
  return {
    name, items, target_rps: rate, sent: r.sent, ok: r.ok, errors: r.errors,
    p50_ms: ms(quantile(r.latencies, 0.5)), p90_ms: ms(quantile(r.latencies, 0.9)), p99_ms: ms(quantile(r.latencies, 0.99)),
    max_ms: ms(r.latencies.at(-1) ?? NaN), achieved_rps: Math.round(r.achievedRps), ...extra,
  };
}

interface ChildServer {
  child: ChildProcess;
  url: string;
  /** Seconds the model took to train at start (0 when a stored model was loaded). */
  trainSeconds: number;
}

/**
 * Starts this file in `--serve` mode as a child process: the same app `learnloop serve` composes
 * (`createLearnloop`), with the chosen model, no background jobs, answering once the model is in.
 */
function startServer(path: string, model: string, profileDir?: string): Promise<ChildServer> {
  // One directory per server: Node writes a profile per thread (the main one is the largest).
  const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', fileURLToPath(import.meta.url), '--serve', path, '--model', model],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolvePromise, reject) => {
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /^ready (\S+) (\S+)$/m.exec(output);
      if (m) resolvePromise({ child, url: m[1]!, trainSeconds: Number(m[2]) });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

/** `--serve <db> --model <name>`: the child's side of `startServer`. */
async function serve(path: string, model: string): Promise<void> {
  const ll = await createLearnloop({ location: path, writeKey, secretKey, logger: false, model, role: 'api' });
  const started = performance.now();
  await ll.recommendations.start();
  const trained = ll.recommendations.status.trainSeconds ?? 0;
  const address = await ll.app.listen({ host: '127.0.0.1', port: 0 });
  process.stderr.write(`ready ${address} ${trained > 0 ? ((performance.now() - started) / 1000).toFixed(1) : 0}\n`);
  process.once('SIGTERM', () => void ll.close().then(() => process.exit(0)));
}

const clockTicksPerS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerS;
}

/** One load phase with the server's CPU time per answered request and the machine's load beside it. */
async function phase(server: ChildServer, name: string, nItems: number, o: ServingBenchOptions, pathOf: (i: number) => string, extra: Record<string, string | number>): Promise<ServingRow> {
  const load1 = loadavg()[0]!;
  const cpu0 = cpuSeconds(server.child.pid!);
  const r = await openLoop(server.url, o.rate, Math.round(o.rate * o.seconds), pathOf);
  const cpuMs = ((cpuSeconds(server.child.pid!) - cpu0) * 1000) / Math.max(1, r.answered);
  return row(name, nItems, o.rate, r, { server_cpu_ms_per_req: Math.round(cpuMs * 100) / 100, load1: Math.round(load1 * 10) / 10, ...extra });
}

interface ModelStatus {
  modelId: number | null;
  training: boolean;
  ranking: { path: string; agreement: number } | null;
}

async function modelStatus(url: string): Promise<ModelStatus> {
  const res = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${secretKey}` } });
  return ((await res.json()) as { serving: ModelStatus }).serving;
}

/** The recommendation load while the server retrains (a worker thread) and swaps the new model in. */
async function retrainPhase(
  server: ChildServer, nItems: number, o: ServingBenchOptions, pathOf: (i: number) => string, extra: Record<string, string | number>, modelBefore: number | null,
): Promise<ServingRow> {
  const started = await fetch(`${server.url}/v1/models/train`, { method: 'POST', headers: { authorization: `Bearer ${secretKey}` } });
  if (started.status !== 202) throw new Error(`retrain did not start: ${started.status} ${await started.text()}`);
  const load = phase(server, 'GET …/recommendations?k=10 during a retrain', nItems, { ...o, seconds: o.retrainSeconds! }, pathOf, extra);
  let swappedAfterS: number | null = null;
  const t0 = performance.now();
  const poll = setInterval(() => {
    void modelStatus(server.url).then((s) => { if (swappedAfterS === null && s.modelId !== modelBefore && !s.training) swappedAfterS = (performance.now() - t0) / 1000; });
  }, 1000);
  const row = await load;
  clearInterval(poll);
  return { ...row, swapped_after_s: swappedAfterS === null ? 'not yet' : Math.round(swappedAfterS) };
}

/** Measures every catalog size and model; the rows of bench:serving and of bench:recs' serving section. */
export async function servingBenchmark(o: ServingBenchOptions): Promise<ServingRow[]> {
  const rows: ServingRow[] = [];
  for (const nItems of o.sizes) {
    const dir = o.storeDir ?? mkdtempSync(join(tmpdir(), 'learnloop-serving-'));
    try {
      const path = join(dir, `serving-${nItems}-${o.users}-${o.eventsPerUser}.db`);
      let built: Built;
      if (o.storeDir && existsSync(`${path}.json`)) {
        built = JSON.parse(readFileSync(`${path}.json`, 'utf8')) as Built;
      } else {
        mkdirSync(dir, { recursive: true });
        process.stderr.write(`serving: building ${nItems.toLocaleString('en-US')} items, ${o.users.toLocaleString('en-US')} learners …\n`);
        built = await buildStore(path, nItems, o);
        writeFileSync(`${path}.json`, JSON.stringify(built));
      }
      for (const model of o.models) {
        process.stderr.write(`serving: ${nItems.toLocaleString('en-US')} items, ${built.events.toLocaleString('en-US')} events: starting ${model} …\n`);
        const profileDir = o.profileDir ? join(o.profileDir, `serving-${nItems}-${model}`) : undefined;
        if (profileDir) mkdirSync(profileDir, { recursive: true });
        const server = await startServer(path, model, profileDir);
        try {
          const rand = seededRandom(7);
          const recsPath = () => `/v1/users/${built.users[Math.floor(rand() * built.users.length)]!}/recommendations?k=10`;
          const before = await modelStatus(server.url);
          const shape = { model, ranking: `${before.ranking?.path} ${before.ranking?.agreement}`, users: o.users, events: built.events, train_s: server.trainSeconds };
          // Each endpoint is warmed (JIT, caches) at the same rate, then measured.
          const warmup = Math.round(o.rate * o.warmupSeconds);
          await openLoop(server.url, o.rate, warmup, () => '/health');
          rows.push(await phase(server, 'GET /health (baseline)', nItems, o, () => '/health', shape));
          await openLoop(server.url, o.rate, warmup, recsPath);
          rows.push(await phase(server, 'GET /v1/users/:id/recommendations?k=10', nItems, o, recsPath, shape));
          if (o.retrainSeconds) rows.push(await retrainPhase(server, nItems, o, recsPath, shape, before.modelId));
        } finally {
          server.child.kill('SIGTERM');
          await once(server.child, 'exit');
        }
      }
    } finally {
      if (!o.storeDir) rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

export const defaultServingOptions: Readonly<ServingBenchOptions> = Object.freeze({
  sizes: [10_000, 100_000], users: 20_000, eventsPerUser: 15, rate: 500, seconds: 20, warmupSeconds: 5, models: ['hybrid', 'itemknn'],
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' }, users: { type: 'string' }, 'events-per-user': { type: 'string' }, rate: { type: 'string' },
      seconds: { type: 'string' }, warmup: { type: 'string' }, models: { type: 'string' }, profile: { type: 'string' },
      'store-dir': { type: 'string' }, serve: { type: 'string' }, model: { type: 'string' },
      retrain: { type: 'boolean' }, 'retrain-seconds': { type: 'string' },
    },
  });
  if (values.serve) {
    await serve(values.serve, values.model ?? 'hybrid');
    return;
  }
  const d = defaultServingOptions;
  const o: ServingBenchOptions = {
    sizes: values.sizes ? values.sizes.split(',').map(Number) : [...d.sizes],
    users: Number(values.users ?? d.users), eventsPerUser: Number(values['events-per-user'] ?? d.eventsPerUser),
    rate: Number(values.rate ?? d.rate), seconds: Number(values.seconds ?? d.seconds), warmupSeconds: Number(values.warmup ?? d.warmupSeconds),
    models: values.models ? values.models.split(',') : [...d.models], profileDir: values.profile, storeDir: values['store-dir'],
    retrainSeconds: values.retrain ? Number(values['retrain-seconds'] ?? 45) : 0,
  };
  const rows = await servingBenchmark(o);
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  process.stdout.write(`Serving at a fixed ${o.rate} requests/s, open loop, ${o.seconds} s per endpoint (target: p99 < 10 ms at 100,000 items)\n`);
  process.stdout.write(formatTable([keys, ...rows.map((r) => keys.map((k) => String(r[k] ?? '')))]));
  process.stdout.write(JSON.stringify({ bench: 'serving', options: o, rows }) + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
