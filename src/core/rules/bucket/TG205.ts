// TG205: all four S3 Public Access Block flags on the trail bucket, so no ACL or policy change can make the
// logs public (the live account-level block counts too).
import type { Bucket, Fix, PublicAccessBlock, Scalar } from '../../model';
import { isCfn } from '../common';
import { tfResourceAfterBucket } from './addResource';
import { setProperty } from '../../fix/edits';
import { at, type CheckContext, type Rule } from '../rule';
import { trailBuckets } from '../scope';
import { failWithRelations, onlyPolicyKnown, partialPeer, spelled, type PropSpelling } from './support';
import { ISO27001_A8_15, cis, pciDss, securityHub } from '../controls';
import { quote, s3api } from '../liveRemediation';

// Finding aspects (`Finding.aspect`): one per flag (its Terraform name, dashed), and "no block at all", which
// leaves every flag off, so a per-flag peer checks it too.
const FLAGS: { key: keyof Pick<PublicAccessBlock, 'blockPublicAcls' | 'blockPublicPolicy' | 'ignorePublicAcls' | 'restrictPublicBuckets'>; name: PropSpelling; aspect: string }[] = [
  { key: 'blockPublicAcls', name: { tf: 'block_public_acls', cfn: 'BlockPublicAcls', live: 'PublicAccessBlockConfiguration.BlockPublicAcls' }, aspect: 'block-public-acls' },
  { key: 'blockPublicPolicy', name: { tf: 'block_public_policy', cfn: 'BlockPublicPolicy', live: 'PublicAccessBlockConfiguration.BlockPublicPolicy' }, aspect: 'block-public-policy' },
  { key: 'ignorePublicAcls', name: { tf: 'ignore_public_acls', cfn: 'IgnorePublicAcls', live: 'PublicAccessBlockConfiguration.IgnorePublicAcls' }, aspect: 'ignore-public-acls' },
  { key: 'restrictPublicBuckets', name: { tf: 'restrict_public_buckets', cfn: 'RestrictPublicBuckets', live: 'PublicAccessBlockConfiguration.RestrictPublicBuckets' }, aspect: 'restrict-public-buckets' },
];
const NO_BLOCK_ASPECT = 'no-public-access-block';
/** The aspects a peer that checks one flag covers: that flag, and a missing block (which leaves it off). */
const onFlag = (aspect: string): string[] => [aspect, NO_BLOCK_ASPECT];

type PabState = Bucket['publicAccessBlock'];

function isPab(p: PabState | undefined): p is PublicAccessBlock {
  return p !== undefined && !('state' in p);
}

export const TG205: Rule<Bucket> = {
  meta: {
    id: 'TG205',
    title: 'Public Access Block on trail bucket (all four flags)',
    severity: 'high',
    fix: 'safe',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 's3',
      evidence: ['GetPublicAccessBlock', 'GetPublicAccessBlock (account)'],
      remediation: (b, ctx) => s3api(`put-public-access-block --bucket ${quote(b.id)} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`, ctx),
    },
    peers: [
      partialPeer('checkov', 'CKV2_AWS_6', [...onFlag('block-public-acls'), 'block-public-policy']),
      partialPeer('checkov', 'CKV_AWS_53', onFlag('block-public-acls')),
      partialPeer('checkov', 'CKV_AWS_54', onFlag('block-public-policy')),
      partialPeer('checkov', 'CKV_AWS_55', onFlag('ignore-public-acls')),
      partialPeer('checkov', 'CKV_AWS_56', onFlag('restrict-public-buckets')),
      partialPeer('trivy', 'AVD-AWS-0094', [NO_BLOCK_ASPECT]),
      partialPeer('trivy', 'AVD-AWS-0086', onFlag('block-public-acls')),
      partialPeer('trivy', 'AVD-AWS-0087', onFlag('block-public-policy')),
      partialPeer('trivy', 'AVD-AWS-0091', onFlag('ignore-public-acls')),
      partialPeer('trivy', 'AVD-AWS-0093', onFlag('restrict-public-buckets')),
      partialPeer('kics', 'd0cc8694-fcad-43ff-ac86-32331d7e867f', onFlag('block-public-acls')),
      partialPeer('kics', '1a4bc881-9f69-4d44-8c9a-d37d08f54c50', onFlag('block-public-policy')),
      partialPeer('kics', '1ec253ab-c220-4d63-b2de-5b40e0af9293', onFlag('restrict-public-buckets')),
      partialPeer('kics', '4fa66806-0dd9-4f8d-9480-3174d39c7c91', onFlag('ignore-public-acls')),
      partialPeer('kics', '48f100d9-f499-4c6d-b2b8-deafe47ffb26', onFlag('block-public-acls')),
      partialPeer('kics', '860ba89b-b8de-4e72-af54-d6aee4138a69', onFlag('block-public-policy')),
      partialPeer('kics', '6c8d51af-218d-4bfb-94a9-94eabaa0703a', onFlag('ignore-public-acls')),
      partialPeer('kics', '350cd468-0e2c-44ef-9d22-cfb73a62523c', onFlag('restrict-public-buckets')),
      { tool: 'cfn-guard', id: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED' },
      partialPeer('prowler', 's3_bucket_level_public_access_block', [...onFlag('ignore-public-acls'), 'restrict-public-buckets']),
      { tool: 'prowler', id: 's3_account_level_public_access_blocks' },
      { tool: 'securityhub', id: 'S3.8' },
      { tool: 'securityhub', id: 'S3.1' },
      { tool: 'cis', id: '2.1.4' },
    ],
    controls: [cis('2.1.4', 'scope'), securityHub('S3.8'), securityHub('S3.1', 'part'), ISO27001_A8_15, pciDss('10.3.2', 'part')],
    doc: {
      summary:
        'Checks that a Public Access Block is attached to the trail bucket with `block_public_acls`, ' +
        '`block_public_policy`, `ignore_public_acls` and `restrict_public_buckets` all `true` (Terraform ' +
        '`aws_s3_bucket_public_access_block`, CloudFormation `PublicAccessBlockConfiguration`). Missing flags default ' +
        'to false. Live, S3 combines the bucket-level and the account-level block flag by flag, so a flag set at ' +
        'either level counts; when the account-level block cannot be read and the bucket leaves a flag off, the check ' +
        'is unknown rather than failed.',
      why:
        'CloudTrail logs describe your whole account: principals, resources, source IPs. A single permissive ACL or ' +
        'policy statement would publish them. The Public Access Block is the backstop that makes such a mistake ' +
        'ineffective.',
      failing: {
        terraform:
          'resource "aws_s3_bucket_public_access_block" "logs" {\n  bucket            = aws_s3_bucket.logs.id\n  block_public_acls = true\n}',
        cloudformation:
          'LogBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    PublicAccessBlockConfiguration:\n      BlockPublicAcls: true\n      BlockPublicPolicy: false',
      },
      passing: {
        terraform:
          'resource "aws_s3_bucket_public_access_block" "logs" {\n  bucket                  = aws_s3_bucket.logs.id\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}',
        cloudformation:
          'LogBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    PublicAccessBlockConfiguration:\n      BlockPublicAcls: true\n      BlockPublicPolicy: true\n      IgnorePublicAcls: true\n      RestrictPublicBuckets: true',
      },
      fix:
        'Quick fix per flag: set it to `true` (replaces `false`, or inserts the missing flag). Without any Public ' +
        'Access Block, a snippet adds an `aws_s3_bucket_public_access_block` resource after the bucket / a ' +
        '`PublicAccessBlockConfiguration` with the four flags true (review it: a reader relying on a public ACL or ' +
        'policy loses access).',
      differences:
        'Checkov CKV2_AWS_6 needs only two flags and Prowler only IgnorePublicAcls + RestrictPublicBuckets; we need all ' +
        'four, like the per-flag checks of Checkov, Trivy and KICS. One finding per flag that is not true, in every ' +
        'Public Access Block resource of the bucket (Terraform applies each in turn, so a second one can undo the first). In a ' +
        '`terraform-aws-modules/s3-bucket/aws` call the flags are the module inputs of the same names; they default to ' +
        'true from module v3.9.0 on (false before), while KICS takes them as false in every version. An ' +
        '`aws_s3_bucket_public_access_block` whose bucket is declared in another module is judged on its own, as KICS does; ' +
        'since its bucket cannot be resolved here, a bucket of this module without a block of its own is unknown, not failed ' +
        '(it may be the one the block configures; rules.md §2.2). KICS does not judge a bucket without a block at all: a ' +
        'bucket that certainly has none fails here and passes KICS\'s per-flag checks.',
      references: [
        { title: 'Amazon S3 User Guide: Blocking public access to your Amazon S3 storage', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html' },
        { title: 'Security Hub S3.8: S3 general purpose buckets should block public access', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-8' },
      ],
    },
  },
  targets: (scene, options) => trailBuckets(scene, options).filter((b) => !onlyPolicyKnown(b)),
  check(bucket, ctx) {
    if (bucket.format === 'live') return checkLive(bucket, ctx);
    const pab = bucket.publicAccessBlock;
    if (!isPab(pab)) {
      if (pab.state === 'unresolved') ctx.unknown(bucket, pab.reason);
      else failWithRelations(ctx, bucket, bucket, NO_BLOCK, { aspect: NO_BLOCK_ASPECT, fixes: addBlockFix(bucket) });
      return;
    }
    // Several blocks of one bucket take turns (the last applied wins): each must set every flag.
    for (const one of [pab, ...(bucket.morePublicAccessBlocks ?? [])]) for (const flag of FLAGS) checkFlag(bucket, one, flag, ctx);
  },
};

/**
 * The catalog's snippet for a bucket without any block: an `aws_s3_bucket_public_access_block` resource /
 * `PublicAccessBlockConfiguration` with the four flags true. A snippet, not safe: blocking public access can cut
 * off a reader that relies on a public ACL or policy, so it is for the user to review.
 */
function addBlockFix(bucket: Bucket): Fix[] {
  const edits = bucket.format === 'terraform'
    ? tfResourceAfterBucket(bucket, 'aws_s3_bucket_public_access_block', FLAGS.map((f) => `  ${f.name.tf.padEnd(23)} = true\n`).join(''), 23)
    : isCfn(bucket.format)
      ? bucket.target?.insert({ tf: 'public_access_block', cfn: 'PublicAccessBlockConfiguration' }, Object.fromEntries(FLAGS.map((f) => [f.name.cfn, true])) as unknown as Scalar) ?? []
      : [];
  return edits.length ? [{ title: 'Add a Public Access Block with all four flags true', kind: 'snippet', edits }] : [];
}

const NO_BLOCK = 'no Public Access Block protects this trail log bucket: an ACL or policy change could make the logs public';

/**
 * Live: S3 applies the bucket's and the account's Public Access Block together, flag by flag, so a flag counts
 * as set when either level sets it. A level that could not be read might be the one that sets it: then the
 * verdict is unknown (with why), and a failure needs both levels known not to block.
 */
function checkLive(bucket: Bucket, ctx: CheckContext): void {
  const own = bucket.publicAccessBlock;
  const account: PabState = bucket.accountPublicAccessBlock ?? { state: 'absent' };
  const missing = FLAGS.filter((f) => !flagOn(own, f) && !flagOn(account, f));
  if (missing.length === 0) return;
  const accountUnread = !isPab(account) && account.state === 'unresolved' ? account.reason : undefined;
  if (!isPab(own)) {
    if (own.state === 'unresolved') {
      const also = accountUnread ? `; the account-level block could not be read either (${accountUnread})` : '';
      return ctx.unknown(bucket, own.reason + also);
    }
    if (accountUnread) {
      return ctx.unknown(bucket, `the bucket has no Public Access Block of its own and the account-level Public Access Block (which may block public access for every bucket) could not be read: ${accountUnread}`);
    }
    return failWithRelations(ctx, bucket, bucket, isPab(account) ? `${NO_BLOCK} (the account-level block leaves ${missing.map((f) => f.name.live).join(', ')} off)` : NO_BLOCK, { aspect: NO_BLOCK_ASPECT });
  }
  for (const flag of missing) {
    const attr = own[flag.key];
    if (attr.state === 'unresolved') { ctx.unknown(bucket, attr.reason); continue; }
    if (accountUnread) {
      ctx.unknown(bucket, `\`${flag.name.live}\` is ${attr.state === 'known' ? 'false' : 'not set'} on the bucket, and the account-level Public Access Block (which may set it for every bucket) could not be read: ${accountUnread}`);
      continue;
    }
    failWithRelations(ctx, bucket, bucket, attr.state === 'known'
      ? `\`${flag.name.live}\` is false in the Public Access Block of this trail log bucket and not set at account level`
      : `\`${flag.name.live}\` is not set in the Public Access Block of this trail log bucket nor at account level (defaults to false)`, { aspect: flag.aspect });
  }
}

function flagOn(p: PabState | undefined, flag: (typeof FLAGS)[number]): boolean {
  if (!isPab(p)) return false;
  const attr = p[flag.key];
  return attr.state === 'known' && attr.value === true;
}

function checkFlag(bucket: Bucket, pab: PublicAccessBlock, flag: (typeof FLAGS)[number], ctx: CheckContext): void {
  const attr = pab[flag.key];
  const where = pab.loc ? { loc: pab.loc } : bucket;
  if (attr.state === 'unresolved') return ctx.unknown(attr.loc ? attr : where, attr.reason);
  if (attr.state === 'known' && attr.value) return;
  const name = spelled(bucket, flag.name);
  const fixes = setProperty(attr, pab.target, flag.name, true, `Set ${name} to true`);
  const message =
    attr.state === 'known'
      ? `\`${name}\` is false in the Public Access Block of this trail log bucket`
      : `\`${name}\` is not set in the Public Access Block of this trail log bucket (defaults to false)`;
  failWithRelations(ctx, bucket, attr.state === 'known' ? at(attr, where) : where, message, { fixes, aspect: flag.aspect });
}
