/**
 * Ordered funnels with a conversion window. A learner enters at their first step-1 event in the
 * range; each later step counts when its event follows the previous step's (strictly later) within
 * the window measured from the entry. Conversion per step, median time between steps, and an
 * optional breakdown by a property of the entry event or a learner trait. Exact event times: read
 * from the log through the (project, event, user, time) index, one probe per learner and step.
 *
 * @example
 *   const f = await funnel(db, scope, { steps: ['Item Viewed', 'Order Completed'], windowMs: 7 * 86_400_000, fromMs, toMs });
 *   // { steps: [{ event: 'Item Viewed', users: 900, conversion: 1, … }, { event: 'Order Completed', users: 120, conversion: 0.1333, … }] }
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../store/schema.js';
import { admitScanUsers } from './admit.js';
import type { Scope } from './scope.js';
import { jsonText } from './sql-time.js';

export const breakdownSources = ['properties', 'context', 'trait'] as const;

export interface Breakdown {
  source: (typeof breakdownSources)[number];
  path: string[];
}

export interface FunnelSpec {
  steps: string[];
  windowMs: number;
  fromMs: number;
  toMs: number;
  breakdown?: Breakdown;
  /** Breakdown values beyond this many (by entrants) are merged into "(other)". */
  maxBreakdownValues?: number;
}

export interface FunnelStep {
  event: string;
  users: number;
  /** Share of the entrants who reached this step. */
  conversion: number;
  /** Share of the previous step's learners who reached this one. */
  stepConversion: number;
  /** Learners of the previous step who did not reach this one. */
  dropped: number;
  medianSecondsFromPrevious: number | null;
  medianSecondsFromStart: number | null;
}

export interface FunnelResult {
  windowSeconds: number;
  steps: FunnelStep[];
  breakdown?: { value: string; steps: FunnelStep[] }[];
}

/** Parses "7d", "24h", "30m", "90s" or plain seconds into ms; undefined when unreadable. */
export function parseWindow(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([smhd]?)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  const ms = Number(m[1]) * unit;
  return ms > 0 ? ms : undefined;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** Step statistics over entrant rows; `times[i][k]` is learner i's time of step k (NaN = not reached). */
export function funnelSteps(steps: readonly string[], times: readonly Float64Array[]): FunnelStep[] {
  return steps.map((event, k) => {
    let users = 0;
    let previous = 0;
    const fromPrevious: number[] = [];
    const fromStart: number[] = [];
    for (const t of times) {
      if (k > 0 && !Number.isNaN(t[k - 1]!)) previous++;
      if (Number.isNaN(t[k]!)) continue;
      users++;
      if (k > 0) {
        fromPrevious.push((t[k]! - t[k - 1]!) / 1000);
        fromStart.push((t[k]! - t[0]!) / 1000);
      }
    }
    if (k === 0) previous = users;
    const entrants = times.length;
    return {
      event, users,
      conversion: entrants ? round(users / entrants) : 0,
      stepConversion: previous ? round(users / previous) : 0,
      dropped: previous - users,
      medianSecondsFromPrevious: k > 0 ? median(fromPrevious) : null,
      medianSecondsFromStart: k > 0 ? median(fromStart) : null,
    };
  });
}

type Row = Record<string, unknown>;

export async function funnel(db: Kysely<Database>, scope: Scope, spec: FunnelSpec): Promise<FunnelResult> {
  const { steps, windowMs } = spec;
  // Entry: each learner's first step-1 event in the range.
  let q: SelectQueryBuilder<any, any, Row> = db.selectFrom('events')
    .where('project_id', '=', scope.projectId).where('event', '=', steps[0]!)
    .where('timestamp', '>=', spec.fromMs).where('timestamp', '<', spec.toMs)
    .where(admitScanUsers(db, scope, 'user_id'))
    .select((eb) => ['user_id as u', eb.fn.min<number>('timestamp').as('t0')])
    .groupBy('user_id');
  for (let k = 1; k < steps.length; k++) {
    const prev = `f${k - 1}`;
    const columns = Array.from({ length: k }, (_, j) => `${prev}.t${j}`);
    q = db.selectFrom(q.as(prev)).select((eb) => [
      `${prev}.u as u`, ...columns.map((c, j) => eb.ref(c).as(`t${j}`)),
      eb.selectFrom('events as e').select((s) => s.fn.min<number>('e.timestamp').as('t'))
        .where('e.project_id', '=', scope.projectId).where('e.event', '=', steps[k]!)
        .whereRef('e.user_id', '=', `${prev}.u`)
        .whereRef('e.timestamp', '>', `${prev}.t${k - 1}`)
        .where((w) => w('e.timestamp', '<=', w(w.ref(`${prev}.t0`), '+', windowMs)))
        .as(`t${k}`),
    ]) as SelectQueryBuilder<any, any, Row>;
  }
  const b = spec.breakdown;
  if (b) {
    q = db.selectFrom(q.as('f')).selectAll('f').select((eb) => [
      (b.source === 'trait'
        ? eb.selectFrom('users as x').select((s) => jsonText(s.ref('x.traits'), b.path).as('v'))
          .where('x.project_id', '=', scope.projectId).whereRef('x.user_id', '=', 'f.u')
        : eb.selectFrom('events as e').select((s) => jsonText(s.ref(`e.${b.source}`), b.path).as('v'))
          .where('e.project_id', '=', scope.projectId).where('e.event', '=', steps[0]!)
          .whereRef('e.user_id', '=', 'f.u').whereRef('e.timestamp', '=', 'f.t0').limit(1)
      ).as('b'),
    ]) as SelectQueryBuilder<any, any, Row>;
  }
  const rows = await q.execute();
  const times = rows.map((r) => Float64Array.from(steps, (_, k) => (r[`t${k}`] === null ? NaN : Number(r[`t${k}`]))));
  const result: FunnelResult = { windowSeconds: windowMs / 1000, steps: funnelSteps(steps, times) };
  if (b) {
    const groups = new Map<string, Float64Array[]>();
    rows.forEach((r, i) => {
      const v = r.b === null || r.b === undefined ? '(none)' : String(r.b);
      const list = groups.get(v) ?? [];
      list.push(times[i]!);
      groups.set(v, list);
    });
    const ranked = [...groups].sort((x, y) => y[1].length - x[1].length || x[0].localeCompare(y[0]));
    const keep = spec.maxBreakdownValues ?? 20;
    const shown = ranked.slice(0, keep);
    const other = ranked.slice(keep).flatMap(([, t]) => t);
    if (other.length) shown.push(['(other)', other]);
    result.breakdown = shown.map(([value, t]) => ({ value, steps: funnelSteps(steps, t) }));
  }
  return result;
}
