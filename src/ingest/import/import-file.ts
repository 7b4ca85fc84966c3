/**
 * Bulk import of events or catalog items from a JSONL/CSV file, streaming in constant memory.
 * Events go through the same ingest service as the HTTP API, so every cleaning rule applies.
 *
 * @example
 *   const summary = await importFile(ingest, store, 'default', 'events.jsonl', { kind: 'auto' });
 *   // { kind: 'events', read: 1000, accepted: 990, duplicates: 3, rejected: 10, ... }
 */
import { createWriteStream, statSync, type WriteStream } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { ItemInputSchema, type ItemInput } from '../../catalog/item.js';
import { upsertItems } from '../../catalog/items.store.js';
import { itemTypes } from '../../catalog/items.table.js';
import type { Store } from '../../store/store.js';
import type { IngestService } from '../ingest.js';
import { formatOf, readRecords, type ReadPosition } from './records.js';

export type ImportKind = 'events' | 'catalog';

export interface ImportOptions {
  kind?: ImportKind | 'auto';
  /** Where rejected records go (JSONL: line, field, message, record); default `<file>.rejects.jsonl`. */
  rejectsPath?: string;
  /** Records per write (one transaction each). */
  batchSize?: number;
  /**
   * What to do with the event log's secondary indexes during an events import: `rebuild` drops
   * them and builds them again at the end (several times faster for a big file, but queries of a
   * server reading the same store meanwhile go without them), `keep` maintains them row by row,
   * `auto` (default) rebuilds when the file is at least as large as what is already stored.
   */
  indexes?: IndexPolicy;
  onProgress?: (p: ImportProgress) => void;
}

export type IndexPolicy = 'auto' | 'keep' | 'rebuild';

export interface ImportProgress {
  kind: ImportKind;
  bytesRead: number;
  bytesTotal: number;
  read: number;
  accepted: number;
  rejected: number;
  /** `indexing` once every record is stored and the dropped indexes are being built again. */
  phase: 'reading' | 'indexing';
}

export interface ImportSummary {
  kind: ImportKind;
  file: string;
  read: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  rejectsFile: string | null;
  /** The most frequent rejection reasons. */
  reasons: { code: string; count: number }[];
  /** Whether the event log's secondary indexes were dropped and rebuilt around the load. */
  indexesRebuilt: boolean;
  seconds: number;
}

/** Bytes of a typical event in a JSONL or CSV file (a low guess): how `auto` sizes a file in events. */
const bytesPerEventEstimate = 400;

const isItemRecord = (v: unknown) =>
  typeof v === 'object' && v !== null && 'title' in v && (itemTypes as readonly unknown[]).includes((v as { type?: unknown }).type);

export async function importFile(ingest: IngestService, store: Store, projectId: string, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = performance.now();
  const format = formatOf(path);
  const requested = options.kind && options.kind !== 'auto' ? options.kind : null;
  const kind = requested ?? await firstRecordKind(path, format);
  const rebuild = kind === 'events' && await shouldRebuildIndexes(store, options.indexes ?? 'auto', statSync(path).size);
  const load = () => importRecords(ingest, store, projectId, path, kind, options);
  const loaded = !rebuild ? await load() : await store.withoutSecondaryIndexes('events', async () => {
    const done = await load();
    options.onProgress?.({ ...done.progress, phase: 'indexing' });
    return done;
  });
  return { ...loaded.summary, indexesRebuilt: rebuild, seconds: (performance.now() - started) / 1000 };
}

/** The kind of the file's first readable record (an item of the catalog, or else an event). */
async function firstRecordKind(path: string, format: ReturnType<typeof formatOf>): Promise<ImportKind> {
  for await (const rec of readRecords(path, format)) {
    if (rec.error === undefined) return isItemRecord(rec.value) ? 'catalog' : 'events';
  }
  return 'events';
}

async function shouldRebuildIndexes(store: Store, policy: IndexPolicy, fileBytes: number): Promise<boolean> {
  if (policy !== 'auto') return policy === 'rebuild';
  // The highest seq counts every event ever stored, read from the primary key alone (no scan).
  const row = await store.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('last')).executeTakeFirst();
  return fileBytes / bytesPerEventEstimate >= Number(row?.last ?? 0);
}

type LoadedRecords = { summary: Omit<ImportSummary, 'indexesRebuilt' | 'seconds'>; progress: ImportProgress };

async function importRecords(ingest: IngestService, store: Store, projectId: string, path: string, kind: ImportKind,
  options: ImportOptions): Promise<LoadedRecords> {
  const format = formatOf(path);
  const bytesTotal = statSync(path).size;
  const batchSize = options.batchSize ?? (kind === 'events' ? 20_000 : 5000);
  const position: ReadPosition = { bytes: 0 };
  const rejectsPath = options.rejectsPath ?? `${path}.rejects.jsonl`;
  let rejects: WriteStream | null = null;
  const reasons = new Map<string, number>();
  let read = 0, accepted = 0, duplicates = 0, rejected = 0;

  const reject = (line: number, code: string, message: string, field: string | undefined, record: unknown) => {
    rejected++;
    reasons.set(code, (reasons.get(code) ?? 0) + 1);
    rejects ??= createWriteStream(rejectsPath);
    rejects.write(JSON.stringify({ line, code, field, message, record }) + '\n');
  };

  let batch: { line: number; value: unknown }[] = [];
  let longestChars = 0;
  const progress = (): ImportProgress => ({ kind, bytesRead: position.bytes, bytesTotal, read, accepted, rejected, phase: 'reading' });
  const flush = async () => {
    if (batch.length === 0) return;
    if (kind === 'catalog') {
      const items: ItemInput[] = [];
      for (const r of batch) {
        const item = toItem(r.value);
        const problem = itemProblem(item);
        if (problem) reject(r.line, 'invalid_item', problem.message, problem.field, r.value);
        else items.push(item as ItemInput);
      }
      await upsertItems(store.db, projectId, items);
      accepted += items.length;
    } else {
      // UTF-8 takes at most 3 bytes per UTF-16 unit, so short lines need no size check.
      const result = await ingest.ingest(projectId, batch.map((r) => r.value),
        { receivedAt: Date.now(), trustReceivedAt: true, sizesAtMost: longestChars * 3 }, 'record');
      accepted += result.accepted;
      duplicates += result.duplicates;
      for (const p of result.rejected) reject(batch[p.index]!.line, p.code, p.message.replace(/^record\[\d+\]/, `line ${batch[p.index]!.line}`), p.field.replace(/^record\[\d+\]\.?/, ''), batch[p.index]!.value);
    }
    batch = [];
    longestChars = 0;
    options.onProgress?.(progress());
  };

  for await (const rec of readRecords(path, format, position)) {
    read++;
    if (rec.error !== undefined) {
      reject(rec.line, 'unreadable', rec.error, undefined, null);
      continue;
    }
    batch.push({ line: rec.line, value: rec.value });
    if (rec.chars > longestChars) longestChars = rec.chars;
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  if (rejects) await new Promise<void>((r) => (rejects as WriteStream).end(r));
  return {
    summary: {
      kind, file: path, read, accepted, duplicates, rejected,
      rejectsFile: rejected > 0 ? rejectsPath : null,
      reasons: [...reasons].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count).slice(0, 5),
    },
    progress: progress(),
  };
}

/** CSV cells arrive as text: turn the numeric, boolean and list fields into their types. */
function toItem(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const r = { ...(v as Record<string, unknown>) };
  for (const k of ['price', 'durationS', 'position']) if (typeof r[k] === 'string') r[k] = Number(r[k]);
  if (typeof r.hidden === 'string') r.hidden = r.hidden === 'true' || r.hidden === '1';
  if (typeof r.tags === 'string') r.tags = r.tags.split(/[|;]/).map((t) => t.trim()).filter(Boolean);
  return r;
}

function itemProblem(item: unknown): { field: string; message: string } | null {
  if (Value.Check(ItemInputSchema, item)) {
    const it = item as ItemInput;
    return it.type === 'lesson' && !it.parentId ? { field: 'parentId', message: 'a lesson needs parentId (its course)' } : null;
  }
  const first = Value.Errors(ItemInputSchema, item).First();
  const field = first?.path.replace(/^\//, '').replace(/\//g, '.') || 'record';
  return { field, message: `${field}: ${first?.message ?? 'invalid item'}` };
}
