// Both sides of a link from real inputs: workspace fixture files through the lint engine's parsers, and a live scan
// through the real SDK against the wire-level endpoint.
import * as fs from 'fs';
import * as path from 'path';
import type { SourceFile } from '../../src/core/parse/unit';
import { workspaceScenes } from '../../src/core/link/workspaceScenes';
import { linkCodeToAccount, type LinkReport, type LinkSide } from '../../src/core/link/codeToAccount';
import { runScenario, scenario } from '../live/harness';
import type { Scenario, ScenarioFault } from '../support/aws-endpoint/scenario';
import type { AccountScan } from '../../src/live/types';

export const fixtureRoot = path.join(__dirname, '..', 'fixtures', 'link');

export function readTree(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...readTree(p));
    else out.push({ path: p, text: fs.readFileSync(p, 'utf8') });
  }
  return out;
}

export function liveSides(scan: AccountScan): LinkSide[] {
  return (scan.liveScenes ?? []).map((r) => ({ scene: r.scene, findings: r.findings, ...(scan.account ? { account: scan.account } : {}) }));
}

export async function linkFixture(files: SourceFile[], scenarioName: string, faults: ScenarioFault[] = [], edit?: (s: Scenario) => void): Promise<{ report: LinkReport; scan: AccountScan }> {
  const { sides } = await workspaceScenes(files);
  const s = scenario(scenarioName, faults);
  edit?.(s);
  const { scan } = await runScenario(s, { keepScenes: true });
  return { report: linkCodeToAccount(sides, liveSides(scan)), scan };
}
