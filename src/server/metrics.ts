/** Prometheus metrics for one app instance (its own registry, so tests can run several apps). */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { IngestCounters } from '../ingest/ingest.js';

export class AppMetrics implements IngestCounters {
  readonly registry = new Registry();
  readonly eventsStored = new Counter({ name: 'learnloop_events_ingested_total', help: 'Events durably stored', registers: [this.registry] });
  readonly eventsDuplicate = new Counter({ name: 'learnloop_events_duplicate_total', help: 'Messages skipped because their messageId was already stored', registers: [this.registry] });
  readonly eventsRejected = new Counter({ name: 'learnloop_events_rejected_total', help: 'Messages rejected by validation', labelNames: ['code'] as const, registers: [this.registry] });
  readonly httpDuration = new Histogram({
    name: 'learnloop_http_request_duration_seconds', help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'learnloop_' });
  }

  onStored(count: number): void {
    this.eventsStored.inc(count);
  }

  onDuplicates(count: number): void {
    this.eventsDuplicate.inc(count);
  }

  onRejected(problem: { code: string }): void {
    this.eventsRejected.inc({ code: problem.code });
  }
}
