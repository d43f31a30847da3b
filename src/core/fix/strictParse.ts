// The strict re-parse a fixed text must pass before it is written. Stricter than the linting parsers, which
// recover from errors to lint as much as they can: here a duplicate key is an error (CloudFormation rejects it,
// and a YAML reader that keeps the last key would silently change what the policy says), and so is any syntax
// error or a duplicate Terraform argument ("Attribute redefined").
import { parseAllDocuments, type Tags } from 'yaml';
import { visit, type ParseErrorCode, printParseErrorCode } from 'jsonc-parser';
import type { Node as TsNode } from 'web-tree-sitter';
import type { FileKind } from '../parse/unit';
import { parseOnce, terraformParser } from '../parse/terraform/treeSitter';
import { lineStarts, positionAt } from './apply';

export interface StrictProblem { line: number; message: string }

/** CloudFormation's short-form intrinsics, in every node form, so that `!Ref x` is not an unknown tag. */
const INTRINSICS = ['Ref', 'Condition', 'Sub', 'GetAtt', 'If', 'Join', 'Select', 'Split', 'FindInMap', 'ImportValue', 'Equals',
  'Not', 'And', 'Or', 'Base64', 'Cidr', 'GetAZs', 'Transform', 'Length', 'ToJsonString'];
const customTags: Tags = INTRINSICS.flatMap((n) => [
  { tag: `!${n}`, resolve: (s: string) => s },
  { tag: `!${n}`, collection: 'seq' as const },
  { tag: `!${n}`, collection: 'map' as const },
]);

function yamlProblems(text: string): StrictProblem[] {
  const starts = lineStarts(text);
  const problems: StrictProblem[] = [];
  for (const doc of parseAllDocuments(text, { customTags, uniqueKeys: true, prettyErrors: false })) {
    for (const err of doc.errors) {
      problems.push({ line: positionAt(starts, err.pos[0]).line, message: err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') });
    }
  }
  return problems;
}

/** Strict JSON: no comments, no trailing commas, no duplicate keys in any object. */
function jsonProblems(text: string): StrictProblem[] {
  const starts = lineStarts(text);
  const problems: StrictProblem[] = [];
  const keys: Set<string>[] = [];
  visit(
    text,
    {
      onObjectBegin: () => { keys.push(new Set()); },
      onObjectEnd: () => { keys.pop(); },
      onObjectProperty: (property, offset) => {
        const seen = keys[keys.length - 1];
        if (!seen) return;
        if (seen.has(property)) problems.push({ line: positionAt(starts, offset).line, message: `duplicate key ${JSON.stringify(property)}` });
        seen.add(property);
      },
      onError: (error: ParseErrorCode, offset) => {
        problems.push({ line: positionAt(starts, offset).line, message: `JSON syntax error: ${printParseErrorCode(error)}` });
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  return problems;
}

async function hclProblems(text: string): Promise<StrictProblem[]> {
  const tree = parseOnce(await terraformParser(), text);
  if (!tree) return [{ line: 0, message: 'the Terraform parser gave up on this text' }];
  try {
    const problems: StrictProblem[] = [];
    const stack: TsNode[] = [tree.rootNode];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.isError || node.isMissing) {
        problems.push({ line: node.startPosition.row, message: node.isMissing ? `missing ${node.type}` : 'Terraform syntax error' });
        continue;
      }
      if (!node.hasError && node.type !== 'body' && node.type !== 'config_file' && node.type !== 'block') continue;
      if (node.type === 'body') {
        const seen = new Set<string>();
        for (const child of node.namedChildren) {
          if (child?.type !== 'attribute') continue;
          const name = child.namedChildren.find((c) => c?.type === 'identifier')?.text;
          if (name === undefined) continue;
          if (seen.has(name)) problems.push({ line: child.startPosition.row, message: `argument "${name}" is set twice (Terraform: Attribute redefined)` });
          seen.add(name);
        }
      }
      for (const child of node.children) if (child) stack.push(child);
    }
    return problems.sort((a, b) => a.line - b.line);
  } finally {
    tree.delete();
  }
}

/** What a strict reader of `kind` rejects in `text` (empty when it parses cleanly). */
export async function strictParseProblems(kind: FileKind, text: string): Promise<StrictProblem[]> {
  switch (kind) {
    case 'terraform':
    case 'tfvars':
      return hclProblems(text);
    case 'terraform-json':
    case 'tfvars-json':
    case 'terraform-plan':
    case 'cfn-json':
    case 'policy-json':
      return jsonProblems(text);
    case 'cfn-yaml':
      return yamlProblems(text);
  }
}
