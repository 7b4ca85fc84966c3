import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { hashPassword, passwordProblem, readablePassword, verifyPassword } from '../../src/accounts/password.js';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    assert.match(stored, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    assert.equal(await verifyPassword('correct horse battery', stored), true);
    assert.equal(await verifyPassword('correct horse batterY', stored), false);
    assert.equal(await verifyPassword('', stored), false);
  });

  it('salts: the same password hashes differently twice', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    assert.notEqual(a, b);
  });

  it('reads the cost from the stored string, so older or cheaper hashes still verify', async () => {
    const salt = randomBytes(16);
    const hash = scryptSync('legacy password', salt, 32, { N: 1024, r: 4, p: 2 });
    const stored = ['scrypt', 1024, 4, 2, salt.toString('base64url'), hash.toString('base64url')].join('$');
    assert.equal(await verifyPassword('legacy password', stored), true);
    assert.equal(await verifyPassword('legacy passw0rd', stored), false);
  });

  it('treats a malformed stored string as matching nothing', async () => {
    for (const stored of ['', 'plain-text', 'scrypt$1024$8$1$c2FsdA$', 'bcrypt$1$2$3$4$5', 'scrypt$x$8$1$c2FsdA$aGFzaA']) {
      assert.equal(await verifyPassword('anything', stored), false, stored);
    }
  });

  it('makes readable random passwords of about 79 bits', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = readablePassword();
      assert.match(p, /^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/);
      seen.add(p);
    }
    assert.equal(seen.size, 200);
    assert.equal(passwordProblem(readablePassword()), null);
  });

  it('says why a password is too short or too long', () => {
    assert.match(passwordProblem('short')!, /at least 10/);
    assert.match(passwordProblem('x'.repeat(300))!, /at most 256/);
    assert.equal(passwordProblem('ten chars!'), null);
  });
});
