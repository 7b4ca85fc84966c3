/**
 * What the dashboard's accounts can do: the first account of a project, checking a sign-in, and
 * setting a password (which signs the account out everywhere else).
 *
 * @example
 *   const first = await ensureFirstAccount(db, 'default', {});
 *   if (first.generatedPassword) console.log(`sign in as ${first.email} / ${first.generatedPassword}`);
 *   const account = await authenticate(db, 'default', first.email, typedPassword); // undefined when wrong
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { findAccountByEmail, insertAccount, listAccounts, normaliseEmail, updateAccountPassword, type DashboardAccount } from './accounts.store.js';
import { hashPassword, passwordProblem, readablePassword, verifyPassword } from './password.js';
import { deleteAccountSessions } from './sessions.store.js';

/** The account made at first start when no email is configured. */
export const defaultAdminEmail = 'admin@localhost';

export interface FirstAccount {
  email: string;
  /** True when the account was created by this call. */
  created: boolean;
  /** The random password, only when it was generated now: shown once, never stored in clear. */
  generatedPassword: string | null;
}

/** A configuration mistake the operator must fix (an unusable email or password). */
export class AccountInputError extends Error {}

export function emailProblem(email: string): string | null {
  return /^[^\s@]+@[^\s@]+$/.test(normaliseEmail(email)) ? null : `"${email}" is not an email address`;
}

/**
 * Makes sure the project has a dashboard account. With `email` and `password` (from
 * LEARNLOOP_ADMIN_EMAIL / LEARNLOOP_ADMIN_PASSWORD) that account is created when it does not exist
 * yet; an existing account keeps its password, so a password changed in the dashboard survives a
 * restart. Without them, the first start creates `admin@localhost` with a readable random password.
 */
export async function ensureFirstAccount(
  db: Kysely<Database>,
  projectId: string,
  wanted: { email?: string; password?: string },
  now = Date.now(),
): Promise<FirstAccount> {
  if (wanted.password !== undefined && !wanted.email) wanted = { ...wanted, email: defaultAdminEmail };
  if (wanted.email) {
    const problem = emailProblem(wanted.email) ?? (wanted.password === undefined ? null : passwordProblem(wanted.password));
    if (problem) throw new AccountInputError(`dashboard account: ${problem}`);
    const email = normaliseEmail(wanted.email);
    if (await findAccountByEmail(db, projectId, email)) return { email, created: false, generatedPassword: null };
    const generated = wanted.password === undefined ? readablePassword() : null;
    await createAccount(db, projectId, email, wanted.password ?? generated!, now);
    return { email, created: true, generatedPassword: generated };
  }
  const existing = await listAccounts(db, projectId);
  if (existing.length > 0) return { email: existing[0]!.email, created: false, generatedPassword: null };
  const password = readablePassword();
  await createAccount(db, projectId, defaultAdminEmail, password, now);
  return { email: defaultAdminEmail, created: true, generatedPassword: password };
}

async function createAccount(db: Kysely<Database>, projectId: string, email: string, password: string, now: number): Promise<void> {
  const passwordHash = await hashPassword(password);
  await insertAccount(db, { id: randomUUID(), projectId, email, passwordHash, createdAt: now, updatedAt: now });
}

/**
 * The way back in (`learnloop admin reset-password`): gives the account of `email` (default: the
 * first account) a new password (default: a readable random one) and signs it out everywhere.
 * An email without an account gets one. Answers the account's email and its new password.
 */
export async function resetPassword(
  db: Kysely<Database>,
  projectId: string,
  wanted: { email?: string; password?: string },
  now = Date.now(),
): Promise<{ email: string; password: string; created: boolean }> {
  const problem = (wanted.email === undefined ? null : emailProblem(wanted.email)) ??
    (wanted.password === undefined ? null : passwordProblem(wanted.password));
  if (problem) throw new AccountInputError(problem);
  const password = wanted.password ?? readablePassword();
  const account = wanted.email === undefined
    ? (await listAccounts(db, projectId))[0]
    : await findAccountByEmail(db, projectId, wanted.email);
  if (account) {
    await setAccountPassword(db, account.id, password, undefined, now);
    return { email: account.email, password, created: false };
  }
  const email = normaliseEmail(wanted.email ?? defaultAdminEmail);
  await createAccount(db, projectId, email, password, now);
  return { email, password, created: true };
}

/**
 * A stored hash of a password nobody has, so an unknown email costs the same scrypt work as a
 * wrong password and the answer time does not tell which accounts exist.
 */
let decoyHash: Promise<string> | undefined;

/** The account when the email and password match, else undefined (the same for either mistake). */
export async function authenticate(db: Kysely<Database>, projectId: string, email: string, password: string): Promise<DashboardAccount | undefined> {
  const account = await findAccountByEmail(db, projectId, email);
  if (!account) {
    decoyHash ??= hashPassword(readablePassword());
    await verifyPassword(password, await decoyHash);
    return undefined;
  }
  return (await verifyPassword(password, account.passwordHash)) ? account : undefined;
}

/**
 * Sets an account's password and deletes its sessions except `keepSession` (a token hash).
 * Answers how many sessions were revoked.
 */
export async function setAccountPassword(
  db: Kysely<Database>,
  accountId: string,
  password: string,
  keepSession?: string,
  now = Date.now(),
): Promise<number> {
  const problem = passwordProblem(password);
  if (problem) throw new AccountInputError(problem);
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    await updateAccountPassword(trx, accountId, passwordHash, now);
    return deleteAccountSessions(trx, accountId, keepSession);
  });
}
