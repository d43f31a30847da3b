// A tree-sitter tree copied into plain objects with one TreeCursor walk. Every property of a wasm-backed Node
// (`type`, `startIndex`, `children`, ...) is a call into wasm, and `children` allocates a Node object per child
// on each access; the conversion reads each node several times, so copying once is cheaper than asking the tree.
// The walk can also leave out the bodies of top-level blocks that nothing audit-related reads (see convert.ts).
import type { Tree, TreeCursor } from 'web-tree-sitter';

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
}

export interface SnapshotOptions {
  /**
   * Called for the `body` of each top-level block of an error-free tree, with the block whose header (keyword,
   * labels, `{`) has already been copied. True leaves the body's children out.
   */
  skipBody?: (block: SNode, body: SNode) => boolean;
}

/** Per language: type names and whether each type is named, read once instead of per node. */
const namedByLanguage = new WeakMap<object, boolean[]>();

function namedTable(tree: Tree): boolean[] {
  const language = tree.language;
  let table = namedByLanguage.get(language);
  if (!table) {
    table = [];
    for (let id = 0; id < language.types.length; id++) table.push(language.nodeTypeIsNamed(id));
    namedByLanguage.set(language, table);
  }
  return table;
}

export function snapshot(tree: Tree, options: SnapshotOptions = {}): SNode {
  const types = tree.language.types;
  const fields = tree.language.fields;
  const named = namedTable(tree);
  const rootNode = tree.rootNode;
  // A tree without errors has no MISSING node anywhere: one wasm call per node saved.
  const mayHaveMissing = rootNode.hasError;
  const skipBody = mayHaveMissing ? undefined : options.skipBody;
  const cursor = tree.walk();
  try {
    const read = (parent: SNode | undefined): SNode => {
      const typeId = cursor.nodeTypeId;
      const type = types[typeId] || 'ERROR';
      const isMissing = mayHaveMissing && cursor.nodeIsMissing;
      const isError = type === 'ERROR';
      const node: SNode = {
        type,
        startIndex: cursor.startIndex,
        endIndex: cursor.endIndex,
        // ERROR's id is outside the symbol table; it is a named node.
        isNamed: isError || (named[typeId] ?? true),
        isMissing,
        isError,
        hasError: isError || isMissing,
        children: [],
        namedChildren: [],
      };
      if (parent?.type === 'object_elem') {
        const field = fields[cursor.currentFieldId];
        if (field) node.field = field;
      }
      return node;
    };
    const root = read(undefined);
    const stack: SNode[] = [root];
    if (cursor.gotoFirstChild()) {
      for (;;) {
        const parent = stack[stack.length - 1];
        const node = read(parent);
        parent.children.push(node);
        if (node.isNamed) parent.namedChildren.push(node);
        if (node.hasError) parent.hasError = true;
        let descend = true;
        // root → body → block → body: the body of a top-level block.
        if (skipBody && stack.length === 3 && node.type === 'body' && parent.type === 'block' && stack[1].type === 'body' && skipBody(parent, node)) {
          node.skipped = true;
          descend = false;
        }
        if (descend && cursor.gotoFirstChild()) {
          stack.push(node);
          continue;
        }
        if (!nextSibling(cursor, stack)) break;
      }
    }
    return root;
  } finally {
    cursor.delete();
  }
}

/** Moves to the next node in document order after a finished subtree; false when the walk is over. */
function nextSibling(cursor: TreeCursor, stack: SNode[]): boolean {
  while (!cursor.gotoNextSibling()) {
    const done = stack.pop()!;
    if (done.hasError) markError(stack);
    if (stack.length === 0) return false;
    cursor.gotoParent();
  }
  return true;
}

function markError(stack: SNode[]): void {
  const parent = stack[stack.length - 1];
  if (parent) parent.hasError = true;
}
