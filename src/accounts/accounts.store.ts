/** Repository functions for dashboard accounts. Each takes the database handle first. */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { DashboardAccountRow } from './accounts.table.js';

/** A dashboard account as the rest of the code sees it. */
export interface DashboardAccount {
  id: string;
  projectId: string;
  email: string;
  passwordHash: string;
  createdAt: number;
  updatedAt: number;
}

/** Emails compare trimmed and case-insensitively: `Admin@Example.com ` is `admin@example.com`. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const toAccount = (row: DashboardAccountRow): DashboardAccount => ({
  id: row.id, projectId: row.project_id, email: row.email, passwordHash: row.password_hash,
  createdAt: Number(row.created_at), updatedAt: Number(row.updated_at),
});

export async function findAccountByEmail(db: Kysely<Database>, projectId: string, email: string): Promise<DashboardAccount | undefined> {
  const row = await db.selectFrom('dashboard_accounts').selectAll()
    .where('project_id', '=', projectId).where('email', '=', normaliseEmail(email)).executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

export async function findAccountById(db: Kysely<Database>, id: string): Promise<DashboardAccount | undefined> {
  const row = await db.selectFrom('dashboard_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

/** The project's accounts, oldest first (the first one is the account made at first start). */
export async function listAccounts(db: Kysely<Database>, projectId: string): Promise<DashboardAccount[]> {
  const rows = await db.selectFrom('dashboard_accounts').selectAll()
    .where('project_id', '=', projectId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toAccount);
}

export async function insertAccount(db: Kysely<Database>, account: DashboardAccount): Promise<void> {
  await db.insertInto('dashboard_accounts').values({
    id: account.id, project_id: account.projectId, email: normaliseEmail(account.email),
    password_hash: account.passwordHash, created_at: account.createdAt, updated_at: account.updatedAt,
  }).execute();
}

export async function updateAccountPassword(db: Kysely<Database>, id: string, passwordHash: string, now: number): Promise<void> {
  await db.updateTable('dashboard_accounts').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', id).execute();
}
