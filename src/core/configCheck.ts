// Problems in a `.trailguard.yaml`, at their position: the language server shows them as diagnostics in the file
// itself (a typo in a rule id or a severity would otherwise silently do nothing), and `configSchema()` is the same
// shape as a JSON Schema for the YAML extension (`yamlValidation`).
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import type { Range } from './model';
import { ruleMetas } from './rules';
import { closestWord } from './closest';

export interface ConfigProblem {
  range: Range;
  message: string;
  severity: 'error' | 'warning';
}

const LEVELS = ['error', 'warning', 'warn', 'info', 'information', 'hint', 'off', 'none'];

type Kind = 'string' | 'string-list' | 'number' | 'boolean' | 'scope' | 'rules' | 'ignore';
const TOP_LEVEL = new Map<string, { kind: Kind; description: string }>([
  ['rules', { kind: 'rules', description: 'Per-rule severity: error, warning, info or off.' }],
  ['optIn', { kind: 'string-list', description: 'Opt-in rules to enable (TG107, TG111, TG112, TG404, TG501).' }],
  ['scope', { kind: 'scope', description: '"trail" (TG2xx/TG3xx on trail buckets and keys) or "all" (every bucket and key).' }],
  ['minRetentionDays', { kind: 'number', description: 'Minimum Object Lock retention for TG202 (default 365).' }],
  ['auditBucketPatterns', { kind: 'string-list', description: 'Bucket-name globs treated as audit-log buckets.' }],
  ['auditBucketTag', { kind: 'string', description: 'Tag key that marks a bucket as an audit-log bucket.' }],
  ['organizationManagement', { kind: 'boolean', description: 'This workspace is an organization management account (TG107).' }],
  ['exclude', { kind: 'string-list', description: 'Globs of files never linted.' }],
  ['ignore', { kind: 'ignore', description: 'Files or folders (globs) ignored for some rules or all, with a reason.' }],
]);
const IGNORE_KEYS = new Map<string, string>([
  ['path', 'Glob of the files or folders.'],
  ['rules', 'Rule ids; all rules when absent.'],
  ['reason', 'Why: shown in reports.'],
  ['expires', 'Date (YYYY-MM-DD) after which the exception no longer applies.'],
]);

/** Rule ids differ from each other by one character: only a one-edit typo suggests one; words may be two edits off. */
const didYouMean = (word: string, candidates: readonly string[], maxDistance = 2) => {
  const c = closestWord(word, candidates, maxDistance);
  return c ? ` (did you mean ${c}?)` : '';
};

export function checkConfigText(text: string): ConfigProblem[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const problems: ConfigProblem[] = [];
  const rangeOf = (r: readonly number[] | undefined): Range => {
    const at = (offset: number) => {
      const p = lines.linePos(offset);
      return { line: p.line - 1, character: p.col - 1 };
    };
    return r ? { start: at(r[0]), end: at(r[1]) } : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  };
  const report = (node: { range?: readonly number[] | null } | null | undefined, message: string, severity: ConfigProblem['severity'] = 'error') =>
    problems.push({ range: rangeOf(node?.range ?? undefined), message, severity });

  for (const e of doc.errors.slice(0, 100)) problems.push({ range: rangeOf(e.pos), message: `.trailguard.yaml: ${e.message.split('\n')[0]}`, severity: 'error' });
  if (doc.errors.length) return problems;
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return problems;
  if (!isMap(root)) {
    report(root as Node, '.trailguard.yaml must be a mapping of settings (rules, optIn, scope, ...)');
    return problems;
  }
  const ruleIds = ruleMetas().map((m) => m.id);
  const optInIds = ruleMetas().filter((m) => m.optIn).map((m) => m.id);
  const checkRuleId = (node: Node | null | undefined, id: unknown) => {
    if (typeof id !== 'string' || !ruleIds.includes(id.toUpperCase())) report(node, `unknown rule id ${JSON.stringify(id)}${typeof id === 'string' ? didYouMean(id, ruleIds, 1) : ''}`);
  };
  const checkStringList = (key: string, value: Node | null, each?: (n: Node | null, v: unknown) => void) => {
    if (isScalar(value) && typeof value.value === 'string') return each?.(value, value.value);
    if (!isSeq(value)) return report(value, `${key} must be a list of strings`);
    for (const item of value.items as (Node | null)[]) {
      if (!isScalar(item) || typeof item.value !== 'string') report(item, `${key} entries must be strings`);
      else each?.(item, item.value);
    }
  };

  for (const pair of root.items as Pair<Node, Node | null>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const spec = key !== undefined ? TOP_LEVEL.get(key) : undefined;
    if (!spec) {
      report(pair.key, `unknown setting ${JSON.stringify(key)}${key ? didYouMean(key, [...TOP_LEVEL.keys()]) : ''}: it is ignored`, 'warning');
      continue;
    }
    const value = pair.value;
    switch (spec.kind) {
      case 'rules':
        if (!isMap(value)) {
          report(value ?? pair.key, 'rules must map rule ids to error, warning, info or off');
          break;
        }
        for (const rule of value.items as Pair<Node, Node | null>[]) {
          checkRuleId(rule.key, isScalar(rule.key) ? rule.key.value : undefined);
          const level = isScalar(rule.value) ? rule.value.value : undefined;
          if (level === false) continue;
          if (typeof level !== 'string' || !LEVELS.includes(level.toLowerCase())) {
            report(rule.value ?? rule.key, `severity ${JSON.stringify(level ?? null)} is not one of error, warning, info, off${typeof level === 'string' ? didYouMean(level, ['error', 'warning', 'info', 'off']) : ''}`);
          }
        }
        break;
      case 'string-list':
        checkStringList(key!, value, key === 'optIn' ? (n, v) => {
          checkRuleId(n, v);
          if (typeof v === 'string' && ruleIds.includes(v.toUpperCase()) && !optInIds.includes(v.toUpperCase())) {
            report(n, `${v} is on by default: optIn has no effect (set its severity under rules instead)`, 'warning');
          }
        } : undefined);
        break;
      case 'string':
        if (!isScalar(value) || typeof value.value !== 'string') report(value ?? pair.key, `${key} must be a string`);
        break;
      case 'number':
        if (!isScalar(value) || typeof value.value !== 'number' || value.value < 0) report(value ?? pair.key, `${key} must be a number of days (0 or more)`);
        break;
      case 'boolean':
        if (!isScalar(value) || typeof value.value !== 'boolean') report(value ?? pair.key, `${key} must be true or false`);
        break;
      case 'scope':
        if (!isScalar(value) || (value.value !== 'trail' && value.value !== 'all')) report(value ?? pair.key, 'scope must be "trail" or "all"');
        break;
      case 'ignore':
        if (!isSeq(value)) {
          report(value ?? pair.key, 'ignore must be a list of paths or of { path, rules, reason, expires }');
          break;
        }
        for (const entry of value.items as (Node | null)[]) {
          if (isScalar(entry) && typeof entry.value === 'string') continue;
          if (!isMap(entry)) {
            report(entry, 'ignore entries are a path or { path, rules, reason, expires }');
            continue;
          }
          let hasPath = false;
          for (const field of entry.items as Pair<Node, Node | null>[]) {
            const name = isScalar(field.key) ? String(field.key.value) : '';
            if (!IGNORE_KEYS.has(name)) report(field.key, `unknown ignore field ${JSON.stringify(name)}${didYouMean(name, [...IGNORE_KEYS.keys()])}`, 'warning');
            if (name === 'path') hasPath = isScalar(field.value) && typeof field.value.value === 'string';
            if (name === 'rules') checkStringList('ignore rules', field.value, checkRuleId);
          }
          if (!hasPath) report(entry, 'an ignore entry needs a path');
        }
        break;
    }
  }
  return problems;
}

/** The same shape as a JSON Schema (draft-07), for editors that validate YAML against a schema. */
export function configSchema(): Record<string, unknown> {
  const ids = ruleMetas().map((m) => m.id);
  const level = { enum: ['error', 'warning', 'info', 'off'] };
  const stringList = (description: string, items: Record<string, unknown> = { type: 'string' }) => ({ description, type: 'array', items });
  const describe = (k: string) => TOP_LEVEL.get(k)!.description;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://trailguard.dev/schemas/trailguard-config.json',
    title: 'TrailGuard configuration (.trailguard.yaml)',
    type: 'object',
    additionalProperties: false,
    properties: {
      rules: {
        description: describe('rules'),
        type: 'object',
        propertyNames: { enum: ids },
        additionalProperties: level,
      },
      optIn: stringList(describe('optIn'), { enum: ruleMetas().filter((m) => m.optIn).map((m) => m.id) }),
      scope: { description: describe('scope'), enum: ['trail', 'all'] },
      minRetentionDays: { description: describe('minRetentionDays'), type: 'number', minimum: 0 },
      auditBucketPatterns: stringList(describe('auditBucketPatterns')),
      auditBucketTag: { description: describe('auditBucketTag'), type: 'string' },
      organizationManagement: { description: describe('organizationManagement'), type: 'boolean' },
      exclude: stringList(describe('exclude')),
      ignore: {
        description: describe('ignore'),
        type: 'array',
        items: {
          oneOf: [
            { type: 'string' },
            {
              type: 'object',
              required: ['path'],
              additionalProperties: false,
              properties: {
                path: { type: 'string', description: IGNORE_KEYS.get('path') },
                rules: { type: 'array', items: { enum: ids }, description: IGNORE_KEYS.get('rules') },
                reason: { type: 'string', description: IGNORE_KEYS.get('reason') },
                expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: IGNORE_KEYS.get('expires') },
              },
            },
          ],
        },
      },
    },
  };
}
