// The contract between parsers and the engine: each lint unit (a Terraform module folder, a CloudFormation
// template, a standalone policy file) becomes one Scene plus the parse errors met on the way.
import type { Loc, ParseError, RelatedInfo, Scene } from '../model';
import type { FormatId } from '../formats/registry';

export interface SourceFile { path: string; text: string }

export interface ParsedUnit {
  scene: Scene;
  errors: ParseError[];
  /**
   * Related information for every finding inside `extent` (a plan's resource → its `.tf` definition): the unit's
   * file is generated, the definition is where the user acts.
   */
  related?: { extent: Loc; info: RelatedInfo }[];
}

/** The input format of a file (core/formats/registry.ts). */
export type FileKind = FormatId;
