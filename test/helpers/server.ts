/** Starts a real Learnloop server on a random loopback port over a fresh SQLite file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLearnloop, type Learnloop } from '../../src/server/app.js';

export interface TestServer {
  ll: Learnloop;
  url: string;
  writeKey: string;
  secretKey: string;
  dir: string;
  /** fetch relative to the server with the secret key. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** POST JSON to the tracking API with the write key (HTTP Basic). */
  track(path: string, body: unknown): Promise<Response>;
  stop(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'learnloop-test-'));
  const writeKey = 'wk_test_key';
  const secretKey = 'sk_test_key';
  const ll = await createLearnloop({ location: join(dir, 'test.db'), writeKey, secretKey, logger: false });
  const url = await ll.app.listen({ host: '127.0.0.1', port: 0 });
  const basic = 'Basic ' + Buffer.from(`${writeKey}:`).toString('base64');
  return {
    ll, url, writeKey, secretKey, dir,
    api: (path, init = {}) => fetch(url + path, {
      ...init,
      headers: { authorization: `Bearer ${secretKey}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    }),
    track: (path, body) => fetch(url + path, {
      method: 'POST', headers: { authorization: basic, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
    async stop() {
      await ll.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
