// Loads web-tree-sitter and the Terraform grammar once, and keeps the last tree of every file so that an
// unchanged file is not re-parsed and a changed one is re-parsed incrementally (the editor lints on every
// keystroke; a 20-file module must stay well under 50 ms).
import * as fs from 'fs';
import * as path from 'path';
import { Edit, Language, Parser } from 'web-tree-sitter';
import type { Point, Tree, TreeCursor } from 'web-tree-sitter';
import { positionAt } from '../../lines';

let ready: Promise<Parser> | undefined;

/**
 * The object given to `Parser.init`: Emscripten makes it the runtime's module, holding the wasm exports. Kept for
 * wasmCursor below; undefined until then, or when an earlier `Parser.init` elsewhere made another object the module.
 */
let binding: Record<string, unknown> | undefined;

/** The bundle copies the wasm files beside dist/*.js; from sources they come from node_modules. */
function findWasm(fileName: string, fromPackage: () => string): string {
  const beside = path.join(__dirname, fileName);
  if (fs.existsSync(beside)) return beside;
  return fromPackage();
}

// Module ids in variables: the bundler must not try to bundle these lookups (they only run from sources).
const RUNTIME_WASM_ID = 'web-tree-sitter/web-tree-sitter.wasm';
const GRAMMAR_PACKAGE_ID = '@tree-sitter-grammars/tree-sitter-hcl/package.json';

function runtimeWasm(): string {
  return findWasm('web-tree-sitter.wasm', () => require.resolve(RUNTIME_WASM_ID));
}

function grammarWasm(): string {
  return findWasm('tree-sitter-terraform.wasm', () => path.join(path.dirname(require.resolve(GRAMMAR_PACKAGE_ID)), 'tree-sitter-terraform.wasm'));
}

export function terraformParser(): Promise<Parser> {
  if (!ready) {
    ready = (async () => {
      const runtime = runtimeWasm();
      const options: Record<string, unknown> = { locateFile: () => runtime };
      await Parser.init(options);
      binding = options;
      const language = await Language.load(grammarWasm());
      const parser = new Parser();
      parser.setLanguage(language);
      return parser;
    })();
    ready.catch(() => { ready = undefined; });
  }
  return ready;
}

/**
 * A TreeCursor driven through the runtime's own exports. web-tree-sitter's TreeCursor copies its four words of
 * state into the runtime's transfer buffer before every call and back after every move (eight DataView accesses
 * through a generic `setValue`/`getValue`), which cost two thirds of copying a tree. The runtime keeps the state in
 * that buffer between calls when nothing else uses it, so a walk that only moves and reads can skip the copies
 * (3.5 times faster over 1.6 million nodes). The exports are web-tree-sitter's binding (binding.c), not its public
 * API: wasmCursor checks each one and is undefined when any is missing, and snapshot.ts then uses the TreeCursor.
 */
export interface WasmCursor {
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  typeId(): number;
  startIndex(): number;
  endIndex(): number;
  fieldId(): number;
  isMissing(): boolean;
  /** Runs `use` with `cursor` brought up to date and puts the state back afterwards (for calls of the public API). */
  withCursor<T>(use: () => T): T;
  /** Brings `cursor` up to date, for `cursor.delete()`: moves may have reallocated its stack. */
  release(): void;
}

type Export = (tree: number) => number;
const CURSOR_EXPORTS = [
  '_ts_tree_cursor_goto_first_child_wasm', '_ts_tree_cursor_goto_next_sibling_wasm', '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm', '_ts_tree_cursor_start_index_wasm', '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_field_id_wasm', '_ts_tree_cursor_current_node_is_missing_wasm', '_ts_init',
] as const;

/** The four words of a TreeCursor, as web-tree-sitter keeps them at indexes 0-3 of the cursor and of the tree. */
type Words = TreeCursor & Record<0 | 1 | 2 | 3, number>;

export function wasmCursor(tree: Tree, cursor: TreeCursor): WasmCursor | undefined {
  const m = binding;
  if (!m || CURSOR_EXPORTS.some((name) => typeof m[name] !== 'function') || typeof m.getValue !== 'function' || typeof m.setValue !== 'function') return undefined;
  const treeId = (tree as unknown as Record<0, unknown>)[0];
  const words = cursor as Words;
  if (typeof treeId !== 'number' || [0, 1, 2, 3].some((i) => typeof words[i as 0] !== 'number')) return undefined;
  const fn = (name: (typeof CURSOR_EXPORTS)[number]) => m[name] as Export;
  const getValue = m.getValue as (ptr: number, type: string) => number;
  const setValue = m.setValue as (ptr: number, value: number, type: string) => void;
  // ts_init only reports where the transfer buffer is (and the language versions it supports).
  const buffer = fn('_ts_init')(0);
  const store = () => { for (let i = 0; i < 4; i++) setValue(buffer + 4 * i, words[i as 0], 'i32'); };
  const load = () => { for (let i = 0; i < 4; i++) words[i as 0] = getValue(buffer + 4 * i, 'i32'); };
  const [first, next, parent, typeId, start, end, field, missing] = CURSOR_EXPORTS.map(fn);
  store();
  return {
    gotoFirstChild: () => first(treeId) === 1,
    gotoNextSibling: () => next(treeId) === 1,
    gotoParent: () => parent(treeId) === 1,
    typeId: () => typeId(treeId),
    startIndex: () => start(treeId),
    endIndex: () => end(treeId),
    fieldId: () => field(treeId),
    isMissing: () => missing(treeId) === 1,
    withCursor: (use) => {
      load();
      try {
        return use();
      } finally {
        store();
      }
    },
    release: load,
  };
}

interface CachedTree { text: string; tree: Tree }
const trees = new Map<string, CachedTree>();
/** Bound on remembered files (a long editor session opens many folders). */
const MAX_CACHED_TREES = 500;
/**
 * Bound on the text behind remembered trees. A tree takes many times its text in wasm memory, which never shrinks,
 * and a large heap of live trees makes every later parse allocate slowly. Only the files being typed in need
 * their tree (an unchanged sibling reuses its conversion without parsing), so a few megabytes are plenty.
 */
const MAX_CACHED_TREE_CHARS = 4 * 1024 * 1024;
let cachedChars = 0;

function forget(file: string): void {
  const entry = trees.get(file);
  if (!entry) return;
  entry.tree.delete();
  cachedChars -= entry.text.length;
  trees.delete(file);
}

function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

function pointIn(lineStarts: readonly number[], offset: number): Point {
  const { line, character } = positionAt(lineStarts, offset);
  return { row: line, column: character };
}

/** The edit that turns `before` into `after`, from their common prefix and suffix. */
function diffEdit(before: string, after: string): Edit {
  let start = 0;
  const min = Math.min(before.length, after.length);
  while (start < min && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return new Edit({
    startIndex: start,
    oldEndIndex: endBefore,
    newEndIndex: endAfter,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, endBefore),
    newEndPosition: pointAt(after, endAfter),
  });
}

/** A parse that runs longer than this is cancelled (pathological input must not hang the editor). */
const PARSE_BUDGET_MS = 3000;

/**
 * Parses `text` for `file`, reusing the previous tree of that file. The returned tree is owned by the cache.
 * Returns null when parsing was cancelled for taking too long.
 */
export function parseCached(parser: Parser, file: string, text: string): Tree | null {
  const prev = trees.get(file);
  if (prev && prev.text === text) return prev.tree;
  const deadline = Date.now() + PARSE_BUDGET_MS;
  const options = { progressCallback: () => Date.now() > deadline };
  let tree: Tree | null;
  if (prev) {
    prev.tree.edit(diffEdit(prev.text, text));
    tree = parser.parse(text, prev.tree, options);
    forget(file);
  } else {
    tree = parser.parse(text, null, options);
  }
  if (!tree) {
    parser.reset();
    return null;
  }
  // Least recently parsed first; the tree just made stays (the caller converts it next).
  while (trees.size > 0 && (trees.size >= MAX_CACHED_TREES || cachedChars + text.length > MAX_CACHED_TREE_CHARS)) {
    forget(trees.keys().next().value as string);
  }
  trees.set(file, { text, tree });
  cachedChars += text.length;
  return tree;
}

/**
 * Parses `text` without the cache (batch lint: every file is parsed once, and keeping 2,000 trees in wasm memory
 * is what made a workspace lint take gigabytes). The caller deletes the tree. Null when cancelled.
 */
export function parseOnce(parser: Parser, text: string): Tree | null {
  const deadline = Date.now() + PARSE_BUDGET_MS;
  const tree = parser.parse(text, null, { progressCallback: () => Date.now() > deadline });
  if (!tree) parser.reset();
  return tree;
}

/**
 * Parses only `text[start, end)` (positions stay those of the whole text); the caller deletes the tree.
 * `lineStarts` (the text's line index, when the caller parses many chunks of one text) spares a scan of the text
 * from its start for every chunk.
 */
export function parseChunk(parser: Parser, text: string, start: number, end: number, lineStarts?: readonly number[]): Tree | null {
  const deadline = Date.now() + PARSE_BUDGET_MS;
  const at = (offset: number) => (lineStarts ? pointIn(lineStarts, offset) : pointAt(text, offset));
  const range = { startIndex: start, endIndex: end, startPosition: at(start), endPosition: at(end) };
  const tree = parser.parse(text, null, { includedRanges: [range], progressCallback: () => Date.now() > deadline });
  if (!tree) parser.reset();
  return tree;
}

/** Drops a file's tree (the file was closed or deleted). */
export function forgetTree(file: string): void {
  forget(file);
}
