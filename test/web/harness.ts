/**
 * What the dashboard's browser tests and its load-time bench stand on: the dashboard built once
 * into a temporary folder, a real Learnloop server on a deterministic demo platform with a known
 * dashboard account, Debian's Chromium driven by playwright-core with a fresh profile, and a watch
 * on every page that records console errors, page errors and failed or 4xx/5xx requests.
 *
 * @example
 *   const skip = browserSkipReason();               // throws under CI when Chromium is missing
 *   const distDir = await buildDashboardTo(tempDir('dist'));
 *   const server = await startDashboardServer({ distDir, demo: { users: 200, days: 30, seed: 7 } });
 *   const browser = await launchBrowser({ locale: 'en-US' });
 *   const page = await browser.context.newPage();
 *   const watch = watchPage(page);
 *   await page.goto(server.url + '/');
 *   assert.deepEqual(watch.take(), []);
 *   await browser.close(); await server.stop();
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { loadDemoPlatform, type DemoResult } from '../../src/cli/demo-platform.js';
import { defaultWebDir } from '../../src/server/dashboard.js';
import { defaultServingModel } from '../../src/cli/commands/serve.js';
import { ChurnService } from '../../src/churn/churn-service.js';
import { createLearnloop, type Learnloop } from '../../src/server/app.js';
import { settledAtMs } from './in-page.js';

/** Debian's Chromium (`.ci/run` installs it); LEARNLOOP_CHROMIUM points elsewhere. */
export const chromiumPath = process.env.LEARNLOOP_CHROMIUM || '/usr/bin/chromium';

/**
 * The flags the dashboard is tested with: no GPU, no network of Chromium's own (updates, sync,
 * QUIC probes) that would show up as failed requests or slow a measurement.
 */
export const chromiumArgs = Object.freeze([
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]);

export const adminEmail = 'ops@learnloop.test';
export const adminPassword = 'correct horse battery';
export const secretKey = 'sk_browser_tests';
export const writeKey = 'wk_browser_tests';

/**
 * Why the browser tests cannot run here, or undefined when they can. Under CI a missing Chromium
 * is an error, not a skip: the machine was meant to have it.
 */
export function browserSkipReason(): string | undefined {
  if (existsSync(chromiumPath)) return undefined;
  const why = `Chromium is not installed at ${chromiumPath}`;
  if (process.env.CI) throw new Error(`${why}: .ci/run must install it (apt-get install chromium fonts-noto-cjk)`);
  return `${why} (apt-get install chromium fonts-noto-cjk, or set LEARNLOOP_CHROMIUM)`;
}

/** A fresh temporary folder; the caller removes it. */
export function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `learnloop-web-${name}-`));
}

/**
 * Builds the dashboard with Vite's JS API into `outDir` (not web/dist: a build there would race
 * with a running server and with other builds of the same tree). Answers `outDir`.
 */
export async function buildDashboardTo(outDir: string, webDir = defaultWebDir): Promise<string> {
  const { build } = await import('vite');
  await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return outDir;
}

export interface DashboardServer {
  ll: Learnloop;
  url: string;
  /** The demo that was loaded now (undefined when an existing database was copied). */
  demo: DemoResult | undefined;
  /** GET `path` with the secret key; answers the parsed JSON (throws on a non-2xx status). */
  api<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T>;
  stop(): Promise<void>;
}

export interface DashboardServerOptions {
  distDir: string;
  /** Load a simulated platform into the fresh database (deterministic for the same numbers). */
  demo?: { users: number; days: number; seed: number };
  /** Or serve a copy of this existing database (it may be in use: the copy is SQLite's online backup). */
  copyDb?: string;
}

/**
 * Starts Learnloop in this process on a random loopback port with the dashboard account
 * `adminEmail` / `adminPassword` and the serving model of `learnloop serve`, and waits until the
 * recommender serves and the analytics rollups answer (the dashboard would otherwise show its
 * "preparing" state, and the API's 503s would count as failed requests).
 */
export async function startDashboardServer(o: DashboardServerOptions): Promise<DashboardServer> {
  const dir = tempDir('server');
  const location = join(dir, 'learnloop.db');
  if (o.copyDb) await copyDatabase(o.copyDb, location);
  const ll = await createLearnloop({
    location, writeKey, secretKey, adminEmail, adminPassword,
    // Server errors only: a 500 behind a failed request shows its stack in the test output.
    logger: { level: 'error' },
    dashboard: { distDir: o.distDir, buildError: null },
    model: defaultServingModel,
  });
  let demo: DemoResult | undefined;
  try {
    if (o.demo && !o.copyDb) demo = await loadDemoPlatform(ll.store, ll.ingest, ll.keys.projectId, o.demo);
    // As `learnloop serve` does, but waited for: recommendations answer 503 until a model serves,
    // and the churn scores of a stored model are computed ahead of the first at-risk visit.
    await ll.recommendations.start();
    await new ChurnService(ll.store.db, ll.keys.projectId).refresh();
  } catch (err) {
    await ll.close();
    throw err;
  }
  const url = await ll.app.listen({ host: '127.0.0.1', port: 0 });
  const api = async <T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(url + path + (qs ? `?${qs}` : ''), { headers: { authorization: `Bearer ${secretKey}` } });
      // A first fold of a large log answers 503 for a while; the dashboard retries too.
      if (res.status === 503 && attempt < 300) {
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      const text = await res.text();
      if (!res.ok) throw new Error(`GET ${path}?${qs} answered ${res.status}: ${text}`);
      return JSON.parse(text) as T;
    }
  };
  const server: DashboardServer = {
    ll, url, demo, api,
    async stop() {
      await ll.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const span = await api<{ from: string | null; to: string | null }>('/v1/metrics/span');
  if (span.from && span.to) await api('/v1/metrics/activity', { from: span.from, to: span.to, interval: 'day' });
  return server;
}

/**
 * A consistent copy of a SQLite database another server may be writing to: SQLite's online backup
 * reads a snapshot, where copying the file and its -wal separately could catch half a checkpoint.
 */
export async function copyDatabase(from: string, to: string): Promise<void> {
  if (!existsSync(from)) throw new Error(`no database at ${from}`);
  const source = new Sqlite(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(to);
  } finally {
    source.close();
  }
}

export interface BrowserSession {
  context: BrowserContext;
  userDataDir: string;
  close(): Promise<void>;
}

/**
 * Launches Chromium with a fresh `--user-data-dir` (a persistent context over a new temporary
 * folder: nothing cached, no cookies, no saved language).
 */
export async function launchBrowser(o: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<BrowserSession> {
  const { chromium } = await import('playwright-core');
  const userDataDir = tempDir('profile');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [...chromiumArgs],
    locale: o.locale ?? 'en-US',
    timezoneId: 'Asia/Shanghai',
    viewport: o.viewport ?? { width: 1440, height: 1000 },
  });
  return {
    context, userDataDir,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface PageProblem {
  kind: 'console' | 'pageerror' | 'requestfailed' | 'http';
  text: string;
}

export interface PageWatch {
  /** Problems seen since the last take, then forgets them. */
  take(): PageProblem[];
  /** Responses with these statuses on URLs matching `pattern` are expected (e.g. 401 before sign-in). */
  allow(pattern: RegExp, statuses: number[]): void;
  /** Forgets the allowances. */
  strict(): void;
}

/**
 * Records what goes wrong on `page`: console errors, uncaught page errors, requests that failed
 * and responses with status ≥ 400. Chromium also logs a console error for every 4xx/5xx response
 * ("Failed to load resource"); an allowed response's console line is dropped with it.
 */
export function watchPage(page: Page): PageWatch {
  let problems: PageProblem[] = [];
  let allowed: { pattern: RegExp; statuses: number[] }[] = [];
  let allowedLoadErrors = 0;
  const isAllowed = (url: string, status: number) => allowed.some((a) => a.pattern.test(url) && a.statuses.includes(status));
  page.on('response', (response) => {
    const status = response.status();
    if (status < 400) return;
    if (isAllowed(response.url(), status)) {
      allowedLoadErrors++;
      return;
    }
    problems.push({ kind: 'http', text: `${status} ${response.request().method()} ${response.url()}` });
  });
  page.on('requestfailed', (request) => {
    const why = request.failure()?.errorText ?? 'failed';
    // A navigation away cancels the requests still in flight: not a failure of the page.
    if (why === 'net::ERR_ABORTED') return;
    problems.push({ kind: 'requestfailed', text: `${request.method()} ${request.url()}: ${why}` });
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (/^Failed to load resource: the server responded with a status of \d+/.test(text) && allowedLoadErrors > 0) {
      allowedLoadErrors--;
      return;
    }
    problems.push({ kind: 'console', text: `${text} (${message.location().url || page.url()})` });
  });
  page.on('pageerror', (error) => problems.push({ kind: 'pageerror', text: error.stack ?? error.message }));
  return {
    take() {
      const seen = problems;
      problems = [];
      return seen;
    },
    allow(pattern, statuses) {
      allowed.push({ pattern, statuses });
    },
    strict() {
      allowed = [];
      allowedLoadErrors = 0;
    },
  };
}

/** Waits until the page has settled (see `settledAtMs`); answers when that was, in ms since its navigation started. */
export async function waitForPageReady(page: Page, timeoutMs = 30_000): Promise<number> {
  const at = await page.waitForFunction(settledAtMs, undefined, { timeout: timeoutMs, polling: 100 });
  return (await at.jsonValue()) as number;
}

/** `name` made safe for a file name (`/retention` → `retention`, `/` → `overview`). */
export function pageFileName(path: string): string {
  const name = path.replace(/^\/+|\/+$/g, '').replace(/[^a-z0-9]+/gi, '-');
  return name || 'overview';
}
