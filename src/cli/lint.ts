// `trailguard lint [paths...] [--format text|json|sarif] [--config FILE] [--fix]`
import * as path from 'path';
import { parseArgs } from 'util';
import type { ParseError } from '../core/model';
import { DEFAULT_MAX_FILE_SIZE } from './sources';
import { runFix } from './fix';
import { lintFiles } from './parallel';
import { collectFiles } from './walk';
import { formatJson } from './format/json';
import { formatText } from './format/text';
import { formatSarif } from './format/sarif';
import { UsageError, type Io } from './io';
import { readConfig } from './configFile';
import { notRecognisedMessage } from '../core/formats/registry';

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
    io.stdout('usage: trailguard lint [paths...] [--format text|json|sarif] [--config FILE] [--fix] [--max-file-size BYTES]\n'
      + '  --fix  apply the safe fixes in place (strictly re-parsed, each fix and each skipped one reported);\n'
      + '         exit 2 when a fixed file could not be written\n');
    return 0;
  }
  const format = values.format!;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown --format ${format} (text, json or sarif)`);
  const maxSize = values['max-file-size'] ? Number(values['max-file-size']) : DEFAULT_MAX_FILE_SIZE;
  if (!Number.isFinite(maxSize) || maxSize <= 0) throw new UsageError('--max-file-size must be a positive number of bytes');
  const config = readConfig(values.config, io);
  const missing: string[] = [];
  const explicit: string[] = [];
  const files = collectFiles(positionals.length ? positionals : ['.'], (p) => missing.push(p), explicit);
  if (missing.length) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
  const paths = files.map((f) => path.normalize(f));
  const named = explicit.map((f) => path.normalize(f));
  const readErrors: ParseError[] = [];
  const { result, fixed, writeFailures } = values.fix
    ? await runFix(paths, maxSize, config, io, readErrors, new Set(named))
    : { result: await lintFiles({ files: paths, config, maxSize, named }), fixed: 0, writeFailures: 0 };
  const errors = [...readErrors, ...result.errors];
  if (format === 'json') io.stdout(formatJson(result.findings, errors));
  else if (format === 'sarif') io.stdout(formatSarif(result.findings, errors));
  else io.stdout(formatText(result.findings, errors, { fixed, suppressionsWithoutReason: result.suppressions.filter((s) => !s.reason).length }));
  // A file --fix could not write is an operational failure, like a usage error: the run did not do what was asked.
  if (writeFailures) return 2;
  // A file named on the command line that no format recognises was not checked: never a green run.
  if (errors.some((e) => e.message === notRecognisedMessage())) return 1;
  return result.findings.some((f) => f.status === 'fail' && f.severity === 'error' && !f.suppressed) ? 1 : 0;
}
