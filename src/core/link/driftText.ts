// What a rule drift says: the value each side holds for the thing the rule judges, in words ("Object Lock
// COMPLIANCE 365 days", "no TLS-only deny in the bucket policy"), so that a drift reads
// "Drift: s3.tf:17 sets Object Lock COMPLIANCE 365 days; the live bucket has no Object Lock configuration".
// Values come from the entity (the parser already mapped "absent" to the provider default); a rule whose verdict
// rests on a policy document is described by its verdict, since the document differs in many ways at once.
import type { Attr, Bucket, Key, Loc, Trail } from '../model';
import type { LinkedEntity } from './codeToAccount';

/** A side's value for a rule: `set` when the code writes it (verb "sets"), else the code "has" it by default. */
export interface Phrase { text: string; set: boolean; loc?: Loc }

const isSet = (...attrs: (Attr<unknown> | undefined)[]) => attrs.some((a) => a?.state === 'known');
/** Where the first known attribute is written (the drift points there rather than at the block header). */
const locOf = (...attrs: (Attr<unknown> | undefined)[]): Loc | undefined => {
  for (const a of attrs) if (a?.state === 'known' && (a.loc ?? a.origin?.loc)) return a.loc ?? a.origin?.loc;
  return undefined;
};
/** `{ text, set, loc }` for one attribute. */
const one = (a: Attr<unknown>, text: string): Phrase => ({ text, set: isSet(a), ...(locOf(a) ? { loc: locOf(a)! } : {}) });
const val = <T>(a: Attr<T>): T | undefined => (a.state === 'known' ? a.value : undefined);
const onOff = (v: boolean | undefined, absent: boolean) => ((v ?? absent) ? 'on' : 'off');

function objectLock(b: Bucket): Phrase {
  const enabled = b.objectLockEnabled.state === 'known' ? b.objectLockEnabled.value : false;
  const set = isSet(b.objectLockEnabled, b.objectLockMode, b.objectLockDays, b.objectLockYears);
  const loc = b.objectLockLoc ?? locOf(b.objectLockMode, b.objectLockDays, b.objectLockYears, b.objectLockEnabled);
  if (!enabled) return { text: 'no Object Lock configuration', set: b.objectLockEnabled.state === 'known', ...(loc ? { loc } : {}) };
  const mode = val(b.objectLockMode);
  const days = val(b.objectLockDays);
  const years = val(b.objectLockYears);
  const period = days !== undefined ? ` ${days} day${days === 1 ? '' : 's'}` : years !== undefined ? ` ${years} year${years === 1 ? '' : 's'}` : '';
  if (mode === undefined && period === '') return { text: 'Object Lock without a default retention', set, ...(loc ? { loc } : {}) };
  return { text: `Object Lock${mode ? ` ${mode}` : ''}${period}`, set, ...(loc ? { loc } : {}) };
}

function publicAccessBlock(b: Bucket): Phrase {
  const p = b.publicAccessBlock;
  if ('state' in p) return { text: 'no public access block', set: false };
  const flags = [['BlockPublicAcls', p.blockPublicAcls], ['BlockPublicPolicy', p.blockPublicPolicy], ['IgnorePublicAcls', p.ignorePublicAcls], ['RestrictPublicBuckets', p.restrictPublicBuckets]] as const;
  const firstOff = flags.find(([, a]) => a.state === 'known' && a.value !== true)?.[1];
  const loc = locOf(firstOff) ?? p.loc;
  const off = flags.filter(([, a]) => a.state !== 'known' || a.value !== true).map(([n]) => n);
  return { text: off.length ? `a public access block with ${off.join(', ')} off` : 'a public access block with all four flags on', set: true, ...(loc ? { loc } : {}) };
}

/** Rules judged on single values: the phrase of each side. */
const valuePhrases: Record<string, (e: LinkedEntity) => Phrase | undefined> = {
  TG101: (e) => { const t = e as Trail; return one(t.logFileValidation, `log file validation ${onOff(val(t.logFileValidation), false)}`); },
  TG102: (e) => { const t = e as Trail; return one(t.multiRegion, (val(t.multiRegion) ?? false) ? 'a multi-region trail' : 'a single-region trail'); },
  TG103: (e) => { const t = e as Trail; return one(t.kmsKeyId, val(t.kmsKeyId) ? 'KMS encryption' : 'no KMS key'); },
  TG104: (e) => { const t = e as Trail; return one(t.logging, `logging ${onOff(val(t.logging), true)}`); },
  TG105: (e) => { const t = e as Trail; return one(t.globalServiceEvents, `global service events ${onOff(val(t.globalServiceEvents), true)}`); },
  TG106: (e) => { const t = e as Trail; return one(t.cloudWatchLogGroupArn, val(t.cloudWatchLogGroupArn) ? 'CloudWatch Logs delivery' : 'no CloudWatch Logs delivery'); },
  TG201: (e) => objectLock(e as Bucket),
  TG202: (e) => objectLock(e as Bucket),
  TG203: (e) => { const b = e as Bucket; const v = val(b.versioning); return one(b.versioning, v && v !== 'Disabled' ? `versioning ${v}` : 'no versioning'); },
  TG204: (e) => { const b = e as Bucket; return one(b.mfaDelete, b.mfaDelete.state === 'absent' ? 'MFA Delete not set' : `MFA Delete ${val(b.mfaDelete) ?? 'Disabled'}`); },
  TG205: (e) => publicAccessBlock(e as Bucket),
  TG209: (e) => { const b = e as Bucket; const t = val(b.loggingTargetBucket); return one(b.loggingTargetBucket, t ? `server access logging to ${t}` : 'no server access logging'); },
  TG303: (e) => { const k = e as Key; return one(k.rotation, `key rotation ${onOff(val(k.rotation), false)}`); },
  TG305: (e) => { const k = e as Key; const s = val(k.keyState); return { text: s ? `key state ${s}` : `the key ${onOff(val(k.enabled), true) === 'on' ? 'enabled' : 'disabled'}`, set: isSet(k.enabled, k.keyState) }; },
};

/** Rules judged on a policy document: what passing and failing mean. */
const verdictPhrases: Record<string, { pass: string; fail: string }> = {
  TG206: { pass: 'a TLS-only deny in the bucket policy', fail: 'no TLS-only deny in the bucket policy' },
  TG207: { pass: 'a bucket policy that lets CloudTrail deliver', fail: 'a bucket policy that does not let CloudTrail deliver' },
  TG208: { pass: 'a source condition on the CloudTrail grants', fail: 'no aws:SourceArn / aws:SourceAccount condition on the CloudTrail grants' },
  TG212: { pass: 'no public read or write grant', fail: 'a public read or write grant' },
  TG211: { pass: 'SSE-KMS default encryption', fail: 'no SSE-KMS default encryption' },
  TG213: { pass: 'bucket-owner-full-control on the CloudTrail write grant', fail: 'no bucket-owner-full-control condition on the CloudTrail write grant' },
  TG301: { pass: 'a key policy that lets CloudTrail encrypt', fail: 'a key policy that does not let CloudTrail encrypt (kms:GenerateDataKey*)' },
  TG302: { pass: 'a key policy that lets CloudTrail describe the key', fail: 'a key policy without kms:DescribeKey for CloudTrail' },
  TG306: { pass: 'an explicit key policy', fail: 'no explicit key policy' },
  TG304: { pass: 'a key policy that does not grant kms:Decrypt broadly', fail: 'a key policy that grants kms:Decrypt too broadly' },
};

/**
 * `Drift: s3.tf:17 sets Object Lock COMPLIANCE 365 days; the live bucket has no Object Lock configuration`.
 * `where` is `file:line` of the code side; `codePasses` says which side fails (for rules described by verdict).
 */
export function ruleDriftMessage(ruleId: string, where: string, code: LinkedEntity, live: LinkedEntity, codePasses: boolean, fallback: { code: string; live: string }): string {
  const what = live.kind;
  const describe = valuePhrases[ruleId];
  const c = describe?.(code);
  const l = describe?.(live);
  if (c && l && c.text !== l.text) return `Drift: ${where} ${c.set ? 'sets' : 'has'} ${c.text}; the live ${what} has ${l.text}`;
  const verdict = verdictPhrases[ruleId];
  if (verdict) {
    return `Drift: ${where} has ${codePasses ? verdict.pass : verdict.fail}; the live ${what} has ${codePasses ? verdict.fail : verdict.pass}`;
  }
  // A rule judged on something the phrases above do not name: the failing side's own message.
  return codePasses
    ? `Drift: ${where} passes ${ruleId}; the live ${what} fails it: ${fallback.live}`
    : `Drift: ${where} fails ${ruleId} (${fallback.code}); the live ${what} passes it`;
}

/** Where in the code a rule drift points: the attribute the rule reads, when the code writes it. */
export function ruleDriftLoc(ruleId: string, code: LinkedEntity): Loc | undefined {
  // A rule judged on a policy document: the policy (the statement that passes or is missing is somewhere in it).
  if (verdictPhrases[ruleId] && (code.kind === 'bucket' || code.kind === 'key') && code.policy.state === 'known') return code.policy.loc;
  return valuePhrases[ruleId]?.(code)?.loc;
}
