/**
 * Loads the simulated knowledge platform into a store through the same ingest path as the
 * tracking API, pushes its catalog, derives sessions and progress, and writes the hidden truth
 * beside the database so later checks can compare models with what really happened.
 */
import { writeFileSync } from 'node:fs';
import { upsertItems } from '../catalog/items.store.js';
import { deriveInOnePass, deriveLearners, saveDerived, type DerivedLearners } from '../ingest/derive/derive.js';
import type { IngestService } from '../ingest/ingest.js';
import { maxMessageBytes } from '../ingest/message.js';
import { simulatePlatform, type SimulationSummary } from '../simulate/simulate.js';
import { truthToJson } from '../simulate/truth.js';
import type { Store } from '../store/store.js';
import { fmt, ProgressLine } from './progress.js';

export interface DemoOptions {
  users: number;
  days: number;
  seed: number;
  /** Where the hidden truth goes (JSON); omitted = not written. */
  truthPath?: string;
}

export interface DemoResult {
  summary: SimulationSummary;
  accepted: number;
  duplicates: number;
  rejected: number;
  seconds: number;
}

export async function loadDemoPlatform(store: Store, ingest: IngestService, projectId: string, o: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const progress = new ProgressLine(`demo platform (${fmt(o.users)} learners, ${o.days} days, seed ${o.seed})`);
  let accepted = 0, duplicates = 0, rejected = 0;
  let derived: DerivedLearners | null = null;
  const load = () => simulatePlatform({
    users: o.users, days: o.days, seed: o.seed,
    // Large batches: one commit (one fsync) per 5,000 events.
    batchSize: 5000,
    onDay: (day, days, sent) => progress.update((day + 1) / days, `day ${day + 1}/${days}, ${fmt(sent)} events`),
  }, async (batch) => {
    // Simulated messages are a few hundred bytes each, far below the 32 KB limit.
    const r = await ingest.ingest(projectId, batch, { receivedAt: Date.now(), trustReceivedAt: true, sizesAtMost: maxMessageBytes });
    accepted += r.accepted;
    duplicates += r.duplicates;
    rejected += r.rejected.length;
  });
  const result = await store.withoutSecondaryIndexes('events', async () => {
    const simulated = await load();
    await upsertItems(store.db, projectId, simulated.catalog);
    progress.update(1, 'building indexes and deriving sessions and progress');
    return simulated;
  }, async () => {
    // Deriving reads the log in arrival order, so it needs none of the indexes being rebuilt.
    derived = await deriveInOnePass(store.db, projectId);
  });
  progress.update(1, 'indexed; saving sessions and progress');
  if (derived) await saveDerived(store.db, projectId, derived);
  else await deriveLearners(store.db, projectId);
  progress.done(`${fmt(accepted)} events`);
  if (o.truthPath) writeFileSync(o.truthPath, truthToJson(result.truth));
  return { summary: result.summary, accepted, duplicates, rejected, seconds: (performance.now() - started) / 1000 };
}
