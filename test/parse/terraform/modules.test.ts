// Modules evaluated as Terraform does (issue 9), on module trees in test/fixtures/terraform/module-tree: a root
// calling a local module (`../modules/log-bucket`) and a downloaded one listed in `.terraform/modules/modules.json`,
// and a root whose registry module was never downloaded. Findings with id, status, resource, 1-based range and
// related information, as the CLI and the editor show them.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lintSources } from '../../../src/core/engine';
import type { Finding } from '../../../src/core/model';
import { parseTerraformModule } from '../../../src/core/parse/terraform';
import type { SourceFile } from '../../../src/core/parse/unit';

const TREE = 'test/fixtures/terraform/module-tree';

function folder(dir: string): SourceFile[] {
  return fs.readdirSync(dir).filter((n) => n.endsWith('.tf')).sort().map((n) => ({ path: path.join(dir, n), text: fs.readFileSync(path.join(dir, n), 'utf8') }));
}

const short = (file: string | undefined) => (file ?? '').replace(`${TREE}/`, '');
const range = (f: { file?: string; range?: Finding['range'] }) => `${short(f.file)}:${f.range!.start.line + 1}:${f.range!.start.character + 1}-${f.range!.end.line + 1}:${f.range!.end.character + 1}`;
const line = (f: Finding) => `${f.ruleId} ${f.status} ${f.resource} ${range(f)}`;
const related = (f: Finding) => f.related.map((r) => `${r.message} @ ${r.loc ? range({ file: r.loc.file, range: r.loc.range }) : ''}`);

describe('terraform modules', () => {
  it('evaluates a local and a downloaded module: findings in the child files, with the calling module block', async () => {
    const r = await lintSources(folder(`${TREE}/live`));
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.findings.map(line), [
      'TG303 fail module.trail_key.aws_kms_key.this live/.terraform/modules/trail_key/main.tf:16:3-16:48',
      'TG301 fail module.trail_key.aws_kms_key.this live/.terraform/modules/trail_key/main.tf:19:5-19:14',
      'TG302 fail module.trail_key.aws_kms_key.this live/.terraform/modules/trail_key/main.tf:19:5-19:14',
      'TG106 fail aws_cloudtrail.org live/main.tf:16:1-16:32',
      'TG101 fail aws_cloudtrail.org live/main.tf:21:3-21:44',
      // A satellite in the root configures the module's bucket.
      'TG205 fail module.log_bucket.aws_s3_bucket.this live/policy.tf:8:3-8:34',
      'TG204 fail module.log_bucket.aws_s3_bucket.this modules/log-bucket/main.tf:17:1-17:32',
      'TG206 fail module.log_bucket.aws_s3_bucket.this modules/log-bucket/main.tf:17:1-17:32',
      'TG207 fail module.log_bucket.aws_s3_bucket.this modules/log-bucket/main.tf:17:1-17:32',
      'TG209 fail module.log_bucket.aws_s3_bucket.this modules/log-bucket/main.tf:17:1-17:32',
      'TG211 fail module.log_bucket.aws_s3_bucket.this modules/log-bucket/main.tf:17:1-17:32',
      'TG202 fail module.log_bucket.aws_s3_bucket.this modules/log-bucket/main.tf:20:3-20:29',
      // `versioning = var.log_versioning` in the call: the module's own default ("Enabled") does not apply.
      'TG203 fail module.log_bucket.aws_s3_bucket.this modules/log-bucket/main.tf:28:5-28:28',
    ]);
    const tg203 = r.findings.find((f) => f.ruleId === 'TG203')!;
    assert.match(tg203.message, /; `status = var.versioning` is "Suspended" \(argument `versioning` of `module "log_bucket"`, \.\.\/\.\.\/live\/main\.tf:6\)$/);
    assert.deepEqual(related(tg203), [
      'log bucket of aws_cloudtrail.org @ live/main.tf:16:1-16:32',
      `the value is \`var.versioning\`, set outside this module (${TREE}/live/variables.tf): change it there @ `,
      '`status = var.versioning` is "Suspended" (argument `versioning` of `module "log_bucket"`, ../../live/main.tf:6) @ live/main.tf:6:3-6:35',
      'created by `module "log_bucket"` (source `../modules/log-bucket`) @ live/main.tf:3:1-3:20',
    ]);
    // Fixes only edit the caller's folder: not the shared local module, not the downloaded copy.
    assert.deepEqual(tg203.fixes, []);
    const tg205 = r.findings.find((f) => f.ruleId === 'TG205')!;
    assert.deepEqual(tg205.fixes.map((f) => f.edits.map((e) => `${short(e.file)} ← ${e.newText}`)), [['live/policy.tf ← true']]);
    const tg303 = r.findings.find((f) => f.ruleId === 'TG303')!;
    assert.deepEqual(tg303.fixes, []);
    assert.match(tg303.message, /; `enable_key_rotation = var.enable_key_rotation` is false \(default of `var.enable_key_rotation`, main\.tf:6\)$/);
    assert.deepEqual(related(tg303).slice(1), [
      `the value comes from the default of \`var.enable_key_rotation\` (${TREE}/live/.terraform/modules/trail_key/main.tf:6) @ live/.terraform/modules/trail_key/main.tf:6:13-6:18`,
      'created by `module "trail_key"` (source `acme/trail-key/aws`) @ live/main.tf:9:1-9:19',
    ]);
  });

  it('a folder the root calls as a local module is checked through the call only, not again on its own', async () => {
    const files = [...folder(`${TREE}/live`), ...folder(`${TREE}/modules/log-bucket`)];
    const r = await lintSources(files, { scope: 'all' });
    const inModule = r.findings.filter((f) => short(f.file).startsWith('modules/log-bucket/'));
    assert.ok(inModule.length > 0);
    assert.deepEqual([...new Set(inModule.map((f) => f.resource))], ['module.log_bucket.aws_s3_bucket.this']);
  });

  it('says where a failing value came from: the default of a root variable', async () => {
    const r = await lintSources(folder(`${TREE}/live`));
    const tg101 = r.findings.find((f) => f.ruleId === 'TG101')!;
    assert.match(tg101.message, /; `enable_log_file_validation = var.validate` is false \(default of `var.validate`, variables\.tf:3\)$/);
    assert.deepEqual(related(tg101), [`the value comes from the default of \`var.validate\` (${TREE}/live/variables.tf:3) @ live/variables.tf:3:17-3:22`]);
  });

  it('a module that was not downloaded: every check of the bucket it creates is unknown, with what to do', async () => {
    const r = await lintSources(folder(`${TREE}/uninitialised`));
    const unknown = r.findings.filter((f) => f.status === 'unknown');
    assert.deepEqual(unknown.map((f) => f.ruleId), ['TG201', 'TG202', 'TG203', 'TG204', 'TG205', 'TG206', 'TG207', 'TG208', 'TG209', 'TG210', 'TG211', 'TG212', 'TG213']);
    for (const f of unknown) {
      assert.equal(range(f), 'uninitialised/main.tf:2:1-2:20');
      assert.equal(f.message, `${f.ruleId} could not be verified: \`module.log_bucket\` (\`cloudposse/s3-log-storage/aws\`) is not downloaded: run \`terraform init\` in ${TREE}/uninitialised`);
    }
    assert.deepEqual(r.findings.filter((f) => f.status === 'fail').map(line), ['TG103 fail aws_cloudtrail.org uninitialised/main.tf:8:1-8:32', 'TG106 fail aws_cloudtrail.org uninitialised/main.tf:8:1-8:32']);
  });

  // In-memory trees for nesting, cycles and the cache.
  function memory(files: Record<string, string>) {
    return {
      read: (p: string) => files[p],
      list: (dir: string) => {
        const out = Object.keys(files).filter((p) => path.dirname(p) === dir && p.endsWith('.tf'));
        return out.length ? out.sort() : undefined;
      },
    };
  }
  const trail = (bucket: string) => `resource "aws_cloudtrail" "org" {\n  name = "org"\n  s3_bucket_name = ${bucket}\n  is_multi_region_trail = true\n  enable_log_file_validation = true\n}\n`;

  it('nests to any depth (a trail in a grandchild linked to the root\'s bucket through variables), and guards cycles', async () => {
    const files: Record<string, string> = {
      'r/main.tf': 'resource "aws_s3_bucket" "logs" {\n  bucket = "org-audit-logs"\n}\nmodule "audit" {\n  source = "./audit"\n  bucket = aws_s3_bucket.logs.id\n}\nmodule "loop" {\n  source = "./loop"\n}\n',
      'r/audit/main.tf': 'variable "bucket" {}\nmodule "trail" {\n  source      = "../trail"\n  bucket_name = var.bucket\n}\n',
      'r/trail/main.tf': `variable "bucket_name" {}\n${trail('var.bucket_name')}`,
      'r/loop/main.tf': 'module "again" {\n  source = "../loop"\n}\n',
    };
    const unit = await parseTerraformModule(Object.keys(files).filter((p) => p.startsWith('r/main')).map((p) => ({ path: p, text: files[p] })), { cache: false, files: memory(files) });
    assert.deepEqual(unit.errors, []);
    const t = unit.scene.trails[0];
    assert.equal(t.id, 'module.audit.module.trail.aws_cloudtrail.org');
    assert.equal(t.bucket.state === 'linked' && t.bucket.entity.id, 'aws_s3_bucket.logs');
    assert.deepEqual(t.via?.map((v) => v.message), ['created by `module "audit"` (source `./audit`)', 'created by `module "trail"` (source `../trail`)']);
  });

  it('re-evaluates a child module when one of its files changes, and not otherwise', async () => {
    const files: Record<string, string> = {
      'c/main.tf': `module "b" {\n  source = "./b"\n}\n${trail('module.b.id')}`,
      'c/b/main.tf': 'resource "aws_s3_bucket" "this" {\n  bucket = "org-audit-logs"\n}\nresource "aws_s3_bucket_versioning" "v" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\noutput "id" {\n  value = aws_s3_bucket.this.id\n}\n',
    };
    const root = [{ path: 'c/main.tf', text: files['c/main.tf'] }];
    const reader = memory(files);
    const first = await parseTerraformModule(root, { files: reader });
    assert.equal(first.scene.buckets[0].versioning.state === 'known' && first.scene.buckets[0].versioning.value, 'Enabled');
    assert.equal(await parseTerraformModule(root, { files: reader }), first, 'nothing changed: the cached result');
    files['c/b/main.tf'] = files['c/b/main.tf'].replace('"Enabled"', '"Suspended"');
    const second = await parseTerraformModule(root, { files: reader });
    assert.notEqual(second, first);
    assert.equal(second.scene.buckets[0].versioning.state === 'known' && second.scene.buckets[0].versioning.value, 'Suspended');
  });

  it('a module call with for_each is evaluated once per instance; `module.x["key"].out` picks one', async () => {
    const files: Record<string, string> = {
      'f/main.tf': `module "b" {\n  for_each = { audit = "Enabled", access = "Suspended" }\n  source   = "./b"\n  name     = "org-\${each.key}-logs"\n  status   = each.value\n}\n${trail('module.b["audit"].id')}`,
      'f/b/main.tf': 'variable "name" {}\nvariable "status" {}\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\nresource "aws_s3_bucket_versioning" "v" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status = var.status\n  }\n}\noutput "id" {\n  value = aws_s3_bucket.this.id\n}\n',
    };
    const unit = await parseTerraformModule([{ path: 'f/main.tf', text: files['f/main.tf'] }], { cache: false, files: memory(files) });
    assert.deepEqual(unit.scene.buckets.map((b) => [b.id, b.name.state === 'known' && b.name.value, b.versioning.state === 'known' && b.versioning.value, b.trails.map((t) => t.id)]), [
      ['module.b["access"].aws_s3_bucket.this', 'org-access-logs', 'Suspended', []],
      ['module.b["audit"].aws_s3_bucket.this', 'org-audit-logs', 'Enabled', ['aws_cloudtrail.org']],
    ]);
    assert.deepEqual(unit.scene.buckets[1].via?.map((v) => v.message), ['created by `module.b["audit"]` (source `./b`)']);
  });

  it('a policy passed as a call argument keeps its statement ranges in the caller\'s file', async () => {
    const files: Record<string, string> = {
      'p/main.tf': [
        'module "logs" {',
        '  source = "./bucket"',
        '  policy = <<-EOT',
        '    {"Version": "2012-10-17", "Statement": [',
        '      {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",',
        '       "Condition": {"Bool": {"aws:SecureTransport": "false"}}}',
        '    ]}',
        '  EOT',
        '}',
        '',
      ].join('\n'),
      'p/bucket/main.tf': 'variable "policy" {}\nresource "aws_s3_bucket" "this" {\n  bucket = "org-audit-logs"\n}\nresource "aws_s3_bucket_policy" "this" {\n  bucket = aws_s3_bucket.this.id\n  policy = var.policy\n}\n',
    };
    const unit = await parseTerraformModule([{ path: 'p/main.tf', text: files['p/main.tf'] }], { cache: false, files: memory(files) });
    const policy = unit.scene.buckets[0].policy;
    assert.equal(policy.state, 'known');
    const loc = policy.statements[0].loc!;
    assert.equal(`${loc.file}:${loc.range.start.line + 1}:${loc.range.start.character + 1}-${loc.range.end.line + 1}:${loc.range.end.character + 1}`, 'p/main.tf:5:7-6:64');
  });

  it('a module call with count = 0 creates nothing; an unknown count makes its entities unknown', async () => {
    const child = 'resource "aws_kms_key" "k" {\n  enable_key_rotation = false\n}\noutput "arn" {\n  value = aws_kms_key.k.arn\n}\n';
    const files: Record<string, string> = {
      'k/main.tf': 'variable "on" {\n  type = bool\n}\nmodule "off" {\n  source = "./key"\n  count  = 0\n}\nmodule "maybe" {\n  source = "./key"\n  count  = var.on ? 1 : 0\n}\n',
      'k/key/main.tf': child,
    };
    const unit = await parseTerraformModule([{ path: 'k/main.tf', text: files['k/main.tf'] }], { cache: false, files: memory(files) });
    assert.deepEqual(unit.scene.keys.map((k) => [k.id, k.inaccessible]), [
      ['module.maybe.aws_kms_key.k', '`module.maybe` may or may not exist: `count = var.on ? 1 : 0` is not known (`var.on` has no default)'],
    ]);
  });
});
