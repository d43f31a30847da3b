// Worker-thread entry (bundled as dist/lint-worker.js): receives the parts of the files in its first message,
// claims parts from the counter it shares with the main thread and posts each part's result as soon as it is linted.
import { parentPort, workerData } from 'worker_threads';
import { lintClaimedParts, type WorkerStart } from './parallel';

parentPort!.once('message', (parts: string[][]) => {
  lintClaimedParts({ ...(workerData as WorkerStart), parts }, (r) => parentPort!.postMessage(r)).catch((err) => {
    throw err;
  });
});
