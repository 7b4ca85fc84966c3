/**
 * Training off the server's event loop: a worker thread reads the store, fits and saves the model,
 * and hands back the generation's parts; this thread only rebuilds the generation from them. On
 * the server's own thread a retrain held the event loop for seconds at a time (reading every
 * event, ALS sweeps, tokenising the catalog, saving), so every answer waited behind it.
 *
 * A worker needs its own connection to the same database, so this applies to stores in a file;
 * an in-memory store (tests, throw-away demos) trains on the calling thread.
 *
 * @example
 *   const g = await trainOnWorker({ location: './data/learnloop.db', projectId: 'default', name: 'hybrid', params: {} });
 */
import { Worker } from 'node:worker_threads';
import type { CatalogItem } from '../../catalog/item.js';
import { yieldToEventLoop } from '../../jobs/yield.js';
import type { SavedModel } from '../recommender.js';
import { generationFromParts, type Generation, type GenerationParts, type TrainProgress } from './generation.js';

export interface TrainingJob {
  /** The store's file (the worker opens its own connection). */
  location: string;
  projectId: string;
  name: string;
  params: Record<string, unknown>;
}

export type TrainingReply =
  | { kind: 'progress'; done: number; total: number; message?: string }
  | { kind: 'done'; parts: WireParts }
  | { kind: 'error'; message: string; stack: string };

/**
 * Generation parts as they cross threads: typed arrays are transferred (no copy), and everything
 * made of many small strings (ids, vocabularies, catalog rows) travels as JSON encoded to bytes,
 * also transferred. A structured clone rebuilds every string — and every catalog object — on the
 * receiving thread in one piece: about a second for a 100,000-item catalog, all of it a stall of
 * the server. Bytes cross for free, and are decoded and parsed a chunk at a time, with the event
 * loop handed back between chunks.
 */
export interface WireParts {
  name: string;
  model: WireModel;
  content: WireModel | undefined;
  interactions: { nUsers: number; nItems: number; indptr: Int32Array; indices: Int32Array; values: Float32Array; times: Float64Array; userIds: Uint8Array; itemIds: Uint8Array };
  itemChunks: Uint8Array[];
  lastSeq: number;
  asOfMs: number;
  modelId: number;
  trainSeconds: number;
}

interface WireModel {
  name: string;
  formatVersion: number;
  arrays: SavedModel['arrays'];
  json: Uint8Array;
}

const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const decode = <T>(bytes: Uint8Array): T => JSON.parse(new TextDecoder().decode(bytes)) as T;

/** Catalog rows per JSON chunk: about 10 ms of parsing each. */
const itemsPerChunk = 1000;

/** Parts in wire form, and the buffers to transfer with them. */
export function packParts(p: GenerationParts): { wire: WireParts; transfer: ArrayBuffer[] } {
  // `meta.serving` (the id spaces, for reloading from the store) is what `interactions` carries already.
  const model = (m: SavedModel): WireModel => {
    const { serving: _serving, ...meta } = m.meta;
    return { name: m.name, formatVersion: m.formatVersion, arrays: m.arrays, json: encode({ params: m.params, meta }) };
  };
  const x = p.interactions;
  const itemChunks: Uint8Array[] = [];
  for (let i = 0; i < p.items.length; i += itemsPerChunk) itemChunks.push(encode(p.items.slice(i, i + itemsPerChunk)));
  const wire: WireParts = {
    name: p.name, model: model(p.model), content: p.content && model(p.content), itemChunks,
    interactions: { nUsers: x.nUsers, nItems: x.nItems, indptr: x.indptr, indices: x.indices, values: x.values, times: x.times, userIds: encode(x.userIds), itemIds: encode(x.itemIds) },
    lastSeq: p.lastSeq, asOfMs: p.asOfMs, modelId: p.modelId, trainSeconds: p.trainSeconds,
  };
  const models = [wire.model, wire.content].flatMap((m) => (m ? [...Object.values(m.arrays), m.json] : []));
  const bytes = [...models, ...itemChunks, wire.interactions.userIds, wire.interactions.itemIds, x.indptr, x.indices, x.values, x.times];
  const transfer = [...new Set(bytes.map((a) => a.buffer as ArrayBuffer))];
  return { wire, transfer };
}

/** The parts back from wire form, handing the event loop back between chunks. */
export async function unpackParts(w: WireParts): Promise<GenerationParts> {
  const model = (m: WireModel): SavedModel => ({ name: m.name, formatVersion: m.formatVersion, arrays: m.arrays, ...decode<Pick<SavedModel, 'params' | 'meta'>>(m.json) });
  const userIds = decode<string[]>(w.interactions.userIds);
  await yieldToEventLoop();
  const itemIds = decode<string[]>(w.interactions.itemIds);
  await yieldToEventLoop();
  const items: CatalogItem[] = [];
  for (const chunk of w.itemChunks) {
    for (const item of decode<CatalogItem[]>(chunk)) items.push(item);
    await yieldToEventLoop();
  }
  const saved = model(w.model);
  await yieldToEventLoop();
  const content = w.content && model(w.content);
  const { userIds: _u, itemIds: _i, ...arrays } = w.interactions;
  return { ...w, model: saved, content, items, interactions: { ...arrays, userIds, itemIds } };
}

/** Whether a store at `location` can be opened by a second connection (a file, not `:memory:`). */
export function canTrainOnWorker(location: string | undefined): location is string {
  return location !== undefined && location !== '' && location !== ':memory:';
}

/** Trains and saves `job.name` on a worker thread; resolves with the generation built from its parts. */
export async function trainOnWorker(job: TrainingJob, progress?: TrainProgress): Promise<Generation> {
  const wire = await new Promise<WireParts>((resolve, reject) => {
    // The sources are TypeScript loaded through tsx, which a worker must register for itself.
    const tsxApi = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./training-worker.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    const worker = new Worker(boot, { eval: true, execArgv: [] });
    let settled = false;
    const settle = (fn: () => void) => { if (!settled) { settled = true; fn(); void worker.terminate(); } };
    worker.on('message', (reply: TrainingReply) => {
      if (reply.kind === 'progress') progress?.(reply.done, reply.total, reply.message);
      else if (reply.kind === 'done') settle(() => resolve(reply.parts));
      else settle(() => reject(Object.assign(new Error(reply.message), { stack: reply.stack })));
    });
    worker.once('error', (err) => settle(() => reject(err)));
    worker.once('exit', (code) => settle(() => reject(new Error(`training worker exited with code ${code}`))));
    worker.postMessage(job);
  });
  return generationFromParts(await unpackParts(wire));
}
