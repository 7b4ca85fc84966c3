/**
 * Password hashing with Node's scrypt. The parameters travel inside the stored string
 * (`scrypt$N$r$p$salt$hash`), so raising the cost later still verifies every older hash.
 *
 * @example
 *   const stored = await hashPassword('correct horse battery');
 *   await verifyPassword('correct horse battery', stored); // true
 *   await verifyPassword('wrong', stored);                 // false
 */
import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** The shortest password an account may be given. */
export const minPasswordLength = 10;
/** Longer inputs are refused before hashing: scrypt's cost grows with the input. */
export const maxPasswordLength = 256;

/** N = 2^15, r = 8: 32 MiB and roughly 50–100 ms per hash on this class of machine. */
const cost = { N: 2 ** 15, r: 8, p: 1 } as const;
const saltBytes = 16;
const hashBytes = 32;

function scryptAsync(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is exactly that, so leave headroom. */
const maxmemFor = (N: number, r: number) => 256 * N * r;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(saltBytes);
  const hash = await scryptAsync(password, salt, hashBytes, { ...cost, maxmem: maxmemFor(cost.N, cost.r) });
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Constant-time comparison; a malformed stored string verifies nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 || r < 1 || p < 1) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length === 0) return false;
  const actual = await scryptAsync(password, salt, expected.length, { N, r, p, maxmem: maxmemFor(N, r) });
  return timingSafeEqual(actual, expected);
}

/** Letters and digits that cannot be confused with each other when read aloud or off a screen. */
const readableAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A random password people can copy by hand: four groups of four (`k7mp-x3qa-9tvr-h2wz`),
 * about 79 bits of entropy.
 */
export function readablePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 4; i++) group += readableAlphabet[randomInt(readableAlphabet.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** Why a password cannot be set, or null when it can. */
export function passwordProblem(password: string): string | null {
  if (password.length < minPasswordLength) return `the password must have at least ${minPasswordLength} characters`;
  if (password.length > maxPasswordLength) return `the password may have at most ${maxPasswordLength} characters`;
  return null;
}
