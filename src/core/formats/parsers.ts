// The parser of each input format (see ./registry.ts). Kept apart from the registry so that the editor-side client,
// which only needs names and globs, does not bundle tree-sitter and the parsers.
import type { ParsedUnit, SourceFile } from '../parse/unit';
import { parseTerraformModule } from '../parse/terraform';
import { parseCloudFormation, parsePolicyFile } from '../parse/cfn';
import { parseTerraformPlan } from '../parse/plan';
import type { FormatId } from './registry';
import type { FileReader } from '../parse/terraform/evaluate';
import { emptyScene } from '../model';
import { DEFAULT_MAX_FILE_SIZE, tooLargeMessage, utf8SizeOver } from '../limits';

export interface ParserOptions {
  /** Keep parse trees for the next lint of the same files (the editor); false in batch runs. */
  cache?: boolean;
  /**
   * Every file of the lint run, for formats that point into others (a plan's resources into their `.tf`
   * definitions). Never linted through this.
   */
  context?: readonly SourceFile[];
  /** The one file-size limit (limits.ts), in UTF-8 bytes: every parser refuses larger files with the same error. */
  maxFileSize?: number;
  /** How Terraform reads files its module names (child modules, `file()`); default: the supplied files, then disk. */
  files?: FileReader;
}

type Parser = (files: SourceFile[], options: ParserOptions) => ParsedUnit | Promise<ParsedUnit>;

/** Module members (`unit: 'module'` / `'module-values'`) arrive together as one Terraform module. */
export const parsers: Record<FormatId, Parser> = {
  terraform: (files, o) => parseTerraformModule(files, { cache: o.cache, maxFileSize: o.maxFileSize, files: o.files }),
  'terraform-json': (files, o) => parseTerraformModule(files, { cache: o.cache, maxFileSize: o.maxFileSize, files: o.files }),
  tfvars: (files, o) => parseTerraformModule(files, { cache: o.cache, maxFileSize: o.maxFileSize, files: o.files }),
  'tfvars-json': (files, o) => parseTerraformModule(files, { cache: o.cache, maxFileSize: o.maxFileSize, files: o.files }),
  'terraform-plan': (files, o) => tooLarge(files[0], o.maxFileSize) ?? parseTerraformPlan(files[0], o.context ?? [], o.files),
  'cfn-yaml': (files, o) => parseCloudFormation(files[0], 'cfn-yaml', o.maxFileSize),
  'cfn-json': (files, o) => parseCloudFormation(files[0], 'cfn-json', o.maxFileSize),
  'policy-json': (files, o) => parsePolicyFile(files[0], o.maxFileSize),
};

/** The size check for a parser that has none of its own (the others refuse with the same message themselves). */
function tooLarge(file: SourceFile, maxFileSize = DEFAULT_MAX_FILE_SIZE): ParsedUnit | undefined {
  const size = utf8SizeOver(file.text, maxFileSize);
  if (size === undefined) return undefined;
  const zero = { line: 0, character: 0 };
  return { scene: emptyScene(), errors: [{ file: file.path, range: { start: zero, end: zero }, message: tooLargeMessage(size, maxFileSize) }] };
}
