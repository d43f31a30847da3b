// Terraform module (one folder's .tf + tfvars files) → Scene. Never throws: syntax problems become ParseErrors,
// and the intact blocks of a half-typed file still yield entities.
import type { ParseError, Range, Scene } from '../../model';
import { emptyScene } from '../../model';
import type { ParsedUnit, SourceFile } from '../unit';
import { adaptModule } from './adapt';
import type { Block, FileAst } from './ast';
import { lineStartsOf, positionAt } from './ast';
import type { Converted } from './convert';
import { convertTree, isUnconverted, shiftBlockInPlace, shiftConverted } from './convert';
import { Evaluator, type FileReader } from './evaluate';
import * as path from 'path';
import { diskReader } from './workspaceFiles';
import { loadModuleTree, type FolderReader } from './moduleTree';
import { convertTfJson } from './json';
import { isTfvars, TfModule } from './module';
import { DEFAULT_MAX_FILE_SIZE, tooLargeMessage, utf8SizeOver } from '../../limits';
import { bracketBalance, mergeConverted, topLevelChunks } from './syntaxErrors';
import { parseChunk, parseCached, parseOnce, terraformParser } from './treeSitter';
import { readsUnchanged, recordingReader, type UnitReads } from '../../unitCache';


/** From this size (characters), a batch lint parses a clean file by top-level chunks (see convertOnce). */
export const CHUNKED_PARSE_CHARS = 256 * 1024;

/** Per-file conversion results, keyed by text: unchanged siblings are not converted again. */
const converted = new Map<string, { text: string; result: Converted }>();
const MAX_CONVERTED = 500;

/**
 * The last result per module (by its file paths): re-linting unchanged text (save, code actions) is free. It holds
 * every file and folder listing the evaluation read besides the module's own files (child modules, `file()`,
 * the modules manifest): a changed `file()` target or a file added to a child module's folder is seen.
 */
const lastResults = new Map<string, { texts: string[]; reads: UnitReads; result: ParsedUnit }>();
const MAX_MODULE_RESULTS = 16;

export interface ParseOptions {
  /**
   * Keep trees, conversions and the module's result for the next parse (default). The editor re-parses the same
   * files on every keystroke; a batch lint parses each file once and must not keep 2,000 files' trees alive.
   */
  cache?: boolean;
  /** Reads files the module names (`file()`, `templatefile()`, child modules); by default from disk. */
  files?: FileReader;
  /** Larger files (UTF-8 bytes) are reported instead of parsed (limits.ts). */
  maxFileSize?: number;
}

export async function parseTerraformModule(files: SourceFile[], options: ParseOptions = {}): Promise<ParsedUnit> {
  const reader = options.files ?? diskReader(files);
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (options.cache === false) return parseModuleFiles(files, false, reader, maxFileSize);
  const key = files.map((f) => f.path).join('\u0000');
  const last = lastResults.get(key);
  // Unchanged when the module's files and everything else its evaluation read are unchanged.
  if (last && last.texts.every((t, i) => t === files[i].text) && readsUnchanged(last.reads, reader)) return last.result;
  const recording = recordingReader(reader);
  const unit = await parseModuleFiles(files, true, recording.reader, maxFileSize);
  if (lastResults.size >= MAX_MODULE_RESULTS) lastResults.delete(lastResults.keys().next().value as string);
  lastResults.set(key, { texts: files.map((f) => f.text), reads: recording.reads, result: unit });
  return unit;
}

async function parseModuleFiles(files: SourceFile[], cache: boolean, reader: FileReader, maxFileSize: number): Promise<ParsedUnit> {
  const errors: ParseError[] = [];
  const asts: FileAst[] = [];
  let parser: Awaited<ReturnType<typeof terraformParser>>;
  try {
    parser = await terraformParser();
    for (const file of files) {
      const problem = unparsable(file, maxFileSize);
      if (problem) {
        errors.push(problem);
        continue;
      }
      let result: Converted | undefined;
      try {
        result = isJsonSyntax(file.path) ? convertJsonFile(file, cache) : convertFile(parser, file, cache);
      } catch (err) {
        // One unreadable file must not cost the module its other files.
        errors.push({ file: file.path, range: zeroRange(), message: `Could not parse this file: ${(err as Error).message}` });
        continue;
      }
      if (!result) {
        errors.push({ file: file.path, range: zeroRange(), message: 'Parsing took too long and was stopped' });
        continue;
      }
      asts.push(result.ast);
      for (const p of result.problems) {
        errors.push({ file: file.path, range: { start: positionAt(result.ast.lineStarts, p.span.start), end: positionAt(result.ast.lineStarts, p.span.end) }, message: p.message });
      }
    }
  } catch (err) {
    errors.push({ file: files[0]?.path ?? '', range: zeroRange(), message: `Terraform parser failed: ${(err as Error).message}` });
    return { scene: emptyScene(), errors };
  }
  let scene: Scene;
  try {
    const dir = files.length ? path.dirname(files[0].path) : '.';
    const ev = new Evaluator(new TfModule(asts), reader, dir);
    // Child module results outlive the parse only on the editor path (childCache.ts).
    ev.cacheChildren = cache;
    // Child modules (errors in their files are their own units' business, or a downloaded module's).
    const loaded = await loadModuleTree(dir, asts, reader, folderReader(reader), async (f) => {
      if (unparsable(f, maxFileSize)) return undefined;
      try {
        return (isJsonSyntax(f.path) ? convertJsonFile(f, cache) : convertFile(parser, f, cache))?.ast;
      } catch {
        return undefined;
      }
    });
    ev.tree = loaded.tree;
    scene = adaptModule(ev);
  } catch (err) {
    scene = emptyScene();
    errors.push({ file: files[0]?.path ?? '', range: zeroRange(), message: `Terraform evaluation failed: ${(err as Error).message}` });
  }
  return { scene, errors };
}

/** Terraform's JSON syntax: `.tf.json` modules and `.tfvars.json` variable files. */
function isJsonSyntax(p: string): boolean {
  return p.endsWith('.tf.json') || p.endsWith('.tfvars.json');
}

function folderReader(reader: FileReader): FolderReader {
  return (dir) => {
    const paths = reader.list?.(dir);
    if (!paths) return undefined;
    const out: SourceFile[] = [];
    for (const p of paths) {
      const text = reader.read(p);
      if (text !== undefined) out.push({ path: p, text });
    }
    return out;
  };
}

function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function unparsable(file: SourceFile, maxFileSize: number): ParseError | undefined {
  const size = utf8SizeOver(file.text, maxFileSize);
  if (size !== undefined) return { file: file.path, range: zeroRange(), message: tooLargeMessage(size, maxFileSize) };
  const nul = file.text.indexOf('\u0000');
  if (nul !== -1) {
    const pos = positionAt(lineStartsOf(file.text.slice(0, nul + 1)), nul);
    return { file: file.path, range: { start: pos, end: pos }, message: 'Binary content (NUL byte): not a Terraform file' };
  }
  return undefined;
}

function convertJsonFile(file: SourceFile, cache: boolean): Converted {
  if (!cache) return convertTfJson(file.path, file.text);
  const hit = converted.get(file.path);
  if (hit && hit.text === file.text) return hit.result;
  const result = convertTfJson(file.path, file.text);
  converted.set(file.path, { text: file.text, result });
  return result;
}

function convertFile(parser: Awaited<ReturnType<typeof terraformParser>>, file: SourceFile, cache: boolean): Converted | undefined {
  if (!cache) return convertOnce(parser, file);
  const hit = converted.get(file.path);
  if (hit && hit.text === file.text) return hit.result;
  const tree = parseCached(parser, file.path, file.text);
  if (!tree) return undefined;
  // A broken file is converted chunk by chunk; converting its whole tree first would only be thrown away.
  let result = tree.rootNode.hasError && !isTfvars(file.path) ? convertByChunks(parser, file.path, file.text) : undefined;
  result ??= convertTree(file.path, file.text, tree, { reuse: hit ? reusableBlocks(hit.text, hit.result, file.text) : undefined, reparse: reparser(parser, file.text) });
  if (converted.size >= MAX_CONVERTED) converted.delete(converted.keys().next().value as string);
  converted.set(file.path, { text: file.text, result });
  return result;
}

/** Batch conversion: the tree is freed as soon as it is converted, and nothing is remembered. */
function convertOnce(parser: Awaited<ReturnType<typeof terraformParser>>, file: SourceFile): Converted | undefined {
  if (!isTfvars(file.path)) {
    const balance = bracketBalance(file.text);
    // Brackets that surely do not match: the whole-file parse would only find the error; recover by chunks at
    // once. A large file whose brackets match is parsed by chunks too when every chunk parses cleanly (then so
    // does the whole file, and the blocks are the same): a 1 MB tree took 110-130 MB of wasm memory, which is never
    // returned, where its chunks' trees take little. Otherwise the file is parsed whole, as always.
    const want = balance === 'unbalanced' ? 'broken' : balance === 'balanced' && file.text.length >= CHUNKED_PARSE_CHARS ? 'clean' : undefined;
    const byChunks = want && convertByChunks(parser, file.path, file.text, want);
    if (byChunks) return byChunks;
  }
  let tree = parseOnce(parser, file.text);
  if (!tree) return undefined;
  if (tree.rootNode.hasError && !isTfvars(file.path)) {
    // A broken file is converted chunk by chunk: free its whole tree first (the chunks' trees reuse the memory).
    tree.delete();
    const byChunks = convertByChunks(parser, file.path, file.text);
    if (byChunks) return byChunks;
    tree = parseOnce(parser, file.text);
    if (!tree) return undefined;
  }
  try {
    return convertTree(file.path, file.text, tree, { reparse: reparser(parser, file.text) });
  } finally {
    tree.delete();
  }
}

/** Parses one block of `text` on its own, for the bodies convertTree leaves for later. */
function reparser(parser: Awaited<ReturnType<typeof terraformParser>>, text: string): (start: number, end: number) => ReturnType<typeof parseChunk> {
  let lineStarts: number[] | undefined; // built on the first deferred body, once per text
  return (start, end) => parseChunk(parser, text, start, end, (lineStarts ??= lineStartsOf(text)));
}

/**
 * Text parsed at once when a file goes by chunks: consecutive top-level blocks are parsed together up to this
 * size. One parse per block cost as much again as the parsing itself on a file of 11,000 small blocks (parser,
 * tree and cursor set up and torn down per block), while a 32 K tree takes only a few megabytes of wasm memory.
 */
const CHUNK_GROUP_CHARS = 32 * 1024;

/**
 * Re-parses a broken file one top-level block at a time, so the blocks after a syntax error survive. Consecutive
 * blocks are parsed together (CHUNK_GROUP_CHARS); a group with an error is parsed again block by block. Each piece
 * is parsed as a string of its own and its conversion moved to its offset: handing the parser the whole text (and
 * indexing its lines) once per chunk made one early syntax error cost time quadratic in the file's size.
 */
function convertByChunks(parser: Awaited<ReturnType<typeof terraformParser>>, path: string, text: string, want?: 'broken' | 'clean'): Converted | undefined {
  const chunks = topLevelChunks(text);
  if (chunks.length < 2) return undefined;
  const parts: Converted[] = [];
  let broken = false;
  /** Parses and converts `[start, end)`; 'error' (tree kept for the caller's decision) when it has a syntax error. */
  const convert = (start: number, end: number, onError: 'keep' | 'split'): Converted | 'error' | undefined => {
    const piece = text.slice(start, end);
    const tree = parseOnce(parser, piece);
    if (!tree) return undefined;
    try {
      if (tree.rootNode.hasError && onError === 'split') return 'error';
      return shiftConverted(convertTree(path, piece, tree, { lineStarts: false }), start);
    } finally {
      tree.delete();
    }
  };
  for (let i = 0; i < chunks.length;) {
    let j = i + 1;
    while (j < chunks.length && chunks[j].end - chunks[i].start <= CHUNK_GROUP_CHARS) j++;
    const group = convert(chunks[i].start, chunks[j - 1].end, 'split');
    if (group === undefined) return undefined;
    if (group !== 'error') parts.push(group);
    else {
      broken = true;
      if (want === 'clean') return undefined;
      for (let k = i; k < j; k++) {
        const one = convert(chunks[k].start, chunks[k].end, 'keep');
        if (one === undefined || one === 'error') return undefined;
        parts.push(one);
      }
    }
    i = j;
  }
  // Every chunk parsed cleanly: then the whole file does too, and is converted whole as any clean file is.
  if (want === 'broken' && !broken) return undefined;
  return mergeConverted(path, text, parts);
}

/**
 * Lookup of the previous version's top-level blocks by their text: a block whose text did not change is reused
 * (moved when the text before it changed length) instead of being converted again. Each old block is handed out
 * once, since moving is done in place.
 */
function reusableBlocks(oldText: string, old: Converted, newText: string): (start: number, end: number) => Block | undefined {
  const byText = new Map<string, Block[]>();
  for (const b of old.ast.blocks) {
    // A body still to be converted would be parsed from the old text at the old offsets: convert anew instead.
    if (isUnconverted(b)) continue;
    const key = oldText.slice(b.span.start, b.span.end);
    const list = byText.get(key);
    if (list) list.push(b);
    else byText.set(key, [b]);
  }
  return (start, end) => {
    const b = byText.get(newText.slice(start, end))?.shift();
    return b ? shiftBlockInPlace(b, start - b.span.start) : undefined;
  };
}
