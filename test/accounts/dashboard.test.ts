/** Serving the built dashboard: SPA fallback, API 404s, cache headers, the not-built page, staleness. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildDashboard, dashboardIsStale, isApiPath } from '../../src/server/dashboard.js';
import { assetName, indexHtml, startDashboardServer, type DashboardServer } from './dashboard-server.js';

const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('serving the built dashboard', () => {
  let s: DashboardServer;
  before(async () => {
    s = await startDashboardServer();
  });
  after(() => s.stop());

  it('answers index.html at / and for deep links like /retention, never cached', async () => {
    for (const path of ['/', '/retention', '/learners/u42', '/index.html']) {
      const res = await fetch(s.url + path, { headers: html });
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type')!, /^text\/html/, path);
      assert.equal(res.headers.get('cache-control'), 'no-cache', path);
      assert.equal(await res.text(), indexHtml, path);
    }
  });

  it('keeps JSON 404s for API paths, even when the client accepts HTML', async () => {
    for (const path of ['/v1/nope', '/api/nope', '/v1']) {
      const res = await fetch(s.url + path, { headers: html });
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type')!, /^application\/json/, path);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'route_not_found');
    }
    const post = await fetch(s.url + '/retention', { method: 'POST', headers: html });
    assert.equal(post.status, 404);
    // A script or fetch that does not ask for HTML gets the plain 404.
    assert.equal((await fetch(s.url + '/retention', { headers: { accept: 'application/json' } })).status, 404);
  });

  it('caches hashed assets for a year and revalidates other files', async () => {
    const asset = await fetch(s.url + '/' + assetName);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('content-type')!, /javascript/);
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(await asset.text(), 'console.log("dashboard")');

    const icon = await fetch(s.url + '/favicon.svg');
    assert.equal(icon.status, 200);
    assert.equal(icon.headers.get('cache-control'), 'no-cache');

    // A missing hashed asset is a 404, not index.html (which the browser would try to run).
    const missing = await fetch(s.url + '/assets/index-gone.js', { headers: html });
    assert.equal(missing.status, 404);
  });

  it('never serves files outside the dashboard folder', async () => {
    writeFileSync(join(s.dir, 'secret.txt'), 'do not serve');
    for (const path of ['/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt']) {
      const res = await fetch(s.url + path);
      assert.notEqual(await res.text(), 'do not serve', path);
    }
  });

  it('leaves the API docs and operations endpoints alone', async () => {
    assert.equal((await fetch(s.url + '/health', { headers: html })).status, 200);
    const docs = await fetch(s.url + '/docs/json');
    assert.equal(docs.status, 200);
    const spec = (await docs.json()) as { paths: Record<string, unknown> };
    assert.ok(spec.paths['/v1/session'], 'the sign-in routes are documented');
  });
});

describe('before the dashboard is built', () => {
  it('serves the API and a page at / that says how to build the dashboard', async () => {
    const s = await startDashboardServer({}, { withDist: false });
    try {
      const res = await fetch(s.url + '/', { headers: html });
      assert.equal(res.status, 503);
      const page = await res.text();
      assert.match(page, /npm run build:web/);
      assert.match(page, /not been built/);
      assert.equal((await fetch(s.url + '/retention', { headers: html })).status, 503);
      assert.equal((await fetch(s.url + '/health')).status, 200);

      // A build that lands while the server runs shows at the next reload.
      mkdirSync(s.distDir, { recursive: true });
      writeFileSync(join(s.distDir, 'index.html'), indexHtml);
      const built = await fetch(s.url + '/overview', { headers: html });
      assert.equal(built.status, 200);
      assert.equal(await built.text(), indexHtml);
    } finally {
      await s.stop();
    }
  });

  it('shows why the last build failed', async () => {
    const s = await startDashboardServer({ dashboard: { distDir: join(tmpdir(), 'learnloop-no-such-dist'), buildError: 'Unexpected token <x> in src/main.tsx' } }, { withDist: false });
    try {
      const page = await (await fetch(s.url + '/', { headers: html })).text();
      assert.match(page, /The last build failed/);
      assert.match(page, /Unexpected token &lt;x&gt; in src\/main\.tsx/);
    } finally {
      await s.stop();
    }
  });
});

describe('when to build the dashboard', () => {
  const dir = mkdtempSync(join(tmpdir(), 'learnloop-web-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const web = join(dir, 'web');
  const dist = join(web, 'dist');
  const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);

  it('builds when index.html is missing or older than any source', async () => {
    mkdirSync(join(web, 'src', 'pages'), { recursive: true });
    writeFileSync(join(web, 'src', 'main.tsx'), 'x');
    writeFileSync(join(web, 'src', 'pages', 'retention.tsx'), 'x');
    writeFileSync(join(web, 'vite.config.ts'), 'x');
    at(join(web, 'src', 'main.tsx'), 1000);
    at(join(web, 'src', 'pages', 'retention.tsx'), 1000);
    at(join(web, 'vite.config.ts'), 1000);
    assert.equal(await dashboardIsStale(web, dist), true, 'no build yet');

    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'index.html'), 'built');
    at(join(dist, 'index.html'), 2000);
    assert.equal(await dashboardIsStale(web, dist), false, 'built after every source');

    at(join(web, 'src', 'pages', 'retention.tsx'), 3000);
    assert.equal(await dashboardIsStale(web, dist), true, 'a page in a subfolder changed');
    at(join(dist, 'index.html'), 4000);
    at(join(web, 'vite.config.ts'), 5000);
    assert.equal(await dashboardIsStale(web, dist), true, 'the build configuration changed');
  });

  it('reports a missing Vite configuration instead of throwing', async () => {
    const r = await buildDashboard(join(dir, 'nowhere'));
    assert.equal(r.ok, false);
    assert.match((r as { error: string }).error, /no Vite configuration/);
  });

  it('knows which paths belong to the API', () => {
    for (const p of ['/v1', '/v1/metrics/activity', '/api/item/1', '/docs', '/docs/json', '/health', '/ready', '/metrics']) assert.equal(isApiPath(p), true, p);
    for (const p of ['/', '/retention', '/v1x', '/metrics-board', '/apis', '/learners/u1']) assert.equal(isApiPath(p), false, p);
  });
});
