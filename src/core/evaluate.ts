// Runs rules over one Scene. Shared by the IaC engine and the live scanner: the only difference between the
// two is the surface (which rules apply) and whether every status is reported or only failures and unknowns.
//
// The status model (rule × target): a rule switched off by a setting is `off` (with the setting), an opt-in rule
// nobody enabled is `optInNotEnabled`, a target the rule declares it does not apply to (`Rule.notApplicable`)
// is `notApplicable` (with why), an unreadable resource is `unknown`; only a rule that applies, ran and reported
// nothing is a `pass`.
import { valueSourceNote } from './rules/refs';
import type { CatalogSeverity, EntityBase, Finding, FindingStatus, Fix, RelatedInfo, Scene, Severity } from './model';
import type { CheckContext, Locatable, ReportExtra, Rule, RuleOptions, Surface } from './rules/rule';
import { allRules } from './rules';
import { duringEvaluation } from './rules/scope';
import { withFixEdits } from './fix/edits';

export interface EvaluateOptions {
  surface: Surface;
  /**
   * Return one finding per (rule, target) whatever its status: besides fail and unknown also pass,
   * notApplicable, off and optInNotEnabled (the live scan and the evidence report). Without it, rules that are
   * off or not opted in are not evaluated at all and only fail / unknown findings come back (the editor, `lint`).
   */
  includePasses?: boolean;
  /** Rules switched off by settings; a Map also names the setting that did it (`trailguard.rules: TG204 = off`). */
  disabled?: ReadonlySet<string> | ReadonlyMap<string, string>;
  rules?: readonly Rule[];
  /**
   * false: each finding keeps its fixes' titles and kinds but not their edits (`edits: []`). A lint that only
   * reports (`trailguard lint` without --fix) drops the replacement texts as each finding is recorded instead of
   * holding them for the whole unit and copying them between threads. Default true.
   */
  fixEdits?: boolean;
}

/** A finding together with the entity it was reported on (suppression comments are looked up around it). */
export interface EntityFinding { finding: Finding; entity: EntityBase }

export function catalogToSeverity(severity: CatalogSeverity): Severity {
  if (severity === 'critical' || severity === 'high') return 'error';
  if (severity === 'medium') return 'warning';
  return 'info';
}

export function isRuleEnabled(rule: Rule, options: RuleOptions, disabled?: EvaluateOptions['disabled']): boolean {
  return ruleSwitchedOff(rule, options, disabled) === undefined;
}

/**
 * Why a rule does not run at all: switched off by a setting (`off`, naming the setting) or an opt-in rule that
 * is not enabled; undefined when it runs.
 */
export function ruleSwitchedOff(rule: Rule, options: RuleOptions, disabled?: EvaluateOptions['disabled']): { status: 'off' | 'optInNotEnabled'; reason: string } | undefined {
  const id = rule.meta.id;
  if (disabled?.has(id)) {
    const setting = disabled instanceof Map ? disabled.get(id) : undefined;
    return { status: 'off', reason: `switched off by ${setting ?? `the setting ${id}: off`}` };
  }
  if (rule.meta.optIn && !options.optIn.includes(id)) return { status: 'optInNotEnabled', reason: `opt-in rule, not enabled (add ${id} to optIn)` };
  return undefined;
}

/**
 * An entity built by a module call (Terraform child module) is linted from its caller's unit: a fix may only edit
 * the caller's folder, never the shared module (a local module other roots call too, or a downloaded copy that
 * `terraform init` overwrites).
 */
function fixesInUnit(entity: EntityBase, fixes: Fix[]): Fix[] {
  const caller = entity.via?.[0]?.loc?.file;
  if (!caller) return fixes;
  const dir = (p: string) => p.replace(/[\\/][^\\/]*$/, '');
  return fixes.filter((f) => f.edits.every((e) => dir(e.file) === dir(caller)));
}

/**
 * One string per distinct message: a rule says the same sentence about thousands of resources, and each finding
 * held its own copy (built by concatenation) until the report was written. Bounded, since messages quote names
 * taken from the input.
 */
const messages = new Map<string, string>();
const MAX_SHARED_MESSAGES = 4096;

function sharedMessage(message: string): string {
  const shared = messages.get(message);
  if (shared !== undefined) return shared;
  if (messages.size >= MAX_SHARED_MESSAGES) messages.clear();
  messages.set(message, message);
  return message;
}

function withoutEdits(fixes: Fix[]): Fix[] {
  return fixes.map((f) => ({ title: f.title, kind: f.kind, edits: [] }));
}

export function evaluateSceneWithEntities(scene: Scene, options: RuleOptions, opts: EvaluateOptions): EntityFinding[] {
  return duringEvaluation(scene, options, () => withFixEdits(opts.fixEdits !== false, () => evaluateRules(scene, options, opts)));
}

function evaluateRules(scene: Scene, options: RuleOptions, opts: EvaluateOptions): EntityFinding[] {
  const out: EntityFinding[] = [];
  for (const rule of opts.rules ?? allRules) {
    if (!rule.meta.surfaces.includes(opts.surface)) continue;
    const switchedOff = ruleSwitchedOff(rule, options, opts.disabled);
    if (switchedOff && !opts.includePasses) continue;
    // One set of callbacks per rule, pointed at each target in turn (checks are synchronous): closures made per
    // rule × target were a fifth of what a lint of 11,000 resources allocated.
    let entity: EntityBase;
    const reported: Finding[] = [];
    const record = (status: FindingStatus, message: string, at: Locatable, extra?: ReportExtra & { reason?: string }): void => {
      const subject = statementSubject(entity, at);
      // Where a failing value came from (a variable default, tfvars, a module argument), said in the message and
      // linked; and the module calls that built the entity.
      const origin = status === 'fail' ? (at as { origin?: RelatedInfo }).origin : undefined;
      const notes = status === 'fail' ? valueSourceNote(at) : [];
      const related: RelatedInfo[] = extra?.related ? [...extra.related] : [];
      for (const n of notes) related.push(n);
      if (origin?.loc && !notes.some((n) => n.loc)) related.push(origin);
      if (entity.via) for (const v of entity.via) related.push(v);
      const fixes = extra?.fixes?.length ? fixesInUnit(entity, extra.fixes) : [];
      const finding: Finding = {
        ruleId: rule.meta.id,
        status,
        severity: status === 'unknown' ? 'info' : catalogToSeverity(extra?.severity ?? rule.meta.severity),
        message: sharedMessage(origin ? `${message}; ${origin.message}` : message),
        resource: entity.id,
        file: at.loc?.file ?? entity.loc?.file,
        range: at.loc?.range ?? entity.loc?.range,
        fixes: opts.fixEdits === false ? withoutEdits(fixes) : fixes,
        related,
        region: entity.region,
        evidence: entity.evidence,
      };
      // Optional keys only when set (findings are compared and cached as written).
      if (extra?.reason !== undefined) finding.reason = extra.reason;
      if (subject) finding.subject = subject;
      if (extra?.aspect) finding.aspect = extra.aspect;
      reported.push(finding);
    };
    const unknown = (at: Locatable, reason: string) => record('unknown', `${rule.meta.id} could not be verified: ${reason}`, at, { reason });
    const ctx: CheckContext = {
      scene,
      options,
      fail: (at, message, extra) => record('fail', message, at, extra),
      unknown,
    };
    // Indexed loops: this function runs once per lint, and an unoptimised for-of allocates per iteration.
    const targets = rule.targets(scene, options);
    for (let t = 0; t < targets.length; t++) {
      entity = targets[t];
      reported.length = 0;
      if (switchedOff) {
        record(switchedOff.status, `${rule.meta.id} ${switchedOff.status === 'off' ? 'is off' : 'is not enabled'}: ${switchedOff.reason}`, entity, { reason: switchedOff.reason });
      } else {
        const applies = evaluateOne(rule, entity, ctx);
        if (opts.includePasses && applies !== true) record('notApplicable', `${rule.meta.id} does not apply: ${applies.notApplicable}`, entity, { reason: applies.notApplicable });
        else if (opts.includePasses && reported.length === 0) record('pass', rule.meta.title, entity);
      }
      for (let i = 0; i < reported.length; i++) out.push({ finding: reported[i], entity });
    }
  }
  return out;
}

/** A finding at a policy statement names it (Sid, else its 1-based position), so repeated results can be told apart. */
function statementSubject(entity: EntityBase, at: Locatable): string | undefined {
  const statements = (entity as { policy?: { statements?: readonly object[] } }).policy?.statements;
  const statement = (at as { statement?: object }).statement ?? at;
  const index = statements ? statements.indexOf(statement) : -1;
  if (index < 0) return undefined;
  const sid = (statement as { sid?: unknown }).sid;
  return typeof sid === 'string' && sid !== '' ? `statement "${sid}"` : `statement #${index + 1}`;
}

/** One rule on one target: unreadable → unknown; declared not applicable → the reason; else the rule's check. */
function evaluateOne(rule: Rule, entity: EntityBase, ctx: CheckContext): true | { notApplicable: string } {
  // A bucket or key the scanner could not read at all (another account's, or every call denied) is unknown for
  // every rule, with that reason: checked here once rather than at the top of each rule.
  const inaccessible = (entity as { inaccessible?: string }).inaccessible;
  try {
    if (inaccessible) {
      ctx.unknown(entity, inaccessible);
      return true;
    }
    const why = rule.notApplicable?.(entity, ctx.scene, ctx.options);
    if (why !== undefined) return { notApplicable: why };
    rule.check(entity, ctx);
  } catch (err) {
    // A rule bug must not take the whole lint down; it surfaces as unknown so it is never silently green.
    ctx.unknown(entity, `internal error (${(err as Error).message})`);
  }
  return true;
}

export function evaluateScene(scene: Scene, options: RuleOptions, opts: EvaluateOptions): Finding[] {
  return evaluateSceneWithEntities(scene, options, opts).map((f) => f.finding);
}
