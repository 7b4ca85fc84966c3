/**
 * What the nudges achieved, per campaign: how many were delivered, sent and opened, and whether the
 * learner was active again within the horizon — beside the holdout (learners selected the same way
 * but never nudged), whose return rate is what would have happened anyway.
 *
 * "Active again" uses the activity definition of the metrics (docs/ANALYTICS.md): any track, page or
 * screen call except the passive `Notification Sent` / `Recommendation Shown`, in
 * [asOf, asOf + horizonDays) — the window starts when the risk was scored, the same instant for the
 * nudged and the held-out, so the comparison is fair. A nudge whose window has not closed by the
 * latest event and whose learner has not come back yet is `waiting`, counted on neither side.
 *
 * @example
 *   const report = await nudgeOutcomes(db, 'default');
 *   report.campaigns[0];  // { campaign: 'win-back', sent: 120, opened: 41, openRate: 0.342, activeRate: 0.58, holdout: {...}, uplift: 0.07 }
 */
import { sql, type Kysely } from 'kysely';
import { activeCallTypes, passiveEvents } from '../analytics/rollup-fold.js';
import type { Database } from '../store/schema.js';
import { dayMs } from './labels.js';

/** Return counts of one group of nudges. */
export interface ReturnCounts {
  nudges: number;
  activeAgain: number;
  inactive: number;
  waiting: number;
  /** activeAgain ÷ (activeAgain + inactive); null before any window closed. */
  activeRate: number | null;
}

export interface CampaignOutcome extends ReturnCounts {
  campaign: string;
  pending: number;
  delivered: number;
  failed: number;
  /** Nudges the platform reported sending (`Notification Sent` with the nudge id). */
  sent: number;
  opened: number;
  /** opened ÷ sent; null before anything was sent. */
  openRate: number | null;
  holdout: ReturnCounts;
  /** activeRate − holdout.activeRate: the return rate the nudges added; null without both. */
  uplift: number | null;
}

export interface OutcomesReport {
  /** The latest event time: windows ending after it are still open. */
  asOf: string | null;
  campaigns: CampaignOutcome[];
}

/** One nudge's facts, as the outcome query reads them. */
export interface NudgeFact {
  campaign: string;
  status: string;
  sent: boolean;
  opened: boolean;
  active: boolean;
  /** Epoch ms the return window closes. */
  windowEnd: number;
}

export async function nudgeOutcomes(db: Kysely<Database>, projectId: string, campaign?: string): Promise<OutcomesReport> {
  const last = await db.selectFrom('events').select((eb) => eb.fn.max('timestamp').as('t')).where('project_id', '=', projectId).executeTakeFirst();
  const latest = last?.t === null || last?.t === undefined ? null : Number(last.t);
  let q = db.selectFrom('nudges as n')
    .select((eb) => [
      'n.campaign', 'n.status', 'n.sent_at', 'n.opened_at', 'n.as_of', 'n.horizon_days',
      eb.exists(
        eb.selectFrom('events as e').select('e.seq')
          .where('e.project_id', '=', projectId).whereRef('e.user_id', '=', 'n.user_id')
          .whereRef('e.timestamp', '>=', 'n.as_of')
          .where('e.timestamp', '<', sql<number>`n.as_of + n.horizon_days * ${dayMs}`)
          .where('e.type', 'in', activeCallTypes)
          .where((w) => w.or([w('e.event', 'is', null), w('e.event', 'not in', passiveEvents)])),
      ).as('active'),
    ])
    .where('n.project_id', '=', projectId);
  if (campaign !== undefined) q = q.where('n.campaign', '=', campaign);
  const rows = await q.execute();
  const facts: NudgeFact[] = rows.map((r) => ({
    campaign: r.campaign, status: r.status, sent: r.sent_at !== null || r.opened_at !== null, opened: r.opened_at !== null,
    active: Boolean(r.active), windowEnd: Number(r.as_of) + r.horizon_days * dayMs,
  }));
  return { asOf: latest === null ? null : new Date(latest).toISOString(), campaigns: summariseOutcomes(facts, latest) };
}

/** Per-campaign counts from nudge facts (pure, so the arithmetic is tested without a database). */
export function summariseOutcomes(facts: readonly NudgeFact[], latestEventMs: number | null): CampaignOutcome[] {
  const byCampaign = new Map<string, CampaignOutcome>();
  for (const f of facts) {
    let c = byCampaign.get(f.campaign);
    if (!c) {
      c = { campaign: f.campaign, ...emptyCounts(), pending: 0, delivered: 0, failed: 0, sent: 0, opened: 0, openRate: null, holdout: emptyCounts(), uplift: null };
      byCampaign.set(f.campaign, c);
    }
    const group = f.status === 'holdout' ? c.holdout : c;
    group.nudges++;
    if (f.active) group.activeAgain++;
    else if (latestEventMs === null || f.windowEnd > latestEventMs) group.waiting++;
    else group.inactive++;
    if (f.status === 'holdout') continue;
    if (f.status === 'pending') c.pending++;
    if (f.status === 'failed') c.failed++;
    if (f.status !== 'pending' && f.status !== 'failed') c.delivered++;
    if (f.sent) c.sent++;
    if (f.opened) c.opened++;
  }
  const out = [...byCampaign.values()].sort((a, b) => (a.campaign < b.campaign ? -1 : a.campaign > b.campaign ? 1 : 0));
  for (const c of out) {
    c.activeRate = rate(c.activeAgain, c.activeAgain + c.inactive);
    c.holdout.activeRate = rate(c.holdout.activeAgain, c.holdout.activeAgain + c.holdout.inactive);
    c.openRate = rate(c.opened, c.sent);
    c.uplift = c.activeRate !== null && c.holdout.activeRate !== null ? round(c.activeRate - c.holdout.activeRate) : null;
  }
  return out;
}

function emptyCounts(): ReturnCounts {
  return { nudges: 0, activeAgain: 0, inactive: 0, waiting: 0, activeRate: null };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

function rate(k: number, n: number): number | null {
  return n === 0 ? null : round(k / n);
}
