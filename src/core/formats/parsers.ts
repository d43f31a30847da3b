// The parser of each input format (see ./registry.ts). Kept apart from the registry so that the editor-side client,
// which only needs names and globs, does not bundle tree-sitter and the parsers.
import type { ParsedUnit, SourceFile } from '../parse/unit';
import { parseTerraformModule } from '../parse/terraform';
import { parseCloudFormation, parsePolicyFile } from '../parse/cfn';
import { parseTerraformPlan } from '../parse/plan';
import type { FormatId } from './registry';

export interface ParserOptions {
  /** Keep parse trees for the next lint of the same files (the editor); false in batch runs. */
  cache?: boolean;
  /**
   * Every file of the lint run, for formats that point into others (a plan's resources into their `.tf`
   * definitions). Never linted through this.
   */
  context?: readonly SourceFile[];
}

type Parser = (files: SourceFile[], options: ParserOptions) => ParsedUnit | Promise<ParsedUnit>;

/** Module members (`unit: 'module'` / `'module-values'`) arrive together as one Terraform module. */
export const parsers: Record<FormatId, Parser> = {
  terraform: (files, o) => parseTerraformModule(files, { cache: o.cache }),
  'terraform-json': (files, o) => parseTerraformModule(files, { cache: o.cache }),
  tfvars: (files, o) => parseTerraformModule(files, { cache: o.cache }),
  'terraform-plan': (files, o) => parseTerraformPlan(files[0], o.context ?? []),
  'cfn-yaml': (files) => parseCloudFormation(files[0], 'cfn-yaml'),
  'cfn-json': (files) => parseCloudFormation(files[0], 'cfn-json'),
  'policy-json': (files) => parsePolicyFile(files[0]),
};
