// `--format json`: the stable machine format (version 1). Positions are 1-based.
import type { Finding, ParseError } from '../../core/model';

export function findingToJson(f: Finding) {
  const r = f.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    ruleId: f.ruleId,
    status: f.status,
    severity: f.severity,
    message: f.message,
    file: f.file ?? '',
    line: r.start.line + 1,
    column: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
    resource: f.resource,
    fixable: f.fixes.some((x) => x.kind === 'safe'),
    suppressed: !!f.suppressed,
  };
}

export function errorToJson(e: ParseError) {
  return { file: e.file, line: e.range.start.line + 1, column: e.range.start.character + 1, message: e.message };
}

export function formatJson(findings: Finding[], errors: ParseError[]): string {
  return JSON.stringify({ version: 1, findings: findings.map(findingToJson), errors: errors.map(errorToJson) }, null, 2) + '\n';
}
