// Reading files a Terraform module names besides its own .tf files (`file()`, `templatefile()`): the texts the
// caller supplied first (open editor buffers), then the disk. Core stays free of editor APIs; the read is
// synchronous because evaluation is, and bounded by size.
import * as fs from 'fs';
import * as path from 'path';
import type { SourceFile } from '../unit';
import type { FileReader } from './evaluate';
import { formatByName } from '../../formats/registry';

/** Files larger than this are not read (same limit as a module's own files). */
const MAX_READ_BYTES = 2 * 1024 * 1024;

export function diskReader(supplied: SourceFile[] = [], root?: string): FileReader {
  const byPath = new Map(supplied.map((f) => [path.normalize(f.path), f.text]));
  // Relative paths are relative to `root` when given (the language server's workspace folder), else to the cwd.
  const onDisk = (p: string) => (root ? path.resolve(root, p) : p);
  return {
    read(p: string): string | undefined {
      const norm = path.normalize(p);
      const given = byPath.get(norm);
      if (given !== undefined) return given;
      try {
        const stat = fs.statSync(onDisk(norm));
        if (!stat.isFile() || stat.size > MAX_READ_BYTES) return undefined;
        return fs.readFileSync(onDisk(norm), 'utf8');
      } catch {
        return undefined;
      }
    },
    list(dir: string): string[] | undefined {
      const norm = path.normalize(dir);
      const out = new Set<string>();
      for (const p of byPath.keys()) if (path.dirname(p) === norm && isModuleFile(p)) out.add(p);
      let exists = out.size > 0;
      try {
        for (const name of fs.readdirSync(onDisk(norm))) {
          exists = true;
          const p = path.join(norm, name);
          if (isModuleFile(p)) out.add(p);
        }
      } catch {
        // Not on disk: only the supplied files, if any.
      }
      return exists ? [...out].sort() : undefined;
    },
  };
}

/** A child module's own files: the Terraform formats of the registry, without variable files (a child module gets its values from the call). */
function isModuleFile(p: string): boolean {
  return formatByName(p)?.unit === 'module';
}
