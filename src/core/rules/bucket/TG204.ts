// TG204: MFA Delete on the trail bucket, so permanently deleting a log version or suspending versioning needs
// the root user's MFA device. IaC can rarely manage it (CloudFormation cannot at all), hence the graded stance.
import type { Bucket } from '../../model';
import { at, type Rule } from '../rule';
import { trailBuckets } from '../scope';
import { failWithRelations, onlyPolicyKnown, reportIfUnresolved } from './support';
import { ISO27001_A8_15, cis, pciDss, securityHub } from '../controls';
import { quote, s3api } from '../liveRemediation';

export const TG204: Rule<Bucket> = {
  meta: {
    id: 'TG204',
    title: 'MFA Delete on trail bucket',
    severity: 'low',
    fix: 'no',
    surfaces: ['terraform', 'live'],
    live: {
      service: 's3',
      evidence: ['GetBucketVersioning', 'GetBucketLifecycleConfiguration'],
      remediation: (b, ctx) => `${s3api(`put-bucket-versioning --bucket ${quote(b.id)} --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa 'arn:aws:iam::${ctx.account ?? '<ACCOUNT_ID>'}:mfa/root-account-mfa-device <MFA_CODE>'`, ctx)}  # only the root account's credentials with its MFA device can do this; S3 refuses it while a lifecycle configuration exists`,
    },
    peers: [
      { tool: 'trivy', id: 'AVD-AWS-0170' },
      { tool: 'kics', id: 'c5b31ab9-0f26-4a49-b8aa-4cc064392f4d' },
      { tool: 'prowler', id: 's3_bucket_no_mfa_delete' },
      { tool: 'prowler', id: 'cloudtrail_bucket_requires_mfa_delete' },
      { tool: 'cis', id: '2.1.2' },
      { tool: 'securityhub', id: 'S3.20' },
    ],
    controls: [cis('2.1.2', 'scope'), securityHub('S3.20'), ISO27001_A8_15, pciDss('10.3.2', 'part')],
    doc: {
      summary:
        'Checks MFA Delete on the trail bucket. Live: fails (Warning) unless `GetBucketVersioning` reports ' +
        '`MFADelete: Enabled`. Terraform: Warning when `mfa_delete` is explicitly `Disabled` / `false`, Information ' +
        'when it is not managed at all, silent when the bucket has a lifecycle configuration (S3 refuses MFA Delete ' +
        'there). CloudFormation cannot set MFA Delete, so templates are skipped.',
      why:
        'With MFA Delete, permanently deleting an object version or suspending versioning needs the root user and ' +
        'its MFA device. A compromised administrator can then no longer quietly erase log versions.',
      failing: {
        terraform:
          'resource "aws_s3_bucket_versioning" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  versioning_configuration {\n    status     = "Enabled"\n    mfa_delete = "Disabled"\n  }\n}',
        cloudformation: '# CloudFormation cannot set MFA Delete: enable it with the root user (AWS CLI) after deployment.',
      },
      passing: {
        terraform:
          'resource "aws_s3_bucket_versioning" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  mfa    = "arn:aws:iam::111122223333:mfa/root-account-mfa-device 123456"\n  versioning_configuration {\n    status     = "Enabled"\n    mfa_delete = "Enabled"\n  }\n}',
        cloudformation: '# Not applicable: run `aws s3api put-bucket-versioning --mfa ...` as the root user.',
      },
      fix:
        'As the root user with its MFA device: `aws s3api put-bucket-versioning --bucket <name> --versioning-configuration ' +
        'Status=Enabled,MFADelete=Enabled --mfa "<device-arn> <code>"`. No automatic fix: it needs root credentials and ' +
        'an MFA code, and it conflicts with lifecycle rules (TG210), so choose one deliberately.',
      differences:
        'KICS also skips buckets with lifecycle rules; Trivy reports only managed values. Checkov has no equivalent. ' +
        'We report an unmanaged value at Information rather than failing it, because Terraform usually cannot apply it, ' +
        'also on a bucket that configures no versioning at all (TG203 reports that besides). MFA Delete `Enabled` on a ' +
        'bucket whose versioning is not `Enabled` fails at the versioning status.',
      references: [
        { title: 'Amazon S3 User Guide: Configuring MFA delete', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html' },
        { title: 'Security Hub S3.20: S3 general purpose buckets should have MFA delete enabled', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-20' },
      ],
    },
  },
  targets: (scene, options) => trailBuckets(scene, options).filter((b) => !onlyPolicyKnown(b) && !b.format.startsWith('cfn')),
  notApplicable(bucket) {
    if (bucket.format === 'live') return undefined;
    // S3 rejects MFA Delete on a bucket with lifecycle rules: do not demand both (rules.md, TG204 vs TG210).
    if (bucket.hasLifecycle.state === 'known' && bucket.hasLifecycle.value) return 'the bucket has a lifecycle configuration, and S3 refuses MFA Delete on such buckets (see TG210)';
    return undefined;
  },
  check(bucket, ctx) {
    const mfa = bucket.mfaDelete;
    if (bucket.format === 'live') {
      if (reportIfUnresolved(mfa, bucket, ctx)) return;
      if (mfa.state === 'known' && mfa.value.toLowerCase() === 'enabled') return;
      failWithRelations(ctx, bucket, bucket, 'MFA Delete is not enabled on this trail log bucket', { severity: 'medium' });
      return;
    }
    // A bucket with a lifecycle configuration is not applicable (above). Absent MFA Delete is Information whether or
    // not versioning is configured (rules.md TG204: "Info if absent"); a missing versioning configuration is TG203's
    // own finding besides.
    const versioning = bucket.versioning;
    const locked = bucket.objectLockEnabled.state === 'known' && bucket.objectLockEnabled.value;
    if (reportIfUnresolved(mfa, bucket, ctx)) return;
    if (mfa.state === 'known' && mfa.value.toLowerCase() === 'enabled') {
      if (versioning.state === 'known' && versioning.value.toLowerCase() !== 'enabled' && !locked) {
        failWithRelations(ctx, bucket, at(versioning, bucket), `versioning is ${versioning.value} on this trail log bucket, so its MFA Delete setting has no effect`, { severity: 'medium' });
      }
      return;
    }
    if (reportIfUnresolved(bucket.hasLifecycle, bucket, ctx)) return;
    if (mfa.state === 'known') {
      failWithRelations(ctx, bucket, at(mfa, bucket), `MFA Delete is explicitly ${mfa.value} on this trail log bucket`, { severity: 'medium' });
    } else {
      failWithRelations(ctx, bucket, bucket, 'MFA Delete is not managed for this trail log bucket: enable it as the root user (not settable from most IaC)', { severity: 'info' });
    }
  },
};
