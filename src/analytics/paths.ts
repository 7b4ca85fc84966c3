/**
 * Paths: what learners do next after a chosen event, within the same session (no gap longer than
 * 30 minutes). Consecutive repeats of one event (a run of `Lesson Progress` heartbeats) are one
 * step. Each path is followed from the log through the (project, user, time) index, one probe per
 * step; when the start event is very common, a deterministic sample of its occurrences is used and
 * the answer says so.
 *
 * @example
 *   const p = await paths(db, scope, { event: 'Item Viewed', fromMs, toMs, steps: 3 });
 *   // { starts: 9120, next: [{ event: 'Order Completed', count: 1200, share: 0.13 }, …], paths: [{ events: [...], count, share }] }
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../store/schema.js';
import { admitScanUsers } from './admit.js';
import { activeCallTypes, passiveEvents } from './rollup-fold.js';
import type { Scope } from './scope.js';

export const sessionGapMs = 30 * 60_000;
/** Where a path stops: the session ended (or the log did). */
export const endOfPath = '(end)';

export interface PathsSpec {
  event: string;
  fromMs: number;
  toMs: number;
  /** Steps followed after the start event (1–5). */
  steps: number;
  /** Most start occurrences followed; more are sampled down to about this many. */
  maxStarts?: number;
  /** Rows in each answer list. */
  limit?: number;
}

export interface PathCount {
  events: string[];
  count: number;
  share: number;
}

export interface PathsResult {
  event: string;
  /** Occurrences of the start event in the range. */
  starts: number;
  /** Occurrences followed (all of them unless sampled). */
  followed: number;
  sampled: boolean;
  /** Step 1: the next event and how often it came (including "(end)"). */
  next: { event: string; count: number; share: number }[];
  /** The most common whole paths of up to `steps` steps after the start event. */
  paths: PathCount[];
}

type Row = Record<string, unknown>;
const activeTypes = [...activeCallTypes];
const passive = [...passiveEvents];

/** The events a path can step through: what learners do (no passive events, no identify/alias). */
function stepEvents(db: Kysely<Database>, scope: Scope, alias: string): SelectQueryBuilder<any, any, {}> {
  // Correlated to outer aliases chosen at run time, so built on the untyped handle.
  return (db as Kysely<any>).selectFrom(`events as ${alias}`)
    .where(`${alias}.project_id`, '=', scope.projectId)
    .where(`${alias}.type`, 'in', activeTypes)
    .where((eb) => eb.or([eb(`${alias}.type`, '<>', 'track'), eb(`${alias}.event`, 'not in', passive)]));
}

export async function paths(db: Kysely<Database>, scope: Scope, spec: PathsSpec): Promise<PathsResult> {
  const maxStarts = spec.maxStarts ?? 5_000;
  const limit = spec.limit ?? 10;
  const counted = await db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', scope.projectId).where('event', '=', spec.event)
    .where('timestamp', '>=', spec.fromMs).where('timestamp', '<', spec.toMs).executeTakeFirstOrThrow();
  const starts = Number(counted.n);
  // Every m-th occurrence by arrival order: a sample unrelated to what learners did.
  const every = Math.max(1, Math.ceil(starts / maxStarts));
  let q: SelectQueryBuilder<any, any, Row> = db.selectFrom('events')
    .where('project_id', '=', scope.projectId).where('event', '=', spec.event)
    .where('timestamp', '>=', spec.fromMs).where('timestamp', '<', spec.toMs)
    .$if(every > 1, (w) => w.where((eb) => eb(eb('seq', '%', every), '=', 0)))
    .where(admitScanUsers(db, scope, 'user_id'))
    .select(['user_id as u', 'seq as s0', 'timestamp as t0', 'event as e0', 'timestamp as g0']);
  for (let k = 1; k <= spec.steps; k++) {
    const prev = `p${k - 1}`;
    const carried = Array.from({ length: k }, (_, j) => [`s${j}`, `t${j}`, `e${j}`, `g${j}`]).flat();
    // The next event after step k-1 that is not a repeat of it, in (time, seq) order.
    const withNext = db.selectFrom(q.as(prev)).select((eb) => [
      `${prev}.u as u`, ...carried.map((c) => eb.ref(`${prev}.${c}`).as(c)),
      stepEvents(db, scope, 'n').select('n.seq')
        .whereRef('n.user_id', '=', `${prev}.u`)
        .whereRef('n.timestamp', '>=', `${prev}.t${k - 1}`)
        .where((w) => w.not(w.and([w('n.timestamp', '=', w.ref(`${prev}.t${k - 1}`)), w('n.seq', '<=', w.ref(`${prev}.s${k - 1}`))])))
        .where((w) => w(w.fn.coalesce('n.event', 'n.type'), '<>', w.ref(`${prev}.e${k - 1}`)))
        .orderBy('n.timestamp').orderBy('n.seq').limit(1)
        .as('next_seq'),
    ]);
    const step = `q${k}`;
    q = db.selectFrom(withNext.as(step)).leftJoin('events as x', 'x.seq', `${step}.next_seq`).select((eb) => [
      `${step}.u as u`, ...carried.map((c) => eb.ref(`${step}.${c}`).as(c)),
      eb.ref('x.seq').as(`s${k}`), eb.ref('x.timestamp').as(`t${k}`), eb.fn.coalesce('x.event', 'x.type').as(`e${k}`),
      // The event just before this step (the last repeat of the previous one): the session gap is measured from it.
      stepEvents(db, scope, 'b').select('b.timestamp')
        .whereRef('b.user_id', '=', `${step}.u`)
        .whereRef('b.timestamp', '<=', 'x.timestamp')
        .where((w) => w.not(w.and([w('b.timestamp', '=', w.ref('x.timestamp')), w('b.seq', '>=', w.ref('x.seq'))])))
        .orderBy('b.timestamp', 'desc').orderBy('b.seq', 'desc').limit(1)
        .as(`g${k}`),
    ]) as SelectQueryBuilder<any, any, Row>;
  }
  const rows = await q.execute();
  const first = new Map<string, number>();
  const whole = new Map<string, number>();
  for (const r of rows) {
    const events: string[] = [];
    for (let k = 1; k <= spec.steps; k++) {
      const t = r[`t${k}`];
      if (t === null || t === undefined || Number(t) - Number(r[`g${k}`]) > sessionGapMs) {
        events.push(endOfPath);
        break;
      }
      events.push(String(r[`e${k}`]));
    }
    first.set(events[0]!, (first.get(events[0]!) ?? 0) + 1);
    const key = events.join('\u0000');
    whole.set(key, (whole.get(key) ?? 0) + 1);
  }
  const n = rows.length;
  const share = (c: number) => (n ? Math.round((c / n) * 10_000) / 10_000 : 0);
  const top = <T>(m: Map<string, number>, make: (k: string, c: number) => T) =>
    [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit).map(([k, c]) => make(k, c));
  return {
    event: spec.event, starts, followed: n, sampled: every > 1,
    next: top(first, (event, count) => ({ event, count, share: share(count) })),
    paths: top(whole, (k, count) => ({ events: [spec.event, ...k.split('\u0000')], count, share: share(count) })),
  };
}
