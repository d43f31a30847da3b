// Input-keyed objects must never reach Object.prototype: one file with a `__proto__` key used to change the
// severity of every other file's findings (and CI's exit code) for the rest of the process.
import * as assert from 'assert';
import { lintSources } from '../../src/core/engine';
import { loadConfigFile, mergeConfig } from '../../src/core/config';
import { normalizePolicy, parseJsonText } from '../../src/core/policy/normalize';
import { interpolationText } from '../../src/core/parse/terraform/values';
import { parseTerraformModule } from '../../src/core/parse/terraform';
import { parseCloudFormation } from '../../src/core/parse/cfn';
import { runCli, tempTree } from '../cli/helpers';
import { assertPrototypeClean } from './helpers';

const trail = `resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "some-bucket"
  is_multi_region_trail      = true
  enable_log_file_validation = false
}
`;

const pollutingPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{
    Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::x/*',
    Condition: JSON.parse('{"__proto__": {"TG101": "warning", "aws:SecureTransport": "false"}, "constructor": {"prototype": "x"}}'),
  }],
}, null, 2);

describe('prototype pollution', () => {
  afterEach(assertPrototypeClean);

  it('core lint: a policy Condition key __proto__ is an ordinary key and leaves other files\' severities alone', async () => {
    const result = await lintSources([
      { path: '/ws/b/bucket-policy.json', text: pollutingPolicy },
      { path: '/ws/a/main.tf', text: trail },
    ]);
    assertPrototypeClean();
    const tg101 = result.findings.filter((f) => f.ruleId === 'TG101');
    assert.deepStrictEqual(tg101.map((f) => [f.file, f.status, f.severity]), [['/ws/a/main.tf', 'fail', 'error']]);
    const doc = normalizePolicy(parseJsonText(pollutingPolicy) as never);
    const conditions = doc.statements[0].conditions;
    assert.deepStrictEqual(Object.keys(conditions), ['__proto__', 'constructor']);
    assert.deepStrictEqual(conditions.__proto__.TG101, ['warning']);
    assert.deepStrictEqual(conditions.constructor.prototype, ['x']);
  });

  it('core lint: a Terraform jsonencode policy with a __proto__ condition operator pollutes nothing', async () => {
    const module = `resource "aws_s3_bucket_policy" "p" {
  bucket = "logs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Deny"
      Principal = "*"
      Action = "s3:*"
      Resource = "arn:aws:s3:::logs/*"
      Condition = { "__proto__" = { TG101 = "info" } }
    }]
  })
}
`;
    const result = await lintSources([{ path: '/ws/p/main.tf', text: module }, { path: '/ws/a/main.tf', text: trail }]);
    assertPrototypeClean();
    assert.deepStrictEqual(result.findings.filter((f) => f.ruleId === 'TG101').map((f) => f.severity), ['error']);
    // An HCL object key `__proto__` is kept as a key when the value is rendered as JSON (jsonencode, templates).
    const value = { t: 'obj' as const, props: [{ key: '__proto__', value: { t: 'obj' as const, props: [{ key: 'a', value: { t: 'str' as const, v: 'b' } }] } }] };
    assert.strictEqual(interpolationText(value), '{"__proto__":{"a":"b"}}');
  });

  it('tags: a tag spec `constructor` is not found on every bucket', async () => {
    const bucket = 'resource "aws_s3_bucket" "b" {\n  bucket = "plain-bucket"\n  tags = { Name = "plain" }\n}\n';
    const tagged = await lintSources([{ path: '/ws/t/main.tf', text: bucket }], { auditBucketTag: 'constructor' });
    assert.deepStrictEqual(tagged.findings.filter((f) => f.ruleId.startsWith('TG2')).map((f) => f.ruleId), []);
    const real = await lintSources([{ path: '/ws/t/main.tf', text: bucket }], { auditBucketTag: 'Name' });
    assert.ok(real.findings.some((f) => f.ruleId.startsWith('TG2')), 'a real tag key still marks the bucket as an audit bucket');
  });

  it('.trailguard.yaml: `constructor` is not a severity and `__proto__` is not a way into the rules map', async () => {
    const warnings: string[] = [];
    const config = loadConfigFile('rules:\n  TG101: constructor\n  __proto__:\n    TG101: "off"\n  TG102: toString\n', warnings);
    assert.deepStrictEqual(warnings, [
      'rules.TG101: expected error, warning, info or off',
      'rules.__proto__: expected error, warning, info or off',
      'rules.TG102: expected error, warning, info or off',
    ]);
    assert.deepStrictEqual({ ...config.rules }, {});
    const merged = mergeConfig(config, JSON.parse('{"__proto__": {"scope": "all"}, "rules": {"TG103": "info"}}'));
    assert.strictEqual(merged.scope, 'trail');
    assert.strictEqual(merged.rules.TG103, 'info');
    assert.strictEqual(merged.rules.constructor, undefined);

    const dir = tempTree({ 'main.tf': trail, '.trailguard.yaml': 'rules:\n  TG101: constructor\n' });
    const run = await runCli(['lint', '.', '--format', 'json'], dir);
    const tg101 = JSON.parse(run.stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'TG101');
    assert.strictEqual(tg101.severity, 'error');
    assert.strictEqual(run.code, 1, 'CI still fails');
    assert.match(run.stderr, /rules\.TG101: expected error, warning, info or off/);
  });
  it('HCL and CloudFormation names spelled like Object members are ordinary names (variables, locals, mappings, tags)', async () => {
    const tf = [
      'variable "constructor" {\n  default = "x"\n}',
      'locals {\n  __proto__ = { a = "b" }\n  prototype = var.constructor\n}',
      'resource "aws_s3_bucket" "toString" {\n  bucket = "${local.prototype}-${local.__proto__.a}"\n  tags   = { __proto__ = "p", constructor = "c" }\n}',
      'resource "aws_cloudtrail" "hasOwnProperty" {\n  name           = "t"\n  s3_bucket_name = aws_s3_bucket.toString.id\n}',
    ].join('\n');
    const module = await parseTerraformModule([{ path: '/ws/m/main.tf', text: tf }], { cache: false });
    assert.deepStrictEqual(module.errors, []);
    const bucket = module.scene.buckets[0];
    assert.strictEqual(bucket.name.state === 'known' && bucket.name.value, 'x-b');
    assert.deepStrictEqual(bucket.tags.state === 'known' && Object.entries(bucket.tags.value), [['__proto__', 'p'], ['constructor', 'c']]);
    assert.strictEqual(module.scene.trails[0].bucket.state, 'linked');

    const cfn = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Parameters:\n  constructor:\n    Type: String\n    Default: logs',
      'Mappings:\n  __proto__:\n    toString:\n      name: mapped',
      'Conditions:\n  valueOf: !Equals [!Ref constructor, logs]',
      'Resources:\n  hasOwnProperty:\n    Type: AWS::S3::Bucket\n    Condition: valueOf\n    Properties:\n      BucketName: !FindInMap [__proto__, toString, name]\n      Tags:\n        - Key: __proto__\n          Value: x',
      '  T:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: !Ref hasOwnProperty\n      IsLogging: true',
      '',
    ].join('\n');
    const template = parseCloudFormation({ path: 's.yaml', text: cfn }, 'cfn-yaml');
    assert.deepStrictEqual(template.errors, []);
    const b = template.scene.buckets[0];
    assert.strictEqual(b.name.state === 'known' && b.name.value, 'mapped');
    assert.deepStrictEqual(b.tags.state === 'known' && Object.keys(b.tags.value), ['__proto__']);
    assert.strictEqual(template.scene.trails[0].bucket.state, 'linked');
  });
});
