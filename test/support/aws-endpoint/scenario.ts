// The shape of a scenario file: the state of one fake AWS account as the local endpoint serves it. Fields use
// the API's own member names (CloudTrail `trailList` entries, S3 configuration elements, KMS `KeyMetadata`)
// so that a scenario reads like the responses it produces.
import * as fs from 'fs';
import * as path from 'path';

export interface ScenarioTrail {
  /** DescribeTrails member names: Name, TrailARN, HomeRegion, S3BucketName, IsMultiRegionTrail, ... */
  trail: Record<string, unknown>;
  /** GetTrailStatus response (times as ISO strings; sent as epoch seconds). */
  status?: Record<string, unknown>;
  /** GetEventSelectors response body without TrailARN (EventSelectors / AdvancedEventSelectors). */
  selectors?: Record<string, unknown>;
  /** GetInsightSelectors `InsightSelectors` (with `HasInsightSelectors: true`); omitted = InsightNotEnabledException. */
  insights?: { InsightType: string }[];
}

export interface ScenarioBucket {
  /** Account that owns the bucket; another account's bucket answers AccessDenied and is not listed. */
  owner?: string;
  region?: string;
  /** GetBucketVersioning: { Status, MFADelete }; omitted = never enabled (empty configuration). */
  versioning?: { Status?: string; MFADelete?: string };
  /** GetObjectLockConfiguration; null/omitted = ObjectLockConfigurationNotFoundError. */
  objectLock?: { ObjectLockEnabled?: string; Rule?: { DefaultRetention: { Mode?: string; Days?: number; Years?: number } } } | null;
  /** Bucket policy document (object, sent as JSON text); null/omitted = NoSuchBucketPolicy. */
  policy?: Record<string, unknown> | null;
  publicAccessBlock?: { BlockPublicAcls: boolean; IgnorePublicAcls: boolean; BlockPublicPolicy: boolean; RestrictPublicBuckets: boolean } | null;
  logging?: { TargetBucket: string; TargetPrefix?: string } | null;
  /** Lifecycle rules: { ID, Status, Prefix?, ExpirationDays?, NoncurrentDays? }; null/omitted = none. */
  lifecycle?: { ID?: string; Status: string; Prefix?: string; ExpirationDays?: number; NoncurrentDays?: number }[] | null;
  encryption?: { SSEAlgorithm: string; KMSMasterKeyID?: string } | null;
  /** ACL grants; the owner's FULL_CONTROL grant is always present. */
  aclGrants?: { URI?: string; ID?: string; Permission: string }[];
  /** GetBucketPolicyStatus.IsPublic (defaults to false when a policy exists). */
  policyIsPublic?: boolean;
  tags?: Record<string, string> | null;
  /** Lets the scanning account read another account's bucket (a bucket policy granting it). */
  readableByCaller?: boolean;
  /**
   * Objects (CloudTrail log and digest files) by key: body in base64 (gzip as CloudTrail writes it), user metadata,
   * when it was written (default: the time in its CloudTrail file name) and its Object Lock retention.
   */
  objects?: Record<string, ScenarioObject>;
}

export interface ScenarioObject {
  bodyBase64: string;
  metadata?: Record<string, string>;
  /** ISO 8601; omitted = the time in the CloudTrail key name. */
  lastModified?: string;
  /** GetObjectRetention; omitted = NoSuchObjectLockConfiguration (in an Object Lock bucket). */
  retention?: { Mode: 'COMPLIANCE' | 'GOVERNANCE'; RetainUntilDate: string };
}

export interface ScenarioKey {
  /** KMS KeyMetadata: KeyId, Arn, KeyState, Enabled, KeyManager, KeySpec, KeyUsage... */
  metadata: Record<string, unknown>;
  policy?: Record<string, unknown>;
  rotation?: boolean;
  /** Alias names (`alias/org-audit-trail`) pointing at the key (ListAliases). */
  aliases?: string[];
  /** Other accounts whose principals the key policy lets read the key (organization scenarios). */
  readableBy?: string[];
}

export interface ScenarioRecorder {
  recorder: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** GetEventDataStore response members: EventDataStoreArn, Name, KmsKeyId (omitted = AWS owned key), Status... */
export type ScenarioEventDataStore = Record<string, unknown>;

/** DescribeOrganization `Organization`: Id, Arn, MasterAccountId, FeatureSet... */
export type ScenarioOrganization = Record<string, unknown>;

/** Makes matching calls fail: `error` is AccessDenied | Throttling | ExpiredToken | any error code. */
export interface ScenarioFault {
  /** Operation name (`GetBucketVersioning`, `DescribeTrails`, `GetCallerIdentity`) or `*`. */
  operation: string;
  /** Bucket name, key id/ARN or trail name the fault is limited to. */
  resource?: string;
  region?: string;
  error: string;
  /** Fail only the first N matching calls, then answer normally (throttling that recovers). */
  times?: number;
  /**
   * For the response modes (`error`): `Reset` closes the connection, `Empty200` / `Malformed200` answer 200 with an
   * empty / unreadable body, `Huge200` a 200 of `bytes` bytes, `EchoCredentials` an error quoting the request's
   * session token and the profile's secret key; `EndlessPages200` / `SameMarker200` a KMS ListAliases page that is
   * always Truncated, with a new / the same NextMarker each time.
   */
  bytes?: number;
}

export interface Scenario {
  /** One line shown by the demo and in test names. */
  description: string;
  account: string;
  callerArn?: string;
  /** Per region: trails whose home region it is, and Config recorders. */
  regions: Record<string, { trails?: ScenarioTrail[]; recorders?: ScenarioRecorder[]; eventDataStores?: ScenarioEventDataStore[] }>;
  /** Trails of other accounts visible as shadow trails in every region (organization trails). */
  organizationTrails?: ScenarioTrail[];
  buckets: Record<string, ScenarioBucket>;
  /** S3 Control account-level Public Access Block; null/omitted = NoSuchPublicAccessBlockConfiguration. */
  accountPublicAccessBlock?: { BlockPublicAcls: boolean; IgnorePublicAcls: boolean; BlockPublicPolicy: boolean; RestrictPublicBuckets: boolean } | null;
  /** The organization the account belongs to; null/omitted = AWSOrganizationsNotInUseException. */
  organization?: ScenarioOrganization | null;
  /**
   * Service control policies of the organization (the management account lists them): `Content` is the policy
   * document, `Targets` the roots / OUs / accounts it is attached to (none = not attached).
   */
  serviceControlPolicies?: { Id: string; Name: string; Content: unknown; Targets?: string[] }[];
  /** Keyed by key ARN. */
  keys: Record<string, ScenarioKey>;
  /** cloudtrail:ListPublicKeys: Value (base64 DER, PKCS#1), Fingerprint, ValidityStartTime/EndTime (ISO). */
  publicKeys?: { Value: string; Fingerprint: string; ValidityStartTime: string; ValidityEndTime: string }[];
  /** Regions ec2:DescribeRegions lists as enabled; omitted = eu-west-1, us-east-1, us-west-2 (ap-east-1 not opted in). */
  enabledRegions?: string[];
  faults?: ScenarioFault[];
}

export const scenarioDir = path.join(__dirname, 'scenarios');

/** Loads `scenarios/<name>.json` (or a path). */
export function loadScenario(nameOrPath: string): Scenario {
  const file = nameOrPath.endsWith('.json') ? nameOrPath : path.join(scenarioDir, `${nameOrPath}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Scenario;
}

/** A deep copy to modify in one test without touching the file's object. */
export function cloneScenario(s: Scenario): Scenario {
  return JSON.parse(JSON.stringify(s)) as Scenario;
}

/** Loads an organization scenario (`scenarios/organization.json`: several accounts behind one endpoint). */
export function loadOrganizationScenario(nameOrPath: string): import('./organization').OrganizationScenario {
  const file = nameOrPath.endsWith('.json') ? nameOrPath : path.join(scenarioDir, `${nameOrPath}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as import('./organization').OrganizationScenario;
}
