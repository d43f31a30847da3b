// TG207: the trail bucket's policy lets CloudTrail check the bucket ACL and write log files where the trail
// puts them; without both grants delivery fails (InsufficientS3BucketPolicyException at deploy time).
import type { Bucket, Fix } from '../../model';
import { bucketPolicyAllowsService } from '../../policy/grants';
import type { Rule } from '../rule';
import { CLOUDTRAIL_SERVICE, cloudTrailDeliveryBuckets } from '../scope';
import { firstWithoutPlaceholder } from '../refs';
import { type DeliveryGrant, requiredDeliveryGrants } from './cloudtrailGrants';
import { failWithRelations, missingStatementPosition, policyPosition, statementPosition } from './support';
import { asFilledIn, inForce, listPlaceholders, pendingStatements, statementPlaceholders } from '../placeholders';
import { SOC2_CC7_2, pciDss } from '../controls';
import { editBucketPolicy } from '../liveRemediation';

function appendGrantFix(bucket: Bucket, grant: DeliveryGrant): Fix[] {
  const pick = firstWithoutPlaceholder(grant.statements.map((s) => () => bucket.policy.appendStatement?.(s)));
  if (!pick) return [];
  return [{ title: `Append the AWS-documented CloudTrail ${grant.action} statement`, kind: pick.kind, edits: pick.edits }];
}

export const TG207: Rule<Bucket> = {
  meta: {
    id: 'TG207',
    title: 'Bucket policy lets CloudTrail deliver',
    severity: 'high',
    fix: 'snippet',
    surfaces: ['terraform', 'cloudformation', 'policy', 'live'],
    live: {
      service: 's3',
      evidence: ['GetBucketPolicy'],
      remediation: (b, ctx) => editBucketPolicy(b as Bucket, ctx),
    },
    peers: [],
    controls: [SOC2_CC7_2, pciDss('10.2.1', 'part')],
    doc: {
      summary:
        'Checks that the trail bucket policy allows `Service: cloudtrail.amazonaws.com` to call `s3:GetBucketAcl` on ' +
        'the bucket and `s3:PutObject` on `arn:aws:s3:::<bucket>/[<s3_key_prefix>/]AWSLogs/<account-id>/*` (for ' +
        'organization trails also `AWSLogs/<org-id>/*`), and that no unconditioned Deny cancels either grant. The ' +
        'prefix must match the trail\'s `s3_key_prefix` / `S3KeyPrefix`.',
      why:
        'Without these grants CloudTrail cannot write a single log file: the trail looks configured, but the bucket ' +
        'stays empty and the audit evidence you rely on does not exist. Terraform and CloudFormation fail to create ' +
        'the trail with InsufficientS3BucketPolicyException; a later policy change breaks delivery silently.',
      failing: {
        terraform:
          'resource "aws_cloudtrail" "org" {\n  name           = "org"\n  s3_bucket_name = aws_s3_bucket.logs.id\n  s3_key_prefix  = "trail"\n}\n# the policy grants PutObject on ".../AWSLogs/*" only, without the "trail/" prefix',
        cloudformation:
          'LogBucketPolicy:\n  Type: AWS::S3::BucketPolicy\n  Properties:\n    Bucket: !Ref LogBucket\n    PolicyDocument:\n      Statement:\n        - Effect: Allow\n          Principal: { Service: cloudtrail.amazonaws.com }\n          Action: s3:GetBucketAcl\n          Resource: !GetAtt LogBucket.Arn',
        policy: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "cloudtrail.amazonaws.com" }, "Action": "s3:GetBucketAcl", "Resource": "arn:aws:s3:::org-cloudtrail-logs" } ] }',
      },
      passing: {
        terraform:
          'statement {\n  sid       = "AWSCloudTrailWrite"\n  actions   = ["s3:PutObject"]\n  resources = ["${aws_s3_bucket.logs.arn}/trail/AWSLogs/${data.aws_caller_identity.current.account_id}/*"]\n  principals {\n    type        = "Service"\n    identifiers = ["cloudtrail.amazonaws.com"]\n  }\n  condition {\n    test     = "StringEquals"\n    variable = "s3:x-amz-acl"\n    values   = ["bucket-owner-full-control"]\n  }\n}',
        cloudformation:
          '- Sid: AWSCloudTrailWrite\n  Effect: Allow\n  Principal: { Service: cloudtrail.amazonaws.com }\n  Action: s3:PutObject\n  Resource: !Sub "${LogBucket.Arn}/AWSLogs/${AWS::AccountId}/*"\n  Condition:\n    StringEquals:\n      s3:x-amz-acl: bucket-owner-full-control',
        policy:
          '{ "Effect": "Allow", "Principal": { "Service": "cloudtrail.amazonaws.com" }, "Action": "s3:PutObject",\n  "Resource": "arn:aws:s3:::org-cloudtrail-logs/AWSLogs/111122223333/*",\n  "Condition": { "StringEquals": { "s3:x-amz-acl": "bucket-owner-full-control" } } }',
      },
      fix:
        'Quick fix: append the AWS-documented statement (`AWSCloudTrailAclCheck` or `AWSCloudTrailWrite`) written by ' +
        'reference: the bucket ARN (`aws_s3_bucket.logs.arn`, `!GetAtt LogBucket.Arn`), the account ' +
        '(`data.aws_caller_identity.current.account_id`, added when the module lacks it, or `${AWS::AccountId}`), the ' +
        'key prefix and the trail ARN built from the trail name as written. A policy file has no references: what it ' +
        'cannot know stays a `<ACCOUNT_ID>`, `<REGION>` or `<TRAIL_NAME>` placeholder, as does `<ORG_ID>` for ' +
        'organization trails, and the fix is then a snippet to review.',
      differences: 'No peer checks the CloudTrail delivery grants.',
      references: [
        { title: 'AWS CloudTrail User Guide: Amazon S3 bucket policy for CloudTrail', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html' },
        { title: 'IAM User Guide: The confused deputy problem (aws:SourceArn on service principals)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html' },
      ],
    },
  },
  targets: cloudTrailDeliveryBuckets,
  check(bucket, ctx) {
    const policy = bucket.policy;
    if (policy.state === 'unresolved') return ctx.unknown(policyPosition(policy, bucket), policy.reason ?? 'the bucket policy could not be evaluated');
    if (policy.state === 'absent') {
      failWithRelations(ctx, bucket, bucket, `this trail log bucket has no bucket policy: ${CLOUDTRAIL_SERVICE} cannot deliver log files`);
      return;
    }
    const pending = pendingStatements(policy);
    for (const grant of requiredDeliveryGrants(bucket, ctx.scene)) {
      const result = bucketPolicyAllowsService(inForce(policy), CLOUDTRAIL_SERVICE, grant.action, grant.resource);
      if (result.status === 'allowed') continue;
      // A grant that would deliver once its placeholders are replaced: not in force yet, and not appended twice.
      const waiting = pending.find((s) => bucketPolicyAllowsService({ ...policy, statements: [asFilledIn(s)] }, CLOUDTRAIL_SERVICE, grant.action, grant.resource).status === 'allowed');
      if (result.status === 'missing' && waiting) {
        failWithRelations(ctx, bucket, statementPosition(waiting, policy, bucket), `this ${CLOUDTRAIL_SERVICE} ${grant.action} statement still holds ${listPlaceholders(statementPlaceholders(waiting))}: until replaced, trail delivery fails`);
        continue;
      }
      if (result.status === 'unknown') {
        ctx.unknown(statementPosition(result.statement, policy, bucket), result.reason);
      } else if (result.status === 'denied') {
        failWithRelations(ctx, bucket, statementPosition(result.statement, policy, bucket), `this Deny statement blocks ${CLOUDTRAIL_SERVICE} from ${grant.action} on ${grant.shown}: trail delivery fails`);
      } else {
        failWithRelations(
          ctx,
          bucket,
          missingStatementPosition(policy, bucket),
          `the bucket policy does not allow ${CLOUDTRAIL_SERVICE} ${grant.action} on ${grant.shown}: trail delivery fails`,
          { fixes: appendGrantFix(bucket, grant) },
        );
      }
    }
  },
};
