// Building blocks of the `aws` CLI commands the rules' live metadata offers as fixes (rule.ts LiveBehaviour).
// Placeholders in <ANGLE> brackets are values only the user can choose (a log group, an access-log bucket).
import type { Bucket, Key, Recorder, Trail } from '../model';
import type { RemediationContext } from './rule';

export function cli(command: string, region: string | undefined, ctx: RemediationContext): string {
  return `aws ${command}${region ? ` --region ${region}` : ''} --profile ${ctx.profile}`;
}

/** A shell word: as is when safe, else single-quoted. */
export function quote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function updateTrail(t: Trail, flags: string, ctx: RemediationContext): string {
  return cli(`cloudtrail update-trail --name ${quote(t.arn ?? t.id)} ${flags}`, t.homeRegion ?? t.region, ctx);
}

export function trailCommand(t: Trail, command: string, ctx: RemediationContext): string {
  return cli(`cloudtrail ${command} ${quote(t.arn ?? t.id)}`, t.homeRegion ?? t.region, ctx);
}

export function s3api(rest: string, ctx: RemediationContext): string {
  return cli(`s3api ${rest}`, undefined, ctx);
}

export function objectLockCommand(b: Bucket, ctx: RemediationContext): string {
  return s3api(`put-object-lock-configuration --bucket ${quote(b.id)} --object-lock-configuration '{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"COMPLIANCE","Days":${ctx.minRetentionDays}}}}'`, ctx);
}

/** Fetch the bucket policy, edit it as the rule doc shows, put it back (or write a new one when there is none). */
export function editBucketPolicy(b: Bucket, ctx: RemediationContext, edit = 'add the statement from the rule doc to policy.json in between'): string {
  const bucket = quote(b.id);
  return b.policy.state === 'absent'
    ? `${s3api(`put-bucket-policy --bucket ${bucket} --policy file://policy.json`, ctx)}  # policy.json: the statements shown in the rule doc`
    : `${s3api(`get-bucket-policy --bucket ${bucket} --query Policy --output text`, ctx)} > policy.json && ${s3api(`put-bucket-policy --bucket ${bucket} --policy file://policy.json`, ctx)}  # ${edit}`;
}

export function kms(k: Key, rest: string, ctx: RemediationContext): string {
  return cli(`kms ${rest}`, k.region, ctx);
}

export function editKeyPolicy(k: Key, ctx: RemediationContext): string {
  const key = quote(k.arn ?? k.id);
  return `${kms(k, `get-key-policy --key-id ${key} --policy-name default --query Policy --output text`, ctx)} > key-policy.json && ${kms(k, `put-key-policy --key-id ${key} --policy-name default --policy file://key-policy.json`, ctx)}  # edit key-policy.json as the rule doc shows in between`;
}

export function putRecorder(r: Recorder, includeGlobal: boolean, ctx: RemediationContext): string {
  const role = r.roleArn.state === 'known' ? r.roleArn.value : '<CONFIG_ROLE_ARN>';
  return cli(`configservice put-configuration-recorder --configuration-recorder name=${quote(r.id)},roleARN=${role} --recording-group allSupported=true,includeGlobalResourceTypes=${includeGlobal}`, r.region, ctx);
}
