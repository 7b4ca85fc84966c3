/**
 * npm run bench:ingest [-- --events 500000 --http-events 200000 --connections 8 --batch 100 --no-import]
 *
 * Events per second through the HTTP batch endpoint and through `learnloop import`, each beside
 * a baseline measured in the same run: a bare prepared-statement insert loop into the same kind
 * of SQLite file (same schema, same indexes, same durability). Also samples the importer's
 * resident memory to show it stays flat. Prints a table and one JSON line.
 *
 * The machine is shared and has two cores, so beside each rate it reports CPU seconds: the
 * server process's (from /proc, µs per event) and the load generator's. The generator posts
 * through node:http with keep-alive sockets; `fetch` cost it ~50 µs of CPU per event, a quarter
 * of what the server spent, on the same two cores. Meanwhile a probe asks GET /health every
 * 20 ms: its latency is how long ingest keeps the server's thread from answering anything else.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { openStore } from '../src/store/store.js';
import { cliPath, spawnServer } from '../test/helpers/process.js';

const { values } = parseArgs({ options: {
  events: { type: 'string', default: '500000' },
  'http-events': { type: 'string', default: '200000' },
  connections: { type: 'string', default: '8' },
  batch: { type: 'string', default: '100' },
  /** Baseline and HTTP only (A/B runs of the server). */
  'no-import': { type: 'boolean', default: false },
} });
const importEvents = Number(values.events);
const httpEvents = Number(values['http-events']);
const connections = Number(values.connections);
const batchSize = Number(values.batch);
const dir = mkdtempSync(join(tmpdir(), 'learnloop-bench-'));
const t0 = Date.parse('2026-03-02T00:00:00Z');

function message(i: number, prefix: string) {
  return {
    type: 'track', userId: `u${i % 20_000}`, event: i % 4 === 0 ? 'Item Viewed' : 'Lesson Progress', messageId: `${prefix}${i}`,
    timestamp: new Date(t0 + i * 250).toISOString(),
    properties: { lesson_id: `l${i % 3000}`, course_id: `c${i % 300}`, watched_s: 60, position_s: (i % 30) * 60 },
    context: { device: { type: 'ios' }, locale: 'zh-CN' },
  };
}

/** The baseline: prepared single-row inserts in 5,000-row transactions, no validation, no HTTP. */
async function bareInsertBaseline(n: number): Promise<number> {
  const path = join(dir, 'baseline.db');
  await (await openStore({ location: path })).close();
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const insert = db.prepare(`insert into events (project_id, message_id, type, event, user_id, anonymous_id, item_id, course_id, value,
    timestamp, original_timestamp, sent_at, received_at, properties, context) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const tx = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const m = message(i, 'b');
      insert.run('default', m.messageId, 'track', m.event, m.userId, null, m.properties.lesson_id, m.properties.course_id, 60,
        t0 + i * 250, null, null, Date.now(), JSON.stringify(m.properties), JSON.stringify(m.context));
    }
  });
  const started = performance.now();
  for (let i = 0; i < n; i += 5000) tx(i, Math.min(n, i + 5000));
  const rate = n / ((performance.now() - started) / 1000);
  db.close();
  return rate;
}

/** CPU seconds (user + system) a child process has used so far. */
function processCpuSeconds(pid: number): number {
  // Fields after the command name: state is the 1st, utime the 12th, stime the 13th (clock ticks).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface HttpRun { rate: number; p50: number; p99: number; serverCpuS: number; clientCpuS: number; healthP50: number; healthP99: number; healthMax: number }

/** GET /health every 20 ms until `running` says stop: how long the server's thread keeps others waiting. */
async function probeHealth(url: string, running: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  while (running()) {
    const t = performance.now();
    await new Promise<void>((resolve) => {
      http.get(url + '/health', (res) => { res.resume(); res.on('end', resolve); }).on('error', () => resolve());
    });
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  return latencies.sort((a, b) => a - b);
}

async function httpRate(n: number): Promise<HttpRun> {
  const { child, url } = await spawnServer(['--db', join(dir, 'http.db'), '--no-demo', '--no-build'], { LEARNLOOP_WRITE_KEY: 'wk_bench', LEARNLOOP_SECRET_KEY: 'sk_bench' });
  const auth = 'Basic ' + Buffer.from('wk_bench:').toString('base64');
  const batches = Math.ceil(n / batchSize);
  const bodies: string[] = [];
  for (let b = 0; b < batches; b++) {
    bodies.push(JSON.stringify({ batch: Array.from({ length: batchSize }, (_, k) => message(b * batchSize + k, 'h')) }));
  }
  const { hostname, port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const post = (body: string) => new Promise<void>((resolve, reject) => {
    const req = http.request({
      hostname, port, path: '/v1/batch', method: 'POST', agent,
      headers: { authorization: auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => { text += c; });
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}: ${text}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
  const latencies: number[] = [];
  let next = 0;
  const serverCpu0 = processCpuSeconds(child.pid!);
  const clientCpu0 = process.cpuUsage();
  const started = performance.now();
  let loading = true;
  const health = probeHealth(url, () => loading);
  await Promise.all(Array.from({ length: connections }, async () => {
    while (next < batches) {
      const body = bodies[next++]!;
      const t = performance.now();
      await post(body);
      latencies.push(performance.now() - t);
    }
  }));
  const rate = (batches * batchSize) / ((performance.now() - started) / 1000);
  loading = false;
  const healthMs = await health;
  const serverCpuS = processCpuSeconds(child.pid!) - serverCpu0;
  const clientCpu = process.cpuUsage(clientCpu0);
  agent.destroy();
  child.kill('SIGTERM');
  await once(child, 'exit');
  latencies.sort((a, b) => a - b);
  return {
    rate, p50: latencies[Math.floor(latencies.length * 0.5)]!, p99: latencies[Math.floor(latencies.length * 0.99)]!,
    serverCpuS, clientCpuS: (clientCpu.user + clientCpu.system) / 1e6,
    healthP50: healthMs[Math.floor(healthMs.length * 0.5)] ?? NaN, healthP99: healthMs[Math.floor(healthMs.length * 0.99)] ?? NaN,
    healthMax: healthMs[healthMs.length - 1] ?? NaN,
  };
}

async function importRate(n: number): Promise<{ rate: number; rssMb: number[] }> {
  const file = join(dir, 'events.jsonl');
  const out = createWriteStream(file);
  for (let i = 0; i < n; i++) if (!out.write(JSON.stringify(message(i, 'i')) + '\n')) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  const started = performance.now();
  const child = spawn(process.execPath, [cliPath, 'import', file, '--db', join(dir, 'import.db'), '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const rssMb: number[] = [];
  const sampler = setInterval(() => {
    try {
      // Anonymous resident memory (heap, buffers): the database file's memory-mapped pages, which
      // the kernel can drop at will, would otherwise count as growth while the file grows.
      const m = /RssAnon:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) rssMb.push(Number(m[1]) / 1024);
    } catch { /* exited */ }
  }, 500);
  let stdout = '';
  child.stdout!.on('data', (c: Buffer) => { stdout += c.toString(); });
  const [code] = await once(child, 'exit');
  clearInterval(sampler);
  if (code !== 0) throw new Error(`import exited with ${code}`);
  const summary = JSON.parse(stdout) as { accepted: number };
  if (summary.accepted !== n) throw new Error(`import accepted ${summary.accepted} of ${n}`);
  return { rate: n / ((performance.now() - started) / 1000), rssMb };
}

try {
  const baseline = await bareInsertBaseline(Math.min(importEvents, 300_000));
  const http = await httpRate(httpEvents);
  const imp = values['no-import'] ? { rate: NaN, rssMb: [] } : await importRate(importEvents);
  const serverUsPerEvent = Math.round((http.serverCpuS / httpEvents) * 1e6);
  const quart = (xs: number[]) => [0.25, 0.5, 0.75, 1].map((q) => Math.round(xs[Math.min(xs.length - 1, Math.floor(q * (xs.length - 1)))] ?? 0));
  const rows = [
    ['bare insert loop (baseline)', baseline, 1, ''],
    [`HTTP /v1/batch (${batchSize}/batch, ${connections} conns)`, http.rate, http.rate / baseline,
      `p50 ${http.p50.toFixed(1)} ms, p99 ${http.p99.toFixed(1)} ms; server CPU ${http.serverCpuS.toFixed(1)} s (${serverUsPerEvent} µs/event), client ${http.clientCpuS.toFixed(1)} s`],
    [`learnloop import (${importEvents.toLocaleString()} events)`, imp.rate, imp.rate / baseline, `anonymous RSS MB at 25/50/75/100%: ${quart(imp.rssMb).join('/')}`],
  ] as const;
  console.log(`\nGET /health during the HTTP run: p50 ${http.healthP50.toFixed(1)} ms, p99 ${http.healthP99.toFixed(1)} ms, max ${http.healthMax.toFixed(1)} ms`);
  console.log('\n| path | events/s | vs baseline | notes |\n| --- | ---: | ---: | --- |');
  for (const [name, rate, ratio, note] of rows) console.log(`| ${name} | ${Math.round(rate).toLocaleString()} | ${ratio.toFixed(2)} | ${note} |`);
  console.log(JSON.stringify({ bench: 'ingest', baselineEventsPerS: Math.round(baseline), httpEventsPerS: Math.round(http.rate),
    httpP50Ms: +http.p50.toFixed(2), httpP99Ms: +http.p99.toFixed(2),
    httpServerCpuS: +http.serverCpuS.toFixed(2), httpServerUsPerEvent: serverUsPerEvent, httpClientCpuS: +http.clientCpuS.toFixed(2),
    healthP50Ms: +http.healthP50.toFixed(1), healthP99Ms: +http.healthP99.toFixed(1), healthMaxMs: +http.healthMax.toFixed(1), importEventsPerS: Math.round(imp.rate),
    importRssMb: quart(imp.rssMb), importEvents, httpEvents, connections, batchSize }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
