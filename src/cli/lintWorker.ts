// Worker-thread entry (bundled as dist/lint-worker.js): lints its share of the files and posts the result back.
import { parentPort, workerData } from 'worker_threads';
import { lintJobInProcess, type LintJob } from './parallel';

lintJobInProcess(workerData as LintJob).then(
  (result) => parentPort!.postMessage(result),
  (err) => {
    throw err;
  },
);
