// IAM policy documents in any of their spellings (Terraform jsonencode / heredoc / policy-document data source,
// CloudFormation KeyPolicy / PolicyDocument, standalone JSON, GetBucketPolicy / GetKeyPolicy text) arrive as an
// LValue; this turns them into the one normalised `PolicyDoc` every policy rule reads. It never throws: whatever
// cannot be read becomes an `unresolved` marker with the reason, so rules report "could not verify" instead of
// guessing.
import type { Conditions, LValue, Loc, PolicyDoc, Principal, Statement } from '../model';
import { dict } from '../dict';

/**
 * Normalises an evaluated policy value. `loc` is the policy attribute / property (where "statement missing"
 * findings point); each statement keeps the range of its own LValue.
 */
export function normalizePolicy(raw: LValue | undefined, loc?: Loc): PolicyDoc {
  if (raw === undefined || raw.t === 'null') return { state: 'absent', statements: [], loc };
  const docLoc = loc ?? raw.loc;
  if (raw.t === 'unresolved') return { state: 'unresolved', reason: raw.reason, statements: [], loc: docLoc, raw };
  let value: LValue = raw;
  if (raw.t === 'str') {
    if (raw.v.trim() === '') return { state: 'absent', statements: [], loc: docLoc, raw };
    const parsed = parseJsonText(raw.v, raw.loc);
    if (typeof parsed === 'string') return { state: 'unresolved', reason: parsed, statements: [], loc: docLoc, raw };
    value = parsed;
  }
  if (value.t !== 'obj') {
    return { state: 'unresolved', reason: `policy is a ${describe(value)}, not a JSON object`, statements: [], loc: docLoc, raw };
  }
  const stmtValue = prop(value, 'Statement');
  if (!stmtValue) return { state: 'known', statements: [], loc: docLoc, raw };
  if (stmtValue.t === 'unresolved') {
    return { state: 'unresolved', reason: stmtValue.reason, statements: [], loc: docLoc, raw };
  }
  const items = stmtValue.t === 'arr' ? stmtValue.items : [stmtValue];
  const statements = items.map((item) => normalizeStatement(item, stmtValue.loc ?? docLoc));
  // "A statement is missing" points at the `Statement` key, not the whole document (issue 8).
  const statementsLoc = value.props.find((p) => p.key === 'Statement')?.keyLoc;
  return { state: 'known', statements, loc: docLoc, raw, ...(statementsLoc ? { statementsLoc } : {}) };
}

/** One statement; any unreadable part marks the whole statement `unresolved` with the first reason met. */
export function normalizeStatement(value: LValue, fallbackLoc?: Loc): Statement {
  const stmt: Statement = {
    loc: value.loc ?? fallbackLoc,
    effect: 'unknown',
    actions: [],
    notActions: [],
    resources: [],
    notResources: [],
    conditions: dict(),
  };
  const unresolved = (reason: string) => {
    if (stmt.unresolved === undefined) stmt.unresolved = reason;
  };
  if (value.t === 'unresolved') {
    unresolved(value.reason);
    return stmt;
  }
  if (value.t !== 'obj') {
    unresolved(`statement is a ${describe(value)}, not a JSON object`);
    return stmt;
  }
  const sid = prop(value, 'Sid');
  if (sid && sid.t === 'str') stmt.sid = sid.v;

  const effect = prop(value, 'Effect');
  if (!effect) unresolved('statement has no Effect');
  else if (effect.t === 'unresolved') unresolved(effect.reason);
  else if (effect.t === 'str' && /^(allow|deny)$/i.test(effect.v)) stmt.effect = effect.v.toLowerCase() === 'allow' ? 'Allow' : 'Deny';
  else unresolved(`Effect ${scalarText(effect) ?? describe(effect)} is neither Allow nor Deny`);

  const principal = prop(value, 'Principal');
  if (principal) stmt.principal = normalizePrincipal(principal, unresolved);
  const notPrincipal = prop(value, 'NotPrincipal');
  if (notPrincipal) stmt.notPrincipal = normalizePrincipal(notPrincipal, unresolved);

  stmt.actions = stringList(prop(value, 'Action'), unresolved);
  stmt.notActions = stringList(prop(value, 'NotAction'), unresolved);
  stmt.resources = stringList(prop(value, 'Resource'), unresolved);
  stmt.notResources = stringList(prop(value, 'NotResource'), unresolved);

  const condition = prop(value, 'Condition');
  if (condition) stmt.conditions = normalizeConditions(condition, unresolved, stmt);
  return stmt;
}

export function emptyPrincipal(): Principal {
  return { any: false, aws: [], service: [], federated: [], canonicalUser: [] };
}

/** `"*"`, `{"AWS": "*"}`, `{"Service": [...]}`, `{"AWS": "arn:..."}`... */
function normalizePrincipal(value: LValue, unresolved: (reason: string) => void): Principal {
  const principal = emptyPrincipal();
  if (value.t === 'unresolved') {
    unresolved(value.reason);
    return principal;
  }
  if (value.t === 'str') {
    if (value.v === '*') principal.any = true;
    else principal.aws.push(value.v); // not valid IAM, but read it the way it was most likely meant
    return principal;
  }
  if (value.t !== 'obj') {
    unresolved(
      value.t === 'arr'
        ? 'Principal is a JSON array, which IAM rejects as a malformed policy: write "*" or an object such as {"AWS": [...]} or {"Service": [...]}'
        : `Principal is a ${describe(value)}, which IAM rejects as a malformed policy: write "*" or an object such as {"AWS": [...]}`,
    );
    return principal;
  }
  for (const p of value.props) {
    const ids = stringList(p.value, unresolved);
    switch (p.key.toLowerCase()) {
      case 'aws':
        principal.aws.push(...ids);
        if (ids.includes('*')) principal.any = true;
        break;
      case 'service': principal.service.push(...ids); break;
      case 'federated': principal.federated.push(...ids); break;
      case 'canonicaluser': principal.canonicalUser.push(...ids); break;
      default: break; // unknown principal type: AWS would reject it; nothing we can match against
    }
  }
  return principal;
}

/**
 * A condition value that could not be evaluated (a CloudFormation parameter without Default, a Terraform variable
 * without default): the key still counts as present, and checks that need the value report why it is unknown
 * (`Statement.conditionReasons`).
 */
export const UNKNOWN_CONDITION_VALUE = '${?}';

/** `{ "StringEquals": { "aws:SourceArn": "arn:..." } }` → operator → key → string values. */
function normalizeConditions(value: LValue, unresolved: (reason: string) => void, stmt: Statement): Conditions {
  // Operators and keys are input: `__proto__` must be a key like any other, not a way into Object.prototype.
  const conditions: Conditions = dict();
  if (value.t === 'unresolved') {
    unresolved(value.reason);
    return conditions;
  }
  if (value.t !== 'obj') {
    unresolved(`Condition is a ${describe(value)}`);
    return conditions;
  }
  for (const op of value.props) {
    if (op.value.t === 'unresolved') {
      unresolved(op.value.reason);
      continue;
    }
    if (op.value.t !== 'obj') {
      unresolved(`condition operator ${op.key} does not hold an object`);
      continue;
    }
    const keys: Record<string, string[]> = conditions[op.key] ?? dict();
    for (const k of op.value.props) {
      const unknownValue = (reason: string) => {
        stmt.conditionReasons ??= dict();
        stmt.conditionReasons[k.key.toLowerCase()] ??= reason;
      };
      keys[k.key] = [...(keys[k.key] ?? []), ...stringList(k.value, unresolved, unknownValue)];
    }
    conditions[op.key] = keys;
  }
  return conditions;
}

/**
 * String-or-array of scalars as strings (bools and numbers stringified, as IAM compares them). With
 * `unknownValue`, an unevaluated item becomes `UNKNOWN_CONDITION_VALUE` instead of making the statement unreadable.
 */
function stringList(value: LValue | undefined, unresolved: (reason: string) => void, unknownValue?: (reason: string) => void): string[] {
  if (!value || value.t === 'null') return [];
  if (value.t === 'unresolved' && unknownValue) {
    unknownValue(value.reason);
    return [UNKNOWN_CONDITION_VALUE];
  }
  const items = value.t === 'arr' ? value.items : [value];
  const out: string[] = [];
  for (const item of items) {
    if (item.t === 'unresolved') {
      if (unknownValue) {
        unknownValue(item.reason);
        out.push(UNKNOWN_CONDITION_VALUE);
      } else unresolved(item.reason);
      continue;
    }
    const text = scalarText(item);
    if (text === undefined) unresolved(`expected a string, found a ${describe(item)}`);
    else out.push(text);
  }
  return out;
}

function scalarText(value: LValue): string | undefined {
  if (value.t === 'str') return value.v;
  if (value.t === 'num' || value.t === 'bool') return String(value.v);
  return undefined;
}

function prop(obj: Extract<LValue, { t: 'obj' }>, name: string): LValue | undefined {
  // IAM element names are case-sensitive, but a wrongly cased one is more likely a typo than a different thing.
  return (obj.props.find((p) => p.key === name) ?? obj.props.find((p) => p.key.toLowerCase() === name.toLowerCase()))?.value;
}

function describe(value: LValue): string {
  switch (value.t) {
    case 'str': return 'string';
    case 'num': return 'number';
    case 'bool': return 'boolean';
    case 'null': return 'null';
    case 'arr': return 'list';
    case 'obj': return 'object';
    default: return 'unresolved value';
  }
}

/**
 * Policy text (a JSON string attribute, live API output) → LValue. Every node carries the string's own `loc`:
 * escapes make offsets inside a quoted string unreliable, so findings point at the whole policy string.
 * Returns the error message when the text is not JSON.
 */
export function parseJsonText(text: string, loc?: Loc): LValue | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const trimmed = text.trim();
    if (/^\$\{[^}]*\}$/.test(trimmed)) return `policy is the unevaluated expression ${trimmed}`;
    return `policy is not valid JSON (${(e as Error).message})`;
  }
  return jsonToLValue(data, loc);
}

export function jsonToLValue(data: unknown, loc?: Loc): LValue {
  if (data === null || data === undefined) return { t: 'null', loc };
  if (typeof data === 'string') return { t: 'str', v: data, loc };
  if (typeof data === 'number') return { t: 'num', v: data, loc };
  if (typeof data === 'boolean') return { t: 'bool', v: data, loc };
  if (Array.isArray(data)) return { t: 'arr', items: data.map((d) => jsonToLValue(d, loc)), loc };
  if (typeof data === 'object') {
    return {
      t: 'obj',
      props: Object.entries(data as Record<string, unknown>).map(([key, v]) => ({ key, keyLoc: loc, value: jsonToLValue(v, loc) })),
      loc,
    };
  }
  return { t: 'unresolved', reason: `unsupported JSON value ${typeof data}`, loc };
}
