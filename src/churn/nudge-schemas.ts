/**
 * TypeBox schemas of the at-risk and nudge API: the one source of the request validation, the
 * response shapes and the OpenAPI document.
 */
import { Type } from '@sinclair/typebox';
import { nudgeStatuses } from './nudges.store.js';

const literals = <T extends string>(values: readonly T[], options: object = {}) => Type.Union(values.map((v) => Type.Literal(v)), options);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Text = Type.Object({ zh: Type.String(), en: Type.String() });

export const AsOf = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+(Z|[+-]\\d{2}:?\\d{2})?)?$',
  description: 'YYYY-MM-DD or an ISO 8601 date-time; default the time of the latest event',
});
export const HorizonDays = Type.Integer({ minimum: 1, maximum: 90, description: 'days without activity that count as churned (default 14)' });
export const SegmentParam = Type.String({ minLength: 3, maxLength: 100, description: 'a segment of the latest run: kmeans:3, rfm:2, rfm:at_risk (see GET /v1/segments)' });
export const ActiveWithinDays = Type.Integer({
  minimum: 1, maximum: 28, description: 'only learners active within this many days (still slipping away, not already gone)',
});
export const OpenedPushWithinDays = Type.Integer({
  minimum: 1, maximum: 365, description: 'only learners who opened a push within this many days (reachable by push)',
});
export const Campaign = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$', description: 'campaign name (letters, digits, _ . : -)' });

export const Reason = Type.Object({
  feature: Type.String(), value: Type.Optional(Type.Unknown()), contribution: Type.Number(), text: Text,
}, { additionalProperties: true });

export const Action = Type.Object({
  kind: literals(['continue', 'recommendation', 'comeback'] as const),
  itemId: Nullable(Type.String()), title: Nullable(Type.String()), courseId: Nullable(Type.String()), text: Text,
});

export const AtRiskResponse = Type.Object({
  asOf: Type.String(), horizonDays: Type.Integer(), model: Type.String(),
  segment: Nullable(Type.Object({
    method: Type.String(), segmentId: Type.Integer(), key: Type.String(), name: Text, learners: Type.Integer(),
  })),
  scored: Type.Integer(),
  learners: Type.Array(Type.Object({
    rank: Type.Integer(), userId: Type.String(), probability: Type.Number(), reasons: Type.Array(Reason), action: Action,
  })),
});

export const NudgeStatusParam = literals(nudgeStatuses);

export const NudgeSchema = Type.Object({
  id: Type.String(), userId: Type.String(), itemId: Nullable(Type.String()),
  action: Nullable(literals(['continue', 'recommendation'] as const)), campaign: Type.String(), reason: Nullable(Type.String()),
  message: Text, probability: Nullable(Type.Number()), asOf: Type.String(), horizonDays: Type.Integer(), createdAt: Type.String(),
  status: NudgeStatusParam, deliveredAt: Nullable(Type.String()), sentAt: Nullable(Type.String()), openedAt: Nullable(Type.String()),
  attempts: Type.Integer(), lastError: Nullable(Type.String()),
});

export const QueueBody = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'learners to select from the top of the ranking (nudged + held out)' })),
  userIds: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 1000, description: 'nudge exactly these learners instead' })),
  asOf: Type.Optional(AsOf),
  segment: Type.Optional(SegmentParam),
  campaign: Type.Optional(Campaign),
  horizonDays: Type.Optional(HorizonDays),
  cooldownDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 90, default: 7, description: 'skip learners nudged within this many days' })),
  holdoutShare: Type.Optional(Type.Number({ minimum: 0, maximum: 0.5, default: 0, description: 'share kept as a never-nudged control' })),
  activeWithinDays: Type.Optional(ActiveWithinDays),
  openedPushWithinDays: Type.Optional(OpenedPushWithinDays),
}, { additionalProperties: false });

export const QueueResponse = Type.Object({
  campaign: Type.String(), asOf: Type.String(), horizonDays: Type.Integer(),
  queued: Type.Array(NudgeSchema), heldOut: Type.Array(NudgeSchema), coolingDown: Type.Array(Type.String()),
});

export const ListQuery = Type.Object({
  status: Type.Optional(NudgeStatusParam),
  campaign: Type.Optional(Campaign),
  userId: Type.Optional(Type.String({ minLength: 1 })),
  after: Type.Optional(Type.String({ minLength: 1, description: 'the previous page\'s `next`' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

export const ListResponse = Type.Object({ nudges: Type.Array(NudgeSchema), next: Nullable(Type.String()) });

const Counts = {
  nudges: Type.Integer(), activeAgain: Type.Integer(), inactive: Type.Integer(), waiting: Type.Integer(), activeRate: Nullable(Type.Number()),
};

export const OutcomesResponse = Type.Object({
  asOf: Nullable(Type.String()),
  campaigns: Type.Array(Type.Object({
    campaign: Type.String(), ...Counts,
    pending: Type.Integer(), delivered: Type.Integer(), failed: Type.Integer(), sent: Type.Integer(), opened: Type.Integer(),
    openRate: Nullable(Type.Number()), holdout: Type.Object(Counts), uplift: Nullable(Type.Number()),
  })),
});
