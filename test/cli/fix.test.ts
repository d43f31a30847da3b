// `trailguard lint --fix`: one test per defect reported in issue 8, each on the exact text written.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runCli, tempTree, validatingTrail } from './helpers';
import { fixFileSystem } from '../../src/cli/fixWrite';
import { lintSources } from '../../src/core/engine';

const scopeAll = 'scope: all\n';

/** A bucket policy whose write grant lacks bucket-owner-full-control, and no TLS deny: two fixes at one point. */
const bucketPolicyTemplate = `Resources:
  LogBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: acme-logs
      VersioningConfiguration:
        Status: Enabled
  LogBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref LogBucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: AWSCloudTrailAclCheck
            Effect: Allow
            Principal:
              Service: cloudtrail.amazonaws.com
            Action: s3:GetBucketAcl
            Resource: !GetAtt LogBucket.Arn
          - Sid: AWSCloudTrailWrite
            Effect: Allow
            Principal:
              Service: cloudtrail.amazonaws.com
            Action: s3:PutObject
            Resource: !Sub "\${LogBucket.Arn}/AWSLogs/\${AWS::AccountId}/*"
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      S3BucketName: !Ref LogBucket
      IsLogging: true
      IsMultiRegionTrail: true
      EnableLogFileValidation: true
`;

const tlsCondition = `
            Condition:
              StringEquals:
                s3:x-amz-acl: bucket-owner-full-control`;

/** The TLS-deny statement exactly as the TG206 fix writes it today (what it writes is the fix builder's business). */
async function denyStatementText(template: string): Promise<string> {
  const { findings } = await lintSources([{ path: 't.yaml', text: template }], { scope: 'all' });
  const fix = findings.find((f) => f.ruleId === 'TG206')!.fixes.find((x) => x.kind === 'safe')!;
  assert.strictEqual(fix.edits.length, 1);
  return fix.edits[0].newText;
}

function fixedLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('fixed '));
}

function summaryFixed(stdout: string): number {
  const m = /, (\d+) fixed$/m.exec(stdout);
  return m ? Number(m[1]) : 0;
}

describe('trailguard lint --fix', () => {
  it('composes two fixes that land at one point of a bucket policy into valid YAML (no duplicate Condition)', async () => {
    const dir = tempTree({ '.trailguard.yaml': scopeAll, 'template.yaml': bucketPolicyTemplate });
    const deny = await denyStatementText(bucketPolicyTemplate);
    assert.match(deny, /Condition:/, 'the deny statement has its own Condition: the two insertions used to nest');
    const run = await runCli(['lint', 'template.yaml', '--fix'], dir);
    const anchor = '/AWSLogs/${AWS::AccountId}/*"';
    const expected = bucketPolicyTemplate.replace(anchor, anchor + tlsCondition + deny);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'template.yaml'), 'utf8'), expected);
    assert.deepStrictEqual(fixedLines(run.stderr).map((l) => l.split('  ')[1]).sort(), ['TG206', 'TG213']);
    assert.strictEqual(summaryFixed(run.stdout), 2);

    // Idempotent: a second run finds nothing to fix and writes nothing.
    const again = await runCli(['lint', 'template.yaml', '--fix'], dir);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'template.yaml'), 'utf8'), expected);
    assert.deepStrictEqual(fixedLines(again.stderr), []);
    assert.strictEqual(summaryFixed(again.stdout), 0);
  });

  it('leaves a unit with a syntax error untouched, says why, and stays so over repeated runs', async () => {
    const broken = validatingTrail + '\nresource "aws_s3_bucket" "b" {\n  bucket = "x"\n  tags = {\n}\n';
    const dir = tempTree({ 'main.tf': broken, 'other.tf': 'locals {\n  a = 1\n}\n' });
    for (let i = 0; i < 3; i++) {
      const run = await runCli(['lint', '.', '--fix'], dir);
      assert.strictEqual(fs.readFileSync(path.join(dir, 'main.tf'), 'utf8'), broken);
      assert.deepStrictEqual(fixedLines(run.stderr), []);
      assert.match(run.stderr, /^not fixed \.[/\\] \(Terraform module\): it has parse errors \(main\.tf:\d+: [^)]*\); fix them first \(1 safe fix not applied\)$/m);
      assert.strictEqual(summaryFixed(run.stdout), 0);
    }
  });

  it('keeps the byte order mark and CRLF line endings', async () => {
    const crlf = (s: string) => s.split('\n').join('\r\n');
    const dir = tempTree({ 'main.tf': Buffer.from('\uFEFF' + crlf(validatingTrail), 'utf8') });
    await runCli(['lint', '.', '--fix'], dir);
    const expected = '\uFEFF' + crlf(validatingTrail.replace('enable_log_file_validation = false', 'enable_log_file_validation = true'));
    assert.strictEqual(fs.readFileSync(path.join(dir, 'main.tf'), 'utf8'), expected);
  });

  it('keeps CR-only line endings and every nested block, inserting lines with CR', async () => {
    const cr = (s: string) => s.split('\n').join('\r');
    const original = bucketPolicyTemplate.replace('      EnableLogFileValidation: true\n', '');
    const dir = tempTree({ '.trailguard.yaml': scopeAll, 'template.yaml': cr(original) });
    const run = await runCli(['lint', 'template.yaml', '--fix'], dir);
    const anchor = '/AWSLogs/${AWS::AccountId}/*"';
    const deny = await denyStatementText(original);
    const expected = cr(original.replace(anchor, anchor + tlsCondition + deny).replace('IsMultiRegionTrail: true\n', 'IsMultiRegionTrail: true\n      EnableLogFileValidation: true\n'));
    assert.strictEqual(fs.readFileSync(path.join(dir, 'template.yaml'), 'utf8'), expected);
    assert.strictEqual(summaryFixed(run.stdout), 3);
  });

  it('keeps a missing final newline missing', async () => {
    const noFinal = validatingTrail.trimEnd();
    const dir = tempTree({ 'main.tf': noFinal });
    await runCli(['lint', '.', '--fix'], dir);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'main.tf'), 'utf8'), noFinal.replace('= false', '= true'));
  });

  it('writes through a temporary file and a rename, keeping the mode, the symlink and no leftovers', async () => {
    const dir = tempTree({ 'real/main.tf': validatingTrail });
    fs.chmodSync(path.join(dir, 'real/main.tf'), 0o640);
    fs.mkdirSync(path.join(dir, 'infra'));
    fs.symlinkSync(path.join(dir, 'real/main.tf'), path.join(dir, 'infra/main.tf'));
    const renames: string[] = [];
    const rename = fixFileSystem.renameSync;
    fixFileSystem.renameSync = (from, to) => {
      renames.push(`${path.relative(dir, path.dirname(from))}|${path.relative(dir, to)}`);
      rename(from, to);
    };
    try {
      await runCli(['lint', path.join('infra', 'main.tf'), '--fix'], dir);
    } finally {
      fixFileSystem.renameSync = rename;
    }
    assert.deepStrictEqual(renames, [`real|${path.join('real', 'main.tf')}`], 'temporary file beside the target, renamed over it');
    assert.ok(fs.lstatSync(path.join(dir, 'infra/main.tf')).isSymbolicLink(), 'the link stays a link');
    assert.match(fs.readFileSync(path.join(dir, 'real/main.tf'), 'utf8'), /enable_log_file_validation = true/);
    assert.strictEqual(fs.statSync(path.join(dir, 'real/main.tf')).mode & 0o7777, 0o640);
    assert.deepStrictEqual(fs.readdirSync(path.join(dir, 'real')), ['main.tf']);
  });

  it('does not overwrite a file edited while the run was going on, and says so', async () => {
    const dir = tempTree({ 'main.tf': validatingTrail });
    const edited = validatingTrail.replace('"main"', '"edited-meanwhile"');
    const read = fixFileSystem.readFileSync;
    let reads = 0;
    fixFileSystem.readFileSync = (p) => {
      // The first read is the one the fixes are computed from; the user saves right after it.
      if (reads++ === 1) fs.writeFileSync(path.join(dir, 'main.tf'), edited);
      return read(p);
    };
    let run;
    try {
      run = await runCli(['lint', '.', '--fix'], dir);
    } finally {
      fixFileSystem.readFileSync = read;
    }
    assert.strictEqual(fs.readFileSync(path.join(dir, 'main.tf'), 'utf8'), edited);
    assert.match(run.stderr, /^not written main\.tf: it changed on disk after it was read; 1 fix not applied$/m);
    assert.deepStrictEqual(fixedLines(run.stderr), []);
    assert.strictEqual(summaryFixed(run.stdout), 0);
  });

  it('reports a read-only file (EACCES) and exits 2, while still writing and reporting the other files', async () => {
    const dir = tempTree({ 'a/main.tf': validatingTrail, 'b/main.tf': validatingTrail });
    fs.chmodSync(path.join(dir, 'a/main.tf'), 0o444);
    const run = await runCli(['lint', '.', '--fix'], dir);
    assert.strictEqual(run.code, 2);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'a/main.tf'), 'utf8'), validatingTrail);
    assert.match(fs.readFileSync(path.join(dir, 'b/main.tf'), 'utf8'), /enable_log_file_validation = true/);
    assert.match(run.stderr, new RegExp(`^not written ${path.join('a', 'main.tf').replace(/\\/g, '\\\\')}: permission denied \\(EACCES\\): the file is read-only \\(mode 0444\\); 1 fix not applied$`, 'm'));
    assert.deepStrictEqual(fixedLines(run.stderr), [`fixed ${path.join('b', 'main.tf')}:5  TG101  Set enable_log_file_validation = true`]);
    assert.strictEqual(summaryFixed(run.stdout), 1);
    assert.doesNotMatch(run.stderr, /internal error/);
  });

  it('writes none of a module when a fix spanning two of its files cannot be written to one of them', async () => {
    // In examples/terraform, TG301's key-policy fix edits kms.tf and adds the data source it uses to main.tf.
    const example = path.join(__dirname, '..', '..', 'examples', 'terraform');
    const files = Object.fromEntries(fs.readdirSync(example).map((f) => [f, fs.readFileSync(path.join(example, f), 'utf8')]));
    const dir = tempTree(files);
    fs.chmodSync(path.join(dir, 'main.tf'), 0o444);
    const run = await runCli(['lint', '.', '--fix'], dir);
    assert.strictEqual(run.code, 2);
    for (const [name, text] of Object.entries(files)) assert.strictEqual(fs.readFileSync(path.join(dir, name), 'utf8'), text, name);
    assert.match(run.stderr, /^not written main\.tf: permission denied \(EACCES\): the file is read-only \(mode 0444\); [1-9]\d* fix(es)? not applied$/m);
    assert.match(run.stderr, /^not written kms\.tf: held back with main\.tf, which a fix also edits and which could not be written; [1-9]\d* fix(es)? not applied$/m);
    assert.deepStrictEqual(fixedLines(run.stderr), []);
    assert.strictEqual(summaryFixed(run.stdout), 0);
  });

  it('survives a full disk (ENOSPC): the file stays whole, no temporary file is left, exit 2', async () => {
    const dir = tempTree({ 'main.tf': validatingTrail });
    const write = fixFileSystem.writeSync;
    fixFileSystem.writeSync = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    let run;
    try {
      run = await runCli(['lint', '.', '--fix'], dir);
    } finally {
      fixFileSystem.writeSync = write;
    }
    assert.strictEqual(run.code, 2);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'main.tf'), 'utf8'), validatingTrail);
    assert.deepStrictEqual(fs.readdirSync(dir), ['main.tf']);
    assert.match(run.stderr, /^not written main\.tf: no space left on device \(ENOSPC\); 1 fix not applied$/m);
    assert.strictEqual(summaryFixed(run.stdout), 0);
  });

  it('counts exactly the fixes written, one "fixed" line each', async () => {
    const dir = tempTree({ '.trailguard.yaml': scopeAll, 'template.yaml': bucketPolicyTemplate.replace('      EnableLogFileValidation: true\n', ''), 'main.tf': validatingTrail });
    const run = await runCli(['lint', '.', '--fix'], dir);
    const lines = fixedLines(run.stderr);
    assert.strictEqual(lines.length, 4, run.stderr);
    assert.strictEqual(summaryFixed(run.stdout), lines.length);
    // Every fix counted is gone from the report.
    for (const id of ['TG101', 'TG206', 'TG213']) assert.doesNotMatch(run.stdout, new RegExp(`${id}$`, 'm'));
  });
});
