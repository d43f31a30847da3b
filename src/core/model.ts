// The format-neutral model every rule reads. Parsers (Terraform, CloudFormation, policy JSON) and the live
// scanner each adapt their input into a `Scene`; rules never see syntax, only these entities. This mirrors
// Trivy's adapter/state split and is what lets the IaC and live checks share one implementation.
import type { RefText } from './refText';

/** 0-based line and UTF-16 character, as in LSP. */
export interface Pos { line: number; character: number }
export interface Range { start: Pos; end: Pos }
export interface Loc { file: string; range: Range }

/** An LSP-shaped text edit on a named file. */
export interface FileEdit { file: string; range: Range; newText: string }

export type Format = 'terraform' | 'cfn-yaml' | 'cfn-json' | 'policy-json' | 'live';
export type Scalar = string | number | boolean;

/**
 * A value as a parser evaluated it: JSON-like, with source ranges, and an explicit marker where evaluation
 * stopped (variable without default, module output, data source, unknown function, `Fn::ImportValue`...).
 */
export type LValue =
  | { t: 'str'; v: string; loc?: Loc }
  | { t: 'num'; v: number; loc?: Loc }
  | { t: 'bool'; v: boolean; loc?: Loc }
  | { t: 'null'; loc?: Loc }
  | { t: 'arr'; items: LValue[]; loc?: Loc }
  | { t: 'obj'; props: LProp[]; loc?: Loc }
  | { t: 'unresolved'; reason: string; loc?: Loc };
export interface LProp { key: string; keyLoc?: Loc; value: LValue }

/**
 * One attribute of an entity in three states (rules.md §2.4): known, absent (the provider default applies, the
 * rule decides what that means) or unresolved (with the reason shown to the user).
 * `loc` spans key and value (where a finding points); `valueLoc` only the value (what a fix replaces).
 */
export type Attr<T> =
  /**
   * `valueSource`: where a fix changes a value not written in place; `origin`: the same said for the message
   * ("`x = var.v` is false (default of `var.v`, variables.tf:3)"), also for module arguments.
   */
  | { state: 'known'; value: T; loc?: Loc; valueLoc?: Loc; format?: Format; valueSource?: ValueSource; origin?: { message: string; loc?: Loc } }
  | { state: 'absent' }
  /**
   * `branches`: the value is a CloudFormation `Fn::If` whose condition cannot be decided; each branch's value (of
   * the same type T; `unknown` here so that an unresolved attribute still passes for any T), so a rule that gets
   * the same verdict on both can still give it (TG209).
   */
  | { state: 'unresolved'; reason: string; loc?: Loc; branches?: Attr<unknown>[] };

/**
 * Set when a known value is not written at the attribute itself: it comes from a variable default, a tfvars entry,
 * a local or a CloudFormation parameter default (`loc`: the literal a fix changes, keeping the reference), or it is
 * computed or set outside the workspace (no `loc`: no fix overwrites the reference). `via` names it for the user.
 */
export interface ValueSource {
  via: string;
  loc?: Loc;
  /** The literal at `loc` as written (a fix keeps its quoting: `"false"` becomes `"true"`). */
  text?: string;
  outside?: boolean;
}

/** Spelling of one property in each IaC format, e.g. `{ tf: 'enable_logging', cfn: 'IsLogging' }`. */
export interface PropName { tf: string; cfn: string }

/** Where a missing property can be inserted: a Terraform block body or a CloudFormation `Properties` map. */
export interface BlockTarget {
  format: Format;
  file: string;
  /** Edits that insert `name = value` (formatted as the file is), or undefined when the format cannot hold it. */
  insert(name: PropName, value: Scalar): FileEdit[] | undefined;
  /** Inserts several properties in one edit (separate inserts at one point would overlap). */
  insertAll?(props: { name: PropName; value: Scalar }[]): FileEdit[] | undefined;
  /** Whether `insert(name, …)` gives edits, decided without rendering them (for a lint that applies no fix). */
  inserts?(name: PropName): boolean;
}

/** How the entity came to be, for relationship info ("log bucket of aws_cloudtrail.org, main.tf:55"). */
export interface EntityRef { kind: EntityKind; id: string; loc?: Loc }

export type EntityKind =
  | 'trail' | 'bucket' | 'key' | 'recorder' | 'eventDataStore' | 'aggregator' | 'orgPolicy' | 'account';

export interface EntityBase {
  kind: EntityKind;
  /** `aws_cloudtrail.org`, a CloudFormation logical id, a file path for standalone policies, or an ARN/name live. */
  id: string;
  format: Format;
  /** The block header (`resource "aws_cloudtrail" "org"`) or CFN logical id: where missing-attribute findings go. */
  loc?: Loc;
  /** Insertion point for missing top-level properties; absent for live entities and standalone policies. */
  target?: BlockTarget;
  /** Live only: the API responses that the attributes were read from, keyed by API call. */
  evidence?: Record<string, unknown>;
  /** Live only: region of the resource. */
  region?: string;
  /** The whole block / resource: suppression comments inside it or on the line above apply. */
  extent?: Loc;
  /** Suppressions declared on the resource itself (CloudFormation `Metadata.trailguard.ignore`). */
  ignored?: { ruleId: string; reason?: string; loc?: Loc }[];
  /**
   * The entity cannot be checked at all, with the reason: every rule reports unknown. Live: another account's
   * bucket, every call denied. Terraform: its `count` / `for_each` is unknown, so it may not exist.
   */
  inaccessible?: string;
  /** Where a module-built entity came from: the calling `module` blocks, outermost first (related information). */
  via?: { message: string; loc?: Loc }[];
}

// ---------------------------------------------------------------------------------------------------------------
// Policies (bucket policies, key policies, SCPs) share one normalised form.

export interface PolicyDoc {
  /** known: statements are valid; absent: no policy at all; unresolved: could not evaluate (reason). */
  state: 'known' | 'absent' | 'unresolved';
  reason?: string;
  /** The policy attribute / property (where findings on the whole policy point). */
  loc?: Loc;
  /** The `Statement` key, when there is one: where "a statement is missing" findings point. */
  statementsLoc?: Loc;
  statements: Statement[];
  /** Raw evaluated document (for evidence and for JSON output). */
  raw?: LValue;
  /** Appends a statement (IAM JSON shape) in the policy's own syntax; undefined when that is not possible. */
  appendStatement?(stmt: Record<string, unknown>): FileEdit[] | undefined;
}

export interface Principal {
  /** `"*"` or `{"AWS": "*"}`. */
  any: boolean;
  aws: string[];
  service: string[];
  federated: string[];
  canonicalUser: string[];
}

/** Condition block as operator → key → values, e.g. `{ Bool: { 'aws:SecureTransport': ['false'] } }`. */
export type Conditions = Record<string, Record<string, string[]>>;

export interface Statement {
  loc?: Loc;
  sid?: string;
  effect: 'Allow' | 'Deny' | 'unknown';
  principal?: Principal;
  notPrincipal?: Principal;
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  conditions: Conditions;
  /**
   * Why a condition value is unknown, by lower-cased condition key: the value is `${?}` in `conditions` (the key
   * still counts as present; only checks that need the value report unknown).
   */
  conditionReasons?: Record<string, string>;
  /** Set when a part of the statement could not be evaluated: checks depending on it report unknown. */
  unresolved?: string;
  /** Adds one condition key to this statement in its own syntax (TG213); values may be references (refText.ts). */
  addCondition?(operator: string, key: string, values: (string | RefText)[]): FileEdit[] | undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Entities.

export interface EventSelector {
  loc?: Loc;
  readWriteType: Attr<string>;
  includeManagementEvents: Attr<boolean>;
  excludeManagementEventSources: Attr<string[]>;
  dataResources: { type: Attr<string>; values: Attr<string[]>; loc?: Loc }[];
}

export interface AdvancedEventSelector {
  loc?: Loc;
  name?: string;
  fieldSelectors: { field: string; equals?: string[]; notEquals?: string[]; startsWith?: string[]; notStartsWith?: string[]; endsWith?: string[]; notEndsWith?: string[]; loc?: Loc }[];
  unresolved?: string;
}

/** How a trail's bucket or key was found (rules.md §2.1). */
export type Link<T> =
  | { state: 'linked'; entity: T; via: 'reference' | 'name' | 'shared-variable' | 'arn' | 'alias' }
  | { state: 'unresolved'; reason: string; loc?: Loc }
  | { state: 'absent' };

export interface Trail extends EntityBase {
  kind: 'trail';
  name: Attr<string>;
  logFileValidation: Attr<boolean>;
  multiRegion: Attr<boolean>;
  globalServiceEvents: Attr<boolean>;
  logging: Attr<boolean>;
  organization: Attr<boolean>;
  kmsKeyId: Attr<string>;
  cloudWatchLogGroupArn: Attr<string>;
  cloudWatchLogsRoleArn: Attr<string>;
  snsTopicName: Attr<string>;
  insightSelectors: Attr<string[]>;
  s3BucketName: Attr<string>;
  s3KeyPrefix: Attr<string>;
  /** `unresolved` when a selector block is dynamic or unevaluable. */
  eventSelectors: EventSelector[] | { unresolved: string };
  advancedEventSelectors: AdvancedEventSelector[] | { unresolved: string };
  bucket: Link<Bucket>;
  key: Link<Key>;
  /** Live only: GetTrailStatus. */
  status?: TrailStatus;
  /** Live only: shadow trail of another region / account (organization trail seen from a member). */
  homeRegion?: string;
  arn?: string;
}

export interface TrailStatus {
  isLogging: Attr<boolean>;
  latestDeliveryError: Attr<string>;
  latestDigestDeliveryError: Attr<string>;
  latestCloudWatchLogsDeliveryError: Attr<string>;
  latestDeliveryTime: Attr<string>; // ISO 8601
  latestCloudWatchLogsDeliveryTime: Attr<string>;
}

export interface LifecycleRule {
  loc?: Loc;
  id?: string;
  enabled: Attr<boolean>;
  /** Prefix of the rule's filter (`''` = whole bucket); unresolved when the filter cannot be evaluated. */
  prefix: Attr<string>;
  expirationDays: Attr<number>;
  noncurrentExpirationDays: Attr<number>;
}

export interface PublicAccessBlock {
  /** Where the PAB is declared (a resource, a CFN property, or live call). */
  loc?: Loc;
  target?: BlockTarget;
  blockPublicAcls: Attr<boolean>;
  blockPublicPolicy: Attr<boolean>;
  ignorePublicAcls: Attr<boolean>;
  restrictPublicBuckets: Attr<boolean>;
}

export interface Bucket extends EntityBase {
  kind: 'bucket';
  name: Attr<string>;
  objectLockEnabled: Attr<boolean>;
  /** Default retention of the Object Lock configuration; all absent when there is no rule. */
  objectLockMode: Attr<string>;
  objectLockDays: Attr<number>;
  objectLockYears: Attr<number>;
  /** Where the Object Lock configuration / retention rule is declared, for positions. */
  objectLockLoc?: Loc;
  /** `Enabled` | `Suspended` | `Disabled` (v3 `enabled = true` maps to `Enabled`). */
  versioning: Attr<string>;
  /** `Enabled` | `Disabled`. */
  mfaDelete: Attr<string>;
  /** Block or resource that declares versioning (for snippet insertion / positions). */
  versioningTarget?: BlockTarget;
  publicAccessBlock: PublicAccessBlock | { state: 'absent' } | { state: 'unresolved'; reason: string };
  /**
   * Further Public Access Block resources of the same bucket (Terraform): each is applied in turn and the last one
   * wins, so every one of them must set the four flags.
   */
  morePublicAccessBlocks?: PublicAccessBlock[];
  /** Live only: account-level public access block (satisfies TG205 when all four are true). */
  accountPublicAccessBlock?: PublicAccessBlock | { state: 'absent' } | { state: 'unresolved'; reason: string };
  acl: Attr<string>;
  /** Grantee URIs / ids of ACL grants (`http://acs.amazonaws.com/groups/global/AllUsers`, ...). */
  aclGrantees: Attr<string[]>;
  loggingTargetBucket: Attr<string>;
  lifecycleRules: LifecycleRule[] | { unresolved: string };
  /** Whether any lifecycle configuration exists (TG204 stands down). */
  hasLifecycle: Attr<boolean>;
  sseAlgorithm: Attr<string>;
  sseKmsKeyId: Attr<string>;
  policy: PolicyDoc;
  tags: Attr<Record<string, string>>;
  /** Trails that deliver to this bucket (why TG2xx applies here). */
  trails: EntityRef[];
  /** Same aspect set inline (v3) and with a v4 resource: perpetual diff. */
  conflicts?: { aspect: string; loc?: Loc }[];
  /** Live only: the bucket belongs to another account / cannot be read at all. */
  inaccessible?: string;
  /** Live only: whether the policy status endpoint reported public. */
  policyIsPublic?: Attr<boolean>;
  /** Live only: bucket is not a trail bucket but matched auditBucketPatterns / an audit tag. */
  markedAudit?: string;
}

export interface Key extends EntityBase {
  kind: 'key';
  arn?: string;
  enabled: Attr<boolean>;
  /** `Enabled`, `Disabled`, `PendingDeletion`... (live). */
  keyState: Attr<string>;
  keySpec: Attr<string>;
  /**
   * TF `key_usage`, CFN `KeyUsage`, live `KeyMetadata.KeyUsage`: `ENCRYPT_DECRYPT` (also when absent or left out),
   * `SIGN_VERIFY`, `GENERATE_VERIFY_MAC`... Only encryption keys rotate automatically (TG303).
   */
  keyUsage?: Attr<string>;
  keyManager: Attr<string>;
  rotation: Attr<boolean>;
  policy: PolicyDoc;
  /** Trails that encrypt with this key (why TG3xx applies here). */
  trails: EntityRef[];
  /** Aliases that point at this key (names, `alias/...`). */
  aliases: string[];
  inaccessible?: string;
}

export interface Recorder extends EntityBase {
  kind: 'recorder';
  name: Attr<string>;
  allSupported: Attr<boolean>;
  includeGlobalResourceTypes: Attr<boolean>;
  recordingStrategy: Attr<string>;
  roleArn: Attr<string>;
  /** Insertion point inside `recording_group` / `RecordingGroup`, when that block exists. */
  recordingGroupTarget?: BlockTarget;
  /** TF `aws_config_configuration_recorder_status.is_enabled` / live `recording`. absent = no status resource. */
  isEnabled: Attr<boolean>;
  statusLoc?: Loc;
  /** Live only: `lastStatus` (`Success` | `Failure` | `Pending`). */
  lastStatus?: Attr<string>;
}

export interface EventDataStore extends EntityBase {
  kind: 'eventDataStore';
  kmsKeyId: Attr<string>;
}

export interface Aggregator extends EntityBase {
  kind: 'aggregator';
  allRegions: Attr<boolean>;
}

export interface OrgPolicy extends EntityBase {
  kind: 'orgPolicy';
  policyType: Attr<string>;
  policy: PolicyDoc;
}

/** Everything one lint unit (a Terraform module folder, a template, a policy file, a live region) produced. */
export interface Scene {
  trails: Trail[];
  buckets: Bucket[];
  keys: Key[];
  recorders: Recorder[];
  eventDataStores: EventDataStore[];
  aggregators: Aggregator[];
  orgPolicies: OrgPolicy[];
  /** Live only: the account/region context. */
  /** `serviceControlPoliciesRead`: live, the organization's SCPs were listed (none attached is then a finding). */
  account?: { id?: string; region?: string; isOrgManagement?: Attr<boolean>; serviceControlPoliciesRead?: boolean };
}

export function emptyScene(): Scene {
  return { trails: [], buckets: [], keys: [], recorders: [], eventDataStores: [], aggregators: [], orgPolicies: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Findings.

export type CatalogSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type Severity = 'error' | 'warning' | 'info';

export interface Fix {
  title: string;
  /** safe: preferred quick fix, applied by `--fix` and fixAll; snippet: has placeholders the user must review. */
  kind: 'safe' | 'snippet';
  edits: FileEdit[];
}

export interface RelatedInfo { message: string; loc?: Loc }

/**
 * What one rule says about one target. Lint reports only `fail` and `unknown`; the live scan and the evidence
 * report get every status (see src/core/evaluate.ts): `notApplicable` (the rule declares it does not apply, e.g.
 * TG202 without Object Lock), `off` (a setting switched the rule off), `optInNotEnabled` (an opt-in rule nobody
 * enabled). Only `pass` means the guardrail was checked and holds.
 */
export type FindingStatus = 'pass' | 'fail' | 'unknown' | 'notApplicable' | 'off' | 'optInNotEnabled';

export interface Finding {
  ruleId: string;
  status: FindingStatus;
  severity: Severity;
  message: string;
  /** unknown / notApplicable / off / optInNotEnabled: why, in words a user can act on (the message without its prefix). */
  reason?: string;
  /** Resource label: `aws_cloudtrail.org`, CFN logical id, bucket name or key ARN. */
  resource: string;
  file?: string;
  range?: Range;
  fixes: Fix[];
  related: RelatedInfo[];
  suppressed?: { by: string; reason?: string };
  /** Live only. */
  region?: string;
  evidence?: Record<string, unknown>;
  /** What part of the resource the finding is about, when a rule can report several (`statement "AWSCloudTrailWrite"`, `statement #2`). */
  subject?: string;
  /** Which part of a rule that checks several things the finding is about (TG205 `block-public-acls`, TG206
   * `no-policy`): conformance matches it against the aspect a partial peer checks. */
  aspect?: string;
}

/** A file that could not be parsed (or only partly): reported in `errors`, never thrown. */
export interface ParseError { file: string; range: Range; message: string }
