/**
 * Worker-thread entry of `writer-thread.ts`: opens the store on its own connection and runs the
 * group commit (`EventWriter`) for the messages it is sent, answering each write only after its
 * transaction committed; every `foldRollupsEveryMs` it folds the projects written to into the
 * analytics rollups, taking turns with the commits on the same connection.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { catchUpRollups } from '../analytics/rollups.store.js';
import { openStore, type Store } from '../store/store.js';
import { EventWriter } from './event-writer.js';
import type { NormalizedEvent } from './message.js';
import type { WriterReply, WriterRequest, WriterThreadConfig } from './writer-thread.js';

const port = parentPort;
if (port === null) throw new Error('writer-worker must run in a worker thread');
const reply = (r: WriterReply) => port.postMessage(r);
const config = workerData as WriterThreadConfig;

/** Folds the projects written to since the last fold; one fold at a time. */
function startFolding(store: Store, written: Set<string>): () => Promise<void> {
  let folding: Promise<void> | null = null;
  const fold = async () => {
    const projects = [...written];
    written.clear();
    for (const projectId of projects) {
      try {
        await catchUpRollups(store.db, projectId, undefined, store.insertEach);
      } catch (err) {
        reply({ kind: 'fold-failed', message: (err as Error).message });
      }
    }
  };
  const timer = config.foldRollupsEveryMs > 0
    ? setInterval(() => { folding ??= fold().finally(() => { folding = null; }); }, config.foldRollupsEveryMs)
    : null;
  timer?.unref();
  return async () => {
    if (timer) clearInterval(timer);
    await folding;
  };
}

try {
  const store = await openStore(config.store);
  const writer = new EventWriter(store);
  const written = new Set<string>();
  const stopFolding = startFolding(store, written);
  reply({ kind: 'ready' });
  port.on('message', (request: WriterRequest) => {
    if (request.kind === 'close') {
      void stopFolding().then(() => writer.close()).then(() => store.close()).then(() => {
        reply({ kind: 'closed' });
        port.close();
      });
      return;
    }
    const { id, projectId } = request;
    writer.write(projectId, JSON.parse(request.events) as NormalizedEvent[]).then(
      (result) => {
        if (result.inserted > 0) written.add(projectId);
        reply({ kind: 'written', id, result });
      },
      (err: unknown) => reply({ kind: 'failed', id, message: (err as Error).message }),
    );
  });
} catch (err) {
  reply({ kind: 'fatal', message: (err as Error).message });
  port.close();
}
