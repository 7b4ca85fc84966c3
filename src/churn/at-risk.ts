/**
 * The learners most likely to leave, ranked, each with why (the churn model's reasons) and what to
 * do about it (a suggested action: the lesson to continue, or a recommendation). Optionally only
 * the learners of one segment. Scores come from the churn service; this module only ranks,
 * filters and attaches actions, so it works with any scorer of the same shape.
 *
 * @example
 *   const answer = await atRiskLearners({ db, projectId: 'default', scorer: churn, actions: recommendations }, { limit: 20, segment: 'rfm:at_risk' });
 *   answer.learners[0];  // { rank: 1, userId: 'u000042', probability: 0.91, reasons: [...], action: { kind: 'continue', ... } }
 */
import type { Kysely } from 'kysely';
import { parseAsOf } from '../profiles/as-of.js';
import { projectTimezone } from '../store/projects.store.js';
import type { Database } from '../store/schema.js';
import { activeLearners, dayMs } from './labels.js';
import { notificationOpenedEvent } from './nudge-events.js';
import { resolveSegment, segmentMembers, type SegmentRef } from '../profiles/segment-ref.js';
import { suggestAction, type ActionSource, type SuggestedAction } from './suggested-action.js';

/** One reason a learner is at risk, as the churn model words it. */
export interface RiskReason {
  feature: string;
  value?: unknown;
  contribution: number;
  text: { zh: string; en: string };
}

export interface RiskScores {
  asOf: string;
  horizonDays: number;
  model: string;
  /** Sorted by probability, highest first. */
  learners: { userId: string; probability: number; reasons: RiskReason[] }[];
}

export interface ScoreOptions {
  asOf?: string;
  horizonDays?: number;
  userIds?: readonly string[];
}

/** The slice of the churn service ranking needs. */
export interface RiskScorer {
  scores(options?: ScoreOptions): Promise<RiskScores>;
}

export interface AtRiskDeps {
  db: Kysely<Database>;
  projectId: string;
  scorer: RiskScorer;
  actions: ActionSource;
}

export interface AtRiskQuery {
  limit: number;
  /** `<method>:<id>`, e.g. `kmeans:3` or `rfm:at_risk`. */
  segment?: string;
  asOf?: string;
  horizonDays?: number;
  /** Only these learners (still ranked). */
  userIds?: readonly string[];
  /** Leave these learners out (e.g. nudged recently); they do not use up the limit. */
  exclude?: ReadonlySet<string>;
  /**
   * Only learners active within this many days before asOf: the ones still slipping away rather
   * than those already gone, whom no nudge reaches (the churn label counts both as churning).
   */
  activeWithinDays?: number;
  /**
   * Only learners who opened a push within this many days before asOf: a nudge to someone who has
   * turned pushes off (or never opens them) is never seen, and an unseen nudge only annoys.
   */
  openedPushWithinDays?: number;
}

export interface AtRiskLearner {
  rank: number;
  userId: string;
  probability: number;
  reasons: RiskReason[];
  action: SuggestedAction;
}

export interface AtRiskAnswer {
  asOf: string;
  horizonDays: number;
  model: string;
  segment: (SegmentRef & { learners: number }) | null;
  /** Learners scored (in the segment, when one is given), before the limit. */
  scored: number;
  learners: AtRiskLearner[];
}

export async function atRiskLearners(deps: AtRiskDeps, q: AtRiskQuery): Promise<AtRiskAnswer> {
  // Resolve the segment first: an unknown one is the caller's mistake and should not cost a scoring pass.
  const segment = q.segment === undefined ? null : await resolveSegment(deps.db, deps.projectId, q.segment);
  const members = segment ? await segmentMembers(deps.db, deps.projectId, segment) : null;
  const scores = await deps.scorer.scores({ asOf: q.asOf, horizonDays: q.horizonDays, userIds: q.userIds });
  const at = await instantOf(deps, scores.asOf);
  const recent = q.activeWithinDays === undefined ? null : await activeLearners(deps.db, deps.projectId, at - q.activeWithinDays * dayMs, at);
  const reachable = q.openedPushWithinDays === undefined ? null : await pushOpeners(deps, at - q.openedPushWithinDays * dayMs, at);
  const keep = (u: string) => (members === null || members.has(u)) && (recent === null || recent.has(u)) &&
    (reachable === null || reachable.has(u)) && !q.exclude?.has(u);
  const ranked = scores.learners.filter((l) => keep(l.userId))
    .sort((a, b) => b.probability - a.probability || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  const learners: AtRiskLearner[] = [];
  for (const l of ranked.slice(0, q.limit)) {
    learners.push({ rank: learners.length + 1, userId: l.userId, probability: l.probability, reasons: l.reasons, action: await suggestAction(deps.actions, l.userId) });
  }
  return {
    asOf: scores.asOf, horizonDays: scores.horizonDays, model: scores.model,
    segment: segment && members ? { ...segment, learners: members.size } : null, scored: ranked.length, learners,
  };
}

/** The scorer's asOf (a local date or an instant) as epoch ms. */
async function instantOf(deps: AtRiskDeps, asOf: string): Promise<number> {
  return parseAsOf(asOf, await projectTimezone(deps.db, deps.projectId)) ?? Date.parse(asOf);
}

/** Learners who opened a push in [from, to): the platform can still reach them on that channel. */
async function pushOpeners(deps: AtRiskDeps, from: number, to: number): Promise<Set<string>> {
  const rows = await deps.db.selectFrom('events').select('user_id').distinct()
    .where('project_id', '=', deps.projectId).where('event', '=', notificationOpenedEvent)
    .where('timestamp', '>=', from).where('timestamp', '<', to).execute();
  return new Set(rows.map((r) => r.user_id));
}
