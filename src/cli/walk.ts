// Collects the files to lint from the paths given: folders are walked honouring each folder's .gitignore,
// never descending into .terraform/, node_modules/ or .git/, and read the file names some input format claims
// (core/formats/registry.ts, the list the editor uses too). Files named explicitly are read whatever their name.
import * as fs from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import { isCandidateName } from '../core/formats/registry';

const skipDirs = new Set(['.terraform', 'node_modules', '.git', '.trailguard-cache', '.terragrunt-cache', '.serverless', 'cdk.out']);

interface Rules { dir: string; ig: Ignore }

function loadGitignore(dir: string): Rules | undefined {
  try {
    const text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    return { dir, ig: ignore().add(text) };
  } catch {
    return undefined;
  }
}

function ignored(file: string, isDir: boolean, stack: Rules[]): boolean {
  for (const { dir, ig } of stack) {
    const rel = path.relative(dir, file).split(path.sep).join('/');
    if (rel && !rel.startsWith('..') && ig.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

/**
 * The files under `paths`. `named` receives the files named explicitly: the engine recognises them by content
 * whatever their name and reports them when no format does (never a silent skip).
 */
export function collectFiles(paths: string[], onMissing: (p: string) => void, named: string[] = []): string[] {
  const out: string[] = [];
  const walk = (dir: string, stack: Rules[]): void => {
    const rules = loadGitignore(dir);
    const here = rules ? [...stack, rules] : stack;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skipDirs.has(entry.name) && !ignored(full, true, here)) walk(full, here);
      } else if (entry.isFile() && isCandidateName(entry.name) && !ignored(full, false, here)) {
        out.push(full);
      }
    }
  };
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      onMissing(p);
      continue;
    }
    if (stat.isDirectory()) walk(p, []);
    else {
      out.push(p);
      named.push(p);
    }
  }
  return [...new Set(out)];
}
