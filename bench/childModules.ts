// Keystrokes on a root module that calls child modules (issue 9), on the editor path (`cache: true`): the root's
// main.tf is linted after each typed character, the children (test/parse/terraform/childModuleTree.ts) are on disk
// and unchanged. Two places to type: the name of a bucket below the module blocks (no child reads it), and an
// argument of the `for_each` call (every instance of that call reads it). Prints the median and p90 lint time (ms).
// Run alone, not part of `npm run bench`: `node -r esbuild-register bench/childModules.ts [regions] [keystrokes]`.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lintSources } from '../src/core/engine';
import { writeChildModuleTree } from '../test/parse/terraform/childModuleTree';

async function measure(mainPath: string, variables: { path: string; text: string }, start: string, at: string, keystrokes: number): Promise<number[]> {
  let main = start;
  const lint = (text: string) => lintSources([{ path: mainPath, text }, variables], undefined, new Set([mainPath]), { cache: true });
  for (let i = 0; i < 30; i++) await lint(`${main}\n${' '.repeat(i)}`); // warm up (wasm, JIT, caches)
  await lint(main);
  const times: number[] = [];
  for (let i = 0; i < keystrokes; i++) {
    main = main.replace(at, `${at}${String.fromCharCode(97 + (i % 26))}`);
    const started = process.hrtime.bigint();
    await lint(main);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    // A fast typist: about 8 characters a second (and a modest load on a shared machine).
    await new Promise((r) => setTimeout(r, 40));
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const regions = Number(process.argv[2] ?? 16);
  const keystrokes = Number(process.argv[3] ?? 60);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-child-modules-'));
  try {
    const tree = writeChildModuleTree(dir, Array.from({ length: regions }, (_, i) => `r${i}`));
    const text = fs.readFileSync(tree.main, 'utf8');
    const variables = { path: tree.variables, text: fs.readFileSync(tree.variables, 'utf8') };
    const q = (t: number[], p: number) => t[Math.min(t.length - 1, Math.floor(p * t.length))].toFixed(1);
    console.log(`root calling audit-trail ${1 + regions} times (for_each over ${regions}), each calling archive-bucket; ${keystrokes} keystrokes per case`);
    const cases = [['below the module blocks', '"scratch'], ['in an argument of the for_each call', '}-admin']] as const;
    // Two rounds, cases alternating; the first round only warms up (the JIT favoured whichever case ran second).
    for (const round of [1, 2]) {
      for (const [name, at] of cases) {
        const t = await measure(tree.main, variables, text, at, keystrokes);
        if (round === 2) console.log(`  typing ${name}: lint ms median ${q(t, 0.5)}, p90 ${q(t, 0.9)}, min ${t[0].toFixed(1)}`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
