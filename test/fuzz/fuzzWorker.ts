// Worker-thread entry of the fuzz test: runs the cases the test asks for, one at a time, and answers each.
import { parentPort } from 'worker_threads';
import { runFuzzCase } from './fuzzCase';

parentPort!.on('message', async ({ seed, index }: { seed: number; index: number }) => {
  try {
    parentPort!.postMessage({ index, ok: true, result: await runFuzzCase(seed, index) });
  } catch (err) {
    parentPort!.postMessage({ index, ok: false, message: (err as Error).message });
  }
});
