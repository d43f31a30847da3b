// Code ↔ account linking as the editor loads it (dist/link.js, on the first link after a scan): the workspace
// side parsed and evaluated as `lint` does, then linked to the live scenes. No `vscode`, no AWS SDK.
import type { LintConfig } from '../config';
import type { SourceFile } from '../parse/unit';
import { linkCodeToAccount, type LinkReport, type LinkSide } from './codeToAccount';
import { workspaceScenes } from './workspaceScenes';

export type { LinkReport, LinkSide } from './codeToAccount';

export async function linkWorkspace(files: SourceFile[], live: readonly LinkSide[], config?: Partial<LintConfig>): Promise<LinkReport> {
  const { sides } = await workspaceScenes(files, config);
  return linkCodeToAccount(sides, live);
}
