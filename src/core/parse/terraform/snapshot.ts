// A tree-sitter tree copied into plain objects with one TreeCursor walk. Every property of a wasm-backed Node
// (`type`, `startIndex`, `children`, ...) is a call into wasm, and `children` allocates a Node object per child
// on each access; the conversion reads each node several times, so copying once is cheaper than asking the tree.
// The walk can also leave out the bodies of top-level blocks that nothing audit-related reads (see convert.ts).
import type { Tree, TreeCursor } from 'web-tree-sitter';
import { wasmCursor, type WasmCursor } from './treeSitter';

export interface SNode {
  type: string;
  startIndex: number;
  endIndex: number;
  isNamed: boolean;
  isMissing: boolean;
  isError: boolean;
  /** This node or a descendant is an ERROR or MISSING node. */
  hasError: boolean;
  /** The field this node fills in its parent (`key`, `val`), where the grammar names one. */
  field?: string;
  children: SNode[];
  namedChildren: SNode[];
  /** The children were left out on purpose (an irrelevant block body). */
  skipped?: boolean;
  /**
   * A `string_lit` of an error-free tree, copied without its children: they are always `"`, the literal text and
   * `"` (interpolations make a `quoted_template` instead), so the content is `[startIndex + 1, endIndex - 1)`.
   */
  collapsed?: boolean;
  /** Left out because SnapshotOptions.claim took it. */
  claimed?: boolean;
}

/**
 * Named node types that are tokens (lexical rules, external scanner tokens, `template_literal`'s chunks are
 * hidden): the cursor is not asked for their children. Anonymous nodes are string tokens, leaves as well.
 */
const LEAF_TYPES = new Set([
  'identifier', 'numeric_lit', 'null_lit', 'comment', 'ellipsis', 'strip_marker', 'template_literal',
  'quoted_template_start', 'quoted_template_end', 'template_interpolation_start', 'template_interpolation_end',
  'template_directive_start', 'template_directive_end', 'heredoc_identifier',
]);

export interface SnapshotOptions {
  /**
   * Called for the `body` of each top-level block of an error-free tree, with the block whose header (keyword,
   * labels, `{`) has already been copied. True leaves the body's children out.
   */
  skipBody?: (block: SNode, body: SNode) => boolean;
  /**
   * Called for each node of the top-level body before its children are copied; true leaves them out (the editor
   * reuses a block whose text did not change). `hasError` asks the tree, since the copy has not seen the children.
   */
  claim?: (node: SNode, hasError: () => boolean) => boolean;
  /**
   * For an error-free tree: called with each node of the top-level body as soon as it is complete, after which
   * the copy drops it. Converting block by block keeps the copied nodes short-lived (cheap for the GC).
   */
  onTopLevel?: (node: SNode) => void;
  /**
   * The parsed text. Given, the children of an error-free tree's simplest expressions (a plain string, number,
   * bool, null or dotted reference) are built from the text instead of being read from the tree.
   */
  text?: string;
  /** Walk with web-tree-sitter's TreeCursor even when wasmCursor is available (tests compare the two walks). */
  apiCursor?: boolean;
}

/** The children of every leaf (never pushed to: leaves are not descended into). */
const NONE: SNode[] = [];

interface TypeTable { named: boolean[]; leaf: boolean[] }

/** Per language: whether each node type is named and whether it is a leaf, read once instead of per node. */
const tablesByLanguage = new WeakMap<object, TypeTable>();

function typeTable(tree: Tree): TypeTable {
  const language = tree.language;
  let table = tablesByLanguage.get(language);
  if (!table) {
    table = { named: [], leaf: [] };
    for (let id = 0; id < language.types.length; id++) {
      const named = language.nodeTypeIsNamed(id);
      table.named.push(named);
      table.leaf.push(!named || LEAF_TYPES.has(language.types[id]));
    }
    tablesByLanguage.set(language, table);
  }
  return table;
}

export function snapshot(tree: Tree, options: SnapshotOptions = {}): SNode {
  const types = tree.language.types;
  const fields = tree.language.fields;
  const { named, leaf: leaves } = typeTable(tree);
  const rootNode = tree.rootNode;
  // A tree without errors has no MISSING node anywhere: one wasm call per node saved.
  const mayHaveMissing = rootNode.hasError;
  const skipBody = mayHaveMissing ? undefined : options.skipBody;
  const simpleText = mayHaveMissing ? undefined : options.text;
  const treeCursor = tree.walk();
  const cursor = (options.apiCursor ? undefined : wasmCursor(tree, treeCursor)) ?? apiCursor(treeCursor);
  try {
    const read = (typeId: number, parent: SNode | undefined): SNode => {
      const type = types[typeId] || 'ERROR';
      const isMissing = mayHaveMissing && cursor.isMissing();
      const isError = type === 'ERROR';
      const leaf = leaves[typeId] ?? false;
      const node: SNode = {
        type,
        startIndex: cursor.startIndex(),
        endIndex: cursor.endIndex(),
        // ERROR's id is outside the symbol table; it is a named node.
        isNamed: isError || (named[typeId] ?? true),
        isMissing,
        isError,
        hasError: isError || isMissing,
        // Leaves share one empty list: half the nodes are leaves, and these objects are what the GC sees.
        children: leaf ? NONE : [],
        namedChildren: leaf ? NONE : [],
      };
      if (parent?.type === 'object_elem') {
        const field = fields[cursor.fieldId()];
        if (field) node.field = field;
      }
      return node;
    };
    const root = read(cursor.typeId(), undefined);
    const stack: SNode[] = [root];
    const onTopLevel = mayHaveMissing ? undefined : options.onTopLevel;
    /** Hands the last complete child of the top-level body to onTopLevel (when stack is [root, body]). */
    const emit = (): void => {
      if (!onTopLevel || stack.length !== 2 || stack[1].type !== 'body') return;
      const body = stack[1];
      const node = body.children.pop()!;
      if (node.isNamed) body.namedChildren.pop();
      // The callbacks may call into the runtime (which reuses the buffer the cursor's state is kept in).
      cursor.withCursor(() => onTopLevel(node));
    };
    if (cursor.gotoFirstChild()) {
      for (;;) {
        const parent = stack[stack.length - 1];
        const typeId = cursor.typeId();
        // Punctuation (`=`, `{`, `,`, `.`) of an error-free tree is never read: only operators are.
        if (!mayHaveMissing && !named[typeId] && parent.type !== 'binary_operation' && parent.type !== 'unary_operation') {
          if (!nextSibling(cursor, stack, emit)) break;
          continue;
        }
        const node = read(typeId, parent);
        parent.children.push(node);
        if (node.isNamed) parent.namedChildren.push(node);
        if (node.hasError) parent.hasError = true;
        let descend = node.children !== NONE;
        if (descend && !mayHaveMissing && node.type === 'string_lit') {
          node.collapsed = true;
          descend = false;
        }
        if (descend && simpleText !== undefined && node.type === 'expression') {
          const kids = simpleExpression(simpleText, node.startIndex, node.endIndex);
          if (kids) {
            node.children = kids;
            node.namedChildren = kids;
            descend = false;
          }
        }
        const topLevel = stack.length === 2 && parent.type === 'body';
        if (descend && topLevel && options.claim && cursor.withCursor(() => options.claim!(node, () => mayHaveMissing && treeCursor.currentNode.hasError))) {
          node.claimed = true;
          descend = false;
        }
        // root → body → block → body: the body of a top-level block.
        if (skipBody && stack.length === 3 && node.type === 'body' && parent.type === 'block' && stack[1].type === 'body' && cursor.withCursor(() => skipBody(parent, node))) {
          node.skipped = true;
          descend = false;
        }
        if (descend && cursor.gotoFirstChild()) {
          stack.push(node);
          continue;
        }
        if (topLevel) emit();
        if (!nextSibling(cursor, stack, emit)) break;
      }
    }
    return root;
  } finally {
    cursor.release();
    treeCursor.delete();
  }
}

/** The same moves through web-tree-sitter's TreeCursor, when wasmCursor cannot be used. */
function apiCursor(cursor: TreeCursor): WasmCursor {
  return {
    gotoFirstChild: () => cursor.gotoFirstChild(),
    gotoNextSibling: () => cursor.gotoNextSibling(),
    gotoParent: () => cursor.gotoParent(),
    typeId: () => cursor.nodeTypeId,
    startIndex: () => cursor.startIndex,
    endIndex: () => cursor.endIndex,
    fieldId: () => cursor.currentFieldId,
    isMissing: () => cursor.nodeIsMissing,
    withCursor: (use) => use(),
    release: () => undefined,
  };
}

/** Moves to the next node in document order after a finished subtree; false when the walk is over. */
function nextSibling(cursor: WasmCursor, stack: SNode[], emit: () => void): boolean {
  while (!cursor.gotoNextSibling()) {
    const done = stack.pop()!;
    if (done.hasError) markError(stack);
    if (stack.length === 0) return false;
    cursor.gotoParent();
    emit();
  }
  return true;
}

function markError(stack: SNode[]): void {
  const parent = stack[stack.length - 1];
  if (parent) parent.hasError = true;
}

function leafNode(type: string, startIndex: number, endIndex: number): SNode {
  return { type, startIndex, endIndex, isNamed: true, isMissing: false, isError: false, hasError: false, children: NONE, namedChildren: NONE };
}

function parentNode(type: string, startIndex: number, endIndex: number, children: SNode[]): SNode {
  return { type, startIndex, endIndex, isNamed: true, isMissing: false, isError: false, hasError: false, children, namedChildren: children };
}

const NUMBER = /^[0-9]+(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?)?$/;
const REFERENCE = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

/**
 * The named children tree-sitter gives an error-free `expression` whose text is one of the forms that make up
 * most of a configuration, built from the text: a quoted string without interpolation (`literal_value` →
 * `string_lit`), a number, `true`/`false`, `null`, or a dotted ASCII reference (`variable_expr` → `identifier`,
 * then one `get_attr` → `identifier` per `.name`). Anything else (and any doubt) is undefined: read the tree.
 */
export function simpleExpression(text: string, start: number, end: number): SNode[] | undefined {
  const first = text.charCodeAt(start);
  if (first === 34 /* " */) {
    if (end - start < 2 || text.charCodeAt(end - 1) !== 34) return undefined;
    for (let i = start + 1; i < end - 1; i++) {
      const c = text.charCodeAt(i);
      if (c === 92 /* \ */) {
        i++;
        continue;
      }
      // A quote ends the string early (the text is more than one string); `${`/`%{` start a template; a string
      // never spans lines.
      if (c === 34 || c === 10 || c === 13) return undefined;
      if ((c === 36 || c === 37) && text.charCodeAt(i + 1) === 123) return undefined;
    }
    // The escape loop may have stepped over the closing quote (`"a\"`).
    if (!closesAt(text, start, end)) return undefined;
    const lit = leafNode('string_lit', start, end);
    lit.collapsed = true;
    return [parentNode('literal_value', start, end, [lit])];
  }
  if (end - start > 256) return undefined;
  const src = text.slice(start, end);
  if (NUMBER.test(src)) return [parentNode('literal_value', start, end, [leafNode('numeric_lit', start, end)])];
  if (src === 'true' || src === 'false') return [parentNode('literal_value', start, end, [parentNode('bool_lit', start, end, [])])];
  if (src === 'null') return [parentNode('literal_value', start, end, [leafNode('null_lit', start, end)])];
  if (!REFERENCE.test(src)) return undefined;
  const out: SNode[] = [];
  let at = start;
  for (const name of src.split('.')) {
    const id = leafNode('identifier', at, at + name.length);
    if (out.length === 0) out.push(parentNode('variable_expr', at, at + name.length, [id]));
    else out.push(parentNode('get_attr', at - 1, at + name.length, [id]));
    at += name.length + 1;
  }
  return out;
}

/** Whether the string opened at `start` closes exactly at `end - 1` (backslash escapes skipped). */
function closesAt(text: string, start: number, end: number): boolean {
  let i = start + 1;
  while (i < end - 1) i += text.charCodeAt(i) === 92 ? 2 : 1;
  return i === end - 1;
}
