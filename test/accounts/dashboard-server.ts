/**
 * A real Learnloop server for the dashboard tests: a fresh SQLite file, a known first account,
 * and a tiny built dashboard in a temp folder (index.html plus one hashed asset).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLearnloop, type Learnloop, type LearnloopConfig } from '../../src/server/app.js';

export const adminEmail = 'ops@example.com';
export const adminPassword = 'first-password-42';
export const indexHtml = '<!doctype html><html><body><div id="root">learnloop dashboard</div></body></html>';
export const assetName = 'assets/index-Ab12Cd34.js';

export interface DashboardServer {
  ll: Learnloop;
  url: string;
  dir: string;
  distDir: string;
  /** Signs in and answers the `name=value` cookie pair to send back. */
  signIn(email?: string, password?: string): Promise<string>;
  stop(): Promise<void>;
}

export function json(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export async function startDashboardServer(config: Partial<LearnloopConfig> = {}, { withDist = true } = {}): Promise<DashboardServer> {
  const dir = mkdtempSync(join(tmpdir(), 'learnloop-accounts-'));
  const distDir = join(dir, 'dist');
  if (withDist) {
    mkdirSync(join(distDir, 'assets'), { recursive: true });
    writeFileSync(join(distDir, 'index.html'), indexHtml);
    writeFileSync(join(distDir, assetName), 'console.log("dashboard")');
    writeFileSync(join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  }
  const ll = await createLearnloop({
    location: join(dir, 'test.db'), writeKey: 'wk_test_key', secretKey: 'sk_test_key', logger: false,
    adminEmail, adminPassword, dashboard: { distDir }, ...config,
  });
  const url = await ll.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    ll, url, dir, distDir,
    async signIn(email = adminEmail, password = adminPassword) {
      const res = await fetch(url + '/v1/session', json({ email, password }));
      if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    },
    async stop() {
      await ll.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
