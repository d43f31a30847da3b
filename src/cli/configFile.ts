// `.trailguard.yaml` (or `--config FILE`) for both CLI commands: warnings go to stderr, a missing explicit file
// is a usage error, a missing default file means defaults.
import * as fs from 'fs';
import { loadConfigFile, type LintConfig } from '../core/config';
import { UsageError, type Io } from './io';

export function readConfig(explicit: string | undefined, io: Io): Partial<LintConfig> | undefined {
  for (const file of explicit ? [explicit] : ['.trailguard.yaml', '.trailguard.yml']) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      if (explicit) throw new UsageError(`cannot read config file ${explicit}`);
      continue;
    }
    const warnings: string[] = [];
    const config = loadConfigFile(text, warnings);
    for (const w of warnings) io.stderr(`${file}: ${w}\n`);
    return config;
  }
  return undefined;
}
