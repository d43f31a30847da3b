// Catalog clauses on IaC surfaces that no per-rule file covered (found by test/catalog/coverage.test.ts and by
// reading each rule's row in ../shared/rules.md), each case named after the catalog's words.
import { ruleTester } from '../support/ruleTester';
import { bucketTf, cfnBucket, cfnKey, keyTf, tfModule } from '../rules/bucket/fixtures';

const on = { optIn: ['TG501'] };
const cfnScp = (statement: string) =>
  `Resources:\n  Guardrails:\n    Type: AWS::Organizations::Policy\n    Properties:\n      Name: guardrails\n      Type: SERVICE_CONTROL_POLICY\n      Content:\n        Version: "2012-10-17"\n        Statement:\n${statement}`;
const ALL_FOUR = '              - cloudtrail:StopLogging\n              - cloudtrail:DeleteTrail\n              - cloudtrail:UpdateTrail\n              - cloudtrail:PutEventSelectors\n';

ruleTester('TG501', {
  valid: [
    {
      name: 'cloudformation: Deny of the four trail calls with an admin-role exception (ArnNotLike aws:PrincipalArn)',
      files: { 'template.yaml': cfnScp(`          - Effect: Deny\n            Action:\n${ALL_FOUR}            Resource: "*"\n            Condition:\n              ArnNotLike:\n                aws:PrincipalArn: arn:aws:iam::*:role/AuditAdmin\n`) },
      config: on,
    },
  ],
  invalid: [
    {
      name: 'cloudformation: three of the four calls denied fails at the Statement key',
      files: { 'template.yaml': cfnScp(`          - Effect: Deny\n            Action:\n${ALL_FOUR.replace('              - cloudtrail:PutEventSelectors\n', '')}            Resource: "*"\n`) },
      config: on,
      errors: [{ line: 9, column: 9, endLine: 9, endColumn: 18, message: /^No service control policy here denies cloudtrail:PutEventSelectors/ }],
    },
  ],
});

const cfnTrail = (props: string) => `Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      S3BucketName: audit-logs\n${props}`;
const cfnRecorder = (group: string) => `Resources:\n  Recorder:\n    Type: AWS::Config::ConfigurationRecorder\n    Properties:\n      RoleARN: arn:aws:iam::111122223333:role/config\n${group}`;
const lockCfn = (retention: string) => cfnBucket(`      ObjectLockEnabled: true\n      ObjectLockConfiguration:\n        ObjectLockEnabled: Enabled\n${retention}`);
const PAB_CFN = '      PublicAccessBlockConfiguration:\n        BlockPublicAcls: true\n        BlockPublicPolicy: true\n        IgnorePublicAcls: true\n        RestrictPublicBuckets: true\n';

// TG212: "FAIL if the ACL is in {public-read, public-read-write, authenticated-read, website} and no PAB neutralises it".
ruleTester('TG212', {
  valid: [
    { name: 'cloudformation: PublicRead neutralised by a Public Access Block with all four flags', files: { 'template.yaml': cfnBucket('      AccessControl: PublicRead\n' + PAB_CFN) } },
  ],
  invalid: [
    {
      name: 'terraform: acl = "authenticated-read" fails; the safe fix makes it private',
      files: tfModule(bucketTf('  acl = "authenticated-read"\n')),
      errors: [{ line: 3, column: 3, severity: 'error', message: '`acl = authenticated-read` makes the trail logs readable outside the account' }],
      fixKind: 'safe',
      output: { 'main.tf': bucketTf('  acl = "private"\n') },
    },
    { name: 'terraform: acl = "public-read-write" fails', files: tfModule(bucketTf('  acl = "public-read-write"\n')), errors: [{ line: 3, column: 3, severity: 'error' }] },
    { name: 'terraform: acl = "website" fails (as the catalog lists it)', files: tfModule(bucketTf('  acl = "website"\n')), errors: [{ line: 3, column: 3, severity: 'error' }] },
    { name: 'cloudformation: AccessControl AuthenticatedRead fails', files: { 'template.yaml': cfnBucket('      AccessControl: AuthenticatedRead\n') }, errors: [{ line: 7, column: 7, severity: 'error' }] },
    { name: 'cloudformation: AccessControl PublicReadWrite fails', files: { 'template.yaml': cfnBucket('      AccessControl: PublicReadWrite\n') }, errors: [{ line: 7, column: 7, severity: 'error' }] },
  ],
});

// TG202 on CloudFormation: "FAIL if Object Lock is on but there is no default retention rule"; years × 365; not applicable without Object Lock.
ruleTester('TG202', {
  valid: [
    { name: 'cloudformation: COMPLIANCE for 2 Years (years × 365 ≥ 365)', files: { 'template.yaml': lockCfn('        Rule:\n          DefaultRetention:\n            Mode: COMPLIANCE\n            Years: 2\n') } },
    { name: 'cloudformation: no Object Lock is TG201\'s, not TG202\'s (not applicable)', files: { 'template.yaml': cfnBucket('') } },
  ],
  invalid: [
    {
      name: 'cloudformation: Object Lock on without a default retention rule fails at ObjectLockConfiguration',
      files: { 'template.yaml': lockCfn('') },
      errors: [{ line: 8, column: 7, severity: 'warning', message: /^Object Lock has no default retention rule/ }],
    },
  ],
});

// TG210 on CloudFormation: noncurrent versions count; a Disabled rule and a rule not covering AWSLogs/ do not.
ruleTester('TG210', {
  valid: [
    { name: 'cloudformation: a Disabled rule does not count', files: { 'template.yaml': cfnBucket('      LifecycleConfiguration:\n        Rules:\n          - Id: x\n            Status: Disabled\n            ExpirationInDays: 30\n') } },
    { name: 'cloudformation: a rule whose Prefix does not cover AWSLogs/ does not count', files: { 'template.yaml': cfnBucket('      LifecycleConfiguration:\n        Rules:\n          - Id: x\n            Status: Enabled\n            Prefix: tmp/\n            ExpirationInDays: 30\n') } },
  ],
  invalid: [
    {
      name: 'cloudformation: NoncurrentVersionExpiration after 30 days fails',
      files: { 'template.yaml': cfnBucket('      LifecycleConfiguration:\n        Rules:\n          - Id: nc\n            Status: Enabled\n            NoncurrentVersionExpiration:\n              NoncurrentDays: 30\n') },
      errors: [{ line: 12, column: 15, severity: 'warning', message: /expires noncurrent log versions after 30 days/ }],
    },
  ],
});

// TG109 on CloudFormation: management events off, excluded sources, advanced selector with readOnly.
ruleTester('TG109', {
  valid: [],
  invalid: [
    { name: 'cloudformation: ExcludeManagementEventSources non-empty fails', files: { 'template.yaml': cfnTrail('      EventSelectors:\n        - ReadWriteType: All\n          ExcludeManagementEventSources: [kms.amazonaws.com]\n') }, errors: [{ line: 9, column: 11, message: /ExcludeManagementEventSources/ }] },
    { name: 'cloudformation: IncludeManagementEvents false in every selector fails', files: { 'template.yaml': cfnTrail('      EventSelectors:\n        - IncludeManagementEvents: false\n') }, errors: [{ line: 8, column: 11, message: /`IncludeManagementEvents` is false/ }] },
    {
      name: 'cloudformation: an advanced management selector with a readOnly field fails',
      files: { 'template.yaml': cfnTrail('      AdvancedEventSelectors:\n        - FieldSelectors:\n            - Field: eventCategory\n              Equals: [Management]\n            - Field: readOnly\n              Equals: ["true"]\n') },
      errors: [{ line: 11, column: 15, message: /read-only/ }],
    },
  ],
});

// TG401 on CloudFormation: "the strategy is EXCLUSION_BY_RESOURCE_TYPES / INCLUSION_BY_RESOURCE_TYPES".
ruleTester('TG401', {
  valid: [],
  invalid: [
    {
      name: 'cloudformation: RecordingStrategy EXCLUSION_BY_RESOURCE_TYPES fails',
      files: { 'template.yaml': cfnRecorder('      RecordingGroup:\n        AllSupported: false\n        RecordingStrategy:\n          UseOnly: EXCLUSION_BY_RESOURCE_TYPES\n        ExclusionByResourceTypes:\n          ResourceTypes: [AWS::EC2::Instance]\n') },
      errors: [{ line: 9, column: 11, message: /EXCLUSION_BY_RESOURCE_TYPES/ }],
    },
  ],
});

// TG108: `["arn:aws:s3"]` (all buckets) warns; on CloudFormation an advanced selector without resources.ARN and all Lambda functions.
ruleTester('TG108', {
  valid: [],
  invalid: [
    {
      name: 'terraform: values ["arn:aws:s3"] selects all buckets, the trail bucket included: escalated',
      files: { 'main.tf': 'resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = "x"\n  event_selector {\n    read_write_type = "All"\n    data_resource {\n      type   = "AWS::S3::Object"\n      values = ["arn:aws:s3"]\n    }\n  }\n}\n' },
      errors: [{ line: 8, column: 7, severity: 'warning' }],
    },
    {
      name: 'cloudformation: an advanced selector on resources.type without a resources.ARN filter',
      files: { 'template.yaml': cfnTrail('      AdvancedEventSelectors:\n        - FieldSelectors:\n            - Field: eventCategory\n              Equals: [Data]\n            - Field: resources.type\n              Equals: [AWS::S3::Object]\n') },
      errors: [{ line: 8, column: 11, severity: 'warning', message: /every resource of the type, including its own/ }],
    },
    {
      name: 'cloudformation: all Lambda functions (["arn:aws:lambda"])',
      files: { 'template.yaml': cfnTrail('      EventSelectors:\n        - DataResources:\n            - Type: AWS::Lambda::Function\n              Values: ["arn:aws:lambda"]\n') },
      errors: [{ line: 10, column: 15, severity: 'info' }],
    },
  ],
});

// TG111: `arn:aws:s3:::*/*` with RW All passes (Terraform).
ruleTester('TG111', {
  valid: [
    {
      name: 'terraform: arn:aws:s3:::*/* with read_write_type All',
      files: { 'main.tf': 'resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = "x"\n  event_selector {\n    read_write_type = "All"\n    data_resource {\n      type   = "AWS::S3::Object"\n      values = ["arn:aws:s3:::*/*"]\n    }\n  }\n}\n' },
      config: { optIn: ['TG111'] },
    },
  ],
  invalid: [],
});

// TG303: "FAIL if missing or false on a symmetric key (KeySpec missing or SYMMETRIC_DEFAULT). Skip asymmetric and HMAC keys".
ruleTester('TG303', {
  valid: [
    { name: 'cloudformation: an asymmetric KeySpec (RSA_2048) is skipped', files: { 'template.yaml': cfnKey('      KeySpec: RSA_2048\n') } },
    { name: 'terraform: an HMAC key is skipped', files: tfModule(keyTf('  customer_master_key_spec = "HMAC_256"\n  key_usage                = "GENERATE_VERIFY_MAC"\n')) },
  ],
  invalid: [
    {
      name: 'cloudformation: KeySpec SYMMETRIC_DEFAULT without rotation fails (raised on a trail key)',
      files: { 'template.yaml': cfnKey('      KeySpec: SYMMETRIC_DEFAULT\n') },
      errors: [{ line: 3, column: 3, severity: 'error', message: /`EnableKeyRotation` is not set/ }],
    },
  ],
});
