// TG111 (opt-in, CIS level 2): S3 object-level read and write data events are recorded for every bucket. The
// opposite stance to TG108's cost warning, which stays silent while this rule is enabled.
import type { Bucket, EntityBase, Scene } from '../../model';
import type { Locatable, Rule } from '../rule';
import { isLiveScene, sceneAnchor } from '../common';
import { dataScopes, scopeCoversBucket, type DataScope } from './selectors';
import { ISO27001_A8_15, SOC2_CC7_2, cis } from '../controls';

export const TG111: Rule = {
  meta: {
    id: 'TG111',
    title: 'S3 object-level read and write data events logged',
    severity: 'low',
    fix: 'no',
    optIn: true,
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'cloudtrail',
      evidence: ['GetEventSelectors'],
      remediation: { none: 'all-bucket S3 data events change the bill: choose the selectors as the rule doc shows' },
    },
    peers: [
      // Finding aspects: which events no trail records (`read`, `write`, `read and write`).
      { tool: 'trivy', id: 'AVD-AWS-0171', partial: true, aspects: ['write', 'read and write'] },
      { tool: 'trivy', id: 'AVD-AWS-0172', partial: true, aspects: ['read', 'read and write'] },
      { tool: 'tfsec', id: 'aws-s3-enable-object-write-logging', partial: true, aspects: ['write', 'read and write'] },
      { tool: 'tfsec', id: 'aws-s3-enable-object-read-logging', partial: true, aspects: ['read', 'read and write'] },
      { tool: 'kics', id: 'a8fc2180-b3ac-4c93-bd0d-a55b974e4b07' },
      { tool: 'prowler', id: 'cloudtrail_s3_dataevents_read_enabled' },
      { tool: 'prowler', id: 'cloudtrail_s3_dataevents_write_enabled' },
      { tool: 'cfn-guard', id: 'CLOUDTRAIL_S3_DATAEVENTS_ENABLED' },
      { tool: 'cis', id: 'CIS AWS v3.0 3.8' },
      { tool: 'cis', id: 'CIS AWS v3.0 3.9' },
    ],
    controls: [cis('3.8'), cis('3.9'), SOC2_CC7_2, ISO27001_A8_15],
    doc: {
      summary:
        'Opt-in. Checks every S3 bucket of the module or template: it passes when some trail of the same unit ' +
        'records S3 object-level data events, read and write, for all buckets (`arn:aws:s3`, `arn:aws:s3:::`, ' +
        '`arn:aws:s3:::*/*`, or an advanced selector on `AWS::S3::Object` without an ARN filter) or for that bucket ' +
        '(`arn:aws:s3:::<bucket>/`, with the slash). ReadWriteType `All`, or one ReadOnly and one WriteOnly ' +
        'selector, cover both. A unit with trails but no bucket gets one finding on its first trail (its S3 data ' +
        'selector when it has one) unless all buckets are covered; live, the check is per account and region. ' +
        'Enabling this rule silences TG108.',
      why:
        'Management events show who changed a bucket, not who read or overwrote its objects. Object-level events ' +
        '(GetObject, PutObject, DeleteObject) are the only record of data access, which incident response and data ' +
        'protection audits ask for (CIS 3.8 and 3.9).',
      failing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.logs.id\n\n  event_selector {\n    read_write_type = "ReadOnly"\n    data_resource {\n      type   = "AWS::S3::Object"\n      values = ["arn:aws:s3:::"]\n    }\n  }\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref LogBucket`,
      },
      passing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.logs.id\n\n  event_selector {\n    read_write_type = "All"\n    data_resource {\n      type   = "AWS::S3::Object"\n      values = ["arn:aws:s3:::"]\n    }\n  }\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref LogBucket\n    EventSelectors:\n      - ReadWriteType: All\n        DataResources:\n          - Type: AWS::S3::Object\n            Values: ["arn:aws:s3:::"]`,
      },
      fix:
        'No automatic fix: data events are billed per event. Add an event selector with an `AWS::S3::Object` ' +
        'data resource for `arn:aws:s3:::` and `read_write_type = "All"`, or an advanced selector excluding the ' +
        'log bucket itself.',
      differences:
        'KICS requires an explicit `read_write_type = "All"`; TrailGuard applies the CloudTrail default (All). ' +
        'Trivy splits read (AVD-AWS-0172) and write (AVD-AWS-0171) into two checks; TrailGuard requires both, as CIS ' +
        '3.8 and 3.9 together do, so a bucket covered by a ReadOnly selector alone passes Trivy\'s read check and ' +
        'fails here. Coverage is judged across all trails of the unit, not trail by trail.',
      references: [
        { title: 'Logging data events', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html' },
        { title: 'Security Hub S3.22 / S3.23', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html' },
      ],
    },
  },
  targets(scene: Scene): EntityBase[] {
    if (!isLiveScene(scene) && scene.buckets.length > 0) return scene.buckets;
    const anchor = sceneAnchor(scene);
    return anchor ? [anchor] : [];
  },
  check(entity, ctx) {
    const scopes: DataScope[] = [];
    let unresolved: { reason: string; at: Locatable } | undefined;
    for (const trail of ctx.scene.trails) {
      const d = dataScopes(trail);
      scopes.push(...d.scopes.filter((s) => s.resourceType === 'AWS::S3::Object'));
      unresolved ??= d.unresolved[0];
    }
    const bucket = entity.kind === 'bucket' ? (entity as Bucket) : undefined;
    const name = bucket?.name.state === 'known' && bucket.name.value ? bucket.name.value : undefined;
    const covered = (mode: 'read' | 'write') =>
      scopes.some((s) => s[mode] && ((s.all && s.excluded.length === 0) || (name !== undefined && scopeCoversBucket(s, name))));
    const missing = (['read', 'write'] as const).filter((mode) => !covered(mode));
    if (missing.length === 0) return;
    if (unresolved) return ctx.unknown(unresolved.at, unresolved.reason);
    if (bucket && !name && bucket.name.state === 'unresolved') return ctx.unknown(bucket, `the bucket name is not known: ${bucket.name.reason}`);
    const what = missing.length === 2 ? 'read and write' : missing[0];
    const anchorTrail = ctx.scene.trails.find((t) => t === entity);
    const own = anchorTrail && dataScopes(anchorTrail).scopes.find((s) => s.resourceType === 'AWS::S3::Object');
    const subject = name ? `bucket ${name}` : bucket ? 'this bucket' : 'all buckets';
    ctx.fail(own?.at ?? entity, `No trail records S3 object-level ${what} data events for ${subject} (CIS 3.8/3.9)`, { aspect: what });
  },
};
