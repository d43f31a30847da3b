// What a live scan produces: the contract between the scanner (src/live), the CLI (`trailguard scan`) and the
// tree view (src/extension/liveView). Every check has a status (src/core/model.ts FindingStatus) — never missing.
import type { FindingStatus, Scene, Severity } from '../core/model';
import type { EntityFinding } from '../core/evaluate';

export interface CheckResult {
  ruleId: string;
  title: string;
  /** The account that owns the resource (another account's for a cross-account bucket or key). */
  account?: string;
  status: FindingStatus;
  severity: Severity;
  /** Trail name, bucket name or key ARN (account id / region for account-level checks). */
  resource: string;
  region?: string;
  message: string;
  /** The service whose configuration the rule judges (its metadata): groups account-level results. */
  service?: 'cloudtrail' | 's3' | 'kms' | 'config' | 'organizations';
  /** The part of the resource this result is about (`statement "AWSCloudTrailWrite"`), when a rule reports several. */
  subject?: string;
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
  /**
   * Set when the verdict rests on AWS Config's recorded configuration (aggregator mode) instead of live API answers:
   * which aggregator, and when the configuration item was captured (the age of the data).
   */
  recorded?: { aggregator: string; capturedAt: string };
}

/** A bucket or key of another account than the scanned one: whose it is, and how it was read. */
export interface ResourceOwnerLabel {
  account: string;
  /** Organizations account name (`Log Archive`), when known. */
  name?: string;
  /** `profile log-archive`, `role arn:aws:iam::222233334444:role/Audit from profile management`; absent: not reached. */
  via?: string;
}

export interface ScannedBucket {
  name: string;
  /** Set when the bucket belongs to another account. */
  owner?: ResourceOwnerLabel;
  /** Why the bucket is in the scan: `log bucket of trail X`, `matches auditBucketPatterns`, `audit tag`. */
  why: string;
  /** The bucket is in another account or could not be read at all. */
  inaccessible?: string;
  checks: CheckResult[];
  consoleUrl?: string;
}

export interface ScannedKey {
  arn: string;
  /** Set when the key belongs to another account. */
  owner?: ResourceOwnerLabel;
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

/** One API call of the scan as AWS answered it (src/evidence keeps these verbatim, redacted and hashed). */
export interface ApiCallRecord {
  service: string;
  region: string;
  operation: string;
  /** x-amzn-RequestId / x-amz-request-id of the answer, when AWS sent one. */
  requestId?: string;
  /** When the answer arrived (ISO 8601 UTC). */
  time: string;
  request: unknown;
  /** The response body without the SDK's `$metadata`. */
  response?: unknown;
  error?: { code: string; message?: string };
}

export interface AccountScan {
  /** The profile whose credentials signed (for an assumed role: its source profile). */
  profile: string;
  account?: string;
  /** Organizations account name, when known. */
  accountName?: string;
  /** How the account was reached: `profile management`, `role arn:aws:iam::…:role/Audit from profile management`. */
  via?: string;
  /** Trails listed, checks still running (a progressive tree): nothing in it is a verdict yet. */
  partial?: boolean;
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
  /** Every API answer of the scan, in order (evidence report). */
  apiCalls?: ApiCallRecord[];
  /** A non-default endpoint the scan was sent to (profile `endpoint_url`, environment or setting), if any. */
  endpoint?: string;
  /**
   * Regions enabled in the account (ec2:DescribeRegions), to list the enabled regions the scan did not cover;
   * `unknown` says why they could not be read.
   */
  enabledRegions?: { regions: string[] } | { unknown: string };
  /** Where the data came from when not (only) the live APIs: an AWS Config aggregator, its oldest item, the age limit. */
  source?: { kind: 'config'; aggregator: string; oldestCapture?: string; maxAgeHours: number };
  /** Only with ScanOptions.keepScenes: each region's evaluated scene (code ↔ account linking; never serialised). */
  liveScenes?: { region: string; scene: Scene; findings: EntityFinding[] }[];
}

/** One scan across several accounts: one AccountScan per account (each a root of the tree). */
export interface MultiAccountScan {
  accounts: AccountScan[];
  /** The accounts came from organizations:ListAccounts. */
  organization?: boolean;
  /** Why the organization's accounts could not be listed (only the first profile's account was scanned). */
  organizationError?: string;
  /** The AWS Config aggregator the accounts were read from (aggregator mode); rows that were not items are counted. */
  aggregator?: { name: string; region: string; unreadableItems?: number };
  /** Why the aggregator could not be queried (the accounts were then scanned directly). */
  aggregatorError?: string;
  startedAt: string;
  finishedAt: string;
  /** Every check of every account, flat, each with its `account`. */
  findings: CheckResult[];
}
