/**
 * Gorse users as learners. A Gorse user's labels are the learner's onboarding `interests` trait
 * (what cold-start recommendations match item texts against), its comment and subscriptions are
 * the `comment` and `subscribe` traits. Users are written as identify messages through the ingest
 * service, so a Gorse user is a learner like any other.
 *
 * @example
 *   await ingest.ingest(projectId, [userMessage({ UserId: 'u1', Labels: ['python'] }, 'replace')], { receivedAt: Date.now() });
 *   learnerToGorse(await getLearner(db, projectId, 'u1'));
 *   // { UserId: 'u1', Labels: ['python'], Subscribe: null, Comment: '' }
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Learner } from '../../ingest/users.store.js';
import type { Database } from '../../store/schema.js';
import { interestsOf } from './recommendation-service.js';

export interface GorseUserInput {
  UserId: string;
  Labels?: string[] | null;
  Subscribe?: string[] | null;
  Comment?: string;
}

export interface GorseUser {
  UserId: string;
  Labels: string[];
  Subscribe: string[] | null;
  Comment: string;
}

export function learnerToGorse(l: Learner): GorseUser {
  const subscribe = l.traits.subscribe;
  return {
    UserId: l.id,
    Labels: interestsOf(l.traits),
    Subscribe: Array.isArray(subscribe) ? subscribe.filter((s): s is string => typeof s === 'string') : null,
    Comment: typeof l.traits.comment === 'string' ? l.traits.comment : '',
  };
}

/**
 * The identify message of a Gorse user. `replace` (insert: Gorse overwrites the user) sets every
 * Gorse field; `patch` only those present. Each call gets its own message id: setting labels
 * A, then B, then A again must store all three.
 */
export function userMessage(u: GorseUserInput, mode: 'replace' | 'patch'): Record<string, unknown> {
  const traits: Record<string, unknown> = {};
  if (mode === 'replace' || u.Labels !== undefined) traits.interests = u.Labels ?? [];
  if (mode === 'replace' || u.Subscribe !== undefined) traits.subscribe = u.Subscribe ?? null;
  if (mode === 'replace' || u.Comment !== undefined) traits.comment = u.Comment ?? '';
  return { type: 'identify', messageId: `gorse-user-${randomUUID()}`, userId: u.UserId, traits, context: { library: { name: 'gorse-api' } } };
}

/**
 * Removes a learner's profile (traits, first/last seen); returns how many went (0 or 1). Their
 * events stay: the event log is append-only, so analytics and models keep what happened, and a
 * later event of the same id starts a new, empty profile.
 */
export async function deleteLearnerProfile(db: Kysely<Database>, projectId: string, userId: string): Promise<number> {
  const r = await db.deleteFrom('users').where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}
