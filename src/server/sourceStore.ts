// The texts the engine lints: open documents from the editor's memory, closed module siblings from disk. Closed
// files are cached by (mtime, size) so a keystroke in `main.tf` re-reads nothing; a folder listing is cached
// until a watched-file event says the folder changed.
import * as fs from 'fs';
import * as path from 'path';
import type { SourceFile } from '../core/parse/unit';
import { isModuleMember } from '../core/formats/registry';

interface CachedFile { mtimeMs: number; size: number; text: string }

export interface OpenText { text: string; version: number }

export class SourceStore {
  private readonly open = new Map<string, OpenText>();
  private readonly disk = new Map<string, CachedFile>();
  private readonly listings = new Map<string, string[]>();

  /**
   * Folder listings are cached only while a file watcher tells us about created and deleted files; a client
   * without one gets a fresh (cheap) listing each lint. File contents are always checked against mtime and size.
   */
  cacheListings = false;

  constructor(private readonly maxFileSize: () => number) {}

  setOpen(filePath: string, text: string, version: number): void {
    this.open.set(filePath, { text, version });
  }

  closeOpen(filePath: string): void {
    this.open.delete(filePath);
  }

  getOpen(filePath: string): OpenText | undefined {
    return this.open.get(filePath);
  }

  openPaths(): string[] {
    return [...this.open.keys()];
  }

  /** Forget what is known about a file on disk (a watched-file event). */
  invalidate(filePath: string, folderChanged: boolean): void {
    this.disk.delete(filePath);
    if (folderChanged) this.listings.delete(path.dirname(filePath));
  }

  invalidateAll(): void {
    this.disk.clear();
    this.listings.clear();
  }

  /** The module members of a folder: open ones as typed, closed ones from disk. Unreadable files are left out. */
  moduleFiles(dir: string): SourceFile[] {
    const names = new Set(this.listModuleMembers(dir));
    for (const p of this.open.keys()) {
      if (path.dirname(p) === dir && isModuleMember(p)) names.add(path.basename(p));
    }
    const files: SourceFile[] = [];
    for (const name of [...names].sort()) {
      const p = path.join(dir, name);
      const text = this.textOf(p);
      if (text !== undefined) files.push({ path: p, text });
    }
    return files;
  }

  /** The text of a file: the open document if there is one, else the cached disk content. */
  textOf(filePath: string): string | undefined {
    const open = this.open.get(filePath);
    if (open) return open.text;
    return this.readDisk(filePath);
  }

  /** Size of a closed file on disk (for the size limit), without reading it. */
  diskSize(filePath: string): number | undefined {
    try {
      return fs.statSync(filePath).size;
    } catch {
      return undefined;
    }
  }

  private listModuleMembers(dir: string): string[] {
    let names = this.cacheListings ? this.listings.get(dir) : undefined;
    if (!names) {
      try {
        names = fs
          .readdirSync(dir, { withFileTypes: true })
          .filter((e) => e.isFile() && isModuleMember(e.name))
          .map((e) => e.name);
      } catch {
        names = [];
      }
      this.listings.set(dir, names);
    }
    return names;
  }

  private readDisk(filePath: string): string | undefined {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(filePath);
    } catch {
      this.disk.delete(filePath);
      return undefined;
    }
    const cached = this.disk.get(filePath);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.text;
    if (stat.size > this.maxFileSize()) return undefined;
    try {
      const text = fs.readFileSync(filePath, 'utf8');
      this.disk.set(filePath, { mtimeMs: stat.mtimeMs, size: stat.size, text });
      return text;
    } catch {
      return undefined;
    }
  }
}
