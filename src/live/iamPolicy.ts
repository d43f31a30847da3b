// The minimal read-only IAM policy the scanner needs: every API call it makes, as IAM actions. The README's
// policy and the "missing IAM permission" reasons come from the same names (awsErrors.iamAction).
import { iamAction } from './awsErrors';

/** Every (service, operation) a scan may call (Organizations only with the opt-in TG107 / TG501 on). */
export const SCANNER_CALLS: readonly [service: string, operation: string][] = [
  ['sts', 'GetCallerIdentity'],
  ['cloudtrail', 'DescribeTrails'],
  ['cloudtrail', 'GetTrailStatus'],
  ['cloudtrail', 'GetEventSelectors'],
  ['cloudtrail', 'GetInsightSelectors'],
  ['cloudtrail', 'ListEventDataStores'],
  ['cloudtrail', 'GetEventDataStore'],
  ['s3', 'ListBuckets'],
  ['s3', 'GetBucketVersioning'],
  ['s3', 'GetObjectLockConfiguration'],
  ['s3', 'GetBucketPolicy'],
  ['s3', 'GetBucketPolicyStatus'],
  ['s3', 'GetPublicAccessBlock'],
  ['s3', 'GetBucketLogging'],
  ['s3', 'GetBucketLifecycleConfiguration'],
  ['s3', 'GetBucketEncryption'],
  ['s3', 'GetBucketAcl'],
  ['s3', 'GetBucketTagging'],
  ['s3control', 'GetPublicAccessBlock'],
  ['kms', 'DescribeKey'],
  ['kms', 'GetKeyPolicy'],
  ['kms', 'GetKeyRotationStatus'],
  ['kms', 'ListAliases'],
  ['config', 'DescribeConfigurationRecorders'],
  ['config', 'DescribeConfigurationRecorderStatus'],
  ['organizations', 'DescribeOrganization'],
  // Only with the opt-in TG501 on, in the organization's management account.
  ['organizations', 'ListPolicies'],
  ['organizations', 'DescribePolicy'],
  ['organizations', 'ListTargetsForPolicy'],
  // Which regions are enabled, so the evidence report lists the enabled regions a scan did not cover.
  ['ec2', 'DescribeRegions'],
];

/** Calls of the first profile's identity in assumed-role and organization mode (see sourceIamPolicy). */
export const SOURCE_CALLS: readonly [service: string, operation: string][] = [
  ['sts', 'AssumeRole'],
  ['organizations', 'ListAccounts'],
];

/** The IAM actions of a list of calls, once each, sorted (several S3 operations share one action). */
function iamActions(calls: readonly [service: string, operation: string][]): string[] {
  return [...new Set(calls.map(([service, op]) => iamAction(service, op)))].sort();
}

export function scannerIamActions(): string[] {
  return iamActions(SCANNER_CALLS);
}

/** The policy document to attach to the scanning role (STS GetCallerIdentity needs no permission). */
export function scannerIamPolicy(): { Version: string; Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string }[] } {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'TrailGuardLiveScan', Effect: 'Allow', Action: scannerIamActions().filter((a) => a !== 'sts:GetCallerIdentity'), Resource: '*' }],
  };
}

type PolicyDocument = { Version: string; Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string }[] };

/**
 * Assumed-role mode: what the first profile's identity needs besides `scannerIamPolicy()` (which the role in every
 * other account carries): to assume that role. Organization mode adds listing the accounts.
 */
export function sourceIamPolicy(roleName: string, organization: boolean): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'TrailGuardAssumeAuditRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: `arn:aws:iam::*:role/${roleName}` },
      ...(organization ? [{ Sid: 'TrailGuardListAccounts', Effect: 'Allow' as const, Action: ['organizations:ListAccounts'], Resource: '*' }] : []),
    ],
  };
}

/** Aggregator mode: the first profile's calls (identity, then the advanced queries; the rest as in the profile scan). */
export const AGGREGATOR_CALLS: readonly [service: string, operation: string][] = [
  ['config', 'SelectAggregateResourceConfig'],
];

/**
 * Aggregator mode: the one permission the first profile's identity needs to read every account's recorded trails,
 * buckets and keys. Reading what AWS Config does not record (a trail's status, a key policy) directly needs the
 * profile-scan policy in that account (its profile, or the audit role).
 */
export function aggregatorIamPolicy(region = '*', account = '*', aggregator = '*'): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{
      Sid: 'TrailGuardQueryAggregator',
      Effect: 'Allow',
      Action: AGGREGATOR_CALLS.map(([s, o]) => iamAction(s, o)),
      Resource: `arn:aws:config:${region}:${account}:config-aggregator/${aggregator}`,
    }],
  };
}

/**
 * Evidence reads beyond the scan: `verify-logs` / Validate Log Files (digests and log files) and retention in practice
 * (listing, retain-until of a sample), on the log buckets.
 */
export const EVIDENCE_CALLS: readonly [service: string, operation: string][] = [
  ['cloudtrail', 'ListPublicKeys'],
  ['s3', 'ListObjectsV2'],
  ['s3', 'GetObject'],
  ['s3', 'GetObjectRetention'],
];

export function evidenceIamPolicy(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'TrailGuardEvidenceReads', Effect: 'Allow', Action: iamActions(EVIDENCE_CALLS), Resource: '*' }],
  };
}
