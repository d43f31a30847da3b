// Code actions for TrailGuard diagnostics: the rule's fixes (the safe one preferred), a suppression comment with
// a reason, the rule's documentation, and `source.fixAll.trailguard` (every safe fix of the file).
import {
  CodeAction,
  CodeActionKind,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { findNodeAtLocation, modify, parseTree } from 'jsonc-parser';
import type { FileEdit, Finding } from '../core/model';
import { findingKey, SOURCE, type DiagnosticData } from './diagnostics';
import { SUPPRESS_REASON_PLACEHOLDER } from './suppressText';
import { detectFormat } from '../core/formats/registry';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.trailguard`;
export const OPEN_DOCS_COMMAND = 'trailguard.openDocs';
export const FIX_ALL_COMMAND = 'trailguard.fixAll';
export const LINT_FILES_COMMAND = 'trailguard.lintFiles';

/** Turns file edits into one workspace edit; overlapping edits of one file keep only the first (LSP forbids overlap). */
export function toWorkspaceEdit(edits: FileEdit[], uriOf: (file: string) => string): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of edits) {
    const uri = uriOf(e.file);
    const list = (changes[uri] ??= []);
    if (list.some((x) => overlaps(x.range, e.range))) continue;
    list.push({ range: e.range, newText: e.newText });
  }
  return { changes };
}

type R = FileEdit['range'];
function before(a: R['start'], b: R['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
/** Ranges that share text. Two insertions at one point do not: LSP applies them in array order. */
export function overlaps(a: R, b: R): boolean {
  return before(a.start, b.end) && before(b.start, a.end);
}

function findingFor(diagnostic: Diagnostic, findings: Finding[]): Finding | undefined {
  const key = (diagnostic.data as DiagnosticData | undefined)?.key;
  if (key) {
    const byKey = findings.find((f) => findingKey(f) === key);
    if (byKey) return byKey;
  }
  // Clients that drop `data`: match by rule id and range.
  return findings.find(
    (f) =>
      f.ruleId === diagnostic.code &&
      f.range?.start.line === diagnostic.range.start.line &&
      f.range?.start.character === diagnostic.range.start.character,
  );
}

export interface CodeActionInput {
  diagnostics: Diagnostic[];
  only?: string[];
  /** Findings of the last lint of this file (not suppressed). */
  findings: Finding[];
  filePath: string;
  text: string;
  uriOf: (file: string) => string;
  docsUrl: (ruleId: string) => string;
  /** The edits of `source.fixAll.trailguard` (computed by the caller: it needs the engine). */
  fixAllEdits?: FileEdit[];
}

function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
}

export function codeActions(input: CodeActionInput): CodeAction[] {
  const actions: CodeAction[] = [];
  const { only, uriOf } = input;
  if (wants(only, CodeActionKind.QuickFix)) {
    const seenDocs = new Set<string>();
    const seenSuppress = new Set<string>();
    for (const diagnostic of input.diagnostics) {
      if (diagnostic.source !== SOURCE || typeof diagnostic.code !== 'string') continue;
      const finding = findingFor(diagnostic, input.findings);
      if (finding) {
        const safe = finding.fixes.find((f) => f.kind === 'safe');
        for (const fix of finding.fixes) {
          actions.push({
            title: fix.kind === 'snippet' && !/placeholder/i.test(fix.title) ? `${fix.title} (review the placeholders)` : fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: fix === safe,
            edit: toWorkspaceEdit(fix.edits, uriOf),
          });
        }
      }
      const ruleId = diagnostic.code;
      const suppressKey = `${ruleId}@${diagnostic.range.start.line}`;
      const suppress = seenSuppress.has(suppressKey)
        ? undefined
        : suppressionEdit(input.filePath, input.text, ruleId, diagnostic.range.start.line) ??
          (finding ? metadataSuppressionEdit(input.filePath, input.text, ruleId, finding.resource) : undefined);
      if (suppress) {
        seenSuppress.add(suppressKey);
        actions.push({
          title: `Suppress ${ruleId} here with a reason`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: toWorkspaceEdit([suppress], uriOf),
        });
      }
      if (!seenDocs.has(ruleId)) {
        seenDocs.add(ruleId);
        actions.push({
          title: `Open documentation for ${ruleId}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: { title: `Open documentation for ${ruleId}`, command: OPEN_DOCS_COMMAND, arguments: [ruleId] },
        });
      }
    }
  }
  if (only && only.some((o) => FIX_ALL_KIND === o || FIX_ALL_KIND.startsWith(o + '.'))) {
    const edits = input.fixAllEdits ?? [];
    if (edits.length) {
      actions.push({ title: 'Fix all safe TrailGuard problems', kind: FIX_ALL_KIND, edit: toWorkspaceEdit(edits, uriOf) });
    }
  }
  return actions;
}


/**
 * `# trailguard:ignore TGxxx <reason>` on the line above the finding, with its indentation (HCL and YAML). Inside a
 * heredoc the comment would become part of the string, so it goes above the line that opens the heredoc. JSON
 * has no comments: no suppression edit there.
 */
export function suppressionEdit(filePath: string, text: string, ruleId: string, line: number): FileEdit | undefined {
  // The file's format says whether it has comments and heredocs; a `.template` holding JSON has neither.
  const format = detectFormat(filePath, text, { anyName: true });
  if (!format?.lineComment) return undefined;
  const lines = text.split(/\r?\n/);
  if (line < 0 || line >= lines.length) return undefined;
  const target = format.heredocs ? heredocOpenerOf(lines, line) ?? line : line;
  const indent = /^\s*/.exec(lines[target])![0];
  return {
    file: filePath,
    range: { start: { line: target, character: 0 }, end: { line: target, character: 0 } },
    newText: `${indent}${format.lineComment} trailguard:ignore ${ruleId} ${SUPPRESS_REASON_PLACEHOLDER}\n`,
  };
}

/**
 * JSON has no comments: in a CloudFormation JSON template the suppression goes into the resource's
 * `Metadata.trailguard.ignore` list (created when missing), which the engine honours the same way.
 */
export function metadataSuppressionEdit(filePath: string, text: string, ruleId: string, logicalId: string): FileEdit | undefined {
  if (!detectFormat(filePath, text, { anyName: true })?.metadataSuppressions) return undefined;
  const root = parseTree(text);
  const resource = root && findNodeAtLocation(root, ['Resources', logicalId]);
  if (!resource || resource.type !== 'object') return undefined;
  const entry = { id: ruleId, reason: SUPPRESS_REASON_PLACEHOLDER };
  const ignorePath = ['Resources', logicalId, 'Metadata', 'trailguard', 'ignore'];
  const existing = findNodeAtLocation(root, ignorePath);
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const formattingOptions = { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
  const edits =
    existing?.type === 'array'
      ? modify(text, [...ignorePath, -1], entry, { isArrayInsertion: true, formattingOptions })
      : modify(text, ignorePath, [entry], { formattingOptions });
  if (edits.length !== 1) return undefined;
  const [edit] = edits;
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const pos = (offset: number) => {
    let line = starts.length - 1;
    while (starts[line] > offset) line--;
    return { line, character: offset - starts[line] };
  };
  return { file: filePath, range: { start: pos(edit.offset), end: pos(edit.offset + edit.length) }, newText: edit.content };
}

/** The line that opens the heredoc containing `line`, or undefined when `line` is not inside one. */
function heredocOpenerOf(lines: string[], line: number): number | undefined {
  let open: { line: number; marker: string } | undefined;
  for (let i = 0; i < line; i++) {
    if (open) {
      if (lines[i].trim() === open.marker) open = undefined;
      continue;
    }
    const m = /<<-?\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(lines[i]);
    if (m) open = { line: i, marker: m[1] };
  }
  return open && lines[line].trim() !== open.marker ? open.line : undefined;
}
