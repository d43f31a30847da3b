// The lint pipeline: files → units (a Terraform module folder, a template, a policy file) → Scene → rules →
// findings with severity from settings and suppressions applied. Pure: the caller supplies file contents.
import * as path from 'path';
import type { Finding, ParseError } from './model';
import type { SourceFile, ParsedUnit, FileKind } from './parse/unit';
import type { Surface } from './rules/rule';
import { mergeConfig, type LintConfig } from './config';
import { evaluateSceneWithEntities, type EntityFinding } from './evaluate';
import { parseTerraformModule } from './parse/terraform';
import { detectKind, parseCloudFormation, parsePolicyFile } from './parse/cfn';
import { peerIndex } from './rules';
import { applySuppressions, scanSuppressionComments, type SuppressionComment } from './suppress';
import { globMatch } from './glob';
import { inspectText } from './text';

export interface LintResult {
  findings: Finding[];
  errors: ParseError[];
  /** Every suppression comment that silenced something (counted and shown; reason-less ones get a hint). */
  suppressions: SuppressionComment[];
}

interface Unit { kind: FileKind; files: SourceFile[] }

/** Groups files into lint units. Terraform files of one folder form one module. */
export function groupUnits(files: SourceFile[], errors: ParseError[]): Unit[] {
  const modules = new Map<string, SourceFile[]>();
  const units: Unit[] = [];
  for (const file of files) {
    const problem = inspectText(file.text);
    if (problem) {
      errors.push({ file: file.path, range: { start: problem.pos, end: problem.pos }, message: problem.message });
      continue;
    }
    const kind = detectKind(file.path, file.text);
    if (!kind) continue;
    if (kind === 'terraform' || kind === 'tfvars' || kind === 'terraform-json') {
      const dir = path.dirname(file.path);
      modules.set(dir, [...(modules.get(dir) ?? []), file]);
    } else {
      units.push({ kind, files: [file] });
    }
  }
  for (const moduleFiles of modules.values()) {
    // A folder with only tfvars has nothing to lint.
    if (moduleFiles.some((f) => f.path.endsWith('.tf') || f.path.endsWith('.tf.json'))) units.push({ kind: 'terraform', files: moduleFiles });
  }
  return units;
}

function surfaceOf(kind: FileKind): Surface {
  if (kind === 'terraform' || kind === 'tfvars' || kind === 'terraform-json') return 'terraform';
  if (kind === 'policy-json') return 'policy';
  return 'cloudformation';
}

async function parseUnit(unit: Unit): Promise<ParsedUnit> {
  try {
    if (unit.kind === 'terraform') return await parseTerraformModule(unit.files);
    if (unit.kind === 'policy-json') return parsePolicyFile(unit.files[0]);
    return parseCloudFormation(unit.files[0], unit.kind === 'cfn-json' ? 'cfn-json' : 'cfn-yaml');
  } catch (err) {
    // Parsers must not throw; if one does, the unit becomes a parse error and the rest of the run goes on.
    const zero = { line: 0, character: 0 };
    return {
      scene: { trails: [], buckets: [], keys: [], recorders: [], eventDataStores: [], aggregators: [], orgPolicies: [] },
      errors: [{ file: unit.files[0].path, range: { start: zero, end: zero }, message: `internal error while parsing: ${(err as Error).message}` }],
    };
  }
}

/** Lints the given units; `onlyFiles` limits the reported findings (the language server lints one module for one file). */
export async function lintSources(files: SourceFile[], config?: Partial<LintConfig>, onlyFiles?: ReadonlySet<string>): Promise<LintResult> {
  const settings = mergeConfig(config);
  const errors: ParseError[] = [];
  const included = files.filter((f) => !settings.exclude.some((g) => globMatch(g, f.path)));
  const units = groupUnits(included, errors);
  const disabled = new Set(Object.entries(settings.rules).filter(([, v]) => v === 'off').map(([k]) => k));
  const peers = peerIndex();
  const collected: EntityFinding[] = [];
  for (const unit of units) {
    const parsed = await parseUnit(unit);
    errors.push(...parsed.errors);
    collected.push(...evaluateSceneWithEntities(parsed.scene, settings, { surface: surfaceOf(unit.kind), disabled }));
  }
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const comments: SuppressionComment[] = [];
  for (const file of new Set(collected.map((c) => c.finding.file).filter((f): f is string => !!f))) {
    comments.push(...scanSuppressionComments(file, texts.get(file) ?? '', peers));
  }
  const used = new Set<SuppressionComment>();
  applySuppressions(collected, comments, peers, settings.ignore, used);
  const findings = collected
    .map((c) => applySeverity(c.finding, settings))
    .filter((f) => !onlyFiles || (f.file !== undefined && onlyFiles.has(f.file)));
  return { findings: sortFindings(dedupe(findings)), errors, suppressions: [...used] };
}

function applySeverity(finding: Finding, settings: LintConfig): Finding {
  const override = settings.rules[finding.ruleId];
  if (finding.status === 'fail' && override && override !== 'off') finding.severity = override;
  return finding;
}

/** A bucket shared by two trails is one entity, but a satellite resource may be reached twice: report once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}|${f.status}|${f.file}|${f.range?.start.line}:${f.range?.start.character}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) =>
    (a.file ?? '').localeCompare(b.file ?? '') ||
    (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0) ||
    (a.range?.start.character ?? 0) - (b.range?.start.character ?? 0) ||
    a.ruleId.localeCompare(b.ruleId));
}
