// Does a statement's Condition narrow who it applies to? Judged by operator and value, not by the key's
// presence (rules.md TG212 / TG304): `ArnEquals aws:PrincipalArn "arn:aws:iam::*"` matches every account, a
// negated operator (`StringNotEquals`) lets every other caller in, an `...IfExists` or `ForAllValues:` operator
// matches requests that lack the key (anonymous callers), and a wildcard value matches everyone. A positive
// operator with a concrete value (`StringEquals aws:SourceAccount 111122223333`) narrows.
import type { Statement } from '../model';
import { UNKNOWN_CONDITION_VALUE } from './normalize';

export type Narrowing =
  | { status: 'narrows'; by: string }
  | { status: 'open'; /** Why each condition on a listed key does not narrow (empty: no such condition). */ why: string[] }
  | { status: 'unknown'; reason: string };

/** Operators that compare a key with values and can narrow (after `IfExists` / set prefixes are stripped). */
const POSITIVE_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike', 'ipaddress']);
/** Operators whose values are patterns (`*`, `?`); for the others a value is one exact string. */
const PATTERN_OPERATORS = new Set(['stringlike', 'arnequals', 'arnlike']);
const ARN_KEYS = new Set(['aws:sourcearn', 'aws:principalarn', 'kms:encryptioncontext:aws:cloudtrail:arn']);
const WILDCARD = /[*?]/;

/** `StringEquals aws:SourceAccount "111122223333"` as written in messages. */
export function describeCondition(operator: string, key: string, values: string[]): string {
  const shown = values.map((v) => (v === UNKNOWN_CONDITION_VALUE ? '<unknown>' : `"${v}"`));
  return `\`${operator} ${key} ${shown.length === 1 ? shown[0] : `[${shown.join(', ')}]`}\``;
}

/**
 * Why one value does not single out callers, or undefined when it does. `${...}` parts (a pseudo parameter, a
 * Terraform interpolation) are one concrete value each.
 */
function openValue(key: string, value: string, pattern: boolean): string | undefined {
  const lower = key.toLowerCase();
  if (lower === 'aws:sourceip') return /\/0$/.test(value.trim()) ? 'matches every address' : undefined;
  const literal = value.replace(/\$\{[^}]*\}/g, 'x');
  if (!pattern) return literal === '*' ? 'is a wildcard' : undefined;
  if (ARN_KEYS.has(lower)) {
    const parts = literal.split(':');
    if (parts.length < 6) return WILDCARD.test(literal) ? 'is a wildcard ARN' : undefined;
    const account = parts[4];
    if (WILDCARD.test(account)) return 'matches any account';
    if (account === '' && (parts.slice(5).join(':') === '' || WILDCARD.test(parts.slice(5).join(':').charAt(0)))) return 'matches any resource';
    return undefined;
  }
  if (lower === 'aws:principalorgpaths' || lower === 'aws:sourceorgpaths') {
    return WILDCARD.test(literal.split('/')[0]) ? 'matches any organization' : undefined;
  }
  return WILDCARD.test(literal) ? 'is a wildcard' : undefined;
}

/**
 * Whether any condition of `stmt` on one of `keys` (case-insensitive) narrows the statement to known callers.
 * Unknown when the only conditions that could narrow compare with an unknown value under a pattern operator
 * (the value could be `*`).
 */
export function conditionNarrowing(stmt: Statement, keys: string[]): Narrowing {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  const why: string[] = [];
  let unknown: string | undefined;
  for (const [operator, byKey] of Object.entries(stmt.conditions)) {
    let op = operator.toLowerCase();
    const set = /^(forallvalues|foranyvalue):/.exec(op)?.[1];
    op = op.replace(/^(forallvalues|foranyvalue):/, '');
    const ifExists = op.endsWith('ifexists');
    op = op.replace(/ifexists$/, '');
    for (const [key, values] of Object.entries(byKey)) {
      if (!wanted.has(key.toLowerCase())) continue;
      const shown = describeCondition(operator, key, values);
      if (!POSITIVE_OPERATORS.has(op)) {
        why.push(`${shown} ${/not/.test(op) ? 'is a negated operator: it lets every other caller in' : 'does not compare the caller with a value'}`);
        continue;
      }
      if (ifExists) {
        why.push(`${shown} also matches requests without ${key} (anonymous callers)`);
        continue;
      }
      if (set === 'forallvalues') {
        why.push(`${shown} also matches requests without ${key}`);
        continue;
      }
      if (values.length === 0) {
        why.push(`${shown} has no value`);
        continue;
      }
      const pattern = PATTERN_OPERATORS.has(op);
      const open = values.map((v) => (v === UNKNOWN_CONDITION_VALUE ? undefined : openValue(key, v, pattern))).find((w) => w !== undefined);
      if (open) {
        why.push(`${shown} ${open}`);
        continue;
      }
      if (pattern && values.includes(UNKNOWN_CONDITION_VALUE)) {
        unknown ??= `${shown}: ${stmt.conditionReasons?.[key.toLowerCase()] ?? 'the value is not known'}, and a pattern value could match everyone`;
        continue;
      }
      return { status: 'narrows', by: shown };
    }
  }
  if (unknown !== undefined) return { status: 'unknown', reason: unknown };
  return { status: 'open', why };
}
