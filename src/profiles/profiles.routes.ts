/**
 * The profiles API (secret key): a learner's profile and timeline, the feature catalogue, segments (read,
 * compute, list a segment's learners) and association rules.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { KeyChecker } from '../server/auth.js';
import { invalid, notFound } from '../server/errors.js';
import type { Store } from '../store/store.js';
import { latestActivityInstant, parseAsOf } from './as-of.js';
import { featureCatalogue, numericFeatures, type FeatureName } from './feature-catalogue.js';
import { defaultWindowDays, projectTimezone } from './learner-features.js';
import { learnerProfile } from './profile.js';
import { learnerRules, ruleBases } from './rules.js';
import { segmentationJson, segmentMethods, type SegmentMethod } from './segment-run.js';
import { timelinePage } from './timeline.js';
import { defaultKRange } from './segment-clustering.js';
import { computeSegments } from './segments.js';
import { latestSegmentRun, segmentLearners } from './segments.store.js';

export interface ProfilesRoutesOptions {
  store: Store;
  keys: KeyChecker;
}

const literals = <T extends string>(values: readonly T[], options: object = {}) => Type.Union(values.map((v) => Type.Literal(v)), options);
const AsOf = Type.Optional(Type.String({ description: 'ISO 8601 date-time, or YYYY-MM-DD (start of that day in the project time zone); default the end of the last hour with activity' }));
const WindowDays = Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: `days of history the features look at (default ${defaultWindowDays})` }));

export const profilesRoutes: FastifyPluginAsyncTypebox<ProfilesRoutesOptions> = async (app, { store, keys }) => {
  app.addHook('preHandler', keys.requireSecretKey);
  const db = store.db;

  async function asOfOf(projectId: string, text: string | undefined, field: string): Promise<number> {
    if (text === undefined) return await latestActivityInstant(db, projectId) ?? Date.now();
    const ms = parseAsOf(text, await projectTimezone(db, projectId));
    if (ms === undefined) throw invalid(field, `${field.split('.').pop()} must be an ISO 8601 date-time or a date YYYY-MM-DD; got "${text}"`);
    return ms;
  }

  app.get('/v1/users/:id/profile', {
    schema: {
      tags: ['profiles'], summary: 'A learner\'s features, segments, top interests and recent timeline as of a date',
      params: Type.Object({ id: Type.String({ minLength: 1 }) }),
      querystring: Type.Object({ asOf: AsOf, windowDays: WindowDays, timeline: Type.Optional(Type.Integer({ minimum: 0, maximum: 200, default: 20 })) }),
    },
  }, async (request) => {
    const asOf = await asOfOf(request.projectId, request.query.asOf, 'querystring.asOf');
    const profile = await learnerProfile(db, request.projectId, request.params.id, {
      asOf, windowDays: request.query.windowDays, timelineLength: request.query.timeline ?? 20,
    });
    if (!profile) throw notFound(`user "${request.params.id}" (seen before ${new Date(asOf).toISOString()})`, 'params.id');
    return profile;
  });

  app.get('/v1/users/:id/timeline', {
    schema: {
      tags: ['profiles'], summary: 'A learner\'s timeline, newest first, paged with `before`',
      params: Type.Object({ id: Type.String({ minLength: 1 }) }),
      querystring: Type.Object({
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        before: Type.Optional(Type.String({ description: 'the `next` of the previous page, or an ISO 8601 date-time or YYYY-MM-DD; default now' })),
      }),
    },
  }, async (request) => {
    const { id } = request.params;
    const { before } = request.query;
    const cursor = before === undefined ? undefined : /^(\d+):(\d+)$/.exec(before);
    const asOf = cursor ? Number(cursor[1]) : await asOfOf(request.projectId, before, 'querystring.before');
    const user = await db.selectFrom('users').select('user_id').where('project_id', '=', request.projectId).where('user_id', '=', id).executeTakeFirst();
    if (!user) throw notFound(`user "${id}"`, 'params.id');
    const timezone = await projectTimezone(db, request.projectId);
    const page = await timelinePage(db, request.projectId, id, { asOf, beforeSeq: cursor ? Number(cursor[2]) : undefined, timezone, limit: request.query.limit ?? 50 });
    return { userId: id, timezone, entries: page.entries, next: page.next ? `${page.next.timestamp}:${page.next.seq}` : null };
  });

  app.get('/v1/profiles/features', {
    schema: { tags: ['profiles'], summary: 'The learner feature catalogue: names, labels (zh/en), units, definitions' },
  }, async () => ({ features: featureCatalogue }));

  app.get('/v1/segments', {
    schema: {
      tags: ['profiles'], summary: 'The latest segmentations: sizes, descriptions, centroids and a 2-D projection of a sample',
      querystring: Type.Object({
        method: Type.Optional(literals(segmentMethods)),
        projection: Type.Optional(Type.Boolean({ default: true, description: 'include the scatter-plot sample' })),
      }),
    },
  }, async (request) => {
    const methods: readonly SegmentMethod[] = request.query.method ? [request.query.method] : segmentMethods;
    const runs = [];
    for (const m of methods) {
      const run = await latestSegmentRun(db, request.projectId, m);
      if (run) runs.push(segmentationJson(run, request.query.projection ?? true));
    }
    return { segmentations: runs };
  });

  app.post('/v1/segments/compute', {
    schema: {
      tags: ['profiles'], summary: 'Recompute segments from the learner features (ids carry over from the previous run)',
      body: Type.Object({
        method: Type.Optional(literals([...segmentMethods, 'all'], { default: 'all' })),
        k: Type.Optional(Type.Integer({ minimum: 2, maximum: 30, description: 'fixed number of k-means segments' })),
        kMin: Type.Optional(Type.Integer({ minimum: 2, maximum: 30, default: defaultKRange.min })),
        kMax: Type.Optional(Type.Integer({ minimum: 2, maximum: 30, default: defaultKRange.max })),
        features: Type.Optional(Type.Array(Type.String(), { minItems: 1, maxItems: 40, description: 'numeric features k-means clusters on' })),
        seed: Type.Optional(Type.Integer()),
        asOf: AsOf,
        windowDays: WindowDays,
      }, { additionalProperties: false }),
    },
  }, async (request) => {
    const b = request.body;
    const kMin = b.kMin ?? defaultKRange.min;
    const kMax = b.kMax ?? defaultKRange.max;
    if (b.k === undefined && kMin > kMax) throw invalid('body.kMin', `kMin (${kMin}) is larger than kMax (${kMax})`);
    const numeric = new Set<string>(numericFeatures.map((s) => s.name));
    b.features?.forEach((f, i) => {
      if (!numeric.has(f)) throw invalid(`body.features.${i}`, `"${f}" is not a numeric learner feature; see GET /v1/profiles/features`);
    });
    const asOf = await asOfOf(request.projectId, b.asOf, 'body.asOf');
    const method = b.method ?? 'all';
    try {
      const runs = await computeSegments(db, request.projectId, {
        methods: method === 'all' ? segmentMethods : [method], asOf, windowDays: b.windowDays, k: b.k, kMin, kMax,
        features: b.features as FeatureName[] | undefined, seed: b.seed,
      });
      return { segmentations: runs.map((r) => segmentationJson(r, false)) };
    } catch (err) {
      // Too few learners for the segments asked: the request, not the server, is at fault.
      if (err instanceof RangeError) throw invalid(b.k !== undefined ? 'body.k' : 'body.kMin', err.message);
      throw err;
    }
  });

  app.get('/v1/segments/:method/:id/learners', {
    schema: {
      tags: ['profiles'], summary: 'Learners in a segment of the latest run (ordered by id, paged with `after`)',
      params: Type.Object({ method: literals(segmentMethods), id: Type.Integer({ minimum: 1 }) }),
      querystring: Type.Object({ after: Type.Optional(Type.String()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) }),
    },
  }, async (request) => {
    const { method, id } = request.params;
    const run = await latestSegmentRun(db, request.projectId, method);
    if (!run?.segments.some((s) => s.id === id)) throw notFound(`segment ${id} of the latest ${method} run`, 'params.id');
    const limit = request.query.limit ?? 100;
    const learners = await segmentLearners(db, request.projectId, method, id, { after: request.query.after, limit });
    return { method, segmentId: id, runId: run.runId, learners, next: learners.length === limit ? learners[learners.length - 1]! : null };
  });

  app.get('/v1/rules', {
    schema: {
      tags: ['profiles'], summary: 'Association rules: learners who bought (or finished) X also bought (finished) Y',
      querystring: Type.Object({
        item: Type.Optional(Type.String({ minLength: 1, description: 'only rules whose antecedent contains this item' })),
        basis: Type.Optional(literals(ruleBases, { default: 'purchases' })),
        minSupport: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.005, description: 'share of learners with a basket' })),
        minConfidence: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 0.1 })),
        minLift: Type.Optional(Type.Number({ minimum: 0 })),
        maxLength: Type.Optional(Type.Integer({ minimum: 2, maximum: 5, default: 3 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 20 })),
        asOf: AsOf,
      }),
    },
  }, async (request) => {
    const q = request.query;
    const asOf = q.asOf === undefined ? undefined : await asOfOf(request.projectId, q.asOf, 'querystring.asOf');
    const answer = await learnerRules(db, request.projectId, {
      basis: q.basis ?? 'purchases', minSupport: q.minSupport ?? 0.005, minConfidence: q.minConfidence ?? 0.1, minLift: q.minLift,
      maxLength: q.maxLength ?? 3, item: q.item, limit: q.limit ?? 20, asOf,
    });
    if (!answer) throw notFound(`item "${q.item}"`, 'querystring.item');
    return { item: q.item ?? null, ...answer };
  });
};
