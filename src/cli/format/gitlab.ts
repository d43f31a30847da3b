// `--format gitlab`: GitLab Code Quality (a JSON array of issues: description, check_name, fingerprint, severity,
// location.path, location.lines.begin). Failures and unverified checks are issues; suppressed findings are not.
// The fingerprint leaves the line out, so an issue keeps its identity when lines above it move.
import { createHash } from 'crypto';
import type { Finding, ParseError } from '../../core/model';
import { ruleById } from '../../core/rules';

type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

function severityOf(f: Finding): GitlabSeverity {
  if (f.status === 'unknown') return 'info';
  const catalog = ruleById(f.ruleId)?.meta.severity;
  if (f.severity === 'error') return catalog === 'critical' ? 'critical' : 'major';
  return f.severity === 'warning' ? 'minor' : 'info';
}

export function formatGitlab(findings: Finding[], errors: ParseError[]): string {
  const seen = new Map<string, number>();
  const fingerprint = (parts: string[]) => {
    const base = parts.join('\u0000');
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return createHash('sha256').update(`${base}\u0000${n}`).digest('hex');
  };
  const issues = [
    ...errors.map((e) => ({
      type: 'issue',
      description: `File could not be checked: ${e.message}`,
      check_name: 'parse-error',
      fingerprint: fingerprint(['parse', e.file, e.message]),
      severity: 'major' as GitlabSeverity,
      location: { path: e.file, lines: { begin: e.range.start.line + 1 } },
    })),
    ...findings
      .filter((f) => (f.status === 'fail' || f.status === 'unknown') && !f.suppressed)
      .map((f) => ({
        type: 'issue',
        description: `${f.ruleId}: ${f.message}`,
        check_name: f.ruleId,
        fingerprint: fingerprint([f.ruleId, f.status, f.file ?? '', f.resource]),
        severity: severityOf(f),
        location: { path: f.file ?? f.resource, lines: { begin: (f.range?.start.line ?? 0) + 1 } },
      })),
  ];
  return JSON.stringify(issues, null, 2) + '\n';
}
