/**
 * The metrics API (secret key): GET /v1/metrics/activity, stickiness, lifecycle, retention,
 * retention/users, funnel, paths, dropoff, events, courses. Every answer is computed on request from the rollups
 * (kept current by a background fold every `foldEveryMs`) or the event log. Shapes: docs/API.md.
 *
 * @example
 *   await app.register(metricsRoutes, { store, keys });
 *   // GET /v1/metrics/activity?from=2026-03-02&to=2026-03-08&interval=day&tz=Asia/Shanghai
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import type { KeyChecker } from '../server/auth.js';
import { ApiError, invalid } from '../server/errors.js';
import type { Store } from '../store/store.js';
import { MetricInputError, RollupsWarmingError } from './input-error.js';
import { MetricsService } from './metrics.service.js';
import { RollupKeeper } from './rollup-keeper.js';

export interface MetricsRoutesOptions {
  store: Store;
  keys: KeyChecker;
  /** Background folding period of the rollups (default 2 s). */
  foldEveryMs?: number;
}

/** Events a request may fold before answering (about 2 s of work); beyond, 503 while the background fold runs. */
export const maxBacklogEvents = 200_000;

export const metricNames = ['span', 'activity', 'stickiness', 'lifecycle', 'retention', 'retention/users', 'funnel', 'paths', 'dropoff', 'events', 'courses'] as const;

const date = (description: string) => Type.String({ description, examples: ['2026-03-02'] });
const optional = <T extends TSchema>(t: T) => Type.Optional(t);
/** A string from a fixed list (an enum in the OpenAPI document). */
const choice = <T extends string>(values: readonly T[], fallback: T, description?: string) =>
  Type.Optional(Type.Unsafe<T>({ type: 'string', enum: values, default: fallback, description }));
const filters = {
  tz: optional(Type.String({ description: 'IANA time zone; default: the project\'s (Asia/Shanghai)' })),
  course: optional(Type.String({ description: 'only events about this course (or catalog item) and its lessons, and its orders' })),
  category: optional(Type.String({ description: 'only events about catalog items of this category' })),
  trait: optional(Type.String({ description: 'only learners with this identify trait, as key:value (plan:pro)' })),
  segment: optional(Type.String({ description: 'only learners in this segment of the latest segmentation, as GET /v1/segments names it (kmeans:3, rfm:at_risk)' })),
};
const range = { from: date('first local date (inclusive)'), to: date('last local date (inclusive)'), ...filters };
const interval = choice(['day', 'week', 'month'], 'day');
const strict = { additionalProperties: false } as const;

const retentionQuery = {
  ...range,
  period: choice(['day', 'week', 'month'], 'week'),
  cohort: choice(['first_seen', 'first_purchase'], 'first_seen'),
  criterion: choice(['on', 'on_or_after'], 'on', 'on_or_after counts a return in the period or any later one'),
  startEvent: optional(Type.String({ description: 'cohort by the first time of this event instead' })),
  returnEvent: optional(Type.String({ description: 'count a return only for this event (default: any activity)' })),
  periods: optional(Type.Integer({ minimum: 1, maximum: 200, description: 'at most this many periods per cohort' })),
};

export const metricsRoutes: FastifyPluginAsyncTypebox<MetricsRoutesOptions> = async (app, { store, keys, foldEveryMs }) => {
  const keeper = new RollupKeeper(store.db, {
    intervalMs: foldEveryMs ?? 2000,
    insertEach: store.insertEach,
    onError: (err) => app.log.error({ err }, 'folding events into the analytics rollups failed'),
  });
  // A request never waits for more than ~2 s of folding; a first build of a big log is a 503.
  const metrics = new MetricsService(store.db, keeper, 'rollup', maxBacklogEvents);
  keeper.start();
  app.addHook('onClose', async () => keeper.stop());
  app.addHook('preHandler', keys.requireSecretKey);
  // Metric input problems are 400s naming the query parameter.
  const answer = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      if (err instanceof MetricInputError) throw invalid(`querystring.${err.field}`, err.message);
      if (err instanceof RollupsWarmingError) throw new ApiError(503, 'analytics_warming_up', err.message, undefined, { backlog: err.backlog });
      throw err;
    }
  };
  const tags = ['metrics'];

  app.get('/v1/metrics/activity', {
    schema: { tags, summary: 'Active learners, new/returning, learning minutes, lessons completed, spend, stickiness per period', querystring: Type.Object({ ...range, interval }, strict) },
  }, (request) => answer(() => metrics.activity(request.projectId, request.query)));

  app.get('/v1/metrics/span', {
    schema: { tags, summary: 'The first and last local dates with activity (hour precision), for default date ranges', querystring: Type.Object({ tz: filters.tz }, strict) },
  }, (request) => answer(() => metrics.span(request.projectId, request.query)));

  app.get('/v1/metrics/stickiness', {
    schema: {
      tags, summary: 'Learners by number of active days (or weeks) in the range, and DAU/MAU-style stickiness',
      querystring: Type.Object({ ...range, interval: choice(['day', 'week'], 'day') }, strict),
    },
  }, (request) => answer(() => metrics.stickiness(request.projectId, request.query)));

  app.get('/v1/metrics/lifecycle', {
    schema: { tags, summary: 'New, returning, resurrecting and dormant learners per period', querystring: Type.Object({ ...range, interval }, strict) },
  }, (request) => answer(() => metrics.lifecycle(request.projectId, request.query)));

  app.get('/v1/metrics/retention', {
    schema: { tags, summary: 'Cohort retention (on, or on or after, each period)', querystring: Type.Object(retentionQuery, strict) },
  }, (request) => answer(() => metrics.retention(request.projectId, request.query)));

  app.get('/v1/metrics/retention/users', {
    schema: {
      tags, summary: 'The learners behind one retention cell',
      querystring: Type.Object({
        ...retentionQuery,
        cohortPeriod: date('the cohort (its first local date, as in the retention answer)'),
        offset: Type.Integer({ minimum: 0, description: 'periods after the cohort period (0 = every member)' }),
        limit: optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
      }, strict),
    },
  }, (request) => answer(() => metrics.retentionUsers(request.projectId, request.query)));

  app.get('/v1/metrics/funnel', {
    schema: {
      tags, summary: 'Ordered funnel with a conversion window, median times between steps and an optional breakdown',
      querystring: Type.Object({
        ...range,
        steps: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'event names in order (repeat the parameter, or comma-separate)' }),
        window: optional(Type.String({ default: '7d', description: 'conversion window from the first step: 30m, 24h, 7d …' })),
        breakdown: optional(Type.String({ description: 'properties.<name>, context.<path> or trait.<name>' })),
      }, strict),
    },
  }, (request) => answer(() => metrics.funnel(request.projectId, request.query)));

  app.get('/v1/metrics/paths', {
    schema: {
      tags, summary: 'Most common next events after an event, within a session (30-minute gap)',
      querystring: Type.Object({
        ...range,
        event: Type.String({ minLength: 1 }),
        depth: optional(Type.Integer({ minimum: 1, maximum: 5, default: 3 })),
        limit: optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
      }, strict),
    },
  }, (request) => answer(() => metrics.paths(request.projectId, request.query)));

  app.get('/v1/metrics/dropoff', {
    schema: {
      tags, summary: 'Lesson-by-lesson drop-off of a course, or the audience-retention curve within a lesson',
      querystring: Type.Object({
        course: optional(Type.String()), lesson: optional(Type.String()),
        audience: choice(['buyers', 'starters'], 'buyers'),
        from: optional(date('only buyers/starters from this local date')), to: optional(date('… to this one')),
        tz: filters.tz, trait: filters.trait, segment: filters.segment,
      }, strict),
    },
  }, (request) => answer(() => metrics.dropoff(request.projectId, request.query)));

  app.get('/v1/metrics/events', {
    schema: {
      tags, summary: 'Event names received in the range, with counts and learners (for funnel and retention pickers)',
      querystring: Type.Object({
        from: range.from, to: range.to, tz: filters.tz, trait: filters.trait, segment: filters.segment,
        limit: optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1000, description: 'at most this many names, most frequent first' })),
      }, strict),
    },
  }, (request) => answer(() => metrics.events(request.projectId, request.query)));

  app.get('/v1/metrics/courses', {
    schema: {
      tags, summary: 'Every course with activity in the range: learners, buyers, revenue, learning minutes, lessons completed',
      querystring: Type.Object({ from: range.from, to: range.to, tz: filters.tz, trait: filters.trait, segment: filters.segment }, strict),
    },
  }, (request) => answer(() => metrics.courses(request.projectId, request.query)));

  app.get('/v1/metrics/:metric', {
    schema: { hide: true, params: Type.Object({ metric: Type.String() }) },
  }, async (request) => {
    throw invalid('params.metric', `unknown metric "${request.params.metric}"; the metrics are ${metricNames.join(', ')}`);
  });
};
