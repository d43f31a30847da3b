// TG212: the trail bucket is not public through a canned ACL, an ACL grant, or a policy statement that allows
// everyone without a narrowing condition.
import type { Bucket, PublicAccessBlock } from '../../model';
import { replaceValue } from '../../fix/edits';
import { publicAllowStatements } from '../../policy/bucketPolicy';
import { at, type Rule } from '../rule';
import { trailBuckets } from '../scope';
import { failWithRelations, onlyPolicyKnown, partialPeer, policyPosition, reportIfUnresolved, spelled, statementPosition } from './support';
import { ISO27001_A8_15, pciDss, securityHub } from '../controls';
import { editBucketPolicy, quote, s3api } from '../liveRemediation';

/** Canned ACLs that open the bucket, compared without case and dashes (`public-read` / CFN `PublicRead`). */
const PUBLIC_ACLS = ['publicread', 'publicreadwrite', 'authenticatedread', 'website'];
const squash = (acl: string) => acl.toLowerCase().replace(/[-_]/g, '');
const PUBLIC_GRANTEES = ['http://acs.amazonaws.com/groups/global/AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers'];

/** A Public Access Block (bucket, or account when live) with `ignore_public_acls` makes public ACLs ineffective. */
function aclsIgnored(bucket: Bucket): boolean {
  const ignores = (p: Bucket['publicAccessBlock'] | undefined): boolean => {
    if (p === undefined || 'state' in p) return false;
    const flag = (p as PublicAccessBlock).ignorePublicAcls;
    return flag.state === 'known' && flag.value;
  };
  return ignores(bucket.publicAccessBlock) || (bucket.format === 'live' && ignores(bucket.accountPublicAccessBlock));
}

export const TG212: Rule<Bucket> = {
  meta: {
    id: 'TG212',
    title: 'Trail bucket not publicly readable or writable (ACL or policy)',
    severity: 'critical',
    fix: 'safe',
    surfaces: ['terraform', 'cloudformation', 'policy', 'live'],
    live: {
      service: 's3',
      evidence: ['GetBucketAcl', 'GetBucketPolicyStatus', 'GetBucketPolicy', 'GetPublicAccessBlock'],
      remediation: (b, ctx, message) => /\bACL\b|AccessControl|AllUsers|AuthenticatedUsers/.test(message)
        ? s3api(`put-bucket-acl --bucket ${quote(b.id)} --acl private`, ctx)
        // A public statement is removed or narrowed, not added to.
        : editBucketPolicy(b as Bucket, ctx, 'remove the public statement from policy.json, or narrow it with a condition naming your account or organization, in between'),
    },
    peers: [
      partialPeer('trivy', 'AVD-AWS-0161', ['acl']),
      partialPeer('kics', 'bd0088a5-c133-4b20-b129-ec9968b16ef3', ['acl']),
      partialPeer('kics', '7af43613-6bb9-4a0e-8c4d-1314b799425e', ['policy']),
      partialPeer('kics', '7772bb8c-c0f3-42d4-8e4e-f1b8939ad085', ['policy']),
      partialPeer('prowler', 'cloudtrail_logs_s3_bucket_is_not_publicly_accessible', ['acl', 'policy']),
      partialPeer('checkov', 'CKV_AWS_70', ['policy']),
      { tool: 'securityhub', id: 'CloudTrail.6' },
      { tool: 'cis', id: 'CIS AWS v1.4 3.3' },
    ],
    controls: [securityHub('CloudTrail.6'), ISO27001_A8_15, pciDss('10.3.2', 'part')],
    doc: {
      summary:
        'Fails when the trail bucket is public: a canned ACL `public-read`, `public-read-write`, ' +
        '`authenticated-read` or `website` that no Public Access Block `ignore_public_acls` neutralises; an ACL ' +
        'grant to AllUsers / AuthenticatedUsers; or a bucket-policy Allow statement for `Principal: "*"` / ' +
        '`{"AWS": "*"}` without a narrowing condition (`aws:SourceArn`, `aws:SourceAccount`, `aws:PrincipalOrgID`...). ' +
        'Conditions count by operator and value: a negated operator, an `...IfExists` operator or a wildcard value ' +
        '(`ArnLike aws:PrincipalArn "arn:aws:iam::*"`) does not narrow.',
      why:
        'CloudTrail logs map your whole account: identities, resources, IP addresses, API errors. Public logs are a ' +
        'reconnaissance gift, and public write access lets anyone plant or overwrite evidence.',
      failing: {
        terraform: 'resource "aws_s3_bucket_acl" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  acl    = "public-read"\n}',
        cloudformation: 'LogBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    AccessControl: PublicRead',
        policy: '{ "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::org-cloudtrail-logs/*" }',
      },
      passing: {
        terraform: 'resource "aws_s3_bucket_acl" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  acl    = "private"\n}',
        cloudformation: 'LogBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    AccessControl: Private',
        policy:
          '{ "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::org-cloudtrail-logs/*",\n  "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }',
      },
      fix:
        'Quick fix for a canned ACL: set it to `private`. For a policy statement there is no automatic fix: narrow the ' +
        'principal or add a condition such as `aws:PrincipalOrgID`, depending on who must read the logs.',
      differences:
        'Trivy and KICS look only at canned ACLs, Prowler only at AllUsers grants, Checkov CKV_AWS_70 only at policies ' +
        '(on every bucket); we combine the three on the trail bucket. A `Principal: "*"` statement with a narrowing ' +
        'condition is not public, unlike in CKV_AWS_70. KICS "S3 Bucket Access to Any Principal" places its CloudFormation ' +
        'finding on the bucket, we on the policy statement; and in a `terraform-aws-modules/s3-bucket/aws` call it reads ' +
        'the `policy` input even without `attach_policy = true`, which the module then does not attach (nor do we).',
      references: [
        { title: 'Amazon S3 User Guide: The meaning of "public"', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status' },
        { title: 'Security Hub CloudTrail.6: Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-6' },
      ],
    },
  },
  targets: trailBuckets,
  check(bucket, ctx) {
    if (!onlyPolicyKnown(bucket) && !aclsIgnored(bucket)) {
      const acl = bucket.acl;
      if (!reportIfUnresolved(acl, bucket, ctx) && acl.state === 'known' && PUBLIC_ACLS.includes(squash(acl.value))) {
        const edits = replaceValue(acl, bucket.format === 'terraform' ? 'private' : 'Private');
        const message = bucket.format === 'live'
          ? `\`GetBucketAcl.Grants\` amount to the canned ACL ${acl.value}: the trail logs are readable outside the account`
          : `\`${spelled(bucket, { tf: 'acl', cfn: 'AccessControl', live: 'GetBucketAcl.Grants' })} = ${acl.value}\` makes the trail logs readable outside the account`;
        failWithRelations(ctx, bucket, at(acl, bucket), message, {
          fixes: edits ? [{ title: 'Make the ACL private', kind: 'safe', edits }] : [],
          aspect: 'acl',
        });
      }
      const grantees = bucket.aclGrantees;
      if (!reportIfUnresolved(grantees, bucket, ctx) && grantees.state === 'known') {
        const open = grantees.value.filter((g) => PUBLIC_GRANTEES.includes(g));
        if (open.length > 0) failWithRelations(ctx, bucket, at(grantees, bucket), `an ACL grant to ${open.map((g) => g.split('/').pop()).join(' and ')} makes the trail logs public`, { aspect: 'acl' });
      }
    }
    const policy = bucket.policy;
    if (policy.state === 'unresolved') return ctx.unknown(policyPosition(policy, bucket), policy.reason ?? 'the bucket policy could not be evaluated');
    const { public: open, unknown } = publicAllowStatements(policy);
    for (const { statement, reason } of unknown) ctx.unknown(statementPosition(statement, policy, bucket), reason);
    for (const { statement, why } of open) {
      const detail = why.length ? ` (${why.join('; ')})` : '';
      failWithRelations(
        ctx,
        bucket,
        statementPosition(statement, policy, bucket),
        `this statement allows everyone (Principal "*") without a condition that narrows it to known callers, such as aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID with a concrete value${detail}`,
        { aspect: 'policy' },
      );
    }
  },
};
