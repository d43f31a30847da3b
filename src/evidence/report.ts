// Builds the evidence report from one or more account scans: the run record, every check with its status and
// the verbatim API answers it rests on (stored once, by SHA-256), the per-control roll-up, a verdict per trail
// chain, the exceptions register and, given the previous report, what changed. Pure: no clock, no AWS SDK; the
// caller passes the generation time, the tool version and the settings.
import type { RetentionEntry } from './retentionInPractice';
import type { FindingStatus } from '../core/model';
import { allRules, ruleById } from '../core/rules';
import { CONTROL_TITLES, OUT_OF_SCOPE_CONTROLS, controlKey, type ControlRef } from '../core/rules/controls';
import { STATUS_RANK } from '../core/status';
import { globMatches } from '../core/policy/glob';
import type { AccountScan, ApiCallRecord, CheckResult } from '../live/types';
import { canonicalJson, sha256Hex } from './canonical';
import { redactSecrets } from './redact';
import type {
  Change, ChainVerdict, CheckEntry, ControlRow, DriftSection, EvidenceCall, EvidenceItem, EvidenceReport, EvidenceSettings, ExceptionEntry, ExceptionRule, RunRecord,
} from './types';

export interface EvidenceContext {
  generatedAt: Date;
  tool: { version: string; commit?: string | null };
  settings: EvidenceSettings;
  exceptions?: ExceptionRule[];
  previous?: EvidenceReport;
  /** SHA-256 of the previous report's JSON file, when it was read from one. */
  previousSha256?: string;
  /** Code ↔ account drift, when the caller linked a workspace to the scan (its "Drift" section). */
  drift?: DriftSection;
  /** What the log buckets really hold (src/live/retentionForScans.ts); absent = not read for this report. */
  retentionInPractice?: RetentionEntry[];
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/** `trailguard-evidence-111122223333-20261121T235007Z` (the profile name when the account is unknown). */
export function reportBaseName(account: string | undefined, profile: string, generatedAt: Date): string {
  const who = (account ?? profile).replace(/[^A-Za-z0-9._-]+/g, '_');
  return `trailguard-evidence-${who}-${generatedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
}

/** Rule documentation at the released version (a tag), never a moving branch. */
export function pinnedDocUrl(ruleId: string, version: string): string {
  return `https://github.com/trailguard/trailguard/blob/v${version}/docs/rules/${ruleId}.md`;
}

/** SHA-256 of the rule catalog: every rule's id, title, severity, fixability, opt-in, surfaces, peers and controls. */
export function ruleCatalogSha256(): string {
  return sha256Hex(canonicalJson(allRules.map(({ meta }) => {
    const { doc: _doc, ...rest } = meta;
    return rest;
  })));
}

export function endpointDescription(url: string | undefined): RunRecord['endpoint'] {
  if (!url) return { url: null, isAws: true, description: 'AWS (default service endpoints)' };
  const hosts = url.split(',').map((u) => u.trim()).filter(Boolean).map((u) => {
    try { return new URL(u).host; } catch { return u; }
  });
  const aws = hosts.every((h) => /(^|\.)amazonaws\.com(\.cn)?(:\d+)?$|(^|\.)api\.aws(:\d+)?$/.test(h));
  if (aws) return { url, isAws: true, description: `AWS (${hosts.join(', ')})` };
  const local = hosts.every((h) => /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(h));
  return { url, isAws: false, description: `NOT AWS — ${local ? 'local endpoint' : 'endpoint'} ${hosts.join(', ')}` };
}

export function buildEvidenceReport(scans: AccountScan[], ctx: EvidenceContext): EvidenceReport {
  const generatedAt = ctx.generatedAt.toISOString();
  const evidence = new Map<string, EvidenceItem>();
  // One pool over every scan: another account's bucket or key is read through that account's session, whose
  // calls may sit in another scan's list (a session shared by two scans lists its calls once).
  const seenCalls = new Set<ApiCallRecord>();
  const stored = new Map<ApiCallRecord, { call: ApiCallRecord; sha256: string }>();
  for (const call of scans.flatMap((scan) => scan.apiCalls ?? [])) if (!seenCalls.has(call) && seenCalls.add(call)) stored.set(call, storeCall(evidence, call));
  const pool = [...stored.values()];
  const now = ctx.generatedAt;
  const exceptionRules = ctx.exceptions ?? [];
  const previousChecks = new Map((ctx.previous?.checks ?? []).map((c) => [c.fingerprint, c]));

  const checks: CheckEntry[] = [];
  const covered = new Map<ExceptionRule, string[]>();
  scans.forEach((scan) => {
    for (const result of scan.findings) {
      const own = (scan.apiCalls ?? []).map((call) => stored.get(call)!);
      const entry = checkEntry(scan, result, { own, pool }, ctx);
      // Settings change results for every resource of a rule: registered with what they cover, never an exception mark.
      for (const e of exceptionRules) if (e.kind === 'setting' && e.rules?.includes(entry.ruleId)) covered.set(e, [...(covered.get(e) ?? []), entry.fingerprint]);
      const exception = exceptionRules.find((e) => (e.kind ?? 'ignore') === 'ignore' && exceptionCovers(e, entry));
      if (exception) {
        covered.set(exception, [...(covered.get(exception) ?? []), entry.fingerprint]);
        if (isActive(exception, now) && (entry.status === 'fail' || entry.status === 'unknown')) {
          entry.exception = { reason: exception.reason ?? null, expires: exception.expires ?? null, source: exception.source };
        }
      }
      const before = previousChecks.get(entry.fingerprint);
      if (before && before.status === entry.status) entry.firstSeen = before.firstSeen;
      checks.push(entry);
    }
  });
  checks.sort((a, b) =>
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    (a.status === 'fail' ? SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] : 0) ||
    (a.account ?? '').localeCompare(b.account ?? '') ||
    (a.region ?? '').localeCompare(b.region ?? '') ||
    a.resource.localeCompare(b.resource) ||
    a.ruleId.localeCompare(b.ruleId) ||
    (a.subject ?? '').localeCompare(b.subject ?? ''));

  const run = runRecord(scans, ctx, generatedAt);
  const counts = countStatuses(checks);
  const exceptions = exceptionRegister(exceptionRules, covered, now, ctx.previous, generatedAt);
  const title = `TrailGuard evidence report — ${scans.map((s) => `account ${s.account ?? `unknown (profile ${s.profile})`}`).join(', ')}${run.endpoint.isAws ? '' : ` — ${run.endpoint.description}`}`;
  return {
    format: 'trailguard-evidence',
    version: 2,
    title,
    run,
    summary: { checks: counts, verdict: overallVerdict(scans, counts) },
    chains: scans.flatMap((scan) => chainVerdicts(scan)),
    // Retention facts refer to the answers they rest on by hash, like checks.
    retentionInPractice: ctx.retentionInPractice?.map((e) => {
      if ('error' in e) return e;
      const { calls, ...rest } = e;
      return { ...rest, evidence: [...new Set((calls ?? []).map((c) => storeCall(evidence, c).sha256))].sort() };
    }) ?? null,
    controls: controlRows(checks, ctx.settings),
    outOfScope: [...OUT_OF_SCOPE_CONTROLS],
    exceptions,
    changes: ctx.previous ? changesSince(ctx.previous, checks, exceptions) : null,
    previous: ctx.previous ? { generatedAt: ctx.previous.run.generatedAt, sha256: ctx.previousSha256 ?? null } : null,
    checks,
    evidence: Object.fromEntries([...evidence].sort(([a], [b]) => a.localeCompare(b))),
    ...(ctx.drift ? { drift: ctx.drift } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Evidence: each answer once, keyed by the SHA-256 of its redacted canonical JSON.

function storeCall(store: Map<string, EvidenceItem>, call: ApiCallRecord): { call: ApiCallRecord; sha256: string } {
  const content = redactSecrets(call.error ? { error: call.error } : call.response ?? {});
  const sha256 = sha256Hex(canonicalJson(content));
  const item = store.get(sha256) ?? { sha256, content, calls: [] };
  const entry: EvidenceCall = { operation: call.operation, service: call.service, region: call.region, requestId: call.requestId ?? null, time: call.time, request: redactSecrets(call.request) };
  item.calls.push(entry);
  store.set(sha256, item);
  return { call, sha256 };
}

/** Evidence keys that stand for a family of calls (account-level checks), or for a call of another service. */
const CALL_FAMILIES: Record<string, { operations: string[]; service?: string }> = {
  trails: { operations: ['DescribeTrails', 'GetTrailStatus', 'GetEventSelectors'] },
  recorders: { operations: ['DescribeConfigurationRecorders', 'DescribeConfigurationRecorderStatus'] },
  'GetPublicAccessBlock (account)': { operations: ['GetPublicAccessBlock'], service: 's3control' },
  DescribeOrganization: { operations: ['DescribeOrganization'], service: 'organizations' },
};

/** Every string in a request (bucket names, key ids, trail names): what the call was about. */
function requestStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) requestStrings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) requestStrings(v, out);
  return out;
}

function callConcerns(call: ApiCallRecord, resource: string, region: string | undefined): boolean {
  const strings = requestStrings(call.request).filter((s) => s !== 'default' && !/^\d{4}-\d{2}-\d{2}$/.test(s));
  if (strings.length === 0) return call.service === 's3' || call.service === 'sts' || !region || call.region === region;
  return strings.some((s) => s === resource || resource.endsWith(`/${s}`) || resource.endsWith(`:${s}`) || s.endsWith(`/${resource}`) || s.endsWith(`:trail/${resource}`));
}

/** Account-wide families match this scan's own calls (by region); named resources match any scan's calls. */
function linkEvidence(result: CheckResult, sources: { own: StoredCall[]; pool: StoredCall[] }): { refs: string[]; observed: Record<string, unknown> | null } {
  const refs = new Set<string>();
  const observed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result.evidence ?? {})) {
    const family = CALL_FAMILIES[key];
    const matching = (family ? sources.own : sources.pool).filter(({ call }) => (family ? family.operations : [key]).includes(call.operation) && (
      family?.service ? call.service === family.service
        : family ? !result.region || call.region === result.region
          : call.service !== 's3control' && callConcerns(call, result.resource, result.region)));
    if (matching.length) for (const m of matching) refs.add(m.sha256);
    else observed[key] = value;
  }
  return { refs: [...refs].sort(), observed: Object.keys(observed).length ? redactSecrets(observed) as Record<string, unknown> : null };
}

/** Stable across runs (report history, SARIF partialFingerprints): rule, account, region, resource, statement. */
export function checkFingerprint(account: string | undefined, result: CheckResult): string {
  return sha256Hex(canonicalJson({ ruleId: result.ruleId, account: account ?? null, region: result.region ?? null, resource: result.resource, subject: result.subject ?? null })).slice(0, 32);
}

type StoredCall = { call: ApiCallRecord; sha256: string };

function checkEntry(scan: AccountScan, result: CheckResult, calls: { own: StoredCall[]; pool: StoredCall[] }, ctx: EvidenceContext): CheckEntry {
  const meta = ruleById(result.ruleId)?.meta;
  const { refs, observed } = linkEvidence(result, calls);
  const fingerprint = checkFingerprint(scan.account, result);
  const seen = ctx.generatedAt.toISOString();
  return {
    fingerprint,
    ruleId: result.ruleId,
    title: result.title,
    status: result.status,
    severity: result.severity,
    account: scan.account ?? null,
    region: result.region ?? null,
    resource: result.resource,
    subject: result.subject ?? null,
    message: result.message,
    reason: result.reason ?? null,
    evidence: refs,
    observed,
    controls: (meta?.controls ?? []).map(controlKey),
    remediation: result.status === 'fail' ? result.remediation ?? null : null,
    docUrl: pinnedDocUrl(result.ruleId, ctx.tool.version),
    exception: null,
    firstSeen: seen,
    lastSeen: seen,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Run record.

/** The run record alone (`scan --format json|sarif` carry it too). */
export function runRecord(scans: AccountScan[], ctx: Pick<EvidenceContext, 'tool' | 'settings'>, generatedAt: string): RunRecord {
  const scanned = [...new Set(scans.flatMap((s) => s.regions.map((r) => r.region)))].sort();
  const enabledLists = scans.map((s) => s.enabledRegions);
  const unknown = enabledLists.find((e): e is { unknown: string } => !!e && 'unknown' in e);
  const lists = enabledLists.filter((e): e is { regions: string[] } => !!e && 'regions' in e);
  const enabled = lists.length && !unknown ? [...new Set(lists.flatMap((l) => l.regions))].sort() : null;
  const callerArn = scans.find((s) => s.callerArn)?.callerArn;
  const endpoints = [...new Set(scans.map((s) => s.endpoint).filter((e): e is string => !!e))];
  const times = scans.map((s) => [s.startedAt, s.finishedAt]);
  return {
    tool: 'TrailGuard',
    version: ctx.tool.version,
    commit: ctx.tool.commit ?? null,
    ruleCatalogSha256: ruleCatalogSha256(),
    settings: ctx.settings,
    identities: scans.map((s) => ({ account: s.account ?? null, profile: s.profile, callerArn: s.callerArn ?? null, error: s.error ?? null, source: dataSource(s) })),
    partition: callerArn?.split(':')[1] ?? null,
    endpoint: endpointDescription(endpoints.length ? endpoints.join(', ') : undefined),
    regions: {
      scanned,
      enabled,
      enabledUnknown: unknown ? unknown.unknown : lists.length ? null : 'the scan did not read the enabled regions',
      notCovered: enabled ? enabled.filter((r) => !scanned.includes(r)) : [],
    },
    startedAt: times.map((t) => t[0]!).sort()[0] ?? generatedAt,
    finishedAt: times.map((t) => t[1]!).sort().pop() ?? generatedAt,
    generatedAt,
  };
}

function countStatuses(checks: CheckEntry[]): EvidenceReport['summary']['checks'] {
  const c = { pass: 0, fail: 0, unknown: 0, notApplicable: 0, off: 0, optInNotEnabled: 0, excepted: 0 };
  for (const check of checks) {
    c[check.status]++;
    if (check.exception) c.excepted++;
  }
  return c;
}

function overallVerdict(scans: AccountScan[], c: EvidenceReport['summary']['checks']): string {
  if (scans.some((s) => s.error)) return `not verified: ${scans.filter((s) => s.error).map((s) => `${s.account ?? s.profile} could not be scanned (${s.error})`).join('; ')}`;
  if (c.fail - c.excepted > 0) return `${c.fail - c.excepted} failing check(s)${c.excepted ? `, ${c.excepted} more under an exception` : ''}; ${c.unknown} not verified`;
  if (c.unknown > 0) return `nothing failing, but ${c.unknown} check(s) could not be verified: not a pass`;
  return c.pass > 0 ? `every applicable check passes${c.excepted ? ` (${c.excepted} under an exception)` : ''}` : 'no check ran';
}

// ---------------------------------------------------------------------------------------------------------------
// Controls, chains, exceptions, changes.

function partialWords(ref: ControlRef, settings: EvidenceSettings): string | null {
  if (ref.partial === 'scope') return settings.scope === 'all' ? null : 'the control covers every bucket or key; TrailGuard checked the trail\'s (set `scope: all` for all)';
  if (ref.partial === 'part') return 'the control asks for more than these rules check';
  return null;
}

function controlRows(checks: CheckEntry[], settings: EvidenceSettings): ControlRow[] {
  const refs = new Map<string, { ref: ControlRef; rules: Set<string>; partial: Set<string> }>();
  for (const { meta } of allRules) {
    for (const ref of meta.controls) {
      const key = controlKey(ref);
      const row = refs.get(key) ?? { ref, rules: new Set<string>(), partial: new Set<string>() };
      row.rules.add(meta.id);
      const words = partialWords(ref, settings);
      if (words) row.partial.add(words);
      refs.set(key, row);
    }
  }
  const rows: ControlRow[] = [];
  for (const [key, { ref, rules, partial }] of refs) {
    const mine = checks.filter((c) => rules.has(c.ruleId));
    const failing = mine.filter((c) => c.status === 'fail' && !c.exception);
    const unknown = mine.filter((c) => c.status === 'unknown' && !c.exception);
    const excepted = mine.filter((c) => c.exception);
    const passing = mine.filter((c) => c.status === 'pass');
    const list = (cs: CheckEntry[]) => [...new Set(cs.map((c) => `${c.ruleId} on ${c.resource}`))].slice(0, 5).join(', ') + (cs.length > 5 ? ', …' : '');
    let verdict: ControlRow['verdict'];
    let detail: string;
    if (failing.length) { verdict = 'not met'; detail = `${failing.length} failing: ${list(failing)}`; }
    else if (unknown.length) { verdict = 'not verified'; detail = `${unknown.length} could not be verified: ${list(unknown)}`; }
    else if (passing.length) { verdict = 'met'; detail = `${passing.length} check(s) pass${partial.size ? ' (partial coverage)' : ''}`; }
    else { verdict = 'not assessed'; detail = 'no check applied (rules not applicable, off or opt-in not enabled)'; }
    if (excepted.length) detail += `; ${excepted.length} under an exception: ${list(excepted)}`;
    rows.push({
      key, framework: ref.framework, id: ref.id, title: CONTROL_TITLES[key] ?? key, rules: [...rules].sort(),
      partial: partial.size ? [...partial].join('; ') : null, verdict, detail,
      resources: [...new Set(mine.filter((c) => c.status !== 'off' && c.status !== 'optInNotEnabled').map((c) => c.resource))].sort(),
    });
  }
  const order = ['CIS AWS Foundations v3.0', 'AWS Security Hub', 'SOC 2', 'ISO/IEC 27001:2022', 'PCI DSS v4.0'];
  return rows.sort((a, b) => order.indexOf(a.framework) - order.indexOf(b.framework) || a.id.localeCompare(b.id, 'en', { numeric: true }));
}

function statusOf(checks: CheckResult[], ruleId: string): { status: FindingStatus; text: string } | undefined {
  const mine = checks.filter((c) => c.ruleId === ruleId);
  const worst = mine.sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status])[0];
  return worst ? { status: worst.status, text: worst.reason ?? worst.message } : undefined;
}

/** "org-trail → acme-log-archive → key: tamper-evident yes, tamper-proof no (no Object Lock)". */
function chainVerdicts(scan: AccountScan): ChainVerdict[] {
  const out: ChainVerdict[] = [];
  for (const region of scan.regions) {
    for (const trail of region.trails.filter((t) => !t.shadow)) {
      const validation = statusOf(trail.checks, 'TG101');
      const evident: ChainVerdict['tamperEvident'] = validation?.status === 'pass' ? 'yes' : validation?.status === 'fail' ? 'no' : 'unknown';
      const evidentWhy = evident === 'no' ? ' (log file validation off)' : evident === 'unknown' ? ` (${validation?.text ?? 'TG101 not checked'})` : '';
      let proof: ChainVerdict['tamperProof'] = 'unknown';
      let proofWhy = '';
      const bucketChecks = trail.bucket?.checks ?? [];
      const lock = statusOf(bucketChecks, 'TG201');
      const retention = statusOf(bucketChecks, 'TG202');
      if (!trail.bucket) proofWhy = ' (no log bucket seen)';
      else if (trail.bucket.inaccessible) proofWhy = ` (${trail.bucket.inaccessible})`;
      else if (lock?.status === 'fail') { proof = 'no'; proofWhy = ' (no Object Lock)'; }
      else if (retention?.status === 'fail') { proof = 'no'; proofWhy = ` (${retention.text})`; }
      else if (lock?.status === 'pass' && retention?.status === 'pass') proof = 'yes';
      else proofWhy = ` (${[lock, retention].find((s) => s && s.status !== 'pass')?.text ?? 'Object Lock not verified'})`;
      const keyLabel = trail.key ? trail.key.arn.split('/').pop() ?? trail.key.arn : null;
      const parts = [trail.name, trail.bucket?.name ?? '(no bucket)', keyLabel ? `key ${keyLabel}` : 'no KMS key'];
      out.push({
        trail: trail.arn || trail.name,
        account: scan.account ?? null,
        bucket: trail.bucket?.name ?? null,
        key: trail.key?.arn ?? null,
        tamperEvident: evident,
        tamperProof: proof,
        line: `${parts.join(' → ')}: tamper-evident ${evident}${evidentWhy}, tamper-proof ${proof}${proofWhy}`,
      });
    }
  }
  return out;
}

function isActive(e: ExceptionRule, now: Date): boolean {
  return !e.expires || now.toISOString().slice(0, 10) < e.expires;
}

function exceptionCovers(e: ExceptionRule, check: CheckEntry): boolean {
  if (!e.resource) return false;
  if (e.rules?.length && !e.rules.includes(check.ruleId)) return false;
  return e.resource === '*' || e.resource === check.resource || globMatches(e.resource, check.resource);
}

function exceptionKey(e: ExceptionRule): string {
  return canonicalJson({ resource: e.resource ?? null, path: e.path ?? null, rules: e.rules ?? null, source: e.source });
}

function exceptionRegister(rules: ExceptionRule[], covered: Map<ExceptionRule, string[]>, now: Date, previous: EvidenceReport | undefined, generatedAt: string): ExceptionEntry[] {
  const before = new Map((previous?.exceptions ?? []).map((e) => [exceptionKey(e), e]));
  return rules.map((rule) => {
    const { covers: own, ...e } = rule as ExceptionRule & { covers?: string[] };
    return {
      ...e,
      state: isActive(e, now) ? 'active' as const : 'expired' as const,
      // A suppression in code covers IaC findings (found by the lint that applied it), not live checks.
      covers: (e.kind === 'suppression' ? own ?? [] : covered.get(rule) ?? []).slice().sort(),
      firstSeen: before.get(exceptionKey(e))?.firstSeen ?? generatedAt,
    };
  });
}

function changesSince(previous: EvidenceReport, checks: CheckEntry[], exceptions: ExceptionEntry[]): Change[] {
  const changes: Change[] = [];
  const before = new Map(previous.checks.map((c) => [c.fingerprint, c]));
  const label = (c: CheckEntry) => `${c.ruleId} on ${c.resource}${c.subject ? ` (${c.subject})` : ''}${c.region ? ` in ${c.region}` : ''}`;
  for (const c of checks) {
    const old = before.get(c.fingerprint);
    if (!old) {
      if (c.status === 'fail' || c.status === 'unknown') changes.push({ kind: 'new', fingerprint: c.fingerprint, text: `${label(c)}: ${c.status}` });
    } else if (old.status !== c.status) {
      changes.push({ kind: c.status === 'pass' && (old.status === 'fail' || old.status === 'unknown') ? 'resolved' : 'changed', fingerprint: c.fingerprint, text: `${label(c)}: ${old.status} → ${c.status} (${old.status} since ${old.firstSeen})` });
    }
  }
  const now = new Set(checks.map((c) => c.fingerprint));
  for (const old of previous.checks) {
    if (!now.has(old.fingerprint) && (old.status === 'fail' || old.status === 'unknown')) {
      changes.push({ kind: 'resolved', fingerprint: old.fingerprint, text: `${old.ruleId} on ${old.resource}${old.region ? ` in ${old.region}` : ''}: no longer reported (was ${old.status} since ${old.firstSeen})` });
    }
  }
  const prevExceptions = new Map(previous.exceptions.map((e) => [exceptionKey(e), e]));
  for (const e of exceptions) {
    const old = prevExceptions.get(exceptionKey(e));
    const what = `${e.resource ?? e.path ?? '*'}${e.rules?.length ? ` (${e.rules.join(', ')})` : ''}`;
    if (!old) changes.push({ kind: 'exception added', fingerprint: exceptionKey(e), text: `exception for ${what}: ${e.reason ?? 'no reason given'}` });
    else if (old.state === 'active' && e.state === 'expired') changes.push({ kind: 'exception expired', fingerprint: exceptionKey(e), text: `exception for ${what} expired on ${e.expires} (in force since ${old.firstSeen})` });
    prevExceptions.delete(exceptionKey(e));
  }
  for (const [key, old] of prevExceptions) changes.push({ kind: 'exception removed', fingerprint: key, text: `exception for ${old.resource ?? old.path ?? '*'} removed (in force since ${old.firstSeen})` });
  return changes;
}

/** Where an account's verdicts came from: the live APIs, or an AWS Config aggregator's recorded data and its age. */
export function dataSource(scan: AccountScan): string {
  const src = scan.source;
  if (!src) return 'AWS APIs (live answers)';
  return `AWS Config aggregator ${src.aggregator} (recorded data${src.oldestCapture ? `, oldest item captured ${src.oldestCapture}` : ''}; older than ${src.maxAgeHours} h is unknown), gaps read through the APIs`;
}
