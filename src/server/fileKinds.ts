// Which files the server lints, and which files are linted together. A Terraform module is a folder: every
// `.tf` file of it plus `terraform.tfvars` and `*.auto.tfvars` (the files Terraform itself loads), so a trail in
// `main.tf` meets its bucket in `s3.tf`. Templates and policy files stand alone; the engine decides from their
// content whether they are CloudFormation, a policy, or nothing it cares about.
import * as path from 'path';

export type LintableKind = 'terraform' | 'tfvars' | 'document';

/** The kind of a path the server may lint, or undefined when it never lints such a file. */
export function lintableKind(filePath: string): LintableKind | undefined {
  const base = path.basename(filePath).toLowerCase();
  if (base.endsWith('.tf') || base.endsWith('.tf.json')) return 'terraform';
  if (base.endsWith('.tfvars') || base.endsWith('.tfvars.json')) return 'tfvars';
  if (/\.(ya?ml|json|jsonc|template|cfn|cform)$/.test(base)) return 'document';
  return undefined;
}

/** Whether Terraform loads this file as part of its folder's module (so it belongs to the module's lint unit). */
export function isModuleMember(filePath: string): boolean {
  const base = path.basename(filePath).toLowerCase();
  return (
    base.endsWith('.tf') ||
    base.endsWith('.tf.json') ||
    base === 'terraform.tfvars' ||
    base === 'terraform.tfvars.json' ||
    base.endsWith('.auto.tfvars') ||
    base.endsWith('.auto.tfvars.json')
  );
}

/**
 * The key of the lint unit a file belongs to: the folder for module members, the file itself otherwise.
 * Module keys end with the path separator so that they can never equal a file path.
 */
export function unitKeyOf(filePath: string): string {
  return isModuleMember(filePath) ? path.dirname(filePath) + path.sep : filePath;
}

export function isModuleUnitKey(key: string): boolean {
  return key.endsWith(path.sep);
}
