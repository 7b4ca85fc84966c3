/**
 * The metrics service: turns a request (dates, interval, time zone, filters) into the calendar,
 * the scope and the engine, makes sure the rollups hold every stored event, and answers in the
 * JSON shapes of the API (docs/API.md, issue contract). The HTTP routes and `learnloop report`
 * are thin layers over it.
 *
 * @example
 *   const metrics = new MetricsService(store.db, new RollupKeeper(store.db));
 *   const a = await metrics.activity('default', { from: '2026-03-02', to: '2026-03-08', interval: 'day' });
 *   // { interval: 'day', tz: 'Asia/Shanghai', points: [{ period: '2026-03-02', activeUsers: 812, … }, …] }
 */
import type { Kysely } from 'kysely';
import { projectTimezone } from '../store/projects.store.js';
import type { Database } from '../store/schema.js';
import { activityPoints, stickiness } from './activity.js';
import { formatDate, intervals, isTimeZone, localDateOf, periodsOf, type Interval, type Period } from './calendar.js';
import { courseDropoff, lessonRetention, audiences, type Audience } from './dropoff.js';
import { courseSummaries } from './course-summary.js';
import { eventCounts } from './event-counts.js';
import { checkEventNames } from './event-names.js';
import { breakdownSources, funnel, parseWindow, type Breakdown } from './funnel.js';
import { MetricInputError, RollupsWarmingError } from './input-error.js';
import { lifecyclePoints } from './lifecycle.js';
import { paths } from './paths.js';
import { criteria, retainedUsers, retentionCohorts, type Criterion, type RetentionSpec } from './retention.js';
import type { RollupKeeper } from './rollup-keeper.js';
import { periodZone } from './period-rollups.js';
import { rollupBacklog } from './rollups.store.js';
import { resolveScope, type Scope, type ScopeFilters } from './scope.js';
import { chooseEngine, timeline, type Engine, type Timeline } from './sources.js';

export interface RangeInput extends ScopeFilters {
  from: string;
  to: string;
  tz?: string;
}

export interface ActivityInput extends RangeInput {
  interval?: string;
}

export const cohortKinds = ['first_seen', 'first_purchase'] as const;

export interface RetentionInput extends RangeInput {
  period?: string;
  cohort?: string;
  criterion?: string;
  startEvent?: string;
  returnEvent?: string;
  periods?: number;
}

export interface RetentionUsersInput extends RetentionInput {
  cohortPeriod: string;
  offset: number;
  limit?: number;
}

export interface FunnelInput extends RangeInput {
  steps: string[];
  window?: string;
  breakdown?: string;
}

export interface PathsInput extends RangeInput {
  event: string;
  depth?: number;
  limit?: number;
}

export interface EventsInput extends RangeInput {
  limit?: number;
}

export interface DropoffInput extends ScopeFilters {
  course?: string;
  lesson?: string;
  audience?: string;
  from?: string;
  to?: string;
  tz?: string;
}

/** Most periods one answer may have (one point each; a retention cohort per period). */
export const maxPeriods = { activity: 1000, retention: 200 } as const;
export const maxFunnelSteps = 10;

function oneOf<T extends string>(field: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new MetricInputError(field, `${field} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

export class MetricsService {
  constructor(
    readonly db: Kysely<Database>,
    readonly keeper: RollupKeeper,
    /** `scan` answers every metric from the event log (the baseline the bench compares against). */
    readonly preferredEngine: Engine = 'rollup',
    /** Refuse (RollupsWarmingError) rather than fold more than this many events before answering. */
    readonly maxBacklog = Number.POSITIVE_INFINITY,
  ) {}

  async #context(projectId: string, input: RangeInput, interval: Interval, max: number, intervalField = 'interval') {
    const tz = input.tz ?? await projectTimezone(this.db, projectId);
    const periods = periodsOf({ from: input.from, to: input.to, interval, tz }, max, intervalField);
    const scope = await resolveScope(this.db, projectId, input);
    return { tz, periods, scope };
  }

  /**
   * A timeline on the best engine for each set of periods, with the rollups brought up to date
   * first. Give `grain` (the interval the periods were cut by) to let activity be read from the
   * period rollups when `tz` is the zone they are kept in.
   */
  async #line(projectId: string, tz: string, ...all: { periods: readonly Period[]; grain?: Interval }[]): Promise<Timeline[]> {
    const engine = all.every((a) => chooseEngine(a.periods, this.preferredEngine) === 'rollup') ? 'rollup' : 'scan';
    if (engine === 'rollup') await this.#freshRollups(projectId);
    const zone = engine === 'rollup' && all.some((a) => a.grain) ? await periodZone(this.db, projectId) : undefined;
    return all.map((a) => timeline(a.periods, engine, zone === tz ? a.grain : undefined));
  }

  async #freshRollups(projectId: string): Promise<void> {
    if (Number.isFinite(this.maxBacklog)) {
      const backlog = await rollupBacklog(this.db, projectId);
      if (backlog > this.maxBacklog) throw new RollupsWarmingError(backlog);
    }
    await this.keeper.fresh(projectId);
  }

  #covered(periods: readonly Period[], tz: string) {
    return { from: periods[0]!.label, to: formatDate(localDateOf(tz, periods[periods.length - 1]!.endMs - 1)) };
  }

  async activity(projectId: string, input: ActivityInput) {
    const interval = oneOf('interval', input.interval, intervals, 'day');
    const { tz, periods, scope } = await this.#context(projectId, input, interval, maxPeriods.activity);
    const covered = this.#covered(periods, tz);
    const days = interval === 'day' ? undefined : periodsOf({ ...covered, interval: 'day', tz }, 5000);
    const [line, dayLine] = await this.#line(projectId, tz, { periods, grain: interval }, ...(days ? [{ periods: days, grain: 'day' as const }] : []));
    const points = await activityPoints(this.db, scope, line!, dayLine);
    return { interval, tz, ...covered, engine: line!.engine, points };
  }

  async stickiness(projectId: string, input: ActivityInput) {
    const interval = oneOf('interval', input.interval, ['day', 'week'] as const, 'day');
    const { tz, periods, scope } = await this.#context(projectId, input, interval, maxPeriods.activity);
    const [line] = await this.#line(projectId, tz, { periods, grain: interval });
    return { interval, tz, ...this.#covered(periods, tz), engine: line!.engine, ...await stickiness(this.db, scope, line!) };
  }

  async lifecycle(projectId: string, input: ActivityInput) {
    const interval = oneOf('interval', input.interval, intervals, 'day');
    const { tz, periods, scope } = await this.#context(projectId, input, interval, maxPeriods.activity);
    // One more period in front: the first reported period needs "the period before".
    const before = formatDate(localDateOf(tz, periods[0]!.startMs - 1));
    const all = periodsOf({ from: before, to: input.to, interval, tz }, maxPeriods.activity + 1);
    const [line] = await this.#line(projectId, tz, { periods: all, grain: interval });
    return { interval, tz, ...this.#covered(periods, tz), engine: line!.engine, points: await lifecyclePoints(this.db, scope, line!) };
  }

  async #retentionSetup(projectId: string, input: RetentionInput) {
    const period = oneOf('period', input.period, intervals, 'week');
    const cohort = oneOf('cohort', input.cohort, cohortKinds, 'first_seen');
    const criterion = oneOf<Criterion>('criterion', input.criterion, criteria, 'on');
    const { tz, periods, scope } = await this.#context(projectId, input, period, maxPeriods.retention, 'period');
    const events = [
      ...(input.startEvent !== undefined ? [{ field: 'startEvent', event: input.startEvent }] : []),
      ...(input.returnEvent !== undefined ? [{ field: 'returnEvent', event: input.returnEvent }] : []),
    ];
    await checkEventNames(this.db, projectId, events);
    if (input.startEvent !== undefined && scope.courses) {
      throw new MetricInputError('startEvent', 'startEvent cannot be combined with a course or category filter; use cohort=first_seen or first_purchase');
    }
    const spec: RetentionSpec = {
      first: input.startEvent !== undefined ? { kind: 'event', event: input.startEvent } : { kind: cohort === 'first_seen' ? 'active' : 'purchase' },
      returnEvent: input.returnEvent, criterion, maxPeriods: input.periods,
    };
    const [line] = await this.#line(projectId, tz, { periods, grain: period });
    const header = {
      period, tz, ...this.#covered(periods, tz), engine: line!.engine, cohortBy: input.startEvent ?? cohort, criterion,
      returnEvent: input.returnEvent ?? null,
    };
    return { header, scope, line: line!, spec, periods };
  }

  async retention(projectId: string, input: RetentionInput) {
    const { header, scope, line, spec } = await this.#retentionSetup(projectId, input);
    return { ...header, cohorts: await retentionCohorts(this.db, scope, line, spec) };
  }

  async retentionUsers(projectId: string, input: RetentionUsersInput) {
    const { header, scope, line, spec, periods } = await this.#retentionSetup(projectId, input);
    const index = periods.findIndex((p) => p.label === input.cohortPeriod);
    if (index < 0) {
      throw new MetricInputError('cohortPeriod', `cohortPeriod "${input.cohortPeriod}" is not a ${header.period} in the range (first: ${periods[0]!.label})`);
    }
    if (!Number.isInteger(input.offset) || input.offset < 0 || input.offset >= periods.length - index) {
      throw new MetricInputError('offset', `offset must be an integer from 0 to ${periods.length - index - 1} for cohort ${input.cohortPeriod}`);
    }
    const cell = await retainedUsers(this.db, scope, line, spec, index, input.offset, input.limit ?? 100);
    return { ...header, cohortPeriod: input.cohortPeriod, offset: input.offset, ...cell };
  }

  async #rangeMs(projectId: string, input: RangeInput) {
    const tz = input.tz ?? await projectTimezone(this.db, projectId);
    const days = periodsOf({ from: input.from, to: input.to, interval: 'day', tz }, 100_000);
    return { tz, fromMs: days[0]!.startMs, toMs: days[days.length - 1]!.endMs };
  }

  async funnel(projectId: string, input: FunnelInput) {
    const steps = input.steps.length === 1 && input.steps[0]!.includes(',') ? input.steps[0]!.split(',').map((s) => s.trim()) : input.steps;
    if (steps.length < 2 || steps.length > maxFunnelSteps) throw new MetricInputError('steps', `a funnel needs 2 to ${maxFunnelSteps} steps, got ${steps.length}`);
    const windowMs = parseWindow(input.window ?? '7d');
    if (windowMs === undefined || windowMs > 366 * 86_400_000) {
      throw new MetricInputError('window', `window must be a duration such as 30m, 24h or 7d (at most 366d), got "${input.window}"`);
    }
    let breakdown: Breakdown | undefined;
    if (input.breakdown !== undefined) {
      const [source, ...path] = input.breakdown.split('.');
      if (!(breakdownSources as readonly string[]).includes(source!) || path.length === 0 || path.some((p) => p === '')) {
        throw new MetricInputError('breakdown', `breakdown must be properties.<name>, context.<path> or trait.<name>, got "${input.breakdown}"`);
      }
      breakdown = { source: source as Breakdown['source'], path };
    }
    const { tz, fromMs, toMs } = await this.#rangeMs(projectId, input);
    await checkEventNames(this.db, projectId, steps.map((event, i) => ({ field: `steps.${i}`, event })));
    const scope = await resolveScope(this.db, projectId, { trait: input.trait, segment: input.segment });
    if (input.course !== undefined || input.category !== undefined) {
      throw new MetricInputError(input.course !== undefined ? 'course' : 'category', 'funnels filter learners by trait or segment only; course and category filters do not apply to funnel steps');
    }
    return { tz, from: input.from, to: input.to, ...await funnel(this.db, scope, { steps, windowMs, fromMs, toMs, breakdown }) };
  }

  async paths(projectId: string, input: PathsInput) {
    const depth = input.depth ?? 3;
    if (!Number.isInteger(depth) || depth < 1 || depth > 5) throw new MetricInputError('depth', 'depth must be an integer from 1 to 5');
    const { tz, fromMs, toMs } = await this.#rangeMs(projectId, input);
    await checkEventNames(this.db, projectId, [{ field: 'event', event: input.event }]);
    if (input.course !== undefined) throw new MetricInputError('course', 'paths filter learners by trait only');
    const scope = await this.#learnerScope(projectId, input);
    return { tz, from: input.from, to: input.to, ...await paths(this.db, scope, { event: input.event, fromMs, toMs, steps: depth, limit: input.limit }) };
  }

  /** Event names received in the range with counts and learners, for event pickers. */
  async events(projectId: string, input: EventsInput) {
    const { tz, periods } = await this.#context(projectId, input, 'day', maxPeriods.activity);
    const scope = await this.#learnerScope(projectId, input);
    const [line] = await this.#line(projectId, tz, { periods });
    return { tz, ...this.#covered(periods, tz), engine: line!.engine, events: await eventCounts(this.db, scope, line!, input.limit ?? 1000) };
  }

  /** Learners, buyers, revenue and learning of every course with activity in the range. */
  async courses(projectId: string, input: RangeInput) {
    const { tz, periods } = await this.#context(projectId, input, 'day', maxPeriods.activity);
    const scope = await this.#learnerScope(projectId, input);
    const [line] = await this.#line(projectId, tz, { periods });
    return { tz, ...this.#covered(periods, tz), engine: line!.engine, courses: await courseSummaries(this.db, scope, line!) };
  }

  async dropoff(projectId: string, input: DropoffInput) {
    if ((input.course === undefined) === (input.lesson === undefined)) {
      throw new MetricInputError('course', 'give either course (lesson-by-lesson drop-off) or lesson (audience retention within it)');
    }
    let range: { fromMs?: number; toMs?: number } = {};
    if (input.from !== undefined || input.to !== undefined) {
      if (input.from === undefined || input.to === undefined) throw new MetricInputError(input.from === undefined ? 'from' : 'to', 'give both from and to, or neither');
      range = await this.#rangeMs(projectId, { from: input.from, to: input.to, tz: input.tz });
    }
    const scope = await this.#learnerScope(projectId, input);
    if (input.lesson !== undefined) return lessonRetention(this.db, scope, { lessonId: input.lesson, ...range });
    const audience = oneOf<Audience>('audience', input.audience, audiences, 'buyers');
    return courseDropoff(this.db, scope, { courseId: input.course!, audience, ...range });
  }

  /**
   * The local dates the event log covers (from the rollups, so it costs one indexed min/max), for
   * default date ranges: a platform that imported last year's history gets last year, not an empty today.
   */
  async span(projectId: string, input: { tz?: string }) {
    const tz = input.tz ?? await projectTimezone(this.db, projectId);
    if (!isTimeZone(tz)) throw new MetricInputError('tz', `tz "${tz}" is not an IANA time zone (e.g. Asia/Shanghai, UTC, Europe/Berlin)`);
    await this.#freshRollups(projectId);
    const row = await this.db.selectFrom('activity_hours').where('project_id', '=', projectId)
      .select((eb) => [eb.fn.min('hour').as('first'), eb.fn.max('hour').as('last')]).executeTakeFirst();
    if (row?.first == null || row.last == null) return { tz, from: null, to: null, firstEventAt: null, lastEventAt: null };
    const firstMs = Number(row.first) * 3_600_000;
    const lastMs = (Number(row.last) + 1) * 3_600_000 - 1;
    return {
      tz,
      from: formatDate(localDateOf(tz, firstMs)), to: formatDate(localDateOf(tz, lastMs)),
      firstEventAt: new Date(firstMs).toISOString(), lastEventAt: new Date(lastMs).toISOString(),
    };
  }

  async #learnerScope(projectId: string, input: ScopeFilters): Promise<Scope> {
    if (input.category !== undefined) throw new MetricInputError('category', 'this metric filters learners by trait or segment only');
    return resolveScope(this.db, projectId, { trait: input.trait, segment: input.segment });
  }
}

/** The JSON answers of the metrics API, typed for TypeScript clients such as the dashboard. */
export type LifecycleAnswer = Awaited<ReturnType<MetricsService['lifecycle']>>;
export type RetentionAnswer = Awaited<ReturnType<MetricsService['retention']>>;
export type RetentionUsersAnswer = Awaited<ReturnType<MetricsService['retentionUsers']>>;
export type FunnelAnswer = Awaited<ReturnType<MetricsService['funnel']>>;
export type EventsAnswer = Awaited<ReturnType<MetricsService['events']>>;
export type CoursesAnswer = Awaited<ReturnType<MetricsService['courses']>>;
