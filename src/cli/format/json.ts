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
  return [...jsonChunks(findings, errors)].join('');
}

/** Items serialised per chunk (a finding is about 450 bytes of JSON). */
const BATCH = 500;

/**
 * The report `formatJson` returns, byte for byte (`JSON.stringify(report, null, 2)`), in chunks of 500 items: a
 * lint with 70,000 findings wrote one 31 MB string, which the process held twice (the string, then its bytes for
 * stdout) at the end of the run, beside the findings.
 */
export function* jsonChunks(findings: Finding[], errors: ParseError[]): Generator<string> {
  yield '{\n  "version": 1,\n  "findings": ';
  yield* arrayChunks(findings, findingToJson);
  yield ',\n  "errors": ';
  yield* arrayChunks(errors, errorToJson);
  yield '\n}\n';
}

const OPEN = '{\n  "a": [';
const CLOSE = '\n  ]\n}';

/** A member array of the top-level object as JSON.stringify(…, null, 2) writes it (items at depth 2). */
function* arrayChunks<T>(items: readonly T[], toJson: (item: T) => unknown): Generator<string> {
  if (items.length === 0) {
    yield '[]';
    return;
  }
  yield '[';
  for (let i = 0; i < items.length; i += BATCH) {
    // Serialised as the member of an object, each batch comes out indented exactly as in the report.
    const text = JSON.stringify({ a: items.slice(i, i + BATCH).map(toJson) }, null, 2);
    yield `${i ? ',' : ''}${text.slice(OPEN.length, text.length - CLOSE.length)}`;
  }
  yield '\n  ]';
}
