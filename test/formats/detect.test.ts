import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { detectFormat } from '../../src/core/formats/registry';

const detectKind = (file: string, text: string, anyName = false) => detectFormat(file, text, { anyName })?.id;

describe('detectKind', () => {
  it('recognises Terraform files by name', () => {
    assert.equal(detectKind('infra/main.tf', 'resource "aws_s3_bucket" "b" {}'), 'terraform');
    assert.equal(detectKind('infra/main.tf.json', '{"resource": {}}'), 'terraform-json');
    assert.equal(detectKind('infra/terraform.tfvars', 'a = 1'), 'tfvars');
    assert.equal(detectKind('infra/prod.auto.tfvars', 'a = 1'), 'tfvars');
    assert.equal(detectKind('infra/prod.tfvars', 'a = 1'), undefined); // only loaded with -var-file
    assert.equal(detectKind('infra/terraform.tfvars.json', '{"a": 1}'), 'tfvars-json');
    assert.equal(detectKind('infra/prod.auto.tfvars.json', '{"a": 1}'), 'tfvars-json');
    assert.equal(detectKind('infra/prod.tfvars.json', '{"a": 1}'), undefined); // only loaded with -var-file
  });

  it('recognises CloudFormation YAML by AWSTemplateFormatVersion or by Resources with an AWS:: type', () => {
    assert.equal(detectKind('stack.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n'), 'cfn-yaml');
    assert.equal(detectKind('stack.yml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n'), 'cfn-yaml');
    assert.equal(detectKind('cfn/trail.template', 'Resources:\n  T:\n    Type: "AWS::CloudTrail::Trail"\n'), 'cfn-yaml');
  });

  it('recognises CloudFormation JSON whatever the extension', () => {
    assert.equal(detectKind('stack.json', '{\n  "Resources": {\n    "B": { "Type": "AWS::S3::Bucket" }\n  }\n}'), 'cfn-json');
    assert.equal(detectKind('stack.template', '{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}'), 'cfn-json');
    assert.equal(detectKind('min.json', '{"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}'), 'cfn-json');
  });

  it('recognises policy JSON by a Statement with Effect / Action / NotAction', () => {
    assert.equal(detectKind('bucket-policy.json', '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*"}]}'), 'policy-json');
    assert.equal(detectKind('scp.json', '{"Statement":{"NotAction":["iam:*"],"Resource":"*"}}'), 'policy-json');
  });

  it('leaves other YAML and JSON alone', () => {
    assert.equal(detectKind('package.json', '{"name":"x","dependencies":{}}'), undefined);
    assert.equal(detectKind('docker-compose.yml', 'services:\n  web:\n    image: nginx\n'), undefined);
    assert.equal(detectKind('k8s.yaml', 'kind: Service\nspec:\n  type: ClusterIP\n'), undefined);
    assert.equal(detectKind('notes.md', 'AWSTemplateFormatVersion: "2010-09-09"'), undefined);
    // A YAML file that merely mentions policy keys is not a policy JSON file.
    assert.equal(detectKind('policy.yaml', 'Statement:\n  - Effect: Allow\n'), undefined);
  });

  it('claims binary files with a template extension so that the parser reports them', () => {
    assert.equal(detectKind('stack.yaml', 'AWS\u0000\u0001\u0002'), 'cfn-yaml');
    assert.equal(detectKind('blob.json', '\u0000\u0000'), 'cfn-json');
    assert.equal(detectKind('image.png', '\u0000\u0000'), undefined);
  });
});

describe('detectKind: what is not a template', () => {
  it('ignores a Resources key that is not at the top level of a YAML file', () => {
    const doc = 'cloudformation:\n  good:\n    - |-\n      Resources:\n        Key:\n          Type: AWS::KMS::Key\n';
    assert.equal(detectKind('check.yaml', doc), undefined);
  });
});

describe('detectKind on the fixtures', () => {
  const fixtures = path.join(__dirname, '../fixtures');
  const kindOf = (rel: string) => detectKind(rel, fs.readFileSync(path.join(fixtures, rel), 'utf8'));

  it('detects the templates and the policy files by content', () => {
    assert.equal(kindOf('cfn/audit-trail.yaml'), 'cfn-yaml');
    assert.equal(kindOf('cfn/audit-trail.json'), 'cfn-json');
    for (const policy of fs.readdirSync(path.join(fixtures, 'policy'))) assert.equal(kindOf(`policy/${policy}`), 'policy-json', policy);
  });
});
