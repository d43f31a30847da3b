// A rule is one small module: metadata (id, title, severity, fixability, peers, doc) beside its logic, in the
// way ESLint rules are. The engine picks the entities; the rule declares which of them it does not apply to
// (`notApplicable`), then says fail or unknown; silence on a target it applies to is a pass.
import type { Attr, CatalogSeverity, EntityBase, Fix, Loc, RelatedInfo, Scene } from '../model';
import type { ControlRef } from './controls';

export type FixKind = 'safe' | 'snippet' | 'no';
export type Surface = 'terraform' | 'cloudformation' | 'policy' | 'live';

export interface PeerId {
  tool: 'checkov' | 'trivy' | 'tfsec' | 'kics' | 'prowler' | 'cfn-guard' | 'securityhub' | 'cis';
  id: string;
  /** The peer checks only part of the guardrail (one PAB flag of four, write actions only): conformance does
   * not count our extra findings on its negative fixtures as false positives. */
  partial?: boolean;
  /** For a partial peer: which of the rule's finding aspects (`Finding.aspect`) the peer checks. Conformance
   * counts a finding with one of these (or with no aspect) on the peer's negative as a false positive. */
  aspects?: string[];
}

export interface RuleDoc {
  /** What the rule checks, one paragraph. */
  summary: string;
  /** Why it matters for audit evidence. */
  why: string;
  failing: { terraform?: string; cloudformation?: string; policy?: string };
  passing: { terraform?: string; cloudformation?: string; policy?: string };
  /** How to fix it (and why there is no automatic fix, where there is none). */
  fix: string;
  /** Deliberate differences from peers (conformance report explains them from here). */
  differences?: string;
  references: { title: string; url: string }[];
}

export interface RuleMeta {
  id: string;
  title: string;
  severity: CatalogSeverity;
  fix: FixKind;
  /** Off unless enabled in settings (`optIn`). */
  optIn?: boolean;
  surfaces: Surface[];
  peers: PeerId[];
  /** Audit controls (CIS v3.0, Security Hub, SOC 2, ISO 27001, PCI DSS) this rule's result is evidence for. */
  controls: ControlRef[];
  doc: RuleDoc;
  /** How the rule shows in a scan of a live account: required with the `live` surface (a test checks it). */
  live?: LiveBehaviour;
}

/** What the rule's live results rest on and how to fix them from a shell (text only: no AWS SDK in core). */
export interface LiveBehaviour {
  /** The service whose configuration the rule judges: groups account-level results (Config ones under the recorder). */
  service: 'cloudtrail' | 's3' | 'kms' | 'config' | 'organizations';
  /** The API calls whose answers the verdict rests on: the evidence shown with each result (`GetBucketVersioning`). */
  evidence: string[];
  /**
   * The exact `aws` CLI command that fixes a failure on `entity` (`message` tells which of several causes was
   * found), or why there is no single command.
   */
  remediation: ((entity: EntityBase, ctx: RemediationContext, message: string) => string | undefined) | { none: string };
}

/** What a remediation command needs beyond the entity: the profile to run it with, the account, the settings. */
export interface RemediationContext {
  profile: string;
  account?: string;
  minRetentionDays: number;
}

export interface RuleOptions {
  /** `trail`: TG2xx/TG3xx only on trail buckets/keys; `all`: on every bucket and key, as generic peers do. */
  scope: 'trail' | 'all';
  minRetentionDays: number;
  /** Rule ids enabled beyond the defaults (TG107, TG111, TG112, TG404, TG501). */
  optIn: string[];
  /** Bucket-name globs marked as audit-log buckets. */
  auditBucketPatterns: string[];
  /** Tag key (or key=value) that marks an audit-log bucket. */
  auditBucketTag: string;
  /** TG107 / TG501: the workspace or account is an organization management account. */
  organizationManagement: boolean;
}

export const defaultRuleOptions: RuleOptions = {
  scope: 'trail',
  minRetentionDays: 365,
  optIn: [],
  auditBucketPatterns: [],
  auditBucketTag: 'trailguard:audit',
  organizationManagement: false,
};

/** Anything with a location: an entity (its header), a known/unresolved attribute, a statement, a selector. */
export interface Locatable { loc?: Loc }

export interface ReportExtra {
  fixes?: Fix[];
  /** Overrides the catalog severity for this finding (e.g. GOVERNANCE mode is Low, unconditioned `*` Critical). */
  severity?: CatalogSeverity;
  related?: RelatedInfo[];
  /** Which part of a multi-aspect rule this finding is about (`Finding.aspect`). */
  aspect?: string;
}

export interface CheckContext {
  scene: Scene;
  options: RuleOptions;
  fail(at: Locatable, message: string, extra?: ReportExtra): void;
  /** "TGxxx could not be verified: <reason>" — always Information. */
  unknown(at: Locatable, reason: string): void;
}

export interface Rule<E extends EntityBase = EntityBase> {
  meta: RuleMeta;
  /** The entities of the scene this rule evaluates (e.g. every trail, or the trail buckets). */
  targets(scene: Scene, options: RuleOptions): E[];
  /**
   * Why this rule has nothing to judge on a target (reported as not applicable, never as a pass), e.g. TG202
   * `no Object Lock, see TG201`; undefined when it applies. Evaluated before `check`; a value the answer depends
   * on that is unresolved means "applies" (the check then reports unknown).
   */
  notApplicable?(entity: E, scene: Scene, options: RuleOptions): string | undefined;
  check(entity: E, ctx: CheckContext): void;
}

/** Where a finding on `attr` of `entity` points: the attribute when present, else the block header. */
export function at<T>(attr: Attr<T>, entity: Locatable): Locatable {
  return attr.state !== 'absent' && attr.loc ? attr : entity;
}
