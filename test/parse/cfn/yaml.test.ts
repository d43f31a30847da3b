import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Attr, Bucket } from '../../../src/core/model';
import { lines, span, yamlUnit } from './helpers';
import { nullProto } from '../../support/nullProto';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../fixtures/cfn', name), 'utf8');

function known<T>(attr: Attr<T>): T {
  assert.equal(attr.state, 'known', JSON.stringify(attr));
  return (attr as { value: T }).value;
}

function reason(attr: Attr<unknown>): string {
  assert.equal(attr.state, 'unresolved', JSON.stringify(attr));
  return (attr as { reason: string }).reason;
}

describe('CloudFormation YAML: ranges', () => {
  const src = lines(
    'Resources:',
    '  Trail:',
    '    Type: AWS::CloudTrail::Trail',
    '    Properties:',
    '      EnableLogFileValidation: false',
    '      S3BucketName: !Ref Logs',
    '  Logs:',
    '    Type: AWS::S3::Bucket',
  );
  const { scene, errors } = yamlUnit(src);
  const trail = scene.trails[0];

  it('reads the template without errors', () => assert.deepEqual(errors, []));

  it('puts the entity at its logical id and its extent over the whole resource', () => {
    assert.deepEqual(span(trail.loc?.range), [1, 2, 1, 7]);
    assert.deepEqual(span(trail.extent?.range), [1, 2, 5, 29]);
    assert.equal(trail.id, 'Trail');
    assert.equal(trail.format, 'cfn-yaml');
  });

  it('gives attributes key+value and value ranges', () => {
    const attr = trail.logFileValidation;
    assert.equal(known(attr), false);
    assert.equal(attr.state === 'known' && attr.format, 'cfn-yaml');
    assert.deepEqual(span(attr.state === 'known' ? attr.loc?.range : undefined), [4, 6, 4, 36]);
    assert.deepEqual(span(attr.state === 'known' ? attr.valueLoc?.range : undefined), [4, 31, 4, 36]);
  });

  it('includes a short-form tag in the value range', () => {
    const attr = trail.s3BucketName;
    assert.deepEqual(span(attr.state === 'known' ? attr.valueLoc?.range : undefined), [5, 20, 5, 29]);
  });

  it('reports missing properties as absent', () => {
    assert.equal(trail.multiRegion.state, 'absent');
    assert.equal(trail.kmsKeyId.state, 'absent');
    assert.deepEqual(trail.eventSelectors, []);
  });
});

describe('CloudFormation YAML: intrinsic functions', () => {
  const src = lines(
    'Parameters:',
    '  Env: { Type: String, Default: prod }',
    '  Names: { Type: CommaDelimitedList, Default: "alpha,beta" }',
    '  Secret: { Type: String }',
    'Conditions:',
    '  IsProd: !Equals [!Ref Env, prod]',
    '  IsUsEast1: !Equals [!Ref "AWS::Region", us-east-1]',
    '  NotProd: !Not [!Condition IsProd]',
    'Mappings:',
    '  Names:',
    '    prod: { Bucket: prod-logs }',
    'Resources:',
    '  SubBucket: { Type: AWS::S3::Bucket, Properties: { BucketName: !Sub "${Env}-${AWS::AccountId}-${AWS::Partition}" } }',
    '  SubListBucket:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      BucketName: !Sub',
    '        - "${Prefix}-logs"',
    '        - Prefix: !Select [1, !Ref Names]',
    '  JoinBucket: { Type: AWS::S3::Bucket, Properties: { BucketName: !Join ["-", [a, !Ref Env, !Select [0, !Split [",", "x,y"]]]] } }',
    '  MapBucket: { Type: AWS::S3::Bucket, Properties: { BucketName: !FindInMap [Names, !Ref Env, Bucket] } }',
    '  IfBucket: { Type: AWS::S3::Bucket, Properties: { BucketName: !If [NotProd, dev-logs, !If [IsProd, live-logs, x]] } }',
    '  RegionBucket: { Type: AWS::S3::Bucket, Properties: { BucketName: !If [IsUsEast1, a, b] } }',
    '  ImportBucket: { Type: AWS::S3::Bucket, Properties: { BucketName: !ImportValue SharedLogsName } }',
    '  SecretBucket: { Type: AWS::S3::Bucket, Properties: { BucketName: !Ref Secret } }',
    '  NoValueBucket: { Type: AWS::S3::Bucket, Properties: { BucketName: !If [IsProd, !Ref "AWS::NoValue", named] } }',
    '  LongForm:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      BucketName: { "Fn::Join": ["", [{ "Fn::GetAtt": [SubBucket, Arn] }, "/x"]] }',
    '  GetAttShort:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      BucketName: !GetAtt SubBucket.Arn',
  );
  const { scene, errors } = yamlUnit(src);
  const bucket = (id: string): Bucket => scene.buckets.find((b) => b.id === id)!;

  it('parses every short form without errors', () => assert.deepEqual(errors, []));

  it('substitutes parameters and AWS::Partition, keeps deploy-time pseudo parameters as ${...}', () => {
    assert.equal(known(bucket('SubBucket').name), 'prod-${AWS::AccountId}-aws');
  });

  it('evaluates the list form of Fn::Sub with Fn::Select over a CommaDelimitedList default', () => {
    assert.equal(known(bucket('SubListBucket').name), 'beta-logs');
  });

  it('evaluates Fn::Join, Fn::Select and Fn::Split', () => assert.equal(known(bucket('JoinBucket').name), 'a-prod-x'));
  it('evaluates Fn::FindInMap', () => assert.equal(known(bucket('MapBucket').name), 'prod-logs'));
  it('evaluates Fn::If when the condition follows from defaults', () => assert.equal(known(bucket('IfBucket').name), 'live-logs'));

  it('leaves Fn::If unresolved when the condition depends on the region', () => {
    assert.match(reason(bucket('RegionBucket').name), /^Fn::If condition IsUsEast1: .*AWS::Region/);
  });

  it('reports Fn::ImportValue as resolved at deploy time', () => {
    assert.equal(reason(bucket('ImportBucket').name), 'Fn::ImportValue SharedLogsName is resolved at deploy time');
  });

  it('reports a parameter without Default', () => {
    const name = bucket('SecretBucket').name;
    assert.equal(reason(name), 'parameter Secret has no Default');
    assert.deepEqual(span(name.state === 'unresolved' ? name.loc?.range : undefined), [24, 55, 24, 78]);
  });

  it('drops a property set to AWS::NoValue', () => assert.equal(bucket('NoValueBucket').name.state, 'absent'));

  it('resolves Fn::GetAtt Arn of a bucket in long and short form', () => {
    assert.equal(known(bucket('LongForm').name), 'arn:aws:s3:::prod-${AWS::AccountId}-aws/x');
    assert.equal(known(bucket('GetAttShort').name), 'arn:aws:s3:::prod-${AWS::AccountId}-aws');
  });
});

describe('CloudFormation YAML: linking', () => {
  const src = lines(
    'Parameters:',
    '  LogsName: { Type: String, Default: named-logs }',
    'Resources:',
    '  RefBucket: { Type: AWS::S3::Bucket }',
    '  NamedBucket: { Type: AWS::S3::Bucket, Properties: { BucketName: named-logs } }',
    '  Key: { Type: AWS::KMS::Key }',
    '  Alias: { Type: AWS::KMS::Alias, Properties: { AliasName: alias/trail, TargetKeyId: !GetAtt Key.Arn } }',
    '  ByRef: { Type: AWS::CloudTrail::Trail, Properties: { S3BucketName: !Ref RefBucket, KMSKeyId: !GetAtt Key.Arn } }',
    '  ByName: { Type: AWS::CloudTrail::Trail, Properties: { S3BucketName: !Ref LogsName, KMSKeyId: alias/trail } }',
    '  ByAliasRef: { Type: AWS::CloudTrail::Trail, Properties: { S3BucketName: named-logs, KMSKeyId: !Ref Alias } }',
    '  Elsewhere: { Type: AWS::CloudTrail::Trail, Properties: { S3BucketName: other-logs, KMSKeyId: !ImportValue TrailKeyArn } }',
    '  Bare: { Type: AWS::CloudTrail::Trail, Properties: { S3BucketName: !Sub "${RefBucket}" } }',
    '  BySubArn:',
    '    Type: AWS::CloudTrail::Trail',
    '    Properties: { KMSKeyId: !Sub "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${Key}" }',
    '  ByAliasArn:',
    '    Type: AWS::CloudTrail::Trail',
    '    Properties: { KMSKeyId: !Sub "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:alias/trail" }',
  );
  const { scene } = yamlUnit(src);
  const trail = (id: string) => scene.trails.find((t) => t.id === id)!;
  const linked = (link: { state: string }) => link as { state: 'linked'; entity: { id: string }; via: string };

  it('links by reference first', () => {
    assert.deepEqual([linked(trail('ByRef').bucket).entity.id, linked(trail('ByRef').bucket).via], ['RefBucket', 'reference']);
    assert.deepEqual([linked(trail('ByRef').key).entity.id, linked(trail('ByRef').key).via], ['Key', 'reference']);
    assert.deepEqual([linked(trail('Bare').bucket).entity.id, linked(trail('Bare').bucket).via], ['RefBucket', 'reference']);
  });

  it('links a key ARN built with Fn::Sub, by key or by alias', () => {
    assert.deepEqual([linked(trail('BySubArn').key).entity.id, linked(trail('BySubArn').key).via], ['Key', 'reference']);
    assert.deepEqual([linked(trail('ByAliasArn').key).entity.id, linked(trail('ByAliasArn').key).via], ['Key', 'alias']);
  });

  it('links by resolved literal name and by alias', () => {
    assert.deepEqual([linked(trail('ByName').bucket).entity.id, linked(trail('ByName').bucket).via], ['NamedBucket', 'name']);
    assert.deepEqual([linked(trail('ByName').key).entity.id, linked(trail('ByName').key).via], ['Key', 'alias']);
    assert.deepEqual([linked(trail('ByAliasRef').key).entity.id, linked(trail('ByAliasRef').key).via], ['Key', 'alias']);
  });

  it('leaves links to things outside the template unresolved, with the reason', () => {
    const t = trail('Elsewhere');
    assert.deepEqual(t.bucket.state === 'unresolved' && t.bucket.reason, 'bucket other-logs is not declared in this template');
    assert.deepEqual(t.key.state === 'unresolved' && t.key.reason, 'Fn::ImportValue TrailKeyArn is resolved at deploy time');
    assert.equal(trail('Bare').key.state, 'absent');
  });

  it('records on each bucket and key which trails use it', () => {
    const bucket = (id: string) => scene.buckets.find((b) => b.id === id)!;
    assert.deepEqual(bucket('RefBucket').trails.map((t) => t.id), ['ByRef', 'Bare']);
    assert.deepEqual(bucket('NamedBucket').trails.map((t) => t.id), ['ByName', 'ByAliasRef']);
    assert.deepEqual(scene.keys[0].trails.map((t) => [t.kind, t.id]),
      [['trail', 'ByRef'], ['trail', 'ByName'], ['trail', 'ByAliasRef'], ['trail', 'BySubArn'], ['trail', 'ByAliasArn']]);
    assert.deepEqual(scene.keys[0].aliases, ['alias/trail']);
    assert.deepEqual(span(scene.keys[0].trails[0].loc?.range), [7, 2, 7, 7]);
  });
});

describe('CloudFormation YAML: the audit-trail fixture', () => {
  const { scene, errors } = yamlUnit(fixture('audit-trail.yaml'), 'audit-trail.yaml');
  const bucket = scene.buckets.find((b) => b.id === 'LogBucket')!;
  const trail = scene.trails[0];
  const key = scene.keys[0];

  it('parses without errors and adapts every supported resource', () => {
    assert.deepEqual(errors, []);
    assert.deepEqual(scene.buckets.map((b) => b.id), ['AccessLogBucket', 'LogBucket']);
    assert.deepEqual([scene.trails.length, scene.keys.length, scene.recorders.length], [1, 1, 1]);
  });

  it('reads the trail', () => {
    assert.equal(known(trail.name), 'org-trail');
    assert.equal(known(trail.multiRegion), true);
    assert.equal(known(trail.organization), true); // !If [IsProd, ...] with Environment defaulting to prod
    assert.equal(reason(trail.snsTopicName), 'parameter AlarmTopicName has no Default');
    assert.equal(trail.logFileValidation.state, 'absent');
    const selectors = trail.eventSelectors;
    assert.ok(Array.isArray(selectors));
    assert.equal(known(selectors[0].readWriteType), 'All');
    assert.deepEqual(known(selectors[0].dataResources[0].values), ['arn:aws:s3:::${AWS::AccountId}-access-logs/']);
    assert.equal(trail.bucket.state === 'linked' && trail.bucket.entity, bucket);
    assert.equal(trail.key.state === 'linked' && trail.key.via, 'alias');
  });

  it('reads the log bucket configuration', () => {
    assert.equal(known(bucket.name), 'acme-org-trail-logs');
    assert.equal(known(bucket.objectLockEnabled), true);
    assert.equal(known(bucket.objectLockMode), 'GOVERNANCE');
    assert.equal(known(bucket.objectLockDays), 400); // parameter Default
    assert.equal(bucket.objectLockYears.state, 'absent');
    assert.equal(known(bucket.versioning), 'Enabled');
    assert.equal(reason(bucket.mfaDelete), 'MFA Delete cannot be set in CloudFormation');
    const pab = bucket.publicAccessBlock;
    assert.ok('blockPublicAcls' in pab);
    assert.equal(known(pab.blockPublicAcls), true);
    assert.equal(pab.restrictPublicBuckets.state, 'absent');
    assert.equal(known(bucket.loggingTargetBucket), '${AWS::AccountId}-access-logs');
    assert.equal(known(bucket.hasLifecycle), true);
    assert.ok(Array.isArray(bucket.lifecycleRules));
    const rule = bucket.lifecycleRules[0];
    assert.deepEqual([rule.id, known(rule.enabled), known(rule.prefix), known(rule.expirationDays), known(rule.noncurrentExpirationDays)],
      ['expire-old-logs', true, 'AWSLogs/', 90, 30]);
    assert.equal(known(bucket.sseAlgorithm), 'aws:kms');
    assert.equal(known(bucket.sseKmsKeyId), 'arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/${TrailKey}');
    assert.deepEqual(known(bucket.tags), nullProto({ 'trailguard:audit': 'true', env: 'production' }));
    assert.deepEqual(bucket.trails.map((t) => t.id), ['OrgTrail']);
  });

  it('attaches the bucket policy with evaluated ARNs and conditions', () => {
    const policy = bucket.policy;
    assert.equal(policy.state, 'known');
    assert.deepEqual(span(policy.loc?.range), [84, 6, 104, 119]); // `PolicyDocument:` (line 85) to the end of its last value
    assert.deepEqual(policy.statements.map((s) => s.sid), ['AWSCloudTrailAclCheck', 'AWSCloudTrailWrite']);
    assert.deepEqual(policy.statements[1].resources, ['arn:aws:s3:::acme-org-trail-logs/AWSLogs/${AWS::AccountId}/*']);
    assert.deepEqual(policy.statements[1].conditions, nullProto({
      StringEquals: { 'aws:SourceArn': ['arn:aws:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/org-trail'] },
    }));
    assert.deepEqual(span(policy.statements[0].loc?.range), [87, 12, 95, 119]);
  });

  it('reads the key, its policy and its alias', () => {
    assert.equal(known(key.rotation), false);
    assert.deepEqual(key.policy.statements.map((s) => s.actions), [['kms:*'], ['kms:GenerateDataKey*']]);
    assert.deepEqual(key.policy.statements[0].principal?.aws, ['arn:aws:iam::${AWS::AccountId}:root']);
    assert.deepEqual(key.aliases, ['alias/org-trail']);
    assert.deepEqual(key.trails.map((t) => t.id), ['OrgTrail']);
  });

  it('turns Metadata suppressions (ours and Checkov) into ignored entries, ids as written', () => {
    assert.deepEqual(bucket.ignored?.map((i) => [i.ruleId, i.reason]), [
      ['TG209', 'access logs are shipped by the central logging account'],
      ['CKV_AWS_18', 'see TG209 suppression'],
    ]);
    assert.deepEqual(span(bucket.ignored?.[0].loc?.range), [37, 12, 38, 74]); // the `- id: TG209` item, lines 38-39
  });

  it('treats the recorder as on because a delivery channel exists', () => {
    const recorder = scene.recorders[0];
    assert.equal(known(recorder.isEnabled), true);
    assert.deepEqual(span(recorder.statusLoc?.range), [162, 2, 162, 16]);
    assert.equal(known(recorder.allSupported), true);
    assert.equal(recorder.includeGlobalResourceTypes.state, 'absent');
    assert.ok(recorder.recordingGroupTarget);
  });
});

describe('CloudFormation YAML: suppressions without reasons and recorders without channels', () => {
  const { scene } = yamlUnit(lines(
    'Resources:',
    '  Logs:',
    '    Type: AWS::S3::Bucket',
    '    Metadata:',
    '      trailguard:',
    '        ignore: [TG204, TG209]',
    '  Recorder:',
    '    Type: AWS::Config::ConfigurationRecorder',
    '    Properties: { RoleARN: arn:aws:iam::1:role/r }',
  ));

  it('accepts plain ids', () => {
    assert.deepEqual(scene.buckets[0].ignored?.map((i) => [i.ruleId, i.reason]), [['TG204', undefined], ['TG209', undefined]]);
  });

  it('leaves isEnabled absent without a delivery channel', () => {
    assert.equal(scene.recorders[0].isEnabled.state, 'absent');
    assert.equal(scene.recorders[0].recordingGroupTarget, undefined);
  });
});

describe('CloudFormation YAML: deploy-time parameters and conditional resources', () => {
  const { scene } = yamlUnit(lines(
    'Parameters:',
    '  Env: { Type: String, Default: dev }',
    '  LogsName: { Type: "AWS::SSM::Parameter::Value<String>", Default: /org/logs-bucket }',
    'Conditions:',
    '  IsProd: !Equals [!Ref Env, prod]',
    'Resources:',
    '  Logs: { Type: AWS::S3::Bucket, Properties: { BucketName: !Ref LogsName } }',
    '  ProdOnlyTrail: { Type: AWS::CloudTrail::Trail, Condition: IsProd, Properties: { S3BucketName: !Ref Logs } }',
    '  ProdOnlyPolicy:',
    '    Type: AWS::S3::BucketPolicy',
    '    Condition: IsProd',
    '    Properties: { Bucket: !Ref Logs, PolicyDocument: { Statement: [] } }',
  ));

  it('does not take an SSM parameter name for its value', () => {
    const name = scene.buckets[0].name;
    assert.equal(reason(name), 'parameter LogsName is read from SSM Parameter Store at deploy time');
  });

  it('skips resources whose Condition is known to be false', () => {
    assert.deepEqual(scene.trails, []);
    assert.equal(scene.buckets[0].policy.state, 'absent');
    assert.deepEqual(scene.buckets[0].trails, []);
  });
});

describe('CloudFormation YAML: a stream of several documents', () => {
  const { scene, errors } = yamlUnit(lines(
    'Resources:',
    '  First: { Type: AWS::S3::Bucket, Properties: { BucketName: one } }',
    '---',
    'Resources:',
    '  Second:',
    '    Type: AWS::S3::Bucket',
    '    Properties: { BucketName: two }',
  ));

  it('lints each document as its own template, with file positions', () => {
    assert.deepEqual(errors, []);
    assert.deepEqual(scene.buckets.map((b) => [b.id, known(b.name), span(b.loc?.range)]), [['First', 'one', [1, 2, 1, 7]], ['Second', 'two', [4, 2, 4, 8]]]);
  });
});

describe('CloudFormation YAML: a bucket policy for a bucket declared elsewhere', () => {
  const { scene } = yamlUnit(lines(
    'Resources:',
    '  CentralLogsPolicy:',
    '    Type: AWS::S3::BucketPolicy',
    '    Properties:',
    '      Bucket: central-trail-logs',
    '      PolicyDocument:',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: { Service: cloudtrail.amazonaws.com }',
    '            Action: s3:PutObject',
    '            Resource: arn:aws:s3:::central-trail-logs/AWSLogs/*',
    '  Trail: { Type: AWS::CloudTrail::Trail, Properties: { S3BucketName: central-trail-logs } }',
  ));
  const bucket = scene.buckets[0];

  it('becomes a policy-only bucket at the policy resource', () => {
    assert.deepEqual([bucket.id, bucket.format, known(bucket.name), span(bucket.loc?.range)], ['CentralLogsPolicy', 'policy-json', 'central-trail-logs', [1, 2, 1, 19]]);
    assert.equal(reason(bucket.versioning), 'the bucket is not declared in this template');
    assert.deepEqual(bucket.policy.statements[0].actions, ['s3:PutObject']);
    assert.ok(bucket.policy.appendStatement);
  });

  it('is linked to a trail naming the same bucket', () => {
    assert.equal(scene.trails[0].bucket.state === 'linked' && scene.trails[0].bucket.entity, bucket);
    assert.deepEqual(bucket.trails.map((t) => t.id), ['Trail']);
  });
});

describe('CloudFormation YAML: nested blocks behind Fn::If', () => {
  const { scene } = yamlUnit(lines(
    'Parameters:',
    '  Env: { Type: String, Default: prod }',
    'Conditions:',
    '  IsProd: !Equals [!Ref Env, prod]',
    '  InUsEast1: !Equals [!Ref "AWS::Region", us-east-1]',
    'Resources:',
    '  Logs:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      VersioningConfiguration: !If [IsProd, { Status: Enabled }, !Ref "AWS::NoValue"]',
    '      LoggingConfiguration: !If [IsProd, !Ref "AWS::NoValue", { DestinationBucketName: access-logs }]',
    '      PublicAccessBlockConfiguration: !If [InUsEast1, { BlockPublicAcls: true }, { BlockPublicAcls: false }]',
    '  Other:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      VersioningConfiguration: !If [InUsEast1, { Status: Enabled }, { Status: Suspended }]',
  ));
  const bucket = scene.buckets[0];

  it('reads the branch chosen by a known condition, with its own ranges', () => {
    assert.equal(known(bucket.versioning), 'Enabled');
    assert.deepEqual(span(bucket.versioning.state === 'known' ? bucket.versioning.valueLoc?.range : undefined), [9, 54, 9, 61]);
  });

  it('treats an AWS::NoValue branch as absent', () => assert.equal(bucket.loggingTargetBucket.state, 'absent'));

  it('leaves a block behind an undecidable condition unresolved', () => {
    const pab = bucket.publicAccessBlock;
    assert.ok(!('blockPublicAcls' in pab) && pab.state === 'unresolved');
    assert.match(pab.reason, /^Fn::If condition InUsEast1: /);
    const other = scene.buckets[1].versioning;
    assert.match(reason(other), /^Fn::If condition InUsEast1: /);
    assert.deepEqual(span(other.state === 'unresolved' ? other.loc?.range : undefined), [15, 31, 15, 90]);
  });
});
