// CloudTrail, KMS, Config and Organizations speak JSON 1.1: `POST /` with `X-Amz-Target: <Service>.<Operation>`.
import type { Scenario, ScenarioTrail } from './scenario';
import { errorReply, requestId, type Reply } from './wireErrors';

/** Target prefix → the service name used in IAM actions and the recorded calls. */
export const TARGET_SERVICES: Record<string, string> = {
  CloudTrail_20131101: 'cloudtrail',
  TrentService: 'kms',
  StarlingDoveService: 'config',
  AWSOrganizationsV20161128: 'organizations',
};

function ok(body: unknown): Reply {
  return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId() }, body: JSON.stringify(body) };
}

/** `2024-05-01T00:00:00Z` or `now-2h` / `now-3d` → epoch seconds, the JSON protocol's timestamp format. */
export function epochSeconds(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const relative = /^now(?:-(\d+)([mhd]))?$/.exec(value);
  if (relative) {
    const unit = { m: 60, h: 3600, d: 86400 }[(relative[2] ?? 'm') as 'm' | 'h' | 'd'];
    return Math.floor(Date.now() / 1000) - Number(relative[1] ?? 0) * unit;
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : t / 1000;
}

function withEpochTimes(obj: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj ?? {})) out[k] = /(Time|Date)$/.test(k) ? epochSeconds(v) : v;
  return out;
}

/** The resource a call is about (for faults and the call log). */
export function jsonResource(operation: string, body: Record<string, unknown>): string | undefined {
  if (typeof body.KeyId === 'string') return body.KeyId;
  if (typeof body.Name === 'string') return body.Name;
  if (typeof body.TrailName === 'string') return body.TrailName;
  if (typeof body.EventDataStore === 'string') return body.EventDataStore;
  if (typeof body.ConfigurationAggregatorName === 'string') return body.ConfigurationAggregatorName;
  return undefined;
}

/** Trails DescribeTrails returns in `region`: home trails, and with shadow trails those homed elsewhere. */
export function trailsVisibleIn(scenario: Scenario, region: string, includeShadow: boolean): ScenarioTrail[] {
  const home = scenario.regions[region]?.trails ?? [];
  if (!includeShadow) return home;
  const shadows = Object.entries(scenario.regions)
    .filter(([r]) => r !== region)
    .flatMap(([, reg]) => reg.trails ?? [])
    .filter((t) => t.trail.IsMultiRegionTrail === true);
  return [...home, ...shadows, ...(scenario.organizationTrails ?? [])];
}

function findTrail(scenario: Scenario, region: string, nameOrArn: string): ScenarioTrail | undefined {
  if (nameOrArn.startsWith('arn:')) {
    const all = [...Object.values(scenario.regions).flatMap((r) => r.trails ?? []), ...(scenario.organizationTrails ?? [])];
    return all.find((t) => t.trail.TrailARN === nameOrArn);
  }
  return (scenario.regions[region]?.trails ?? []).find((t) => t.trail.Name === nameOrArn);
}

function trailNotFound(name: string, scenario: Scenario): Reply {
  return errorReply('json', 'TrailNotFoundException', 400, `Unknown trail: ${name} for the user: ${scenario.account}`);
}

export function answerCloudTrail(operation: string, body: Record<string, unknown>, scenario: Scenario, region: string): Reply {
  switch (operation) {
    case 'DescribeTrails': {
      const names = Array.isArray(body.trailNameList) ? (body.trailNameList as string[]) : undefined;
      let trails = trailsVisibleIn(scenario, region, body.includeShadowTrails !== false);
      if (names && names.length) trails = trails.filter((t) => names.includes(String(t.trail.Name)) || names.includes(String(t.trail.TrailARN)));
      return ok({ trailList: trails.map((t) => t.trail) });
    }
    case 'GetTrailStatus': {
      const name = String(body.Name ?? '');
      const t = findTrail(scenario, region, name);
      if (!t) return trailNotFound(name, scenario);
      return ok(withEpochTimes(t.status ?? { IsLogging: true }));
    }
    case 'GetEventSelectors': {
      const name = String(body.TrailName ?? '');
      const t = findTrail(scenario, region, name);
      if (!t) return trailNotFound(name, scenario);
      const selectors = t.selectors ?? { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] };
      return ok({ TrailARN: t.trail.TrailARN, ...selectors });
    }
    case 'GetInsightSelectors': {
      const name = String(body.TrailName ?? '');
      const t = findTrail(scenario, region, name);
      if (!t) return trailNotFound(name, scenario);
      if (t.trail.HasInsightSelectors !== true || !t.insights?.length) {
        return errorReply('json', 'InsightNotEnabledException', 400, `Trail ${name} does not have Insights enabled. Edit the trail settings to enable Insights, and then try the operation again.`);
      }
      return ok({ TrailARN: t.trail.TrailARN, InsightSelectors: t.insights });
    }
    case 'ListPublicKeys': {
      const start = typeof body.StartTime === 'number' ? body.StartTime * 1000 : -Infinity;
      const end = typeof body.EndTime === 'number' ? body.EndTime * 1000 : Infinity;
      const keys = (scenario.publicKeys ?? []).filter((k) => Date.parse(k.ValidityEndTime) >= start && Date.parse(k.ValidityStartTime) <= end);
      return ok({ PublicKeyList: keys.map((k) => withEpochTimes({ ...k })) });
    }
    case 'ListEventDataStores': {
      // The list carries no KmsKeyId (GetEventDataStore does); one store per page, to exercise NextToken.
      const stores = scenario.regions[region]?.eventDataStores ?? [];
      const start = Number(body.NextToken ?? 0);
      const page = stores.slice(start, start + 1).map((s) => ({
        EventDataStoreArn: s.EventDataStoreArn, Name: s.Name, MultiRegionEnabled: s.MultiRegionEnabled ?? true,
        OrganizationEnabled: s.OrganizationEnabled ?? false, RetentionPeriod: s.RetentionPeriod ?? 2557,
      }));
      return ok({ EventDataStores: page, ...(start + 1 < stores.length ? { NextToken: String(start + 1) } : {}) });
    }
    case 'GetEventDataStore': {
      const id = String(body.EventDataStore ?? '');
      const store = (scenario.regions[region]?.eventDataStores ?? []).find((s) => s.EventDataStoreArn === id || s.Name === id);
      if (!store) return errorReply('json', 'EventDataStoreNotFoundException', 400, `The specified event data store ${id} was not found.`);
      return ok(withEpochTimes({ Status: 'ENABLED', MultiRegionEnabled: true, OrganizationEnabled: false, RetentionPeriod: 2557, ...store }));
    }
    default:
      return errorReply('json', 'UnknownOperationException', 400, `${operation} is not implemented by the TrailGuard test endpoint`);
  }
}

/** Organizations: DescribeOrganization, or the error AWS gives an account outside any organization. */
export function answerOrganizations(operation: string, scenario: Scenario, params: Record<string, unknown> = {}): Reply {
  if (['ListPolicies', 'DescribePolicy', 'ListTargetsForPolicy'].includes(operation)) return answerPolicies(operation, scenario, params);
  if (operation !== 'DescribeOrganization') {
    if (operation === 'ListAccounts') return errorReply('json', 'AccessDeniedException', 400, 'You don\'t have permissions to access this resource.');
    return errorReply('json', 'UnsupportedAPIEndpointException', 400, `${operation} is not implemented by the TrailGuard test endpoint`);
  }
  if (!scenario.organization) {
    return errorReply('json', 'AWSOrganizationsNotInUseException', 400, 'Your account is not a member of an organization.');
  }
  return ok({ Organization: { FeatureSet: 'ALL', ...scenario.organization } });
}

/** Service control policies, as the management account sees them (a member account is denied, as AWS does). */
function answerPolicies(operation: string, scenario: Scenario, params: Record<string, unknown>): Reply {
  if (!scenario.organization) return errorReply('json', 'AWSOrganizationsNotInUseException', 400, 'Your account is not a member of an organization.');
  if (scenario.organization.MasterAccountId !== scenario.account) {
    return errorReply('json', 'AccessDeniedException', 400, 'You don\'t have permissions to access this resource.');
  }
  const policies = scenario.serviceControlPolicies ?? [];
  const summary = (p: (typeof policies)[number]) => ({ Id: p.Id, Name: p.Name, Type: 'SERVICE_CONTROL_POLICY', AwsManaged: false, Arn: `arn:aws:organizations::${scenario.account}:policy/o-example/service_control_policy/${p.Id}` });
  if (operation === 'ListPolicies') {
    if (params.Filter !== 'SERVICE_CONTROL_POLICY') return ok({ Policies: [] });
    return ok({ Policies: policies.map(summary) });
  }
  const policy = policies.find((p) => p.Id === params.PolicyId);
  if (!policy) return errorReply('json', 'PolicyNotFoundException', 400, `We can't find a policy with the PolicyId that you specified.`);
  if (operation === 'DescribePolicy') {
    return ok({ Policy: { PolicySummary: summary(policy), Content: typeof policy.Content === 'string' ? policy.Content : JSON.stringify(policy.Content) } });
  }
  return ok({ Targets: (policy.Targets ?? []).map((id) => ({ TargetId: id, Arn: `arn:aws:organizations::${scenario.account}:target/${id}`, Name: id, Type: id.startsWith('r-') ? 'ROOT' : id.startsWith('ou-') ? 'ORGANIZATIONAL_UNIT' : 'ACCOUNT' })) });
}

/** Aliases per ListAliases page when the request sets no Limit (as KMS). */
const DEFAULT_ALIAS_LIMIT = 50;

export function answerKms(operation: string, body: Record<string, unknown>, scenario: Scenario, region = 'us-east-1'): Reply {
  if (operation === 'ListAliases' && body.KeyId === undefined) return listAccountAliases(body, scenario, region);
  const keyId = String(body.KeyId ?? '');
  const entry = Object.entries(scenario.keys).find(([arn, k]) => arn === keyId || k.metadata.KeyId === keyId);
  const keyAccount = /^arn:aws[\w-]*:kms:[^:]+:(\d{12}):/.exec(keyId)?.[1];
  if (!entry) {
    if (keyAccount && keyAccount !== scenario.account) {
      return errorReply('json', 'AccessDeniedException', 400, `User: ${scenario.callerArn ?? scenario.account} is not authorized to perform: kms:${operation} on resource: ${keyId} because no resource-based policy allows the kms:${operation} action`);
    }
    return errorReply('json', 'NotFoundException', 400, `Key '${keyId}' does not exist`);
  }
  const [, key] = entry;
  // An organization scenario's keys carry their account: another account's key is read only where its policy lets.
  const owner = (key as { account?: string }).account;
  if (owner && owner !== scenario.account) {
    if (!keyId.startsWith('arn:')) return errorReply('json', 'NotFoundException', 400, `Key '${keyId}' does not exist`);
    if (!key.readableBy?.includes(scenario.account)) {
      return errorReply('json', 'AccessDeniedException', 400, `User: ${scenario.callerArn ?? scenario.account} is not authorized to perform: kms:${operation} on resource: ${keyId} because no resource-based policy allows the kms:${operation} action`);
    }
  }
  switch (operation) {
    case 'DescribeKey':
      return ok({ KeyMetadata: withEpochTimes({ CreationDate: '2024-01-15T10:00:00Z', KeyUsage: 'ENCRYPT_DECRYPT', KeySpec: 'SYMMETRIC_DEFAULT', KeyManager: 'CUSTOMER', Enabled: true, KeyState: 'Enabled', Origin: 'AWS_KMS', ...key.metadata }) });
    case 'GetKeyPolicy':
      return ok({ Policy: JSON.stringify(key.policy ?? defaultKeyPolicy(owner ?? scenario.account)), PolicyName: 'default' });
    case 'ListAliases': {
      const arn = String(key.metadata.Arn ?? entry[0]);
      const prefix = arn.replace(/:key\/.*$/, ':');
      return ok({ Aliases: (key.aliases ?? []).map((name) => ({ AliasName: name, AliasArn: `${prefix}${name}`, TargetKeyId: key.metadata.KeyId })), Truncated: false });
    }
    case 'GetKeyRotationStatus':
      return ok({ KeyRotationEnabled: key.rotation ?? false, KeyId: key.metadata.Arn ?? entry[0] });
    default:
      return errorReply('json', 'UnsupportedOperationException', 400, `${operation} is not implemented by the TrailGuard test endpoint`);
  }
}

/**
 * ListAliases without KeyId: every alias of the caller's account in `region` (the keys whose ARN is in that region),
 * in pages of `Limit` (1-100, default 50) with an opaque `Marker` and `NextMarker` / `Truncated` as KMS answers.
 */
function listAccountAliases(body: Record<string, unknown>, scenario: Scenario, region: string): Reply {
  const all: { AliasName: string; AliasArn: string; TargetKeyId: string }[] = [];
  for (const [arnKey, key] of Object.entries(scenario.keys)) {
    const owner = (key as { account?: string }).account ?? scenario.account;
    const arn = String(key.metadata.Arn ?? arnKey);
    const keyRegion = /^arn:aws[\w-]*:kms:([^:]+):/.exec(arn)?.[1];
    if (owner !== scenario.account || keyRegion !== region) continue;
    const prefix = arn.replace(/:key\/.*$/, ':');
    for (const name of key.aliases ?? []) all.push({ AliasName: name, AliasArn: `${prefix}${name}`, TargetKeyId: String(key.metadata.KeyId) });
  }
  all.sort((a, b) => (a.AliasName < b.AliasName ? -1 : a.AliasName > b.AliasName ? 1 : 0));
  const limit = body.Limit === undefined ? DEFAULT_ALIAS_LIMIT : Number(body.Limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return errorReply('json', 'ValidationException', 400, `1 validation error detected: Value '${String(body.Limit)}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100`);
  let start = 0;
  if (body.Marker !== undefined) {
    const m = /^tg-alias-marker-(\d+)$/.exec(String(body.Marker));
    if (!m || Number(m[1]) > all.length) return errorReply('json', 'InvalidMarkerException', 400, 'The request was rejected because the marker that specifies where pagination should next begin is not valid.');
    start = Number(m[1]);
  }
  const end = start + limit;
  return ok({ Aliases: all.slice(start, end), ...(end < all.length ? { NextMarker: `tg-alias-marker-${end}`, Truncated: true } : { Truncated: false }) });
}

/** The policy KMS gives a key created without one: the account root only. */
export function defaultKeyPolicy(account: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }],
  };
}

export function answerConfig(operation: string, _body: Record<string, unknown>, scenario: Scenario, region: string): Reply {
  const recorders = scenario.regions[region]?.recorders ?? [];
  switch (operation) {
    case 'DescribeConfigurationRecorders':
      return ok({ ConfigurationRecorders: recorders.map((r) => r.recorder) });
    case 'DescribeConfigurationRecorderStatus':
      return ok({
        ConfigurationRecordersStatus: recorders.map((r) => withEpochTimes({ name: r.recorder.name, recording: true, lastStatus: 'Success', ...(r.status ?? {}) })),
      });
    default:
      return errorReply('json', 'UnknownOperationException', 400, `${operation} is not implemented by the TrailGuard test endpoint`);
  }
}
