// How a trail's event selectors read, shared by TG108, TG109, TG111 and TG120: which management events are
// recorded (read / write, with exclusions) and which data events (resource type, all resources or some ARNs).
// Classic `event_selector` / `EventSelectors` and `advanced_event_selector` / `AdvancedEventSelectors` are
// mutually exclusive on a trail; when advanced ones exist they are the ones that apply.
import type { AdvancedEventSelector, Attr, EventSelector, Format, Trail } from '../../model';
import type { Locatable } from '../rule';
import { at } from '../rule';
import { boolValue, isCfn } from '../common';

/** true / false, or the reason the answer depends on something unresolved. */
export type Tri = boolean | { unknown: string };

export interface ManagementCoverage {
  read: Tri;
  write: Tri;
  /** The first narrowing met (for the message and position), and the classic RW attribute a fix can set to All. */
  problem?: { at: Locatable; message: string; readWriteType?: Attr<string> };
  unknownAt?: Locatable;
}

const or = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : typeof a === 'object' ? a : b);
const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : typeof a === 'object' ? a : b);

export function fullManagementCoverage(c: ManagementCoverage): Tri {
  return and(c.read, c.write);
}

/** Which management events the trail records. No selector at all = the defaults (All, management events on). */
export function managementCoverage(trail: Trail): ManagementCoverage {
  const adv = trail.advancedEventSelectors;
  if (!Array.isArray(adv)) return { read: { unknown: adv.unresolved }, write: { unknown: adv.unresolved }, unknownAt: trail };
  if (adv.length > 0) return combine(adv.map((s) => advancedManagement(s)), trail, 'no advanced event selector records management events');
  const classic = trail.eventSelectors;
  if (!Array.isArray(classic)) return { read: { unknown: classic.unresolved }, write: { unknown: classic.unresolved }, unknownAt: trail };
  if (classic.length === 0) return { read: true, write: true };
  return combine(classic.map((s) => classicManagement(s, trail.format)), trail, 'no event selector records management events');
}

function combine(parts: ManagementCoverage[], trail: Trail, noneMessage: string): ManagementCoverage {
  let read: Tri = false;
  let write: Tri = false;
  for (const p of parts) {
    read = or(read, p.read);
    write = or(write, p.write);
  }
  const problem = parts.find((p) => p.problem)?.problem ?? { at: trail, message: noneMessage };
  return { read, write, problem, unknownAt: parts.find((p) => p.unknownAt)?.unknownAt };
}

/** Terraform arguments, else the CloudFormation properties, which are also the GetEventSelectors field names. */
function names(format: Format | undefined) {
  return isCfn(format) || format === 'live'
    ? { mgmt: 'IncludeManagementEvents', rw: 'ReadWriteType', excl: 'ExcludeManagementEventSources' }
    : { mgmt: 'include_management_events', rw: 'read_write_type', excl: 'exclude_management_event_sources' };
}

function classicManagement(sel: EventSelector, format: Format | undefined): ManagementCoverage {
  const n = names(format);
  const mgmt = sel.includeManagementEvents;
  if (mgmt.state === 'unresolved') return unknownCoverage(mgmt.reason, at(mgmt, sel));
  if (mgmt.state === 'known' && boolValue(mgmt) === false) {
    return { read: false, write: false, problem: { at: at(mgmt, sel), message: `\`${n.mgmt}\` is false` } };
  }
  const excl = sel.excludeManagementEventSources;
  if (excl.state === 'unresolved') return unknownCoverage(excl.reason, at(excl, sel));
  if (excl.state === 'known' && excl.value.length > 0) {
    return { read: false, write: false, problem: { at: at(excl, sel), message: `\`${n.excl}\` drops events from ${excl.value.join(', ')}` } };
  }
  const rw = sel.readWriteType;
  if (rw.state === 'unresolved') return unknownCoverage(rw.reason, at(rw, sel));
  const value = rw.state === 'known' ? rw.value : 'All';
  if (value === 'All') return { read: true, write: true };
  const read = value === 'ReadOnly';
  const write = value === 'WriteOnly';
  return { read, write, problem: { at: at(rw, sel), message: `\`${n.rw}\` is ${value}`, readWriteType: rw } };
}

function field(sel: AdvancedEventSelector, name: string) {
  return sel.fieldSelectors.find((f) => f.field === name);
}

function isManagementSelector(sel: AdvancedEventSelector): boolean {
  return Boolean(field(sel, 'eventCategory')?.equals?.includes('Management'));
}

function advancedManagement(sel: AdvancedEventSelector): ManagementCoverage {
  if (sel.unresolved) return unknownCoverage(sel.unresolved, sel);
  if (!isManagementSelector(sel)) return { read: false, write: false };
  const source = field(sel, 'eventSource');
  if (source) return { read: false, write: false, problem: { at: source.loc ? source : sel, message: 'the management selector filters `eventSource`' } };
  const rw = readOnlyFilter(sel);
  if (rw.read && rw.write) return { read: true, write: true };
  const ro = field(sel, 'readOnly');
  return { ...rw, problem: { at: ro?.loc ? ro : sel, message: `the management selector keeps only ${rw.read ? 'read-only' : 'write'} events (\`readOnly\` field)` } };
}

/** Which of read / write events an advanced selector's `readOnly` field lets through. */
export function readOnlyFilter(sel: AdvancedEventSelector): { read: boolean; write: boolean } {
  const ro = field(sel, 'readOnly');
  if (!ro) return { read: true, write: true };
  const allowed = (v: 'true' | 'false') =>
    (ro.equals ? ro.equals.includes(v) : true) && !(ro.notEquals ?? []).includes(v);
  return { read: allowed('true'), write: allowed('false') };
}

function unknownCoverage(reason: string, where: Locatable): ManagementCoverage {
  return { read: { unknown: reason }, write: { unknown: reason }, unknownAt: where };
}

// ---------------------------------------------------------------------------------------------------------------
// Data events.

export interface DataScope {
  at: Locatable;
  resourceType: string;
  /** Every resource of the type (`arn:aws:s3:::`, an advanced selector without a `resources.ARN` filter). */
  all: boolean;
  /** ARN prefixes selected (positive operators), when not `all`. */
  arns: string[];
  /** ARN prefixes excluded (`NotStartsWith` / `NotEquals`). */
  excluded: string[];
  read: boolean;
  write: boolean;
}

/** Data-event scopes of the trail, plus the reasons of selectors that could not be read. */
export function dataScopes(trail: Trail): { scopes: DataScope[]; unresolved: { reason: string; at: Locatable }[] } {
  const scopes: DataScope[] = [];
  const unresolved: { reason: string; at: Locatable }[] = [];
  const adv = trail.advancedEventSelectors;
  const classic = trail.eventSelectors;
  if (!Array.isArray(adv)) unresolved.push({ reason: adv.unresolved, at: trail });
  else for (const sel of adv) advancedData(sel, scopes, unresolved);
  if (!Array.isArray(classic)) unresolved.push({ reason: classic.unresolved, at: trail });
  else for (const sel of classic) classicData(sel, scopes, unresolved);
  return { scopes, unresolved };
}

/** `arn:aws:s3`, `arn:aws:s3:::`, `arn:aws:lambda`, `arn:aws:s3:::*\/*`: every resource of the service. */
export function isAllResourcesArn(value: string): boolean {
  return /^arn:[\w-]+:[\w-]+(:::?)?(\*\/\*)?$/.test(value);
}

function classicData(sel: EventSelector, scopes: DataScope[], unresolved: { reason: string; at: Locatable }[]): void {
  const rw = sel.readWriteType;
  if (sel.dataResources.length === 0) return;
  if (rw.state === 'unresolved') {
    unresolved.push({ reason: rw.reason, at: at(rw, sel) });
    return;
  }
  const rwValue = rw.state === 'known' ? rw.value : 'All';
  for (const res of sel.dataResources) {
    const where: Locatable = res.loc ? res : sel;
    if (res.type.state !== 'known' || res.values.state !== 'known') {
      const bad = res.type.state === 'unresolved' ? res.type : res.values;
      unresolved.push({ reason: bad.state === 'unresolved' ? bad.reason : 'data resource has no type or values', at: where });
      continue;
    }
    const values = res.values.value;
    scopes.push({
      at: res.values.loc ? res.values : where,
      resourceType: res.type.value,
      all: values.some(isAllResourcesArn),
      arns: values.filter((v) => !isAllResourcesArn(v)),
      excluded: [],
      read: rwValue !== 'WriteOnly',
      write: rwValue !== 'ReadOnly',
    });
  }
}

function advancedData(sel: AdvancedEventSelector, scopes: DataScope[], unresolved: { reason: string; at: Locatable }[]): void {
  if (sel.unresolved) {
    unresolved.push({ reason: sel.unresolved, at: sel });
    return;
  }
  const types = field(sel, 'resources.type')?.equals;
  if (!types || isManagementSelector(sel)) return;
  const arnField = field(sel, 'resources.ARN');
  const positive = [...(arnField?.equals ?? []), ...(arnField?.startsWith ?? []), ...(arnField?.endsWith ?? [])];
  const excluded = [...(arnField?.notEquals ?? []), ...(arnField?.notStartsWith ?? [])];
  const rw = readOnlyFilter(sel);
  for (const type of types) {
    scopes.push({ at: sel, resourceType: type, all: positive.length === 0, arns: positive, excluded, ...rw });
  }
}

/** Whether an S3 object scope records objects of `bucket`. */
export function scopeCoversBucket(scope: DataScope, bucket: string): boolean {
  if (scope.resourceType !== 'AWS::S3::Object') return false;
  // Object-level selectors name `arn:aws:s3:::<bucket>/` (optionally a key prefix); without the slash AWS
  // selects no object of the bucket.
  const mine = (arn: string) => arn.startsWith(`arn:aws:s3:::${bucket}/`);
  if (scope.excluded.some((arn) => `arn:aws:s3:::${bucket}/`.startsWith(arn) && arn.length > 'arn:aws:s3:::'.length)) return false;
  return scope.all || scope.arns.some(mine);
}
