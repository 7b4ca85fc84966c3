/**
 * Which learners a metric counts: never the robots the cleaning step flagged, and only those with
 * the scope's trait and in the scope's segment when it has them. Learners are user ids in the event log and small integer
 * keys in the rollups; the filter is the same set either way.
 *
 * @example
 *   db.selectFrom('events').where(admitUsers(db, scope, 'scan', 'user_id'))
 */
import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Scope } from './scope.js';
import { jsonText } from './sql-time.js';

/** `rollup` reads the hourly rollups, `scan` the event log (see sources.ts). */
export type Engine = 'rollup' | 'scan';

type AnyEb = ExpressionBuilder<any, any>;

/** A where-callback keeping only the admitted learners in `column` (a key or a user id, per engine). */
export function admitUsers(db: Kysely<Database>, scope: Scope, engine: Engine, column: string) {
  return (eb: AnyEb) => {
    const robots = db.selectFrom('users').select('user_id').where('project_id', '=', scope.projectId).where('is_robot', '=', 1);
    const withTrait = scope.trait
      ? db.selectFrom('users').select('user_id').where('project_id', '=', scope.projectId)
        .where((w) => w(jsonText(w.ref('traits'), [scope.trait!.key]), '=', scope.trait!.value))
      : undefined;
    const inSegment = scope.segment
      ? db.selectFrom('segment_members').select('user_id').where('project_id', '=', scope.projectId)
        .where('method', '=', scope.segment.method).where('segment_id', '=', scope.segment.segmentId)
      : undefined;
    const asKeys = (q: SelectQueryBuilder<Database, any, { user_id: string }>) => db.selectFrom('analytics_users').select('user_key')
      .where('project_id', '=', scope.projectId).where('user_id', 'in', q);
    const conditions = [eb(column, 'not in', engine === 'rollup' ? asKeys(robots) : robots)];
    if (withTrait) conditions.push(eb(column, 'in', engine === 'rollup' ? asKeys(withTrait) : withTrait));
    if (inSegment) conditions.push(eb(column, 'in', engine === 'rollup' ? asKeys(inSegment) : inSegment));
    return eb.and(conditions);
  };
}


export function admitScanUsers(db: Kysely<Database>, scope: Scope, column: string) {
  return admitUsers(db, scope, 'scan', column);
}
