// The one list of input formats TrailGuard reads. Each format declares the file names it claims, how its content
// is recognised, how its files form lint units, its comment syntax and its property spelling. The engine (which
// parser, which unit), the language server (which documents, which unit, suppression comments), the extension
// (document selector, file watcher, Lint Workspace) and the CLI (folder walk, parallel grouping) all read this
// list, so the editor and the CLI never disagree on what is linted. The parsers themselves are wired in
// ./parsers.ts: this module stays free of parser code so the editor-side client can import it.
//
// Detection runs on every file of a workspace: only cheap regular expressions, never a parse.
import picomatch from 'picomatch';

export type FormatId = 'terraform' | 'terraform-json' | 'tfvars' | 'tfvars-json' | 'terraform-plan' | 'cfn-yaml' | 'cfn-json' | 'policy-json';

/** The family decides the rule surface and how a user names the format ("not recognised as ..."). */
export type Family = 'terraform' | 'cloudformation' | 'policy';

export interface InputFormat {
  id: FormatId;
  family: Family;
  /** What a user calls it. */
  title: string;
  /** File-name globs (matched against the base name, case-insensitively) of files worth reading for this format. */
  globs: readonly string[];
  /**
   * true: a matching name alone makes a file this format (Terraform loads `*.tf` whatever is inside).
   * false: the content must be recognised by `detect` (a `.json` file may be a template, a policy, a plan or none).
   */
  byName: boolean;
  /** Content recognition, for formats that are not decided by name. `json` tells whether the text looks like JSON. */
  detect?(text: string, json: boolean): boolean;
  /**
   * `module`: the file belongs to its folder's Terraform module and is linted with the folder's other members;
   * `module-values`: likewise, but a folder of only such files has nothing to lint (tfvars);
   * `file`: the file is a unit on its own.
   */
  unit: 'module' | 'module-values' | 'file';
  /** The line comment that suppression comments are written with; undefined: the format has no comments (JSON). */
  lineComment?: '#';
  /** HCL heredocs: a comment inside one would become string content. */
  heredocs?: boolean;
  /** JSON templates take suppressions in the resource's `Metadata.trailguard.ignore` instead of comments. */
  metadataSuppressions?: boolean;
  /** How properties are spelled in messages and fixes (`PropName.tf` / `.cfn`). */
  spelling: 'tf' | 'cfn';
  /** Whether quick fixes may edit files of this format (a plan is generated output: fix the configuration). */
  fixable: boolean;
}

const CFN_VERSION = /["']?AWSTemplateFormatVersion["']?\s*:/;
/** A top-level `Resources:` key (column 0 in YAML; anywhere in JSON, which may be minified). */
const YAML_RESOURCES = /^\uFEFF?["']?Resources["']?[ \t]*:/m;
const JSON_RESOURCES = /"Resources"\s*:/;
const AWS_TYPE = /["']?Type["']?\s*:\s*["']?AWS::[A-Za-z0-9]+::/;
const STATEMENT = /"Statement"\s*:/;
const POLICY_ELEMENT = /"(Not)?Action"\s*:|"Effect"\s*:/;
/** `terraform show -json` of a plan: `format_version` plus the plan's own sections (a state has only `values`). */
const PLAN_VERSION = /"format_version"\s*:/;
const PLAN_SECTION = /"(planned_values|resource_changes)"\s*:/;

const TEMPLATE_EXTENSIONS = ['*.template', '*.cfn', '*.cform'];

export const formats: readonly InputFormat[] = [
  {
    id: 'terraform', family: 'terraform', title: 'Terraform', globs: ['*.tf'], byName: true, unit: 'module',
    lineComment: '#', heredocs: true, spelling: 'tf', fixable: true,
  },
  {
    id: 'terraform-json', family: 'terraform', title: 'Terraform JSON', globs: ['*.tf.json'], byName: true, unit: 'module',
    spelling: 'tf', fixable: true,
  },
  {
    // The variable files Terraform loads by itself; `-var-file` ones are not part of the module.
    id: 'tfvars', family: 'terraform', title: 'Terraform variables', globs: ['terraform.tfvars', '*.auto.tfvars'], byName: true,
    unit: 'module-values', lineComment: '#', heredocs: true, spelling: 'tf', fixable: true,
  },
  {
    // The same in JSON: plain values (strings are not templates), no comments, so no suppression comment.
    id: 'tfvars-json', family: 'terraform', title: 'Terraform variables (JSON)', globs: ['terraform.tfvars.json', '*.auto.tfvars.json'], byName: true,
    unit: 'module-values', spelling: 'tf', fixable: false,
  },
  {
    // Before the templates and policies: a plan embeds policies as strings and may be named anything `.json`.
    id: 'terraform-plan', family: 'terraform', title: 'Terraform plan JSON', globs: ['*.json'], byName: false, unit: 'file',
    detect: (text, json) => json && PLAN_VERSION.test(text) && PLAN_SECTION.test(text),
    spelling: 'tf', fixable: false,
  },
  {
    id: 'cfn-json', family: 'cloudformation', title: 'CloudFormation JSON', globs: ['*.json', '*.jsonc', ...TEMPLATE_EXTENSIONS], byName: false,
    unit: 'file', detect: (text, json) => json && (CFN_VERSION.test(text) || (JSON_RESOURCES.test(text) && AWS_TYPE.test(text))),
    metadataSuppressions: true, spelling: 'cfn', fixable: true,
  },
  {
    id: 'cfn-yaml', family: 'cloudformation', title: 'CloudFormation YAML', globs: ['*.yaml', '*.yml', ...TEMPLATE_EXTENSIONS], byName: false,
    unit: 'file', detect: (text, json) => !json && (CFN_VERSION.test(text) || (YAML_RESOURCES.test(text) && AWS_TYPE.test(text))),
    lineComment: '#', spelling: 'cfn', fixable: true,
  },
  {
    id: 'policy-json', family: 'policy', title: 'S3 bucket policy / KMS key policy JSON', globs: ['*.json', '*.policy'], byName: false,
    unit: 'file', detect: (text, json) => json && STATEMENT.test(text) && POLICY_ELEMENT.test(text),
    spelling: 'tf', fixable: true,
  },
];

const byId = new Map(formats.map((f) => [f.id, f]));

export function formatById(id: FormatId): InputFormat {
  return byId.get(id)!;
}

/** What the families are called, for "not recognised as Terraform, CloudFormation or a policy". */
export const recognisedFamilies = 'Terraform, CloudFormation or a policy';

export function notRecognisedMessage(): string {
  return `not recognised as ${recognisedFamilies}: not linted`;
}

// ---------------------------------------------------------------------------------------------------------------
// Names.

const matchers = new Map<string, (name: string) => boolean>();
function nameMatches(glob: string, name: string): boolean {
  let m = matchers.get(glob);
  if (!m) {
    m = picomatch(glob, { nocase: true, dot: true });
    matchers.set(glob, m);
  }
  return m(name);
}

export function baseName(filePath: string): string {
  return filePath.replace(/\\/g, '/').split('/').pop() ?? '';
}

/** The format a file name alone decides (Terraform files), if any. */
export function formatByName(filePath: string): InputFormat | undefined {
  const name = baseName(filePath);
  return formats.find((f) => f.byName && f.globs.some((g) => nameMatches(g, name)));
}

/**
 * Whether a file's name makes it worth reading: a Terraform file, or a file whose extension some format's content
 * may hide behind (`.yaml`, `.json`, `.template`...). The folder walk, the watcher and the editor read these.
 */
export function isCandidateName(filePath: string): boolean {
  const name = baseName(filePath);
  return formats.some((f) => f.globs.some((g) => nameMatches(g, name)));
}

/** Every glob of every format, once each, in registry order. */
export function allGlobs(): string[] {
  return [...new Set(formats.flatMap((f) => f.globs))];
}

// ---------------------------------------------------------------------------------------------------------------
// Content.

const YAML_NAME = /\.ya?ml$/i;
const JSON_NAME = /\.jsonc?$/i;

function looksJson(name: string, text: string): boolean {
  if (YAML_NAME.test(name)) return false;
  return JSON_NAME.test(name) || /^\uFEFF?\s*[{[]/.test(text.slice(0, 4096));
}

export interface DetectOptions {
  /** Recognise the content whatever the file's name (a file named explicitly on the command line). */
  anyName?: boolean;
}

/**
 * The format of a file: by name for Terraform, else by content among the formats whose globs match the name (or
 * all of them with `anyName`). Undefined when no format recognises it.
 */
export function detectFormat(filePath: string, text: string, options: DetectOptions = {}): InputFormat | undefined {
  const named = formatByName(filePath);
  if (named) return named;
  const name = baseName(filePath);
  const candidates = options.anyName ? formats.filter((f) => !f.byName) : formats.filter((f) => !f.byName && f.globs.some((g) => nameMatches(g, name)));
  if (!candidates.length) return undefined;
  const json = looksJson(name, text);
  // Not text at all: claim it so the parser reports it instead of it being silently skipped.
  if (text.slice(0, 8192).includes('\u0000')) return formatById(json ? 'cfn-json' : 'cfn-yaml');
  return candidates.find((f) => f.detect!(text, json));
}

// ---------------------------------------------------------------------------------------------------------------
// Units.

/** Whether Terraform loads this file as part of its folder's module (so it belongs to the module's lint unit). */
export function isModuleMember(filePath: string): boolean {
  const f = formatByName(filePath);
  return !!f && f.unit !== 'file';
}

/** The folder of a path, with a trailing separator, as written (either separator). */
function folderKey(filePath: string): string {
  const cut = Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\'));
  return cut === -1 ? `.${sepOf(filePath)}` : filePath.slice(0, cut + 1);
}

function sepOf(filePath: string): string {
  return filePath.includes('\\') && !filePath.includes('/') ? '\\' : '/';
}

/**
 * The key of the lint unit a file belongs to, from its name alone: the folder (ending with a separator, so it can
 * never equal a file path) for module members, the file itself otherwise. The server schedules lints by it and
 * the CLI keeps a unit's files in one worker by it.
 */
export function unitKeyOf(filePath: string): string {
  return isModuleMember(filePath) ? folderKey(filePath) : filePath;
}

export function isModuleUnitKey(key: string): boolean {
  return key.endsWith('/') || key.endsWith('\\');
}

// ---------------------------------------------------------------------------------------------------------------
// Editor globs (VS Code glob syntax).

/** One glob per format glob, at any depth: the editor's document selector patterns. */
export function workspaceGlobs(): string[] {
  return allGlobs().map((g) => `**/${g}`);
}

/** One glob for every candidate file at any depth: the file watcher and "Lint Workspace". */
export function workspaceGlob(): string {
  return `**/{${allGlobs().join(',')}}`;
}
