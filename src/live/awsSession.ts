// One scan's connection to AWS: the credentials, one SDK client per (service, region) with adaptive retries and
// a per-call timeout, a concurrency limit per service, and cancellation. Every call goes through `call`, which
// turns SDK errors into `CallFailure`s instead of throwing.
import * as http from 'http';
import * as https from 'https';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import pLimit from 'p-limit';
import { AdaptiveLimit } from './adaptiveLimit';
import { classifyFailure, type CallFailure } from './awsErrors';
import { inCallersScan, scanCallLog } from './callLog';
import { addResponseGuards, SecretSet } from './responseGuard';
import type { ProfileSettings, ServiceName } from './profiles';
import type { ApiCallRecord } from './types';

/** Recorded API calls per scan: enough for thousands of buckets, bounded against a hostile account. */
const MAX_RECORDED_CALLS = 20_000;

export type CallResult<T> = { ok: true; value: T } | { ok: false; failure: CallFailure };

export interface SessionOptions {
  /** Calls in flight per service at the start (default 8); grows while calls succeed, halves on throttling. */
  concurrency?: number;
  /** Upper bound of the adaptive per-service concurrency (default 4 × `concurrency`). */
  maxConcurrency?: number;
  /** Attempts per call including the first (SDK adaptive retry mode; default 4). */
  maxAttempts?: number;
  /** Per-call request timeout in ms (default 15 s). */
  callTimeoutMs?: number;
  /** Cap on one response body in bytes (default 20 MB): a larger answer is unknown, "response too large". */
  maxResponseBytes?: number;
  signal?: AbortSignal;
  /** A limit shared by the sessions of several accounts: calls in flight across a whole organization scan. */
  sharedLimit?: ReturnType<typeof pLimit>;
  /**
   * Keep-alive connection pools shared by every client of every session of one scan: the accounts of an organization
   * talk to the same service hosts, so they reuse connections (and TLS sessions) instead of opening their own.
   */
  agents?: { http: http.Agent; https: https.Agent };
}

/**
 * Services with an SDK client. S3 Control and Organizations are one signed request each, see
 * readAccountPublicAccessBlock and describeOrganization.
 */
type ClientService = Exclude<ServiceName, 's3control' | 'organizations' | 'ec2'>;
type ClientFor = { sts: STSClient; cloudtrail: CloudTrailClient; s3: S3Client; kms: KMSClient; config: ConfigServiceClient };

export class AwsSession {
  readonly credentials: AwsCredentialIdentityProvider;
  /** The secret access key and session token signed with: never in a reason, log line, evidence or report. */
  readonly secrets = new SecretSet();
  private readonly clients = new Map<string, ClientFor[ClientService]>();
  private readonly limits = new Map<ServiceName, AdaptiveLimit>();
  /** Every SDK call's answer as returned (the evidence report keeps them verbatim, redacted, hashed). */
  readonly apiCalls: ApiCallRecord[] = [];

  /** `credentials`: an assumed role's temporary credentials instead of the profile's own (cross-account reads). */
  constructor(readonly profile: ProfileSettings, readonly options: SessionOptions = {}, credentials?: AwsCredentialIdentityProvider) {
    // The SDK warns on every run under Node 20 about its 2027 support window; VS Code's extension host is Node 20
    // and users cannot act on it, so it would only bury the scan output. An explicit setting still wins.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    // A named profile goes through fromIni (static keys, role_arn + source_profile, SSO, credential_process);
    // otherwise the default chain, which also honours AWS_PROFILE and environment keys.
    const provider = credentials ?? (profile.explicit ? fromIni({ profile: profile.name, ignoreCache: true }) : fromNodeProviderChain({ ignoreCache: true }));
    this.credentials = async (props) => {
      const c = await provider(props);
      this.secrets.add(c.secretAccessKey);
      this.secrets.add(c.sessionToken);
      return c;
    };
  }

  client<S extends ClientService>(service: S, region: string): ClientFor[S] {
    const key = `${service}:${region}`;
    let client = this.clients.get(key);
    if (!client) {
      client = this.createClient(service, region);
      this.clients.set(key, client);
    }
    return client as ClientFor[S];
  }

  private createClient(service: ClientService, region: string): ClientFor[ClientService] {
    const client = this.newClient(service, region);
    addResponseGuards(client.middlewareStack, service, this.secrets, this.options.maxResponseBytes);
    return client;
  }

  private newClient(service: ClientService, region: string): ClientFor[ClientService] {
    const endpoint = this.profile.endpoints[service];
    const config = {
      region,
      credentials: this.credentials,
      retryMode: 'adaptive',
      maxAttempts: this.options.maxAttempts ?? 4,
      requestHandler: {
        requestTimeout: this.options.callTimeoutMs ?? 15_000, connectionTimeout: 5_000, throwOnRequestTimeout: true,
        ...(this.options.agents ? { httpAgent: this.options.agents.http, httpsAgent: this.options.agents.https } : {}),
      },
      ...(endpoint ? { endpoint } : {}),
    };
    const client = ((): ClientFor[ClientService] => {
      switch (service) {
        case 'sts': return new STSClient(config);
        case 'cloudtrail': return new CloudTrailClient(config);
        // A custom endpoint is usually an IP or localhost: virtual-hosted bucket names would not resolve.
        case 's3': return new S3Client({ ...config, forcePathStyle: Boolean(endpoint), followRegionRedirects: true });
        case 'kms': return new KMSClient(config);
        case 'config': return new ConfigServiceClient(config);
      }
    })();
    // Outermost middleware: one record per logical call (after retries), answer or error, with the request id.
    (client.middlewareStack as { add(mw: unknown, opts: { step: string; name: string }): void }).add(
      (next: (args: { input: object }) => Promise<{ output: object }>, context: { commandName?: string }) => async (args: { input: object }) => {
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        try {
          const result = await next(args);
          this.recordCall({ service, region, operation, input: args.input, output: SUMMARIZED[operation]?.(result.output) ?? result.output });
          return result;
        } catch (err) {
          this.recordCall({ service, region, operation, input: args.input, error: err as Error & { $metadata?: { requestId?: string } } });
          throw err;
        }
      },
      { step: 'initialize', name: 'trailguardEvidence' },
    );
    return client;
  }

  /** Keeps one API answer for the evidence report (also used by the hand-signed calls). */
  recordCall(call: { service: string; region: string; operation: string; input: object; output?: object; error?: Error & { $metadata?: { requestId?: string } } }): void {
    if (this.apiCalls.length >= MAX_RECORDED_CALLS) return;
    const meta = (call.output as { $metadata?: { requestId?: string } } | undefined)?.$metadata ?? call.error?.$metadata;
    const record: ApiCallRecord = {
      service: call.service,
      region: call.region,
      operation: call.operation,
      ...(meta?.requestId ? { requestId: meta.requestId } : {}),
      time: new Date().toISOString(),
      request: jsonSafe(call.input),
      ...(call.output ? { response: jsonSafe(responseBody(call.output)) } : {}),
      ...(call.error ? { error: { code: call.error.name, message: call.error.message } } : {}),
    };
    this.apiCalls.push(record);
    // Read on behalf of another account's scan (its trail's bucket or key, its role assumption): evidence there too.
    const log = scanCallLog.getStore();
    if (log && log.session !== this && log.foreign.length < MAX_RECORDED_CALLS) log.foreign.push(record);
  }

  /** Runs one API call under the service's concurrency limit; never throws. */
  async call<T>(service: ServiceName, operation: string, send: (abortSignal: AbortSignal | undefined) => Promise<T>): Promise<CallResult<T>> {
    let limit = this.limits.get(service);
    if (!limit) {
      // Start at `concurrency`, grow while calls succeed, halve when AWS throttles (see AdaptiveLimit).
      limit = new AdaptiveLimit({ initial: this.options.concurrency ?? 8, max: this.options.maxConcurrency });
      this.limits.set(service, limit);
    }
    const shared = this.options.sharedLimit;
    return limit.run(
      () => (shared ? shared(inCallersScan(() => this.attempt(service, operation, send))) : this.attempt(service, operation, send)),
      (r) => !r.ok && r.failure.kind === 'throttled',
    );
  }

  private async attempt<T>(service: ServiceName, operation: string, send: (abortSignal: AbortSignal | undefined) => Promise<T>): Promise<CallResult<T>> {
    const signal = this.options.signal;
    if (signal?.aborted) return { ok: false, failure: { kind: 'aborted', code: 'AbortError', reason: 'scan cancelled' } };
    const started = Date.now();
    try {
      return { ok: true, value: await send(signal) };
    } catch (err) {
      // The time reported is the real time spent, retries included.
      const failure = classifyFailure(err, service, operation, { profile: this.profile.name, sso: this.profile.sso }, this.options.callTimeoutMs ?? 15_000, Date.now() - started);
      return { ok: false, failure: { ...failure, reason: this.secrets.redact(failure.reason) } };
    }
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}

/**
 * Answers kept as a summary: an aggregator page holds up to 100 configuration items, and each item is already the
 * evidence of every check that rests on it (a hundred pages of copies would only double a large scan's memory).
 */
const SUMMARIZED: Record<string, (output: object) => object> = {
  SelectAggregateResourceConfig: (output) => {
    const o = output as { Results?: unknown[]; NextToken?: string; QueryInfo?: unknown; $metadata?: unknown };
    return { $metadata: o.$metadata, QueryInfo: o.QueryInfo, ResultCount: o.Results?.length ?? 0, ...(o.NextToken ? { NextToken: o.NextToken } : {}) };
  },
};

/** A plain JSON copy (dates as ISO strings, streams and binary dropped) of an SDK input or output. */
function jsonSafe(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && typeof (v as { pipe?: unknown }).pipe === 'function' ? '[stream]' : v instanceof Uint8Array ? '[binary]' : v)));
  } catch {
    return '[not serialisable]';
  }
}

/** The response without the SDK's `$metadata` (request ids, attempts): what goes into evidence. */
export function responseBody<T extends object>(output: T): Omit<T, '$metadata'> {
  const { $metadata: _ignored, ...rest } = output as T & { $metadata?: unknown };
  return rest as Omit<T, '$metadata'>;
}
