// Small helpers shared by the trail, Config and organization rules: how a property is spelled in the format at
// hand, the three attribute states read as booleans / presence, and the scene-level "anchor" that workspace- or
// account-level checks (TG107, TG111, TG120, TG501) report on.
import type { Attr, BlockTarget, EntityBase, FileEdit, Format, PropName, Scalar, Scene, Trail } from '../model';
import type { CheckContext } from './rule';
import { at } from './rule';
import { setProperty } from '../fix/edits';

/** One property in every spelling: Terraform argument, CloudFormation property, API response field. */
export interface PropNames { tf: string; cfn: string; live: string }

/** How the property is written in the entity's own format (what the user sees in the file or the console). */
export function propLabel(names: PropNames, format: Format | undefined): string {
  if (format === 'terraform') return names.tf;
  if (format === 'cfn-yaml' || format === 'cfn-json') return names.cfn;
  if (format === 'live') return names.live;
  return names.tf;
}

export function isCfn(format: Format | undefined): boolean {
  return format === 'cfn-yaml' || format === 'cfn-json';
}

/** A literal as the user would write it: `"All"` in HCL/JSON, `true`. */
export function literal(value: Scalar, format: Format | undefined): string {
  return typeof value === 'string' && format !== 'cfn-yaml' ? JSON.stringify(value) : String(value);
}

/** `enable_logging = false` / `IsLogging: false`, as the setting reads in the entity's format. */
export function assignment(names: PropNames, value: Scalar, format: Format | undefined): string {
  const name = propLabel(names, format);
  return format === 'terraform' ? `${name} = ${literal(value, format)}` : `${name}: ${literal(value, format)}`;
}

/** "Set enable_log_file_validation = true" / "Set EnableLogFileValidation: true". */
export function setFixTitle(names: PropNames, value: Scalar, format: Format | undefined): string {
  const name = propLabel(names, format);
  return isCfn(format) ? `Set ${name}: ${literal(value, format)}` : `Set ${name} = ${literal(value, format)}`;
}

/** Known booleans, accepting the string spellings CloudFormation allows (`IsLogging: "true"`). */
export function boolValue(attr: Attr<unknown>): boolean | undefined {
  if (attr.state !== 'known') return undefined;
  const v = attr.value;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return undefined;
}

/** A known value that counts as "not set": null, empty string, empty list. */
export function isEmptyValue(attr: Attr<unknown>): boolean {
  if (attr.state !== 'known') return false;
  const v = attr.value as unknown;
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

/** The reason shown for an unresolved attribute, naming the property when the parser's reason does not. */
export function unresolvedReason(attr: Attr<unknown>, names: PropNames, format: Format | undefined): string {
  const reason = attr.state === 'unresolved' ? attr.reason : 'value could not be evaluated';
  const name = propLabel(names, format);
  return reason.includes(name) ? reason : `\`${name}\`: ${reason}`;
}

export interface RequireTrueSpec {
  names: PropNames;
  /** What a missing attribute means (rules.md §2.4): the provider default. */
  absentPasses: boolean;
  /**
   * Message for a missing attribute / a failing known value. `setting` is the property as written:
   * `enable_logging = false`, `IsLogging: false`, or just the name when the value is not a boolean.
   */
  message: (state: 'false' | 'absent' | 'other', setting: string) => string;
}

/**
 * The common boolean guardrail: pass on `true`, unknown on unresolved, fail on `false` (and on absent unless the
 * provider default is true), with the safe "set it to true" fix.
 */
export function requireTrue(ctx: CheckContext, entity: EntityBase, attr: Attr<unknown>, spec: RequireTrueSpec): void {
  const label = propLabel(spec.names, entity.format);
  if (attr.state === 'unresolved') {
    ctx.unknown(at(attr, entity), unresolvedReason(attr, spec.names, entity.format));
    return;
  }
  if (attr.state === 'absent') {
    if (spec.absentPasses) return;
    ctx.fail(entity, spec.message('absent', label), { fixes: setTrueFix(attr, entity, spec.names) });
    return;
  }
  const value = boolValue(attr);
  if (value === true) return;
  const setting = value === false ? assignment(spec.names, false, entity.format) : label;
  ctx.fail(at(attr, entity), spec.message(value === false ? 'false' : 'other', setting), {
    fixes: setTrueFix(attr, entity, spec.names),
  });
}

/**
 * Inserts several properties into one block as a single fix. Terraform re-aligns `=` on every insert, so
 * separate inserts would overlap; its target offers `insertAll` (not yet part of the model's BlockTarget).
 */
export function insertProperties(target: BlockTarget, props: { name: PropName; value: Scalar }[]): FileEdit[] {
  const withAll = target as BlockTarget & { insertAll?: (p: { name: PropName; value: Scalar }[]) => FileEdit[] | undefined };
  if (withAll.insertAll) return withAll.insertAll(props) ?? [];
  const edits: FileEdit[] = [];
  for (const p of props) {
    const e = target.insert(p.name, p.value);
    if (!e) return [];
    edits.push(...e);
  }
  return edits;
}

function setTrueFix(attr: Attr<unknown>, entity: EntityBase, names: PropNames) {
  return setProperty(attr, entity.target, names, true, setFixTitle(names, true, entity.format));
}

// ---------------------------------------------------------------------------------------------------------------
// Scenes: live vs IaC, shadow trails, and the entity a scene-level check reports on.

/** Live scenes carry the account context; IaC scenes never do. */
export function isLiveScene(scene: Scene): boolean {
  return scene.account !== undefined || scene.trails.some((t) => t.format === 'live');
}

/**
 * Trails this scene owns. A live region also lists multi-region trails homed elsewhere and organization trails
 * of the management account ("shadow trails"); per-trail checks belong to the home copy, so they are skipped
 * here, while coverage checks (TG120) still count them.
 */
export function ownTrails(scene: Scene): Trail[] {
  return scene.trails.filter((t) => !isShadowTrail(t, scene));
}

export function isShadowTrail(trail: Trail, scene: Scene): boolean {
  if (trail.format !== 'live') return false;
  const region = trail.region ?? scene.account?.region;
  if (trail.homeRegion && region && trail.homeRegion !== region) return true;
  const account = scene.account?.id;
  const trailAccount = trail.arn?.split(':')[4];
  return Boolean(account && trailAccount && trailAccount !== account);
}

/** The account/region of a live scene as an entity, so account-level checks get pass/fail/unknown in the tree. */
export function accountEntity(scene: Scene): EntityBase {
  const id = scene.account?.id ?? 'account';
  const region = scene.account?.region;
  return { kind: 'account', id: region ? `${id} (${region})` : id, format: 'live', region };
}

/**
 * Where a workspace-level finding goes: the account in a live scene, else the first trail of the module /
 * template (in file order), or nothing when the scene has no trail at all.
 */
export function sceneAnchor(scene: Scene): EntityBase | undefined {
  if (isLiveScene(scene)) return accountEntity(scene);
  return firstInFileOrder(scene.trails);
}

export function firstInFileOrder<E extends EntityBase>(entities: E[]): E | undefined {
  return [...entities].sort(compareByLoc)[0];
}

function compareByLoc(a: EntityBase, b: EntityBase): number {
  const fa = a.loc?.file ?? '';
  const fb = b.loc?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const la = a.loc?.range.start;
  const lb = b.loc?.range.start;
  return (la?.line ?? 0) - (lb?.line ?? 0) || (la?.character ?? 0) - (lb?.character ?? 0);
}

/** "aws_cloudtrail.main (main.tf:3)" for related information and messages. */
export function describeEntity(entity: EntityBase): string {
  const loc = entity.loc;
  return loc ? `${entity.id} (${loc.file}:${loc.range.start.line + 1})` : entity.id;
}

// ---------------------------------------------------------------------------------------------------------------
// Trails.

/** Whether the trail records events: `enable_logging` (TF default true), `IsLogging` (CFN, required), or live status. */
export function trailLogging(trail: Trail): boolean | 'unknown' {
  const attr = trail.status && trail.status.isLogging.state !== 'absent' ? trail.status.isLogging : trail.logging;
  if (attr.state === 'absent') return trail.format === 'terraform';
  if (attr.state === 'unresolved') return 'unknown';
  return boolValue(attr) ?? 'unknown';
}

/** The name of the bucket the trail delivers to, from the link or the literal `s3_bucket_name`. */
export function trailBucketName(trail: Trail): string | undefined {
  if (trail.bucket.state === 'linked') {
    const name = trail.bucket.entity.name;
    if (name.state === 'known' && name.value) return name.value;
  }
  return trail.s3BucketName.state === 'known' && trail.s3BucketName.value ? trail.s3BucketName.value : undefined;
}

/** Hours since an ISO timestamp attribute, or undefined when the attribute is not a known date. */
export function hoursSince(attr: Attr<string>, now: number = Date.now()): number | undefined {
  if (attr.state !== 'known') return undefined;
  const t = Date.parse(attr.value);
  return Number.isNaN(t) ? undefined : (now - t) / 3_600_000;
}
