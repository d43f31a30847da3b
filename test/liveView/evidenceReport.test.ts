import assert from 'node:assert/strict';
import {
  buildEvidenceJson, evidenceReportFileName, renderEvidenceJson, renderEvidenceMarkdown,
} from '../../src/extension/liveView/evidenceReport';
import { messageMarkdown } from '../../src/extension/liveView/markdown';
import type { AccountScan } from '../../src/live/types';
import { check, compliantScan, expiredCredentialsScan } from './fixtures';

const generatedAt = new Date('2026-11-22T00:10:05.123Z');

/** One trail whose bucket fails TG201 and whose TG206 is unknown; one region errored. */
function smallScan(): AccountScan {
  const tg101 = check('TG101', 'pass', { evidence: { DescribeTrails: { LogFileValidationEnabled: true } } });
  const tg201 = check('TG201', 'fail', {
    resource: 'acme-logs',
    message: 'Object Lock is not enabled on the trail bucket',
    evidence: { GetObjectLockConfiguration: { error: 'ObjectLockConfigurationNotFoundError' } },
    remediation: 'aws s3api put-object-lock-configuration --bucket acme-logs --object-lock-configuration ObjectLockEnabled=Enabled',
  });
  const tg206 = check('TG206', 'unknown', {
    resource: 'acme-logs', severity: 'info', message: 'TG206 could not be verified',
    reason: 'AccessDenied: missing s3:GetBucketPolicy',
  });
  return {
    profile: 'prod',
    account: '111122223333',
    regions: [
      {
        region: 'us-east-1',
        trails: [{
          name: 'main', arn: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main', homeRegion: 'us-east-1', shadow: false,
          isOrganizationTrail: false, checks: [tg101], bucket: { name: 'acme-logs', why: 'log bucket of trail main', checks: [tg201, tg206] },
        }],
        checks: [], recorders: [],
      },
      { region: 'ap-east-1', trails: [], checks: [], recorders: [], error: 'region not enabled' },
    ],
    otherBuckets: [],
    startedAt: '2026-11-21T23:50:00.000Z',
    finishedAt: '2026-11-21T23:50:07.000Z',
    findings: [tg206, tg201, tg101],
  };
}

describe('live view evidence report', () => {
  it('Markdown: header, summary, what needs attention, every check with its evidence', () => {
    assert.equal(renderEvidenceMarkdown(smallScan(), generatedAt), `# TrailGuard evidence report

| | |
|---|---|
| Generated | 2026-11-22 00:10:05 UTC |
| Profile | \`prod\` |
| Account | \`111122223333\` |
| Regions | us-east-1, ap-east-1 |
| Scan started | 2026-11-21 23:50:00 UTC |
| Scan finished | 2026-11-21 23:50:07 UTC |

## Summary

- Trail buckets compliant (every check passes): **0 of 1 (0%)**; 1 failing, 0 not fully verified
- Checks: 1 failing, 1 unknown, 1 passing; not checked: 0 not applicable, 0 off, 0 opt-in not enabled
- Regions that could not be scanned: ap-east-1 (region not enabled)

UNKNOWN means the check could not be verified (the reason is given); it is not a pass. NOT APPLICABLE, OFF and OPT-IN, NOT ENABLED mean the rule did not judge the resource (the reason or setting is given); they are not passes either.

## Needs attention

| Status | Rule | Resource | Region | Detail |
|---|---|---|---|---|
| FAIL (error) | TG201 | \`acme-logs\` | us-east-1 | Object Lock is not enabled on the trail bucket |
| UNKNOWN | TG206 | \`acme-logs\` | us-east-1 | AccessDenied: missing s3:GetBucketPolicy |

## Trail buckets

| Bucket | Verdict |
|---|---|
| \`acme-logs\` | failing |

## Checks

### \`acme-logs\` (us-east-1)

#### TG201 Object Lock enabled on trail bucket: FAIL (error)

Object Lock is not enabled on the trail bucket

Evidence:

\`\`\`json
{
  "GetObjectLockConfiguration": {
    "error": "ObjectLockConfigurationNotFoundError"
  }
}
\`\`\`

Remediation:

\`\`\`sh
aws s3api put-object-lock-configuration --bucket acme-logs --object-lock-configuration ObjectLockEnabled=Enabled
\`\`\`

Rule documentation: https://trailguard.example/rules/TG201

#### TG206 Bucket policy denies non-TLS: UNKNOWN

TG206 could not be verified

Unknown because: AccessDenied: missing s3:GetBucketPolicy

Evidence: none recorded

Rule documentation: https://trailguard.example/rules/TG206

### \`main\` (us-east-1)

#### TG101 Log file validation enabled: PASS

Log file validation enabled

Evidence:

\`\`\`json
{
  "DescribeTrails": {
    "LogFileValidationEnabled": true
  }
}
\`\`\`

Rule documentation: https://trailguard.example/rules/TG101
`);
  });

  it('Markdown: an account that could not be scanned says nothing was verified', () => {
    const md = renderEvidenceMarkdown(expiredCredentialsScan(), generatedAt);
    assert.ok(md.includes('**The account could not be scanned:** credentials expired — run `aws sso login --profile sso-dev`. No check ran; nothing in this report is a pass.'));
    assert.ok(md.includes('| Account | unknown |'));
    assert.ok(md.includes('- Trail buckets compliant: **none found**'));
    assert.ok(md.endsWith('## Checks\n\nNo check ran.\n'));
  });

  it('Markdown: API values cannot break out of the evidence fence or inject links', () => {
    const scan = smallScan();
    scan.findings[1] = { ...scan.findings[1], message: 'see [here](https://evil.example)', evidence: { GetBucketPolicy: '```\n# injected' } };
    const md = renderEvidenceMarkdown(scan, generatedAt);
    assert.ok(md.includes('see \\[here\\]\\(https://evil.example\\)'));
    assert.ok(md.includes('````json\n{\n  "GetBucketPolicy": "```\\n# injected"\n}\n````'));
  });

  it('JSON: the scan JSON shape plus summary, ordered by region, resource and rule', () => {
    const json = buildEvidenceJson(smallScan(), generatedAt);
    assert.deepEqual({ ...json, findings: undefined }, {
      version: 1,
      tool: 'TrailGuard',
      generatedAt: '2026-11-22T00:10:05.123Z',
      profile: 'prod',
      account: '111122223333',
      scanStartedAt: '2026-11-21T23:50:00.000Z',
      scanFinishedAt: '2026-11-21T23:50:07.000Z',
      error: null,
      regions: [{ region: 'us-east-1', error: null, trails: ['main'] }, { region: 'ap-east-1', error: 'region not enabled', trails: [] }],
      summary: {
        trailBuckets: { total: 1, compliant: 0, failing: 1, unknown: 0, percent: 0 },
        checks: { pass: 1, fail: 1, unknown: 1, notApplicable: 0, off: 0, optInNotEnabled: 0 },
      },
      findings: undefined,
    });
    assert.deepEqual(json.findings.map((f) => [f.ruleId, f.status, f.resource]), [
      ['TG201', 'fail', 'acme-logs'], ['TG206', 'unknown', 'acme-logs'], ['TG101', 'pass', 'main'],
    ]);
    assert.deepEqual(json.findings[1], {
      ruleId: 'TG206', title: 'Bucket policy denies non-TLS', status: 'unknown', severity: 'info', resource: 'acme-logs',
      region: 'us-east-1', message: 'TG206 could not be verified', reason: 'AccessDenied: missing s3:GetBucketPolicy',
      evidence: null, remediation: null, docUrl: 'https://trailguard.example/rules/TG206', consoleUrl: null,
    });
    assert.deepEqual(json.findings[0].evidence, { GetObjectLockConfiguration: { error: 'ObjectLockConfigurationNotFoundError' } });
    assert.deepEqual(JSON.parse(renderEvidenceJson(smallScan(), generatedAt)), json);
  });

  it('a compliant scan reports 100% and lists every check', () => {
    const scan = compliantScan();
    const json = buildEvidenceJson(scan, generatedAt);
    assert.equal(json.summary.trailBuckets.percent, 100);
    assert.equal(json.findings.length, scan.findings.length);
    const md = renderEvidenceMarkdown(scan, generatedAt);
    assert.ok(!md.includes('## Needs attention'));
    assert.equal(md.match(/^#### TG\d{3} /gm)?.length, scan.findings.length);
  });

  it('timestamped file names', () => {
    assert.equal(evidenceReportFileName(smallScan(), generatedAt, 'md'), 'trailguard-evidence-111122223333-20261122T001005Z.md');
    assert.equal(evidenceReportFileName(expiredCredentialsScan(), generatedAt, 'json'), 'trailguard-evidence-sso-dev-20261122T001005Z.json');
  });
});

describe('live view markdown helpers', () => {
  it('scanner messages keep their `code` spans and lose any other markup', () => {
    assert.equal(messageMarkdown('Trail is not logging (`IsLogging` is not true) see [x](https://e.example) <b>'),
      'Trail is not logging \\(`IsLogging` is not true\\) see \\[x\\]\\(https://e.example\\) \\<b\\>');
    assert.equal(messageMarkdown('a `[link](x)` b'), 'a `[link](x)` b');
  });
});
