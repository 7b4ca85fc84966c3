/**
 * Webhook delivery of the nudge outbox, for platforms that would rather be called than poll.
 * Pending nudges go out in batches as a signed POST: the body is JSON, and
 * `X-Learnloop-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes, keyed with the project's
 * secret key>` lets the receiver check it came from Learnloop. Any 2xx marks the batch delivered;
 * anything else (or no answer within the timeout) is retried with exponential backoff, and after
 * `maxAttempts` the nudges are marked `failed` (still listed by `GET /v1/nudges?status=failed`).
 * Delivery is at least once: a receiver de-duplicates by nudge id.
 *
 * @example
 *   const hook = { url: 'https://platform.example/hooks/learnloop', secret: keys.secretKey };
 *   scheduler.every('nudge-webhook', 10_000, () => deliverDueNudges(db, 'default', hook));
 *   // receiver: signNudgeBody(rawBody, secret) === request.headers['x-learnloop-signature']
 */
import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { dueForWebhook, recordWebhookAttempt, toNudge } from './nudges.store.js';

export interface NudgeWebhookConfig {
  url: string;
  /** The key of the HMAC signature: the project's secret key. */
  secret: string;
  /** Nudges per POST. Default 100. */
  batchSize?: number;
  /** Attempts before a nudge is marked failed. Default 8 (about two hours of retrying with the defaults). */
  maxAttempts?: number;
  /** Wait after the first failure; doubles with each further one, up to `maxDelayMs`. Default 30 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long to wait for an answer. Default 10 s. */
  timeoutMs?: number;
}

export interface WebhookRunResult {
  delivered: number;
  retrying: number;
  failed: number;
  requests: number;
}

export const signatureHeader = 'x-learnloop-signature';

/** `sha256=` and the hex HMAC-SHA256 of the body bytes: what the receiver recomputes and compares. */
export function signNudgeBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Delay before attempt `attempt + 1`, after `attempt` failures (1-based). */
export function retryDelayMs(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
}

/**
 * Sends every due pending nudge, batch by batch, and stops at the first failed batch (the receiver
 * is down or refusing: hammering it with the rest would not help). Answers what happened.
 */
export async function deliverDueNudges(
  db: Kysely<Database>, projectId: string, config: NudgeWebhookConfig, now: () => number = Date.now,
): Promise<WebhookRunResult> {
  const batchSize = config.batchSize ?? 100;
  const maxAttempts = config.maxAttempts ?? 8;
  const result: WebhookRunResult = { delivered: 0, retrying: 0, failed: 0, requests: 0 };
  for (;;) {
    const rows = await dueForWebhook(db, projectId, now(), batchSize);
    if (rows.length === 0) return result;
    const body = JSON.stringify({ type: 'nudges', projectId, sentAt: new Date(now()).toISOString(), nudges: rows.map(toNudge) });
    result.requests++;
    const error = await post(config, body);
    const ids = rows.map((r) => r.nudge_id);
    if (error === null) {
      await recordWebhookAttempt(db, projectId, ids, now(), { ok: true });
      result.delivered += ids.length;
      continue;
    }
    // Nudges of one batch were queued together and fail together, but each keeps its own count.
    const giveUp = rows.filter((r) => r.attempts + 1 >= maxAttempts).map((r) => r.nudge_id);
    const retry = rows.filter((r) => r.attempts + 1 < maxAttempts);
    await recordWebhookAttempt(db, projectId, giveUp, now(), { ok: false, error, retryAt: null });
    for (const r of retry) {
      const retryAt = now() + retryDelayMs(r.attempts + 1, config.baseDelayMs ?? 30_000, config.maxDelayMs ?? 3_600_000);
      await recordWebhookAttempt(db, projectId, [r.nudge_id], now(), { ok: false, error, retryAt });
    }
    result.failed += giveUp.length;
    result.retrying += retry.length;
    return result;
  }
}

/** POSTs the body; answers null on a 2xx, else what went wrong. */
async function post(config: NudgeWebhookConfig, body: string): Promise<string | null> {
  try {
    const response = await fetch(config.url, {
      method: 'POST', body, signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
      headers: { 'content-type': 'application/json', [signatureHeader]: signNudgeBody(body, config.secret), 'user-agent': 'learnloop-nudges/1' },
    });
    // Drain the body so the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
    return response.ok ? null : `HTTP ${response.status} from the webhook`;
  } catch (err) {
    return `webhook request failed: ${(err as Error).message}`;
  }
}
