// `trailguard lint --cache`: a warm run reuses unchanged units and gives the same output; a change to a unit's own
// file, to a child module it calls, to a folder it lists, to the settings or to the engine re-lints exactly the
// units it affects.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lintSources } from '../../src/core/engine';
import { FileUnitCache } from '../../src/cli/lintCache';
import { runCli, tempTree, validatingTrail } from './helpers';

const tree = () => tempTree({
  'live/main.tf': `module "logs" {\n  source = "../modules/logs"\n  name   = "acme-audit"\n}\n\nresource "aws_cloudtrail" "org" {\n  name                       = "org"\n  s3_bucket_name             = module.logs.bucket\n  is_multi_region_trail      = true\n  enable_log_file_validation = true\n}\n`,
  'modules/logs/main.tf': `variable "name" {}\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\noutput "bucket" {\n  value = aws_s3_bucket.this.id\n}\n`,
  'other/main.tf': validatingTrail,
  'templates/trail.yaml': 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      S3BucketName: b\n',
});

function read(dir: string) {
  const files: { path: string; text: string }[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { if (!e.name.startsWith('.')) walk(p); } else files.push({ path: p, text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return files;
}

async function lintWithCache(dir: string, build = 'build-1', config = {}) {
  const cache = new FileUnitCache(path.join(dir, '.trailguard-cache'), build);
  const result = await lintSources(read(dir), config, undefined, { cache: false, unitCache: cache });
  return { cache, result };
}

describe('lint cache', () => {
  it('a warm run hits every unit and returns the same findings', async () => {
    const dir = tree();
    const cold = await lintWithCache(dir);
    assert.deepEqual([cold.cache.hits, cold.cache.misses], [0, 4]);
    const warm = await lintWithCache(dir);
    assert.deepEqual([warm.cache.hits, warm.cache.misses], [4, 0]);
    assert.deepEqual(warm.result, JSON.parse(JSON.stringify(cold.result)));
  });

  it('a change in a child module re-lints the module that calls it and the child, nothing else', async () => {
    const dir = tree();
    await lintWithCache(dir);
    fs.writeFileSync(path.join(dir, 'modules/logs/main.tf'), fs.readFileSync(path.join(dir, 'modules/logs/main.tf'), 'utf8').replace('bucket = var.name', 'bucket = "${var.name}-logs"'));
    const after = await lintWithCache(dir);
    assert.deepEqual([after.cache.hits, after.cache.misses], [2, 2]);
  });

  it('a new file in a called module folder re-lints its caller', async () => {
    const dir = tree();
    await lintWithCache(dir);
    fs.writeFileSync(path.join(dir, 'modules/logs/versioning.tf'), 'resource "aws_s3_bucket_versioning" "v" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n');
    const after = await lintWithCache(dir);
    assert.equal(after.cache.hits, 2, 'other/ and the template');
  });

  it('other settings or another engine build miss everything', async () => {
    const dir = tree();
    await lintWithCache(dir);
    assert.equal((await lintWithCache(dir, 'build-1', { rules: { TG101: 'off' } })).cache.hits, 0);
    assert.equal((await lintWithCache(dir, 'build-2')).cache.hits, 0);
  });

  it('the CLI caches by default under .trailguard-cache (node_modules/.cache/trailguard when there is one); --no-cache writes nothing', async () => {
    const dir = tree();
    const first = await runCli(['lint', '.', '-f', 'json'], dir);
    assert.ok(fs.readdirSync(path.join(dir, '.trailguard-cache')).length > 0);
    const second = await runCli(['lint', '.', '-f', 'json'], dir);
    assert.equal(second.stdout, first.stdout);
    assert.equal(second.code, first.code);
    const plain = tree();
    await runCli(['lint', '.', '--no-cache'], plain);
    assert.ok(!fs.existsSync(path.join(plain, '.trailguard-cache')));
    const withModules = tree();
    fs.mkdirSync(path.join(withModules, 'node_modules'));
    await runCli(['lint', '.'], withModules);
    assert.ok(fs.existsSync(path.join(withModules, 'node_modules/.cache/trailguard')));
    const elsewhere = tree();
    await runCli(['lint', '.', '--cache-location', 'cache-here'], elsewhere);
    assert.ok(fs.readdirSync(path.join(elsewhere, 'cache-here')).length > 0);
  });
});
