// The evidence report as Markdown: the same object as the JSON, in the order an auditor reads it — run record,
// verdicts per chain and per control, what needs attention (severity first), what changed, the exceptions
// register, every check, then the verbatim API answers each check refers to by hash.
import { STATUS_WORD } from '../core/status';
import { escapeMarkdown, inlineCode, jsonBlock, messageMarkdown } from '../extension/liveView/markdown';
import { retentionWord, type RetentionEntry } from './retentionInPractice';
import type { CheckEntry, EvidenceReport } from './types';

const cell = (text: string) => messageMarkdown(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const short = (sha: string) => sha.slice(0, 12);

function statusLabel(c: CheckEntry): string {
  return `${STATUS_WORD[c.status]}${c.status === 'fail' ? ` (${c.severity})` : ''}${c.exception ? ' — EXCEPTION' : ''}`;
}

export function renderEvidenceReportMarkdown(r: EvidenceReport): string {
  const out: string[] = [];
  const run = r.run;
  out.push(`# ${escapeMarkdown(r.title)}`, '');
  if (!run.endpoint.isAws) {
    out.push(`> **${escapeMarkdown(run.endpoint.description)}.** This report was produced against an endpoint that is not AWS: it is not evidence about an AWS account.`, '');
  }
  out.push('## Run record', '', '| | |', '|---|---|');
  for (const id of run.identities) {
    out.push(`| Account | ${id.account ? inlineCode(id.account) : 'unknown'} (profile ${inlineCode(id.profile)}), scanned as ${id.callerArn ? inlineCode(id.callerArn) : 'unknown identity'}${id.error ? ` — could not be scanned: ${cell(id.error)}` : ''}${id.source ? `; data: ${cell(id.source)}` : ''} |`);
  }
  out.push(`| TrailGuard | ${run.version}${run.commit ? ` (commit ${inlineCode(run.commit)})` : ' (commit unknown)'} |`);
  out.push(`| Rule catalog SHA-256 | ${inlineCode(run.ruleCatalogSha256)} |`);
  out.push(`| Partition | ${run.partition ?? 'unknown'} |`);
  out.push(`| Endpoint | ${escapeMarkdown(run.endpoint.description)}${run.endpoint.url ? ` (${inlineCode(run.endpoint.url)})` : ''} |`);
  out.push(`| Regions scanned | ${run.regions.scanned.join(', ') || 'none'} |`);
  out.push(`| Regions enabled | ${run.regions.enabled ? run.regions.enabled.join(', ') : `unknown: ${cell(run.regions.enabledUnknown ?? '')}`} |`);
  out.push(`| Enabled regions NOT covered | ${run.regions.enabled ? run.regions.notCovered.join(', ') || 'none' : 'unknown'} |`);
  out.push(`| Scan | ${run.startedAt} → ${run.finishedAt} (UTC) |`);
  out.push(`| Report generated | ${run.generatedAt} |`);
  const s = run.settings;
  out.push(`| Settings | scope ${inlineCode(s.scope)}, minimum retention ${s.minRetentionDays} days, opt-in ${s.optIn.length ? s.optIn.join(', ') : 'none'}, rules off ${s.rulesOff.length ? s.rulesOff.map((o) => `${o.ruleId} (${cell(o.setting)})`).join(', ') : 'none'}, severity overrides ${s.severityOverrides.length ? s.severityOverrides.map((o) => `${o.ruleId} → ${o.severity}`).join(', ') : 'none'}${s.auditBucketPatterns.length ? `, audit buckets ${s.auditBucketPatterns.map(inlineCode).join(', ')}` : ''} |`);
  out.push('');

  const c = r.summary.checks;
  out.push('## Summary', '', `**${cell(r.summary.verdict)}**`, '');
  out.push(`Checks: ${c.fail} fail, ${c.unknown} unknown, ${c.pass} pass; not checked: ${c.notApplicable} not applicable, ${c.off} off, ${c.optInNotEnabled} opt-in not enabled; ${c.excepted} under an exception.`, '');
  out.push('UNKNOWN means the check could not be verified (the reason is given): it is not a pass. NOT APPLICABLE, OFF and OPT-IN, NOT ENABLED mean the rule did not judge the resource (why is given): not passes either.', '');

  out.push('## Trail chains', '');
  if (r.chains.length === 0) out.push('No trail of the scanned accounts was seen.', '');
  for (const ch of r.chains) out.push(`- ${cell(ch.line)}`);
  if (r.chains.length) out.push('');

  out.push(...retentionMarkdown(r.retentionInPractice));

  out.push('## Controls', '', '| Control | Title | Rules | Verdict | Detail |', '|---|---|---|---|---|');
  for (const row of r.controls) {
    out.push(`| ${escapeMarkdown(`${row.framework} ${row.id}`)} | ${cell(row.title)} | ${row.rules.join(', ')} | **${row.verdict}**${row.partial ? ' (partial)' : ''} | ${cell(row.detail)}${row.partial ? `; partial: ${cell(row.partial)}` : ''} |`);
  }
  out.push('', 'Out of scope (not checked by TrailGuard):', '');
  for (const o of r.outOfScope) out.push(`- ${escapeMarkdown(`${o.framework} ${o.id}`)} ${cell(o.title)}: ${cell(o.why)}`);
  out.push('');

  const attention = r.checks.filter((x) => x.status === 'fail' || x.status === 'unknown');
  out.push('## Needs attention', '');
  if (attention.length === 0) out.push('Nothing failing or unknown.', '');
  else {
    out.push('| Status | Rule | Resource | Region | Detail | First seen |', '|---|---|---|---|---|---|');
    for (const x of attention) {
      out.push(`| ${statusLabel(x)} | ${x.ruleId} | ${inlineCode(x.resource)}${x.subject ? ` ${cell(x.subject)}` : ''} | ${x.region ?? ''} | ${cell(x.status === 'unknown' ? x.reason ?? x.message : x.message)} | ${x.firstSeen} |`);
    }
    out.push('');
  }

  if (r.drift) {
    // Code ↔ account (src/core/link): where the account differs from the code that defines it.
    const d = r.drift;
    out.push('## Drift', '', `Compared with the code in ${d.workspace.map(inlineCode).join(', ') || 'the workspace'}: ${d.counts.linked} linked, ` +
      `${d.counts.ambiguous} ambiguous (not compared), ${d.counts.notInWorkspace} not in the workspace, ${d.counts.notDeployed} defined but not deployed (in this scan).`, '');
    if (d.drifts.length === 0) out.push('No drift: every linked resource matches its definition.', '');
    else {
      out.push('| Severity | Rule | Resource | Defined in | Drift |', '|---|---|---|---|---|');
      for (const x of d.drifts) {
        out.push(`| ${x.severity === 'warning' ? 'Warning' : 'Information'} | ${x.ruleId ?? ''} | ${inlineCode(x.resource)}${x.account ? ` (${x.account})` : ''} | ${inlineCode(x.definition)} | ${cell(x.message)} |`);
      }
      out.push('');
    }
  }

  if (r.changes) {
    out.push(`## What changed since ${r.previous?.generatedAt ?? 'the previous report'}`, '');
    if (r.previous?.sha256) out.push(`Previous report SHA-256: ${inlineCode(r.previous.sha256)}`, '');
    if (r.changes.length === 0) out.push('Nothing changed.', '');
    for (const ch of r.changes) out.push(`- **${ch.kind}**: ${cell(ch.text)}`);
    if (r.changes.length) out.push('');
  }

  out.push('## Exceptions register', '');
  if (r.exceptions.length === 0) out.push('No exception is declared.', '');
  else {
    out.push('| Kind | Resource / path | Rules | Reason | Expires | State | Since | Covers | Declared in |', '|---|---|---|---|---|---|---|---|---|');
    for (const e of r.exceptions) {
      const kind = e.kind === 'suppression' ? `suppression ${inlineCode(e.by ?? '')}` : e.kind === 'setting' ? 'setting' : 'ignore';
      const covers = e.kind === 'suppression' ? (e.covers.length ? `${e.covers.length} IaC finding(s)` : 'declared in code') : `${e.covers.length} check(s)`;
      out.push(`| ${kind} | ${inlineCode(e.resource ?? e.path ?? '*')} | ${e.rules?.join(', ') ?? 'all'} | ${e.reason ? cell(e.reason) : '**no reason given**'} | ${e.expires ?? 'never'} | ${e.state} | ${e.firstSeen} | ${covers} | ${cell(e.source)} |`);
    }
    out.push('', 'An expired exception no longer suppresses anything: its checks are reported with their own status. ' +
      'Settings change verdicts for every resource of a rule (switched off, severity or minimum retention lowered); ' +
      'suppressions in code silence findings of the infrastructure code, not of the live account.', '');
  }

  out.push('## Checks', '');
  for (const x of r.checks) {
    out.push(`### ${x.ruleId} ${escapeMarkdown(x.title)} — ${inlineCode(x.resource)}${x.subject ? ` ${escapeMarkdown(x.subject)}` : ''}${x.region ? ` (${x.region})` : ''}: ${statusLabel(x)}`, '');
    out.push(messageMarkdown(x.message), '');
    if (x.reason && x.status !== 'fail') out.push(`${x.status === 'unknown' ? 'Unknown' : 'Not checked'} because: ${messageMarkdown(x.reason)}`, '');
    if (x.exception) out.push(`Exception: ${x.exception.reason ? cell(x.exception.reason) : 'no reason given'}${x.exception.expires ? `, expires ${x.exception.expires}` : ''} (${cell(x.exception.source)})`, '');
    if (x.evidence.length) out.push(`Evidence: ${x.evidence.map((h) => `[${short(h)}](#evidence-${short(h)})`).join(', ')}`, '');
    if (x.observed) out.push('Observed (no recorded API answer):', '', jsonBlock(x.observed), '');
    if (!x.evidence.length && !x.observed && (x.status === 'pass' || x.status === 'fail')) out.push('Evidence: none recorded', '');
    if (x.remediation) out.push('Remediation:', '', '```sh', x.remediation, '```', '');
    out.push(`Controls: ${x.controls.length ? x.controls.map(escapeMarkdown).join(', ') : 'none'} · Rule: ${x.docUrl} · Fingerprint ${inlineCode(x.fingerprint)}`, '');
  }

  out.push('## Evidence (verbatim API answers, secrets redacted)', '');
  for (const item of Object.values(r.evidence)) {
    out.push(`<a id="evidence-${short(item.sha256)}"></a>`, '', `### ${short(item.sha256)}`, '', `SHA-256 ${inlineCode(item.sha256)}`, '');
    for (const call of item.calls) out.push(`- ${call.service}:${call.operation} in ${call.region} at ${call.time}, request id ${call.requestId ? inlineCode(call.requestId) : 'none'}, request ${inlineCode(JSON.stringify(call.request))}`);
    out.push('', jsonBlock(item.content), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** What the log buckets really hold, per trail: the configuration (TG201–TG204) promises, this shows. */
function retentionMarkdown(entries: RetentionEntry[] | null): string[] {
  const out = ['## Retention in practice', ''];
  if (entries === null) return [...out, 'Not read for this report.', ''];
  if (entries.length === 0) return [...out, 'No trail was checked, so no log bucket was read.', ''];
  out.push('| Trail → log bucket | Oldest log object | Retain-until (sample) | Delivery gaps |', '|---|---|---|---|');
  for (const e of entries) {
    if ('error' in e) {
      out.push(`| ${inlineCode(e.trailArn)}${e.bucket ? ` → ${inlineCode(e.bucket)}` : ''} | **UNKNOWN**: ${cell(e.error)} | **UNKNOWN** | **UNKNOWN** |`);
      continue;
    }
    out.push(`| ${inlineCode(e.trailArn)} → ${inlineCode(`s3://${e.bucket}/${e.base}`)} | **${retentionWord(e.oldest.status)}**: ${cell(e.oldest.detail)} | ` +
      `**${retentionWord(e.retainUntil.status)}**: ${cell(e.retainUntil.detail)} | **${retentionWord(e.deliveryGaps.status)}**: ${cell(e.deliveryGaps.detail)} |`);
  }
  for (const e of entries) {
    if (!('error' in e) && e.evidence?.length) out.push('', `Evidence for ${inlineCode(e.trailArn)}: ${e.evidence.map((h) => `[${short(h)}](#evidence-${short(h)})`).join(', ')}`);
  }
  const sampled = entries.flatMap((e) => ('error' in e ? [] : e.retainUntil.samples.map((x) => ({ bucket: e.bucket, ...x }))));
  if (sampled.length) {
    out.push('', 'Sampled objects (GetObjectRetention):', '', '| Object | Written | Mode | Retain until | Required (written + minimum) | Result |', '|---|---|---|---|---|---|');
    for (const x of sampled) out.push(`| ${inlineCode(`s3://${x.bucket}/${x.key}`)} | ${x.written} | ${x.mode ?? 'none'} | ${x.retainUntil ?? 'none'} | ${x.required} | ${retentionWord(x.status)}${x.detail ? `: ${cell(x.detail)}` : ''} |`);
  }
  out.push('', 'The oldest object is compared with how far back logs must reach (the minimum retention, but not before the trail\'s StartLoggingTime); gaps are stretches of more than an hour without a log file in the trail\'s home region — a quiet region has them too, so they are for review.', '');
  return out;
}
