// `trailguard evidence --profile P [--region R ...] [--out DIR] [--previous FILE] [--sign-key PEM]`: scans the
// account and writes the evidence report (Markdown + JSON, the same as the editor's export) with its checksum
// file, optionally signed. `trailguard verify REPORT [--public-key PEM]` checks a written report.
// Exit codes: evidence 0 = written (whatever the findings), 2 = usage error, unreadable account or files;
// verify 0 = intact, 1 = something does not verify, 2 = usage error.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import type { LintConfig } from '../core/config';
import { buildEvidenceReport, reportBaseName } from '../evidence/report';
import { renderReportFiles, verifyReport } from '../evidence/integrity';
import { evidenceSettings, exceptionsFromConfig } from '../evidence/settings';
import { settingExceptions } from '../evidence/exceptionSources';
import { iacSuppressions } from './evidenceIac';
import { linkScans } from './scanLink';
import { buildLinkView, driftSection } from '../extension/link/linkModel';
import type { EvidenceReport } from '../evidence/types';
import { sha256Hex } from '../evidence/canonical';
import { scanAccount } from '../live/scanAccount';
import { scanAccounts } from '../live/scanAccounts';
import { retentionForScans } from '../live/retentionForScans';
import { defaultRuleOptions } from '../core/rules/rule';
import { readConfig } from './configFile';
import type { Io } from './io';
import { version } from './version';

const evidenceUsage = 'usage: trailguard evidence [--profile P ...] [--region R ...] [--out DIR] [--previous REPORT.json] [--config FILE] [--sign-key KEY.pem] [--audit-bucket GLOB ...] [--iac DIR] [--no-retention-in-practice]\n' +
  '  --iac DIR: lint the infrastructure code too; its suppression comments go into the exceptions register, and the\n' +
  '  scan is linked to it: the report gains the Drift section (as the editor\'s export with a linked workspace)\n' +
  '  retention in practice (oldest log object, retain-until of a sample, delivery gaps in the last 24 h) is read\n' +
  '  from each checked trail\'s bucket unless --no-retention-in-practice\n';
const verifyUsage = 'usage: trailguard verify REPORT(.json|.md) [--public-key KEY.pem]\n';

/** The git commit TrailGuard was built from, when known (TRAILGUARD_COMMIT, else the checkout it runs from). */
export function toolCommit(): string | null {
  if (process.env.TRAILGUARD_COMMIT) return process.env.TRAILGUARD_COMMIT;
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: path.resolve(__dirname, '..'), stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).toString().trim();
    return /^[0-9a-f]{40}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}

export async function runEvidence(argv: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        profile: { type: 'string', short: 'p', multiple: true },
        region: { type: 'string', short: 'r', multiple: true },
        out: { type: 'string', short: 'o', default: '.' },
        previous: { type: 'string' },
        config: { type: 'string', short: 'c' },
        'sign-key': { type: 'string' },
        'audit-bucket': { type: 'string', multiple: true },
        'no-retention-in-practice': { type: 'boolean' },
        iac: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    io.stderr(`trailguard evidence: ${(err as Error).message}\n${evidenceUsage}`);
    return 2;
  }
  if (values.help) {
    io.stdout(evidenceUsage);
    return 0;
  }
  let config: Partial<LintConfig> | undefined;
  let previous: { report: EvidenceReport; sha256: string } | undefined;
  let signingKey: string | undefined;
  try {
    config = readConfig(values.config, io);
    if (values.previous) {
      const text = fs.readFileSync(values.previous, 'utf8');
      const report = JSON.parse(text) as EvidenceReport;
      if (report.format !== 'trailguard-evidence' || !Array.isArray(report.checks)) throw new Error(`${values.previous} is not a TrailGuard evidence report (JSON)`);
      previous = { report, sha256: sha256Hex(text) };
    }
    if (values['sign-key']) signingKey = fs.readFileSync(values['sign-key'], 'utf8');
  } catch (err) {
    io.stderr(`trailguard evidence: ${(err as Error).message}\n`);
    return 2;
  }
  const suppressions = values.iac !== undefined ? await iacSuppressions(values.iac, config) : [];
  if (!suppressions) {
    io.stderr(`trailguard evidence: --iac ${values.iac}: no such file or directory\n`);
    return 2;
  }
  const regions = (values.region ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
  const common = {
    regions, auditBucketPatterns: values['audit-bucket'], ruleOptions: config, ruleSettings: config?.rules,
    // --iac: the scenes stay on the scan so that live entities can be compared with their definitions.
    ...(values.iac !== undefined ? { keepScenes: true } : {}),
  };
  const profiles = values.profile ?? [];
  // Several profiles: one report over their accounts (organization trail, log archive, security account).
  const scans = profiles.length > 1 ? (await scanAccounts({ profiles, ...common })).accounts : [await scanAccount({ profile: profiles[0], ...common })];
  const scan = scans[0]!;
  // --iac: link the scan to the code (as `scan --iac`) and build the Drift section as the editor's export does.
  const link = values.iac !== undefined ? await linkScans(path.resolve(values.iac), scans, config) : undefined;
  for (const s of scans) delete s.liveScenes;
  const linkView = link ? buildLinkView(link.report, scans, [link.root]) : undefined;
  const drift = link && linkView?.hasDefinitions ? driftSection(linkView, [link.root]) : undefined;
  const minRetentionDays = config?.minRetentionDays ?? defaultRuleOptions.minRetentionDays;
  const retentionInPractice = values['no-retention-in-practice'] ? undefined : await retentionForScans(scans, { profiles: profiles.length ? profiles : [undefined], minRetentionDays });
  const source = values.config ?? '.trailguard.yaml';
  const generatedAt = new Date();
  const settings = evidenceSettings({ ...config, auditBucketPatterns: [...(config?.auditBucketPatterns ?? []), ...(values['audit-bucket'] ?? [])] }, source);
  const report = buildEvidenceReport(scans, {
    generatedAt,
    tool: { version, commit: toolCommit() },
    settings,
    // Ignores, then settings that change verdicts, then suppressions in code: one register.
    exceptions: [...exceptionsFromConfig(config, source), ...settingExceptions(settings), ...suppressions],
    ...(retentionInPractice ? { retentionInPractice } : {}),
    ...(drift ? { drift } : {}),
    ...(previous ? { previous: previous.report, previousSha256: previous.sha256 } : {}),
  });
  const base = reportBaseName(scan.account, scan.profile, generatedAt);
  let written;
  try {
    written = renderReportFiles(report, base, signingKey);
    fs.mkdirSync(values.out ?? '.', { recursive: true });
    for (const [name, text] of Object.entries(written.files)) fs.writeFileSync(path.join(values.out ?? '.', name), text);
  } catch (err) {
    io.stderr(`trailguard evidence: ${(err as Error).message}\n`);
    return 2;
  }
  for (const name of Object.keys(written.files)) io.stdout(`${path.join(values.out ?? '.', name)}\n`);
  io.stdout(`${report.title}\n${report.summary.verdict}\n`);
  const unreadable = scans.filter((s) => s.error);
  for (const s of unreadable) io.stderr(`trailguard evidence: could not read account of profile ${s.profile}: ${s.error} (the report says so)\n`);
  // A file of --iac DIR that could not be read or parsed is never silent (as `scan --iac`).
  if (link?.errors.length) io.stderr(`trailguard evidence: --iac: ${link.errors.length} problem${link.errors.length === 1 ? '' : 's'} reading or parsing the code: the Drift section may be incomplete\n`);
  return unreadable.length || link?.errors.length ? 2 : 0;
}

/** The report's sibling files: REPORT.json / REPORT.md, REPORT.sha256, REPORT.sha256.sig. */
export async function runVerify(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { 'public-key': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    io.stderr(`trailguard verify: ${(err as Error).message}\n${verifyUsage}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(verifyUsage);
    return 0;
  }
  const [file] = parsed.positionals;
  if (!file || parsed.positionals.length > 1) {
    io.stderr(verifyUsage);
    return 2;
  }
  const base = file.replace(/\.(json|md|sha256|sha256\.sig)$/, '');
  const read = (p: string): string | undefined => {
    try { return fs.readFileSync(p, 'utf8'); } catch { return undefined; }
  };
  const json = read(`${base}.json`);
  if (json === undefined) {
    io.stderr(`trailguard verify: cannot read ${base}.json\n`);
    return 2;
  }
  let trusted: string | undefined;
  if (parsed.values['public-key']) {
    trusted = read(parsed.values['public-key']);
    if (trusted === undefined) {
      io.stderr(`trailguard verify: cannot read ${parsed.values['public-key']}\n`);
      return 2;
    }
  }
  const markdown = read(`${base}.md`);
  const result = verifyReport({
    json: { name: path.basename(`${base}.json`), text: json },
    ...(markdown !== undefined ? { markdown: { name: path.basename(`${base}.md`), text: markdown } } : {}),
    sums: read(`${base}.sha256`),
    signature: read(`${base}.sha256.sig`),
    trustedPublicKeyPem: trusted,
  });
  io.stdout(`${result.lines.join('\n')}\n${result.ok ? 'report verified' : 'report does NOT verify'}\n`);
  return result.ok ? 0 : 1;
}
