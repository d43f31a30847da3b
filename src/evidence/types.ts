// The evidence report (format `trailguard-evidence`, version 2): what an auditor receives. The JSON is the
// record; the Markdown renders the same object. Both carry the run record at the top.
import type { FindingStatus, Severity } from '../core/model';
import type { Framework } from '../core/rules/controls';
import type { RetentionEntry } from './retentionInPractice';

export interface EvidenceSettings {
  /** Rules switched off, with the setting that did it. */
  rulesOff: { ruleId: string; setting: string }[];
  /** Severity overrides in force (`rules: { TG204: warning }`). */
  severityOverrides: { ruleId: string; severity: string; setting?: string }[];
  optIn: string[];
  minRetentionDays: number;
  /** Where a minimum retention other than the default was set. */
  minRetentionSetting?: string;
  scope: 'trail' | 'all';
  auditBucketPatterns: string[];
}

/** An exception (a `.trailguard.yaml` ignore entry, a suppression): why, and until when. */
export interface ExceptionRule {
  /** Resource (bucket name, key ARN, trail name or ARN) glob the exception covers; `*` for every resource. */
  resource?: string;
  /** IaC path glob (file or folder) the exception covers. */
  path?: string;
  /** Rules it covers; none = every rule. */
  rules?: string[];
  reason?: string;
  /** YYYY-MM-DD: from that day on (UTC) the exception no longer applies. */
  expires?: string;
  /** Where it is declared: `.trailguard.yaml`, `main.tf:12`... */
  source: string;
  /**
   * `ignore` (a `.trailguard.yaml` ignore entry; the default), `suppression` (a comment or Metadata ignore in code:
   * it silences IaC findings) or `setting` (a rule switched off, a severity or the minimum retention lowered).
   */
  kind?: 'ignore' | 'suppression' | 'setting';
  /** A suppression as written (`checkov:skip=CKV_AWS_36`). */
  by?: string;
}

export interface RunRecord {
  tool: 'TrailGuard';
  version: string;
  commit: string | null;
  /** SHA-256 of the rule catalog (every rule's metadata but its prose), canonical JSON. */
  ruleCatalogSha256: string;
  settings: EvidenceSettings;
  /** One entry per scanned account: who scanned it. */
  /** `source`: where the account's verdicts came from (the live APIs, or an AWS Config aggregator and its data's age). */
  identities: { account: string | null; profile: string; callerArn: string | null; error: string | null; source: string }[];
  partition: string | null;
  endpoint: { url: string | null; isAws: boolean; description: string };
  regions: {
    scanned: string[];
    /** Enabled in the account (ec2:DescribeRegions); null when they could not be read (see enabledUnknown). */
    enabled: string[] | null;
    enabledUnknown: string | null;
    /** Enabled but not scanned: nothing in this report covers them. */
    notCovered: string[];
  };
  startedAt: string;
  finishedAt: string;
  generatedAt: string;
}

export interface EvidenceCall { operation: string; service: string; region: string; requestId: string | null; time: string; request: unknown }

/** One API answer, stored once however many checks and calls it backs. */
export interface EvidenceItem {
  sha256: string;
  /** The answer as returned, after redaction of secrets (or `{ error }`); sha256 is over its canonical JSON. */
  content: unknown;
  calls: EvidenceCall[];
}

export interface CheckEntry {
  /** Stable across runs: rule, account, region, resource and subject. */
  fingerprint: string;
  ruleId: string;
  title: string;
  status: FindingStatus;
  severity: Severity;
  account: string | null;
  region: string | null;
  resource: string;
  subject: string | null;
  message: string;
  reason: string | null;
  /** Verbatim evidence this verdict rests on (keys of `evidence`). */
  evidence: string[];
  /** What the scanner read that no recorded API answer covers (hand-signed calls), as it read it. */
  observed: Record<string, unknown> | null;
  controls: string[];
  remediation: string | null;
  docUrl: string;
  exception: { reason: string | null; expires: string | null; source: string } | null;
  firstSeen: string;
  lastSeen: string;
}

export interface ControlRow {
  key: string;
  framework: Framework;
  id: string;
  title: string;
  rules: string[];
  /** Partial coverage, in words; null when the rules cover the control. */
  partial: string | null;
  verdict: 'met' | 'not met' | 'not verified' | 'not assessed';
  /** One line in plain words. */
  detail: string;
  resources: string[];
}

export interface ChainVerdict {
  trail: string;
  account: string | null;
  bucket: string | null;
  key: string | null;
  tamperEvident: 'yes' | 'no' | 'unknown';
  tamperProof: 'yes' | 'no' | 'unknown';
  line: string;
}

export interface ExceptionEntry extends ExceptionRule {
  state: 'active' | 'expired';
  /**
   * Fingerprints of the checks it covers in this run (active) or would cover (expired); for a suppression in code,
   * the IaC findings it silenced (`iac:<file>:<line>:<rule>`), empty when only declared (editor).
   */
  covers: string[];
  firstSeen: string;
}

export interface Change {
  kind: 'new' | 'resolved' | 'changed' | 'exception added' | 'exception expired' | 'exception removed';
  fingerprint: string;
  text: string;
}

/**
 * Code ↔ account drift (src/core/link): present when the report was made with a workspace linked to the scan (the
 * editor after a scan). A drift is a rule that passes on one side and fails on the other (warning), or a value the
 * rules read that differs while both pass (info); unknown on either side is never drift.
 */
export interface DriftSection {
  /** The workspace folders the scan was compared with. */
  workspace: string[];
  counts: { linked: number; ambiguous: number; notInWorkspace: number; notDeployed: number };
  drifts: { kind: string; resource: string; account: string | null; definition: string; severity: 'warning' | 'info'; ruleId: string | null; message: string }[];
}

export interface EvidenceReport {
  format: 'trailguard-evidence';
  version: 2;
  title: string;
  run: RunRecord;
  summary: {
    checks: Record<FindingStatus, number> & { excepted: number };
    verdict: string;
  };
  chains: ChainVerdict[];
  /** Retention in practice per trail (oldest object, retain-until sample, delivery gaps); null = not read. */
  retentionInPractice: RetentionEntry[] | null;
  controls: ControlRow[];
  outOfScope: { framework: Framework; id: string; title: string; why: string }[];
  exceptions: ExceptionEntry[];
  changes: Change[] | null;
  previous: { generatedAt: string; sha256: string | null } | null;
  checks: CheckEntry[];
  evidence: Record<string, EvidenceItem>;
  /** Only when the report was made with linked code. */
  drift?: DriftSection;
}
