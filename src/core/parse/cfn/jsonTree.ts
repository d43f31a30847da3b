// CloudFormation / policy JSON → tree, with jsonc-parser's tolerant `parseTree`: a half-typed file still yields
// the intact part, and each syntax error keeps its position.
import { parseTree, printParseErrorCode, type Node as JNode, type ParseError as JParseError } from 'jsonc-parser';
import { MAX_DEPTH, type Entry, type Node, type ReadResult } from './tree';
import { ReadBudget, ReadLimitError, firstOffsetDeeperThan } from './readLimits';

const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'invalid symbol',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'property name expected',
  ValueExpected: 'value expected',
  ColonExpected: "':' expected",
  CommaExpected: "',' expected",
  CloseBraceExpected: "'}' expected",
  CloseBracketExpected: "']' expected",
  EndOfFileExpected: 'end of file expected',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character',
};

export function readJson(text: string): ReadResult {
  // jsonc-parser recurses once per nesting level: refuse absurd depth before it can overflow the stack.
  const deep = firstOffsetDeeperThan(text, MAX_DEPTH);
  if (deep !== undefined) {
    return { roots: [], errors: [{ start: deep, end: deep + 1, message: `nesting deeper than ${MAX_DEPTH} levels` }] };
  }
  const raw: JParseError[] = [];
  let tree: JNode | undefined;
  // A byte-order mark is not JSON, but editors write one; a space of the same length keeps every offset.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  try {
    tree = parseTree(source, raw, { allowTrailingComma: true, disallowComments: false });
  } catch (e) {
    return { roots: [], errors: [{ start: 0, end: 0, message: `JSON could not be read: ${(e as Error).message}` }] };
  }
  // A truncated file leaves every open bracket unclosed at the same offset: report the innermost one only.
  const seen = new Set<number>();
  const errors = raw.filter((e) => !seen.has(e.offset) && seen.add(e.offset)).map((e) => {
    const code = printParseErrorCode(e.error);
    return { start: e.offset, end: e.offset + e.length, message: `JSON syntax error: ${MESSAGES[code] ?? code}` };
  });
  if (!tree) return { roots: [], errors };
  try {
    return { roots: [convert(tree, 0, new ReadBudget())], errors };
  } catch (e) {
    if (e instanceof ReadLimitError) return { roots: [], errors: [...errors, { start: e.offset, end: e.offset, message: e.message }] };
    throw e;
  }
}

function convert(node: JNode, depth: number, budget: ReadBudget): Node {
  budget.visit(depth, node.offset);
  const start = node.offset;
  const end = node.offset + node.length;
  switch (node.type) {
    case 'object': {
      const entries: Entry[] = [];
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode) continue;
        entries.push({
          key: String(keyNode.value),
          keyStart: keyNode.offset,
          keyEnd: keyNode.offset + keyNode.length,
          value: valueNode ? convert(valueNode, depth + 1, budget) : undefined,
        });
      }
      return { k: 'map', entries, flow: true, start, end };
    }
    case 'array':
      return { k: 'seq', items: (node.children ?? []).map((c) => convert(c, depth + 1, budget)), flow: true, start, end };
    case 'string':
      return { k: 'scalar', v: String(node.value), quoted: true, start, end };
    case 'number':
    case 'boolean':
      return { k: 'scalar', v: node.value as number | boolean, start, end };
    default:
      return { k: 'scalar', v: null, start, end };
  }
}
