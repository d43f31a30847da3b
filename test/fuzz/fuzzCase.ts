// One case of the seeded fuzz test (fix-fuzz.test.ts runs it in a worker thread, so that a case that hangs can be
// stopped and reported). The case is built from (seed, index) alone: the same pair gives the same files.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { strictParseProblems } from '../../src/core/fix/strictParse';
import { toWorkingText } from '../../src/core/fix/textForm';
import { detectFormat } from '../../src/core/formats/registry';
import { findCorpus, readManifest } from '../../scripts/conformance';

const repoRoot = path.join(__dirname, '..', '..');

/** mulberry32: small, fast, and the same sequence on every platform. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Seed { label: string; files: { rel: string; text: string }[] }

/** The fixtures as lint units: a Terraform folder together, any other file alone. */
function seeds(): Seed[] {
  const out: Seed[] = [];
  const walk = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    const tf = entries.filter((e) => e.isFile() && /\.(tf|tfvars)$/.test(e.name));
    if (tf.length) out.push({ label: path.relative(repoRoot, dir), files: tf.map((e) => ({ rel: e.name, text: fs.readFileSync(path.join(dir, e.name), 'utf8') })) });
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(ya?ml|json)$/.test(e.name)) out.push({ label: path.relative(repoRoot, full), files: [{ rel: e.name, text: fs.readFileSync(full, 'utf8') }] });
    }
  };
  walk(path.join(repoRoot, 'examples'));
  walk(path.join(repoRoot, 'test', 'fixtures'));
  // The peer corpus, each file alone as in the conformance run (when it is there).
  const corpus = findCorpus();
  if (corpus) {
    for (const rel of [...new Set(readManifest(corpus).map((c) => c.path))].sort()) {
      out.push({ label: `corpus/${rel}`, files: [{ rel: path.basename(rel), text: fs.readFileSync(path.join(corpus, rel), 'utf8') }] });
    }
  }
  return out;
}

const NOISE = ['{', '}', '[', ']', '"', ':', ',', '=', '\n', '\t', '#', '- ', '${', '__proto__', '\uFFFD', 'true', '!Ref '];

/** One text mutation; each keeps the text mostly intact so that the parsers and fixes still have work to do. */
function mutate(text: string, rand: () => number): { text: string; what: string } {
  const lines = text.split('\n');
  const pick = (n: number) => Math.floor(rand() * n);
  const i = pick(lines.length);
  switch (pick(8)) {
    case 0:
      lines.splice(i, 1);
      return { text: lines.join('\n'), what: `delete line ${i + 1}` };
    case 1:
      lines.splice(i, 0, lines[i]);
      return { text: lines.join('\n'), what: `duplicate line ${i + 1}` };
    case 2: {
      const j = pick(lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return { text: lines.join('\n'), what: `swap lines ${i + 1} and ${j + 1}` };
    }
    case 3: {
      const at = pick(text.length);
      return { text: text.slice(0, at), what: `truncate at ${at}` };
    }
    case 4: {
      const at = pick(text.length + 1);
      const noise = NOISE[pick(NOISE.length)];
      return { text: text.slice(0, at) + noise + text.slice(at), what: `insert ${JSON.stringify(noise)} at ${at}` };
    }
    case 5: {
      const flips: [RegExp, string][] = [[/\btrue\b/g, 'false'], [/\bfalse\b/g, 'true'], [/\bEnabled\b/g, 'Suspended'], [/"Deny"/g, '"Allow"']];
      const [re, to] = flips[pick(flips.length)];
      const matches = [...text.matchAll(re)];
      if (!matches.length) return { text, what: 'no change' };
      const m = matches[pick(matches.length)];
      return { text: text.slice(0, m.index) + to + text.slice(m.index! + m[0].length), what: `${m[0]} → ${to} at ${m.index}` };
    }
    case 6: {
      // Remove a whole attribute or key line whose value is on that line (a missing setting: a fix inserts it).
      const candidates = lines.map((l, n) => (/^\s*("?[\w:-]+"?\s*[:=]\s*\S)/.test(l) ? n : -1)).filter((n) => n >= 0);
      if (!candidates.length) return { text, what: 'no change' };
      const n = candidates[pick(candidates.length)];
      lines.splice(n, 1);
      return { text: lines.join('\n'), what: `remove setting on line ${n + 1}` };
    }
    default: {
      const at = pick(text.length);
      const len = 1 + pick(20);
      return { text: text.slice(0, at) + text.slice(at + len), what: `delete ${len} chars at ${at}` };
    }
  }
}

interface Case { label: string; files: { rel: string; bytes: Buffer }[]; scopeAll: boolean; what: string[] }

function makeCase(seedList: Seed[], seed0: number, index: number): Case {
  const rand = prng(seed0 * 1000003 + index);
  // Half the cases from our fixtures and examples, half from the (much larger) peer corpus when it is there.
  const fromCorpus = seedList.filter((x) => x.label.startsWith('corpus/'));
  const ours = seedList.filter((x) => !x.label.startsWith('corpus/'));
  const pool = fromCorpus.length && rand() < 0.5 ? fromCorpus : ours;
  const seed = pool[Math.floor(rand() * pool.length)];
  const target = Math.floor(rand() * seed.files.length);
  const what: string[] = [];
  const eol = ['\n', '\n', '\r\n', '\r'][Math.floor(rand() * 4)];
  const bom = rand() < 0.3;
  const files = seed.files.map((f, n) => {
    let text = f.text;
    if (n === target) {
      const count = Math.floor(rand() * 3); // 0 mutations: the fixture as it is, in another form
      for (let k = 0; k < count; k++) {
        const m = mutate(text, rand);
        text = m.text;
        what.push(`${f.rel}: ${m.what}`);
      }
      if (eol !== '\n') text = text.split('\n').join(eol);
      if (bom) text = '\uFEFF' + text;
    }
    return { rel: f.rel, bytes: Buffer.from(text, 'utf8') };
  });
  what.push(`${seed.files[target].rel}: ${JSON.stringify(eol)} line endings${bom ? ', BOM' : ''}`);
  return { label: seed.label, files, scopeAll: rand() < 0.5, what };
}

interface JsonOut { findings: { ruleId: string; status: string; resource: string; file: string; suppressed: boolean }[]; errors: unknown[] }

function parseOutput(stdout: string, label: string): JsonOut {
  let out: JsonOut & { version?: number };
  try {
    out = JSON.parse(stdout);
  } catch (err) {
    throw new Error(`${label}: output is not JSON (${(err as Error).message}): ${stdout.slice(0, 200)}`);
  }
  assert.strictEqual(out.version, 1, label);
  assert.ok(Array.isArray(out.findings) && Array.isArray(out.errors), label);
  return out;
}

function identities(out: JsonOut): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of out.findings) {
    if (f.suppressed) continue;
    const k = `${f.ruleId}|${f.status}|${f.resource}|${f.file}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** Runs the CLI in this thread with absolute paths (a worker thread cannot change directory). */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; } });
  return { code, stdout, stderr };
}

export interface CaseResult { rewritten: number; refused: string[] }

let seedList: Seed[] | undefined;

/** Builds case `index` of `seed` and checks it; throws an assertion naming the replay line when it fails. */
export async function runFuzzCase(seed: number, index: number): Promise<CaseResult> {
  seedList ??= seeds();
  const c = makeCase(seedList, seed, index);
  const replay = `TRAILGUARD_FUZZ_SEED=${seed} TRAILGUARD_FUZZ_CASE=${index} (${c.label}: ${c.what.join('; ')})`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailguard-fuzz-'));
  try {
    for (const f of c.files) fs.writeFileSync(path.join(dir, f.rel), f.bytes);
    const configFile = path.join(dir, '..', `${path.basename(dir)}.trailguard.yaml`);
    fs.writeFileSync(configFile, c.scopeAll ? 'scope: all\n' : 'scope: trail\n');
    const args = (...extra: string[]) => ['lint', dir, '--format', 'json', '--config', configFile, ...extra];
    const refused: string[] = [];
    try {
      const lint = await cli(args());
      assert.ok(lint.code === 0 || lint.code === 1, `lint exit ${lint.code}: ${lint.stderr} — ${replay}`);
      assert.doesNotMatch(lint.stderr, /internal error/, replay);
      const before = parseOutput(lint.stdout, `lint — ${replay}`);

      const fix = await cli(args('--fix'));
      assert.ok(fix.code === 0 || fix.code === 1, `--fix exit ${fix.code}: ${fix.stderr} — ${replay}`);
      assert.doesNotMatch(fix.stderr, /internal error/, replay);
      const after = parseOutput(fix.stdout, `--fix — ${replay}`);
      const fixedLines = fix.stderr.split('\n').filter((l) => l.startsWith('fixed ')).length;
      for (const line of fix.stderr.split('\n').filter((l) => l.startsWith('not fixed '))) {
        const m = /  (TG\d+)  .*?: (it would add a finding: TG\d+|it does not remove its finding|the result would not parse|the result has a parse error|its edits overlap)/.exec(line);
        const strict = /\S+:\d+: (.*?)(?: \(Terraform: .*\))?; fix it first/.exec(line);
        refused.push(m ? `${m[1]}: ${m[2]}` : line.includes('parse errors') ? 'unit with parse errors left untouched'
          : strict ? `unit left untouched (strict parser: ${strict[1].replace(/"[^"]*"/g, '"…"')})` : line.slice(0, 120));
      }

      let changed = 0;
      for (const f of c.files) {
        const now = fs.readFileSync(path.join(dir, f.rel));
        if (now.equals(f.bytes)) continue;
        changed++;
        const was = toWorkingText(f.bytes.toString('utf8'));
        const is = toWorkingText(now.toString('utf8'));
        assert.deepStrictEqual(is.form, was.form, `${f.rel}: BOM, line endings and final newline kept — ${replay}`);
        const kind = detectFormat(f.rel, is.text)?.id;
        assert.ok(kind, `${f.rel} rewritten but not lintable — ${replay}`);
        assert.deepStrictEqual(await strictParseProblems(kind, is.text), [], `${f.rel} parses strictly after --fix — ${replay}`);
      }
      assert.ok(changed === 0 ? fixedLines === 0 : fixedLines > 0, `"fixed" lines (${fixedLines}) match rewritten files (${changed}) — ${replay}`);

      const was = identities(before);
      for (const [k, n] of identities(after)) {
        assert.ok(n <= (was.get(k) ?? 0), `--fix added a finding ${k} — ${replay}`);
      }

      const snapshot = c.files.map((f) => fs.readFileSync(path.join(dir, f.rel)));
      const again = await cli(args('--fix'));
      parseOutput(again.stdout, `second --fix — ${replay}`);
      c.files.forEach((f, n) => assert.ok(fs.readFileSync(path.join(dir, f.rel)).equals(snapshot[n]), `second --fix rewrote ${f.rel} — ${replay}`));
      assert.doesNotMatch(again.stderr, /^fixed /m, `second --fix fixed something — ${replay}`);
      return { rewritten: changed, refused };
    } finally {
      fs.rmSync(configFile, { force: true });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The replay line of a case, for a case that never answered. */
export function describeFuzzCase(seed: number, index: number): string {
  seedList ??= seeds();
  const c = makeCase(seedList, seed, index);
  return `TRAILGUARD_FUZZ_SEED=${seed} TRAILGUARD_FUZZ_CASE=${index} (${c.label}: ${c.what.join('; ')})`;
}
