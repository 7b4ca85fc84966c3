/**
 * Worker-thread entry of `writer-thread.ts`: opens the store on its own connection and runs the
 * group commit (`EventWriter`) for the messages it is sent, answering each write only after its
 * transaction committed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore, type StoreConfig } from '../store/store.js';
import { EventWriter } from './event-writer.js';
import type { NormalizedEvent } from './message.js';
import type { WriterReply, WriterRequest } from './writer-thread.js';

const port = parentPort;
if (port === null) throw new Error('writer-worker must run in a worker thread');
const reply = (r: WriterReply) => port.postMessage(r);

try {
  const store = await openStore(workerData as StoreConfig);
  const writer = new EventWriter(store);
  port.on('message', (request: WriterRequest) => {
    if (request.kind === 'close') {
      void writer.close().then(() => store.close()).then(() => {
        reply({ kind: 'closed' });
        port.close();
      });
      return;
    }
    const { id } = request;
    writer.write(request.projectId, JSON.parse(request.events) as NormalizedEvent[]).then(
      (result) => reply({ kind: 'written', id, result }),
      (err: unknown) => reply({ kind: 'failed', id, message: (err as Error).message }),
    );
  });
} catch (err) {
  reply({ kind: 'fatal', message: (err as Error).message });
  port.close();
}
