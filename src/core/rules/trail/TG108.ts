// TG108: data-event selectors that cover every bucket / function (cost), or the trail's own log bucket (a
// self-logging loop: each delivery is a PutObject that is logged and delivered again).
import type { Trail } from '../../model';
import type { Rule } from '../rule';
import { ownTrails, trailBucketName } from '../common';
import { dataScopes, scopeCoversBucket, type DataScope } from './selectors';

export const TG108: Rule<Trail> = {
  meta: {
    id: 'TG108',
    title: 'Data-event selectors scoped, not logging the log bucket itself',
    severity: 'info',
    fix: 'no',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'cloudtrail',
      evidence: ['GetEventSelectors'],
      remediation: { none: 'which data events to keep is a choice: narrow the selectors (put-event-selectors) as the rule doc shows' },
    },
    peers: [],
    controls: [],
    doc: {
      summary:
        'Flags data-event selectors that cover every resource of a type: a classic `data_resource` with ' +
        '`AWS::S3::Object` and `arn:aws:s3:::` (or `arn:aws:s3`), `AWS::Lambda::Function` with `arn:aws:lambda`, ' +
        'or an advanced selector on `resources.type` without a `resources.ARN` filter. Information by default; ' +
        'escalated to Medium when the covered set includes the trail\'s own log bucket with write events, because ' +
        'the trail then logs its own deliveries. Silent when the opt-in TG111 (which demands all-bucket S3 data ' +
        'events) is enabled: the two are alternative stances.',
      why:
        'Data events are billed per event; all-bucket S3 data events on a busy account can cost more than ' +
        'everything else in the audit setup and bury the management events an auditor needs. Logging the log ' +
        'bucket itself adds a record for every delivery, which is delivered and logged again.',
      failing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.logs.id\n\n  event_selector {\n    read_write_type = "All"\n    data_resource {\n      type   = "AWS::S3::Object"\n      values = ["arn:aws:s3:::"]\n    }\n  }\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref LogBucket\n    EventSelectors:\n      - ReadWriteType: All\n        DataResources:\n          - Type: AWS::S3::Object\n            Values: ["arn:aws:s3:::"]`,
      },
      passing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.logs.id\n\n  event_selector {\n    read_write_type = "All"\n    data_resource {\n      type   = "AWS::S3::Object"\n      values = ["arn:aws:s3:::customer-data/"]\n    }\n  }\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref LogBucket\n    EventSelectors:\n      - ReadWriteType: All\n        DataResources:\n          - Type: AWS::S3::Object\n            Values: ["arn:aws:s3:::customer-data/"]`,
      },
      fix:
        'No automatic fix: choose the buckets or functions whose data events you need and list their ARNs, or ' +
        'use an advanced selector with a `resources.ARN` filter that excludes the log bucket ' +
        '(`NotStartsWith arn:aws:s3:::<log-bucket>/`). If your policy is CIS 3.8/3.9 (all buckets), enable TG111 ' +
        'instead, which silences this rule.',
      differences:
        'No peer flags breadth; Trivy AVD-AWS-0171/0172, KICS, Prowler, cfn-guard and CIS v3.0 3.8/3.9 push the ' +
        'other way and require all-bucket S3 data events. That stance is TG111 (opt-in).',
      references: [
        { title: 'Logging data events', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html' },
        { title: 'AWS CloudTrail pricing', url: 'https://aws.amazon.com/cloudtrail/pricing/' },
      ],
    },
  },
  targets: (scene) => ownTrails(scene),
  // TG111 and TG108 are alternatives (catalog): with TG111 opted in, its stance wins.
  notApplicable: (_trail, _scene, options) => (options.optIn.includes('TG111') ? 'TG111 is enabled: its stance (S3 data events logged, CIS 3.8/3.9) replaces this cost warning' : undefined),
  check(trail, ctx) {
    const own = trailBucketName(trail);
    const { scopes, unresolved } = dataScopes(trail);
    let reported = false;
    for (const scope of scopes) {
      const loop = scope.write && (own ? scopeCoversBucket(scope, own) : scope.all && scope.resourceType === 'AWS::S3::Object');
      if (!scope.all && !loop) continue;
      reported = true;
      ctx.fail(scope.at, message(scope, loop, own), loop ? { severity: 'medium' } : undefined);
    }
    if (!reported && unresolved.length) ctx.unknown(unresolved[0]!.at, unresolved[0]!.reason);
  },
};

function message(scope: DataScope, loop: boolean, own: string | undefined): string {
  const except = scope.excluded.length ? ` except ${scope.excluded.join(', ')}` : '';
  const what = scope.all ? `${scope.resourceType} data events for every resource of the type${except}` : `${scope.resourceType} data events`;
  const bucket = own ? `its own log bucket ${own}` : 'its own log bucket';
  return loop
    ? `Trail records ${what}, including ${bucket}: every log delivery is itself logged (self-logging loop)`
    : `Trail records ${what}: broad data-event selectors are costly; list the ARNs you need`;
}
