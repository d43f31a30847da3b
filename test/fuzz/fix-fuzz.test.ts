// Seeded fuzz test of `trailguard lint` and `lint --fix` over mutated fixtures, examples and peer-corpus files (issue 8). Deterministic: the same
// seed gives the same cases, and a failure names the seed and case so it can be replayed alone
// (TRAILGUARD_FUZZ_SEED=… TRAILGUARD_FUZZ_CASE=…; TRAILGUARD_FUZZ_CASES=… for more cases). For every case
// (test/fuzz/fuzzCase.ts):
//   - `lint --format json` does not crash (exit 0 or 1, no "internal error") and prints valid JSON;
//   - `lint --fix --format json` likewise, and every file it rewrote parses strictly, kept its BOM, line endings
//     and final newline, and no finding appears that the plain lint did not report;
//   - a second `--fix` writes nothing (idempotence).
// Cases run in a worker thread: one that does not answer within its budget is a hang, the worker is stopped and
// the case fails with its replay line. The whole test takes well under a minute.
import * as assert from 'assert';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { describeFuzzCase } from './fuzzCase';

const SEED = Number(process.env.TRAILGUARD_FUZZ_SEED ?? 0x7a11);
const CASES = Number(process.env.TRAILGUARD_FUZZ_CASES ?? 400);
const ONLY_CASE = process.env.TRAILGUARD_FUZZ_CASE === undefined ? undefined : Number(process.env.TRAILGUARD_FUZZ_CASE);
/** Per case (three CLI runs on a few kilobytes, usually well under a second): far above that, far below forever. */
const CASE_BUDGET_MS = 20_000;

type Answer = { index: number; ok: true; result: { rewritten: number; refused: string[] } } | { index: number; ok: false; message: string };

/** A worker running TypeScript sources the way mocha does here (esbuild-register). */
function startWorker(): Worker {
  const entry = path.join(__dirname, 'fuzzWorker.ts');
  return new Worker(`require('esbuild-register/dist/node').register(); require(${JSON.stringify(entry)});`, { eval: true });
}

describe('fuzz: lint and --fix over mutated fixtures (seeded)', function () {
  this.timeout(CASE_BUDGET_MS + 10_000);
  let worker: Worker | undefined;
  let rewritten = 0;
  /** Fixes --fix refused (dropped with a reason, or units left untouched): shown, they point at fix builders. */
  const refused = new Map<string, number>();

  function ask(index: number): Promise<Answer | 'hung'> {
    worker ??= startWorker();
    const w = worker;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        w.removeAllListeners();
        void w.terminate();
        worker = undefined;
        resolve('hung');
      }, CASE_BUDGET_MS);
      w.once('message', (answer: Answer) => {
        clearTimeout(timer);
        w.removeAllListeners('error');
        resolve(answer);
      });
      w.once('error', (err) => {
        clearTimeout(timer);
        worker = undefined;
        reject(err);
      });
      w.postMessage({ seed: SEED, index });
    });
  }

  const indexes = ONLY_CASE === undefined ? [...Array(CASES).keys()] : [ONLY_CASE];
  for (const index of indexes) {
    it(`case ${index}`, async () => {
      const answer = await ask(index);
      if (answer === 'hung') assert.fail(`no answer within ${CASE_BUDGET_MS} ms (a hang) — ${describeFuzzCase(SEED, index)}`);
      if (!answer.ok) assert.fail(answer.message);
      rewritten += answer.result.rewritten;
      for (const r of answer.result.refused) refused.set(r, (refused.get(r) ?? 0) + 1);
    });
  }

  after(async () => {
    await worker?.terminate();
    console.log(`    fuzz: ${indexes.length} cases, seed ${SEED}, ${rewritten} files rewritten by --fix`);
    for (const [reason, n] of [...refused].sort((a, b) => b[1] - a[1])) console.log(`      not fixed ×${n}: ${reason}`);
  });
});
