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
  /** Records per write. */
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  kind: ImportKind;
  bytesRead: number;
  bytesTotal: number;
  read: number;
  accepted: number;
  rejected: number;
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
  seconds: number;
}

const isItemRecord = (v: unknown) =>
  typeof v === 'object' && v !== null && 'title' in v && (itemTypes as readonly unknown[]).includes((v as { type?: unknown }).type);

export async function importFile(ingest: IngestService, store: Store, projectId: string, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = performance.now();
  const format = formatOf(path);
  const bytesTotal = statSync(path).size;
  const batchSize = options.batchSize ?? 5000;
  const position: ReadPosition = { bytes: 0 };
  const rejectsPath = options.rejectsPath ?? `${path}.rejects.jsonl`;
  let rejects: WriteStream | null = null;
  const reasons = new Map<string, number>();
  let kind: ImportKind | null = options.kind && options.kind !== 'auto' ? options.kind : null;
  let read = 0, accepted = 0, duplicates = 0, rejected = 0;

  const reject = (line: number, code: string, message: string, field: string | undefined, record: unknown) => {
    rejected++;
    reasons.set(code, (reasons.get(code) ?? 0) + 1);
    rejects ??= createWriteStream(rejectsPath);
    rejects.write(JSON.stringify({ line, code, field, message, record }) + '\n');
  };

  let batch: { line: number; value: unknown }[] = [];
  let longestChars = 0;
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
    options.onProgress?.({ kind: kind!, bytesRead: position.bytes, bytesTotal, read, accepted, rejected });
  };

  for await (const rec of readRecords(path, format, position)) {
    read++;
    if (rec.error !== undefined) {
      reject(rec.line, 'unreadable', rec.error, undefined, null);
      continue;
    }
    kind ??= isItemRecord(rec.value) ? 'catalog' : 'events';
    batch.push({ line: rec.line, value: rec.value });
    if (rec.chars > longestChars) longestChars = rec.chars;
    if (batch.length >= batchSize) await flush();
  }
  kind ??= 'events';
  await flush();
  if (rejects) await new Promise<void>((r) => (rejects as WriteStream).end(r));
  return {
    kind, file: path, read, accepted, duplicates, rejected,
    rejectsFile: rejected > 0 ? rejectsPath : null,
    reasons: [...reasons].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count).slice(0, 5),
    seconds: (performance.now() - started) / 1000,
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
