// TG213: CloudTrail's PutObject grant requires the `bucket-owner-full-control` ACL, as AWS documents, so the
// bucket owner always owns (and can read and protect) every delivered log file.
import type { Bucket } from '../../model';
import { conditionValues } from '../../policy/match';
import { UNKNOWN_CONDITION_VALUE } from '../../policy/normalize';
import type { Rule } from '../rule';
import { CLOUDTRAIL_SERVICE, cloudTrailDeliveryBuckets } from '../scope';
import { cloudTrailGrantStatements, unreadableCloudTrailGrants } from './TG208';
import { failWithRelations, policyPosition, statementPosition } from './support';
import { ISO27001_A8_15 } from '../controls';
import { editBucketPolicy } from '../liveRemediation';

const OWNER_FULL_CONTROL = 'bucket-owner-full-control';

export const TG213: Rule<Bucket> = {
  meta: {
    id: 'TG213',
    title: 'CloudTrail write statement requires bucket-owner-full-control',
    severity: 'low',
    fix: 'safe',
    surfaces: ['terraform', 'cloudformation', 'policy', 'live'],
    live: {
      service: 's3',
      evidence: ['GetBucketPolicy'],
      remediation: (b, ctx) => editBucketPolicy(b as Bucket, ctx),
    },
    peers: [],
    controls: [ISO27001_A8_15],
    doc: {
      summary:
        'Checks that each bucket-policy statement allowing `cloudtrail.amazonaws.com` `s3:PutObject` has the condition ' +
        '`StringEquals s3:x-amz-acl = bucket-owner-full-control`, as in the AWS-documented policy.',
      why:
        'When the object writer keeps ownership (buckets without "bucket owner enforced" ownership), log files written ' +
        'without this ACL are not fully controlled by the bucket owner: retention, replication and access reviews of ' +
        'the evidence can then fail for some objects.',
      failing: {
        terraform:
          'statement {\n  actions   = ["s3:PutObject"]\n  resources = ["${aws_s3_bucket.logs.arn}/AWSLogs/*"]\n  principals {\n    type        = "Service"\n    identifiers = ["cloudtrail.amazonaws.com"]\n  }\n}',
        cloudformation:
          '- Effect: Allow\n  Principal: { Service: cloudtrail.amazonaws.com }\n  Action: s3:PutObject\n  Resource: !Sub "${LogBucket.Arn}/AWSLogs/${AWS::AccountId}/*"',
        policy: '{ "Effect": "Allow", "Principal": { "Service": "cloudtrail.amazonaws.com" }, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::org-cloudtrail-logs/AWSLogs/111122223333/*" }',
      },
      passing: {
        terraform: 'condition {\n  test     = "StringEquals"\n  variable = "s3:x-amz-acl"\n  values   = ["bucket-owner-full-control"]\n}',
        cloudformation: 'Condition:\n  StringEquals:\n    s3:x-amz-acl: bucket-owner-full-control',
        policy: '"Condition": { "StringEquals": { "s3:x-amz-acl": "bucket-owner-full-control" } }',
      },
      fix: 'Quick fix: add `StringEquals s3:x-amz-acl = bucket-owner-full-control` to the statement.',
      differences: 'No peer checks this condition.',
      references: [
        { title: 'AWS CloudTrail User Guide: Amazon S3 bucket policy for CloudTrail', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html' },
        { title: 'Amazon S3 User Guide: Controlling ownership of objects', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html' },
      ],
    },
  },
  targets: cloudTrailDeliveryBuckets,
  check(bucket, ctx) {
    const policy = bucket.policy;
    if (policy.state === 'unresolved') return ctx.unknown(policyPosition(policy, bucket), policy.reason ?? 'the bucket policy could not be evaluated');
    for (const stmt of unreadableCloudTrailGrants(bucket, ['s3:PutObject'])) ctx.unknown(statementPosition(stmt, policy, bucket), stmt.unresolved ?? 'statement could not be evaluated');
    for (const stmt of cloudTrailGrantStatements(bucket, ['s3:PutObject'])) {
      const acl = conditionValues(stmt, 's3:x-amz-acl', ['StringEquals', 'StringLike']);
      // A value we cannot evaluate (a parameter without Default) still counts as the condition being there.
      if (acl?.includes(OWNER_FULL_CONTROL) || acl?.includes(UNKNOWN_CONDITION_VALUE)) continue;
      const edits = stmt.addCondition?.('StringEquals', 's3:x-amz-acl', [OWNER_FULL_CONTROL]);
      failWithRelations(
        ctx,
        bucket,
        statementPosition(stmt, policy, bucket),
        `this ${CLOUDTRAIL_SERVICE} s3:PutObject grant does not require the ${OWNER_FULL_CONTROL} ACL`,
        { fixes: edits && edits.length ? [{ title: `Require s3:x-amz-acl = ${OWNER_FULL_CONTROL}`, kind: 'safe', edits }] : [] },
      );
    }
  },
};
