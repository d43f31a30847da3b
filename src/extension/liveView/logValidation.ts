// "Validate Log Files" on a trail of the Audit trail view: the same log file integrity validation as
// `trailguard verify-logs` (src/live/validateLogFiles.ts), run with the view's profiles, role and endpoint,
// cancellable, with progress; the result is shown under the trail (logValidationNodes.ts) and every hour and log
// file is written to the "TrailGuard: Log File Validation" output.
import { setMaxListeners } from 'events';
import * as vscode from 'vscode';
import type { LogFilesValidation } from '../../live/validateLogFiles';
import type { LiveNode } from './liveNode';
import type { LiveScanner } from './liveScanner';
import { logValidationNode, periodLabel, trailArnOfNode, VALIDATE_LOGS_COMMAND, type LogValidationState } from './logValidationNodes';
import type { ScanRequest } from './scanSession';

const HOUR = 3_600_000;

export interface LogValidationHost {
  scanner: LiveScanner;
  /** The request of the scan shown (profiles, role, confirmed endpoint). */
  request(): ScanRequest | undefined;
  roots(): readonly LiveNode[];
  rerender(): void;
}

/** For tasks and tests: `{ from, to }` (ISO 8601) instead of the period picker. */
interface PeriodArg { from?: string; to?: string; account?: string; region?: string }

export class LogValidation implements vscode.Disposable {
  readonly states = new Map<string, LogValidationState>();
  private readonly running = new Map<string, AbortController>();
  private output?: vscode.OutputChannel;

  constructor(private readonly host: LogValidationHost) {}

  register(): vscode.Disposable[] {
    return [vscode.commands.registerCommand(VALIDATE_LOGS_COMMAND, (node?: unknown, period?: unknown) => this.run(node, period)), this];
  }

  /** Forget results when the view shows another scan (other profiles or regions): node ids would no longer match. */
  clear(): void {
    for (const c of this.running.values()) c.abort();
    this.running.clear();
    this.states.clear();
  }

  dispose(): void {
    this.clear();
    this.output?.dispose();
  }

  async run(nodeArg: unknown, periodArg: unknown): Promise<LogFilesValidation | { error: string } | undefined> {
    const trailId = (await this.trailNodeId(nodeArg));
    if (!trailId) return undefined;
    const trailArn = trailArnOfNode(trailId)!;
    const period = periodArg && typeof periodArg === 'object' ? periodArg as PeriodArg : await this.pickPeriod();
    if (!period) return undefined;
    const to = period.to ? new Date(period.to) : new Date(Math.floor(Date.now() / HOUR) * HOUR);
    const from = period.from ? new Date(period.from) : new Date(to.getTime() - 24 * HOUR);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) {
      void vscode.window.showErrorMessage('TrailGuard: the period to validate needs a start before its end (ISO 8601).');
      return undefined;
    }
    const request = this.host.request();
    if (!request || !this.host.scanner.validateLogs) {
      void vscode.window.showInformationMessage('TrailGuard: scan the account first (TrailGuard: Refresh), then validate a trail\'s log files.');
      return undefined;
    }
    this.running.get(trailId)?.abort();
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    this.running.set(trailId, controller);
    const fromIso = from.toISOString();
    const toIso = to.toISOString();
    this.set(trailId, { kind: 'running', from: fromIso, to: toIso });
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `TrailGuard: validating the log files of ${trailArn.split('/').pop()}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        return this.host.scanner.validateLogs!({
          profiles: request.profiles?.length ? request.profiles : [request.profile],
          ...(request.endpointUrl ? { endpointUrl: request.endpointUrl } : {}),
          ...(request.assumeRole ? { assumeRole: request.assumeRole } : {}),
          trailArn, from, to, signal: controller.signal,
          ...(period.account ? { account: period.account } : {}), ...(period.region ? { region: period.region } : {}),
          onProgress: (message) => {
            progress.report({ message });
            if (this.running.get(trailId) === controller) this.set(trailId, { kind: 'running', from: fromIso, to: toIso, progress: message });
          },
        }).catch((err: Error) => ({ error: err.message }));
      },
    );
    if (this.running.get(trailId) !== controller) return result; // superseded or cleared
    this.running.delete(trailId);
    const at = new Date().toISOString();
    if ('error' in result) this.set(trailId, { kind: 'failed', from: fromIso, to: toIso, error: controller.signal.aborted ? 'cancelled' : result.error, at });
    else {
      this.set(trailId, { kind: 'done', result, at });
      this.writeOutput(result);
    }
    return result;
  }

  private set(trailId: string, state: LogValidationState): void {
    this.states.set(trailId, state);
    this.host.rerender();
  }

  /** The trail node the command was run on, else one picked from the trails in the tree. */
  private async trailNodeId(arg: unknown): Promise<string | undefined> {
    const id = arg && typeof arg === 'object' && typeof (arg as { id?: unknown }).id === 'string' ? (arg as { id: string }).id : undefined;
    if (id && trailArnOfNode(id)) return id;
    const trails: LiveNode[] = [];
    const walk = (nodes: readonly LiveNode[]) => { for (const n of nodes) { if (/\btgTrail\b/.test(n.contextValue) && trailArnOfNode(n.id)) trails.push(n); walk(n.children); } };
    walk(this.host.roots());
    if (trails.length === 0) {
      void vscode.window.showInformationMessage('TrailGuard: no trail in the Audit trail view. Scan the account first.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(trails.map((n) => ({ label: n.label, description: trailArnOfNode(n.id), id: n.id })), { title: 'TrailGuard: Validate Log Files — which trail?' });
    return picked?.id;
  }

  private async pickPeriod(): Promise<PeriodArg | undefined> {
    const now = Math.floor(Date.now() / HOUR) * HOUR;
    const span = (hours: number): PeriodArg => ({ from: new Date(now - hours * HOUR).toISOString(), to: new Date(now).toISOString() });
    const picked = await vscode.window.showQuickPick([
      { label: 'Last 24 hours', description: 'a day of one region: a few thousand objects', period: span(24) },
      { label: 'Last hour', period: span(1) },
      { label: 'Last 7 days', description: 'stops after 5,000 objects; the rest is reported as not read', period: span(24 * 7) },
    ], { title: 'TrailGuard: Validate Log Files — which period?' });
    return picked?.period;
  }

  private writeOutput(r: LogFilesValidation): void {
    this.output ??= vscode.window.createOutputChannel('TrailGuard: Log File Validation');
    const lines = [
      `Log file validation of ${r.trailArn} — ${periodLabel(r.from, r.to)}`,
      `  digests s3://${r.bucket}/${r.digestPrefix} (read through ${r.bucketVia})`,
      ...r.hours.map((h) => `  ${h.region ? `${h.region.padEnd(15)} ` : ''}${h.hour}  ${h.status.padEnd(8)}  ${h.detail.join('; ')}`),
      '  log files:',
      ...r.files.map((f) => `    ${f.status.padEnd(8)}  ${f.key}${f.detail ? ` (${f.detail})` : ''}`),
      `  ${r.digests.filter((d) => d.status === 'valid').length}/${r.digests.length} digest file(s) valid; ${r.logFiles.valid} log file(s) valid, ` +
        `${r.logFiles.modified.length} modified, ${r.logFiles.missing.length} missing, ${r.logFiles.unknown.length} unknown`,
      ...(r.truncated ? [`  incomplete: ${r.truncated}`] : []),
      '',
    ];
    this.output.append(lines.join('\n'));
  }
}

export { logValidationNode };
