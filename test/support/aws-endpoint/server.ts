// A local AWS endpoint for tests and the demo: one node `http` server on 127.0.0.1 that answers STS, CloudTrail,
// KMS, Config, Organizations and S3 in their real wire protocols from a scenario, so the real SDK clients
// (credential loading, SigV4 signing, retries, error parsing) are exercised end to end. It records every call it
// receives.
import * as http from 'http';
import type { AddressInfo } from 'net';
import { answerConfig, answerCloudTrail, answerKms, answerOrganizations, jsonResource, TARGET_SERVICES } from './jsonServices';
import { answerS3, answerS3Control, identifyS3Operation } from './s3';
import { AccountRouter, accessKeyIdOf, isOrganizationScenario, type AssumeRoleParams, type Caller, type OrganizationScenario } from './organization';
import type { Scenario, ScenarioFault } from './scenario';
import { answerSts } from './sts';
import { answerEc2 } from './ec2';
import { errorReply, faultError, type Protocol, type Reply } from './wireErrors';

export interface RecordedCall {
  service: string;
  operation: string;
  /** Region of the SigV4 credential scope. */
  region: string;
  resource?: string;
  status: number;
  errorCode?: string;
  /** The Host header: proves the request came to this endpoint. */
  host: string;
  /** Whether the request carried a SigV4 Authorization header. */
  signed: boolean;
  /** The account that answered (organization scenarios: the signing key's account). */
  account?: string;
  /** The caller ARN of the signing credentials (organization scenarios). */
  caller?: string;
}

export interface AwsEndpoint {
  url: string;
  port: number;
  calls: RecordedCall[];
  /** The most requests this endpoint had open at once since the last reset (benchmarks: effective concurrency). */
  peakInFlight(): number;
  resetInFlight(): void;
  /** Replaces the scenario (fault counters restart, issued role sessions are forgotten). */
  setScenario(scenario: Scenario | OrganizationScenario): void;
  close(): Promise<void>;
}

export interface AwsEndpointOptions {
  /** One account, or several routed by the signing access key id. */
  scenario: Scenario | OrganizationScenario;
  /** Delay before every answer, like a real network round trip. */
  latencyMs?: number;
  port?: number;
  host?: string;
}

interface ParsedRequest {
  protocol: Protocol; service: string; operation: string; region: string; resource?: string; params: Record<string, unknown>;
  accessKeyId?: string;
  /** S3: the request URL (list prefixes) and object key (GetObject). */
  url?: URL;
  key?: string;
}

/** `Credential=AKID/20240101/us-east-1/s3/aws4_request` → region and signing name. */
function credentialScope(auth: string | undefined): { region: string; service: string } | undefined {
  const m = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth ?? '');
  return m ? { region: m[1]!, service: m[2]! } : undefined;
}

function parseRequest(req: http.IncomingMessage, body: string): ParsedRequest {
  return { ...parseOperation(req, body), accessKeyId: accessKeyIdOf(req.headers.authorization) };
}

function parseOperation(req: http.IncomingMessage, body: string): ParsedRequest {
  const scope = credentialScope(req.headers.authorization);
  const region = scope?.region ?? 'us-east-1';
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    const [prefix = '', operation = ''] = target.split('.');
    const params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    return { protocol: 'json', service: TARGET_SERVICES[prefix] ?? prefix, operation, region, resource: jsonResource(operation, params), params };
  }
  const contentType = req.headers['content-type'] ?? '';
  if (req.method === 'POST' && contentType.includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(body);
    // STS and EC2 both speak awsQuery; the SigV4 scope names the service.
    const service = scope?.service === 'ec2' ? 'ec2' : 'sts';
    return { protocol: 'query', service, operation: form.get('Action') ?? '', region, params: Object.fromEntries(form) };
  }
  const url = new URL(req.url ?? '/', 'http://endpoint');
  if (url.pathname.startsWith('/v20180820/')) {
    // S3 Control, path-style: the account is in the x-amz-account-id header.
    const operation = url.pathname.endsWith('/configuration/publicAccessBlock') && req.method === 'GET' ? 'GetPublicAccessBlock' : `${req.method} ${url.pathname}`;
    return { protocol: 's3', service: 's3control', operation, region, resource: String(req.headers['x-amz-account-id'] ?? ''), params: {} };
  }
  const { operation, bucket, key } = identifyS3Operation(req.method ?? 'GET', url);
  return { protocol: 's3', service: 's3', operation, region, resource: bucket, params: {}, url, ...(key !== undefined ? { key } : {}) };
}

function faultMatches(f: ScenarioFault, r: ParsedRequest): boolean {
  if (f.operation !== '*' && f.operation !== r.operation) return false;
  if (f.region && f.region !== r.region) return false;
  if (f.resource) {
    const res = r.resource ?? '';
    if (res !== f.resource && !res.endsWith(`/${f.resource}`) && !f.resource.endsWith(`/${res}`)) return false;
  }
  return true;
}

export function startAwsEndpoint(options: AwsEndpointOptions): Promise<AwsEndpoint> {
  let loaded = options.scenario;
  let router = isOrganizationScenario(loaded) ? new AccountRouter(loaded) : undefined;
  let faultUses = new Map<ScenarioFault, number>();
  const calls: RecordedCall[] = [];
  let inFlight = 0;
  let peak = 0;

  /** The scenario that answers this request (the signer's account) and who signed it. */
  function route(r: ParsedRequest): { scenario: Scenario; caller?: Caller } | Reply {
    if (!router) return { scenario: loaded as Scenario };
    const caller = router.callerOf(r.accessKeyId);
    if (!caller) {
      return r.protocol === 's3'
        ? errorReply('s3', 'InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.')
        : errorReply(r.protocol, r.protocol === 'json' ? 'UnrecognizedClientException' : 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
    }
    return { scenario: router.viewFor(caller), caller };
  }

  function answer(r: ParsedRequest, scenario: Scenario, caller: Caller | undefined): Reply {
    for (const f of scenario.faults ?? []) {
      if (!faultMatches(f, r)) continue;
      const used = faultUses.get(f) ?? 0;
      if (f.times !== undefined && used >= f.times) continue;
      faultUses.set(f, used + 1);
      const mode = responseMode(f, r.protocol, used);
      if (mode) return mode;
      const e = faultError(r.protocol, f.error, r.service, r.operation, scenario.callerArn ?? `arn:aws:iam::${scenario.account}:user/auditor`, r.resource);
      return errorReply(r.protocol, e.code, e.status, e.message);
    }
    if (router && caller && r.service === 'sts' && r.operation === 'AssumeRole') return router.assumeRole(caller, r.params as AssumeRoleParams);
    if (router && caller && r.service === 'organizations' && r.operation === 'ListAccounts') return router.listAccounts(caller, r.params);
    if (router && caller && r.service === 'config' && r.operation === 'SelectAggregateResourceConfig') return router.selectAggregate(caller, r.region, r.params);
    switch (r.service) {
      case 'sts': return answerSts(r.operation, scenario);
      case 'ec2': return answerEc2(r.operation, scenario);
      case 'cloudtrail': return answerCloudTrail(r.operation, r.params, scenario, r.region);
      case 'kms': return answerKms(r.operation, r.params, scenario, r.region);
      case 'config': return answerConfig(r.operation, r.params, scenario, r.region);
      case 'organizations': return answerOrganizations(r.operation, scenario, r.params);
      case 's3': return answerS3(r.operation, r.resource, scenario, scenario.account, r.url, r.key);
      case 's3control': return answerS3Control(r.operation, r.resource, scenario);
      default: return errorReply(r.protocol, 'UnknownService', 400, `service ${r.service} is not implemented`);
    }
  }

  const server = http.createServer((req, res) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    res.once('close', () => { inFlight -= 1; });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let reply: Reply;
      let parsed: ParsedRequest | undefined;
      let routed: ReturnType<typeof route> | undefined;
      try {
        parsed = parseRequest(req, Buffer.concat(chunks).toString('utf8'));
        routed = route(parsed);
        reply = 'status' in routed ? routed : answer(parsed, routed.scenario, routed.caller);
      } catch (err) {
        reply = errorReply('json', 'InternalFailure', 500, `test endpoint error: ${(err as Error).message}`);
      }
      calls.push({
        service: parsed?.service ?? 'unknown',
        operation: parsed?.operation ?? 'unknown',
        region: parsed?.region ?? 'unknown',
        resource: parsed?.resource,
        status: reply.status,
        errorCode: reply.status >= 300 ? errorCodeOf(reply) : undefined,
        host: req.headers.host ?? '',
        signed: /^AWS4-HMAC-SHA256 /.test(req.headers.authorization ?? ''),
        ...(routed && !('status' in routed) && routed.caller ? { account: routed.caller.account, caller: routed.caller.arn } : {}),
      });
      const send = (): void => {
        if (reply.status === RESET) {
          req.socket.destroy();
          return;
        }
        const body = reply.bytes ?? reply.body.split(ECHO_TOKEN).join(String(req.headers['x-amz-security-token'] ?? ''));
        res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(body) });
        res.end(body);
      };
      if (options.latencyMs) setTimeout(send, options.latencyMs);
      else send();
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        calls,
        peakInFlight: () => peak,
        resetInFlight: () => { peak = inFlight; },
        setScenario(s) {
          loaded = s;
          router = isOrganizationScenario(s) ? new AccountRouter(s) : undefined;
          faultUses = new Map();
        },
        close: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}

function errorCodeOf(reply: Reply): string | undefined {
  const xml = /<Code>([^<]+)<\/Code>/.exec(reply.body);
  if (xml) return xml[1];
  try { return (JSON.parse(reply.body) as { __type?: string }).__type; } catch { return undefined; }
}

/** A reply status that means "close the connection without answering". */
const RESET = -1;
/** Replaced by the request's session token when the reply is sent. */
const ECHO_TOKEN = '%%SESSION_TOKEN%%';

/** Broken and hostile answers (ScenarioFault.bytes documents them), in the protocol's content type. */
function responseMode(f: ScenarioFault, protocol: Protocol, used: number): Reply | undefined {
  const type = protocol === 'json' ? 'application/x-amz-json-1.1' : 'application/xml';
  switch (f.error) {
    // A KMS listing that never ends: one alias a page, always Truncated, a new (or the same) NextMarker each time.
    case 'EndlessPages200':
    case 'SameMarker200': {
      const marker = f.error === 'SameMarker200' ? 'again' : `endless-${used + 1}`;
      const alias = { AliasName: `alias/endless-${used}`, AliasArn: `arn:aws:kms:us-east-1:111122223333:alias/endless-${used}`, TargetKeyId: `endless-${used}` };
      return { status: 200, headers: { 'content-type': type }, body: JSON.stringify({ Aliases: [alias], NextMarker: marker, Truncated: true }) };
    }
    case 'Reset': return { status: RESET, headers: {}, body: '' };
    case 'Empty200': return { status: 200, headers: { 'content-type': type }, body: '' };
    case 'Malformed200': return { status: 200, headers: { 'content-type': type }, body: protocol === 'json' ? '{"trailList": [' : '<GetPublicAccessBlockOutput><Block' };
    case 'Huge200': return { status: 200, headers: { 'content-type': type }, body: ' '.repeat(f.bytes ?? 21 * 1024 * 1024) };
    case 'EchoCredentials':
      return errorReply(protocol, protocol === 'json' ? 'ValidationException' : 'InvalidRequest', 400,
        `bad request signed with secret trailguard-test-secret-not-real and token ${ECHO_TOKEN}`);
    default: return undefined;
  }
}
