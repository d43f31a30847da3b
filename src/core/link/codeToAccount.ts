// Code ↔ account: which definition in the workspace each live trail, bucket and key comes from, and where the
// account has drifted from that definition. Pure (no editor, no AWS): the caller supplies the evaluated IaC scenes
// and the evaluated live scenes. A match is exact on a value both sides know (trail name or ARN, bucket name, key
// ARN, key id or alias); an unresolved value never matches, and two candidate definitions are ambiguous (shown,
// never used for drift).
import type { Attr, Bucket, EntityBase, FindingStatus, Key, Loc, Scene, Trail } from '../model';
import type { EntityFinding } from '../evaluate';
import { ruleDriftLoc, ruleDriftMessage } from './driftText';
import { aliasName, attributeDiffs, keyIdOf } from './attributeDrift';

/** One evaluated scene: a workspace lint unit or a live region (its findings include passes). */
export interface LinkSide {
  scene: Scene;
  findings: EntityFinding[];
  /** Live: the scanned account. */
  account?: string;
  /** Live: bucket name / key ARN → owner account, for resources another account owns (read across accounts). */
  owners?: ReadonlyMap<string, string>;
}

export type LinkedEntity = Trail | Bucket | Key;

export interface Definition {
  entity: LinkedEntity;
  /** Workspace-relative or absolute file path, and 1-based line of the block header. */
  file: string;
  line: number;
  /** What matched, e.g. `bucket name acme-audit-logs`. */
  matched: string;
}

export type LinkStatus = 'linked' | 'ambiguous' | 'notInWorkspace';

export interface Drift {
  /** `rule`: a rule passes on one side and fails on the other (Warning); `attribute`: a value differs (Information). */
  kind: 'rule' | 'attribute';
  severity: 'warning' | 'info';
  ruleId?: string;
  attribute?: string;
  /** Attribute drift: the rules that read the value (the value differs, their verdict does not). */
  rules?: string[];
  message: string;
  file: string;
  line: number;
  /** Where in the code the drifting value (or the rule's finding) is. */
  loc?: Loc;
  code?: string;
  live?: string;
}

export interface ResourceLink {
  kind: LinkedEntity['kind'];
  /** Trail name, bucket name or key ARN as the scan reports it (CheckResult.resource). */
  resource: string;
  live: LinkedEntity;
  /** The scanned account whose scan saw the resource. */
  account?: string;
  /** The account that owns the resource, when it is another one (an organization's log-archive bucket). */
  owner?: string;
  status: LinkStatus;
  /** Every definition whose identifying value matched (one when linked, two or more when ambiguous). */
  candidates: Definition[];
  /** Set when linked: the definition drift is computed against. */
  definition?: Definition;
  /** `bucket name acme-audit-logs, s3.tf:4`; `2 definitions: …`; `not in this workspace`. */
  label: string;
  drifts: Drift[];
}

export interface WorkspaceResource { kind: LinkedEntity['kind']; entity: LinkedEntity; file: string; line: number; name: string }

export interface LinkReport {
  links: ResourceLink[];
  /** Workspace resources no scanned resource matched: "not deployed (in this scan)". */
  notDeployed: WorkspaceResource[];
  /** Workspace resources whose identifying value is unresolved: they cannot be linked (the reason). */
  unlinkable: (WorkspaceResource & { reason: string })[];
}

interface Candidate { entity: LinkedEntity; side: LinkSide; file: string; line: number }

/** A definition is a Terraform / CloudFormation resource with a header; standalone policy files define nothing. */
function isDefinition(e: EntityBase): boolean {
  return e.format !== 'live' && e.format !== 'policy-json' && e.loc !== undefined;
}

function known<T>(a: Attr<T> | undefined): T | undefined {
  return a?.state === 'known' ? a.value : undefined;
}

/** A known value that is a literal: a string still holding `${...}` is a reference the parser could not resolve. */
function literal(a: Attr<string>): string | undefined {
  const v = known(a);
  return v !== undefined && !v.includes('${') ? v : undefined;
}

/** The identifying values of an entity, each with the words that say what matched. */
function identities(e: LinkedEntity): { key: string; what: string }[] | { unresolved: string } {
  if (e.kind === 'trail') {
    const out: { key: string; what: string }[] = [];
    const name = literal(e.name);
    if (name !== undefined) {
      // A trail name may be given as its ARN (Terraform accepts both).
      if (name.startsWith('arn:')) out.push({ key: `trail-arn\0${name}`, what: `trail ARN ${name}` });
      else out.push({ key: `trail-name\0${name}`, what: `trail name ${name}` });
    }
    if (e.arn) out.push({ key: `trail-arn\0${e.arn}`, what: `trail ARN ${e.arn}` });
    if (out.length) return out;
    return { unresolved: e.name.state === 'unresolved' ? e.name.reason : 'the trail has no name' };
  }
  if (e.kind === 'bucket') {
    const name = literal(e.name);
    if (name !== undefined) return [{ key: `bucket\0${name}`, what: `bucket name ${name}` }];
    return { unresolved: e.name.state === 'unresolved' ? e.name.reason : 'the bucket name is chosen by AWS (no bucket name set)' };
  }
  const out: { key: string; what: string }[] = [];
  if (e.arn) {
    const id = keyIdOf(e.arn);
    if (id) out.push({ key: `key-id\0${id}`, what: `key ARN ${e.arn}` });
  }
  for (const a of e.aliases) {
    const alias = aliasName(a);
    if (alias) out.push({ key: `key-alias\0${alias}`, what: `key alias ${alias}` });
  }
  if (out.length) return out;
  return { unresolved: 'neither the key ARN nor an alias is known' };
}

/** `name` for the user: trail / bucket name, key ARN or alias, else the resource id. */
function displayName(e: LinkedEntity): string {
  if (e.kind === 'key') return e.arn ?? e.aliases[0] ?? e.id;
  return known(e.name) ?? e.id;
}

const relFile = (file: string) => file;

/** Links every live trail, bucket and key to its definition and computes drift. Linear in the number of entities. */
export function linkCodeToAccount(workspace: readonly LinkSide[], live: readonly LinkSide[]): LinkReport {
  // Identifying value → candidate definitions (Map: names are attacker-controlled).
  const index = new Map<string, Candidate[]>();
  const workspaceResources: { entity: LinkedEntity; side: LinkSide; file: string; line: number }[] = [];
  const unlinkable: LinkReport['unlinkable'] = [];
  const seenWs = new Set<LinkedEntity>();
  const definitionOf = new Map<LinkedEntity, Candidate>();
  for (const side of workspace) {
    for (const entity of entitiesOf(side.scene)) {
      if (!isDefinition(entity) || seenWs.has(entity)) continue;
      seenWs.add(entity);
      const loc = entity.loc!;
      const candidate = { entity, side, file: relFile(loc.file), line: loc.range.start.line + 1 };
      definitionOf.set(entity, candidate);
      const ids = identities(entity);
      if ('unresolved' in ids) {
        unlinkable.push({ kind: entity.kind, entity, file: candidate.file, line: candidate.line, name: entity.id, reason: ids.unresolved });
        continue;
      }
      workspaceResources.push(candidate);
      for (const k of new Set(ids.map((i) => i.key))) {
        const list = index.get(k);
        if (list) list.push(candidate);
        else index.set(k, [candidate]);
      }
    }
  }
  const deployed = new Set<LinkedEntity>();
  const links: ResourceLink[] = [];
  const seenLive = new Set<LinkedEntity>();
  // Trails first: a key the code names only by reference (its ARN is known only once created) links through the
  // linked trail that encrypts with it.
  const liveEntities: { entity: LinkedEntity; side: LinkSide }[] = [];
  for (const kind of ['trail', 'bucket', 'key'] as const) {
    for (const side of live) {
      for (const entity of entitiesOf(side.scene)) {
        if (entity.kind !== kind || entity.format !== 'live' || seenLive.has(entity)) continue;
        if (entity.kind === 'trail' && entity.homeRegion && entity.region && entity.homeRegion !== entity.region) continue; // shadow copy
        seenLive.add(entity);
        liveEntities.push({ entity, side });
      }
    }
  }
  const trailLinks = new Map<string, ResourceLink>(); // live trail id → its link
  for (const { entity, side } of liveEntities) {
    const ids = identities(entity);
    const matches: Definition[] = [];
    const seenCand = new Set<LinkedEntity>();
    if (!('unresolved' in ids)) {
      for (const id of ids) {
        for (const c of index.get(id.key) ?? []) {
          if (seenCand.has(c.entity)) continue;
          seenCand.add(c.entity);
          matches.push({ entity: c.entity, file: c.file, line: c.line, matched: id.what });
        }
      }
    }
    if (entity.kind === 'key' && matches.length === 0) {
      for (const trail of entity.trails) {
        const link = trailLinks.get(trail.id);
        const codeTrail = link?.definition?.entity;
        if (!link || codeTrail?.kind !== 'trail' || codeTrail.key.state !== 'linked') continue;
        const codeKey = codeTrail.key.entity;
        if (!definitionOf.has(codeKey) || seenCand.has(codeKey)) continue;
        seenCand.add(codeKey);
        matches.push({ entity: codeKey, file: relFile(codeKey.loc!.file), line: codeKey.loc!.range.start.line + 1, matched: `key of trail ${link.resource}` });
      }
    }
    for (const m of matches) deployed.add(m.entity);
    {
      const resource = entity.kind === 'key' ? entity.arn ?? entity.id : known(entity.name) ?? entity.id;
      const owner = side.owners?.get(resource);
      const base = { kind: entity.kind, resource, live: entity, ...(side.account ? { account: side.account } : {}), ...(owner && owner !== side.account ? { owner } : {}), candidates: matches };
      if (matches.length === 0) {
        links.push({ ...base, status: 'notInWorkspace', label: 'not in this workspace', drifts: [] });
      } else if (matches.length > 1) {
        links.push({ ...base, status: 'ambiguous', label: `ambiguous: ${matches.length} definitions (${matches.map((m) => `${m.matched}, ${m.file}:${m.line}`).join('; ')})`, drifts: [] });
      } else {
        const def = matches[0]!;
        const codeSide = definitionOf.get(def.entity)!.side;
        links.push({ ...base, status: 'linked', definition: def, label: `${def.matched}, ${def.file}:${def.line}`, drifts: driftsOf(def, codeSide, entity, side) });
      }
      if (entity.kind === 'trail') trailLinks.set(entity.id, links[links.length - 1]!);
    }
  }
  const notDeployed = workspaceResources.filter((c) => !deployed.has(c.entity))
    .map((c) => ({ kind: c.entity.kind, entity: c.entity, file: c.file, line: c.line, name: displayName(c.entity) }));
  return { links, notDeployed, unlinkable: unlinkable.filter((u) => !deployed.has(u.entity)) };
}

function entitiesOf(scene: Scene): LinkedEntity[] {
  return [...scene.trails, ...scene.buckets, ...scene.keys];
}

// ---------------------------------------------------------------------------------------------------------------
// Drift.

/** One status per rule on one entity: a rule reported several times (per statement) keeps fail, then unknown. */
const findingsByEntity = new WeakMap<LinkSide, Map<EntityBase, EntityFinding[]>>();

/** A side's findings by entity, built once per side (a scene holds thousands of entities: no scan per link). */
function findingsOf(side: LinkSide, entity: EntityBase): EntityFinding[] {
  let byEntity = findingsByEntity.get(side);
  if (!byEntity) {
    byEntity = new Map();
    for (const f of side.findings) {
      const list = byEntity.get(f.entity);
      if (list) list.push(f);
      else byEntity.set(f.entity, [f]);
    }
    findingsByEntity.set(side, byEntity);
  }
  return byEntity.get(entity) ?? [];
}

function ruleStatuses(side: LinkSide, entity: EntityBase): Map<string, { status: FindingStatus; message: string; loc?: Loc }> {
  const out = new Map<string, { status: FindingStatus; message: string; loc?: Loc }>();
  const rank: Record<FindingStatus, number> = { optInNotEnabled: 0, off: 0, notApplicable: 1, pass: 2, unknown: 3, fail: 4 };
  for (const { finding } of findingsOf(side, entity)) {
    const prev = out.get(finding.ruleId);
    if (prev && rank[prev.status] >= rank[finding.status]) continue;
    out.set(finding.ruleId, {
      status: finding.status, message: finding.message,
      ...(finding.file && finding.range ? { loc: { file: finding.file, range: finding.range } } : {}),
    });
  }
  return out;
}

function driftsOf(def: Definition, codeSide: LinkSide, liveEntity: LinkedEntity, liveSide: LinkSide): Drift[] {
  const drifts: Drift[] = [];
  const code = ruleStatuses(codeSide, def.entity);
  const liveStatuses = ruleStatuses(liveSide, liveEntity);
  const what = liveEntity.kind === 'trail' ? 'trail' : liveEntity.kind === 'bucket' ? 'bucket' : 'key';
  for (const [ruleId, c] of code) {
    const l = liveStatuses.get(ruleId);
    // Only pass vs fail is drift: unknown, not applicable, off or opt-in on either side never is.
    if (!l || (c.status !== 'pass' && c.status !== 'fail') || (l.status !== 'pass' && l.status !== 'fail') || c.status === l.status) continue;
    const at = ruleDriftLoc(ruleId, def.entity) ?? c.loc ?? def.entity.loc;
    const line = at ? at.range.start.line + 1 : def.line;
    const file = at?.file ?? def.file;
    const message = ruleDriftMessage(ruleId, `${file}:${line}`, def.entity, liveEntity, c.status === 'pass', { code: c.message, live: l.message });
    drifts.push({ kind: 'rule', severity: 'warning', ruleId, message, file, line, ...(at ? { loc: at } : {}) });
  }
  const ruleDrifted = new Set(drifts.map((d) => d.ruleId));
  for (const a of attributeDiffs(def.entity, liveEntity)) {
    // A value whose rule drifted is said once, by the rule drift (Warning); Information is for values that differ
    // while the rule's verdict is the same on both sides.
    if (a.rules.some((r) => ruleDrifted.has(r))) continue;
    const file = a.loc?.file ?? def.file;
    const line = a.loc ? a.loc.range.start.line + 1 : def.line;
    drifts.push({
      kind: 'attribute', severity: 'info', attribute: a.label, rules: a.rules,
      message: `Drift: ${file}:${line} ${a.set ? 'sets' : 'has'} ${a.codePhrase}; the live ${what} has ${a.livePhrase}`,
      file, line, ...(a.loc ? { loc: a.loc } : {}), code: a.code, live: a.live,
    });
  }
  return drifts;
}
