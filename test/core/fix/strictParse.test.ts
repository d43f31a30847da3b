import * as assert from 'assert';
import { strictParseProblems } from '../../../src/core/fix/strictParse';

describe('strictParseProblems', () => {
  it('accepts clean YAML with CloudFormation short forms, JSON and Terraform', async () => {
    assert.deepStrictEqual(await strictParseProblems('cfn-yaml', 'A:\n  B: !Ref X\n  C: !Sub "${X}"\n  D: !GetAtt [X, Arn]\n'), []);
    assert.deepStrictEqual(await strictParseProblems('policy-json', '{"Statement": [{"Effect": "Deny"}, {"Effect": "Allow"}]}'), []);
    assert.deepStrictEqual(await strictParseProblems('terraform', 'resource "a" "b" {\n  x = 1\n  tags {\n    x = 2\n  }\n}\n'), []);
  });

  it('rejects a duplicate key in YAML and JSON, at its line', async () => {
    assert.deepStrictEqual(await strictParseProblems('cfn-yaml', 'S:\n  Condition: 1\n  Effect: x\n  Condition: 2\n'), [{ line: 3, message: 'Map keys must be unique' }]);
    assert.deepStrictEqual(await strictParseProblems('cfn-json', '{\n "S": {"Condition": 1,\n  "Condition": 2}}'), [{ line: 2, message: 'duplicate key "Condition"' }]);
  });

  it('rejects comments and trailing commas in JSON', async () => {
    assert.deepStrictEqual((await strictParseProblems('policy-json', '{"a": 1 // c\n}')).map((p) => p.message), ['JSON syntax error: InvalidCommentToken']);
    assert.deepStrictEqual((await strictParseProblems('policy-json', '{"a": [1,]}')).map((p) => p.message), ['JSON syntax error: ValueExpected']);
  });

  it('rejects a Terraform argument set twice and a syntax error', async () => {
    assert.deepStrictEqual(await strictParseProblems('terraform', 'resource "a" "b" {\n  x = 1\n  x = 2\n}\n'), [{ line: 2, message: 'argument "x" is set twice (Terraform: Attribute redefined)' }]);
    assert.strictEqual((await strictParseProblems('terraform', 'resource "a" "b" {\n  x = \n}\n')).length > 0, true);
  });
});
