// The exact `aws` CLI command that fixes a failing live check, and console links. Placeholders in <ANGLE>
// brackets are values only the user can choose (a log group, an access-log bucket).
import type { Bucket, EntityBase, Key, Recorder, Trail } from '../core/model';

export interface RemediationContext {
  profile: string;
  account?: string;
  minRetentionDays: number;
}

function cli(command: string, region: string | undefined, ctx: RemediationContext): string {
  return `aws ${command}${region ? ` --region ${region}` : ''} --profile ${ctx.profile}`;
}

function quote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `message` is the finding's: it tells which of several causes a rule found (an ACL or a policy statement). */
export function remediationFor(ruleId: string, entity: EntityBase, ctx: RemediationContext, message = ''): string | undefined {
  switch (entity.kind) {
    case 'trail': return trailRemediation(ruleId, entity as Trail, ctx);
    case 'bucket': return bucketRemediation(ruleId, entity as Bucket, ctx, message);
    case 'key': return keyRemediation(ruleId, entity as Key, ctx);
    case 'recorder': return recorderRemediation(ruleId, entity as Recorder, ctx);
    case 'account': return accountRemediation(ruleId, entity, ctx);
    default: return undefined;
  }
}

function trailRemediation(ruleId: string, t: Trail, ctx: RemediationContext): string | undefined {
  const name = quote(t.arn ?? t.id);
  const region = t.homeRegion ?? t.region;
  const update = (flags: string) => cli(`cloudtrail update-trail --name ${name} ${flags}`, region, ctx);
  switch (ruleId) {
    case 'TG101': return update('--enable-log-file-validation');
    case 'TG102': return update('--is-multi-region-trail');
    case 'TG103': return update('--kms-key-id <KMS_KEY_ARN>');
    case 'TG104': return cli(`cloudtrail start-logging --name ${name}`, region, ctx);
    case 'TG105': return update('--include-global-service-events');
    case 'TG106': return update('--cloud-watch-logs-log-group-arn <LOG_GROUP_ARN> --cloud-watch-logs-role-arn <ROLE_ARN>');
    case 'TG109':
      return `${cli(`cloudtrail put-event-selectors --trail-name ${name} --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true,"ExcludeManagementEventSources":[]}]'`, region, ctx)}  # replaces all selectors: re-add any data-event selectors`;
    default: return undefined;
  }
}

function bucketRemediation(ruleId: string, b: Bucket, ctx: RemediationContext, message: string): string | undefined {
  const bucket = quote(b.id);
  const s3api = (rest: string) => cli(`s3api ${rest}`, undefined, ctx);
  const lock = (mode: string) =>
    s3api(`put-object-lock-configuration --bucket ${bucket} --object-lock-configuration '{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"${mode}","Days":${ctx.minRetentionDays}}}}'`);
  const editPolicy = b.policy.state === 'absent'
    ? `${s3api(`put-bucket-policy --bucket ${bucket} --policy file://policy.json`)}  # policy.json: the statements shown in the rule doc`
    : `${s3api(`get-bucket-policy --bucket ${bucket} --query Policy --output text`)} > policy.json && ${s3api(`put-bucket-policy --bucket ${bucket} --policy file://policy.json`)}  # add the statement from the rule doc to policy.json in between`;
  switch (ruleId) {
    case 'TG201': return `${lock('COMPLIANCE')}  # irreversible: objects cannot be deleted before the retention ends; versioning must be on`;
    case 'TG202': return `${lock('COMPLIANCE')}  # COMPLIANCE mode cannot be shortened or removed, even by root`;
    case 'TG203': return s3api(`put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled`);
    case 'TG204':
      return `${s3api(`put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa 'arn:aws:iam::${ctx.account ?? '<ACCOUNT_ID>'}:mfa/root-account-mfa-device <MFA_CODE>'`)}  # only the root account's credentials with its MFA device can do this; S3 refuses it while a lifecycle configuration exists`;
    case 'TG205':
      return s3api(`put-public-access-block --bucket ${bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`);
    case 'TG206':
    case 'TG207':
    case 'TG208':
    case 'TG213':
      return editPolicy;
    case 'TG209':
      return s3api(`put-bucket-logging --bucket ${bucket} --bucket-logging-status '{"LoggingEnabled":{"TargetBucket":"<ACCESS_LOG_BUCKET>","TargetPrefix":"${b.id}/"}}'`);
    case 'TG211':
      return s3api(`put-bucket-encryption --bucket ${bucket} --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"<KMS_KEY_ARN>"},"BucketKeyEnabled":true}]}'`);
    case 'TG212': return /\bACL\b|AccessControl|AllUsers|AuthenticatedUsers/.test(message) ? s3api(`put-bucket-acl --bucket ${bucket} --acl private`) : editPolicy;
    default: return undefined;
  }
}

function keyRemediation(ruleId: string, k: Key, ctx: RemediationContext): string | undefined {
  const key = quote(k.arn ?? k.id);
  const kms = (rest: string) => cli(`kms ${rest}`, k.region, ctx);
  switch (ruleId) {
    case 'TG301':
    case 'TG302':
    case 'TG304':
    case 'TG306':
      return `${kms(`get-key-policy --key-id ${key} --policy-name default --query Policy --output text`)} > key-policy.json && ${kms(`put-key-policy --key-id ${key} --policy-name default --policy file://key-policy.json`)}  # edit key-policy.json as the rule doc shows in between`;
    case 'TG303': return kms(`enable-key-rotation --key-id ${key}`);
    case 'TG305':
      return k.keyState.state === 'known' && k.keyState.value === 'PendingDeletion'
        ? `${kms(`cancel-key-deletion --key-id ${key}`)} && ${kms(`enable-key --key-id ${key}`)}`
        : kms(`enable-key --key-id ${key}`);
    default: return undefined;
  }
}

function recorderRemediation(ruleId: string, r: Recorder, ctx: RemediationContext): string | undefined {
  const name = quote(r.id);
  const role = r.roleArn.state === 'known' ? r.roleArn.value : '<CONFIG_ROLE_ARN>';
  switch (ruleId) {
    case 'TG401':
    case 'TG402':
      return cli(`configservice put-configuration-recorder --configuration-recorder name=${name},roleARN=${role} --recording-group allSupported=true,includeGlobalResourceTypes=${ruleId === 'TG402' || boolKnown(r.includeGlobalResourceTypes)}`, r.region, ctx);
    case 'TG403': return cli(`configservice start-configuration-recorder --configuration-recorder-name ${name}`, r.region, ctx);
    default: return undefined;
  }
}

function accountRemediation(ruleId: string, entity: EntityBase, ctx: RemediationContext): string | undefined {
  switch (ruleId) {
    case 'TG120':
      return `${cli('cloudtrail create-trail --name account-trail --s3-bucket-name <LOG_BUCKET> --is-multi-region-trail --enable-log-file-validation --kms-key-id <KMS_KEY_ARN>', entity.region, ctx)} && ${cli('cloudtrail start-logging --name account-trail', entity.region, ctx)}`;
    case 'TG403':
      return `${cli('configservice put-configuration-recorder --configuration-recorder name=default,roleARN=<CONFIG_ROLE_ARN> --recording-group allSupported=true', entity.region, ctx)} && ${cli('configservice start-configuration-recorder --configuration-recorder-name default', entity.region, ctx)}  # needs a delivery channel (put-delivery-channel)`;
    default: return undefined;
  }
}

function boolKnown(a: { state: string; value?: unknown }): boolean {
  return a.state === 'known' && a.value === true;
}

// ---------------------------------------------------------------------------------------------------------------
// Console links.

export function trailConsoleUrl(arn: string, region: string): string {
  return `https://console.aws.amazon.com/cloudtrailv2/home?region=${region}#/trails/${encodeURIComponent(arn)}`;
}

export function bucketConsoleUrl(name: string, region?: string): string {
  return `https://s3.console.aws.amazon.com/s3/buckets/${encodeURIComponent(name)}?${region ? `region=${region}&` : ''}tab=properties`;
}

export function keyConsoleUrl(arn: string, region?: string): string {
  const id = arn.split('/').pop() ?? arn;
  return `https://console.aws.amazon.com/kms/home?region=${region ?? 'us-east-1'}#/kms/keys/${encodeURIComponent(id)}`;
}

export function configConsoleUrl(region: string): string {
  return `https://console.aws.amazon.com/config/home?region=${region}#/settings`;
}

export function consoleUrlFor(entity: EntityBase): string | undefined {
  const region = entity.region;
  switch (entity.kind) {
    case 'trail': {
      const t = entity as Trail;
      return trailConsoleUrl(t.arn ?? t.id, t.homeRegion ?? region ?? 'us-east-1');
    }
    case 'bucket': return bucketConsoleUrl(entity.id, region);
    case 'key': return keyConsoleUrl((entity as Key).arn ?? entity.id, region);
    case 'recorder': return region ? configConsoleUrl(region) : undefined;
    case 'account': return region ? `https://console.aws.amazon.com/cloudtrailv2/home?region=${region}#/trails` : undefined;
    default: return undefined;
  }
}
