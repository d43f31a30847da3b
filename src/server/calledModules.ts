// Findings a caller's lint produced inside the modules it calls: a child module is evaluated with the caller's
// arguments, so its bucket can fail there although the module alone (with its defaults) passes. They are shown on
// the child's files beside the child's own findings, each naming the calling `module` block in its related
// information, and they go when the caller is re-linted without them or is no longer linted at all.
import * as path from 'path';
import type { Finding } from '../core/model';

export class CalledModuleFindings {
  /** caller unit → child file → findings. */
  private readonly byCaller = new Map<string, Map<string, Finding[]>>();

  /** Replaces what `caller` says about other units' files; returns the files whose findings changed. */
  set(caller: string, findings: readonly Finding[]): string[] {
    const next = new Map<string, Finding[]>();
    for (const f of findings) {
      if (!f.file) continue;
      let list = next.get(f.file);
      if (!list) next.set(f.file, (list = []));
      list.push(f);
    }
    const previous = this.byCaller.get(caller) ?? new Map<string, Finding[]>();
    if (next.size) this.byCaller.set(caller, next);
    else this.byCaller.delete(caller);
    const changed: string[] = [];
    for (const file of new Set([...previous.keys(), ...next.keys()])) {
      if (signature(previous.get(file)) !== signature(next.get(file))) changed.push(file);
    }
    return changed;
  }

  /** The caller is no longer linted (its files were closed or deleted): returns the files it had findings on. */
  drop(caller: string): string[] {
    const previous = this.byCaller.get(caller);
    this.byCaller.delete(caller);
    return previous ? [...previous.keys()] : [];
  }

  /** Every caller's findings on `file`. */
  findingsFor(file: string): Finding[] {
    const out: Finding[] = [];
    for (const files of this.byCaller.values()) out.push(...(files.get(file) ?? []));
    return out;
  }

  hasCaller(caller: string): boolean {
    return this.byCaller.has(caller);
  }

  has(file: string): boolean {
    for (const files of this.byCaller.values()) if (files.has(file)) return true;
    return false;
  }

  /** Callers with findings in a folder (a file of it changed on disk: they read it as a child module). */
  callersOf(dir: string): string[] {
    const out: string[] = [];
    for (const [caller, files] of this.byCaller) {
      if ([...files.keys()].some((f) => path.dirname(f) === dir)) out.push(caller);
    }
    return out;
  }
}

function signature(findings: readonly Finding[] | undefined): string {
  return (findings ?? []).map((f) => `${f.ruleId}|${f.status}|${JSON.stringify(f.range)}|${f.message}|${f.related.map((r) => r.message).join(';')}`).join('\n');
}
