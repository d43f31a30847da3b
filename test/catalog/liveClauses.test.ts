// The catalog (../shared/rules.md) as the oracle on the LIVE surface: one case per pass / fail / warn / unknown /
// not-applicable clause that the rule's row claims for LIVE, written from the catalog's words, on hand-built Scenes
// shaped as the live scanner builds them (`format: 'live'`, no `loc`). docs/catalog-coverage.md cites these titles.
import * as assert from 'assert';
import { evaluateScene } from '../../src/core/evaluate';
import type { Attr, Bucket, EventDataStore, Finding, Key, PublicAccessBlock, Recorder, Scene, Trail } from '../../src/core/model';
import { emptyScene } from '../../src/core/model';
import { jsonToLValue, normalizePolicy } from '../../src/core/policy/normalize';
import { defaultRuleOptions, type RuleOptions } from '../../src/core/rules/rule';
import { allRules } from '../../src/core/rules';

const known = <T>(value: T): Attr<T> => ({ state: 'known', value, format: 'live' });
const absent = <T>(): Attr<T> => ({ state: 'absent' });
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const ACCOUNT = '111122223333';
const TRAIL_ARN = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/org`;
const TRAIL_REF = { kind: 'trail' as const, id: TRAIL_ARN };
const policy = (...statements: object[]) => normalizePolicy(jsonToLValue({ Version: '2012-10-17', Statement: statements }));
const pab = (on: boolean): PublicAccessBlock => ({ blockPublicAcls: known(on), blockPublicPolicy: known(on), ignorePublicAcls: known(on), restrictPublicBuckets: known(on) });

const ACL_CHECK = { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::org-trail-logs', Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } } };
const WRITE = { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::org-trail-logs/AWSLogs/${ACCOUNT}/*`, Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN, 's3:x-amz-acl': 'bucket-owner-full-control' } } };
const DENY_HTTP = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::org-trail-logs', 'arn:aws:s3:::org-trail-logs/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };

function trail(over: Partial<Trail> = {}): Trail {
  return {
    kind: 'trail', id: TRAIL_ARN, format: 'live', region: 'eu-west-1', arn: TRAIL_ARN, homeRegion: 'eu-west-1',
    name: known('org'), logFileValidation: known(true), multiRegion: known(true), globalServiceEvents: known(true),
    logging: known(true), organization: known(false), kmsKeyId: known(`arn:aws:kms:eu-west-1:${ACCOUNT}:key/k`),
    cloudWatchLogGroupArn: known(`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:trail:*`), cloudWatchLogsRoleArn: known(`arn:aws:iam::${ACCOUNT}:role/ct`),
    snsTopicName: absent(), insightSelectors: known([]), s3BucketName: known('org-trail-logs'), s3KeyPrefix: absent(),
    eventSelectors: [], advancedEventSelectors: [], bucket: { state: 'absent' }, key: { state: 'absent' },
    status: {
      isLogging: known(true), latestDeliveryError: absent(), latestDigestDeliveryError: absent(), latestCloudWatchLogsDeliveryError: absent(),
      latestDeliveryTime: known(hoursAgo(1)), latestCloudWatchLogsDeliveryTime: known(hoursAgo(1)),
    },
    ...over,
  };
}

function bucket(over: Partial<Bucket> = {}): Bucket {
  return {
    kind: 'bucket', id: 'org-trail-logs', format: 'live', region: 'eu-west-1', name: known('org-trail-logs'),
    objectLockEnabled: known(true), objectLockMode: known('COMPLIANCE'), objectLockDays: known(400), objectLockYears: absent(),
    versioning: known('Enabled'), mfaDelete: known('Enabled'), publicAccessBlock: pab(true), acl: absent(), aclGrantees: known([]),
    loggingTargetBucket: known('access-logs'), lifecycleRules: [], hasLifecycle: known(false), sseAlgorithm: known('aws:kms'),
    sseKmsKeyId: known('k'), tags: known({}), trails: [TRAIL_REF], policy: policy(ACL_CHECK, WRITE, DENY_HTTP),
    ...over,
  };
}

function key(over: Partial<Key> = {}): Key {
  return {
    kind: 'key', id: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k`, format: 'live', region: 'eu-west-1', enabled: known(true), keyState: known('Enabled'),
    keySpec: known('SYMMETRIC_DEFAULT'), keyManager: known('CUSTOMER'), rotation: known(true), trails: [TRAIL_REF], aliases: [],
    policy: policy(
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: ['kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*' },
    ),
    ...over,
  };
}

function recorder(over: Partial<Recorder> = {}): Recorder {
  return {
    kind: 'recorder', id: 'default', format: 'live', region: 'eu-west-1', name: known('default'), allSupported: known(true),
    includeGlobalResourceTypes: known(true), recordingStrategy: known('ALL_SUPPORTED_RESOURCE_TYPES'),
    roleArn: known(`arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`),
    isEnabled: known(true), lastStatus: known('Success'), ...over,
  };
}

const scene = (parts: Partial<Scene>): Scene => ({ ...emptyScene(), account: { id: ACCOUNT, region: 'eu-west-1' }, ...parts });
function run(s: Scene, id: string, options: Partial<RuleOptions> = {}): Finding[] {
  return evaluateScene(s, { ...defaultRuleOptions, ...options }, { surface: 'live', includePasses: true }).filter((f) => f.ruleId === id);
}
/** `status/severity` of each finding of the rule (`pass/-`, `notApplicable/-`). */
const verdicts = (found: Finding[]) => found.map((f) => `${f.status}/${f.status === 'fail' || f.status === 'unknown' ? f.severity : '-'}`);

interface Clause { title: string; rule: string; scene: Scene; expect: string[]; message?: RegExp; options?: Partial<RuleOptions> }

const clauses: Clause[] = [
  // TG101: LIVE DescribeTrails → LogFileValidationEnabled.
  { title: 'TG101 live: LogFileValidationEnabled true passes', rule: 'TG101', scene: scene({ trails: [trail()] }), expect: ['pass/-'] },
  { title: 'TG101 live: LogFileValidationEnabled false fails High', rule: 'TG101', scene: scene({ trails: [trail({ logFileValidation: known(false) })] }), expect: ['fail/error'], message: /LogFileValidationEnabled/ },
  // TG102: LIVE DescribeTrails.IsMultiRegionTrail.
  { title: 'TG102 live: IsMultiRegionTrail true passes', rule: 'TG102', scene: scene({ trails: [trail()] }), expect: ['pass/-'] },
  { title: 'TG102 live: IsMultiRegionTrail false fails', rule: 'TG102', scene: scene({ trails: [trail({ multiRegion: known(false) })] }), expect: ['fail/error'], message: /IsMultiRegionTrail/ },
  // Deviation (TG102 doc): the account-level clause "no trail has IsMultiRegionTrail=true and IsLogging=true" is TG120's.
  {
    title: 'TG102 live (deviation: the account-level clause is TG120\'s): a stopped multi-region trail passes TG102',
    rule: 'TG102', scene: scene({ trails: [trail({ status: { ...trail().status!, isLogging: known(false) } })] }), expect: ['pass/-'],
  },
  {
    title: 'TG120 live: the same stopped multi-region trail fails the region (the catalog\'s TG102 account-level clause)',
    rule: 'TG120', scene: scene({ trails: [trail({ status: { ...trail().status!, isLogging: known(false) } })] }), expect: ['fail/error'],
  },
  // TG103: LIVE DescribeTrails.KmsKeyId, FAIL if missing.
  { title: 'TG103 live: a KmsKeyId passes', rule: 'TG103', scene: scene({ trails: [trail()] }), expect: ['pass/-'] },
  { title: 'TG103 live: no KmsKeyId fails', rule: 'TG103', scene: scene({ trails: [trail({ kmsKeyId: absent() })] }), expect: ['fail/warning'], message: /KmsKeyId/ },
  // TG104: LIVE GetTrailStatus → IsLogging.
  { title: 'TG104 live: IsLogging true passes', rule: 'TG104', scene: scene({ trails: [trail()] }), expect: ['pass/-'] },
  // TG105: LIVE DescribeTrails.IncludeGlobalServiceEvents, FAIL only if explicitly false.
  { title: 'TG105 live: IncludeGlobalServiceEvents true passes', rule: 'TG105', scene: scene({ trails: [trail()] }), expect: ['pass/-'] },
  { title: 'TG105 live: IncludeGlobalServiceEvents false fails', rule: 'TG105', scene: scene({ trails: [trail({ globalServiceEvents: known(false) })] }), expect: ['fail/warning'], message: /IncludeGlobalServiceEvents/ },
  // TG106: LIVE (Prowler) FAIL if there has been no CloudWatch delivery in the last 24 h.
  { title: 'TG106 live: CloudWatch Logs delivery an hour ago passes', rule: 'TG106', scene: scene({ trails: [trail()] }), expect: ['pass/-'] },
  { title: 'TG106 live: no CloudWatch Logs group at all fails', rule: 'TG106', scene: scene({ trails: [trail({ cloudWatchLogGroupArn: absent(), cloudWatchLogsRoleArn: absent() })] }), expect: ['fail/info'] },
  // TG109: LIVE GetEventSelectors.
  { title: 'TG109 live: no selector at all (defaults) passes', rule: 'TG109', scene: scene({ trails: [trail()] }), expect: ['pass/-'] },
  {
    title: 'TG109 live: ReadWriteType ReadOnly in every selector fails', rule: 'TG109',
    scene: scene({ trails: [trail({ eventSelectors: [{ readWriteType: known('ReadOnly'), includeManagementEvents: known(true), excludeManagementEventSources: known([]), dataResources: [] }] as unknown as Trail['eventSelectors'] })] }),
    expect: ['fail/warning'],
  },
  // TG110: LIVE GetEventDataStore, FAIL if KmsKeyId is missing.
  { title: 'TG110 live: an event data store with a KmsKeyId passes', rule: 'TG110', scene: scene({ eventDataStores: [lake(known(`arn:aws:kms:eu-west-1:${ACCOUNT}:key/lake`))] }), expect: ['pass/-'] },
  { title: 'TG110 live: an event data store without KmsKeyId fails', rule: 'TG110', scene: scene({ eventDataStores: [lake(absent())] }), expect: ['fail/warning'] },
  // TG112 (opt-in): FAIL if neither SNS topic nor Insights.
  { title: 'TG112 live: no SNS topic and no Insights fails when opted in', rule: 'TG112', scene: scene({ trails: [trail()] }), expect: ['fail/info'], options: { optIn: ['TG112'] } },
  { title: 'TG112 live: an SNS topic passes when opted in', rule: 'TG112', scene: scene({ trails: [trail({ snsTopicName: known('deliveries') })] }), expect: ['pass/-'], options: { optIn: ['TG112'] } },

  // TG201: LIVE FAIL on ObjectLockConfigurationNotFoundError or ObjectLockEnabled != Enabled.
  { title: 'TG201 live: ObjectLockEnabled Enabled passes', rule: 'TG201', scene: scene({ buckets: [bucket()] }), expect: ['pass/-'] },
  { title: 'TG201 live: no Object Lock configuration fails High', rule: 'TG201', scene: scene({ buckets: [bucket({ objectLockEnabled: known(false), objectLockMode: absent(), objectLockDays: absent() })] }), expect: ['fail/error'] },
  // TG202: not applicable (never pass) when Object Lock is off; FAIL no default retention; WARN GOVERNANCE (Low); FAIL days < 365.
  { title: 'TG202 live: COMPLIANCE 400 days passes', rule: 'TG202', scene: scene({ buckets: [bucket()] }), expect: ['pass/-'] },
  { title: 'TG202 live: COMPLIANCE 2 years passes (years × 365)', rule: 'TG202', scene: scene({ buckets: [bucket({ objectLockDays: absent(), objectLockYears: known(2) })] }), expect: ['pass/-'] },
  { title: 'TG202 live: Object Lock off is not applicable, never a pass', rule: 'TG202', scene: scene({ buckets: [bucket({ objectLockEnabled: known(false), objectLockMode: absent(), objectLockDays: absent() })] }), expect: ['notApplicable/-'] },
  { title: 'TG202 live: Object Lock on without a default retention rule fails', rule: 'TG202', scene: scene({ buckets: [bucket({ objectLockMode: absent(), objectLockDays: absent() })] }), expect: ['fail/warning'], message: /no default retention/ },
  { title: 'TG202 live: GOVERNANCE mode is a Low warning', rule: 'TG202', scene: scene({ buckets: [bucket({ objectLockMode: known('GOVERNANCE') })] }), expect: ['fail/info'], message: /GOVERNANCE/ },
  { title: 'TG202 live: 30 days is shorter than the minimum of 365 days', rule: 'TG202', scene: scene({ buckets: [bucket({ objectLockDays: known(30) })] }), expect: ['fail/warning'], message: /30 days, shorter than the required 365 days/ },
  // TG203: versioning.
  { title: 'TG203 live: versioning Suspended fails', rule: 'TG203', scene: scene({ buckets: [bucket({ versioning: known('Suspended'), objectLockEnabled: known(false), objectLockMode: absent(), objectLockDays: absent() })] }), expect: ['fail/warning'] },
  // TG204: LIVE FAIL unless MFADelete=Enabled (Medium).
  { title: 'TG204 live: MFADelete Enabled passes', rule: 'TG204', scene: scene({ buckets: [bucket()] }), expect: ['pass/-'] },
  { title: 'TG204 live: MFADelete absent (never set) fails Medium', rule: 'TG204', scene: scene({ buckets: [bucket({ mfaDelete: absent() })] }), expect: ['fail/warning'] },
  // TG205: FAIL if any flag is false.
  { title: 'TG205 live: a bucket-level block with all four flags passes', rule: 'TG205', scene: scene({ buckets: [bucket()] }), expect: ['pass/-'] },
  // TG206: PASS on a Deny s3:* to * over bucket and objects if aws:SecureTransport is false; FAIL without a policy; Allow+SecureTransport=true does not count.
  { title: 'TG206 live: the documented TLS deny passes', rule: 'TG206', scene: scene({ buckets: [bucket()] }), expect: ['pass/-'] },
  { title: 'TG206 live: no bucket policy at all fails', rule: 'TG206', scene: scene({ buckets: [bucket({ policy: { state: 'absent' } as Bucket['policy'] })] }), expect: ['fail/warning'] },
  { title: 'TG206 live: an Allow only over TLS (SecureTransport true) is not a deny', rule: 'TG206', scene: scene({ buckets: [bucket({ policy: policy(ACL_CHECK, WRITE, { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::org-trail-logs', 'arn:aws:s3:::org-trail-logs/*'], Condition: { Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:SourceAccount': ACCOUNT } } }) })] }), expect: ['fail/warning'] },
  // TG207: FAIL without the GetBucketAcl Allow or the PutObject Allow on AWSLogs/<account>/*.
  { title: 'TG207 live: both CloudTrail grants pass', rule: 'TG207', scene: scene({ buckets: [bucket()] }), expect: ['pass/-'] },
  { title: 'TG207 live: no GetBucketAcl grant fails High', rule: 'TG207', scene: scene({ buckets: [bucket({ policy: policy(WRITE, DENY_HTTP) })] }), expect: ['fail/error'], message: /GetBucketAcl/ },
  // TG208: FAIL if the CloudTrail Allow statements have neither aws:SourceArn nor aws:SourceAccount.
  { title: 'TG208 live: grants with aws:SourceArn pass', rule: 'TG208', scene: scene({ buckets: [bucket()] }), expect: ['pass/-'] },
  {
    title: 'TG208 live: grants without aws:SourceArn or aws:SourceAccount fail', rule: 'TG208',
    scene: scene({ buckets: [bucket({ policy: policy(withoutCondition(ACL_CHECK), { ...WRITE, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } }, DENY_HTTP) })] }),
    expect: ['fail/warning', 'fail/warning'],
  },
  // TG209: FAIL if no logging config; FAIL if the target bucket is the trail bucket itself.
  { title: 'TG209 live: logging to another bucket passes', rule: 'TG209', scene: scene({ buckets: [bucket()] }), expect: ['pass/-'] },
  { title: 'TG209 live: no logging configuration fails', rule: 'TG209', scene: scene({ buckets: [bucket({ loggingTargetBucket: absent() })] }), expect: ['fail/warning'] },
  { title: 'TG209 live: logging into the trail bucket itself fails (logging loop)', rule: 'TG209', scene: scene({ buckets: [bucket({ loggingTargetBucket: known('org-trail-logs') })] }), expect: ['fail/warning'] },
  // TG210: FAIL if an Enabled rule covering AWSLogs/ expires current or noncurrent versions before max(minimum, Object Lock default retention).
  { title: 'TG210 live: no lifecycle rule passes', rule: 'TG210', scene: scene({ buckets: [bucket()] }), expect: ['pass/-'] },
  { title: 'TG210 live: an Enabled rule on AWSLogs/ expiring after 30 days fails', rule: 'TG210', scene: scene({ buckets: [bucket({ lifecycleRules: [rule({ prefix: known('AWSLogs/'), expirationDays: known(30) })] })] }), expect: ['fail/warning'] },
  { title: 'TG210 live: noncurrent versions expiring after 30 days on the whole bucket fail', rule: 'TG210', scene: scene({ buckets: [bucket({ lifecycleRules: [rule({ noncurrentExpirationDays: known(30) })] })] }), expect: ['fail/warning'] },
  { title: 'TG210 live: expiring before the Object Lock retention (400 days) fails even above the 365-day minimum', rule: 'TG210', scene: scene({ buckets: [bucket({ lifecycleRules: [rule({ expirationDays: known(380) })] })] }), expect: ['fail/warning'] },
  { title: 'TG210 live: a Disabled rule does not count', rule: 'TG210', scene: scene({ buckets: [bucket({ lifecycleRules: [rule({ enabled: known(false), expirationDays: known(30) })] })] }), expect: ['pass/-'] },
  { title: 'TG210 live: a rule whose prefix does not cover AWSLogs/ does not count', rule: 'TG210', scene: scene({ buckets: [bucket({ lifecycleRules: [rule({ prefix: known('tmp/'), expirationDays: known(30) })] })] }), expect: ['pass/-'] },
  // TG211: Info on the trail bucket unless SSE-KMS.
  { title: 'TG211 live: aws:kms passes', rule: 'TG211', scene: scene({ buckets: [bucket()] }), expect: ['pass/-'] },
  { title: 'TG211 live: AES256 is Information', rule: 'TG211', scene: scene({ buckets: [bucket({ sseAlgorithm: known('AES256'), sseKmsKeyId: absent() })] }), expect: ['fail/info'] },
  // TG212: FAIL on a public ACL not neutralised by a PAB, an AllUsers / AuthenticatedUsers grant, or Allow to * without narrowing condition.
  { title: 'TG212 live: a private bucket passes', rule: 'TG212', scene: scene({ buckets: [bucket()] }), expect: ['pass/-'] },
  { title: 'TG212 live: an AllUsers ACL grant without a public access block fails Critical', rule: 'TG212', scene: scene({ buckets: [bucket({ publicAccessBlock: { state: 'absent' }, aclGrantees: known(['http://acs.amazonaws.com/groups/global/AllUsers']) })] }), expect: ['fail/error'] },
  { title: 'TG212 live: an AuthenticatedUsers ACL grant without a public access block fails', rule: 'TG212', scene: scene({ buckets: [bucket({ publicAccessBlock: { state: 'absent' }, aclGrantees: known(['http://acs.amazonaws.com/groups/global/AuthenticatedUsers']) })] }), expect: ['fail/error'] },
  { title: 'TG212 live: Allow to Principal * without a condition fails', rule: 'TG212', scene: scene({ buckets: [bucket({ publicAccessBlock: { state: 'absent' }, policy: policy(ACL_CHECK, WRITE, DENY_HTTP, { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::org-trail-logs/*' }) })] }), expect: ['fail/error'] },
  { title: 'TG212 live: Allow to Principal * narrowed by aws:SourceAccount passes', rule: 'TG212', scene: scene({ buckets: [bucket({ policy: policy(ACL_CHECK, WRITE, DENY_HTTP, { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::org-trail-logs/*', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }) })] }), expect: ['pass/-'] },
  // TG213: WARN if the cloudtrail PutObject Allow lacks s3:x-amz-acl = bucket-owner-full-control (Low).
  { title: 'TG213 live: the write grant without bucket-owner-full-control is a Low finding', rule: 'TG213', scene: scene({ buckets: [bucket({ policy: policy(ACL_CHECK, { ...WRITE, Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } } }, DENY_HTTP) })] }), expect: ['fail/info'] },
  { title: 'TG213 live: the documented write grant passes', rule: 'TG213', scene: scene({ buckets: [bucket()] }), expect: ['pass/-'] },

  // TG301: FAIL unless an Allow gives cloudtrail.amazonaws.com kms:GenerateDataKey*.
  { title: 'TG301 live: GenerateDataKey* to the service passes', rule: 'TG301', scene: scene({ keys: [key()] }), expect: ['pass/-'] },
  { title: 'TG301 live: a root-only key policy fails High', rule: 'TG301', scene: scene({ keys: [key({ policy: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }) })] }), expect: ['fail/error'] },
  // TG304: FAIL (Critical) an unconditioned Allow of kms:Decrypt to Principal *; the documented policy passes.
  { title: 'TG304 live: the documented key policy passes', rule: 'TG304', scene: scene({ keys: [key()] }), expect: ['pass/-'] },
  {
    title: 'TG304 live: kms:Decrypt to Principal * without any condition fails Critical', rule: 'TG304',
    scene: scene({ keys: [key({ policy: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }, { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: ['kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*' }, { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }) })] }),
    expect: ['fail/error'],
  },
  // TG303: LIVE only CUSTOMER-managed, Enabled, SYMMETRIC keys; FAIL if rotation is off.
  { title: 'TG303 live: rotation on passes', rule: 'TG303', scene: scene({ keys: [key()] }), expect: ['pass/-'] },
  { title: 'TG303 live: rotation off on a symmetric customer key fails', rule: 'TG303', scene: scene({ keys: [key({ rotation: known(false) })] }), expect: ['fail/error'] },
  { title: 'TG303 live: an asymmetric key (RSA_2048) is not applicable', rule: 'TG303', scene: scene({ keys: [key({ rotation: known(false), keySpec: known('RSA_2048') })] }), expect: ['notApplicable/-'] },
  { title: 'TG303 live: a Disabled key is not applicable', rule: 'TG303', scene: scene({ keys: [key({ rotation: known(false), enabled: known(false), keyState: known('Disabled') })] }), expect: ['notApplicable/-'] },
  // TG305: LIVE FAIL if PendingDeletion or Disabled.
  { title: 'TG305 live: an Enabled key passes', rule: 'TG305', scene: scene({ keys: [key()] }), expect: ['pass/-'] },
  { title: 'TG305 live: a Disabled key fails High', rule: 'TG305', scene: scene({ keys: [key({ enabled: known(false), keyState: known('Disabled') })] }), expect: ['fail/error'] },

  // TG401: FAIL if all_supported=false or an exclusion / inclusion strategy.
  { title: 'TG401 live: all supported types pass', rule: 'TG401', scene: scene({ recorders: [recorder()] }), expect: ['pass/-'] },
  { title: 'TG401 live: an exclusion strategy fails', rule: 'TG401', scene: scene({ recorders: [recorder({ recordingStrategy: known('EXCLUSION_BY_RESOURCE_TYPES') })] }), expect: ['fail/warning'] },
  // TG402: FAIL if no recorder records globals; Info if more than one region does.
  { title: 'TG402 live: one region recording globals passes', rule: 'TG402', scene: scene({ recorders: [recorder(), recorder({ region: 'us-east-1', includeGlobalResourceTypes: known(false) })] }), expect: ['pass/-', 'pass/-'] },
  { title: 'TG402 live: globals recorded in two regions is Information on the second (duplicate cost)', rule: 'TG402', scene: scene({ recorders: [recorder(), recorder({ region: 'us-east-1' })] }), expect: ['pass/-', 'fail/info'] },
  // Deviation (TG404 doc): aggregators are not read live; only the recorders' role is judged.
  {
    title: 'TG404 live (deviation: aggregators are not read live): the scanned recorders get the role verdict and nothing else',
    rule: 'TG404', scene: scene({ recorders: [recorder(), recorder({ region: 'us-east-1', roleArn: known(`arn:aws:iam::${ACCOUNT}:role/config`) })] }),
    expect: ['pass/-', 'fail/info'], options: { optIn: ['TG404'] },
  },
  // TG403: LIVE FAIL if recording=false.
  { title: 'TG403 live: recording false fails', rule: 'TG403', scene: scene({ recorders: [recorder({ isEnabled: known(false) })] }), expect: ['fail/error'] },
];

function withoutCondition(statement: object): object {
  const { Condition: _dropped, ...rest } = statement as { Condition?: unknown };
  return rest;
}
function lake(kmsKeyId: Attr<string>): EventDataStore {
  return { kind: 'eventDataStore', id: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:eventdatastore/lake`, format: 'live', region: 'eu-west-1', kmsKeyId };
}
function rule(over: Partial<Bucket['lifecycleRules'] extends (infer R)[] | unknown ? Record<string, unknown> : never> = {}) {
  return { enabled: known(true), prefix: known(''), expirationDays: absent<number>(), noncurrentExpirationDays: absent<number>(), ...over } as never;
}

describe('catalog clauses on the live surface', () => {
  for (const c of clauses) {
    it(c.title, () => {
      const found = run(c.scene, c.rule, c.options);
      assert.deepStrictEqual(verdicts(found), c.expect, found.map((f) => `${f.status} ${f.message}`).join('\n'));
      if (c.message) assert.match(found.find((f) => f.status === 'fail')!.message, c.message);
    });
  }
});

// The live surface's fix is the remediation command shown with a failing result (tree context menu, `scan` output):
// the exact text per rule, on the failing entities above. Checked against the AWS CLI reference of each command.
const CTX = { profile: 'audit', account: ACCOUNT, minRetentionDays: 365 };
const TRAIL_CMD = `--name ${TRAIL_ARN}`;
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k`;
const EDIT_KEY_POLICY =
  `aws kms get-key-policy --key-id ${KEY_ARN} --policy-name default --query Policy --output text --region eu-west-1 --profile audit > key-policy.json && ` +
  `aws kms put-key-policy --key-id ${KEY_ARN} --policy-name default --policy file://key-policy.json --region eu-west-1 --profile audit  # edit key-policy.json as the rule doc shows in between`;
const LOCK = `aws s3api put-object-lock-configuration --bucket org-trail-logs --object-lock-configuration '{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"COMPLIANCE","Days":365}}}' --profile audit`;
const EDIT_BUCKET_POLICY =
  'aws s3api get-bucket-policy --bucket org-trail-logs --query Policy --output text --profile audit > policy.json && aws s3api put-bucket-policy --bucket org-trail-logs --policy file://policy.json --profile audit';
const remediations: [string, () => Trail | Bucket | Key | Recorder, string, string?][] = [
  ['TG101', () => trail({ logFileValidation: known(false) }), `aws cloudtrail update-trail ${TRAIL_CMD} --enable-log-file-validation --region eu-west-1 --profile audit`],
  ['TG102', () => trail({ multiRegion: known(false) }), `aws cloudtrail update-trail ${TRAIL_CMD} --is-multi-region-trail --region eu-west-1 --profile audit`],
  ['TG103', () => trail({ kmsKeyId: absent() }), `aws cloudtrail update-trail ${TRAIL_CMD} --kms-key-id <KMS_KEY_ARN> --region eu-west-1 --profile audit`],
  ['TG104', () => trail({ logging: known(false) }), `aws cloudtrail start-logging ${TRAIL_CMD} --region eu-west-1 --profile audit`],
  ['TG105', () => trail({ globalServiceEvents: known(false) }), `aws cloudtrail update-trail ${TRAIL_CMD} --include-global-service-events --region eu-west-1 --profile audit`],
  ['TG106', () => trail({ cloudWatchLogGroupArn: absent() }), `aws cloudtrail update-trail ${TRAIL_CMD} --cloud-watch-logs-log-group-arn <LOG_GROUP_ARN> --cloud-watch-logs-role-arn <ROLE_ARN> --region eu-west-1 --profile audit`],
  ['TG201', () => bucket({ objectLockEnabled: known(false) }), `${LOCK}  # irreversible: objects cannot be deleted before the retention ends; versioning must be on`],
  ['TG202', () => bucket({ objectLockMode: known('GOVERNANCE') }), `${LOCK}  # COMPLIANCE mode cannot be shortened or removed, even by root`],
  ['TG203', () => bucket({ versioning: known('Suspended') }), 'aws s3api put-bucket-versioning --bucket org-trail-logs --versioning-configuration Status=Enabled --profile audit'],
  ['TG205', () => bucket({ publicAccessBlock: { state: 'absent' } }), 'aws s3api put-public-access-block --bucket org-trail-logs --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true --profile audit'],
  ['TG209', () => bucket({ loggingTargetBucket: absent() }), `aws s3api put-bucket-logging --bucket org-trail-logs --bucket-logging-status '{"LoggingEnabled":{"TargetBucket":"<ACCESS_LOG_BUCKET>","TargetPrefix":"org-trail-logs/"}}' --profile audit`],
  ['TG211', () => bucket({ sseAlgorithm: known('AES256') }), `aws s3api put-bucket-encryption --bucket org-trail-logs --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"<KMS_KEY_ARN>"},"BucketKeyEnabled":true}]}' --profile audit`],
  ['TG301', () => key(), EDIT_KEY_POLICY],
  ['TG302', () => key(), EDIT_KEY_POLICY],
  ['TG303', () => key({ rotation: known(false) }), `aws kms enable-key-rotation --key-id ${KEY_ARN} --region eu-west-1 --profile audit`],
  ['TG305', () => key({ enabled: known(false), keyState: known('Disabled') }), `aws kms enable-key --key-id ${KEY_ARN} --region eu-west-1 --profile audit`],
  ['TG402', () => recorder({ includeGlobalResourceTypes: known(false) }), `aws configservice put-configuration-recorder --configuration-recorder name=default,roleARN=arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig --recording-group allSupported=true,includeGlobalResourceTypes=true --region eu-west-1 --profile audit`],
  ['TG109', () => trail(), `aws cloudtrail put-event-selectors --trail-name ${TRAIL_ARN} --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true,"ExcludeManagementEventSources":[]}]' --region eu-west-1 --profile audit  # replaces all selectors: re-add any data-event selectors`],
  ['TG120', () => trail(), 'aws cloudtrail create-trail --name account-trail --s3-bucket-name <LOG_BUCKET> --is-multi-region-trail --enable-log-file-validation --kms-key-id <KMS_KEY_ARN> --region eu-west-1 --profile audit && aws cloudtrail start-logging --name account-trail --region eu-west-1 --profile audit'],
  ['TG204', () => bucket({ mfaDelete: absent() }), `aws s3api put-bucket-versioning --bucket org-trail-logs --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa 'arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device <MFA_CODE>' --profile audit  # only the root account's credentials with its MFA device can do this; S3 refuses it while a lifecycle configuration exists`],
  ['TG206', () => bucket(), `${EDIT_BUCKET_POLICY}  # add the statement from the rule doc to policy.json in between`],
  ['TG206', () => bucket({ policy: { state: 'absent' } as Bucket['policy'] }), 'aws s3api put-bucket-policy --bucket org-trail-logs --policy file://policy.json --profile audit  # policy.json: the statements shown in the rule doc'],
  ['TG207', () => bucket(), `${EDIT_BUCKET_POLICY}  # add the statement from the rule doc to policy.json in between`],
  ['TG208', () => bucket(), `${EDIT_BUCKET_POLICY}  # add the statement from the rule doc to policy.json in between`],
  ['TG213', () => bucket(), `${EDIT_BUCKET_POLICY}  # add the statement from the rule doc to policy.json in between`],
  ['TG212', () => bucket(), `${EDIT_BUCKET_POLICY}  # remove the public statement from policy.json, or narrow it with a condition naming your account or organization, in between`, 'This bucket policy statement allows Principal "*"'],
  ['TG212', () => bucket(), 'aws s3api put-bucket-acl --bucket org-trail-logs --acl private --profile audit', 'the ACL grants AllUsers'],
  ['TG304', () => key(), EDIT_KEY_POLICY],
  ['TG306', () => key(), EDIT_KEY_POLICY],
  ['TG401', () => recorder({ allSupported: known(false) }), `aws configservice put-configuration-recorder --configuration-recorder name=default,roleARN=arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig --recording-group allSupported=true,includeGlobalResourceTypes=true --region eu-west-1 --profile audit`],
  ['TG403', () => recorder({ isEnabled: known(false) }), 'aws configservice start-configuration-recorder --configuration-recorder-name default --region eu-west-1 --profile audit'],
];

describe('catalog: the live fix (remediation command) of each rule, exact text', () => {
  for (const [id, entity, command, message] of remediations) {
    it(`${id} live remediation: exact command${message ? ` (${message})` : ''}`, () => {
      const rule = allRules.find((r) => r.meta.id === id)!;
      const remediation = rule.meta.live!.remediation;
      assert.ok(typeof remediation === 'function', `${id} has a remediation command`);
      assert.strictEqual(remediation(entity(), CTX, message ?? ''), command);
    });
  }
});
