/**
 * How fast the built dashboard loads in Chromium on the full demo platform (1,000 learners × 90
 * days, seed 1 — what `learnloop serve` loads at first start). For every page of the navigation:
 * the time from the start of the navigation to the page settled (heading shown, nothing busy,
 * every chart drawn), with a cold browser cache (cleared before each load) and a warm one; and for
 * the overview also to its first chart drawn. Median of --runs (5) after one untimed visit that
 * warms the server. Also the size of the built JS and CSS. Target: under 2 s.
 *
 * Run: npm run bench:dashboard [-- --runs 5]
 * LEARNLOOP_DEMO_DB=/path/learnloop.db serves a copy of that demo database instead of building one
 * (SQLite's online backup: the original may be in use). Without it the demo is generated once into
 * ./data/bench/dashboard-1000x90-s1.db (~2 min) and reused. Prints a table and, last, one JSON line.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { loadDemoPlatform } from '../src/cli/demo-platform.js';
import { openWorkspace } from '../src/cli/workspace.js';
import {
  adminEmail, adminPassword, browserSkipReason, buildDashboardTo, launchBrowser, startDashboardServer, tempDir, waitForPageReady,
} from '../test/web/harness.js';
import { firstChartAtMs, loadBreakdown, settledAtMs } from '../test/web/in-page.js';

type LoadBreakdown = ReturnType<typeof loadBreakdown>;

const args = process.argv.slice(2);
const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const runs = Number(flag('--runs') ?? 5);
const demo = { users: 1000, days: 90, seed: 1 };
const targetMs = 2000;
const log = (m: string) => process.stderr.write(`${m}\n`);

const skip = browserSkipReason();
if (skip) {
  log(`bench:dashboard needs Chromium: ${skip}`);
  process.exit(1);
}

/** The demo database to serve a copy of: the given one, or one generated once under ./data/bench. */
async function demoDatabase(): Promise<string> {
  const given = process.env.LEARNLOOP_DEMO_DB;
  if (given) return given;
  const path = `./data/bench/dashboard-${demo.users}x${demo.days}-s${demo.seed}.db`;
  if (existsSync(path)) return path;
  mkdirSync(dirname(path), { recursive: true });
  log(`generating the demo platform into ${path} (learnloop demo --users ${demo.users} --days ${demo.days} --seed ${demo.seed}) …`);
  const ws = await openWorkspace(path);
  try {
    await loadDemoPlatform(ws.store, ws.ingest, ws.keys.projectId, demo);
  } finally {
    await ws.close();
  }
  return path;
}

/** Bytes and gzip bytes of the built files with this extension. */
function assetSize(distDir: string, ext: string): { files: number; bytes: number; gzip: number } {
  const dir = join(distDir, 'assets');
  const files = readdirSync(dir).filter((f) => extname(f) === ext);
  let bytes = 0, gzip = 0;
  for (const f of files) {
    const content = readFileSync(join(dir, f));
    bytes += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  return { files: files.length, bytes, gzip };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Navigates to `url` and answers the in-page times (ms since the navigation started). */
async function load(page: Page, url: string, measureFirstChart: boolean): Promise<{ settled: number; firstChart?: number; breakdown: LoadBreakdown }> {
  await page.goto(url, { waitUntil: 'commit' });
  const firstChart = measureFirstChart
    ? (await (await page.waitForFunction(firstChartAtMs, undefined, { polling: 'raf', timeout: 60_000 })).jsonValue()) as number
    : undefined;
  const settled = (await (await page.waitForFunction(settledAtMs, undefined, { polling: 'raf', timeout: 60_000 })).jsonValue()) as number;
  return { settled, firstChart, breakdown: await page.evaluate(loadBreakdown) };
}

const source = await demoDatabase();
const distDir = tempDir('bench-dist');
const buildStarted = performance.now();
await buildDashboardTo(distDir);
const buildSeconds = (performance.now() - buildStarted) / 1000;
const js = assetSize(distDir, '.js');
const css = assetSize(distDir, '.css');
log(`built the dashboard in ${buildSeconds.toFixed(1)} s; serving a copy of ${source} …`);
const server = await startDashboardServer({ distDir, copyDb: source });
const browser = await launchBrowser({ locale: 'en-US', viewport: { width: 1440, height: 1000 } });

interface PageTimes {
  path: string; cold: number[]; warm: number[]; firstChartCold: number[]; firstChartWarm: number[];
  /** Per warm load: the slowest API call, and when the scripts had arrived on a cold load. */
  slowestApi: number[]; apiCalls: number; coldScriptsEnd: number[];
}
const results: PageTimes[] = [];
try {
  const page = browser.context.pages()[0] ?? await browser.context.newPage();
  await page.goto(server.url + '/sign-in');
  await page.fill('input[name="email"]', adminEmail);
  await page.fill('input[name="password"]', adminPassword);
  await page.click('button[type="submit"]');
  await page.waitForURL((u) => u.pathname === '/');
  await waitForPageReady(page, 120_000);
  const paths = await page.$$eval('header nav a[href]', (links) => links.map((a) => a.getAttribute('href')!));
  const cdp = await browser.context.newCDPSession(page);
  for (const path of paths) {
    const isOverview = path === '/';
    // Untimed: the server's first answer for a page may fold rollups or fill caches.
    await page.goto(server.url + path);
    await waitForPageReady(page, 120_000);
    const times: PageTimes = { path, cold: [], warm: [], firstChartCold: [], firstChartWarm: [], slowestApi: [], apiCalls: 0, coldScriptsEnd: [] };
    for (let r = 0; r < runs; r++) {
      await cdp.send('Network.clearBrowserCache');
      const cold = await load(page, server.url + path, isOverview);
      const warm = await load(page, server.url + path, isOverview);
      times.cold.push(cold.settled);
      times.warm.push(warm.settled);
      if (cold.firstChart !== undefined) times.firstChartCold.push(cold.firstChart);
      if (warm.firstChart !== undefined) times.firstChartWarm.push(warm.firstChart);
      times.slowestApi.push(warm.breakdown.slowestApiMs);
      times.apiCalls = warm.breakdown.apiCalls;
      times.coldScriptsEnd.push(cold.breakdown.scriptsEndMs);
    }
    results.push(times);
    log(`${path}: cold ${median(times.cold).toFixed(0)} ms, warm ${median(times.warm).toFixed(0)} ms`);
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(distDir, { recursive: true, force: true });
}

const ms = (x: number) => `${x.toFixed(0)} ms`;
const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
const rows = results.map((r) => {
  const cold = median(r.cold), warm = median(r.warm);
  return { ...r, coldMedian: cold, warmMedian: warm, ok: cold < targetMs && warm < targetMs };
});
const lines = [
  `Dashboard load time in Chromium (headless), demo platform ${demo.users} learners × ${demo.days} days, median of ${runs}` +
    ` (machine load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`,
  `JS ${js.files} files ${kb(js.bytes)} (gzip ${kb(js.gzip)}), CSS ${css.files} files ${kb(css.bytes)} (gzip ${kb(css.gzip)}), build ${buildSeconds.toFixed(1)} s`,
  '',
  '| page | cold cache: settled | warm cache: settled | cold: min–max | cold: scripts in | API calls | slowest API call | < 2 s |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |',
  ...rows.map((r) => `| ${r.path} | ${ms(r.coldMedian)} | ${ms(r.warmMedian)} | ${ms(Math.min(...r.cold))}–${ms(Math.max(...r.cold))} | ` +
    `${ms(median(r.coldScriptsEnd))} | ${r.apiCalls} | ${ms(median(r.slowestApi))} | ${r.ok ? 'yes' : 'NO'} |`),
];
const overview = results.find((r) => r.path === '/');
if (overview) {
  lines.push('', `Overview, first chart drawn: cold ${ms(median(overview.firstChartCold))}, warm ${ms(median(overview.firstChartWarm))}`);
}
process.stdout.write(lines.join('\n') + '\n');
process.stdout.write(JSON.stringify({
  bench: 'dashboard', users: demo.users, days: demo.days, runs, targetMs,
  js: js, css: css, buildSeconds: Number(buildSeconds.toFixed(1)),
  overviewFirstChartMs: overview ? { cold: Math.round(median(overview.firstChartCold)), warm: Math.round(median(overview.firstChartWarm)) } : null,
  pages: Object.fromEntries(rows.map((r) => [r.path, {
    coldMs: Math.round(r.coldMedian), warmMs: Math.round(r.warmMedian), coldScriptsMs: Math.round(median(r.coldScriptsEnd)),
    apiCalls: r.apiCalls, slowestApiMs: Math.round(median(r.slowestApi)),
  }])),
  loadAverage: loadavg()[0],
  allUnderTarget: rows.every((r) => r.ok),
}) + '\n');
