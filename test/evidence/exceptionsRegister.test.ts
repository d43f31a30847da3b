// The exceptions register holds everything that changes a result without being a finding: `.trailguard.yaml`
// ignores, settings that switch a rule off or lower a severity or the minimum retention (with the checks they
// change), and suppression comments in the infrastructure code (`evidence --iac DIR`: with the findings they
// silenced; in the editor: as declared).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runEvidence } from '../../src/cli/evidence';
import { declaredSuppressions, settingExceptions } from '../../src/evidence/exceptionSources';
import { evidenceSettings } from '../../src/evidence/settings';
import { scanSuppressionComments } from '../../src/core/suppress';
import { peerIndex } from '../../src/core/rules/index';
import { startAwsEndpoint } from '../support/aws-endpoint/server';
import { writeEndpointProfile } from '../support/aws-endpoint/profile';
import { PROFILE, scenario, withAwsEnv } from '../live/harness';

const TF = `resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = aws_s3_bucket.logs.id
  is_multi_region_trail         = true
  enable_log_file_validation    = true
  include_global_service_events = true
}

# trailguard:ignore TG201 legal hold handled by the archive vault (ticket SEC-7)
resource "aws_s3_bucket" "logs" {
  bucket = "acme-trail-logs"
}

resource "aws_s3_bucket" "other" {
  bucket = "other" # checkov:skip=CKV_AWS_18
}
`;

describe('exceptions register: settings and suppressions', function () {
  this.timeout(60_000);

  it('settings that switch a rule off, lower a severity or the minimum retention are exceptions; raising one is not', () => {
    const settings = evidenceSettings({ rules: { TG204: 'off', TG205: 'warning', TG106: 'error' }, minRetentionDays: 90 }, 'trailguard.* settings');
    assert.deepStrictEqual(settingExceptions(settings).map((e) => [e.kind, e.rules, e.reason, e.source]), [
      ['setting', ['TG204'], 'rule switched off: its checks are reported as OFF, not judged', 'rules.TG204: off (trailguard.* settings)'],
      ['setting', ['TG205'], 'severity lowered from error to warning', 'rules.TG205: warning (trailguard.* settings)'],
      ['setting', ['TG202', 'TG210'], 'minimum retention lowered to 90 days (default 365)', 'minRetentionDays: 90 (trailguard.* settings)'],
    ]);
  });

  it('suppression comments declared in files (the editor export): where, which rules, why', () => {
    const comments = scanSuppressionComments('/ws/infra/main.tf', TF, peerIndex());
    const declared = declaredSuppressions(comments, '/ws');
    assert.deepStrictEqual(declared.map((e) => [e.source, e.rules, e.reason ?? null, e.by]), [
      ['infra/main.tf:9', ['TG201'], 'legal hold handled by the archive vault (ticket SEC-7)', 'trailguard:ignore TG201'],
      ['infra/main.tf:15', ['TG209'], null, 'checkov:skip=CKV_AWS_18'],
    ]);
  });

  it('trailguard evidence --iac: settings with the checks they change, the suppression with the IaC finding it silenced', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-exceptions-'));
    fs.mkdirSync(path.join(dir, 'infra'));
    fs.writeFileSync(path.join(dir, 'infra', 'main.tf'), TF);
    fs.writeFileSync(path.join(dir, '.trailguard.yaml'), 'rules:\n  TG204: off\n  TG205: warning\n');
    const endpoint = await startAwsEndpoint({ scenario: scenario('failing') });
    const files = writeEndpointProfile(endpoint.url, { profile: PROFILE });
    const before = process.cwd();
    let stderr = '';
    try {
      process.chdir(dir);
      const code = await withAwsEnv({ AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile }, () =>
        runEvidence(['--profile', PROFILE, '--region', 'us-east-1', '--out', 'out', '--iac', 'infra', '--no-retention-in-practice'], { stdout: () => undefined, stderr: (t) => { stderr += t; } }));
      assert.strictEqual(code, 0, stderr);
      const name = fs.readdirSync(path.join(dir, 'out')).find((f) => f.endsWith('.json'))!;
      const report = JSON.parse(fs.readFileSync(path.join(dir, 'out', name), 'utf8'));
      const byKind = (k: string) => report.exceptions.filter((e: { kind?: string }) => e.kind === k);
      const [off, lowered] = byKind('setting');
      assert.deepStrictEqual([off.rules, off.source, off.state], [['TG204'], 'rules.TG204: off (.trailguard.yaml)', 'active']);
      const tg204 = report.checks.filter((c: { ruleId: string }) => c.ruleId === 'TG204');
      assert.ok(tg204.length > 0 && tg204.every((c: { status: string }) => c.status === 'off'));
      assert.deepStrictEqual(off.covers, tg204.map((c: { fingerprint: string }) => c.fingerprint).sort(), 'covers every TG204 check it turned off');
      assert.strictEqual(lowered.reason, 'severity lowered from error to warning');
      const [suppression] = byKind('suppression');
      assert.deepStrictEqual([suppression.source, suppression.rules, suppression.reason, suppression.by, suppression.covers],
        ['infra/main.tf:9', ['TG201'], 'legal hold handled by the archive vault (ticket SEC-7)', 'trailguard:ignore TG201', ['iac:infra/main.tf:10:TG201']]);
      const md = fs.readFileSync(path.join(dir, 'out', name.replace(/\.json$/, '.md')), 'utf8');
      assert.match(md, /^\| setting \| `\*` \| TG204 \| rule switched off: its checks are reported as OFF, not judged \| never \| active \| [^|]+ \| 2 check\(s\) \| rules\.TG204: off \\\(\.trailguard\.yaml\\\) \|$/m);
      assert.match(md, /^\| suppression `trailguard:ignore TG201` \| `infra\/main\.tf:9` \| TG201 \| legal hold handled by the archive vault \\\(ticket SEC-7\\\) \| never \| active \| [^|]+ \| 1 IaC finding\(s\) \| infra\/main\.tf:9 \|$/m);
      // The checkov comment silenced nothing (the bucket is no trail bucket): only suppressions that applied are listed.
      assert.strictEqual(byKind('suppression').length, 1);
    } finally {
      process.chdir(before);
      await endpoint.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
