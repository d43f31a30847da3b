// Code ↔ account linking over real inputs: Terraform fixtures parsed by the lint engine, and live scans through the
// real SDK against the wire-level endpoint (test/support/aws-endpoint).
import { strict as assert } from 'assert';
import * as path from 'path';
import { fixtureRoot, linkFixture, readTree } from './helpers';
import { linkCodeToAccount, type LinkReport, type ResourceLink } from '../../src/core/link/codeToAccount';
import { workspaceScenes } from '../../src/core/link/workspaceScenes';
import type { Scenario } from '../support/aws-endpoint/scenario';

const BUCKET = 'acme-audit-logs-111122223333';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const direct = path.join(fixtureRoot, 'direct');
const moduleTree = path.join(fixtureRoot, 'module');

const rel = (p: string) => path.relative(fixtureRoot, p);
function link(report: LinkReport, resource: string): ResourceLink {
  const found = report.links.find((l) => l.resource === resource);
  assert.ok(found, `no link for ${resource}: ${report.links.map((l) => l.resource).join(', ')}`);
  return found;
}
const msg = (d: { message: string }) => d.message.split(fixtureRoot + path.sep).join('');
const ruleDrifts = (l: ResourceLink) => l.drifts.filter((d) => d.kind === 'rule').map((d) => d.ruleId).sort();
const attributeDrifts = (l: ResourceLink) => l.drifts.filter((d) => d.kind === 'attribute').map((d) => `${rel(d.file)}:${d.line} ${d.attribute}: ${d.code} → ${d.live}`);

describe('code ↔ account linking', function () {
  this.timeout(60_000);

  it('links the live trail, bucket and key to their definitions exactly and says what matched', async () => {
    const { report } = await linkFixture(readTree(direct), 'compliant');
    const trail = link(report, 'org-audit');
    assert.equal(trail.status, 'linked');
    assert.equal(trail.definition?.matched, 'trail name org-audit');
    assert.deepEqual([rel(trail.definition!.file), trail.definition!.line], ['direct/main.tf', 1]);
    const bucket = link(report, BUCKET);
    assert.equal(bucket.status, 'linked');
    assert.equal(bucket.label, `bucket name ${BUCKET}, ${path.join(direct, 's3.tf')}:5`);
    // The key's ARN exists only once created: it links through the linked trail that references it.
    const key = link(report, KEY);
    assert.equal(key.status, 'linked');
    assert.equal(key.definition?.matched, 'key of trail org-audit');
    assert.deepEqual([rel(key.definition!.file), key.definition!.line], ['direct/main.tf', 10]);
  });

  it('lists workspace resources the scan does not contain as not deployed, and unresolved names as unlinkable', async () => {
    const { report } = await linkFixture(readTree(direct), 'compliant');
    assert.deepEqual(report.notDeployed.map((n) => `${n.kind} ${n.name} ${rel(n.file)}:${n.line}`), ['bucket acme-staging-logs direct/s3.tf:37']);
    assert.deepEqual(report.unlinkable.map((u) => `${u.kind} ${u.name} ${rel(u.file)}:${u.line}`), ['bucket aws_s3_bucket.unnamed direct/s3.tf:41']);
    assert.match(report.unlinkable[0]!.reason, /var\.unknown_name/);
  });

  it('links a bucket defined inside a local module at the module resource, and marks a live key without definition', async () => {
    const { report } = await linkFixture(readTree(moduleTree), 'compliant');
    const bucket = link(report, BUCKET);
    assert.equal(bucket.status, 'linked');
    assert.deepEqual([rel(bucket.definition!.file), bucket.definition!.line], ['module/modules/audit-bucket/main.tf', 5]);
    const key = link(report, KEY);
    assert.equal(key.status, 'notInWorkspace');
    assert.equal(key.label, 'not in this workspace');
    assert.deepEqual(key.drifts, []);
    assert.deepEqual(report.notDeployed, []);
  });

  it('shows two definitions of one bucket name as ambiguous and computes no drift from either', async () => {
    const files = [...readTree(direct), ...readTree(direct).map((f) => ({ ...f, path: f.path.replace(`${path.sep}direct${path.sep}`, `${path.sep}copy${path.sep}`) }))];
    const { report } = await linkFixture(files, 'compliant');
    const bucket = link(report, BUCKET);
    assert.equal(bucket.status, 'ambiguous');
    assert.deepEqual(bucket.candidates.map((c) => rel(c.file)).sort(), ['copy/s3.tf', 'direct/s3.tf']);
    assert.match(bucket.label, /^ambiguous: 2 definitions/);
    assert.equal(bucket.definition, undefined);
    assert.deepEqual(bucket.drifts, []);
  });

  it('reports a rule that fails in code but passes live, and attribute drift as Information', async () => {
    const { report } = await linkFixture(readTree(direct), 'compliant');
    const trail = link(report, 'org-audit');
    assert.deepEqual(ruleDrifts(trail), ['TG101', 'TG106']);
    const validation = trail.drifts.find((d) => d.ruleId === 'TG101')!;
    assert.equal(validation.severity, 'warning');
    assert.deepEqual([rel(validation.file), validation.line], ['direct/main.tf', 7]);
    assert.equal(msg(validation), 'Drift: direct/main.tf:7 sets log file validation off; the live trail has log file validation on');
    // The value is said once, by the rule drift: no second (Information) drift for log file validation.
    assert.deepEqual(attributeDrifts(trail), []);
    const bucket = link(report, BUCKET);
    // Both sides pass TG202 (retention ≥ 365) yet the values differ: Information only.
    assert.deepEqual(attributeDrifts(bucket), ['direct/s3.tf:24 Object Lock retention days: 400 → 365']);
    const days = bucket.drifts.find((d) => d.attribute === 'Object Lock retention days')!;
    assert.equal(days.severity, 'info');
    assert.equal(msg(days), 'Drift: direct/s3.tf:24 sets Object Lock retention 400 days; the live bucket has Object Lock retention 365 days');
    assert.ok(!ruleDrifts(bucket).includes('TG202'));
    const pab = bucket.drifts.find((d) => d.ruleId === 'TG205')!;
    assert.equal(pab.severity, 'warning');
    assert.equal(msg(pab), 'Drift: direct/s3.tf:34 sets a public access block with RestrictPublicBuckets off; the live bucket has a public access block with all four flags on');
  });

  it('reports a rule that passes in code but fails live (Object Lock removed in the account)', async () => {
    const { report } = await linkFixture(readTree(direct), 'compliant', [], (s) => { s.buckets[BUCKET]!.objectLock = null; });
    const bucket = link(report, BUCKET);
    const lock = bucket.drifts.find((d) => d.ruleId === 'TG201');
    assert.ok(lock, JSON.stringify(bucket.drifts.map((d) => d.message)));
    assert.equal(lock.message.replace(fixtureRoot + path.sep, ''), 'Drift: direct/s3.tf:18 sets Object Lock COMPLIANCE 400 days; the live bucket has no Object Lock configuration');
    assert.equal(lock.line, 18);
    // Object Lock on/off and its mode are what TG201 drifted on: said once, by the Warning.
    assert.ok(!attributeDrifts(bucket).some((a) => / Object Lock( mode)?: /.test(a)), attributeDrifts(bucket).join('\n'));
  });

  it('never calls unknown drift: a denied live read, an unresolved code value', async () => {
    const files = readTree(direct).map((f) => (f.path.endsWith('s3.tf') ? { ...f, text: f.text.replace('days = 400', 'days = var.retention_days').replace('variable "retention_years"', 'variable "retention_days"') } : f));
    const { report } = await linkFixture(files, 'compliant', [{ operation: 'GetBucketVersioning', resource: BUCKET, error: 'AccessDenied' }], (s) => { s.buckets[BUCKET]!.versioning = {}; });
    const bucket = link(report, BUCKET);
    assert.equal(bucket.status, 'linked');
    const labels = bucket.drifts.map((d) => d.attribute ?? d.ruleId);
    for (const unknown of ['Object Lock retention days', 'versioning', 'MFA Delete', 'TG203', 'TG204']) assert.ok(!labels.includes(unknown), `${unknown} in ${labels.join(', ')}`);
    assert.deepEqual(attributeDrifts(bucket), []);
    // What is known on both sides still drifts: the public access block flag.
    assert.ok(ruleDrifts(bucket).includes('TG205'), ruleDrifts(bucket).join(', '));
  });

  it('links a CloudFormation bucket and trail by name', async () => {
    const template = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  AuditBucket:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      BucketName: acme-audit-logs-111122223333',
      '      VersioningConfiguration:',
      '        Status: Suspended',
      '  Trail:',
      '    Type: AWS::CloudTrail::Trail',
      '    Properties:',
      '      TrailName: org-audit',
      '      S3BucketName: !Ref AuditBucket',
      '      IsLogging: true',
      '      IsMultiRegionTrail: true',
      '      EnableLogFileValidation: true',
      '',
    ].join('\n');
    const file = path.join(fixtureRoot, 'cfn', 'audit.yaml');
    const { report } = await linkFixture([{ path: file, text: template }], 'compliant');
    const bucket = link(report, BUCKET);
    assert.deepEqual([bucket.status, rel(bucket.definition!.file), bucket.definition!.line], ['linked', 'cfn/audit.yaml', 3]);
    const versioning = bucket.drifts.find((d) => d.ruleId === 'TG203')!;
    assert.equal(msg(versioning), 'Drift: cfn/audit.yaml:8 sets versioning Suspended; the live bucket has versioning Enabled');
    const trail = link(report, 'org-audit');
    assert.deepEqual([trail.status, trail.definition!.line], ['linked', 9]);
    assert.ok(!attributeDrifts(trail).some((a) => a.includes('log file validation')));
  });

  it('links a key the code names only by alias through the live key\'s aliases (kms ListAliases)', async () => {
    const files = [{
      path: path.join(fixtureRoot, 'alias', 'kms.tf'),
      text: [
        'resource "aws_kms_key" "audit" {',
        '  enable_key_rotation = true',
        '}',
        '',
        'resource "aws_kms_alias" "audit" {',
        '  name          = "alias/org-audit-trail"',
        '  target_key_id = aws_kms_key.audit.key_id',
        '}',
        '',
      ].join('\n'),
    }];
    const withAlias = (s: Scenario) => { s.keys[KEY]!.aliases = ['alias/org-audit-trail']; };
    const { report, scan } = await linkFixture(files, 'compliant', [], withAlias);
    const key = link(report, KEY);
    assert.deepEqual([key.status, key.definition?.matched, key.definition && rel(key.definition.file), key.definition?.line], ['linked', 'key alias alias/org-audit-trail', 'alias/kms.tf', 1]);
    // The answer is kept with the scan's API calls (evidence report).
    assert.deepEqual(scan.apiCalls?.filter((c) => c.operation === 'ListAliases').map((c) => c.response), [{
      Aliases: [{ AliasName: 'alias/org-audit-trail', AliasArn: 'arn:aws:kms:us-east-1:111122223333:alias/org-audit-trail', TargetKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }], Truncated: false,
    }]);
    // Aliases that cannot be read: the key cannot be matched by alias, and says so by not linking (never a wrong link).
    const denied = await linkFixture(files, 'compliant', [{ operation: 'ListAliases', error: 'AccessDeniedException' }], withAlias);
    assert.equal(link(denied.report, KEY).status, 'notInWorkspace');
  });

  it('never matches on an unresolved name, and links each live resource once', async () => {
    const { sides } = await workspaceScenes(readTree(direct));
    const report = linkCodeToAccount(sides, []);
    assert.deepEqual(report.links, []);
    assert.deepEqual(report.notDeployed.map((n) => n.name).sort(), ['acme-audit-logs-111122223333', 'acme-staging-logs', 'org-audit']);
  });
});
