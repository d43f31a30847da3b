// The workspace side of code ↔ account linking: every lint unit parsed and evaluated with every status (passes
// too), exactly as `lint` does (the same units, a locally called module checked through its caller).
import * as path from 'path';
import type { SourceFile } from '../parse/unit';
import { mergeConfig, type LintConfig } from '../config';
import { evaluateSceneWithEntities } from '../evaluate';
import { groupUnits, parseUnit } from '../engine';
import { calledModuleDirs } from '../parse/terraform/moduleTree';
import type { ParseError } from '../model';
import type { LinkSide } from './codeToAccount';

export async function workspaceScenes(files: SourceFile[], config?: Partial<LintConfig>): Promise<{ sides: LinkSide[]; errors: ParseError[] }> {
  const settings = mergeConfig(config);
  const errors: ParseError[] = [];
  const disabled = new Set(Object.entries(settings.rules).filter(([, v]) => v === 'off').map(([k]) => k));
  const calledModules = calledModuleDirs(files);
  const sides: LinkSide[] = [];
  let n = 0;
  for (const unit of groupUnits(files, errors)) {
    // The editor links in its extension host after each scan: let other work run between units of a large workspace.
    if (++n % 20 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const parsed = await parseUnit(unit, { cache: false, context: files });
    errors.push(...parsed.errors);
    if (unit.format.id === 'terraform' && calledModules.has(path.normalize(path.dirname(unit.files[0]!.path)))) continue;
    sides.push({ scene: parsed.scene, findings: evaluateSceneWithEntities(parsed.scene, settings, { surface: unit.format.family, disabled, includePasses: true }) });
  }
  return { sides, errors };
}
