/** Repository functions for projects and API keys. Each takes the database handle first. */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface ProjectKeys {
  projectId: string;
  writeKey: string;
  secretKey: string;
  /** True when the keys were created now (the banner prints them then). */
  created: boolean;
}

export const defaultProjectId = 'default';

export function generateKey(kind: 'write' | 'secret'): string {
  return `${kind === 'write' ? 'wk' : 'sk'}_${randomBytes(18).toString('base64url')}`;
}

/**
 * Makes sure the default project exists with a write and a secret key. Keys given by the caller
 * (from LEARNLOOP_WRITE_KEY / LEARNLOOP_SECRET_KEY) replace the stored ones.
 */
export async function ensureDefaultProject(
  db: Kysely<Database>,
  wanted: { writeKey?: string; secretKey?: string; timezone?: string } = {},
  now = Date.now(),
): Promise<ProjectKeys> {
  const projectId = defaultProjectId;
  let created = false;
  await db.transaction().execute(async (trx) => {
    const project = await trx.selectFrom('projects').select('project_id').where('project_id', '=', projectId).executeTakeFirst();
    if (!project) {
      created = true;
      await trx.insertInto('projects')
        .values({ project_id: projectId, name: 'Default project', timezone: wanted.timezone ?? 'Asia/Shanghai', created_at: now })
        .execute();
    }
    for (const kind of ['write', 'secret'] as const) {
      const given = kind === 'write' ? wanted.writeKey : wanted.secretKey;
      const current = await trx.selectFrom('api_keys').select('key')
        .where('project_id', '=', projectId).where('kind', '=', kind).where('revoked_at', 'is', null).executeTakeFirst();
      if (current && (!given || current.key === given)) continue;
      if (current) await trx.updateTable('api_keys').set({ revoked_at: now }).where('key', '=', current.key).execute();
      await trx.insertInto('api_keys')
        .values({ key: given ?? generateKey(kind), project_id: projectId, kind, created_at: now, revoked_at: null })
        .onConflict((oc) => oc.column('key').doUpdateSet({ revoked_at: null, project_id: projectId, kind }))
        .execute();
      created = true;
    }
  });
  const keys = await db.selectFrom('api_keys').select(['key', 'kind'])
    .where('project_id', '=', projectId).where('revoked_at', 'is', null).execute();
  return {
    projectId,
    writeKey: keys.find((k) => k.kind === 'write')!.key,
    secretKey: keys.find((k) => k.kind === 'secret')!.key,
    created,
  };
}

export interface KeyGrant {
  projectId: string;
  kind: 'write' | 'secret';
}

export async function findKey(db: Kysely<Database>, key: string): Promise<KeyGrant | undefined> {
  const row = await db.selectFrom('api_keys').select(['project_id', 'kind'])
    .where('key', '=', key).where('revoked_at', 'is', null).executeTakeFirst();
  return row ? { projectId: row.project_id, kind: row.kind } : undefined;
}

export async function projectTimezone(db: Kysely<Database>, projectId: string): Promise<string> {
  const row = await db.selectFrom('projects').select('timezone').where('project_id', '=', projectId).executeTakeFirst();
  return row?.timezone ?? 'Asia/Shanghai';
}
