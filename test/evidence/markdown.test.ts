// The evidence report's Markdown on hand-built scans (no recorded API answers): an account that could not be
// scanned, hostile API values, file names; and the Markdown helpers it shares with the tree's tooltips.
import assert from 'node:assert/strict';
import { messageMarkdown } from '../../src/extension/liveView/markdown';
import { buildEvidenceReport, reportBaseName } from '../../src/evidence/report';
import { renderEvidenceReportMarkdown } from '../../src/evidence/markdown';
import { evidenceSettings } from '../../src/evidence/settings';
import type { AccountScan } from '../../src/live/types';
import { check, expiredCredentialsScan } from '../liveView/fixtures';

const generatedAt = new Date('2026-11-22T00:10:05.123Z');
const ctx = { generatedAt, tool: { version: '0.1.0' }, settings: evidenceSettings(undefined, 'test') };

function smallScan(): AccountScan {
  const tg101 = check('TG101', 'pass', { evidence: { DescribeTrails: { LogFileValidationEnabled: true } } });
  const tg201 = check('TG201', 'fail', { resource: 'acme-logs', message: 'see [here](https://evil.example)', evidence: { GetBucketPolicy: '```\n# injected' } });
  return {
    profile: 'prod', account: '111122223333',
    regions: [{ region: 'us-east-1', checks: [], recorders: [], trails: [{
      name: 'main', arn: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main', homeRegion: 'us-east-1', shadow: false, isOrganizationTrail: false,
      checks: [tg101], bucket: { name: 'acme-logs', why: 'log bucket of trail main', checks: [tg201] },
    }] }],
    otherBuckets: [], startedAt: '2026-11-21T23:50:00.000Z', finishedAt: '2026-11-21T23:50:07.000Z', findings: [tg201, tg101],
  };
}

describe('evidence report Markdown', () => {
  it('an account that could not be scanned: nothing verified, no endpoint claim beyond AWS defaults', () => {
    const r = buildEvidenceReport([expiredCredentialsScan()], ctx);
    assert.match(r.summary.verdict, /^not verified: sso-dev could not be scanned \(credentials expired/);
    const md = renderEvidenceReportMarkdown(r);
    assert.match(md, /\| Account \| unknown \(profile `sso-dev`\), scanned as unknown identity — could not be scanned: credentials expired/);
    assert.match(md, /\| Regions enabled \| unknown: the scan did not read the enabled regions \|/);
  });

  it('API values cannot break out of a fence or inject links; without recorded answers the observed values are shown', () => {
    const md = renderEvidenceReportMarkdown(buildEvidenceReport([smallScan()], ctx));
    assert.ok(md.includes('see \\[here\\]\\(https://evil.example\\)'));
    assert.ok(md.includes('````json\n{\n  "GetBucketPolicy": "```\\n# injected"\n}\n````'));
    assert.match(md, /main → acme-logs → no KMS key: tamper-evident yes, tamper-proof no \\\(no Object Lock\\\)/);
  });

  it('timestamped file names', () => {
    assert.equal(reportBaseName('111122223333', 'prod', generatedAt), 'trailguard-evidence-111122223333-20261122T001005Z');
    assert.equal(reportBaseName(undefined, 'sso dev', generatedAt), 'trailguard-evidence-sso_dev-20261122T001005Z');
  });
});

describe('live view markdown helpers', () => {
  it('scanner messages keep their `code` spans and lose any other markup', () => {
    assert.equal(messageMarkdown('Trail is not logging (`IsLogging` is not true) see [x](https://e.example) <b>'),
      'Trail is not logging \\(`IsLogging` is not true\\) see \\[x\\]\\(https://e.example\\) \\<b\\>');
    assert.equal(messageMarkdown('a `[link](x)` b'), 'a `[link](x)` b');
  });
});
