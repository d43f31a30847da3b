// Workspace lint across threads (src/cli/parallel.ts): files are split into parts that the main thread and the
// workers claim from a shared counter; a caller and the local modules it calls stay in one part, and the merged
// result is exactly the single-threaded one. And `trailguard lint` without --fix: findings without fix edits.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Worker, type WorkerOptions } from 'worker_threads';
import { lintClaimedParts, lintFiles, lintGroups, lintJobInProcess, lintParts, type LintJob, type PartResult } from '../../src/cli/parallel';
import { lintSources } from '../../src/core/engine';
import { FileUnitCache } from '../../src/cli/lintCache';
import { collectFiles } from '../../src/cli/walk';
import { formatJson } from '../../src/cli/format/json';
import { runCli, tempTree } from './helpers';

const caller = (name: string) => `module "logs" {
  source = "../modules/logs"
  name   = "${name}"
}

resource "aws_cloudtrail" "org" {
  name                       = "${name}"
  s3_bucket_name             = module.logs.bucket
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
`;

const trailTemplate = (i: number) => `Resources:
  Trail${i}:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: bucket-${i}
      EnableLogFileValidation: ${i % 2 === 0}
`;

const trailModule = (i: number) => `resource "aws_cloudtrail" "t${i}" {
  name                       = "t${i}"
  s3_bucket_name             = aws_s3_bucket.b${i}.id
  enable_log_file_validation = ${i % 2 === 0}
}

resource "aws_s3_bucket" "b${i}" {
  bucket = "logs-${i}"
}
`;

/**
 * Two roots (live/, prod/) calling one local module (modules/logs, which calls modules/logs/kms), among enough
 * other units (Terraform folders and templates) for a parallel lint to split them into many parts.
 */
function workspace(): string {
  const files: Record<string, string> = {
    'live/main.tf': caller('acme-audit'),
    // The largest unit (its comment): a split by bytes alone would put it in another part than live/.
    'prod/main.tf': `${'# The audit log bucket of production.\n'.repeat(400)}${caller('acme-prod')}`,
    'modules/logs/main.tf': `variable "name" {}\n\nmodule "key" {\n  source = "./kms"\n}\n\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\n\noutput "bucket" {\n  value = aws_s3_bucket.this.id\n}\n`,
    'modules/logs/kms/main.tf': 'resource "aws_kms_key" "k" {\n  description         = "logs"\n  enable_key_rotation = false\n}\n',
  };
  // A module outside the linted files (vendor/ is left out of the job) with two callers, one of them large.
  files['vendor/logs/main.tf'] = files['modules/logs/main.tf'].replace('module "key" {\n  source = "./kms"\n}\n\n', '');
  files['ext-a/main.tf'] = `${'# Logs of the first acquisition.\n'.repeat(400)}${caller('ext-a').replace('../modules/logs', '../vendor/logs')}`;
  files['ext-b/main.tf'] = caller('ext-b').replace('../modules/logs', '../vendor/logs');
  for (let i = 0; i < 24; i++) files[`stacks/s${i}/main.tf`] = trailModule(i);
  for (let i = 0; i < 40; i++) files[`templates/trail-${i}.yaml`] = trailTemplate(i);
  // Files that cannot be parsed, in a Terraform folder and alone: their errors come back in the same order.
  files['stacks/s3/broken.tf'] = 'resource "aws_cloudtrail" "x" {\n  name = \n';
  files['stacks/s17/broken.tf'] = 'resource "aws_s3_bucket" {\n';
  files['templates/trail-7.yaml'] = `${trailTemplate(7)}  Broken: [\n`;
  files['templates/trail-31.yaml'] = `${trailTemplate(31)}\t- x: : y\n`;
  return tempTree(files);
}

function jobFor(dir: string, extra: Partial<LintJob> = {}): LintJob {
  const files = collectFiles([dir], () => undefined, []).map((f) => path.normalize(f)).filter((f) => !f.includes(`${path.sep}vendor${path.sep}`));
  return { files, maxSize: 10 * 1024 * 1024, ...extra };
}

/** A worker running lintWorker.ts from the TypeScript sources, the way mocha runs them here (esbuild-register). */
function sourceWorker(options: WorkerOptions): Worker {
  const entry = path.join(__dirname, '../../src/cli/lintWorker.ts');
  return new Worker(`require('esbuild-register/dist/node').register(); require(${JSON.stringify(entry)});`, { ...options, eval: true });
}

const rel = (dir: string, files: string[]) => files.map((f) => path.relative(dir, f).split(path.sep).join('/'));

describe('parallel lint', function () {
  this.timeout(60_000);

  it('keeps a caller, the local modules it calls (at any depth) and their other callers in one group', () => {
    const dir = workspace();
    const groups = lintGroups(jobFor(dir).files).map((g) => rel(dir, g.files));
    const withModule = groups.filter((g) => g.length > 1);
    assert.deepEqual(withModule, [
      ['ext-a/main.tf', 'ext-b/main.tf'],
      ['live/main.tf', 'modules/logs/kms/main.tf', 'modules/logs/main.tf', 'prod/main.tf'],
      ['stacks/s17/broken.tf', 'stacks/s17/main.tf'],
      ['stacks/s3/broken.tf', 'stacks/s3/main.tf'],
    ]);
    // Every other Terraform folder and every template is a group of its own.
    assert.equal(groups.length, 4 + 22 + 40);
  });

  it('splits into shrinking parts that hold every file once, groups whole, in the order of the input', () => {
    const dir = workspace();
    const { files } = jobFor(dir);
    const parts = lintParts(files, 2);
    assert.ok(parts.length >= 8, `${parts.length} parts`);
    assert.deepEqual(parts.flat().sort(), [...files].sort());
    const partOf = new Map(parts.flatMap((p, i) => p.map((f) => [f, i] as const)));
    for (const group of lintGroups(files)) assert.equal(new Set(group.files.map((f) => partOf.get(f))).size, 1, `group ${group.files.join(', ')} split`);
    const order = new Map(files.map((f, i) => [f, i]));
    for (const part of parts) assert.deepEqual(part, [...part].sort((a, b) => order.get(a)! - order.get(b)!));
    const bytes = (p: string[]) => p.reduce((n, f) => n + fs.statSync(f).size, 0);
    assert.ok(bytes(parts[0]) > bytes(parts[parts.length - 1]), 'the first part is larger than the last');
  });

  it('a caller linted apart from the module it calls gives other findings (what keeping groups whole prevents)', async () => {
    const dir = workspace();
    const { files } = jobFor(dir);
    const module = files.filter((f) => /[\\/](live|prod|modules)[\\/]/.test(f));
    const together = await lintJobInProcess({ ...jobFor(dir), files: module });
    const apart = [await lintJobInProcess({ ...jobFor(dir), files: module.filter((f) => f.includes(`${path.sep}live${path.sep}`)) }),
      await lintJobInProcess({ ...jobFor(dir), files: module.filter((f) => f.includes(`${path.sep}prod${path.sep}`)) }),
      await lintJobInProcess({ ...jobFor(dir), files: module.filter((f) => f.includes(`${path.sep}modules${path.sep}`)) })];
    const inModule = (findings: { file?: string }[]) => findings.filter((f) => f.file?.includes(`${path.sep}modules${path.sep}`)).length;
    // The bucket the module creates is the trails' log bucket: its findings are reported once in one lint, twice
    // (once per caller) when the callers are linted apart.
    assert.ok(inModule(together.findings) > 0);
    assert.equal(inModule(apart.flatMap((r) => r.findings)), 2 * inModule(together.findings));
  });

  it('workers claiming parts give exactly the single-threaded result', async () => {
    const dir = workspace();
    const job = jobFor(dir);
    assert.ok(job.files.length >= 48, 'enough files for the parallel path');
    const single = await lintJobInProcess(job);
    assert.ok(single.findings.length > 60, `${single.findings.length} findings`);
    assert.ok(single.errors.length >= 4, `${single.errors.length} errors`);
    // Two workers and no linting on the main thread, so that every part is copied back from a worker.
    const byWorker = [0, 0];
    let started = 0;
    const counted = (options: WorkerOptions) => {
      const n = started++;
      return sourceWorker(options).on('message', () => { byWorker[n]++; });
    };
    const threaded = await lintFiles(job, { threads: 3, startWorker: counted, mainLints: false });
    assert.equal(byWorker[0] + byWorker[1], lintParts(job.files, 3).length);
    assert.deepEqual(JSON.parse(JSON.stringify(threaded)), JSON.parse(JSON.stringify(single)));
    // With the main thread claiming parts too (it may take them all while the workers start): the same result.
    const mixed = await lintFiles(job, { threads: 2, startWorker: sourceWorker });
    assert.deepEqual(JSON.parse(JSON.stringify(mixed)), JSON.parse(JSON.stringify(single)));
  });

  it('each part is claimed by exactly one thread', async () => {
    const dir = workspace();
    const job = jobFor(dir);
    const share = { job, parts: lintParts(job.files, 2), next: new SharedArrayBuffer(4) };
    const byThread: number[][] = [[], []];
    const claim = (t: number) => lintClaimedParts(share, (r: PartResult) => { byThread[t].push(r.part); }, () => new Promise((resolve) => setImmediate(resolve)));
    await Promise.all([claim(0), claim(1)]);
    assert.ok(byThread[0].length > 0 && byThread[1].length > 0, 'both threads claimed parts');
    assert.deepEqual([...byThread[0], ...byThread[1]].sort((a, b) => a - b), share.parts.map((_, i) => i));
  });
});

describe('lint without --fix: fixes without edits', function () {
  this.timeout(60_000);

  it('gives the same findings (ids, ranges, messages, fixable) as a lint with full fixes, only without edits', async () => {
    const dir = workspace();
    const full = await lintJobInProcess(jobFor(dir));
    const slim = await lintJobInProcess(jobFor(dir, { fixEdits: false }));
    const safe = full.findings.filter((f) => f.fixes.some((x) => x.kind === 'safe'));
    assert.ok(safe.length > 10 && safe.every((f) => f.fixes.every((x) => x.edits.length > 0)), 'full fixes carry edits');
    assert.ok(slim.findings.every((f) => f.fixes.every((x) => x.edits.length === 0)), 'no edits without --fix');
    const withoutEdits = (findings: typeof full.findings) => findings.map((f) => ({ ...f, fixes: f.fixes.map((x) => ({ title: x.title, kind: x.kind })) }));
    assert.deepEqual(withoutEdits(slim.findings), withoutEdits(full.findings));
    assert.equal(formatJson(slim.findings, slim.errors), formatJson(full.findings, full.errors));
  });

  it('`trailguard lint --format json` prints what a lint with full fixes prints', async () => {
    const dir = workspace();
    const full = await lintJobInProcess(jobFor(dir));
    const run = await runCli(['lint', '.', '--format', 'json', '--no-cache'], dir);
    const relative = full.findings.map((f) => ({ ...f, file: f.file && path.relative(dir, f.file) }));
    assert.equal(run.stdout, formatJson(relative, full.errors.map((e) => ({ ...e, file: path.relative(dir, e.file) }))));
  });

  it('a cached result without edits is never served to a lint that applies fixes', async () => {
    const dir = workspace();
    const sources = jobFor(dir).files.map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));
    const cacheDir = path.join(dir, '.trailguard-cache');
    const slimCache = new FileUnitCache(cacheDir, 'build-1');
    await lintSources(sources, {}, undefined, { cache: false, unitCache: slimCache, fixEdits: false });
    assert.ok(slimCache.misses > 0);
    const fullCache = new FileUnitCache(cacheDir, 'build-1');
    const full = await lintSources(sources, {}, undefined, { cache: false, unitCache: fullCache });
    assert.equal(fullCache.hits, 0);
    assert.ok(full.findings.some((f) => f.fixes.some((x) => x.edits.length > 0)));
    const again = new FileUnitCache(cacheDir, 'build-1');
    await lintSources(sources, {}, undefined, { cache: false, unitCache: again, fixEdits: false });
    assert.equal(again.misses, 0, 'each mode hits its own entries');
  });
});
