// Findings and parse errors as LSP diagnostics. The rule id is the diagnostic code and links to the rule's doc
// page; unknown results are Information and say why they could not be verified; related entities (the trail a
// bucket belongs to, the key a trail uses) become relatedInformation so the editor can jump to them.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, type Range } from 'vscode-languageserver/node';
import type { ConfigProblem } from '../core/configCheck';
import type { Finding, ParseError } from '../core/model';
import type { SuppressionComment } from '../core/suppress';
import { SUPPRESS_REASON_PLACEHOLDER } from './suppressText';

export const SOURCE = 'trailguard';
export const FALLBACK_DOCS_BASE = 'https://github.com/trailguard/trailguard/blob/main/docs/rules/';

/** What a diagnostic carries back to the server in code-action requests. */
export interface DiagnosticData { key: string }

/**
 * Where the rule docs are: the server's own copy (`docs/rules/` beside `dist/`, shipped in the VSIX and the npm
 * package) so they open offline, else the repository.
 */
export function defaultDocsBase(): string {
  const local = path.join(__dirname, '..', 'docs', 'rules');
  try {
    if (fs.statSync(local).isDirectory()) return pathToFileURL(local).toString() + '/';
  } catch {
    // not shipped with this build: fall through
  }
  return FALLBACK_DOCS_BASE;
}

export function ruleDocsUrl(ruleId: string, base: string): string {
  return `${base.endsWith('/') ? base : base + '/'}${ruleId}.md`;
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function severityOf(finding: Finding): DiagnosticSeverity {
  if (finding.status === 'unknown') return DiagnosticSeverity.Information;
  if (finding.severity === 'error') return DiagnosticSeverity.Error;
  if (finding.severity === 'warning') return DiagnosticSeverity.Warning;
  return DiagnosticSeverity.Information;
}

/** A stable key of a finding within one lint result, so a code action finds the finding its diagnostic shows. */
export function findingKey(f: Finding): string {
  const r = f.range ?? ZERO;
  return `${f.ruleId}@${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}#${f.resource}`;
}

/**
 * Editors show diagnostic messages as plain text (VS Code's Problems panel and hover, Neovim, eglot): the catalog's
 * Markdown code spans become quotes, as in ESLint's and tsc's messages.
 */
export function plainText(message: string): string {
  return message.replace(/`([^`\n]+)`/g, "'$1'");
}

export function findingToDiagnostic(
  finding: Finding,
  docsBase: string,
  uriOf: (file: string) => string,
): Diagnostic {
  let message = finding.message;
  if (finding.status === 'unknown' && !message.startsWith(`${finding.ruleId} could not be verified`)) {
    message = `${finding.ruleId} could not be verified: ${message}`;
  }
  const relatedInformation: DiagnosticRelatedInformation[] = [];
  const unlocated: string[] = [];
  for (const rel of finding.related) {
    if (rel.loc) relatedInformation.push({ location: { uri: uriOf(rel.loc.file), range: rel.loc.range }, message: rel.message });
    else unlocated.push(rel.message);
  }
  if (unlocated.length) message += `\n${unlocated.join('\n')}`;
  const diagnostic: Diagnostic = {
    range: finding.range ?? ZERO,
    severity: severityOf(finding),
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId, docsBase) },
    source: SOURCE,
    message: plainText(message),
    data: { key: findingKey(finding) } satisfies DiagnosticData,
  };
  if (relatedInformation.length) diagnostic.relatedInformation = relatedInformation;
  return diagnostic;
}

export function configProblemToDiagnostic(problem: ConfigProblem): Diagnostic {
  return {
    range: problem.range,
    severity: problem.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: SOURCE,
    message: problem.message,
  };
}

export function parseErrorToDiagnostic(error: ParseError): Diagnostic {
  return {
    range: error.range,
    severity: DiagnosticSeverity.Error,
    source: SOURCE,
    message: `Could not parse: ${error.message}`,
  };
}

export function oversizeDiagnostic(size: number, limit: number): Diagnostic {
  const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
  return {
    range: ZERO,
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message: `TrailGuard skipped this file: it is ${mb(size)} MB, over the trailguard.maxFileSize limit of ${mb(limit)} MB.`,
  };
}

/**
 * A suppression that silenced something but says nothing about why (or still has the placeholder the "Suppress"
 * action inserted): an audit reviewer will ask, so the editor asks first.
 */
export function reasonlessSuppressionDiagnostic(comment: SuppressionComment, text: string | undefined): Diagnostic | undefined {
  const reason = comment.reason?.trim();
  if (reason && reason !== SUPPRESS_REASON_PLACEHOLDER) return undefined;
  const lineText = text?.split(/\r?\n/)[comment.line] ?? '';
  const start = Math.max(0, lineText.search(/\S/));
  return {
    range: { start: { line: comment.line, character: start }, end: { line: comment.line, character: lineText.length } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message: `${comment.by} has no reason: say why this is accepted, so that the suppression can be reviewed.`,
  };
}
