import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { PublicAccessBlock } from '../../../src/core/model';
import { applyEdits, jsonUnit, lines, span, yamlUnit } from './helpers';
import { nullProto } from '../../support/nullProto';

const prop = (cfn: string) => ({ tf: '', cfn });

describe('CloudFormation YAML edits', () => {
  const src = lines(
    'Resources:',
    '  Trail:',
    '    Type: AWS::CloudTrail::Trail',
    '    Properties:',
    '      IsLogging: true',
    '      S3BucketName: !Ref Logs # where logs go',
    '',
    '  Logs:',
    '    Type: AWS::S3::Bucket',
    '  Key:',
    '    Type: AWS::KMS::Key',
    '    Properties:',
    '  Rec:',
    '    Type: AWS::Config::ConfigurationRecorder',
    '    Properties:',
    '      RecordingGroup: { AllSupported: true }',
    '  Logs2:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      PublicAccessBlockConfiguration: {}',
    '      VersioningConfiguration:',
    '        Status: Suspended',
  );
  const { scene } = yamlUnit(src);
  const [trail] = scene.trails;
  const [logs, logs2] = scene.buckets;
  /** The lines of `text` from `from` (0-based) to `to` (exclusive). */
  const slice = (text: string, from: number, to: number) => text.split('\n').slice(from, to).join('\n');

  it('inserts after the last property at its indentation, past a trailing comment', () => {
    const out = applyEdits(src, trail.target!.insert(prop('EnableLogFileValidation'), true));
    assert.equal(slice(out, 3, 8), lines(
      '    Properties:',
      '      IsLogging: true',
      '      S3BucketName: !Ref Logs # where logs go',
      '      EnableLogFileValidation: true',
      '',
    ).replace(/\n$/, ''));
    const again = yamlUnit(out);
    assert.deepEqual(again.errors, []);
    assert.equal(again.scene.trails[0].logFileValidation.state, 'known');
  });

  it('creates Properties when the resource has none', () => {
    const out = applyEdits(src, logs.target!.insert(prop('AccessControl'), 'Private'));
    assert.equal(slice(out, 7, 11), '  Logs:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: Private');
  });

  it('fills an empty Properties key', () => {
    const out = applyEdits(src, scene.keys[0].target!.insert(prop('EnableKeyRotation'), true));
    assert.equal(slice(out, 9, 13), '  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true');
    assert.equal(yamlUnit(out).scene.keys[0].rotation.state, 'known');
  });

  it('creates the parent block of a nested property (VersioningConfiguration.Status)', () => {
    const out = applyEdits(src, logs.versioningTarget!.insert(prop('Status'), 'Enabled'));
    assert.equal(slice(out, 8, 12), '    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: Enabled');
    const bucket = yamlUnit(out).scene.buckets[0];
    assert.deepEqual(bucket.versioning.state === 'known' && bucket.versioning.value, 'Enabled');
  });

  it('does not insert a property that is already there', () => {
    assert.equal(logs2.versioningTarget!.insert(prop('Status'), 'Enabled'), undefined);
  });

  it('inserts into flow maps, empty or not', () => {
    const group = applyEdits(src, scene.recorders[0].recordingGroupTarget!.insert(prop('IncludeGlobalResourceTypes'), true));
    assert.equal(slice(group, 15, 16), '      RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true }');
    const pab = (logs2.publicAccessBlock as PublicAccessBlock).target!;
    const out = applyEdits(src, pab.insert(prop('BlockPublicAcls'), true));
    assert.equal(slice(out, 19, 20), '      PublicAccessBlockConfiguration: { BlockPublicAcls: true }');
    const reparsed = yamlUnit(out).scene.buckets[1].publicAccessBlock as PublicAccessBlock;
    assert.deepEqual(reparsed.blockPublicAcls.state === 'known' && reparsed.blockPublicAcls.value, true);
  });

  it('keeps 4-space indentation and CRLF line ends', () => {
    const crlf = ['Resources:', '    Trail:', '        Type: AWS::CloudTrail::Trail', '        Properties:', '            IsLogging: true', ''].join('\r\n');
    const out = applyEdits(crlf, yamlUnit(crlf).scene.trails[0].target!.insert(prop('IsMultiRegionTrail'), true));
    assert.equal(out, ['Resources:', '    Trail:', '        Type: AWS::CloudTrail::Trail', '        Properties:', '            IsLogging: true',
      '            IsMultiRegionTrail: true', ''].join('\r\n'));
  });

  it('handles a file without a final newline', () => {
    const text = 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail';
    const out = applyEdits(text, yamlUnit(text).scene.trails[0].target!.insert(prop('IsMultiRegionTrail'), true));
    assert.equal(out, 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsMultiRegionTrail: true');
  });
});

describe('CloudFormation YAML policy edits', () => {
  const block = lines(
    'Resources:',
    '  Logs: { Type: AWS::S3::Bucket }',
    '  P:',
    '    Type: AWS::S3::BucketPolicy',
    '    Properties:',
    '      Bucket: !Ref Logs',
    '      PolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '        - Effect: Allow',
    '          Principal:',
    '            Service: cloudtrail.amazonaws.com',
    '          Action: s3:PutObject',
    '          Condition:',
    '            StringEquals:',
    '              aws:SourceAccount: "111122223333"',
  );
  const policy = yamlUnit(block).scene.buckets[0].policy;

  it('appends a statement to a block sequence at its indentation', () => {
    const out = applyEdits(block, policy.appendStatement!({ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*',
      Resource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    assert.equal(out, block.replace(/\n$/, '') + '\n' + lines(
      '        - Sid: DenyInsecureTransport',
      '          Effect: Deny',
      '          Principal: "*"',
      '          Action: s3:*',
      '          Resource:',
      '            - arn:aws:s3:::logs',
      '            - arn:aws:s3:::logs/*',
      '          Condition:',
      '            Bool:',
      '              aws:SecureTransport: "false"',
    ));
    const again = yamlUnit(out);
    assert.deepEqual(again.errors, []);
    const stmt = again.scene.buckets[0].policy.statements[1];
    assert.deepEqual([stmt.sid, stmt.effect, stmt.principal?.any, stmt.resources, stmt.conditions],
      ['DenyInsecureTransport', 'Deny', true, ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'], nullProto({ Bool: { 'aws:SecureTransport': ['false'] } })]);
  });

  it('adds a key to an existing condition operator', () => {
    const out = applyEdits(block, policy.statements[0].addCondition!('StringEquals', 's3:x-amz-acl', ['bucket-owner-full-control']));
    assert.equal(out, block.replace(/\n$/, '') + '\n              s3:x-amz-acl: bucket-owner-full-control\n');
  });

  it('adds a new condition operator with a list value', () => {
    const out = applyEdits(block, policy.statements[0].addCondition!('ArnLike', 'aws:SourceArn', ['arn:a', 'arn:b']));
    assert.equal(out, block + '            ArnLike:\n              aws:SourceArn:\n                - arn:a\n                - arn:b\n');
    assert.deepEqual(yamlUnit(out).scene.buckets[0].policy.statements[0].conditions.ArnLike, nullProto({ 'aws:SourceArn': ['arn:a', 'arn:b'] }));
  });

  const flow = lines(
    'Resources:',
    '  Logs: { Type: AWS::S3::Bucket }',
    '  P:',
    '    Type: AWS::S3::BucketPolicy',
    '    Properties:',
    '      Bucket: !Ref Logs',
    '      PolicyDocument:',
    '        Statement: [{ Effect: Allow, Principal: { Service: cloudtrail.amazonaws.com }, Action: s3:PutObject, Resource: "*" }]',
  );
  const flowPolicy = yamlUnit(flow).scene.buckets[0].policy;

  it('appends to a flow sequence inline', () => {
    const out = applyEdits(flow, flowPolicy.appendStatement!({ Effect: 'Deny', Principal: '*', Action: 's3:*' }));
    assert.equal(out.split('\n')[7],
      '        Statement: [{ Effect: Allow, Principal: { Service: cloudtrail.amazonaws.com }, Action: s3:PutObject, Resource: "*" }, { Effect: Deny, Principal: "*", Action: s3:* }]');
    assert.deepEqual(yamlUnit(out).scene.buckets[0].policy.statements.map((s) => s.effect), ['Allow', 'Deny']);
  });

  it('adds a condition to a flow statement inline', () => {
    const out = applyEdits(flow, flowPolicy.statements[0].addCondition!('StringEquals', 's3:x-amz-acl', ['bucket-owner-full-control']));
    assert.ok(out.includes('Resource: "*", Condition: { StringEquals: { s3:x-amz-acl: bucket-owner-full-control } } }]'), out);
    assert.deepEqual(yamlUnit(out).scene.buckets[0].policy.statements[0].conditions, nullProto({ StringEquals: { 's3:x-amz-acl': ['bucket-owner-full-control'] } }));
  });

  it('fills an empty flow sequence', () => {
    const text = 'Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Statement: []\n';
    const out = applyEdits(text, yamlUnit(text).scene.keys[0].policy.appendStatement!({ Sid: 'A', Effect: 'Allow' }));
    assert.equal(out, 'Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Statement: [{ Sid: A, Effect: Allow }]\n');
  });
});

describe('CloudFormation JSON edits', () => {
  const text = fs.readFileSync(path.join(__dirname, '../../fixtures/cfn/audit-trail.json'), 'utf8');
  const { scene } = jsonUnit(text);

  it('inserts a property on its own line after the last one, leaving one-line values alone', () => {
    const out = applyEdits(text, scene.trails[0].target!.insert(prop('IsMultiRegionTrail'), true));
    assert.equal(out, text.replace(
      '"KMSKeyId": { "Fn::GetAtt": ["Key", "Arn"] }\n',
      '"KMSKeyId": { "Fn::GetAtt": ["Key", "Arn"] },\n        "IsMultiRegionTrail": true\n',
    ));
    assert.equal(jsonUnit(out).scene.trails[0].multiRegion.state, 'known');
  });

  it('adds to a one-line object inline', () => {
    const out = applyEdits(text, scene.buckets[0].versioningTarget!.insert(prop('MFADelete'), 'Enabled'));
    assert.equal(out, text.replace('{ "Status": "Suspended" }', '{ "Status": "Suspended", "MFADelete": "Enabled" }'));
  });

  it('appends a statement with the array items\' indentation', () => {
    const out = applyEdits(text, scene.buckets[0].policy.appendStatement!({ Sid: 'Deny', Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const expected = [
      '            },',
      '            {',
      '              "Sid": "Deny",',
      '              "Effect": "Deny",',
      '              "Condition": {',
      '                "Bool": {',
      '                  "aws:SecureTransport": "false"',
      '                }',
      '              }',
      '            }',
      '          ]',
    ].join('\n');
    assert.ok(out.includes(expected), out);
    const again = jsonUnit(out);
    assert.deepEqual(again.errors, []);
    assert.deepEqual(again.scene.buckets[0].policy.statements.map((s) => s.sid), ['AWSCloudTrailAclCheck', 'AWSCloudTrailWrite', 'Deny']);
  });

  it('creates Properties with the file\'s 4-space indentation', () => {
    const four = '{\n    "Resources": {\n        "K": {\n            "Type": "AWS::KMS::Key"\n        }\n    }\n}\n';
    const out = applyEdits(four, jsonUnit(four).scene.keys[0].target!.insert(prop('EnableKeyRotation'), true));
    assert.equal(out, '{\n    "Resources": {\n        "K": {\n            "Type": "AWS::KMS::Key",\n            "Properties": {\n' +
      '                "EnableKeyRotation": true\n            }\n        }\n    }\n}\n');
  });

  it('creates a missing nested block (PublicAccessBlockConfiguration is absent: no target; VersioningConfiguration is created)', () => {
    const noVersioning = text.replace('"VersioningConfiguration": { "Status": "Suspended" },\n        ', '');
    const bucket = jsonUnit(noVersioning).scene.buckets[0];
    assert.deepEqual(bucket.publicAccessBlock, { state: 'absent' });
    const out = applyEdits(noVersioning, bucket.versioningTarget!.insert(prop('Status'), 'Enabled'));
    assert.ok(out.includes('"AccessControl": "Private",\n        "VersioningConfiguration": {\n          "Status": "Enabled"\n        }\n      }'), out);
  });
});

describe('CloudFormation edits: dotted property names', () => {
  it('inserts a nested property and its missing parents', () => {
    const text = lines('Resources:', '  Logs:', '    Type: AWS::S3::Bucket', '    Properties:', '      BucketName: logs');
    const out = applyEdits(text, yamlUnit(text).scene.buckets[0].target!.insert(prop('PublicAccessBlockConfiguration.BlockPublicAcls'), true));
    assert.equal(out, lines('Resources:', '  Logs:', '    Type: AWS::S3::Bucket', '    Properties:', '      BucketName: logs',
      '      PublicAccessBlockConfiguration:', '        BlockPublicAcls: true'));
    const json = '{\n  "Resources": {\n    "Logs": {\n      "Type": "AWS::S3::Bucket",\n      "Properties": {\n        "BucketName": "logs"\n      }\n    }\n  }\n}\n';
    const outJson = applyEdits(json, jsonUnit(json).scene.buckets[0].target!.insert(prop('PublicAccessBlockConfiguration.BlockPublicAcls'), true));
    assert.equal(outJson, json.replace('"BucketName": "logs"\n', '"BucketName": "logs",\n        "PublicAccessBlockConfiguration": {\n          "BlockPublicAcls": true\n        }\n'));
  });
});

describe('CloudFormation YAML edits next to aliases', () => {
  it('inserts after a last property whose value is an alias, not at the anchor', () => {
    const text = lines(
      'Resources:',
      '  Logs:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      Tags: &tags',
      '        - { Key: team, Value: audit }',
      '  Other:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      Tags: *tags',
    );
    const other = yamlUnit(text).scene.buckets[1];
    assert.deepEqual(span(other.extent?.range), [6, 2, 9, 17]);
    const out = applyEdits(text, other.target!.insert(prop('AccessControl'), 'Private'));
    assert.equal(out, text + '      AccessControl: Private\n');
    const tags = yamlUnit(out).scene.buckets[1].tags;
    assert.deepEqual(tags.state === 'known' && tags.value, nullProto({ team: 'audit' }));
  });
});
