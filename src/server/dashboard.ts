/**
 * Serving the built dashboard (`web/dist`) and building it when its sources are newer.
 * Hashed files under `assets/` are cached for a year; everything else (index.html first) is
 * revalidated on every load, so a rebuild shows at the next reload. A GET for a page of the
 * single-page app (`/retention`, any path outside the API that accepts text/html) answers
 * index.html, so deep links reload; API paths keep their JSON 404.
 *
 * @example
 *   const { buildError } = await prepareDashboard({ log: (line) => process.stderr.write(line + '\n') });
 *   await app.register(dashboardRoutes, { distDir: defaultDashboardDir, buildError });
 */
import { existsSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/** The dashboard's sources (Vite project). */
export const defaultWebDir = fileURLToPath(new URL('../../web/', import.meta.url));
/** Where `vite build` puts the dashboard (web/vite.config.ts: outDir `dist`). */
export const defaultDashboardDir = join(defaultWebDir, 'dist');

/** Paths that belong to the API: never answered with the dashboard's index.html. */
const apiPrefixes = ['/v1', '/api', '/docs', '/health', '/ready', '/metrics'] as const;
const hashedAssetsDir = 'assets/';

export function isApiPath(path: string): boolean {
  return apiPrefixes.some((p) => path === p || path.startsWith(p + '/'));
}

export interface DashboardOptions {
  /** The built dashboard; its index.html is looked for on every page request, so a later build shows without a restart. */
  distDir: string;
  /** Why the last build failed, for the page shown while there is no build. */
  buildError?: string | null;
}

export const dashboardRoutes: FastifyPluginAsync<DashboardOptions> = async (app, { distDir, buildError }) => {
  const root = resolve(distDir);
  await app.register(fastifyStatic, { root, serve: false });

  const sendIndex = (reply: FastifyReply) => {
    if (!isFile(join(root, 'index.html'))) {
      return reply.status(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(notBuiltPage(root, buildError));
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  };

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (isApiPath(path)) return reply.callNotFound();
    const file = (request.params as { '*': string })['*'];
    if (file === '' || file === 'index.html') return sendIndex(reply);
    if (file.startsWith(hashedAssetsDir)) {
      // A missing hashed asset is a 404, never index.html: the browser would run HTML as a script.
      return reply.sendFile(file, { maxAge: '365d', immutable: true });
    }
    const full = resolve(root, file);
    if (full.startsWith(root + sep) && isFile(full)) {
      return reply.header('cache-control', 'no-cache').sendFile(file, { cacheControl: false });
    }
    if (request.headers.accept?.includes('text/html')) return sendIndex(reply);
    return reply.callNotFound();
  });
};

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** What `/` shows while the dashboard has no build: the API works, and how to build it. */
function notBuiltPage(distDir: string, buildError: string | null | undefined): string {
  const failure = buildError
    ? `<p>上次构建失败 · The last build failed:</p><pre>${escapeHtml(buildError.split('\n').slice(0, 12).join('\n'))}</pre><p>The server log has the whole message.</p>`
    : '';
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>Learnloop — dashboard not built</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#1f2937}code,pre{background:#f3f4f6;padding:.1rem .3rem;border-radius:4px}pre{padding:.6rem;overflow:auto}</style></head>
<body>
<h1>Learnloop</h1>
<p>仪表盘尚未构建。The dashboard has not been built yet: there is no <code>${escapeHtml(join(distDir, 'index.html'))}</code>.</p>
${failure}
<p>构建方法 · To build it, run in the Learnloop folder:</p>
<pre>npm run build:web</pre>
<p>then reload this page (<code>learnloop serve</code> also builds it at start when the sources are newer).</p>
<p>API 照常运行 · The API works meanwhile: <a href="/docs">API docs</a> · <a href="/health">/health</a> · <a href="/metrics">/metrics</a></p>
</body>
</html>
`;
}

/** The newest modification time (ms) of any file under `dir`, or 0 when there is none. */
async function newestMtimeMs(dir: string): Promise<number> {
  let newest = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestMtimeMs(path));
    else if (entry.isFile()) newest = Math.max(newest, (await stat(path)).mtimeMs);
  }
  return newest;
}

/**
 * Whether the dashboard must be (re)built: `dist/index.html` is missing, or older than the newest
 * file under `web/src` or the files that shape the build (`web/index.html`, `web/vite.config.ts`).
 */
export async function dashboardIsStale(webDir: string, distDir: string): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(join(distDir, 'index.html'))).mtimeMs;
  } catch {
    return true;
  }
  const sources = Math.max(
    await newestMtimeMs(join(webDir, 'src')),
    ...['index.html', 'vite.config.ts'].map((f) => (isFile(join(webDir, f)) ? statSync(join(webDir, f)).mtimeMs : 0)),
  );
  return sources > built;
}

export type BuildResult = { ok: true; seconds: number } | { ok: false; error: string };

/**
 * Builds the dashboard with Vite's JS API into `outDir` (default: what web/vite.config.ts says,
 * web/dist). Vite is imported only here, so serving the API never loads it.
 */
export async function buildDashboard(webDir = defaultWebDir, outDir?: string): Promise<BuildResult> {
  const configFile = join(webDir, 'vite.config.ts');
  if (!existsSync(configFile)) return { ok: false, error: `no Vite configuration at ${configFile}` };
  const started = performance.now();
  try {
    const { build } = await import('vite');
    await build({ configFile, logLevel: 'warn', ...(outDir ? { build: { outDir, emptyOutDir: true } } : {}) });
    return { ok: true, seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    return { ok: false, error: (err as Error).message || String(err) };
  }
}

export interface PreparedDashboard {
  distDir: string;
  /** Why the build failed, or null. */
  buildError: string | null;
}

/**
 * What `learnloop serve` does before it listens: builds the dashboard when it is missing or
 * older than its sources (and the sources are there), reporting progress through `log`.
 */
export async function prepareDashboard(
  { webDir = defaultWebDir, distDir = defaultDashboardDir, log }: { webDir?: string; distDir?: string; log: (line: string) => void },
): Promise<PreparedDashboard> {
  if (!existsSync(join(webDir, 'vite.config.ts')) || !(await dashboardIsStale(webDir, distDir))) return { distDir, buildError: null };
  log(`building the dashboard (${relative(process.cwd(), webDir) || '.'} → ${relative(process.cwd(), distDir)})…`);
  const result = await buildDashboard(webDir);
  if (result.ok) {
    log(`built the dashboard in ${result.seconds.toFixed(1)} s`);
    return { distDir, buildError: null };
  }
  log(`the dashboard did not build (the API serves anyway; fix it and run \`npm run build:web\`):\n${result.error}`);
  return { distDir, buildError: result.error };
}
