// Profiles and their settings, read through the SDK's own shared-config loader (no INI parsing of ours).
// The SDK applies a profile's `endpoint_url` only when the profile comes from AWS_PROFILE, not when a client is
// built for a named profile, so the endpoint is resolved here and passed to every client explicitly.
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

/** Services the scanner calls, with the names the endpoint settings use for them. */
export const SERVICES = {
  sts: { env: 'STS', config: 'sts' },
  cloudtrail: { env: 'CLOUDTRAIL', config: 'cloudtrail' },
  s3: { env: 'S3', config: 's3' },
  kms: { env: 'KMS', config: 'kms' },
  config: { env: 'CONFIG_SERVICE', config: 'config_service' },
  s3control: { env: 'S3_CONTROL', config: 's3_control' },
  organizations: { env: 'ORGANIZATIONS', config: 'organizations' },
  ec2: { env: 'EC2', config: 'ec2' },
} as const;
export type ServiceName = keyof typeof SERVICES;

export interface ProfileSettings {
  /** The profile name (`default` when neither an argument nor AWS_PROFILE names one). */
  name: string;
  /** Whether the profile was named explicitly (argument) rather than taken from the environment. */
  explicit: boolean;
  /** The profile signs in through IAM Identity Center (`sso_session` / `sso_start_url`). */
  sso: boolean;
  /** AWS_REGION / AWS_DEFAULT_REGION, else the profile's `region`. */
  region?: string;
  /** Custom endpoint per service (LocalStack, the test endpoint), from env and the profile's settings. */
  endpoints: Partial<Record<ServiceName, string>>;
}

/** Every profile in the shared config and credentials files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE). */
export async function listProfiles(): Promise<string[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  // Sections such as `services x` and `sso-session y` are stored with a `.` in their key; profiles never are.
  const names = new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)].filter((n) => !n.includes('.')));
  return [...names].sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
}

export async function resolveProfileSettings(profile: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<ProfileSettings> {
  const name = profile ?? env.AWS_PROFILE ?? 'default';
  const { configFile } = await loadSharedConfigFiles({ ignoreCache: true });
  const section = configFile[name] ?? {};
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? section.region;
  const sso = Boolean(section.sso_session || section.sso_start_url);
  return { name, explicit: profile !== undefined, sso, region, endpoints: resolveEndpoints(section, configFile, env) };
}

/**
 * The precedence of the AWS SDKs' "service-specific endpoints" setting: AWS_ENDPOINT_URL_<SERVICE>, the
 * profile's `services` section, AWS_ENDPOINT_URL, the profile's `endpoint_url`; all off with
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS / `ignore_configured_endpoint_urls`.
 */
function resolveEndpoints(
  section: Record<string, string | undefined>,
  configFile: Record<string, Record<string, string | undefined>>,
  env: NodeJS.ProcessEnv,
): Partial<Record<ServiceName, string>> {
  const ignore = (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? section.ignore_configured_endpoint_urls ?? '').toLowerCase() === 'true';
  if (ignore) return {};
  const services = section.services ? configFile[`services.${section.services}`] ?? {} : {};
  const out: Partial<Record<ServiceName, string>> = {};
  for (const [service, names] of Object.entries(SERVICES) as [ServiceName, (typeof SERVICES)[ServiceName]][]) {
    const url = env[`AWS_ENDPOINT_URL_${names.env}`] ?? services[`${names.config}.endpoint_url`] ?? env.AWS_ENDPOINT_URL ?? section.endpoint_url;
    if (url) out[service] = url;
  }
  return out;
}

/**
 * Whether every service is reached at AWS itself: no custom endpoint, or only `*.amazonaws.com(.cn)` / `*.api.aws`
 * ones (FIPS, dual-stack). Links into the AWS console only make sense then, not for LocalStack or a test endpoint.
 */
export function usesAwsEndpoints(settings: ProfileSettings): boolean {
  return Object.values(settings.endpoints).every((url) => {
    try {
      const host = new URL(url!).hostname.toLowerCase();
      return /\.amazonaws\.com(\.cn)?$/.test(host) || host.endsWith('.api.aws');
    } catch {
      return false;
    }
  });
}
