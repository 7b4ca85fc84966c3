/** Repository functions for learners (users): traits from identify, first/last seen, robot flag. */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { UserRow } from './events.table.js';

export interface Learner {
  id: string;
  traits: Record<string, unknown>;
  firstSeen: string;
  lastSeen: string;
  isRobot: boolean;
  robotReason: string | null;
}

export function rowToLearner(r: UserRow): Learner {
  return {
    id: r.user_id,
    traits: JSON.parse(r.traits) as Record<string, unknown>,
    firstSeen: new Date(Number(r.first_seen)).toISOString(),
    lastSeen: new Date(Number(r.last_seen)).toISOString(),
    isRobot: r.is_robot === 1,
    robotReason: r.robot_reason,
  };
}

export async function getLearner(db: Kysely<Database>, projectId: string, userId: string): Promise<Learner | undefined> {
  const row = await db.selectFrom('users').selectAll().where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
  return row ? rowToLearner(row) : undefined;
}

export async function listLearners(db: Kysely<Database>, projectId: string, q: { after?: string; limit: number; robots?: boolean }): Promise<Learner[]> {
  let query = db.selectFrom('users').selectAll().where('project_id', '=', projectId);
  if (q.robots !== undefined) query = query.where('is_robot', '=', q.robots ? 1 : 0);
  if (q.after) query = query.where('user_id', '>', q.after);
  return (await query.orderBy('user_id').limit(q.limit).execute()).map(rowToLearner);
}
