// Which documents the client sends to the server. Terraform by language; YAML and JSON because CloudFormation
// templates and policies hide behind those languages (the server looks at the content). Users add more globs
// with `trailguard.files.include` (e.g. `**/*.template`).
import type { DocumentSelector } from 'vscode-languageclient/node';

export function documentSelector(extraGlobs: readonly string[]): DocumentSelector {
  return [
    { scheme: 'file', language: 'terraform' },
    { scheme: 'file', language: 'terraform-vars' },
    { scheme: 'file', language: 'yaml' },
    { scheme: 'file', language: 'json' },
    { scheme: 'file', language: 'jsonc' },
    { scheme: 'file', pattern: '**/*.{template,cfn,cform}' },
    ...extraGlobs.map((pattern) => ({ scheme: 'file', pattern })),
  ];
}

/** Files "Lint Workspace" looks at. */
export const fileWatcherGlob = '**/*.{tf,tfvars,tf.json,yaml,yml,json,template}';
