/**
 * Worker-thread entry of `training-thread.ts`: opens the store on its own connection, trains and
 * saves one model (`fitGeneration`), and sends the generation's parts back with their buffers
 * transferred. Progress is relayed as it comes.
 */
import { parentPort } from 'node:worker_threads';
import { sharedQualityService } from '../../quality/quality-service.js';
import { openStore } from '../../store/store.js';
import { fitGeneration, generationParts } from './generation.js';
import { packParts, type TrainingJob, type TrainingReply } from './training-thread.js';

const port = parentPort;
if (port === null) throw new Error('training-worker must run in a worker thread');

port.once('message', (job: TrainingJob) => {
  void run(job).catch((err: unknown) => {
    port.postMessage({ kind: 'error', message: (err as Error).message, stack: (err as Error).stack ?? '' } satisfies TrainingReply);
  });
});

async function run(job: TrainingJob): Promise<void> {
  const store = await openStore({ location: job.location });
  try {
    const quality = sharedQualityService(store.db);
    const fitted = await fitGeneration(store.db, job.projectId, job.name, job.params,
      (done, total, message) => port!.postMessage({ kind: 'progress', done, total, message } satisfies TrainingReply),
      (ids) => quality.qualityPrior(job.projectId, ids));
    const { wire, transfer } = packParts(await generationParts(job.name, fitted));
    port!.postMessage({ kind: 'done', parts: wire } satisfies TrainingReply, transfer);
  } finally {
    await store.close();
  }
}
