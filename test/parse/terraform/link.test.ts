// Trail → bucket → key linking (rules.md §2.1) and the v3/v4 effective bucket (§2.2).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseTerraformModule } from '../../../src/core/parse/terraform';
import { at, known, parse, scene } from './helpers';

const fixture = (name: string) => {
  const dir = path.join(__dirname, '../../fixtures/terraform', name);
  return Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
};

describe('terraform linking', () => {
  it('links by reference, marks the bucket and key with the trail', async () => {
    const s = await scene(fixture('v4-split'));
    const [t] = s.trails;
    assert.equal(t.bucket.state, 'linked');
    if (t.bucket.state !== 'linked' || t.key.state !== 'linked') return assert.fail('not linked');
    assert.equal(t.bucket.via, 'reference');
    assert.equal(t.bucket.entity.id, 'aws_s3_bucket.logs');
    assert.equal(t.key.entity.id, 'aws_kms_key.trail');
    assert.deepEqual(t.bucket.entity.trails.map((r) => [r.kind, r.id, at(r.loc)]), [['trail', 'aws_cloudtrail.org', 'main.tf:3:1-3:32']]);
    assert.deepEqual(t.key.entity.trails.map((r) => r.id), ['aws_cloudtrail.org']);
    assert.deepEqual(t.key.entity.aliases, ['alias/cloudtrail']);
  });

  it('links by literal name, and by a variable shared with the bucket', async () => {
    const byName = await scene({
      'main.tf': 'resource "aws_s3_bucket" "a" { bucket = "logs-a" }\nresource "aws_s3_bucket" "b" { bucket = "logs-b" }\nresource "aws_cloudtrail" "t" { s3_bucket_name = "logs-b" }\n',
    });
    const t1 = byName.trails[0];
    assert.ok(t1.bucket.state === 'linked' && t1.bucket.via === 'name' && t1.bucket.entity.id === 'aws_s3_bucket.b');
    assert.deepEqual(byName.buckets[0].trails, []);

    const shared = await scene({
      'main.tf': 'variable "bucket" {}\nresource "aws_s3_bucket" "a" { bucket = var.bucket }\nresource "aws_cloudtrail" "t" { s3_bucket_name = var.bucket }\n',
    });
    const t2 = shared.trails[0];
    assert.ok(t2.bucket.state === 'linked' && t2.bucket.via === 'shared-variable' && t2.bucket.entity.id === 'aws_s3_bucket.a');
  });

  it('does not link through a shared variable when both names are known and differ', async () => {
    const s = await scene({
      'main.tf': [
        'variable "name" {\n  default = "acme"\n}',
        'resource "aws_s3_bucket" "own" {\n  bucket = "${var.name}-own"\n}',
        'resource "aws_cloudtrail" "t" {\n  s3_bucket_name = "${var.name}-trail-logs"\n}',
        'resource "aws_s3_bucket" "same" {\n  bucket = "${var.name}-trail-logs"\n}',
        'resource "aws_cloudtrail" "u" {\n  s3_bucket_name = "${var.name}-elsewhere"\n}',
      ].join('\n'),
    });
    const [t, u] = s.trails;
    // The names say which bucket it is, whatever the variable they share.
    assert.ok(t.bucket.state === 'linked' && t.bucket.via === 'name' && t.bucket.entity.id === 'aws_s3_bucket.same');
    assert.deepEqual(u.bucket.state === 'unresolved' && u.bucket.reason, 'no bucket in this module is named `acme-elsewhere`');
    assert.deepEqual(s.buckets.map((b) => [b.id, b.trails.map((r) => r.id)]), [['aws_s3_bucket.own', []], ['aws_s3_bucket.same', ['aws_cloudtrail.t']]]);
  });

  it('links a trail to the bucket a module builds, not to a root bucket named from the same variable', async () => {
    const dir = path.join(__dirname, '../../fixtures/terraform/module-name-var');
    const files = ['main.tf'].map((f) => ({ path: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), 'utf8') }));
    const { scene: s } = await parseTerraformModule(files);
    const [t] = s.trails;
    assert.ok(t.bucket.state === 'linked', JSON.stringify(t.bucket));
    assert.equal(t.bucket.state === 'linked' && t.bucket.entity.id, 'module.logs.aws_s3_bucket.b');
    const own = s.buckets.find((b) => b.id === 'aws_s3_bucket.own')!;
    assert.deepEqual(own.trails, []);
  });

  it('leaves the link unresolved with a reason for bucket_prefix and unknown names', async () => {
    const s = await scene({
      'main.tf': [
        'resource "aws_s3_bucket" "p" { bucket_prefix = "logs-" }',
        'resource "aws_cloudtrail" "a" { s3_bucket_name = "logs-123" }',
        'resource "aws_cloudtrail" "b" { s3_bucket_name = module.m.bucket }',
        'resource "aws_cloudtrail" "c" {}',
        'resource "aws_cloudtrail" "d" { s3_bucket_name = aws_s3_bucket.p.id }',
      ].join('\n'),
    });
    const [a, b, c, d] = s.trails;
    assert.deepEqual(
      a.bucket.state === 'unresolved' && [a.bucket.reason, at(a.bucket.loc)],
      ['no bucket in this module is named `logs-123` (the name of `aws_s3_bucket.p` is not known)', 'main.tf:2:33-2:60'],
    );
    assert.equal(b.bucket.state === 'unresolved' && b.bucket.reason, '`module.m.bucket` is a module output');
    assert.deepEqual(c.bucket, { state: 'absent' });
    // A direct reference still says which bucket it is, even though its name is generated.
    assert.ok(d.bucket.state === 'linked' && d.bucket.via === 'reference');
    assert.equal(d.s3BucketName.state === 'unresolved' && d.s3BucketName.reason, '`aws_s3_bucket.p` has a generated name (`bucket_prefix`)');
    assert.equal(s.buckets[0].name.state === 'unresolved' && s.buckets[0].name.reason, '`aws_s3_bucket.p` has a generated name (`bucket_prefix`)');
  });

  it('links keys through aliases and key policies through aws_kms_key_policy', async () => {
    const s = await scene({
      'main.tf': [
        'resource "aws_kms_key" "k" {}',
        'resource "aws_kms_alias" "a" {',
        '  name          = "alias/trail"',
        '  target_key_id = aws_kms_key.k.key_id',
        '}',
        'resource "aws_cloudtrail" "by_alias_ref" { kms_key_id = aws_kms_alias.a.arn }',
        'resource "aws_cloudtrail" "by_alias_name" { kms_key_id = "alias/trail" }',
        'resource "aws_cloudtrail" "external" { kms_key_id = "arn:aws:kms:us-east-1:111122223333:key/abc" }',
      ].join('\n'),
    });
    const [r, n, e] = s.trails;
    assert.ok(r.key.state === 'linked' && r.key.via === 'alias' && r.key.entity.id === 'aws_kms_key.k');
    assert.ok(n.key.state === 'linked' && n.key.via === 'alias');
    assert.equal(e.key.state === 'unresolved' && e.key.reason, 'the key `arn:aws:kms:us-east-1:111122223333:key/abc` is not declared in this module');
    assert.deepEqual(s.keys[0].trails.map((x) => x.id), ['aws_cloudtrail.by_alias_ref', 'aws_cloudtrail.by_alias_name']);
  });

  it('merges v4 satellites into the bucket, satellite attribute ranges pointing into the satellite', async () => {
    const s = await scene(fixture('v4-split'));
    const b = s.buckets[0];
    assert.equal(known(b.name), 'acme-org-trail-logs');
    assert.equal(known(b.versioning), 'Enabled');
    assert.equal(b.versioning.state === 'known' && at(b.versioning.loc), 's3.tf:9:5-9:23');
    assert.equal(known(b.objectLockEnabled), true);
    assert.equal(known(b.objectLockMode), 'GOVERNANCE');
    assert.equal(known(b.objectLockDays), 90);
    assert.equal(at(b.objectLockLoc), 's3.tf:13:1-22:2');
    assert.ok(!('state' in b.publicAccessBlock));
    if ('state' in b.publicAccessBlock) return;
    assert.equal(at(b.publicAccessBlock.loc), 's3.tf:24:1-24:52');
    assert.equal(known(b.publicAccessBlock.blockPublicAcls), true);
    assert.deepEqual(b.publicAccessBlock.restrictPublicBuckets, { state: 'absent' });
    assert.ok(Array.isArray(b.lifecycleRules));
    if (!Array.isArray(b.lifecycleRules)) return;
    assert.equal(known(b.lifecycleRules[0].prefix), 'AWSLogs/');
    assert.equal(known(b.lifecycleRules[0].expirationDays), 30);
    assert.equal(known(b.lifecycleRules[0].enabled), true);
    assert.equal(b.policy.state, 'known');
    assert.equal(b.conflicts, undefined);
  });

  it('reads v3 inline blocks', async () => {
    const s = await scene(fixture('v3-inline'));
    const [t] = s.trails;
    const b = s.buckets[0];
    assert.ok(t.bucket.state === 'linked' && t.bucket.entity === b);
    assert.ok(t.key.state === 'linked' && t.key.via === 'alias');
    assert.equal(known(b.versioning), 'Enabled');
    assert.equal(known(b.mfaDelete), 'Disabled');
    assert.equal(known(b.objectLockEnabled), true);
    assert.equal(known(b.objectLockMode), 'COMPLIANCE');
    assert.equal(known(b.objectLockYears), 1);
    assert.equal(known(b.acl), 'private');
    assert.equal(known(b.loggingTargetBucket), 'acme-access-logs');
    assert.equal(known(b.sseAlgorithm), 'aws:kms');
    assert.ok(Array.isArray(b.lifecycleRules) && known(b.lifecycleRules[0].noncurrentExpirationDays) === 400);
    assert.equal(s.keys[0].policy.state, 'unresolved');
    assert.equal(s.keys[0].policy.reason, '`file("${path.module}/key-policy.json")`: the file `./key-policy.json` is not in the workspace');
  });

  it('lets the v4 resource win over the inline block and records the conflict', async () => {
    const files = {
      'main.tf': [
        'resource "aws_s3_bucket" "b" {',
        '  bucket = "logs"',
        '  versioning {',
        '    enabled = false',
        '  }',
        '}',
        'resource "aws_s3_bucket_versioning" "v" {',
        '  bucket = "logs"',
        '  versioning_configuration {',
        '    status = "Enabled"',
        '  }',
        '}',
      ].join('\n'),
    };
    const b = (await scene(files)).buckets[0];
    assert.equal(known(b.versioning), 'Enabled');
    assert.deepEqual(b.conflicts?.map((c) => [c.aspect, at(c.loc)]), [['aws_s3_bucket_versioning', 'main.tf:7:1-7:40']]);
  });

  it('marks an aspect unresolved when its satellite bucket cannot be resolved', async () => {
    const b = (await scene({
      'main.tf': 'variable "name" {}\nresource "aws_s3_bucket" "b" { bucket = "logs" }\nresource "aws_s3_bucket_versioning" "v" {\n  bucket = var.name\n  versioning_configuration { status = "Enabled" }\n}\n',
    })).buckets[0];
    assert.equal(b.versioning.state, 'unresolved');
    assert.equal(
      b.versioning.state === 'unresolved' && b.versioning.reason,
      '`aws_s3_bucket_versioning.v` may configure this bucket, but its `bucket` is unknown: `var.name` has no default',
    );
  });

  // rules.md §2.2: the satellite's `bucket` cannot be resolved (the resource it names is not here), so it may be the
  // configuration of a declared bucket: what that bucket lacks of the aspect is unknown, never a failure. The
  // satellite is still judged on its own bucket (next entity).
  it('a satellite that names a bucket resource missing from the module makes that aspect of the declared buckets unknown', async () => {
    const { buckets } = await scene({
      'main.tf': 'resource "aws_s3_bucket" "b" { bucket = "logs" }\nresource "aws_s3_bucket_public_access_block" "p" {\n  bucket            = aws_s3_bucket.elsewhere.id\n  block_public_acls = true\n}\n',
    });
    assert.deepEqual(buckets[0].publicAccessBlock, {
      state: 'unresolved',
      reason: '`aws_s3_bucket_public_access_block.p` may configure this bucket: its `bucket` refers to `aws_s3_bucket.elsewhere`, which is not declared in this module',
    });
    assert.deepEqual(buckets.map((b) => b.id), ['aws_s3_bucket.b', 'aws_s3_bucket.elsewhere']);
    const pab = buckets[1].publicAccessBlock;
    assert.equal('blockPublicAcls' in pab && pab.blockPublicAcls.state === 'known' && pab.blockPublicAcls.value, true, 'the satellite is read on the bucket it names');
  });

  it('links a recorder status by reference and reads other entity kinds', async () => {
    const { scene: s, errors } = await parse({
      'config.tf': [
        'resource "aws_config_configuration_recorder" "r" {',
        '  name     = "default"',
        '  role_arn = "arn:aws:iam::111122223333:role/config"',
        '  recording_group {',
        '    all_supported = true',
        '  }',
        '}',
        'resource "aws_config_configuration_recorder_status" "s" {',
        '  name       = aws_config_configuration_recorder.r.name',
        '  is_enabled = false',
        '}',
        'resource "aws_config_configuration_aggregator" "a" {',
        '  account_aggregation_source {',
        '    all_regions = true',
        '  }',
        '}',
        'resource "aws_cloudtrail_event_data_store" "e" {}',
        'resource "aws_organizations_policy" "scp" {',
        '  content = jsonencode({ Statement = [{ Effect = "Deny", Action = "cloudtrail:StopLogging", Resource = "*" }] })',
        '}',
      ].join('\n'),
    });
    assert.deepEqual(errors, []);
    const r = s.recorders[0];
    assert.equal(known(r.allSupported), true);
    assert.deepEqual(r.includeGlobalResourceTypes, { state: 'absent' });
    assert.equal(known(r.isEnabled), false);
    assert.equal(at(r.statusLoc), 'config.tf:8:1-8:56');
    assert.ok(r.recordingGroupTarget);
    assert.equal(known(s.aggregators[0].allRegions), true);
    assert.deepEqual(s.eventDataStores[0].kmsKeyId, { state: 'absent' });
    assert.equal(known(s.orgPolicies[0].policyType), 'SERVICE_CONTROL_POLICY');
    assert.deepEqual(s.orgPolicies[0].policy.statements.map((st) => [st.effect, st.actions]), [['Deny', ['cloudtrail:StopLogging']]]);
  });
});
