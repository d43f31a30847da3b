// Profiles and endpoints come from the standard shared files and environment, as the AWS CLI reads them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listProfiles, resolveProfileSettings, usesAwsEndpoints, type ProfileSettings } from '../../src/live/profiles';
import { withAwsEnv } from './harness';

function sharedFiles(config: string, credentials: string): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-profiles-'));
  fs.writeFileSync(path.join(dir, 'config'), config);
  fs.writeFileSync(path.join(dir, 'credentials'), credentials);
  return { AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials') };
}

const CONFIG = `[default]
region = us-east-1

[profile audit]
region = eu-west-1
sso_session = corp
endpoint_url = http://127.0.0.1:4566
services = local-s3

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[services local-s3]
s3 =
  endpoint_url = http://127.0.0.1:9000
`;
const CREDENTIALS = `[ci]
aws_access_key_id = AKIAEXAMPLEEXAMPLE01
aws_secret_access_key = not-a-secret
`;

describe('live profiles', function () {
  it('lists the profiles of both shared files, default first, without sso-session and services sections', async () => {
    await withAwsEnv(sharedFiles(CONFIG, CREDENTIALS), async () => {
      assert.deepStrictEqual(await listProfiles(), ['default', 'audit', 'ci']);
    });
  });

  it('reads the profile region and endpoint_url, with the services section winning for its service', async () => {
    await withAwsEnv(sharedFiles(CONFIG, CREDENTIALS), async () => {
      const s = await resolveProfileSettings('audit');
      assert.strictEqual(s.region, 'eu-west-1');
      assert.strictEqual(s.explicit, true);
      assert.deepStrictEqual(s.endpoints, {
        sts: 'http://127.0.0.1:4566', cloudtrail: 'http://127.0.0.1:4566', s3: 'http://127.0.0.1:9000',
        kms: 'http://127.0.0.1:4566', config: 'http://127.0.0.1:4566', s3control: 'http://127.0.0.1:4566', ec2: 'http://127.0.0.1:4566',
        organizations: 'http://127.0.0.1:4566',
      });
    });
  });

  it('lets AWS_ENDPOINT_URL_<SERVICE> and AWS_REGION override the profile, and AWS_IGNORE_CONFIGURED_ENDPOINT_URLS drop them', async () => {
    await withAwsEnv({ ...sharedFiles(CONFIG, CREDENTIALS), AWS_ENDPOINT_URL_KMS: 'http://localhost:7000', AWS_REGION: 'ap-south-1' }, async () => {
      const s = await resolveProfileSettings('audit');
      assert.strictEqual(s.region, 'ap-south-1');
      assert.strictEqual(s.endpoints.kms, 'http://localhost:7000');
      assert.strictEqual(s.endpoints.cloudtrail, 'http://127.0.0.1:4566');
    });
    await withAwsEnv({ ...sharedFiles(CONFIG, CREDENTIALS), AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, async () => {
      assert.deepStrictEqual((await resolveProfileSettings('audit')).endpoints, {});
    });
  });

  it('takes the profile from AWS_PROFILE when none is named', async () => {
    await withAwsEnv({ ...sharedFiles(CONFIG, CREDENTIALS), AWS_PROFILE: 'audit' }, async () => {
      const s = await resolveProfileSettings(undefined);
      assert.deepStrictEqual([s.name, s.explicit, s.region], ['audit', false, 'eu-west-1']);
    });
    await withAwsEnv(sharedFiles(CONFIG, CREDENTIALS), async () => {
      assert.strictEqual((await resolveProfileSettings(undefined)).name, 'default');
    });
  });
});

describe('AWS console links', () => {
  const settings = (endpoints: ProfileSettings['endpoints']): ProfileSettings => ({ name: 'p', explicit: true, sso: false, endpoints });

  it('are offered for AWS itself (no custom endpoint, or FIPS / dual-stack / China endpoints of AWS)', () => {
    assert.strictEqual(usesAwsEndpoints(settings({})), true);
    assert.strictEqual(usesAwsEndpoints(settings({ s3: 'https://s3-fips.us-east-1.amazonaws.com', sts: 'https://sts.cn-north-1.amazonaws.com.cn', kms: 'https://kms.us-east-1.api.aws' })), true);
  });

  it('are not offered for LocalStack, a test endpoint, or a host that only contains amazonaws.com', () => {
    assert.strictEqual(usesAwsEndpoints(settings({ s3: 'http://localhost:4566' })), false);
    assert.strictEqual(usesAwsEndpoints(settings({ cloudtrail: 'http://127.0.0.1:4599' })), false);
    assert.strictEqual(usesAwsEndpoints(settings({ sts: 'https://amazonaws.com.evil.example' })), false);
    assert.strictEqual(usesAwsEndpoints(settings({ sts: 'not a url' })), false);
  });
});
