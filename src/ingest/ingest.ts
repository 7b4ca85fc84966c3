/**
 * The ingest service: validates a list of Segment messages, stores the valid ones durably and
 * reports exactly what happened to each. Used by the HTTP tracking API, `learnloop import` and
 * the demo platform alike, so every path applies the same cleaning rules.
 *
 * @example
 *   const result = await ingest.ingest('default', [{ type: 'track', userId: 'u1', event: 'Signed In' }],
 *     { receivedAt: Date.now() });
 *   // { accepted: 1, duplicates: 0, rejected: [] }
 */
import type { EventLog } from './event-writer.js';
import { normalizeMessage, type BatchDefaults, type MessageProblem, type NormalizedEvent } from './message.js';

export interface RejectedMessage extends MessageProblem {
  index: number;
}

export interface IngestResult {
  /** Valid messages: newly stored plus duplicates of already stored ones. */
  accepted: number;
  /** Accepted messages whose messageId was already stored (nothing written twice). */
  duplicates: number;
  rejected: RejectedMessage[];
}

export interface IngestCounters {
  onStored(count: number): void;
  onDuplicates(count: number): void;
  onRejected(problem: MessageProblem): void;
}

export class IngestService {
  constructor(
    readonly writer: EventLog,
    readonly counters?: IngestCounters,
  ) {}

  /** `pathPrefix` names messages in errors: `batch` → `batch[3].userId`. */
  async ingest(projectId: string, messages: readonly unknown[], defaults: BatchDefaults, pathPrefix = 'batch'): Promise<IngestResult> {
    const valid: NormalizedEvent[] = [];
    const rejected: RejectedMessage[] = [];
    messages.forEach((m, index) => {
      const r = normalizeMessage(m, pathPrefix ? `${pathPrefix}[${index}]` : 'body', defaults);
      if (r.ok) valid.push(r.event);
      else {
        rejected.push({ index, ...r.problem });
        this.counters?.onRejected(r.problem);
      }
    });
    const written = await this.writer.write(projectId, valid);
    this.counters?.onStored(written.inserted);
    this.counters?.onDuplicates(written.duplicates);
    return { accepted: valid.length, duplicates: written.duplicates, rejected };
  }
}
