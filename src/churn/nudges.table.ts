/**
 * The nudge outbox as stored: one row per nudge queued for an at-risk learner, or held out as a
 * control. `nudges.store.ts` maps rows to the camelCase `Nudge` the API answers.
 */
import type { Insertable, Selectable } from 'kysely';

export interface NudgesTable {
  nudge_id: string;
  project_id: string;
  user_id: string;
  /** What the nudge points at (a lesson to continue or a recommended item); null = a generic "come back". */
  item_id: string | null;
  /** `continue` (next lesson of a course in progress) or `recommendation`; null with no item. */
  action: string | null;
  campaign: string;
  /** The learner's top churn reason (a feature name) when the nudge was queued. */
  reason: string | null;
  /** JSON text `{ "zh": …, "en": … }`: the text to send. */
  message: string;
  /** Churn probability when queued. */
  probability: number | null;
  /** The instant the risk was scored as of, epoch ms. */
  as_of: number;
  /** Days after sending within which a return counts as a win (the churn label's horizon). */
  horizon_days: number;
  created_at: number;
  /** `pending` → `delivered` → `sent` → `opened`; `failed` (webhook gave up); `holdout` (a control, never sent). */
  status: string;
  delivered_at: number | null;
  /** Event time of the platform's `Notification Sent` with this nudge id. */
  sent_at: number | null;
  opened_at: number | null;
  /** Webhook delivery attempts so far. */
  attempts: number;
  /** When the webhook job tries again, epoch ms; null once delivered or given up. */
  next_attempt_at: number | null;
  last_error: string | null;
}

export interface NudgeCursorTable {
  project_id: string;
  /** Highest event seq already read for `Notification Sent` / `Notification Opened`. */
  watermark_seq: number;
}

export type NudgeRow = Selectable<NudgesTable>;
export type NewNudgeRow = Insertable<NudgesTable>;
