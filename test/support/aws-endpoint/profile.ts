// A temporary shared config + credentials pair with one profile whose `endpoint_url` points at the endpoint:
// how tests and the demo reach it through the SDK's ordinary configuration loading.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface EndpointProfileFiles { dir: string; configFile: string; credentialsFile: string }

/**
 * `sso: true` marks the profile as an IAM Identity Center one (`sso_session`) while keeping static keys, which
 * the SDK uses first: the scanner then words expired credentials for SSO users.
 */
export function writeEndpointProfile(endpointUrl: string, opts: { profile?: string; region?: string; dir?: string; sso?: boolean } = {}): EndpointProfileFiles {
  const profile = opts.profile ?? 'test';
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'trailguard-aws-'));
  fs.mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  const section = profile === 'default' ? '[default]' : `[profile ${profile}]`;
  const sso = opts.sso ? 'sso_session = test-sso\n' : '';
  const ssoSection = opts.sso ? '\n[sso-session test-sso]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n' : '';
  fs.writeFileSync(configFile, `${section}\nregion = ${opts.region ?? 'us-east-1'}\nendpoint_url = ${endpointUrl}\n${sso}${ssoSection}`);
  // Fake keys: the endpoint checks only that requests are signed.
  fs.writeFileSync(credentialsFile, `[${profile}]\naws_access_key_id = AKIATRAILGUARDTEST01\naws_secret_access_key = trailguard-test-secret-not-real\n`);
  return { dir, configFile, credentialsFile };
}

/** Several profiles on one endpoint, each signing with its own access key id (which picks its account). */
export function writeEndpointProfiles(
  endpointUrl: string,
  profiles: { name: string; accessKeyId: string; region?: string }[],
  opts: { dir?: string } = {},
): EndpointProfileFiles {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'trailguard-aws-'));
  fs.mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  fs.writeFileSync(configFile, profiles.map((p) =>
    `${p.name === 'default' ? '[default]' : `[profile ${p.name}]`}\nregion = ${p.region ?? 'us-east-1'}\nendpoint_url = ${endpointUrl}\n`).join('\n'));
  fs.writeFileSync(credentialsFile, profiles.map((p) =>
    `[${p.name}]\naws_access_key_id = ${p.accessKeyId}\naws_secret_access_key = trailguard-test-secret-not-real\n`).join('\n'));
  return { dir, configFile, credentialsFile };
}
