// The CI formats users of the peers rely on, checked against what CI servers read: JUnit XML (one test case per rule
// × resource) and GitLab Code Quality (its documented fields); plus the CLI's help and argument errors.
import { strict as assert } from 'assert';
// xml2js comes with @vscode/vsce (a devDependency) and has no bundled types.
// eslint-disable-next-line @typescript-eslint/no-var-requires, @typescript-eslint/no-explicit-any
const { parseStringPromise } = require('xml2js') as { parseStringPromise(xml: string, options?: object): Promise<any> };
import { runCli, tempTree, validatingTrail } from './helpers';

const unresolved = `variable "validate" {}
resource "aws_cloudtrail" "other" {
  name                       = "other"
  s3_bucket_name             = "some-bucket"
  is_multi_region_trail      = true
  enable_log_file_validation = var.validate
}
`;

describe('trailguard lint --format junit', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let xml: any;
  let code: number;
  before(async () => {
    const dir = tempTree({
      'main.tf': validatingTrail.replace('  is_multi_region_trail', '  # trailguard:ignore TG106 no CloudWatch in the sandbox\n  is_multi_region_trail'),
      'other/main.tf': unresolved,
      'broken/main.tf': 'resource "aws_s3_bucket" "b" {\n',
    });
    const run = await runCli(['lint', '.', '-f', 'junit'], dir);
    code = run.code;
    xml = await parseStringPromise(run.stdout, { strict: true });
  });

  const cases = () => xml.testsuites.testsuite.flatMap((s: { testcase: unknown[] }) => s.testcase);
  const find = (prefix: string) => cases().find((c: { $: { name: string } }) => c.$.name.startsWith(prefix));

  it('is well-formed JUnit: <testsuites> of <testsuite> of <testcase>, with consistent counts', () => {
    for (const suite of [xml.testsuites, ...xml.testsuites.testsuite]) {
      const own = suite === xml.testsuites ? cases() : suite.testcase;
      assert.equal(Number(suite.$.tests), own.length);
      assert.equal(Number(suite.$.failures), own.filter((c: object) => 'failure' in c).length);
      assert.equal(Number(suite.$.errors), own.filter((c: object) => 'error' in c).length);
      assert.equal(Number(suite.$.skipped), own.filter((c: object) => 'skipped' in c).length);
    }
    for (const c of cases()) assert.ok(c.$.name && c.$.classname, JSON.stringify(c.$));
    assert.deepEqual(xml.testsuites.testsuite.map((s: { $: { name: string } }) => s.$.name).sort(), ['broken/main.tf', 'main.tf', 'other/main.tf']);
  });

  it('one test case per rule × resource: a failure, a pass, an unknown as an error, a suppression as skipped', () => {
    const tg101 = find('TG101 Log file validation enabled — aws_cloudtrail.main');
    assert.equal(tg101.failure[0].$.type, 'TG101 error');
    assert.match(tg101.failure[0]._, /^main\.tf:6:3\n/);
    const tg102 = find('TG102 Multi-region trail — aws_cloudtrail.main');
    assert.deepEqual(Object.keys(tg102), ['$'], 'a passing check is an empty test case');
    const unknown = find('TG101 Log file validation enabled — aws_cloudtrail.other');
    assert.equal(unknown.error[0].$.type, 'unknown');
    assert.match(unknown.error[0].$.message, /could not be verified/);
    const suppressed = find('TG106 CloudWatch Logs integration — aws_cloudtrail.main');
    assert.match(suppressed.skipped[0].$.message, /^suppressed by .*: no CloudWatch in the sandbox$/);
    const parse = find('parse broken/main.tf');
    assert.equal(parse.error[0].$.type, 'parse');
  });

  it('keeps the exit code of the findings', () => assert.equal(code, 1));
});

describe('trailguard lint --format gitlab', () => {
  const fields = (issue: Record<string, unknown>) => Object.keys(issue).sort();

  it('has the documented Code Quality fields, unique fingerprints that survive a line shift', async () => {
    const dir = tempTree({ 'main.tf': validatingTrail, 'other/main.tf': unresolved });
    const first = JSON.parse((await runCli(['lint', '.', '-f', 'gitlab'], dir)).stdout);
    const shifted = JSON.parse((await runCli(['lint', '.', '-f', 'gitlab'], tempTree({ 'main.tf': `\n\n${validatingTrail}`, 'other/main.tf': unresolved }))).stdout);
    assert.ok(first.length >= 3);
    for (const issue of first) {
      assert.deepEqual(fields(issue), ['check_name', 'description', 'fingerprint', 'location', 'severity', 'type']);
      assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(issue.severity));
      assert.equal(typeof issue.location.path, 'string');
      assert.ok(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1);
    }
    assert.equal(new Set(first.map((i: { fingerprint: string }) => i.fingerprint)).size, first.length);
    const tg101 = first.find((i: { check_name: string; location: { path: string } }) => i.check_name === 'TG101' && i.location.path === 'main.tf');
    assert.equal(tg101.severity, 'major');
    assert.equal(tg101.location.lines.begin, 5);
    const moved = shifted.find((i: { fingerprint: string }) => i.fingerprint === tg101.fingerprint);
    assert.equal(moved?.location.lines.begin, 7, 'the same issue two lines lower keeps its fingerprint');
    const unknown = first.find((i: { description: string }) => /could not be verified/.test(i.description));
    assert.equal(unknown.severity, 'info');
  });
});

describe('trailguard lint: help and argument errors', () => {
  it('--help names every flag with its description and default, and examples', async () => {
    const run = await runCli(['lint', '--help'], tempTree({}));
    assert.equal(run.code, 0);
    for (const flag of ['-f, --format FORMAT', '-c, --config FILE', '--fix', '--max-file-size BYTES', '-h, --help']) assert.ok(run.stdout.includes(flag), flag);
    assert.match(run.stdout, /\(default: text\)/);
    assert.ok(run.stdout.split('\nexamples:\n')[1].split('\n').filter((l) => l.startsWith('  trailguard lint')).length >= 2);
    assert.match(run.stdout, /exit codes: 0 /);
  });

  it('an unknown flag names the closest one and exits 2', async () => {
    const run = await runCli(['lint', '--formt', 'json'], tempTree({}));
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'trailguard: unknown option --formt (did you mean --format?); see trailguard lint --help\n');
  });

  it('a folder without IaC says so on stderr and exits 0', async () => {
    const dir = tempTree({ 'README.md': '# nothing here\n', 'app/index.js': 'console.log(1)\n' });
    const run = await runCli(['lint', '.'], dir);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, 'trailguard: no Terraform, CloudFormation or policy files found under .\n');
  });

  it('counts in the summary read right in the singular', async () => {
    const run = await runCli(['lint', '.'], tempTree({ 'main.tf': validatingTrail }));
    assert.equal(run.stdout.trim().split('\n').at(-1), '✖ 1 error, 1 warning, 1 info, 0 unknown, 0 suppressed, 0 parse errors');
  });
});
