// Each kind of broken or hostile input must give a ParseError with a position, in bounded time, and never throw.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { detectFormat } from '../../../src/core/formats/registry';

const detectKind = (file: string, text: string) => detectFormat(file, text)?.id;
import type { ParsedUnit } from '../../../src/core/parse/unit';
import { jsonUnit, policyUnit, span, yamlUnit } from './helpers';

const yamlFixture = fs.readFileSync(path.join(__dirname, '../../fixtures/cfn/audit-trail.yaml'), 'utf8');
const jsonFixture = fs.readFileSync(path.join(__dirname, '../../fixtures/cfn/audit-trail.json'), 'utf8');

/** Runs a parse, asserting it returns (no throw) within `ms`. */
function timed(ms: number, parse: () => ParsedUnit): ParsedUnit {
  const started = Date.now();
  const unit = parse();
  const took = Date.now() - started;
  assert.ok(took < ms, `took ${took} ms`);
  return unit;
}

describe('CloudFormation / policy parsers on bad input', () => {
  it('truncated YAML: reports the error and still adapts the intact resources', () => {
    const cut = yamlFixture.slice(0, yamlFixture.indexOf('  OrgTrail:') + 200) + '\n      EventSelectors: [ { ReadWriteType: All';
    const { scene, errors } = timed(2000, () => yamlUnit(cut));
    assert.ok(errors.length >= 1);
    assert.ok(errors.every((e) => e.file === 'template.yaml' && e.range.start.line >= 0));
    assert.deepEqual(scene.buckets.map((b) => b.id), ['AccessLogBucket', 'LogBucket']);
  });

  it('unbalanced YAML flow collection: error at the unclosed bracket line', () => {
    const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: { BucketName: [x\n';
    const { errors } = timed(2000, () => yamlUnit(text));
    assert.ok(errors.length >= 1);
    assert.ok(errors.some((e) => e.range.start.line >= 4), JSON.stringify(errors));
  });

  it('truncated JSON: reports where it ends and keeps what was read', () => {
    const cut = jsonFixture.slice(0, jsonFixture.indexOf('"LogsPolicy"'));
    const { scene, errors } = timed(2000, () => jsonUnit(cut));
    assert.ok(errors.length >= 1);
    assert.ok(errors.some((e) => /expected/.test(e.message)), JSON.stringify(errors));
    assert.equal(scene.buckets[0]?.id, 'Logs');
  });

  it('unbalanced JSON braces', () => {
    const { errors } = timed(2000, () => jsonUnit('{ "Resources": { "B": { "Type": "AWS::S3::Bucket" } } } }'));
    assert.deepEqual(errors.map((e) => [e.message, span(e.range)]), [['JSON syntax error: end of file expected', [0, 56, 0, 57]]]);
  });

  it('binary content: one error at the NUL byte, nothing parsed', () => {
    const text = 'AWSTemplateFormatVersion: x\nRes\u0000\u0001\u0002ources';
    for (const unit of [yamlUnit(text), jsonUnit(text), policyUnit(text)]) {
      assert.deepEqual(unit.errors.map((e) => [e.message, span(e.range)]), [['binary content (NUL byte): not a text file', [1, 3, 1, 4]]]);
      assert.equal(unit.scene.buckets.length, 0);
    }
  });

  it('U+FFFD is a character like any other (invalid bytes are reported where files are decoded): linted, no error', () => {
    const text = 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: { BucketName: "caf\uFFFD" }\n';
    const { scene, errors } = yamlUnit(text);
    assert.deepEqual(errors, []);
    assert.equal(scene.buckets.length, 1);
  });

  it('a 20 MB file: refused with an error, quickly', function () {
    this.timeout(10000);
    const big = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n' + '  # padding padding padding padding padding padding\n'.repeat(420_000);
    assert.ok(big.length > 20 * 1024 * 1024);
    assert.equal(detectKind('big.yaml', big), 'cfn-yaml');
    const { errors } = timed(1000, () => yamlUnit(big));
    assert.match(errors[0].message, /^file is too large to lint \(20\.\d MB; the limit is 5\.0 MB, set by --max-file-size or trailguard\.maxFileSize\)$/);
  });

  it('10,000-deep nesting in YAML and JSON: error instead of a stack overflow', () => {
    const depth = 10_000;
    const yaml = 'AWSTemplateFormatVersion: x\nResources: ' + '['.repeat(depth) + ']'.repeat(depth) + '\n';
    const json = '{"AWSTemplateFormatVersion":"x","Resources":' + '['.repeat(depth) + ']'.repeat(depth) + '}';
    const y = timed(3000, () => yamlUnit(yaml));
    assert.ok(y.errors.some((e) => e.message === 'nesting deeper than 256 levels'), JSON.stringify(y.errors));
    const j = timed(3000, () => jsonUnit(json));
    assert.deepEqual(j.errors.map((e) => [e.message, span(e.range)]), [['nesting deeper than 256 levels', [0, 299, 0, 300]]]); // the 257th bracket (the 256th `[`)
    const p = timed(3000, () => policyUnit('{"Statement":' + '{"a":'.repeat(depth) + '1' + '}'.repeat(depth + 1)));
    assert.equal(p.errors[0].message, 'nesting deeper than 256 levels');
  });

  it('deep YAML block nesting: error instead of a stack overflow', () => {
    let text = 'AWSTemplateFormatVersion: x\nResources:\n';
    for (let i = 1; i <= 1000; i++) text += ' '.repeat(i) + `k${i}:\n`;
    const { errors } = timed(3000, () => yamlUnit(text));
    assert.ok(errors.some((e) => e.message === 'nesting deeper than 256 levels'), JSON.stringify(errors));
  });

  it('YAML alias bomb (billion laughs): error in bounded time', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = `AWSTemplateFormatVersion: x\nMetadata:\n${levels.map((l) => `  ${l}`).join('\n')}\nResources: {}\n`;
    const { errors } = timed(3000, () => yamlUnit(bomb));
    assert.deepEqual(errors.map((e) => e.message), ['document expands to more than 1,000,000 nodes (YAML alias bomb?)']);
  });

  it('a template whose top level is not a map', () => {
    const { errors } = yamlUnit('- just\n- a list\n');
    assert.deepEqual(errors.map((e) => [e.message, span(e.range)]), [['not a CloudFormation template: the top level is not a map', [0, 0, 0, 0]]]);
  });
});

describe('CloudFormation / policy parsers: byte-order marks', () => {
  it('accepts a BOM before YAML and JSON, keeping positions', () => {
    const yaml = '\uFEFFResources:\n  B: { Type: AWS::S3::Bucket }\n';
    assert.equal(detectKind('stack.yaml', yaml), 'cfn-yaml');
    assert.deepEqual(span(yamlUnit(yaml).scene.buckets[0].loc?.range), [1, 2, 1, 3]);
    const json = '\uFEFF{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}';
    assert.equal(detectKind('stack.json', json), 'cfn-json');
    const unit = jsonUnit(json);
    assert.deepEqual(unit.errors, []);
    assert.deepEqual(span(unit.scene.buckets[0].loc?.range), [0, 16, 0, 19]);
    assert.deepEqual(policyUnit('\uFEFF{"Statement": [{"Effect": "Allow", "Action": "kms:*", "Principal": "*"}]}').errors, []);
  });
});
