// `trailguard lint [paths...] [--format text|json|sarif] [--config FILE] [--fix]`
import * as path from 'path';
import type { ParseError } from '../core/model';
import { DEFAULT_MAX_FILE_SIZE } from './sources';
import { runFix } from './fix';
import { lintFiles } from './parallel';
import { collectFiles } from './walk';
import { jsonChunks } from './format/json';
import { textChunks } from './format/text';
import { formatSarif } from './format/sarif';
import { formatJunit } from './format/junit';
import { formatGitlab } from './format/gitlab';
import { helpText, parseCommand, type CommandSpec } from './command';
import { defaultCacheLocation, engineId } from './lintCache';
import { UsageError, type Io } from './io';
import { readConfig } from './configFile';

export const lintCommand: CommandSpec = {
  name: 'lint',
  positionals: '[paths...]',
  summary: 'Lint Terraform (.tf, .tf.json, tfvars, plan JSON), CloudFormation (YAML/JSON) and S3/KMS policy JSON for\n' +
    'AWS audit-logging guardrails. Folders are walked (honouring .gitignore); files are recognised by content.',
  options: {
    format: { type: 'string', short: 'f', default: 'text', arg: 'FORMAT', description: 'output: text, json, sarif, junit or gitlab (GitLab Code Quality)' },
    config: { type: 'string', short: 'c', arg: 'FILE', description: 'settings file (default: .trailguard.yaml in the current folder, if any)' },
    fix: { type: 'boolean', default: false, description: 'apply the safe fixes in place: strictly re-parsed, written atomically, each fix reported' },
    'max-file-size': { type: 'string', arg: 'BYTES', default: String(DEFAULT_MAX_FILE_SIZE), description: 'files larger than this are reported as not checked' },
    cache: { type: 'boolean', default: true, description: 'reuse the results of unchanged modules and files from the last run' },
    'no-cache': { type: 'boolean', default: false, description: 'lint everything from scratch (nothing read from or written to the cache)' },
    'cache-location': { type: 'string', arg: 'DIR', description: 'where the cache lives (default: node_modules/.cache/trailguard, else .trailguard-cache)' },
    help: { type: 'boolean', short: 'h', description: 'print this help' },
  },
  examples: [
    'trailguard lint                                   # the current folder',
    'trailguard lint infra/ templates/audit.yaml -f sarif > trailguard.sarif',
    'trailguard lint --fix modules/logging',
    'trailguard lint -f junit > trailguard-junit.xml   # one test case per rule and resource',
    'trailguard lint --no-cache                        # ignore results of earlier runs',
  ],
  notes: [
    'exit codes: 0 no error-severity failure and every file linted; 1 an error-severity failure, or a file that could\n' +
    'not be read, parsed or evaluated (syntax error, invalid UTF-8, over --max-file-size, not recognised): a file that\n' +
    'was not checked never passes; 2 usage error, or --fix could not write a file.',
  ],
};

const FORMATS = ['text', 'json', 'sarif', 'junit', 'gitlab'];

export async function runLint(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(lintCommand, argv);
  if (values.help) {
    io.stdout(helpText(lintCommand));
    return 0;
  }
  const format = values.format as string;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format ${format} (${FORMATS.slice(0, -1).join(', ')} or ${FORMATS.at(-1)})`);
  const maxSize = Number(values['max-file-size']);
  if (!Number.isFinite(maxSize) || maxSize <= 0) throw new UsageError('--max-file-size must be a positive number of bytes');
  const config = readConfig(values.config as string | undefined, io);
  const missing: string[] = [];
  const explicit: string[] = [];
  const files = collectFiles(positionals.length ? positionals : ['.'], (p) => missing.push(p), explicit);
  if (missing.length) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
  if (files.length === 0) {
    // Nothing to check is not a failure (a repository without IaC), but it must not look like a clean result.
    io.stderr(`trailguard: no Terraform, CloudFormation or policy files found under ${(positionals.length ? positionals : ['.']).join(', ')}\n`);
  }
  const paths = files.map((f) => path.normalize(f));
  const named = explicit.map((f) => path.normalize(f));
  const readErrors: ParseError[] = [];
  // Keyed by content, never by time stamps: a result is reused only when every file it was computed from is unchanged.
  const cache = values['no-cache'] || values.cache === false ? undefined
    : { dir: path.resolve((values['cache-location'] as string | undefined) ?? defaultCacheLocation()), build: engineId() };
  const { result, fixed, writeFailures } = values.fix
    ? await runFix(paths, maxSize, config, io, readErrors, new Set(named), { includePasses: format === 'junit' })
    // Without --fix no fix is applied: findings keep whether they are fixable (json's `fixable`), not the edits.
    : { result: await lintFiles({ files: paths, config, maxSize, named, includePasses: format === 'junit', cache, fixEdits: false }), fixed: 0, writeFailures: 0 };
  const errors = [...readErrors, ...result.errors];
  if (format === 'json') for (const chunk of jsonChunks(result.findings, errors)) io.stdout(chunk);
  else if (format === 'sarif') io.stdout(formatSarif(result.findings, errors));
  else if (format === 'junit') io.stdout(formatJunit(result.findings, errors));
  else if (format === 'gitlab') io.stdout(formatGitlab(result.findings, errors));
  else for (const chunk of textChunks(result.findings, errors, { fixed, suppressionsWithoutReason: result.suppressions.filter((s) => !s.reason).length })) io.stdout(chunk);
  // A file --fix could not write is an operational failure, like a usage error: the run did not do what was asked.
  if (writeFailures) return 2;
  // Fail closed: a file that could not be read, parsed or evaluated (or, named on the command line, is no format
  // we know) was not checked, so the run is never green.
  if (errors.length > 0) return 1;
  return result.findings.some((f) => f.status === 'fail' && f.severity === 'error' && !f.suppressed) ? 1 : 0;
}
