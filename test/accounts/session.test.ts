/** Dashboard sign-in over real HTTP: cookies, cookie-authenticated APIs, sign-out, password change, rate limit, CSRF. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resetPassword } from '../../src/accounts/accounts.js';
import { adminEmail, adminPassword, json, startDashboardServer, type DashboardServer } from './dashboard-server.js';

describe('dashboard sign-in', () => {
  let s: DashboardServer;
  before(async () => {
    s = await startDashboardServer();
  });
  after(() => s.stop());

  it('sets an HttpOnly, SameSite=Strict session cookie for 14 days, without Secure over plain http', async () => {
    const res = await fetch(s.url + '/v1/session', json({ email: 'OPS@Example.com ', password: adminPassword }));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { account: { email: adminEmail }, projectId: 'default' });
    const cookie = res.headers.get('set-cookie')!;
    assert.match(cookie, /^learnloop_session=[A-Za-z0-9_-]{43};/);
    const attrs = cookie.split(';').slice(1).map((a) => a.trim());
    assert.ok(attrs.includes('HttpOnly'));
    assert.ok(attrs.includes('SameSite=Strict'));
    assert.ok(attrs.includes('Path=/'));
    assert.ok(attrs.includes(`Max-Age=${14 * 24 * 3600}`));
    assert.ok(!attrs.includes('Secure'), 'Chromium drops Secure cookies over http://localhost');
  });

  it('stores only the hash of the session token', async () => {
    const cookie = await s.signIn();
    const token = cookie.split('=')[1]!;
    const rows = await s.ll.store.db.selectFrom('dashboard_sessions').select('token_hash').execute();
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.token_hash !== token));
  });

  it('answers the same 401 for a wrong password and an unknown email', async () => {
    const wrongPassword = await fetch(s.url + '/v1/session', json({ email: adminEmail, password: 'not-the-password' }));
    const unknownEmail = await fetch(s.url + '/v1/session', json({ email: 'nobody@example.com', password: adminPassword }));
    assert.equal(wrongPassword.status, 401);
    assert.equal(unknownEmail.status, 401);
    const a = await wrongPassword.json();
    assert.deepEqual(a, await unknownEmail.json());
    assert.equal((a as { error: { code: string } }).error.code, 'invalid_credentials');
    assert.equal(wrongPassword.headers.get('set-cookie'), null);
  });

  it('lets the cookie call the metrics and models APIs; without it they answer 401', async () => {
    const cookie = await s.signIn();
    for (const path of ['/v1/metrics/activity?from=2026-03-01&to=2026-03-07', '/v1/models']) {
      assert.equal((await fetch(s.url + path, { headers: { cookie } })).status, 200, path);
      const anonymous = await fetch(s.url + path);
      assert.equal(anonymous.status, 401, path);
      assert.equal(((await anonymous.json()) as { error: { code: string } }).error.code, 'unauthorized');
    }
    const me = await fetch(s.url + '/v1/session', { headers: { cookie } });
    assert.deepEqual(await me.json(), { account: { email: adminEmail }, projectId: 'default' });
    assert.equal((await fetch(s.url + '/v1/session')).status, 401);
    assert.equal((await fetch(s.url + '/v1/models', { headers: { cookie: 'learnloop_session=' + 'A'.repeat(43) } })).status, 401);
  });

  it('keeps the tracking API on the write key: a session cookie does not ingest', async () => {
    const cookie = await s.signIn();
    const res = await fetch(s.url + '/v1/track', json({ userId: 'u1', event: 'Signed In' }, { cookie, 'x-learnloop-dashboard': '1' }));
    assert.equal(res.status, 401);
  });

  it('signs out: 204, cookie cleared, the session no longer works', async () => {
    const cookie = await s.signIn();
    const other = await s.signIn();
    const res = await fetch(s.url + '/v1/session', { method: 'DELETE', headers: { cookie, 'x-learnloop-dashboard': '1' } });
    assert.equal(res.status, 204);
    assert.match(res.headers.get('set-cookie')!, /^learnloop_session=;.*Max-Age=0/);
    assert.equal((await fetch(s.url + '/v1/session', { headers: { cookie } })).status, 401);
    assert.equal((await fetch(s.url + '/v1/models', { headers: { cookie } })).status, 401);
    // Only that browser signed out.
    assert.equal((await fetch(s.url + '/v1/session', { headers: { cookie: other } })).status, 200);
  });

  it('refuses cookie-authenticated changes without a matching Origin (CSRF), but not key-authenticated ones', async () => {
    const cookie = await s.signIn();
    const host = new URL(s.url).host;
    const post = (headers: Record<string, string>) => fetch(s.url + '/v1/items', json({ items: [{ id: 'c1', type: 'course', title: 'Economics' }] }, headers));

    const bare = await post({ cookie });
    assert.equal(bare.status, 403);
    const bareBody = (await bare.json()) as { error: { code: string; message: string } };
    assert.equal(bareBody.error.code, 'cross_site_request');
    assert.match(bareBody.error.message, /X-Learnloop-Dashboard: 1/);

    const foreign = await post({ cookie, origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.match(((await foreign.json()) as { error: { message: string } }).error.message, /evil\.example/);
    assert.equal((await post({ cookie, origin: 'null' })).status, 403);

    assert.equal((await post({ cookie, origin: `http://${host}` })).status, 200);
    assert.equal((await post({ cookie, 'x-learnloop-dashboard': '1' })).status, 200);
    assert.equal((await post({ authorization: 'Bearer sk_test_key' })).status, 200);
    // Reads need no proof of origin.
    assert.equal((await fetch(s.url + '/v1/items/c1', { headers: { cookie } })).status, 200);
    // Signing out from another site is refused too.
    const signOut = await fetch(s.url + '/v1/session', { method: 'DELETE', headers: { cookie, origin: 'https://evil.example' } });
    assert.equal(signOut.status, 403);
    assert.equal((await fetch(s.url + '/v1/session', { headers: { cookie } })).status, 200);
  });

  it('changes the password and signs every other session out', async () => {
    const email = 'editor@example.com';
    const first = 'editor-password-1';
    await resetPassword(s.ll.store.db, 'default', { email, password: first });
    const mine = await s.signIn(email, first);
    const elsewhere = await s.signIn(email, first);
    const adminSession = await s.signIn();
    const change = (body: unknown, cookie = mine) => fetch(s.url + '/v1/session/password', json(body, { cookie, 'x-learnloop-dashboard': '1' }));

    const tooShort = await change({ currentPassword: first, newPassword: 'short' });
    assert.equal(tooShort.status, 400);
    assert.equal(((await tooShort.json()) as { error: { field: string } }).error.field, 'body.newPassword');

    const wrong = await change({ currentPassword: 'not-my-password', newPassword: 'second-password-42' });
    assert.equal(wrong.status, 403);
    assert.equal(((await wrong.json()) as { error: { code: string } }).error.code, 'wrong_password');

    assert.equal((await change({ currentPassword: first, newPassword: 'second-password-42' })).status, 204);
    assert.equal((await fetch(s.url + '/v1/session', { headers: { cookie: mine } })).status, 200);
    assert.equal((await fetch(s.url + '/v1/session', { headers: { cookie: elsewhere } })).status, 401);
    // Another account's sessions are untouched.
    assert.equal((await fetch(s.url + '/v1/session', { headers: { cookie: adminSession } })).status, 200);
    assert.equal((await fetch(s.url + '/v1/session', json({ email, password: first }))).status, 401);
    await s.signIn(email, 'second-password-42');
    assert.equal((await fetch(s.url + '/v1/session/password', json({ currentPassword: 'x', newPassword: 'whatever-long' }))).status, 401);
  });

  it('answers 429 with Retry-After after 5 failed attempts for one email, even with the right password', async () => {
    const email = 'limited@example.com';
    const password = 'limited-password-1';
    await resetPassword(s.ll.store.db, 'default', { email, password });
    for (let i = 0; i < 5; i++) {
      assert.equal((await fetch(s.url + '/v1/session', json({ email, password: `guess-${i}` }))).status, 401);
    }
    const blocked = await fetch(s.url + '/v1/session', json({ email, password }));
    assert.equal(blocked.status, 429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    assert.ok(retryAfter > 14 * 60 && retryAfter <= 15 * 60, `Retry-After ${retryAfter}`);
    assert.equal(((await blocked.json()) as { error: { code: string } }).error.code, 'too_many_attempts');
    assert.equal(blocked.headers.get('set-cookie'), null);
    // Other accounts still sign in from the same address (5 failures are below the address's 20).
    await s.signIn();
  });

  it('ignores X-Forwarded-Proto when the proxy is not trusted (no Secure cookie)', async () => {
    const res = await fetch(s.url + '/v1/session', json({ email: adminEmail, password: adminPassword }, { 'x-forwarded-proto': 'https' }));
    assert.equal(res.status, 200);
    assert.ok(!res.headers.get('set-cookie')!.split(';').map((a) => a.trim()).includes('Secure'));
  });
});

describe('Secure cookie behind a trusted TLS-terminating proxy', () => {
  it('adds Secure for X-Forwarded-Proto: https and takes X-Forwarded-Host as the origin to match', async () => {
    const s = await startDashboardServer({ trustProxy: true });
    try {
      const res = await fetch(s.url + '/v1/session', json({ email: adminEmail, password: adminPassword }, { 'x-forwarded-proto': 'https' }));
      assert.equal(res.status, 200);
      assert.ok(res.headers.get('set-cookie')!.split(';').map((a) => a.trim()).includes('Secure'));
      // The proxy's public host is the dashboard's origin.
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      const signOut = (origin: string) => fetch(s.url + '/v1/session', {
        method: 'DELETE', headers: { cookie, origin, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'learnloop.example.com' },
      });
      assert.equal((await signOut('https://elsewhere.example.com')).status, 403);
      assert.equal((await signOut('https://learnloop.example.com')).status, 204);
    } finally {
      await s.stop();
    }
  });
});
