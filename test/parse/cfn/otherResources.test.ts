import { strict as assert } from 'assert';
import { jsonUnit, lines, span, yamlUnit } from './helpers';

describe('CloudFormation: Config aggregators, event data stores, organization policies', () => {
  const { scene, errors } = yamlUnit(lines(
    'Resources:',
    '  Lake:',
    '    Type: AWS::CloudTrail::EventDataStore',
    '    Properties: { KmsKeyId: !GetAtt LakeKey.Arn }',
    '  LakeKey: { Type: AWS::KMS::Key, Properties: { KeySpec: SYMMETRIC_DEFAULT, Enabled: false } }',
    '  OrgAggregator:',
    '    Type: AWS::Config::ConfigurationAggregator',
    '    Properties:',
    '      OrganizationAggregationSource: { RoleArn: arn:aws:iam::1:role/r, AllAwsRegions: true }',
    '  AccountAggregator:',
    '    Type: AWS::Config::ConfigurationAggregator',
    '    Properties:',
    '      AccountAggregationSources:',
    '        - { AccountIds: ["1"], AllAwsRegions: true }',
    '        - { AccountIds: ["2"], AwsRegions: [us-east-1] }',
    '  ProtectTrail:',
    '    Type: AWS::Organizations::Policy',
    '    Properties:',
    '      Name: protect-trail',
    '      Type: SERVICE_CONTROL_POLICY',
    '      Content:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Deny',
    '            Action: [cloudtrail:StopLogging, cloudtrail:DeleteTrail]',
    '            Resource: "*"',
  ));

  it('parses without errors', () => assert.deepEqual(errors, []));

  it('reads the event data store key', () => {
    const store = scene.eventDataStores[0];
    assert.deepEqual(store.kmsKeyId.state === 'known' && store.kmsKeyId.value, 'arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/${LakeKey}');
    assert.deepEqual(span(store.loc?.range), [1, 2, 1, 6]);
  });

  it('reads key spec and the enabled flag', () => {
    const key = scene.keys[0];
    assert.deepEqual([key.keySpec.state === 'known' && key.keySpec.value, key.enabled.state === 'known' && key.enabled.value], ['SYMMETRIC_DEFAULT', false]);
    assert.deepEqual(key.trails, []);
  });

  it('reads AllAwsRegions from the organization source, or the first account source without it', () => {
    const [org, accounts] = scene.aggregators;
    assert.deepEqual(org.allRegions.state === 'known' && org.allRegions.value, true);
    assert.equal(accounts.allRegions.state, 'absent');
  });

  it('reads an SCP with its statements', () => {
    const policy = scene.orgPolicies[0];
    assert.deepEqual(policy.policyType.state === 'known' && policy.policyType.value, 'SERVICE_CONTROL_POLICY');
    assert.deepEqual(policy.policy.statements[0].actions, ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail']);
    assert.deepEqual(span(policy.policy.loc?.range), [20, 6, 25, 25]);
  });

  it('reads an SCP whose Content is a JSON string (JSON template)', () => {
    const content = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'config:StopConfigurationRecorder', Resource: '*' }] });
    const unit = jsonUnit(JSON.stringify({ Resources: { P: { Type: 'AWS::Organizations::Policy', Properties: { Type: 'SERVICE_CONTROL_POLICY', Content: content } } } }, null, 2));
    assert.deepEqual(unit.scene.orgPolicies[0].policy.statements[0].actions, ['config:StopConfigurationRecorder']);
    assert.equal(unit.scene.orgPolicies[0].policy.appendStatement, undefined); // no edits inside a JSON string
  });
});
