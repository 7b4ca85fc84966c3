/** Dashboard accounts (operators who sign in to the dashboard) and their sign-in sessions. */
import type { Insertable, Selectable } from 'kysely';

export interface DashboardAccountsTable {
  /** A random UUID: the same on every dialect, no autoincrement seam needed. */
  id: string;
  project_id: string;
  /** Trimmed and lower-cased; unique within a project. */
  email: string;
  /** `scrypt$N$r$p$salt$hash` (base64url salt and hash); see password.ts. */
  password_hash: string;
  created_at: number;
  updated_at: number;
}

export interface DashboardSessionsTable {
  /** sha256 of the cookie's token (base64url): a copy of the table signs nobody in. */
  token_hash: string;
  account_id: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
}

export type DashboardAccountRow = Selectable<DashboardAccountsTable>;
export type NewDashboardAccount = Insertable<DashboardAccountsTable>;
export type DashboardSessionRow = Selectable<DashboardSessionsTable>;
