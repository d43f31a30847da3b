// Files named on the command line are recognised by their content whatever their extension, and a named file that
// no format recognises is reported and fails the run: never a silent skip with a green "✓ 0 errors".
import * as assert from 'assert';
import { runCli, tempTree } from './helpers';

const yamlTrail = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: logs
      IsMultiRegionTrail: true
      EnableLogFileValidation: false
`;
const jsonTrail = `{
  "Resources": {
    "Trail": {
      "Type": "AWS::CloudTrail::Trail",
      "Properties": {
        "IsLogging": true,
        "S3BucketName": "logs",
        "IsMultiRegionTrail": true,
        "EnableLogFileValidation": false
      }
    }
  }
}
`;

interface Report { findings: { ruleId: string; status: string; file: string; line: number; column: number }[]; errors: { file: string; line: number; column: number; message: string }[] }

const fails = (r: Report) => r.findings.filter((f) => f.status === 'fail').map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`).sort();

describe('CLI: files named explicitly', function () {
  this.timeout(60000);

  const table: { name: string; file: string; text: string; expect: string[] }[] = [
    { name: '.cform (YAML)', file: 'stack.cform', text: yamlTrail, expect: ['stack.cform:3:3 TG103', 'stack.cform:3:3 TG106', 'stack.cform:9:7 TG101'] },
    { name: '.template (JSON)', file: 'stack.template', text: jsonTrail, expect: ['stack.template:3:5 TG103', 'stack.template:3:5 TG106', 'stack.template:9:9 TG101'] },
    { name: '.txt (YAML)', file: 'stack.txt', text: yamlTrail, expect: ['stack.txt:3:3 TG103', 'stack.txt:3:3 TG106', 'stack.txt:9:7 TG101'] },
    { name: '.txt (JSON)', file: 'template.txt', text: jsonTrail, expect: ['template.txt:3:5 TG103', 'template.txt:3:5 TG106', 'template.txt:9:9 TG101'] },
    { name: 'no extension', file: 'Stackfile', text: yamlTrail, expect: ['Stackfile:3:3 TG103', 'Stackfile:3:3 TG106', 'Stackfile:9:7 TG101'] },
  ];
  for (const t of table) {
    it(`recognises a template by content: ${t.name}`, async () => {
      const dir = tempTree({ [t.file]: t.text });
      const run = await runCli(['lint', t.file, '--format', 'json'], dir);
      const report = JSON.parse(run.stdout) as Report;
      assert.deepStrictEqual(report.errors, []);
      assert.deepStrictEqual(fails(report).filter((f) => /TG10[136]$/.test(f)), t.expect);
      assert.strictEqual(run.code, 1);
    });
  }

  it('a folder walk reads .cform and .template files but not .txt ones', async () => {
    const dir = tempTree({ 'a.cform': yamlTrail, 'b.template': jsonTrail, 'c.txt': yamlTrail });
    const report = JSON.parse((await runCli(['lint', '.', '--format', 'json'], dir)).stdout) as Report;
    assert.deepStrictEqual([...new Set(report.findings.map((f) => f.file))].sort(), ['a.cform', 'b.template']);
  });

  it('reports a named file that no format recognises, and exits 1 (text)', async () => {
    const dir = tempTree({ 'notes.txt': 'just some notes\n', 'good.yaml': yamlTrail.replace('false', 'true') });
    const run = await runCli(['lint', 'notes.txt'], dir);
    assert.strictEqual(run.code, 1);
    assert.strictEqual(
      run.stdout,
      'notes.txt\n  notes.txt:1:1  error  parse error: not recognised as Terraform, CloudFormation or a policy: not linted\n\n✖ 0 errors, 0 warnings, 0 info, 0 unknown, 0 suppressed, 1 parse error\n',
    );
  });

  it('reports unrecognised YAML and JSON named explicitly (json and sarif), beside a linted file', async () => {
    const dir = tempTree({ 'k8s.yaml': 'kind: Service\nspec:\n  type: ClusterIP\n', 'package.json': '{"name": "x"}\n', 'good.yaml': yamlTrail.replace('false', 'true') });
    const run = await runCli(['lint', 'k8s.yaml', 'package.json', 'good.yaml', '--format', 'json'], dir);
    assert.strictEqual(run.code, 1, 'the good file alone would pass');
    const report = JSON.parse(run.stdout) as Report;
    assert.deepStrictEqual(report.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`).sort(), [
      'k8s.yaml:1:1 not recognised as Terraform, CloudFormation or a policy: not linted',
      'package.json:1:1 not recognised as Terraform, CloudFormation or a policy: not linted',
    ]);
    assert.deepStrictEqual(fails(report).filter((f) => f.includes('TG101')), []);
    const sarif = await runCli(['lint', 'k8s.yaml', '--format', 'sarif'], dir);
    assert.strictEqual(sarif.code, 1);
    assert.match(sarif.stdout, /not recognised as Terraform, CloudFormation or a policy/);
  });

  it('the same unrecognised file inside a walked folder is not named, so it is left alone', async () => {
    const dir = tempTree({ 'k8s.yaml': 'kind: Service\n', 'good.yaml': yamlTrail.replace('false', 'true') });
    const run = await runCli(['lint', '.', '--format', 'json'], dir);
    assert.deepStrictEqual((JSON.parse(run.stdout) as Report).errors, []);
    assert.strictEqual(run.code, 0);
  });
});

describe('CLI: Terraform plan JSON', function () {
  this.timeout(60000);
  const fixture = require('path').join(__dirname, '../fixtures/plan');

  it('lints a plan named alone, relating its findings to the .tf definitions beside it (SARIF)', async () => {
    const run = await runCli(['lint', 'plan.json', '--format', 'sarif'], fixture);
    assert.strictEqual(run.code, 1);
    const sarif = JSON.parse(run.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; relatedLocations?: { message: { text: string }; physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    const tg101 = sarif.runs[0].results.find((r) => r.ruleId === 'TG101')!;
    assert.strictEqual(tg101.locations[0].physicalLocation.artifactLocation.uri, 'plan.json');
    assert.deepStrictEqual(
      tg101.relatedLocations?.map((r) => `${r.message.text} ${r.physicalLocation.artifactLocation.uri}:${r.physicalLocation.region.startLine}`),
      ['aws_cloudtrail.main is defined here main.tf:5'],
    );
    const tg203 = sarif.runs[0].results.find((r) => r.ruleId === 'TG203')!;
    assert.ok(tg203.relatedLocations?.some((r) => r.physicalLocation.artifactLocation.uri === 'modules/log-bucket/main.tf' && r.physicalLocation.region.startLine === 15));
  });

  it('a folder walk lints the plan beside the configuration (text)', async () => {
    const run = await runCli(['lint', '.'], fixture);
    assert.match(run.stdout, /^plan\.json\n(?: {2}.*\n)* {2}plan\.json:24:13 {2}error {2}Log file validation is disabled/m);
    assert.match(run.stdout, /^main\.tf\n/m);
  });
});
