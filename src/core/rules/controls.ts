// The audit controls a rule's result is evidence for (its `meta.controls`): CIS AWS Foundations Benchmark v3.0,
// AWS Security Hub, SOC 2, ISO/IEC 27001:2022 and PCI DSS v4.0. The evidence report rolls results up per control.
// Section titles are the benchmark's own, so a test can check every id against the edition it names.

export type Framework = 'CIS AWS Foundations v3.0' | 'AWS Security Hub' | 'SOC 2' | 'ISO/IEC 27001:2022' | 'PCI DSS v4.0';

export interface ControlRef {
  framework: Framework;
  id: string;
  /**
   * The rule covers only part of the control: `scope` — the control covers every bucket or key, TrailGuard checks
   * the trail's (full coverage with `scope: all`); `part` — the control asks for more than this rule checks.
   */
  partial?: 'scope' | 'part';
}

/** CIS AWS Foundations Benchmark v3.0.0 sections TrailGuard maps to, with their titles. */
export const CIS_V3_SECTIONS: Readonly<Record<string, string>> = {
  '2.1.1': 'Ensure S3 Bucket Policy is set to deny HTTP requests',
  '2.1.2': 'Ensure MFA Delete is enabled on S3 buckets',
  '2.1.4': 'Ensure that S3 Buckets are configured with Block public access (bucket settings)',
  '3.1': 'Ensure CloudTrail is enabled in all regions',
  '3.2': 'Ensure CloudTrail log file validation is enabled',
  '3.3': 'Ensure AWS Config is enabled in all regions',
  '3.4': 'Ensure that server access logging is enabled on the CloudTrail S3 bucket',
  '3.5': 'Ensure CloudTrail logs are encrypted at rest using KMS CMKs',
  '3.6': 'Ensure rotation for customer-created symmetric CMKs is enabled',
  '3.8': 'Ensure that Object-level logging for write events is enabled for S3 bucket',
  '3.9': 'Ensure that Object-level logging for read events is enabled for S3 bucket',
};

/** Controls of the frameworks' logging families that TrailGuard does not check (listed as out of scope). */
export const OUT_OF_SCOPE_CONTROLS: readonly { framework: Framework; id: string; title: string; why: string }[] = [
  { framework: 'CIS AWS Foundations v3.0', id: '2.1.3', title: 'Ensure all data in Amazon S3 has been discovered, classified and secured when required', why: 'data classification (Macie), not audit logging' },
  { framework: 'CIS AWS Foundations v3.0', id: '3.7', title: 'Ensure VPC flow logging is enabled in all VPCs', why: 'network flow logs are not CloudTrail; TrailGuard does not read VPCs' },
  { framework: 'CIS AWS Foundations v3.0', id: '4.1–4.16', title: 'CloudWatch metric filters and alarms', why: 'detective monitoring on the log group; TrailGuard checks that logs exist and cannot be erased (TG106 checks the CloudWatch Logs delivery only)' },
  { framework: 'AWS Security Hub', id: 'CloudTrail.9', title: 'CloudTrail trails should be tagged', why: 'tagging hygiene, not evidence integrity' },
  { framework: 'PCI DSS v4.0', id: '10.4.x', title: 'Audit logs are reviewed', why: 'a review process, not a configuration' },
  { framework: 'PCI DSS v4.0', id: '10.6.x', title: 'Time-synchronization mechanisms', why: 'AWS keeps CloudTrail timestamps; nothing to configure' },
];

export const cis = (id: string, partial?: ControlRef['partial']): ControlRef => ({ framework: 'CIS AWS Foundations v3.0', id, ...(partial ? { partial } : {}) });
export const securityHub = (id: string, partial?: ControlRef['partial']): ControlRef => ({ framework: 'AWS Security Hub', id, ...(partial ? { partial } : {}) });
export const pciDss = (id: string, partial?: ControlRef['partial']): ControlRef => ({ framework: 'PCI DSS v4.0', id, ...(partial ? { partial } : {}) });
/** SOC 2 CC7.2: the entity monitors system components for anomalies (audit logging is its evidence source). */
export const SOC2_CC7_2: ControlRef = { framework: 'SOC 2', id: 'CC7.2', partial: 'part' };
/** ISO/IEC 27001:2022 Annex A 8.15 Logging: logs produced, stored, protected and analysed. */
export const ISO27001_A8_15: ControlRef = { framework: 'ISO/IEC 27001:2022', id: 'A.8.15', partial: 'part' };

/** One-line titles for the per-control table. */
export const CONTROL_TITLES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(CIS_V3_SECTIONS).map(([id, t]) => [`CIS AWS Foundations v3.0 ${id}`, t])),
  'AWS Security Hub CloudTrail.1': 'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events',
  'AWS Security Hub CloudTrail.2': 'CloudTrail should have encryption at-rest enabled',
  'AWS Security Hub CloudTrail.3': 'At least one CloudTrail trail should be enabled',
  'AWS Security Hub CloudTrail.4': 'CloudTrail log file validation should be enabled',
  'AWS Security Hub CloudTrail.5': 'CloudTrail trails should be integrated with Amazon CloudWatch Logs',
  'AWS Security Hub CloudTrail.6': 'Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible',
  'AWS Security Hub CloudTrail.7': 'Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket',
  'AWS Security Hub CloudTrail.10': 'CloudTrail Lake event data stores should be encrypted with customer managed AWS KMS keys',
  'AWS Security Hub S3.1': 'S3 general purpose buckets should have block public access settings enabled (account)',
  'AWS Security Hub S3.5': 'S3 general purpose buckets should require requests to use SSL',
  'AWS Security Hub S3.8': 'S3 general purpose buckets should block public access',
  'AWS Security Hub S3.9': 'S3 general purpose buckets should have server access logging enabled',
  'AWS Security Hub S3.14': 'S3 general purpose buckets should have versioning enabled',
  'AWS Security Hub S3.15': 'S3 general purpose buckets should have Object Lock enabled',
  'AWS Security Hub S3.17': 'S3 general purpose buckets should be encrypted at rest with AWS KMS keys',
  'AWS Security Hub S3.20': 'S3 general purpose buckets should have MFA delete enabled',
  'AWS Security Hub KMS.3': 'AWS KMS keys should not be deleted unintentionally',
  'AWS Security Hub KMS.4': 'AWS KMS key rotation should be enabled',
  'AWS Security Hub KMS.5': 'KMS keys should not be publicly accessible',
  'AWS Security Hub Config.1': 'AWS Config should be enabled and use the service-linked role for resource recording',
  'SOC 2 CC7.2': 'System components are monitored for anomalies indicative of malicious acts, natural disasters and errors',
  'ISO/IEC 27001:2022 A.8.15': 'Logging: logs that record activities, exceptions, faults and other relevant events are produced, stored, protected and analysed',
  'PCI DSS v4.0 10.2.1': 'Audit logs are enabled and active for all system components and cardholder data',
  'PCI DSS v4.0 10.3.2': 'Audit log files are protected to prevent modifications by individuals',
  'PCI DSS v4.0 10.3.3': 'Audit log files are promptly backed up to a secure, central, internal log server or other media that is difficult to modify',
  'PCI DSS v4.0 10.3.4': 'File integrity monitoring or change-detection mechanisms is used on audit logs',
  'PCI DSS v4.0 10.5.1': 'Retain audit log history for at least 12 months, with at least the most recent three months immediately available',
};

export function controlKey(c: Pick<ControlRef, 'framework' | 'id'>): string {
  return `${c.framework} ${c.id}`;
}
