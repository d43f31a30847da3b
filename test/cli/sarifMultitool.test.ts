// SARIF that the SARIF SDK's own validator (the multitool, a devDependency) accepts, whichever way the paths were
// given: relative URIs against %SRCROOT% for files under the working directory, absolute file:// URIs otherwise;
// and from `scan` too.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { runScan } from '../../src/cli/scan';
import { startAwsEndpoint } from '../support/aws-endpoint/server';
import { writeEndpointProfile } from '../support/aws-endpoint/profile';
import { PROFILE, scenario, withAwsEnv } from '../live/harness';
import { runCli, tempTree, validatingTrail } from './helpers';

const multitool = path.join(path.dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json')), 'Sarif.Multitool');

function validate(sarif: string): { ok: boolean; output: string } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-sarif-')), 'out.sarif');
  fs.writeFileSync(file, sarif);
  const r = spawnSync(multitool, ['validate', file], { encoding: 'utf8', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
  const output = `${r.stdout}${r.stderr}`;
  return { ok: r.status === 0 && !/\b(error|warning) SARIF\d+/.test(output), output };
}

describe('SARIF checked by the SARIF multitool', function () {
  this.timeout(120_000);
  const tree = () => tempTree({ 'infra/main.tf': validatingTrail, 'infra/broken.tf': 'resource "aws_s3_bucket" "b" {\n' });

  it('lint with relative paths: relative URIs against %SRCROOT%', async () => {
    const dir = tree();
    const run = await runCli(['lint', 'infra', '-f', 'sarif'], dir);
    const uris = JSON.parse(run.stdout).runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: object } }[] }) => r.locations[0].physicalLocation.artifactLocation);
    assert.deepEqual(uris[0], { uri: 'infra/main.tf', uriBaseId: '%SRCROOT%' });
    const v = validate(run.stdout);
    assert.ok(v.ok, v.output);
  });

  it('lint with an absolute path outside the working directory: absolute file:// URIs', async () => {
    const dir = tree();
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-cwd-'));
    const run = await runCli(['lint', path.join(dir, 'infra'), '-f', 'sarif'], elsewhere);
    const log = JSON.parse(run.stdout);
    const location = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.deepEqual(location, { uri: pathToFileURL(path.join(dir, 'infra', 'main.tf')).href });
    assert.equal(log.runs[0].invocations[0].toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uriBaseId, undefined);
    const v = validate(run.stdout);
    assert.ok(v.ok, v.output);
  });

  for (const [title, iac] of [['scan', []], ['scan --iac (definitions as related locations, drifts as results)', ['--iac', path.join(__dirname, '..', 'fixtures', 'link', 'direct')]]] as const) it(title, async () => {
    const endpoint = await startAwsEndpoint({ scenario: scenario('failing') });
    const files = writeEndpointProfile(endpoint.url, { profile: PROFILE });
    let stdout = '';
    try {
      await withAwsEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile }, () =>
        runScan(['--profile', PROFILE, '--format', 'sarif', ...iac], { stdout: (t) => { stdout += t; }, stderr: () => undefined }));
    } finally {
      await endpoint.close();
    }
    assert.ok(JSON.parse(stdout).runs[0].results.length > 0);
    const v = validate(stdout);
    assert.ok(v.ok, v.output);
  });
});
