// How long a keystroke or a first open can hold the language server's main thread: the server is started with
// bench/tasks/loop-monitor.js preloaded (perf_hooks.monitorEventLoopDelay), then a realistic workspace (a 20-file
// module, small modules, CloudFormation, policies) and large single-file modules (64 K – 600 K characters) are
// opened one after the other and typed into, as an editor would send it. The figure is the longest event-loop
// block seen from the first open to the last diagnostics (server start-up excluded).
import * as fs from 'fs';
import * as path from 'path';
import { TestClient } from '../test/server/lspClient';
import { bucketPolicyJson, cfnJson, cfnYaml, terraformFile, variablesTf, writeModule } from './generate';

export interface BlockRun { maxMs: number; opens: number; edits: number; /** The longest block per opened file (open + typing), and the burst. */ perFile: Record<string, number> }

/** Single-file modules of about `chars` characters (terraformFile in 200-line chunks: linear to generate). */
function largeModule(seed: number, chars: number): string {
  let text = '';
  for (let k = 0; text.length < chars; k++) text += terraformFile(seed + k, 200);
  return text;
}

export function writeBlockWorkspace(dir: string): string[] {
  fs.rmSync(dir, { recursive: true, force: true });
  writeModule(path.join(dir, 'module'), 20, 5000);
  const files: [string, string][] = [
    ['small-a/main.tf', terraformFile(7, 60)],
    ['small-a/variables.tf', variablesTf],
    ['small-b/main.tf', terraformFile(8, 120)],
    ['cfn/stack.yaml', cfnYaml(9)],
    ['cfn/stack.json', cfnJson(10)],
    ['policy/bucket-policy.json', bucketPolicyJson(11)],
    ['large-64k/main.tf', largeModule(100, 64 * 1024)],
    ['large-128k/main.tf', largeModule(200, 128 * 1024)],
    ['large-256k/main.tf', largeModule(300, 256 * 1024)],
    ['large-600k/main.tf', largeModule(400, 600 * 1024)],
  ];
  for (const [rel, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return [path.join(dir, 'module', 'main.tf'), ...files.filter(([rel]) => !rel.endsWith('variables.tf')).map(([rel]) => path.join(dir, rel))];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Where to type: just inside the first string value of the file. */
function typingPoint(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  for (let line = 0; line < lines.length; line++) {
    const m = /(=|:)\s*"/.exec(lines[line]);
    if (m) return { line, character: m.index + m[0].length };
  }
  return { line: 0, character: 0 };
}

async function windowStats(client: TestClient, file: string): Promise<{ maxMs: number; p99Ms: number }> {
  fs.rmSync(file, { force: true });
  process.kill(client.pid, 'SIGUSR2');
  for (let i = 0; i < 500 && !fs.existsSync(file); i++) await sleep(10);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** One fresh server: every file opened, then typed into (8 characters a second), then a fast burst in the largest. */
export async function measureMainThreadBlock(dir: string, files: string[]): Promise<BlockRun> {
  const statsFile = path.join(dir, '..', 'lsp-block-stats.json');
  const saved = { args: process.env.TRAILGUARD_SERVER_NODE_ARGS, stats: process.env.TG_LOOP_STATS_FILE };
  process.env.TRAILGUARD_SERVER_NODE_ARGS = `${saved.args ?? ''} --require ${path.join(__dirname, 'tasks', 'loop-monitor.js')}`;
  process.env.TG_LOOP_STATS_FILE = statsFile;
  const client = await TestClient.start({ workspace: dir });
  process.env.TRAILGUARD_SERVER_NODE_ARGS = saved.args;
  process.env.TG_LOOP_STATS_FILE = saved.stats;
  if (saved.args === undefined) delete process.env.TRAILGUARD_SERVER_NODE_ARGS;
  if (saved.stats === undefined) delete process.env.TG_LOOP_STATS_FILE;
  try {
    for (let i = 0; i < 500 && !client.log.some((l) => l.startsWith('settings in force')); i++) await sleep(10);
    await sleep(200);
    await windowStats(client, statsFile); // start-up is not a keystroke: a new window starts here
    let edits = 0;
    const perFile: Record<string, number> = {};
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      await client.open(file, text);
      await client.diagnosticsOfVersion(file, 1);
      const at = typingPoint(text);
      let version = 1;
      for (let i = 0; i < 8; i++, edits++) {
        version = await client.edit(file, [{ range: { start: at, end: at }, newText: String.fromCharCode(97 + i) }]);
        at.character++;
        await sleep(120);
      }
      await client.diagnosticsOfVersion(file, version);
      perFile[path.relative(dir, file)] = (await windowStats(client, statsFile)).maxMs;
    }
    // A burst in the largest unit: each keystroke supersedes the lint of the one before.
    const largest = files[files.length - 1];
    const at = typingPoint(client.texts.get(largest)!);
    at.character += 8;
    let version = 0;
    for (let i = 0; i < 20; i++, edits++) {
      version = await client.edit(largest, [{ range: { start: at, end: at }, newText: 'z' }]);
      at.character++;
      await sleep(40);
    }
    await client.diagnosticsOfVersion(largest, version);
    perFile['burst in ' + path.relative(dir, largest)] = (await windowStats(client, statsFile)).maxMs;
    return { maxMs: Math.max(...Object.values(perFile)), opens: files.length, edits, perFile };
  } finally {
    await client.stop();
  }
}
