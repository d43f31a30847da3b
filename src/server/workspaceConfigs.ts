// `.trailguard.yaml` at the root of each workspace folder, read once and re-read when the watcher says it changed.
import * as fs from 'fs';
import * as path from 'path';
import { loadConfigFile, type LintConfig } from '../core/config';

const CONFIG_NAMES = ['.trailguard.yaml', '.trailguard.yml'];

export function isConfigFile(file: string): boolean {
  return CONFIG_NAMES.includes(path.basename(file));
}

export class WorkspaceConfigs {
  private roots: string[] = [];
  private readonly cache = new Map<string, Partial<LintConfig> | undefined>();

  constructor(private readonly warn: (message: string) => void) {}

  setFolders(folders: string[]): void {
    // Longest first, so a nested folder wins over its parent.
    this.roots = [...new Set(folders)].sort((a, b) => b.length - a.length);
    this.cache.clear();
  }

  folders(): string[] {
    return [...this.roots];
  }

  /** The workspace folder that contains a file, if any. */
  folderOf(file: string): string | undefined {
    return this.roots.find((r) => file === r || file.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
  }

  invalidate(configFile: string): void {
    this.cache.delete(path.dirname(configFile));
  }

  configFor(folder: string | undefined): Partial<LintConfig> | undefined {
    if (!folder) return undefined;
    if (this.cache.has(folder)) return this.cache.get(folder);
    let config: Partial<LintConfig> | undefined;
    for (const name of CONFIG_NAMES) {
      const file = path.join(folder, name);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      const warnings: string[] = [];
      config = loadConfigFile(text, warnings);
      for (const w of warnings) this.warn(`${file}: ${w}`);
      break;
    }
    this.cache.set(folder, config);
    return config;
  }
}
