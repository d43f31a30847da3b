// The evidence report from a real scan of the local endpoint: run record, statuses, verbatim evidence stored once
// and referenced by hash, control roll-up, chain verdicts, exceptions with expiry, history with a previous report,
// and integrity (checksums, signature, `verify`).
import * as assert from 'assert';
import { generateKeyPairSync } from 'crypto';
import { buildEvidenceReport, type EvidenceContext } from '../../src/evidence/report';
import { renderReportFiles, verifyReport } from '../../src/evidence/integrity';
import { canonicalJson, sha256Hex } from '../../src/evidence/canonical';
import { evidenceSettings, exceptionsFromConfig } from '../../src/evidence/settings';
import { loadConfigFile } from '../../src/core/config';
import type { AccountScan } from '../../src/live/types';
import { runScenario, scenario } from '../live/harness';

const GENERATED = new Date('2026-12-06T01:00:00Z');
const context = (over: Partial<EvidenceContext> = {}): EvidenceContext => ({
  generatedAt: GENERATED, tool: { version: '0.1.0', commit: 'abc123' }, settings: evidenceSettings(undefined, '.trailguard.yaml'), ...over,
});

describe('evidence report', function () {
  this.timeout(60_000);
  let failing: AccountScan;
  let endpointUrl: string;

  before(async () => {
    const s = scenario('failing');
    s.callerArn = 'arn:aws:iam::111122223333:role/auditor';
    const run = await runScenario(s, { regions: ['us-east-1'] });
    failing = run.scan;
    endpointUrl = run.endpointUrl;
  });

  it('run record: identity, version, catalog hash, endpoint flagged NOT AWS in the title, regions not covered', () => {
    const r = buildEvidenceReport([failing], context());
    const port = new URL(endpointUrl).port;
    assert.strictEqual(r.title, `TrailGuard evidence report — account 111122223333 — NOT AWS — local endpoint 127.0.0.1:${port}`);
    assert.deepStrictEqual(r.run.identities, [{ account: '111122223333', profile: 'test', callerArn: 'arn:aws:iam::111122223333:role/auditor', error: null, source: 'AWS APIs (live answers)' }]);
    assert.strictEqual(r.run.partition, 'aws');
    assert.deepStrictEqual([r.run.version, r.run.commit], ['0.1.0', 'abc123']);
    assert.match(r.run.ruleCatalogSha256, /^[0-9a-f]{64}$/);
    assert.deepStrictEqual(r.run.regions, { scanned: ['us-east-1'], enabled: ['eu-west-1', 'us-east-1', 'us-west-2'], enabledUnknown: null, notCovered: ['eu-west-1', 'us-west-2'] });
    assert.strictEqual(r.run.endpoint.isAws, false);
    assert.ok(r.run.startedAt <= r.run.finishedAt);
  });

  it('every check has a status; TG202 without Object Lock is not applicable, and opt-in rules say so', () => {
    const r = buildEvidenceReport([failing], context());
    const tg202 = r.checks.find((c) => c.ruleId === 'TG202' && c.resource === 'legacy-trail-logs')!;
    assert.deepStrictEqual([tg202.status, tg202.reason], ['notApplicable', 'no Object Lock, see TG201']);
    assert.ok(r.checks.some((c) => c.status === 'optInNotEnabled' && c.ruleId === 'TG112'));
    // Severity first: failing errors lead.
    assert.deepStrictEqual([r.checks[0]!.status, r.checks[0]!.severity], ['fail', 'error']);
    assert.strictEqual(r.summary.checks.notApplicable > 0, true);
    assert.strictEqual(tg202.docUrl, 'https://github.com/trailguard/trailguard/blob/v0.1.0/docs/rules/TG202.md');
  });

  it('verbatim evidence stored once, by SHA-256, with operation, request id, region and time; checks refer to it', () => {
    const r = buildEvidenceReport([failing], context());
    const policyItems = Object.values(r.evidence).filter((e) => e.calls.some((c) => c.operation === 'GetBucketPolicy' && JSON.stringify(c.request).includes('legacy-trail-logs')));
    assert.strictEqual(policyItems.length, 1, 'the bucket policy answer is stored once');
    const item = policyItems[0]!;
    assert.strictEqual(item.sha256, sha256Hex(canonicalJson(item.content)));
    const call = item.calls.find((c) => c.operation === 'GetBucketPolicy')!;
    assert.deepStrictEqual([call.service, call.region], ['s3', 'us-east-1']);
    assert.match(call.requestId ?? '', /\S/);
    assert.match(call.time, /^\d{4}-\d{2}-\d{2}T/);
    const referring = r.checks.filter((c) => c.evidence.includes(item.sha256)).map((c) => c.ruleId);
    for (const id of ['TG206', 'TG207', 'TG212']) assert.ok(referring.includes(id), `${id} refers to the policy answer`);
    for (const c of r.checks) for (const ref of c.evidence) assert.ok(r.evidence[ref], `${c.ruleId}: ${ref} resolves`);
    // The hand-signed S3 Control call is kept verbatim too: no check falls back to the scanner's reshaped view.
    assert.deepStrictEqual(r.checks.filter((c) => c.observed).map((c) => [c.ruleId, Object.keys(c.observed!)]), []);
    const tg205 = r.checks.find((c) => c.ruleId === 'TG205' && c.resource === 'legacy-trail-logs')!;
    assert.ok(tg205.evidence.some((h) => r.evidence[h]!.calls.some((call) => call.service === 's3control' && call.operation === 'GetPublicAccessBlock')));
  });

  it('repeated results on one resource name their statement', () => {
    const r = buildEvidenceReport([failing], context());
    const repeated = r.checks.filter((c) => c.subject);
    assert.ok(repeated.length > 0);
    for (const c of repeated) assert.match(c.subject!, /^statement ("[^"]+"|#\d+)$/);
  });

  it('control roll-up and chain verdicts in plain words', () => {
    const r = buildEvidenceReport([failing], context());
    const cis32 = r.controls.find((c) => c.key === 'CIS AWS Foundations v3.0 3.2')!;
    assert.deepStrictEqual([cis32.verdict, cis32.rules], ['not met', ['TG101']]);
    const cis212 = r.controls.find((c) => c.key === 'CIS AWS Foundations v3.0 2.1.2')!;
    assert.match(cis212.partial ?? '', /scope: all/);
    assert.ok(r.outOfScope.some((o) => o.id === '3.7'));
    const legacy = r.chains.find((c) => c.bucket === 'legacy-trail-logs')!;
    assert.match(legacy.line, /→ legacy-trail-logs → .*: tamper-evident no \(log file validation off\), tamper-proof no \(no Object Lock\)$/);
  });

  it('exceptions: an active one marks its checks, an expired one no longer does; both are in the register', () => {
    const config = loadConfigFile([
      'ignore:',
      '  - resource: legacy-trail-logs',
      '    rules: [TG204]',
      '    reason: MFA Delete needs the root user; ticket SEC-12',
      '    expires: 2027-01-31',
      '  - resource: legacy-trail-logs',
      '    rules: [TG209]',
      '    reason: access logs moved',
      '    expires: 2026-11-30',
    ].join('\n'));
    const r = buildEvidenceReport([failing], context({ exceptions: exceptionsFromConfig(config, '.trailguard.yaml') }));
    const tg204 = r.checks.find((c) => c.ruleId === 'TG204' && c.resource === 'legacy-trail-logs')!;
    assert.deepStrictEqual(tg204.exception, { reason: 'MFA Delete needs the root user; ticket SEC-12', expires: '2027-01-31', source: '.trailguard.yaml' });
    const tg209 = r.checks.find((c) => c.ruleId === 'TG209' && c.resource === 'legacy-trail-logs')!;
    assert.deepStrictEqual([tg209.status, tg209.exception], ['fail', null]);
    assert.deepStrictEqual(r.exceptions.map((e) => [e.rules, e.state, e.covers.length]), [[['TG204'], 'active', 1], [['TG209'], 'expired', 1]]);
    assert.strictEqual(r.summary.checks.excepted, 1);
  });

  it('with the previous report: first seen kept, and what changed', () => {
    const first = buildEvidenceReport([failing], context({ generatedAt: new Date('2026-11-01T00:00:00Z') }));
    const resolvedFingerprint = first.checks.find((c) => c.ruleId === 'TG101' && c.status === 'fail')!.fingerprint;
    // The next month TG101 passes on that trail.
    const next = structuredClone(failing);
    const tg101 = next.findings.find((f) => f.ruleId === 'TG101' && f.status === 'fail')!;
    tg101.status = 'pass';
    const r = buildEvidenceReport([next], context({ previous: first, previousSha256: 'f'.repeat(64) }));
    const tg201 = r.checks.find((c) => c.ruleId === 'TG201' && c.resource === 'legacy-trail-logs')!;
    assert.deepStrictEqual([tg201.firstSeen, tg201.lastSeen], ['2026-11-01T00:00:00.000Z', GENERATED.toISOString()]);
    assert.deepStrictEqual(r.changes!.filter((c) => c.fingerprint === resolvedFingerprint).map((c) => c.kind), ['resolved']);
    assert.deepStrictEqual(r.previous, { generatedAt: '2026-11-01T00:00:00.000Z', sha256: 'f'.repeat(64) });
  });

  it('integrity: checksums and signature verify; a modified file, a broken evidence reference or another key do not', () => {
    const r = buildEvidenceReport([failing], context());
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const { files } = renderReportFiles(r, 'report', pem);
    const input = () => ({ json: { name: 'report.json', text: files['report.json']! }, markdown: { name: 'report.md', text: files['report.md']! }, sums: files['report.sha256'], signature: files['report.sha256.sig'] });
    const trusted = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    assert.deepStrictEqual(verifyReport({ ...input(), trustedPublicKeyPem: trusted }).ok, true);
    assert.match(files['report.sha256']!, /^[0-9a-f]{64} {2}report\.json\n[0-9a-f]{64} {2}report\.md\n$/);
    const tampered = verifyReport({ ...input(), markdown: { name: 'report.md', text: files['report.md']!.replace('FAIL', 'PASS') } });
    assert.deepStrictEqual([tampered.ok, tampered.lines.find((l) => l.startsWith('FAIL'))], [false, 'FAIL report.md: SHA-256 differs from the checksum file (modified)']);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    assert.strictEqual(verifyReport({ ...input(), trustedPublicKeyPem: other }).ok, false);
    // An evidence item dropped from the JSON (and the checksums recomputed) still fails: its references dangle.
    const json = JSON.parse(files['report.json']!);
    const dropped = Object.keys(json.evidence)[0]!;
    delete json.evidence[dropped];
    const text = JSON.stringify(json);
    const dangling = verifyReport({ json: { name: 'report.json', text }, sums: `${sha256Hex(text)}  report.json\n` });
    assert.strictEqual(dangling.ok, false);
    assert.ok(dangling.lines.some((l) => l.includes(`refers to evidence ${dropped}`)));
  });

  it('Markdown: run record first, NOT AWS warning, chains, controls, exceptions, evidence anchors', () => {
    const md = renderReportFiles(buildEvidenceReport([failing], context()), 'r').files['r.md']!;
    const order = ['# TrailGuard evidence report', '> **NOT AWS', '## Run record', '## Summary', '## Trail chains', '## Controls', '## Needs attention', '## Exceptions register', '## Checks', '## Evidence'];
    const at = order.map((h) => md.indexOf(h));
    assert.ok(at.every((i) => i >= 0), `missing ${order[at.indexOf(-1)]}`);
    assert.deepStrictEqual(at, [...at].sort((a, b) => a - b));
    assert.match(md, /\| Enabled regions NOT covered \| eu-west-1, us-west-2 \|/);
    assert.match(md, /scanned as `arn:aws:iam::111122223333:role\/auditor`/);
  });
});
