/** Projects (tenants) and their API keys. */
import type { Insertable, Selectable } from 'kysely';

export interface ProjectsTable {
  project_id: string;
  name: string;
  /** IANA zone used to bucket metrics into days (default Asia/Shanghai). */
  timezone: string;
  created_at: number;
}

export interface ApiKeysTable {
  key: string;
  project_id: string;
  /** `write` keys may only send events; `secret` keys may call every other API. */
  kind: 'write' | 'secret';
  created_at: number;
  revoked_at: number | null;
}

export type ProjectRow = Selectable<ProjectsTable>;
export type NewProject = Insertable<ProjectsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
