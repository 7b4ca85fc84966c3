import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignInLimiter } from '../../src/accounts/sign-in-limiter.js';

const minute = 60_000;

describe('sign-in rate limit', () => {
  it('refuses the 6th attempt for one email within 15 minutes, until the oldest failure ages out', () => {
    const limiter = new SignInLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) {
      assert.equal(limiter.retryAfterMs('a@x', `10.0.0.${i}`, t0 + i * minute), 0);
      limiter.fail('a@x', `10.0.0.${i}`, t0 + i * minute);
    }
    // Blocked from another address too: the email is what is being guessed.
    assert.equal(limiter.retryAfterMs('a@x', '10.9.9.9', t0 + 5 * minute), 10 * minute);
    assert.equal(limiter.retryAfterMs('a@x', '10.9.9.9', t0 + 15 * minute - 1), 1);
    assert.equal(limiter.retryAfterMs('a@x', '10.9.9.9', t0 + 15 * minute), 0);
    // Another email from a fresh address is not affected.
    assert.equal(limiter.retryAfterMs('b@x', '10.9.9.9', t0 + 5 * minute), 0);
  });

  it('refuses an address after 20 failures across emails', () => {
    const limiter = new SignInLimiter();
    const t0 = 5_000_000;
    for (let i = 0; i < 20; i++) limiter.fail(`user${i}@x`, '192.0.2.7', t0 + i * 1000);
    assert.equal(limiter.retryAfterMs('fresh@x', '192.0.2.7', t0 + 20_000), 15 * minute - 20_000);
    assert.equal(limiter.retryAfterMs('fresh@x', '192.0.2.8', t0 + 20_000), 0);
  });

  it('clears an email\'s failures on success but keeps the address\'s', () => {
    const limiter = new SignInLimiter({ maxPerEmail: 2, maxPerIp: 3, windowMs: minute });
    limiter.fail('a@x', 'ip', 0);
    limiter.fail('a@x', 'ip', 1);
    assert.ok(limiter.retryAfterMs('a@x', 'other', 2) > 0);
    limiter.succeed('a@x');
    assert.equal(limiter.retryAfterMs('a@x', 'other', 2), 0);
    limiter.fail('b@x', 'ip', 3);
    assert.equal(limiter.retryAfterMs('c@x', 'ip', 4), minute - 4);
  });
});
