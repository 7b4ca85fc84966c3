/** The first dashboard account (config, env, generated), the banner, `learnloop admin reset-password`, session revocation across nodes. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AccountInputError, authenticate, ensureFirstAccount } from '../../src/accounts/accounts.js';
import { sessionCacheMs, SessionChecker, sessionTtlMs } from '../../src/accounts/session-checker.js';
import { main } from '../../src/cli/main.js';
import { printBanner } from '../../src/server/banner.js';
import { ensureDefaultProject } from '../../src/store/projects.store.js';
import { openStore, type Store } from '../../src/store/store.js';
import { spawnServer } from '../helpers/process.js';

const dir = mkdtempSync(join(tmpdir(), 'learnloop-first-account-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function freshStore(name: string): Promise<Store> {
  const store = await openStore({ location: join(dir, `${name}.db`) });
  await ensureDefaultProject(store.db);
  return store;
}

/** Runs `fn` with process.stdout or stderr captured. */
async function capture(stream: 'stdout' | 'stderr', fn: () => unknown): Promise<string> {
  const target = process[stream];
  const write = target.write;
  let out = '';
  target.write = ((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  }) as typeof target.write;
  try {
    await fn();
  } finally {
    target.write = write;
  }
  return out;
}

describe('first dashboard account', () => {
  let store: Store;
  before(async () => {
    store = await freshStore('generated');
  });
  after(() => store.close());

  it('creates admin@localhost with a readable random password once, then leaves it alone', async () => {
    const first = await ensureFirstAccount(store.db, 'default', {});
    assert.equal(first.email, 'admin@localhost');
    assert.equal(first.created, true);
    assert.match(first.generatedPassword!, /^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
    assert.ok(await authenticate(store.db, 'default', 'admin@localhost', first.generatedPassword!));
    assert.equal(await authenticate(store.db, 'default', 'admin@localhost', 'wrong-password'), undefined);

    const again = await ensureFirstAccount(store.db, 'default', {});
    assert.deepEqual(again, { email: 'admin@localhost', created: false, generatedPassword: null });
    assert.ok(await authenticate(store.db, 'default', 'admin@localhost', first.generatedPassword!));
  });

  it('takes the email and password from the configuration, and keeps a changed password on later starts', async () => {
    const configured = await freshStore('configured');
    const db = configured.db;
    const made = await ensureFirstAccount(db, 'default', { email: 'Ops@Example.com', password: 'configured-pw-1' });
    assert.deepEqual(made, { email: 'ops@example.com', created: true, generatedPassword: null });
    assert.ok(await authenticate(db, 'default', 'ops@example.com', 'configured-pw-1'));
    // A later start with another configured password does not undo what the operator set since.
    const later = await ensureFirstAccount(db, 'default', { email: 'ops@example.com', password: 'other-password-2' });
    assert.equal(later.created, false);
    assert.ok(await authenticate(db, 'default', 'ops@example.com', 'configured-pw-1'));
    assert.equal(await authenticate(db, 'default', 'ops@example.com', 'other-password-2'), undefined);
    await configured.close();
  });

  it('refuses an unusable configured email or password', async () => {
    await assert.rejects(ensureFirstAccount(store.db, 'default', { email: 'not an email', password: 'long-enough-1' }), AccountInputError);
    await assert.rejects(ensureFirstAccount(store.db, 'default', { email: 'a@b.c', password: 'short' }), /at least 10/);
  });

  it('prints the generated password in the banner only when it was just created', async () => {
    const keys = { projectId: 'default', writeKey: 'wk', secretKey: 'sk', created: false };
    const facts = { address: 'http://127.0.0.1:8080', location: 'x.db', keys, demo: null };
    const fresh = await capture('stderr', () => printBanner({ ...facts, account: { email: 'admin@localhost', created: true, generatedPassword: 'abcd-efgh-jkmn-pqrs' } }));
    assert.match(fresh, /Sign in +admin@localhost +password abcd-efgh-jkmn-pqrs/);
    const later = await capture('stderr', () => printBanner({ ...facts, account: { email: 'admin@localhost', created: false, generatedPassword: null } }));
    assert.doesNotMatch(later, /abcd-efgh/);
    assert.match(later, /with the account created at first start/);
    assert.match(later, /learnloop admin reset-password/);
  });
});

describe('learnloop admin reset-password', () => {
  it('sets a new password, prints it, and signs the account out everywhere', async () => {
    const location = join(dir, 'reset.db');
    const store = await openStore({ location });
    await ensureDefaultProject(store.db);
    const first = await ensureFirstAccount(store.db, 'default', {});
    const account = (await authenticate(store.db, 'default', first.email, first.generatedPassword!))!;
    const sessions = new SessionChecker(store.db);
    const { token } = await sessions.open(account.id);
    await store.close();

    let code = -1;
    const out = await capture('stdout', async () => {
      code = await main(['admin', 'reset-password', '--db', location, '--json']);
    });
    assert.equal(code, 0);
    const printed = JSON.parse(out) as { email: string; password: string; created: boolean };
    assert.equal(printed.email, 'admin@localhost');
    assert.equal(printed.created, false);
    assert.notEqual(printed.password, first.generatedPassword);

    const reopened = await openStore({ location });
    try {
      assert.ok(await authenticate(reopened.db, 'default', 'admin@localhost', printed.password));
      assert.equal(await authenticate(reopened.db, 'default', 'admin@localhost', first.generatedPassword!), undefined);
      assert.equal(await new SessionChecker(reopened.db).grant(token), undefined);
    } finally {
      await reopened.close();
    }
    const usage = await capture('stderr', async () => {
      code = await main(['admin', 'reset-password', '--db', location, '--password', 'short']);
    });
    assert.equal(code, 2);
    assert.match(usage, /at least 10 characters/);
  });
});

describe('session revocation across API nodes', () => {
  it('reaches another node within the session cache time; expiry is immediate', async () => {
    const store = await freshStore('nodes');
    try {
      const first = await ensureFirstAccount(store.db, 'default', { email: 'a@b.c', password: 'nodes-password' });
      const account = (await authenticate(store.db, 'default', first.email, 'nodes-password'))!;
      const nodeA = new SessionChecker(store.db);
      const nodeB = new SessionChecker(store.db);
      const t0 = Date.now();
      const { token } = await nodeA.open(account.id, t0);
      assert.equal((await nodeB.grant(token, t0))?.email, 'a@b.c');
      await nodeA.revokeAccount(account.id);
      assert.equal(await nodeA.grant(token, t0 + 1), undefined, 'the revoking node forgets at once');
      assert.ok(await nodeB.grant(token, t0 + sessionCacheMs - 1), 'the other node may still answer from its cache');
      assert.equal(await nodeB.grant(token, t0 + sessionCacheMs), undefined);

      const { token: later } = await nodeA.open(account.id, t0);
      assert.ok(await nodeB.grant(later, t0 + sessionTtlMs - 1));
      assert.equal(await nodeB.grant(later, t0 + sessionTtlMs), undefined, 'a cached session still expires on time');
    } finally {
      await store.close();
    }
  });
});

describe('learnloop serve with LEARNLOOP_ADMIN_EMAIL / LEARNLOOP_ADMIN_PASSWORD', () => {
  it('creates that account at first start and signs it in', async () => {
    const { child, url } = await spawnServer(['--db', join(dir, 'serve.db'), '--no-demo', '--no-build'], {
      LEARNLOOP_ADMIN_EMAIL: 'robot@example.com', LEARNLOOP_ADMIN_PASSWORD: 'automation-password',
    });
    try {
      const res = await fetch(url + '/v1/session', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'robot@example.com', password: 'automation-password' }),
      });
      assert.equal(res.status, 200);
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      assert.equal((await fetch(url + '/v1/models', { headers: { cookie } })).status, 200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
