// Terraform plan JSON as its own input kind: test/fixtures/plan/plan.json is `terraform show -json` of the root
// module beside it (a trail, its key, a Config recorder, and a local bucket module with v4 satellite resources).
// Every finding is pinned by rule id and the exact text it covers in the plan, and by the `.tf` definition its
// related information points to.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lintSources } from '../../../src/core/engine';
import { detectFormat } from '../../../src/core/formats/registry';
import type { Finding } from '../../../src/core/model';
import type { SourceFile } from '../../../src/core/parse/unit';

const root = path.join(__dirname, '../../fixtures/plan');
const read = (rel: string): SourceFile => ({ path: rel, text: fs.readFileSync(path.join(root, rel), 'utf8') });
const planText = read('plan.json').text;
const definitions = ['main.tf', 'terraform.tfvars', 'modules/log-bucket/main.tf'].map(read);

/** The range of `from`…`to` (the first `to` at or after `from`), searched after `anchor`. */
function rangeIn(text: string, anchor: string, from: string, to = from): string {
  const a = text.indexOf(anchor);
  assert.ok(a >= 0, `fixture has no ${anchor}`);
  const start = text.indexOf(from, a);
  assert.ok(start >= 0, `fixture has no ${from} after ${anchor}`);
  const endAt = text.indexOf(to, start);
  assert.ok(endAt >= 0, `fixture has no ${to} after ${from}`);
  const pos = (o: number) => {
    const before = text.slice(0, o).split('\n');
    return `${before.length}:${before[before.length - 1].length + 1}`;
  };
  return `${pos(start)}-${pos(endAt + to.length)}`;
}

const span = (f: Finding) => `${f.range!.start.line + 1}:${f.range!.start.character + 1}-${f.range!.end.line + 1}:${f.range!.end.character + 1}`;
const definedAt = (f: Finding) => f.related.filter((r) => r.message.endsWith('is defined here')).map((r) => `${r.loc!.file}:${r.loc!.range.start.line + 1}`);

async function lintPlan(text = planText, context: SourceFile[] = definitions): Promise<{ fails: Finding[]; unknowns: Finding[]; errors: string[] }> {
  const r = await lintSources([{ path: 'plan.json', text }, ...context]);
  const mine = r.findings.filter((f) => f.file === 'plan.json');
  return { fails: mine.filter((f) => f.status === 'fail'), unknowns: mine.filter((f) => f.status === 'unknown'), errors: r.errors.map((e) => `${e.file}:${e.range.start.line + 1} ${e.message}`) };
}

const trail = '"address": "aws_cloudtrail.main"';
const recorder = '"address": "aws_config_configuration_recorder.main"';
const key = '"address": "aws_kms_key.trail"';
const bucket = '"address": "module.log_bucket.aws_s3_bucket.this"';
const lock = '"address": "module.log_bucket.aws_s3_bucket_object_lock_configuration.this"';
const policy = '"address": "module.log_bucket.aws_s3_bucket_policy.this"';
const pab = '"address": "module.log_bucket.aws_s3_bucket_public_access_block.this"';
const versioning = '"address": "module.log_bucket.aws_s3_bucket_versioning.this"';

/** [rule, resource, range in plan.json, where it is defined]. */
const expected: [string, string, string, string][] = [
  ['TG106', 'aws_cloudtrail.main', rangeIn(planText, trail, trail), 'main.tf:5'],
  ['TG101', 'aws_cloudtrail.main', rangeIn(planText, trail, '"enable_log_file_validation": false'), 'main.tf:5'],
  ['TG403', 'aws_config_configuration_recorder.main', rangeIn(planText, recorder, recorder), 'main.tf:47'],
  ['TG402', 'aws_config_configuration_recorder.main', rangeIn(planText, recorder, '"include_global_resource_types": false'), 'main.tf:47'],
  ['TG401', 'aws_config_configuration_recorder.main', rangeIn(planText, recorder, '"use_only": "INCLUSION_BY_RESOURCE_TYPES"'), 'main.tf:47'],
  ['TG303', 'aws_kms_key.trail', rangeIn(planText, key, '"enable_key_rotation": false'), 'main.tf:14'],
  // A missing statement: at the `Statement` key inside the policy string.
  ['TG301', 'aws_kms_key.trail', rangeIn(planText, key, '\\"Statement\\"'), 'main.tf:14'],
  ['TG204', 'module.log_bucket.aws_s3_bucket.this', rangeIn(planText, bucket, bucket), 'modules/log-bucket/main.tf:10'],
  ['TG211', 'module.log_bucket.aws_s3_bucket.this', rangeIn(planText, bucket, bucket), 'modules/log-bucket/main.tf:10'],
  ['TG202', 'module.log_bucket.aws_s3_bucket.this', rangeIn(planText, lock, '"days": 30'), 'modules/log-bucket/main.tf:23'],
  ['TG202', 'module.log_bucket.aws_s3_bucket.this', rangeIn(planText, lock, '"mode": "GOVERNANCE"'), 'modules/log-bucket/main.tf:23'],
  ['TG206', 'module.log_bucket.aws_s3_bucket.this', rangeIn(planText, policy, '\\"Statement\\"'), 'modules/log-bucket/main.tf:54'],
  // The grants are statements inside the policy string: ranged at each statement, escapes and all.
  ['TG208', 'module.log_bucket.aws_s3_bucket.this', rangeIn(planText, policy, '{\\"Action\\":\\"s3:GetBucketAcl\\"', '\\"Sid\\":\\"AWSCloudTrailAclCheck\\"}'), 'modules/log-bucket/main.tf:54'],
  ['TG208', 'module.log_bucket.aws_s3_bucket.this', rangeIn(planText, policy, '{\\"Action\\":\\"s3:PutObject\\"', '\\"Sid\\":\\"AWSCloudTrailWrite\\"}'), 'modules/log-bucket/main.tf:54'],
  ['TG205', 'module.log_bucket.aws_s3_bucket.this', rangeIn(planText, pab, '"restrict_public_buckets": false'), 'modules/log-bucket/main.tf:34'],
  ['TG203', 'module.log_bucket.aws_s3_bucket.this', rangeIn(planText, versioning, '"status": "Suspended"'), 'modules/log-bucket/main.tf:15'],
];

describe('Terraform plan JSON', function () {
  this.timeout(30000);

  it('is recognised by content: format_version with planned_values / resource_changes', () => {
    assert.strictEqual(detectFormat('plan.json', planText)?.id, 'terraform-plan');
    assert.strictEqual(detectFormat('out/tfplan.json', '{"format_version":"1.2","resource_changes":[]}')?.id, 'terraform-plan');
    assert.strictEqual(detectFormat('plan.txt', planText, { anyName: true })?.id, 'terraform-plan');
    // A state (`terraform show -json` without a plan) has only `values`; not a plan.
    assert.strictEqual(detectFormat('state.json', '{"format_version":"1.0","values":{"root_module":{}}}'), undefined);
  });

  it('reports each finding at the planned value, with its definition in the .tf source', async () => {
    const { fails, unknowns, errors } = await lintPlan();
    assert.deepStrictEqual(errors, []);
    assert.deepStrictEqual(unknowns.map((f) => `${f.ruleId} ${f.message}`), [], 'every value of the plan is known');
    const got = fails.map((f) => [f.ruleId, f.resource, span(f), definedAt(f).join(',')]);
    const order = (x: (string | undefined)[]) => `${x[2]!.padStart(12)} ${x[0]}`;
    assert.deepStrictEqual(got.sort((a, b) => order(a).localeCompare(order(b))), [...expected].sort((a, b) => order(a).localeCompare(order(b))));
  });

  it('links the trail to the bucket of the module (through its output) and to the key', async () => {
    const { fails } = await lintPlan();
    const tg203 = fails.find((f) => f.ruleId === 'TG203')!;
    assert.ok(tg203.related.some((r) => r.message === 'log bucket of aws_cloudtrail.main' && r.loc?.file === 'plan.json'), JSON.stringify(tg203.related));
    const tg303 = fails.find((f) => f.ruleId === 'TG303')!;
    assert.ok(tg303.related.some((r) => r.message === 'encryption key of aws_cloudtrail.main'), JSON.stringify(tg303.related));
  });

  it('offers no fix in the plan: the configuration is where to fix', async () => {
    const { fails } = await lintPlan();
    assert.deepStrictEqual(fails.filter((f) => f.fixes.length).map((f) => f.ruleId), []);
  });

  it('lints the same without the .tf files, without definitions', async () => {
    const { fails } = await lintPlan(planText, []);
    assert.deepStrictEqual(fails.map((f) => `${f.ruleId} ${span(f)}`).sort(), expected.map(([id, , r]) => `${id} ${r}`).sort());
    assert.deepStrictEqual(fails.flatMap(definedAt), []);
  });

  it('reads a minified plan (as terraform prints it) the same way', async () => {
    const minified = JSON.stringify(JSON.parse(planText));
    const { fails } = await lintPlan(minified);
    assert.deepStrictEqual(fails.map((f) => f.ruleId).sort(), expected.map(([id]) => id).sort());
    assert.ok(fails.every((f) => f.range!.start.line === 0));
    const tg101 = fails.find((f) => f.ruleId === 'TG101')!;
    assert.strictEqual(minified.slice(tg101.range!.start.character, tg101.range!.end.character), '"enable_log_file_validation":false');
  });

  it('a module instance of for_each: resources named by their instance address, still linked and defined', async () => {
    const keyed = 'module.log_bucket[\\"audit\\"]';
    const text = planText.split('"module.log_bucket.').join(`"${keyed}.`).split('"address": "module.log_bucket"').join(`"address": "${keyed}"`).split('"module_address": "module.log_bucket"').join(`"module_address": "${keyed}"`);
    const { fails, unknowns, errors } = await lintPlan(text);
    assert.deepStrictEqual(errors, []);
    assert.deepStrictEqual(unknowns.map((f) => f.ruleId), []);
    const tg203 = fails.find((f) => f.ruleId === 'TG203')!;
    assert.strictEqual(tg203.resource, 'module.log_bucket["audit"].aws_s3_bucket.this');
    assert.ok(tg203.related.some((r) => r.message === 'log bucket of aws_cloudtrail.main'), 'linked through the output of the one instance');
    assert.deepStrictEqual(definedAt(tg203), ['modules/log-bucket/main.tf:15']);
    assert.strictEqual(fails.length, expected.length);
  });

  describe('values known only after apply', () => {
    /** The fixture with the key created by this plan: its ARN, and so the trail's kms_key_id, are unknown. */
    function newKeyPlan(): string {
      const plan = JSON.parse(planText);
      const keyValues = plan.planned_values.root_module.resources.find((r: { address: string }) => r.address === 'aws_kms_key.trail').values;
      for (const k of ['arn', 'id', 'key_id']) delete keyValues[k];
      const trailValues = plan.planned_values.root_module.resources.find((r: { address: string }) => r.address === 'aws_cloudtrail.main').values;
      delete trailValues.kms_key_id;
      for (const c of plan.resource_changes) {
        if (c.address === 'aws_kms_key.trail') c.change = { ...c.change, actions: ['create'], before: null, after_unknown: { arn: true, id: true, key_id: true } };
        if (c.address === 'aws_cloudtrail.main') c.change.after_unknown = { kms_key_id: true };
      }
      return JSON.stringify(plan, null, 2);
    }

    it('a reference to a resource of the plan links as in the source', async () => {
      const { fails, unknowns } = await lintPlan(newKeyPlan());
      assert.deepStrictEqual(unknowns.map((f) => f.ruleId), []);
      assert.ok(!fails.some((f) => f.ruleId === 'TG103'), 'the trail is encrypted with the new key');
      const tg301 = fails.find((f) => f.ruleId === 'TG301')!;
      assert.ok(tg301.related.some((r) => r.message === 'encryption key of aws_cloudtrail.main'), 'the new key is the trail key');
    });

    it('without a reference it is unknown, with the reason', async () => {
      const plan = JSON.parse(newKeyPlan());
      const trailConfig = plan.configuration.root_module.resources.find((r: { address: string }) => r.address === 'aws_cloudtrail.main');
      trailConfig.expressions.kms_key_id = { references: ['var.key_arn'] };
      const { unknowns } = await lintPlan(JSON.stringify(plan, null, 2));
      const tg103 = unknowns.find((f) => f.ruleId === 'TG103');
      assert.ok(tg103, JSON.stringify(unknowns.map((f) => f.ruleId)));
      assert.match(tg103.message, /`kms_key_id` is known only after apply \(`aws_cloudtrail.main` in the plan\)/);
    });

    /** kms_key_id = local.trail_key_arn: the plan lists only `local.trail_key_arn` among its references. */
    function viaLocal(): string {
      const plan = JSON.parse(newKeyPlan());
      plan.configuration.root_module.resources.find((r: { address: string }) => r.address === 'aws_cloudtrail.main').expressions.kms_key_id = { references: ['local.trail_key_arn'] };
      return JSON.stringify(plan, null, 2);
    }
    const withLocal = (expr: string) => definitions.map((f) => (f.path === 'main.tf' ? { ...f, text: f.text.replace('kms_key_id                    = aws_kms_key.trail.arn', 'kms_key_id = local.trail_key_arn') + `\nlocals {\n  # the trail's key\n  region        = "eu-west-1"\n  trail_key_arn = ${expr}\n}\n` } : f));

    it('a local is followed through its expression in the .tf files', async () => {
      const { fails, unknowns } = await lintPlan(viaLocal(), withLocal('aws_kms_key.trail.arn'));
      assert.deepStrictEqual(unknowns.map((f) => f.ruleId), []);
      assert.ok(fails.find((f) => f.ruleId === 'TG301')!.related.some((r) => r.message === 'encryption key of aws_cloudtrail.main'), 'the new key is the trail key');
      // Through a conditional and a second local as well.
      const nested = withLocal('var.use_cmk ? local.cmk : null').map((f) => (f.path === 'main.tf' ? { ...f, text: f.text + 'locals {\n  cmk = "${aws_kms_key.trail.arn}"\n}\n' } : f));
      const again = await lintPlan(viaLocal(), nested);
      assert.deepStrictEqual(again.unknowns.map((f) => f.ruleId), []);
    });

    it('a local without its .tf definition is unknown, and says why', async () => {
      const { unknowns } = await lintPlan(viaLocal(), []);
      const tg103 = unknowns.find((f) => f.ruleId === 'TG103');
      assert.ok(tg103, JSON.stringify(unknowns.map((f) => f.ruleId)));
      assert.match(tg103.message, /`kms_key_id` is known only after apply \(`aws_cloudtrail.main` in the plan\) and comes from `local.trail_key_arn`, which the plan does not record \(Terraform leaves locals out of its configuration\): lint the plan together with the module's .tf files to follow it/);
    });
  });

  it('a downloaded module: definitions in .terraform/modules, found through modules.json', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-plan-registry-'));
    try {
      const moduleDir = path.join(dir, '.terraform', 'modules', 'log_bucket');
      fs.mkdirSync(moduleDir, { recursive: true });
      fs.copyFileSync(path.join(root, 'modules/log-bucket/main.tf'), path.join(moduleDir, 'main.tf'));
      fs.writeFileSync(path.join(dir, '.terraform', 'modules', 'modules.json'), JSON.stringify({ Modules: [
        { Key: '', Source: '', Dir: '.' },
        { Key: 'log_bucket', Source: 'registry.terraform.io/acme/log-bucket/aws', Version: '2.1.0', Dir: '.terraform/modules/log_bucket' },
      ] }));
      const plan = JSON.parse(planText);
      plan.configuration.root_module.module_calls.log_bucket.source = 'acme/log-bucket/aws';
      plan.configuration.root_module.module_calls.log_bucket.version_constraint = '2.1.0';
      const r = await lintSources([{ path: path.join(dir, 'plan.json'), text: JSON.stringify(plan, null, 2) }, { ...read('main.tf'), path: path.join(dir, 'main.tf') }]);
      const tg203 = r.findings.find((f) => f.ruleId === 'TG203' && f.file!.endsWith('plan.json'))!;
      assert.deepStrictEqual(definedAt(tg203), [`${path.join(moduleDir, 'main.tf')}:15`]);
      assert.deepStrictEqual(definedAt(r.findings.find((f) => f.ruleId === 'TG101' && f.file!.endsWith('plan.json'))!), [`${path.join(dir, 'main.tf')}:5`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('what it refuses', () => {
    it('a format_version it does not know', async () => {
      const { errors, fails } = await lintPlan(planText.replace('"format_version": "1.2"', '"format_version": "2.0"'));
      assert.deepStrictEqual(errors, ['plan.json:2 Terraform plan format_version 2.0 is not supported (TrailGuard reads 1.x)']);
      assert.deepStrictEqual(fails, []);
    });

    it('a plan that errored: reported, and what it holds still linted', async () => {
      const { errors, fails } = await lintPlan(planText.replace('"errored": false', '"errored": true'));
      assert.strictEqual(errors.length, 1);
      assert.match(errors[0], /^plan\.json:\d+ terraform plan failed \("errored": true\)/);
      assert.strictEqual(fails.length, expected.length);
    });
  });
});
