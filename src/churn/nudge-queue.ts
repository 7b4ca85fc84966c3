/**
 * Queueing nudges: take the top-risk learners (or the learners a platform names), skip those nudged
 * within the cool-down, attach the suggested action, and write them to the outbox — with an
 * optional holdout: a stable share of the selected learners recorded as controls and never sent, so
 * `GET /v1/nudges/outcomes` can say what the nudges added over doing nothing.
 *
 * @example
 *   const r = await queueNudges(deps, { limit: 50, campaign: 'win-back', holdoutShare: 0.1 });
 *   r.queued.length;   // ≈ 45, status pending
 *   r.heldOut.length;  // ≈ 5, status holdout
 */
import { createHash } from 'node:crypto';
import { parseAsOf } from '../profiles/as-of.js';
import { projectTimezone } from '../store/projects.store.js';
import { atRiskLearners, type AtRiskDeps, type AtRiskLearner } from './at-risk.js';
import { dayMs } from './labels.js';
import { insertNudges, recentlyNudged, type NewNudge, type Nudge } from './nudges.store.js';
import { suggestAction } from './suggested-action.js';

export const defaultCampaign = 'win-back';
export const defaultCooldownDays = 7;

export interface QueueRequest {
  /** How many learners to select (nudged + held out). Ignored with `userIds` unless smaller. */
  limit?: number;
  /** Nudge exactly these learners (scored when the model knows them) instead of the top of the ranking. */
  userIds?: readonly string[];
  asOf?: string;
  segment?: string;
  campaign?: string;
  horizonDays?: number;
  /** Skip learners with any nudge created within this many days. Default 7; 0 = no cool-down. */
  cooldownDays?: number;
  /** Share (0–0.5) of the selected learners kept as an untouched control. Default 0. */
  holdoutShare?: number;
  /** Only learners active within this many days before asOf (see `AtRiskQuery.activeWithinDays`). */
  activeWithinDays?: number;
  /** Only learners who opened a push within this many days before asOf (see `AtRiskQuery.openedPushWithinDays`). */
  openedPushWithinDays?: number;
}

export interface QueueResult {
  campaign: string;
  asOf: string;
  horizonDays: number;
  queued: Nudge[];
  heldOut: Nudge[];
  /** Named learners (`userIds`) left out because they were nudged within the cool-down. */
  coolingDown: string[];
}

/**
 * Which arm a learner falls in for a campaign: a hash, so the same learner lands on the same side
 * every time the campaign runs (a control stays a control).
 */
export function inHoldout(campaign: string, userId: string, share: number): boolean {
  if (share <= 0) return false;
  const h = createHash('sha256').update(`${campaign}\u0000${userId}`).digest();
  return h.readUInt32BE(0) / 2 ** 32 < share;
}

export async function queueNudges(deps: AtRiskDeps, r: QueueRequest, nowMs = Date.now()): Promise<QueueResult> {
  const campaign = r.campaign ?? defaultCampaign;
  const cooldownDays = r.cooldownDays ?? defaultCooldownDays;
  const holdoutShare = r.holdoutShare ?? 0;
  const candidates = r.userIds ? [...new Set(r.userIds)] : undefined;
  const cooling = cooldownDays > 0 && candidates
    ? await recentlyNudged(deps.db, deps.projectId, candidates, nowMs - cooldownDays * dayMs)
    : await coolingAmongAll(deps, nowMs - cooldownDays * dayMs, cooldownDays);
  const limit = Math.min(r.limit ?? candidates?.length ?? 100, candidates?.length ?? Infinity);
  const ranked = await atRiskLearners(deps, {
    limit, segment: r.segment, asOf: r.asOf, horizonDays: r.horizonDays, userIds: candidates, exclude: cooling, activeWithinDays: r.activeWithinDays,
    openedPushWithinDays: r.openedPushWithinDays,
  });
  const chosen: (Pick<AtRiskLearner, 'userId' | 'action'> & { probability: number | null; reason: string | null })[] =
    ranked.learners.map((l) => ({ userId: l.userId, action: l.action, probability: l.probability, reason: l.reasons[0]?.feature ?? null }));
  if (candidates) {
    // Named learners the model does not score (not active in its window) are still nudged, as asked.
    const scored = new Set(chosen.map((c) => c.userId));
    for (const userId of candidates) {
      if (chosen.length >= limit) break;
      if (scored.has(userId) || cooling.has(userId)) continue;
      chosen.push({ userId, action: await suggestAction(deps.actions, userId), probability: null, reason: null });
    }
  }
  // The scorer answers a local date (or an ISO instant): the start of that day in the project's zone.
  const asOfMs = parseAsOf(ranked.asOf, await projectTimezone(deps.db, deps.projectId)) ?? Date.parse(ranked.asOf);
  const horizonDays = r.horizonDays ?? ranked.horizonDays;
  const rows: NewNudge[] = chosen.map((c) => ({
    userId: c.userId, itemId: c.action.itemId, action: c.action.kind === 'comeback' ? null : c.action.kind, campaign,
    reason: c.reason, message: c.action.text, probability: c.probability, asOf: asOfMs, horizonDays,
    holdout: inHoldout(campaign, c.userId, holdoutShare),
  }));
  const nudges = await insertNudges(deps.db, deps.projectId, rows, nowMs);
  return {
    campaign, asOf: ranked.asOf, horizonDays,
    queued: nudges.filter((n) => n.status !== 'holdout'), heldOut: nudges.filter((n) => n.status === 'holdout'),
    coolingDown: candidates ? candidates.filter((u) => cooling.has(u)) : [],
  };
}

/** Every learner with a nudge inside the cool-down (the ranking skips them). */
async function coolingAmongAll(deps: AtRiskDeps, sinceMs: number, cooldownDays: number): Promise<Set<string>> {
  if (cooldownDays <= 0) return new Set();
  const rows = await deps.db.selectFrom('nudges').select('user_id').distinct()
    .where('project_id', '=', deps.projectId).where('created_at', '>=', sinceMs).execute();
  return new Set(rows.map((r) => r.user_id));
}
