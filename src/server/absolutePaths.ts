// The engine works on workspace-relative paths (so that globs in settings read naturally); the editor needs
// absolute ones. A lint worker converts its findings itself, so the main thread does not copy them once more.
import * as path from 'path';
import type { Finding, ParseError } from '../core/model';
import type { SuppressionComment } from '../core/suppress';

/** `p` resolved against `base`, each distinct path once (thousands of findings name a handful of files). */
export function resolverFrom(base: string): (p: string) => string {
  const resolved = new Map<string, string>();
  return (p) => resolved.get(p) ?? resolved.set(p, path.resolve(base, p)).get(p)!;
}

export function absoluteFinding(f: Finding, abs: (p: string) => string): Finding {
  const absLoc = <T extends { file: string }>(l: T): T => ({ ...l, file: abs(l.file) });
  return {
    ...f,
    file: f.file ? abs(f.file) : f.file,
    related: f.related.map((r) => (r.loc ? { ...r, loc: absLoc(r.loc) } : r)),
    fixes: f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map(absLoc) })),
  };
}

/** What the editor is shown: failures and unknowns that are not suppressed, with absolute paths. */
export function shownWithAbsolutePaths(
  result: { findings: Finding[]; errors: ParseError[]; suppressions: SuppressionComment[] },
  abs: (p: string) => string,
): { findings: Finding[]; errors: ParseError[]; suppressions: SuppressionComment[] } {
  return {
    findings: result.findings.filter((f) => f.status !== 'pass' && !f.suppressed && f.file).map((f) => absoluteFinding(f, abs)),
    errors: result.errors.map((e) => ({ ...e, file: abs(e.file) })),
    suppressions: result.suppressions.map((c) => ({ ...c, file: abs(c.file) })),
  };
}
