// What a live scan produces: the contract between the scanner (src/live), the CLI (`trailguard scan`) and the
// tree view (src/extension/liveView). Every check has a status (src/core/model.ts FindingStatus) — never missing.
import type { FindingStatus, Severity } from '../core/model';

export interface CheckResult {
  ruleId: string;
  title: string;
  status: FindingStatus;
  severity: Severity;
  /** Trail name, bucket name or key ARN (account id / region for account-level checks). */
  resource: string;
  region?: string;
  message: string;
  /**
   * Why the check is unknown (missing IAM action, expired SSO token...), not applicable (`no Object Lock, see
   * TG201`), off (the setting) or an opt-in rule not enabled, in words a user can act on.
   */
  reason?: string;
  /** The API values the verdict was based on, keyed by API call (`GetBucketVersioning`: {...}). */
  evidence?: Record<string, unknown>;
  docUrl: string;
  /** The exact `aws` CLI call that fixes a failing check, where one exists. */
  remediation?: string;
  consoleUrl?: string;
}

export interface ScannedBucket {
  name: string;
  /** Why the bucket is in the scan: `log bucket of trail X`, `matches auditBucketPatterns`, `audit tag`. */
  why: string;
  /** The bucket is in another account or could not be read at all. */
  inaccessible?: string;
  checks: CheckResult[];
  consoleUrl?: string;
}

export interface ScannedKey {
  arn: string;
  inaccessible?: string;
  checks: CheckResult[];
  consoleUrl?: string;
}

export interface ScannedTrail {
  name: string;
  arn: string;
  homeRegion: string;
  /** Seen as a shadow trail (organization trail from a member account, or a multi-region trail's home elsewhere). */
  shadow: boolean;
  isOrganizationTrail: boolean;
  checks: CheckResult[];
  bucket?: ScannedBucket;
  key?: ScannedKey;
  consoleUrl?: string;
}

export interface ScannedRecorder {
  name: string;
  checks: CheckResult[];
}

/** A CloudTrail Lake event data store (TG110). */
export interface ScannedEventDataStore {
  name: string;
  /** Absent for the placeholder of a region whose stores could not be listed (its check says why). */
  arn?: string;
  checks: CheckResult[];
}

export interface RegionScan {
  region: string;
  trails: ScannedTrail[];
  /** Region/account-level checks (TG120, TG402...). */
  checks: CheckResult[];
  recorders: ScannedRecorder[];
  /** CloudTrail Lake event data stores (optional: consumers written before TG110 was live may ignore it). */
  eventDataStores?: ScannedEventDataStore[];
  /** Set when the region could not be scanned at all (the reason). */
  error?: string;
}

export interface AccountScan {
  profile: string;
  account?: string;
  /** The identity the scan ran as (STS GetCallerIdentity Arn), e.g. `arn:aws:iam::123456789012:user/demo-user`. */
  callerArn?: string;
  /** Set when STS GetCallerIdentity failed: the whole tree is unknown for this reason. */
  error?: string;
  regions: RegionScan[];
  /** Buckets matched by auditBucketPatterns / the audit tag that no trail delivers to. */
  otherBuckets: ScannedBucket[];
  startedAt: string;
  finishedAt: string;
  /** Every check of the scan, flat (what `trailguard scan --format json` prints). */
  findings: CheckResult[];
}
