// What a bucket policy must grant CloudTrail for delivery to work, and the AWS-documented statements that grant
// it ("Amazon S3 bucket policy for CloudTrail"). Shared by TG207 (grants present), TG208 (confused-deputy
// condition) and TG213 (bucket-owner-full-control).
import type { Bucket, PolicyDoc, Scene, Trail } from '../../model';
import { bucketArn } from '../../policy/bucketPolicy';
import type { RefPart, RefText } from '../../refText';
import { accountRef, bucketArnRef, concat, trailArnRef } from '../refs';
import { knownString, trailsOf } from './support';

export interface DeliveryGrant {
  action: 's3:GetBucketAcl' | 's3:PutObject';
  /** ARN the call is made on; `${...}` parts are values we do not know (IaC account id). */
  resource: string;
  /** Human description of the resource for messages (placeholders spelled out). */
  shown: string;
  /**
   * The AWS-documented statement, in order of preference: pinned to the trail ARN (`aws:SourceArn`), else to the
   * account (`aws:SourceAccount`) for when the trail's name cannot be derived. The fix writes the first one that
   * needs no placeholder.
   */
  statements: Record<string, unknown>[];
}

/** The confused-deputy condition, preferably on the trail ARN, else on the account. */
export function sourceConditions(trail: Trail | undefined, scene: Scene, policy?: PolicyDoc): Record<string, RefText | RefPart>[] {
  return [{ 'aws:SourceArn': trailArnRef(trail, scene, policy) }, { 'aws:SourceAccount': refTextOf(accountRef(scene, policy)) }];
}

function refTextOf(p: RefPart): RefText {
  return { refText: [p] };
}

/** `arn:aws:cloudtrail:<region>:<account>:trail/<name>` with placeholders for what is not known. */
export function trailArnFor(trail: Trail | undefined, scene: Scene): string {
  if (trail?.arn) return trail.arn;
  const name = trail ? knownString(trail.name) : undefined;
  const region = trail?.region ?? scene.account?.region ?? '<REGION>';
  return `arn:aws:cloudtrail:${region}:${scene.account?.id ?? '<ACCOUNT_ID>'}:trail/${name ?? '<TRAIL_NAME>'}`;
}

/** The key prefix as the trail writes it (`var.prefix` stays a reference), with its slash; `''` without one. */
function prefixRef(trail: Trail | undefined): RefPart[] {
  const p = trail?.s3KeyPrefix;
  if (!p || p.state === 'absent') return [];
  if (p.state === 'unresolved') return [{ placeholder: '<PREFIX>' }, '/'];
  if (!p.value) return [];
  const clean = p.value.replace(/\/+$/, '');
  return [clean === p.value ? { expr: p.valueLoc, value: clean, placeholder: '<PREFIX>' } : clean, '/'];
}

/** The object prefix CloudTrail writes under for `owner` (account id or organization id). */
function logPrefix(trail: Trail | undefined): string {
  if (!trail) return '';
  const p = trail.s3KeyPrefix;
  if (p.state === 'known') return p.value ? `${p.value.replace(/\/+$/, '')}/` : '';
  if (p.state === 'unresolved') return '${prefix}/';
  return '';
}

/**
 * GetBucketAcl on the bucket, and PutObject on `<bucket>/[<prefix>/]AWSLogs/<account>/*` for every trail that
 * uses the bucket (organization trails also on `AWSLogs/<org-id>/*`). Without a linked trail (a bucket known
 * from its policy or a marker), the default prefix and any account.
 */
export function requiredDeliveryGrants(bucket: Bucket, scene: Scene): DeliveryGrant[] {
  const name = knownString(bucket.name) || undefined;
  const arn = bucketArn(name);
  const shownArn = name ? arn : 'arn:aws:s3:::<BUCKET_NAME>';
  const trails: (Trail | undefined)[] = trailsOf(bucket, scene);
  if (trails.length === 0) trails.push(undefined);
  const account = scene.account?.id;
  const grants: DeliveryGrant[] = [
    {
      action: 's3:GetBucketAcl',
      resource: arn,
      shown: shownArn,
      statements: sourceConditions(trails[0], scene, bucket.policy).map((c) => cloudTrailAclCheckStatement(bucketArnRef(bucket), c)),
    },
  ];
  const seen = new Set<string>();
  for (const trail of trails) {
    const owners: { need: string; shown: string; ref: RefPart }[] = [{ need: account ?? '${account}', shown: account ?? '<ACCOUNT_ID>', ref: accountRef(scene, bucket.policy) }];
    if (trail?.organization.state === 'known' && trail.organization.value) owners.push({ need: 'o-${org}', shown: '<ORG_ID>', ref: { placeholder: '<ORG_ID>' } });
    const prefix = logPrefix(trail);
    for (const owner of owners) {
      const resource = `${arn}/${prefix}AWSLogs/${owner.need}/*`;
      if (seen.has(resource)) continue;
      seen.add(resource);
      const shownPrefix = prefix.replace('${prefix}', '<PREFIX>');
      const shown = `${shownArn}/${shownPrefix}AWSLogs/${owner.shown}/*`;
      const objects = concat(bucketArnRef(bucket), '/', ...prefixRef(trail), 'AWSLogs/', owner.ref, '/*');
      grants.push({ action: 's3:PutObject', resource, shown, statements: sourceConditions(trail, scene, bucket.policy).map((c) => cloudTrailWriteStatement(objects, c)) });
    }
  }
  return grants;
}

export function cloudTrailAclCheckStatement(bucketArnText: RefText, source: Record<string, unknown>): Record<string, unknown> {
  return {
    Sid: 'AWSCloudTrailAclCheck',
    Effect: 'Allow',
    Principal: { Service: 'cloudtrail.amazonaws.com' },
    Action: 's3:GetBucketAcl',
    Resource: bucketArnText,
    Condition: { StringEquals: source },
  };
}

export function cloudTrailWriteStatement(objectsArn: RefText, source: Record<string, unknown>): Record<string, unknown> {
  return {
    Sid: 'AWSCloudTrailWrite',
    Effect: 'Allow',
    Principal: { Service: 'cloudtrail.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: objectsArn,
    Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...source } },
  };
}
