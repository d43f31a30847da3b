// Placeholder until the CloudFormation parser lands (owned by the CloudFormation engineer; overwrite freely).
import type { FileKind, ParsedUnit, SourceFile } from '../unit';
import { emptyScene } from '../../model';

export function detectKind(path: string, _text: string): FileKind | undefined {
  if (path.endsWith('.tf')) return 'terraform';
  if (/(^|\/)terraform\.tfvars$|\.auto\.tfvars$/.test(path)) return 'tfvars';
  return undefined;
}
export function parseCloudFormation(_file: SourceFile, _kind: 'cfn-yaml' | 'cfn-json'): ParsedUnit {
  return { scene: emptyScene(), errors: [] };
}
export function parsePolicyFile(_file: SourceFile): ParsedUnit {
  return { scene: emptyScene(), errors: [] };
}
