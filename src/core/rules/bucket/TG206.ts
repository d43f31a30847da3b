// TG206: the trail bucket's policy denies every request not made over TLS, so log files never travel in clear.
import type { Bucket, Fix } from '../../model';
import { bucketPolicyDeniesInsecureTransport } from '../../policy/bucketPolicy';
import { bucketArnRef, concat, fixKind } from '../refs';
import type { Rule } from '../rule';
import { hasConditionKey } from '../../policy/match';
import { inForce, listPlaceholders, pendingStatements, statementPlaceholders } from '../placeholders';
import { trailBuckets } from '../scope';
import { bucketName, failWithRelations, missingStatementPosition, partialPeer, policyPosition, statementPosition } from './support';
import { ISO27001_A8_15, cis, securityHub } from '../controls';
import { editBucketPolicy } from '../liveRemediation';

/** The statement AWS documents for "enforce encryption in transit", naming the bucket by reference. */
export function denyInsecureTransportStatement(bucket: Bucket): Record<string, unknown> {
  const arn = bucketArnRef(bucket);
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [arn, concat(arn, '/*')],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

function appendDenyFix(bucket: Bucket): Fix[] {
  const edits = bucket.policy.appendStatement?.(denyInsecureTransportStatement(bucket));
  if (!edits || edits.length === 0) return [];
  // A bucket that cannot be named leaves a placeholder to review: then it is a snippet.
  return [{ title: 'Append a statement denying non-TLS requests', kind: fixKind(edits), edits }];
}

// Finding aspects (`Finding.aspect`): no policy at all; a policy with no TLS deny; a TLS deny that leaves some actions
// or resources out (only s3:PutObject, which the write-only peers accept; only the objects, not the bucket).
const NO_POLICY = 'no-policy';
const NO_TLS_DENY = 'no-tls-deny';
const TLS_DENY_INCOMPLETE = 'tls-deny-incomplete';

export const TG206: Rule<Bucket> = {
  meta: {
    id: 'TG206',
    title: 'Bucket policy denies non-TLS requests (aws:SecureTransport = false)',
    severity: 'medium',
    fix: 'safe',
    surfaces: ['terraform', 'cloudformation', 'policy', 'live'],
    live: {
      service: 's3',
      evidence: ['GetBucketPolicy'],
      remediation: (b, ctx) => editBucketPolicy(b as Bucket, ctx),
    },
    peers: [
      { tool: 'kics', id: '4bc4dd4c-7d8d-405e-a0fb-57fa4c31b4d9' },
      partialPeer('kics', '38c64e76-c71e-4d92-a337-60174d1de1c9', [NO_POLICY, NO_TLS_DENY]),
      partialPeer('prowler', 's3_bucket_secure_transport_policy', [NO_POLICY, NO_TLS_DENY]),
      { tool: 'cfn-guard', id: 'S3_BUCKET_SSL_REQUESTS_ONLY' },
      partialPeer('checkov', 'CKV_AWS_379', [NO_POLICY, NO_TLS_DENY]),
      { tool: 'securityhub', id: 'S3.5' },
      { tool: 'cis', id: '2.1.1' },
    ],
    controls: [cis('2.1.1', 'scope'), securityHub('S3.5'), ISO27001_A8_15],
    doc: {
      summary:
        'Checks that the trail bucket policy has a statement with `Effect: Deny`, `Principal: "*"`, an action covering ' +
        '`s3:*`, resources covering the bucket and its objects, and `Condition: { Bool: { "aws:SecureTransport": ' +
        '"false" } }`. A bucket without any policy fails too.',
      why:
        'CloudTrail itself uses TLS, but readers of the logs (SIEM exports, analysts, replication) may not. Denying ' +
        'plain HTTP at the bucket makes sure audit evidence is never read or written in clear text, whoever the caller.',
      failing: {
        terraform:
          'resource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  policy = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [local.cloudtrail_write]\n  })\n}',
        cloudformation:
          'LogBucketPolicy:\n  Type: AWS::S3::BucketPolicy\n  Properties:\n    Bucket: !Ref LogBucket\n    PolicyDocument:\n      Statement:\n        - Effect: Allow\n          Principal: { Service: cloudtrail.amazonaws.com }\n          Action: s3:GetBucketAcl\n          Resource: !GetAtt LogBucket.Arn',
        policy: '{ "Version": "2012-10-17", "Statement": [] }',
      },
      passing: {
        terraform:
          'statement {\n  sid       = "DenyInsecureTransport"\n  effect    = "Deny"\n  actions   = ["s3:*"]\n  resources = [aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]\n  principals {\n    type        = "*"\n    identifiers = ["*"]\n  }\n  condition {\n    test     = "Bool"\n    variable = "aws:SecureTransport"\n    values   = ["false"]\n  }\n}',
        cloudformation:
          '- Sid: DenyInsecureTransport\n  Effect: Deny\n  Principal: "*"\n  Action: s3:*\n  Resource:\n    - !GetAtt LogBucket.Arn\n    - !Sub "${LogBucket.Arn}/*"\n  Condition:\n    Bool:\n      aws:SecureTransport: false',
        policy:
          '{ "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",\n  "Resource": ["arn:aws:s3:::org-cloudtrail-logs", "arn:aws:s3:::org-cloudtrail-logs/*"],\n  "Condition": { "Bool": { "aws:SecureTransport": "false" } } }',
      },
      fix:
        'Quick fix: append the deny statement to the policy (JSON, `jsonencode`, heredoc or policy-document data ' +
        'source), naming the bucket by reference: `[aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]` in ' +
        'Terraform, `!GetAtt LogBucket.Arn` and `!Sub "${LogBucket.Arn}/*"` in CloudFormation; a policy file gets the ' +
        'ARN it names. When the bucket cannot be named, the statement carries a `<BUCKET_NAME>` placeholder to replace.',
      differences:
        'KICS also accepts an Allow conditioned on `SecureTransport = true`; that is weaker (another Allow can still ' +
        'grant HTTP) and we do not accept it. Prowler also accepts a deny on `s3:PutObject` only; we require `s3:*` so ' +
        'reads are covered too. cfn-guard never fails a bucket without any policy; we do. KICS does not look at the ' +
        'deny\'s `Resource`; we require it to cover the bucket and its objects, so a deny on a text that is not an ARN of ' +
        'the bucket (e.g. the string "aws_s3_bucket.b.arn" in a heredoc) does not count. In a ' +
        '`terraform-aws-modules/s3-bucket/aws` call the `policy` input counts only with `attach_policy = true`, since the ' +
        'module ignores it otherwise (KICS reads it anyway); `attach_deny_insecure_transport_policy = true` passes. KICS ' +
        '"S3 Bucket Without SSL In Write Actions" (CloudFormation) never fails a bucket without a policy and accepts an ' +
        'Allow conditioned on TLS; we fail both. A CloudFormation bucket policy naming a bucket that no declared bucket ' +
        'is known by may be the policy of a bucket whose name CloudFormation generates: that bucket\'s policy is unknown.',
      references: [
        { title: 'Amazon S3 User Guide: Protecting data in transit with encryption', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingEncryptionInTransit.html' },
        { title: 'Security Hub S3.5: S3 buckets should require requests to use SSL', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5' },
      ],
    },
  },
  targets: trailBuckets,
  check(bucket, ctx) {
    const policy = bucket.policy;
    if (policy.state === 'unresolved') return ctx.unknown(policyPosition(policy, bucket), policy.reason ?? 'the bucket policy could not be evaluated');
    if (policy.state === 'absent') {
      failWithRelations(ctx, bucket, bucket, 'this trail log bucket has no bucket policy, so nothing denies requests made without TLS', { aspect: NO_POLICY });
      return;
    }
    const result = bucketPolicyDeniesInsecureTransport(inForce(policy), bucketName(bucket));
    if (result.status === 'pass') return;
    if (result.status === 'unknown') return ctx.unknown(statementPosition(result.statement, policy, bucket), result.reason);
    // The deny a snippet appended with `<BUCKET_NAME>`: not in force until replaced, and not appended twice.
    const pending = pendingStatements(policy).find((s) => s.effect === 'Deny' && hasConditionKey(s, 'aws:SecureTransport'));
    if (pending) {
      failWithRelations(ctx, bucket, statementPosition(pending, policy, bucket), `this statement would deny requests without TLS but still holds ${listPlaceholders(statementPlaceholders(pending))}: replace it`, { aspect: NO_TLS_DENY });
      return;
    }
    failWithRelations(
      ctx,
      bucket,
      missingStatementPosition(policy, bucket),
      'the bucket policy has no statement denying requests without TLS (Deny s3:* when aws:SecureTransport is false)',
      { fixes: appendDenyFix(bucket), aspect: inForce(policy).statements.some((s) => s.effect === 'Deny' && hasConditionKey(s, 'aws:SecureTransport')) ? TLS_DENY_INCOMPLETE : NO_TLS_DENY },
    );
  },
};
