// Attribute-level drift: the values the rules read, compared across a link even where both sides pass (retention
// 400 days in code, 365 live). Absent means the provider default; an unresolved value on either side is never drift.
import type { Attr, Bucket, Key, Loc, Trail } from '../model';
import type { LinkedEntity } from './codeToAccount';

/** `key/<id>` of a key ARN, the id itself, or undefined. */
export function keyIdOf(value: string): string | undefined {
  const m = /^arn:aws[\w-]*:kms:[^:]*:\d{12}:key\/(.+)$/.exec(value);
  if (m) return m[1];
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^mrk-[0-9a-f]{32}$/.test(value) ? value : undefined;
}

/** `alias/name` of an alias, an alias ARN or a bare alias name; undefined for anything else. */
export function aliasName(value: string): string | undefined {
  const v = value.startsWith('alias/') || value.startsWith('arn:') ? value : `alias/${value}`;
  const m = /^(?:arn:aws[\w-]*:kms:[^:]*:\d{12}:)?(alias\/.+)$/.exec(v);
  return m ? m[1] : undefined;
}

/** A value the rules read, with what "absent" means (the provider default), compared across the link. */
interface Compared {
  label: string;
  /** The rules that read it: a rule drift on one of them already says it (no second, Information drift). */
  rules: string[];
  read: (e: LinkedEntity) => Attr<unknown> | undefined;
  absent: unknown;
  /** The value in words, e.g. `Object Lock retention 400 days`; default `<label> <value>`. */
  phrase?: (v: unknown) => string;
  same?: (code: unknown, live: unknown, liveEntity: LinkedEntity) => boolean;
}

function valueText(v: unknown): string {
  if (v === null) return 'none';
  if (v === true) return 'on';
  if (v === false) return 'off';
  return String(v);
}

const trailValues: Compared[] = [
  { label: 'log file validation', rules: ['TG101'], read: (e) => (e as Trail).logFileValidation, absent: false },
  { label: 'multi-region', rules: ['TG102'], read: (e) => (e as Trail).multiRegion, absent: false },
  { label: 'logging', rules: ['TG104'], read: (e) => (e as Trail).logging, absent: true },
  {
    label: 'KMS key', rules: ['TG103'], read: (e) => (e as Trail).kmsKeyId, absent: null,
    phrase: (v) => (v === null ? 'no KMS key' : `KMS key ${String(v)}`),
    // The code may name the key by alias or id, the account answers with its ARN.
    same: (code, live, liveEntity) => {
      if (typeof code !== 'string' || typeof live !== 'string') return code === live;
      if (code === live) return true;
      // A reference (`aws_kms_key.trail.arn`): the code sets some key; which one is the key link's business.
      if (code.includes('${')) return true;
      const codeId = keyIdOf(code);
      if (codeId && codeId === keyIdOf(live)) return true;
      const alias = aliasName(code);
      const key = (liveEntity as Trail).key;
      return alias !== undefined && key.state === 'linked' && key.entity.aliases.some((a) => aliasName(a) === alias);
    },
  },
];

const pab = (flag: 'blockPublicAcls' | 'blockPublicPolicy' | 'ignorePublicAcls' | 'restrictPublicBuckets') => (e: LinkedEntity): Attr<unknown> | undefined => {
  const p = (e as Bucket).publicAccessBlock;
  if ('state' in p) return p.state === 'absent' ? { state: 'absent' } : { state: 'unresolved', reason: p.reason };
  return p[flag];
};
const period = (unit: string) => (v: unknown) => (v === null ? `no Object Lock retention in ${unit}` : `Object Lock retention ${String(v)} ${unit}`);

const bucketValues: Compared[] = [
  { label: 'Object Lock', rules: ['TG201'], read: (e) => (e as Bucket).objectLockEnabled, absent: false },
  { label: 'Object Lock mode', rules: ['TG201', 'TG202'], read: (e) => (e as Bucket).objectLockMode, absent: null, phrase: (v) => (v === null ? 'no Object Lock mode' : `Object Lock mode ${String(v)}`) },
  { label: 'Object Lock retention days', rules: ['TG201', 'TG202'], read: (e) => (e as Bucket).objectLockDays, absent: null, phrase: period('days') },
  { label: 'Object Lock retention years', rules: ['TG201', 'TG202'], read: (e) => (e as Bucket).objectLockYears, absent: null, phrase: period('years') },
  { label: 'versioning', rules: ['TG203'], read: (e) => (e as Bucket).versioning, absent: 'Disabled' },
  { label: 'MFA Delete', rules: ['TG204'], read: (e) => (e as Bucket).mfaDelete, absent: 'Disabled' },
  { label: 'public access block BlockPublicAcls', rules: ['TG205'], read: pab('blockPublicAcls'), absent: false },
  { label: 'public access block BlockPublicPolicy', rules: ['TG205'], read: pab('blockPublicPolicy'), absent: false },
  { label: 'public access block IgnorePublicAcls', rules: ['TG205'], read: pab('ignorePublicAcls'), absent: false },
  { label: 'public access block RestrictPublicBuckets', rules: ['TG205'], read: pab('restrictPublicBuckets'), absent: false },
];

const keyValues: Compared[] = [
  { label: 'key rotation', rules: ['TG303'], read: (e) => (e as Key).rotation, absent: false },
];

export interface AttributeDiff {
  label: string;
  rules: string[];
  /** Each side's value (`400`, `on`, `none`) and in words (`Object Lock retention 400 days`). */
  code: string;
  live: string;
  codePhrase: string;
  livePhrase: string;
  /** The code writes the value (else it is the provider default). */
  set: boolean;
  loc?: Loc;
}

export function attributeDiffs(code: LinkedEntity, live: LinkedEntity): AttributeDiff[] {
  const table = code.kind === 'trail' ? trailValues : code.kind === 'bucket' ? bucketValues : keyValues;
  const out: AttributeDiff[] = [];
  for (const c of table) {
    const a = c.read(code);
    const b = c.read(live);
    // Unknown on either side is never drift.
    if (!a || !b || a.state === 'unresolved' || b.state === 'unresolved') continue;
    const av = a.state === 'known' ? a.value : c.absent;
    const bv = b.state === 'known' ? b.value : c.absent;
    const same = c.same ? c.same(av, bv, live) : av === bv;
    if (same) continue;
    const loc = a.state === 'known' ? a.loc ?? a.origin?.loc : undefined;
    const phrase = c.phrase ?? ((v: unknown) => `${c.label} ${valueText(v)}`);
    out.push({
      label: c.label, rules: c.rules, code: valueText(av), live: valueText(bv), codePhrase: phrase(av), livePhrase: phrase(bv),
      set: a.state === 'known', ...(loc ? { loc } : {}),
    });
  }
  return out;
}
