// Which documents the client sends to the server, and which files "Lint Workspace" looks at: the file names the
// input-format registry claims (core/formats/registry.ts), the same list the server and the CLI's folder walk use.
// Users add more globs with `trailguard.files.include` (recognised by content whatever their name).
import type { DocumentSelector } from 'vscode-languageclient/node';
import { workspaceGlob, workspaceGlobs } from '../core/formats/registry';

export function documentSelector(extraGlobs: readonly string[]): DocumentSelector {
  return [...workspaceGlobs(), ...extraGlobs].map((pattern) => ({ scheme: 'file', pattern }));
}

/** Files "Lint Workspace" looks at (every candidate; the server recognises each by name or content). */
export function fileWatcherGlob(extraGlobs: readonly string[] = []): string {
  return extraGlobs.length ? `{${[workspaceGlob(), ...extraGlobs].join(',')}}` : workspaceGlob();
}
