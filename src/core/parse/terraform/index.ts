// Placeholder until the Terraform parser lands (owned by the Terraform engineer; overwrite freely).
import type { ParsedUnit, SourceFile } from '../unit';
import { emptyScene } from '../../model';

export async function parseTerraformModule(_files: SourceFile[]): Promise<ParsedUnit> {
  return { scene: emptyScene(), errors: [] };
}
