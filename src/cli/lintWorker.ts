// Worker-thread entry (bundled as dist/lint-worker.js): claims parts of the files from the counter it shares with
// the main thread and posts each part's result back as soon as it is linted.
import { parentPort, workerData } from 'worker_threads';
import { lintClaimedParts, type WorkerShare } from './parallel';

lintClaimedParts(workerData as WorkerShare, (r) => parentPort!.postMessage(r)).catch((err) => {
  throw err;
});
