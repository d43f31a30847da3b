// The editor path reuses a child module instance's result between keystrokes (childCache.ts) only when nothing it
// read changed. Every lint below is compared with a fresh batch lint (`cache: false`) of the same texts: the
// findings (passes included), their ranges, messages, related information and fixes must be identical, whether
// the child was reused or evaluated again. `childCacheStats` counts what was evaluated and what was reused.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lintSources } from '../../../src/core/engine';
import type { Finding } from '../../../src/core/model';
import { childCacheStats, clearChildCache } from '../../../src/core/parse/terraform/childCache';
import { writeChildModuleTree } from './childModuleTree';

type Tree = ReturnType<typeof writeChildModuleTree>;

/** Findings as plain data (fix edits included), for a deep comparison. */
function plain(findings: Finding[]): unknown {
  return JSON.parse(JSON.stringify(findings));
}

/** Lints the root (its files as given, children from disk) in the editor mode; asserts it equals a batch lint. */
async function lintBoth(tree: Tree, main: string, variables = fs.readFileSync(tree.variables, 'utf8')): Promise<{ findings: Finding[]; evaluated: number; reused: number }> {
  const files = [{ path: tree.main, text: main }, { path: tree.variables, text: variables }];
  const before = { ...childCacheStats };
  const cached = await lintSources(files, undefined, undefined, { cache: true, includePasses: true });
  const counts = { evaluated: childCacheStats.evaluated - before.evaluated, reused: childCacheStats.reused - before.reused };
  const fresh = await lintSources(files, undefined, undefined, { cache: false, includePasses: true });
  assert.deepEqual(cached.errors, fresh.errors);
  assert.deepEqual(plain(cached.findings), plain(fresh.findings));
  return { findings: cached.findings, ...counts };
}

const short = (tree: Tree, f: Finding) => `${f.ruleId} ${f.status} ${f.resource} ${path.relative(path.dirname(tree.root), f.file ?? '')}:${f.range!.start.line + 1}`;
const failing = (tree: Tree, findings: Finding[], rule: string, resource = '') => findings.filter((f) => f.ruleId === rule && f.status === 'fail' && f.resource.includes(resource)).map((f) => short(tree, f));

describe('terraform child module cache (editor path)', () => {
  let dir: string;
  let tree: Tree;
  let main: string;

  beforeEach(() => {
    clearChildCache();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-child-cache-'));
    tree = writeChildModuleTree(dir);
    main = fs.readFileSync(tree.main, 'utf8');
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('evaluates each instance once, then reuses all three on an unrelated edit (findings identical to a fresh lint)', async () => {
    const first = await lintBoth(tree, main);
    // org, regional["eu"], regional["us"] and the archive module nested in each.
    assert.deepEqual([first.evaluated, first.reused], [6, 0]);
    assert.deepEqual(failing(tree, first.findings, 'TG203', '.logs'), [
      'TG203 fail module.org.aws_s3_bucket.logs modules/audit-trail/main.tf:28',
      'TG203 fail module.regional["us"].aws_s3_bucket.logs modules/audit-trail/main.tf:28',
    ]);
    const tg203 = first.findings.find((f) => f.ruleId === 'TG203' && f.status === 'fail' && f.resource === 'module.org.aws_s3_bucket.logs')!;
    // The message and related information name the caller's line of the argument.
    assert.match(tg203.message, /\(argument `versioning` of `module "org"`, \.\.\/\.\.\/live\/main\.tf:9\)$/);
    assert.ok(tg203.related.some((r) => r.loc?.file === tree.main && r.loc.range.start.line === 8));

    // Typing in the scratch bucket's name, below the module blocks: nothing any child read moved.
    const typed = await lintBoth(tree, main.replace('"scratch-', '"scratchy-'));
    assert.deepEqual([typed.evaluated, typed.reused], [0, 3]);
    // Typing on a line above the module blocks (a comment) moves no line nor column of what the children read.
    const comment = await lintBoth(tree, main.replace('# Audit account root', '# Audit account root (eu, us)'));
    assert.deepEqual([comment.evaluated, comment.reused], [0, 3]);
    // A resource added at the end.
    const added = await lintBoth(tree, `${main}\nresource "aws_s3_bucket" "more" {\n  bucket = "more"\n}\n`);
    assert.deepEqual([added.evaluated, added.reused], [0, 3]);
  });

  it('evaluates again when lines are inserted above the module blocks: findings point at the new lines', async () => {
    await lintBoth(tree, main);
    const shifted = await lintBoth(tree, main.replace('# Audit account root\n', '# Audit account root\n# owned by the security team\n\n'));
    // Every argument moved two lines down: a reused result would say main.tf:9 and point there.
    assert.equal(shifted.reused, 0);
    assert.ok(shifted.evaluated >= 3);
    const tg203 = shifted.findings.find((f) => f.ruleId === 'TG203' && f.status === 'fail' && f.resource === 'module.org.aws_s3_bucket.logs')!;
    assert.match(tg203.message, /\.\.\/\.\.\/live\/main\.tf:11\)$/);
    assert.ok(tg203.related.some((r) => r.loc?.file === tree.main && r.loc.range.start.line === 10));
    // The next keystroke below the blocks reuses the new results.
    const next = await lintBoth(tree, main.replace('# Audit account root\n', '# Audit account root\n# owned by the security team\n\n').replace('"scratch-', '"scratchy-'));
    assert.deepEqual([next.evaluated, next.reused], [0, 3]);
  });

  it('evaluates again the instance whose argument changed, only that one', async () => {
    await lintBoth(tree, main);
    const edited = main.replace('versioning     = "Suspended"', 'versioning     = "Enabled"  ');
    const r = await lintBoth(tree, edited);
    // module.org and its archive; the regional instances are reused.
    assert.deepEqual([r.evaluated, r.reused], [2, 2]);
    assert.deepEqual(failing(tree, r.findings, 'TG203', '.logs'), ['TG203 fail module.regional["us"].aws_s3_bucket.logs modules/audit-trail/main.tf:28']);
    // A value the argument refers to (a local), changed elsewhere in the root: the instances that read it.
    const local = await lintBoth(tree, edited.replace('env = "prod"', 'env = "test"'));
    // The regional instances; their archive modules do not read `local.env`: reused, as is module.org.
    assert.deepEqual([local.evaluated, local.reused], [2, 3]);
  });

  it('while an argument is being typed, evaluates its instance at each keystroke, and reuses it once typing moves on', async () => {
    await lintBoth(tree, main);
    let text = main;
    const counts: number[][] = [];
    for (const c of 'abc') {
      text = text.replace('role/admin', `role/admin${c}`);
      const r = await lintBoth(tree, text);
      counts.push([r.evaluated, r.reused]);
    }
    // Typing elsewhere: the first keystroke evaluates module.org once more (its result was not kept while typing),
    // the next reuses it.
    for (const c of 'xy') {
      text = text.replace('"scratch', `"scratch${c}`);
      const r = await lintBoth(tree, text);
      counts.push([r.evaluated, r.reused]);
    }
    assert.deepEqual(counts, [[1, 3], [1, 3], [1, 3], [1, 3], [0, 3]]);
  });

  it("evaluates again when a child's file or a nested child's file changes", async () => {
    await lintBoth(tree, main);
    fs.writeFileSync(tree.auditTrail, fs.readFileSync(tree.auditTrail, 'utf8').replace('enable_key_rotation = false', 'enable_key_rotation = true '));
    const child = await lintBoth(tree, main);
    // The three audit-trail instances; their archive modules read the same values at the same places: reused.
    assert.deepEqual([child.evaluated, child.reused], [3, 3]);
    assert.deepEqual(failing(tree, child.findings, 'TG303'), []);

    fs.appendFileSync(tree.archive, '\nresource "aws_cloudtrail" "archive" {\n  name           = var.bucket_name\n  s3_bucket_name = aws_s3_bucket.this.id\n}\n');
    const nested = await lintBoth(tree, main);
    assert.deepEqual([nested.evaluated, nested.reused], [6, 0]);
    // (One finding for the three instances: the same message at the same place is reported once.)
    assert.deepEqual(failing(tree, nested.findings, 'TG102', 'module.archive.'), [
      'TG102 fail module.org.module.archive.aws_cloudtrail.archive modules/archive-bucket/main.tf:25',
    ]);
  });

  it('evaluates again when a file the child reads with file() changes', async () => {
    const policyPath = path.join(path.dirname(tree.auditTrail), 'key-policy.json');
    const policy = (actions: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Trail', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: actions, Resource: '*' }] }, null, 2);
    fs.writeFileSync(policyPath, policy('kms:DescribeKey'));
    fs.appendFileSync(tree.auditTrail, '\nresource "aws_kms_key" "file" {\n  enable_key_rotation = true\n  policy              = file("${path.module}/key-policy.json")\n}\n');
    const first = await lintBoth(tree, main);
    assert.deepEqual(failing(tree, first.findings, 'TG301').filter((f) => f.includes('aws_kms_key.file')), ['TG301 fail module.org.aws_kms_key.file modules/audit-trail/main.tf:98']);
    fs.writeFileSync(policyPath, policy('kms:*'));
    const changed = await lintBoth(tree, main);
    // The audit-trail instances read it; their archive modules do not.
    assert.deepEqual([changed.evaluated, changed.reused], [3, 3]);
    assert.deepEqual(failing(tree, changed.findings, 'TG301').filter((f) => f.includes('aws_kms_key.file')), []);
  });

  it('never shares a result between instances, callers or roots with different arguments', async () => {
    // Two roots calling the same module at the same address with different arguments, linted in turn.
    const other = path.join(dir, 'other');
    fs.mkdirSync(other);
    const otherTree: Tree = { ...tree, root: other, main: path.join(other, 'main.tf'), variables: path.join(other, 'variables.tf') };
    fs.writeFileSync(otherTree.variables, fs.readFileSync(tree.variables, 'utf8'));
    const otherMain = main.replace('versioning     = "Suspended"', 'versioning     = "Enabled"  ').replace('each.key == "eu"', 'each.key == "us"');
    fs.writeFileSync(otherTree.main, otherMain);
    for (let round = 0; round < 2; round++) {
      // A keystroke per round (an unchanged module's whole result is reused before any child is looked at).
      const a = await lintBoth(tree, main.replace('"scratch-', `"scratch${round}-`));
      const b = await lintBoth(otherTree, otherMain.replace('"scratch-', `"scratch${round}-`));
      assert.deepEqual(failing(tree, a.findings, 'TG203', '.logs'), [
        'TG203 fail module.org.aws_s3_bucket.logs modules/audit-trail/main.tf:28',
        'TG203 fail module.regional["us"].aws_s3_bucket.logs modules/audit-trail/main.tf:28',
      ]);
      assert.deepEqual(failing(otherTree, b.findings, 'TG203', '.logs'), ['TG203 fail module.regional["eu"].aws_s3_bucket.logs modules/audit-trail/main.tf:28']);
      if (round === 1) assert.deepEqual([a.evaluated, a.reused, b.evaluated, b.reused], [0, 3, 0, 3]);
    }
    // The instance keys swapped between the same two instances: each instance reads its own arguments again.
    const swapped = await lintBoth(tree, main.replace('each.key == "eu"', 'each.key == "us"'));
    assert.deepEqual([swapped.evaluated, swapped.reused], [4, 1]);
    assert.deepEqual(failing(tree, swapped.findings, 'TG203', '.logs'), [
      'TG203 fail module.org.aws_s3_bucket.logs modules/audit-trail/main.tf:28',
      'TG203 fail module.regional["eu"].aws_s3_bucket.logs modules/audit-trail/main.tf:28',
    ]);
  });

  it('keys instances by count index and hostile for_each keys without touching prototypes', async () => {
    const hostile = main
      .replace('for_each       = toset(["eu","us"])', 'for_each       = toset(["__proto__", "constructor"])')
      .replace('each.key == "eu"', 'each.key == "__proto__"')
      .replace('module "org" {\n', 'module "org" {\n  count          = 2\n');
    const first = await lintBoth(tree, hostile);
    assert.deepEqual([first.evaluated, first.reused], [8, 0]);
    const again = await lintBoth(tree, hostile.replace('"scratch-', '"scratchy-'));
    assert.deepEqual([again.evaluated, again.reused], [0, 4]);
    assert.deepEqual(failing(tree, again.findings, 'TG203', '.logs'), [
      'TG203 fail module.org[0].aws_s3_bucket.logs modules/audit-trail/main.tf:28',
      'TG203 fail module.regional["constructor"].aws_s3_bucket.logs modules/audit-trail/main.tf:28',
    ]);
    assert.deepEqual(again.findings.filter((f) => f.ruleId === 'TG101').map((f) => `${f.resource} ${f.status}`).sort(), [
      'module.org[0].aws_cloudtrail.archive fail',
      'module.org[0].aws_cloudtrail.this fail',
      'module.regional["__proto__"].aws_cloudtrail.this pass',
    ]);
    assert.equal(({} as Record<string, unknown>).bucket, undefined);
    // count 2 → 1: the lone instance is `module.org`, a different address, evaluated anew.
    const one = await lintBoth(tree, hostile.replace('count          = 2', 'count          = 1'));
    assert.deepEqual([one.evaluated, one.reused], [2, 2]);
  });

  it("keeps a policy passed as an argument pointing into the caller's file as lines and columns move", async () => {
    // The key policy is written in the root (a heredoc); its statements' findings lie in the root's main.tf.
    fs.appendFileSync(tree.auditTrail, '\nvariable "key_policy" {\n  type = string\n}\n\nresource "aws_kms_key" "passed" {\n  enable_key_rotation = true\n  policy              = var.key_policy\n}\n');
    const heredoc = '  key_policy     = <<-EOT\n    {\n      "Version": "2012-10-17",\n      "Statement": [\n        {"Sid": "Trail", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "kms:DescribeKey", "Resource": "*"}\n      ]\n    }\n  EOT\n';
    const withPolicy = main.replace('  admin_arn      = "arn:aws:iam::111122223333:role/admin"\n', `  admin_arn      = "arn:aws:iam::111122223333:role/admin"\n${heredoc}`).replace('  admin_arn      = "arn:aws:iam::111122223333:role/${local.env}-admin"\n', `  admin_arn      = "arn:aws:iam::111122223333:role/\${local.env}-admin"\n${heredoc}`);
    const tg301 = (findings: Finding[]) => findings.filter((f) => f.ruleId === 'TG301' && f.resource.endsWith('aws_kms_key.passed')).map((f) => `${f.status} ${f.resource} ${path.basename(f.file!)}:${f.range!.start.line + 1}:${f.range!.start.character + 1}`);
    const first = await lintBoth(tree, withPolicy);
    assert.deepEqual(tg301(first.findings), ['fail module.org.aws_kms_key.passed main.tf:15:7', 'fail module.regional["eu"].aws_kms_key.passed main.tf:32:7']);
    // A character typed above (no line moves, offsets do), then two lines inserted above: the same or the moved lines.
    const typed = await lintBoth(tree, withPolicy.replace('# Audit account root', '# Audit account root!'));
    assert.deepEqual(tg301(typed.findings), tg301(first.findings));
    const shifted = await lintBoth(tree, withPolicy.replace('# Audit account root\n', '# Audit account root\n\n\n'));
    assert.equal(shifted.reused, 0);
    assert.deepEqual(tg301(shifted.findings), ['fail module.org.aws_kms_key.passed main.tf:17:7', 'fail module.regional["eu"].aws_kms_key.passed main.tf:34:7']);
  });

  it('follows a value the arguments take from a root variable: its line moving evaluates again', async () => {
    const withVar = main.replace('log_validation = false', 'log_validation = var.validate');
    const variables = `${fs.readFileSync(tree.variables, 'utf8')}\nvariable "validate" {\n  default = false\n}\n`;
    await lintBoth(tree, withVar, variables);
    // A line added at the end of variables.tf moves nothing module.org read; one added at its top moves the default.
    const below = await lintBoth(tree, withVar, `${variables}\n# end\n`);
    assert.deepEqual([below.evaluated, below.reused], [0, 3]);
    const above = await lintBoth(tree, withVar, `# Root variables\n${variables}\n# end\n`);
    assert.deepEqual([above.evaluated, above.reused], [1, 3]);
    const flipped = await lintBoth(tree, withVar, `# Root variables\n${variables.replace('default = false', 'default = true ')}\n# end\n`);
    assert.deepEqual([flipped.evaluated, flipped.reused], [1, 3]);
    assert.deepEqual(failing(tree, flipped.findings, 'TG101', 'aws_cloudtrail.this'), []);
  });

  it('follows a downloaded module through the modules manifest', async () => {
    const fixture = path.join(__dirname, '../../fixtures/terraform/module-tree');
    fs.cpSync(fixture, path.join(dir, 'mt'), { recursive: true });
    const live = path.join(dir, 'mt', 'live');
    const files = fs.readdirSync(live).filter((n) => n.endsWith('.tf')).sort().map((n) => ({ path: path.join(live, n), text: fs.readFileSync(path.join(live, n), 'utf8') }));
    const lint = async (edit: (t: string) => string) => {
      const input = files.map((f) => (f.path.endsWith('main.tf') ? { ...f, text: edit(f.text) } : f));
      const before = { ...childCacheStats };
      const cached = await lintSources(input, undefined, undefined, { cache: true, includePasses: true });
      const fresh = await lintSources(input, undefined, undefined, { cache: false, includePasses: true });
      assert.deepEqual(plain(cached.findings), plain(fresh.findings));
      return { findings: cached.findings, counts: [childCacheStats.evaluated - before.evaluated, childCacheStats.reused - before.reused] };
    };
    assert.deepEqual((await lint((t) => t)).counts, [2, 0]);
    assert.deepEqual((await lint((t) => t.replace('name                       = "org"', 'name                       = "orgs"'))).counts, [0, 2]);
    // The manifest no longer lists trail_key (say, `terraform init` ran elsewhere): that call is unavailable now.
    const manifest = path.join(live, '.terraform', 'modules', 'modules.json');
    fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace('"Key":"trail_key"', '"Key":"other_key"'));
    const gone = await lint((t) => t.replace('name                       = "org"', 'name                       = "orgs"'));
    // The same root text as the lint before: the module's last result is not reused either (it read the manifest).
    assert.deepEqual(gone.counts, [0, 1]);
    assert.ok(gone.findings.some((f) => f.ruleId === 'TG301' && f.status === 'unknown' && /not downloaded/.test(f.message)), 'the key is unknown: not downloaded');
  });

  it('neither remembers nor reuses past half of the caller\'s evaluation budget', async () => {
    // 400 × 400 `for` iterations in the root, evaluated for the scratch bucket's name before the children are.
    const n = `[${Array.from({ length: 400 }, (_, i) => i).join(', ')}]`;
    const heavy = main
      .replace('  env = "prod"\n', `  env = "prod"\n  n   = ${n}\n  xs  = [for i in local.n : [for j in local.n : i]]\n`)
      .replace('bucket = "scratch-${local.env}"', 'bucket = "scratch-${length(local.xs)}"');
    const first = await lintBoth(tree, heavy);
    const again = await lintBoth(tree, heavy.replace('# Audit account root', '# Audit account root!'));
    // The three audit-trail instances are evaluated each time without the cache; their archive modules' caller
    // (an audit-trail instance, with a budget of its own) is far from it: remembered, then reused.
    assert.deepEqual([first.evaluated, first.reused, again.evaluated, again.reused], [2, 0, 0, 2]);
  });

  it('keeps nothing on the batch path', async () => {
    const before = { ...childCacheStats };
    await lintSources([{ path: tree.main, text: main }], undefined, undefined, { cache: false });
    await lintSources([{ path: tree.main, text: main }], undefined, undefined, { cache: false });
    assert.deepEqual({ ...childCacheStats }, before);
  });
});
