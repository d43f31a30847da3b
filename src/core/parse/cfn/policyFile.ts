// A standalone policy JSON file → the entity its content says it belongs to: a bucket policy (S3 resources) →
// Bucket, a key policy (kms: actions) → Key, an SCP (Deny on cloudtrail:/config: without a Principal) →
// OrgPolicy. Only `policy` is known; every other attribute is unresolved "not in a policy file", and the
// entity id is the file path, which is how rules tell these policy-only entities apart.
import { emptyScene, type Attr, type ParseError, type PolicyDoc, type Scene } from '../../model';
import type { ParsedUnit, SourceFile } from '../unit';
import { CfnContext } from './context';
import { screenText } from './guards';
import { readJson } from './jsonTree';
import { LineIndex } from './positions';
import { policyOnlyBucket, policyOnlyKey, policyOnlyOrgPolicy, type PolicyOnlyBase } from './policyOnly';
import { entry, type MapNode } from './tree';

const NOT_HERE = 'not in a policy file';

export function parsePolicyFile(file: SourceFile, maxFileSize?: number): ParsedUnit {
  const screened = screenText(file, maxFileSize);
  if (screened.fatal) return { scene: emptyScene(), errors: [screened.fatal] };
  const read = readJson(file.text);
  const lines = new LineIndex(file.path, file.text);
  const errors: ParseError[] = [
    ...screened.errors,
    ...read.errors.map((e) => ({ file: file.path, range: lines.range(e.start, e.end), message: e.message })),
  ];
  const root = read.roots[0];
  // Detection by content is a guess: valid JSON that is not a policy document (a list of policies, say) is
  // simply not linted; only syntax errors are reported.
  if (!root || root.k !== 'map') return { scene: emptyScene(), errors };
  try {
    return { scene: adaptPolicyDocument(file, root), errors };
  } catch (e) {
    errors.push({ file: file.path, range: lines.range(0, 0), message: `internal error while reading the policy: ${(e as Error).message}` });
    return { scene: emptyScene(), errors };
  }
}

function adaptPolicyDocument(file: SourceFile, root: MapNode): Scene {
  const empty: MapNode = { k: 'map', entries: [], flow: true, start: 0, end: 0 };
  const ctx = new CfnContext(file.path, file.text, 'policy-json', empty);
  const stmtEntry = entry(root, 'Statement');
  const headLoc = stmtEntry ? ctx.lines.loc(stmtEntry.keyStart, stmtEntry.keyEnd) : ctx.lines.loc(root.start, root.start + 1);
  const policy = ctx.policy(root, headLoc);
  const base: PolicyOnlyBase = {
    id: file.path,
    loc: headLoc,
    extent: ctx.lines.loc(root.start, root.end),
  };
  const scene = emptyScene();
  const kind = classify(policy);
  if (kind === 'orgPolicy') scene.orgPolicies.push(policyOnlyOrgPolicy(base, policy));
  else if (kind === 'key') scene.keys.push(policyOnlyKey(base, policy, NOT_HERE));
  else if (kind === 'bucket') scene.buckets.push(policyOnlyBucket(base, policy, bucketNameFromArns(policy), NOT_HERE));
  return scene;
}

type PolicyKind = 'bucket' | 'key' | 'orgPolicy' | undefined;

export function classify(policy: PolicyDoc): PolicyKind {
  const stmts = policy.statements;
  const actions = stmts.flatMap((s) => [...s.actions, ...s.notActions].map((a) => a.toLowerCase()));
  const hasPrincipal = stmts.some((s) => s.principal || s.notPrincipal);
  const auditDeny = stmts.some((s) => s.effect === 'Deny' && [...s.actions, ...s.notActions].some((a) => /^(cloudtrail|config):/i.test(a)));
  if (!hasPrincipal && auditDeny) return 'orgPolicy';
  if (actions.some((a) => a.startsWith('kms:'))) return 'key';
  const resources = stmts.flatMap((s) => [...s.resources, ...s.notResources]);
  if (actions.some((a) => a.startsWith('s3:')) || resources.some((r) => /^arn:aws[\w-]*:s3:::/.test(r))) return 'bucket';
  return undefined;
}

/** The bucket name of the first `arn:aws:s3:::name[/...]` resource. */
function bucketNameFromArns(policy: PolicyDoc): Attr<string> {
  const name = policy.statements.flatMap((s) => s.resources).map((r) => /^arn:aws[\w-]*:s3:::([^/]+)/.exec(r)?.[1]).find((n) => n);
  return name ? { state: 'known', value: name } : { state: 'unresolved', reason: NOT_HERE };
}
