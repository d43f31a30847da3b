// `trailguard evidence --iac DIR`: lints DIR with the same engine and settings, so that every suppression comment
// (and CloudFormation Metadata ignore) that silenced a finding of the code is in the report's exceptions register,
// with where it is, what it silenced and why.
import type { LintConfig } from '../core/config';
import { lintSources } from '../core/engine';
import type { ParseError } from '../core/model';
import { suppressionExceptions } from '../evidence/exceptionSources';
import type { ExceptionRule } from '../evidence/types';
import { DEFAULT_MAX_FILE_SIZE, readSources } from './sources';
import { collectFiles } from './walk';

/** The suppressions the lint of `dir` applied; undefined when `dir` does not exist. */
export async function iacSuppressions(dir: string, config: Partial<LintConfig> | undefined): Promise<ExceptionRule[] | undefined> {
  let missing = false;
  const files = collectFiles([dir], () => { missing = true; });
  if (missing) return undefined;
  const errors: ParseError[] = [];
  const lint = await lintSources(readSources(files, DEFAULT_MAX_FILE_SIZE, errors), config, undefined, { cache: false });
  // Paths as the user sees them from where the command runs.
  return suppressionExceptions(lint, process.cwd());
}
