// Keystrokes on a root module that calls child modules (issue 9), on the editor path (`cache: true`): the root's
// main.tf is linted in-process after each typed character, the children (test/parse/terraform/childModuleTree.ts)
// are on disk and unchanged. Where to type: `below` (a bucket name below the module blocks, which no child reads)
// or `argument` (an argument of the `for_each` call, which each of its instances reads). Prints the median and p10
// lint time (ms). One case per process (the JIT favours whichever runs second). Not part of `npm run bench`:
//   node -r esbuild-register bench/childModules.ts below|argument [regions=16] [keystrokes=500]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lintSources } from '../src/core/engine';
import { writeChildModuleTree } from '../test/parse/terraform/childModuleTree';

async function main(): Promise<void> {
  const where = process.argv[2] === 'argument' ? 'argument' : 'below';
  const regions = Number(process.argv[3] ?? 16);
  const keystrokes = Number(process.argv[4] ?? 500);
  const at = where === 'argument' ? '}-admin' : '"scratch';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-child-modules-'));
  try {
    const tree = writeChildModuleTree(dir, Array.from({ length: regions }, (_, i) => `r${i}`));
    const variables = { path: tree.variables, text: fs.readFileSync(tree.variables, 'utf8') };
    let main = fs.readFileSync(tree.main, 'utf8');
    const lint = (text: string) => lintSources([{ path: tree.main, text }, variables], undefined, new Set([tree.main]), { cache: true });
    for (let i = 0; i < 60; i++) await lint(`${main}\n${' '.repeat(i)}`); // warm up (wasm, JIT, caches)
    await lint(main);
    const times: number[] = [];
    for (let i = 0; i < keystrokes; i++) {
      main = main.replace(at, `${at}${String.fromCharCode(97 + (i % 26))}`);
      const started = process.hrtime.bigint();
      await lint(main);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
    console.log(`typing ${where === 'argument' ? 'in an argument of the for_each call' : 'below the module blocks'} (audit-trail called ${1 + regions} times, each calling archive-bucket), ${keystrokes} keystrokes: lint ms median ${q(0.5)}, p10 ${q(0.1)}, p90 ${q(0.9)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
