// Which parser a file needs. Terraform files go by name; YAML / JSON go by content, since CloudFormation
// templates and policies carry every extension (`.yaml`, `.json`, `.template`...). This runs on every file
// of a workspace, so it only uses cheap regular expressions, never a parse.
import type { FileKind } from '../unit';

const DATA_EXTENSION = /\.(ya?ml|json|jsonc|template|cfn|tpl|policy)$/i;
const YAML_EXTENSION = /\.ya?ml$/i;

const CFN_VERSION = /["']?AWSTemplateFormatVersion["']?\s*:/;
/** A top-level `Resources:` key (column 0 in YAML; anywhere in JSON, which may be minified). */
const YAML_RESOURCES = /^\uFEFF?["']?Resources["']?[ \t]*:/m;
const JSON_RESOURCES = /"Resources"\s*:/;
const AWS_TYPE = /["']?Type["']?\s*:\s*["']?AWS::[A-Za-z0-9]+::/;
const STATEMENT = /"Statement"\s*:/;
const POLICY_ELEMENT = /"(Not)?Action"\s*:|"Effect"\s*:/;

export function detectKind(path: string, text: string): FileKind | undefined {
  const name = path.replace(/\\/g, '/').split('/').pop()!.toLowerCase();
  if (name.endsWith('.tf.json')) return 'terraform-json';
  if (name.endsWith('.tf')) return 'terraform';
  if (name === 'terraform.tfvars' || name.endsWith('.auto.tfvars')) return 'tfvars';
  if (!DATA_EXTENSION.test(name)) return undefined;

  const looksJson = YAML_EXTENSION.test(name) ? false : /^\s*[{[]/.test(text.slice(0, 4096)) || /\.jsonc?$/i.test(name);
  // Not text at all: claim it by extension so the parser reports it instead of it being silently skipped.
  if (text.slice(0, 8192).includes('\u0000')) return /\.(json|jsonc|template|cfn)$/i.test(name) || YAML_EXTENSION.test(name) ? (looksJson ? 'cfn-json' : 'cfn-yaml') : undefined;

  const resources = looksJson ? JSON_RESOURCES : YAML_RESOURCES;
  if (CFN_VERSION.test(text) || (resources.test(text) && AWS_TYPE.test(text))) return looksJson ? 'cfn-json' : 'cfn-yaml';
  if (looksJson && STATEMENT.test(text) && POLICY_ELEMENT.test(text)) return 'policy-json';
  return undefined;
}
