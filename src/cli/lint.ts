// `trailguard lint [paths...] [--format text|json|sarif] [--config FILE] [--fix]`
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { lintSources, type LintResult } from '../core/engine';
import type { LintConfig } from '../core/config';
import { applyEdits } from '../core/fix/apply';
import type { FileEdit, ParseError } from '../core/model';
import type { SourceFile } from '../core/parse/unit';
import { DEFAULT_MAX_FILE_SIZE, readSources } from './sources';
import { lintFiles } from './parallel';
import { collectFiles } from './walk';
import { formatJson } from './format/json';
import { formatText } from './format/text';
import { formatSarif } from './format/sarif';
import { UsageError, type Io } from './io';
import { readConfig } from './configFile';

/** Applies the safe fixes, re-linting between passes so that fixes which touch the same lines all land. */
async function fixAll(sources: SourceFile[], config: Partial<LintConfig> | undefined, io: Io): Promise<{ result: LintResult; fixed: number }> {
  const byPath = new Map(sources.map((s) => [s.path, s]));
  let fixed = 0;
  let result = await lintSources(sources, config);
  for (let pass = 0; pass < 5; pass++) {
    const edits = new Map<string, FileEdit[]>();
    const fixedHere: string[] = [];
    for (const f of result.findings) {
      const fix = f.status === 'fail' && !f.suppressed ? f.fixes.find((x) => x.kind === 'safe') : undefined;
      if (!fix) continue;
      for (const e of fix.edits) edits.set(e.file, [...(edits.get(e.file) ?? []), e]);
      fixedHere.push(`${f.file}:${(f.range?.start.line ?? 0) + 1}  ${f.ruleId}  ${fix.title}`);
    }
    if (edits.size === 0) break;
    let changed = false;
    for (const [file, list] of edits) {
      const source = byPath.get(file);
      if (!source) continue;
      const { text } = applyEdits(source.text, list);
      if (text !== source.text) {
        source.text = text;
        fs.writeFileSync(file, text);
        changed = true;
      }
    }
    if (!changed) break;
    const before = result.findings.filter((f) => f.status === 'fail' && !f.suppressed).length;
    result = await lintSources([...byPath.values()], config);
    const after = result.findings.filter((f) => f.status === 'fail' && !f.suppressed).length;
    fixed += Math.max(0, before - after);
    for (const line of fixedHere) io.stderr(`fixed ${line}\n`);
  }
  return { result, fixed };
}

export async function runLint(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      config: { type: 'string', short: 'c' },
      fix: { type: 'boolean', default: false },
      'max-file-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout('usage: trailguard lint [paths...] [--format text|json|sarif] [--config FILE] [--fix] [--max-file-size BYTES]\n');
    return 0;
  }
  const format = values.format!;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown --format ${format} (text, json or sarif)`);
  const maxSize = values['max-file-size'] ? Number(values['max-file-size']) : DEFAULT_MAX_FILE_SIZE;
  if (!Number.isFinite(maxSize) || maxSize <= 0) throw new UsageError('--max-file-size must be a positive number of bytes');
  const config = readConfig(values.config, io);
  const missing: string[] = [];
  const files = collectFiles(positionals.length ? positionals : ['.'], (p) => missing.push(p));
  if (missing.length) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
  const paths = files.map((f) => path.normalize(f));
  const readErrors: ParseError[] = [];
  const { result, fixed } = values.fix
    ? await fixAll(readSources(paths, maxSize, readErrors), config, io)
    : { result: await lintFiles({ files: paths, config, maxSize }), fixed: 0 };
  const errors = [...readErrors, ...result.errors];
  if (format === 'json') io.stdout(formatJson(result.findings, errors));
  else if (format === 'sarif') io.stdout(formatSarif(result.findings, errors));
  else io.stdout(formatText(result.findings, errors, { fixed, suppressionsWithoutReason: result.suppressions.filter((s) => !s.reason).length }));
  return result.findings.some((f) => f.status === 'fail' && f.severity === 'error' && !f.suppressed) ? 1 : 0;
}
