/**
 * Event names a metric may ask for. A name never seen in the project's log is almost always a
 * typo ("Order Complete"), so metrics refuse it and suggest the closest names that exist.
 *
 * @example
 *   await checkEventNames(db, 'default', [{ field: 'steps.1', event: 'Order Complete' }]);
 *   // throws MetricInputError: steps.1: no event "Order Complete" has been received; did you mean "Order Completed"?
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { MetricInputError } from './input-error.js';

async function exists(db: Kysely<Database>, projectId: string, event: string): Promise<boolean> {
  const row = await db.selectFrom('events').select('seq').where('project_id', '=', projectId).where('event', '=', event).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Event names the project has received, read from the log itself (the (project, event, time)
 * index) so that a name stored a moment ago is suggested too; only asked on the error path.
 */
export async function knownEventNames(db: Kysely<Database>, projectId: string): Promise<string[]> {
  const rows = await db.selectFrom('events').select('event').distinct().where('project_id', '=', projectId)
    .where('event', 'is not', null).orderBy('event').execute();
  return rows.map((r) => r.event!);
}

/** Levenshtein distance, case-insensitive, for suggestions. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[t.length]!;
}

/** Throws `MetricInputError` for the first name the log has never seen. */
export async function checkEventNames(db: Kysely<Database>, projectId: string, names: readonly { field: string; event: string }[]): Promise<void> {
  for (const { field, event } of names) {
    if (await exists(db, projectId, event)) continue;
    const known = await knownEventNames(db, projectId);
    const close = known.map((k) => ({ k, d: editDistance(k, event) }))
      .filter((x) => x.d <= Math.max(2, Math.floor(event.length / 3))).sort((a, b) => a.d - b.d).slice(0, 3).map((x) => `"${x.k}"`);
    const hint = close.length ? `; did you mean ${close.join(' or ')}?` : known.length ? `; known events include ${known.slice(0, 8).map((k) => `"${k}"`).join(', ')}` : '';
    throw new MetricInputError(field, `${field}: no event "${event}" has been received in this project${hint}`);
  }
}
