/**
 * Rate limit for sign-in: after `maxPerEmail` failed attempts for one email, or `maxPerIp` from one
 * address, within `windowMs`, further attempts are refused until the oldest failure leaves the
 * window. Kept in memory: right for the embedded mode (one process); behind several API nodes
 * each node counts on its own, so the effective limit is per node.
 *
 * @example
 *   const limiter = new SignInLimiter();
 *   if (limiter.retryAfterMs(email, ip) > 0) return tooMany();  // answer 429 with Retry-After
 *   if (await passwordMatches()) limiter.succeed(email); else limiter.fail(email, ip);
 */

export interface SignInLimits {
  maxPerEmail: number;
  maxPerIp: number;
  windowMs: number;
}

export const defaultSignInLimits: SignInLimits = Object.freeze({ maxPerEmail: 5, maxPerIp: 20, windowMs: 15 * 60_000 });

/** Above this many tracked keys, keys without a failure in the window are dropped. */
const pruneAboveKeys = 10_000;

export class SignInLimiter {
  readonly #limits: SignInLimits;
  /** Failure times (ms) per key, oldest first; a key is `email:<address>` or `ip:<address>`. */
  readonly #failures = new Map<string, number[]>();

  constructor(limits: SignInLimits = defaultSignInLimits) {
    this.#limits = limits;
  }

  /** Milliseconds until an attempt for this email from this address is allowed; 0 when it is now. */
  retryAfterMs(email: string, ip: string, now = Date.now()): number {
    return Math.max(this.#wait(`email:${email}`, this.#limits.maxPerEmail, now), this.#wait(`ip:${ip}`, this.#limits.maxPerIp, now));
  }

  fail(email: string, ip: string, now = Date.now()): void {
    if (this.#failures.size > pruneAboveKeys) this.#prune(now);
    for (const key of [`email:${email}`, `ip:${ip}`]) {
      const times = this.#recent(key, now);
      times.push(now);
      this.#failures.set(key, times);
    }
  }

  /** A successful sign-in clears the email's failures (not the address's: one address may try many emails). */
  succeed(email: string): void {
    this.#failures.delete(`email:${email}`);
  }

  #recent(key: string, now: number): number[] {
    const times = this.#failures.get(key) ?? [];
    let drop = 0;
    while (drop < times.length && times[drop]! <= now - this.#limits.windowMs) drop++;
    return drop > 0 ? times.slice(drop) : times;
  }

  #wait(key: string, max: number, now: number): number {
    const times = this.#recent(key, now);
    if (times.length < max) return 0;
    // Allowed again when enough failures have aged out to leave room for one more attempt.
    return times[times.length - max]! + this.#limits.windowMs - now;
  }

  #prune(now: number): void {
    for (const key of [...this.#failures.keys()]) {
      const times = this.#recent(key, now);
      if (times.length === 0) this.#failures.delete(key);
      else this.#failures.set(key, times);
    }
  }
}
