// Recognising calls of the registry modules we adapt (registryModules.ts): the `source` spellings of the
// s3-bucket and kms modules, and the release a call's `version` constraint installs.
import type { Block } from './ast';
import type { Evaluator } from './evaluate';
import { isTfvars } from './module';

type ModuleKind = 's3-bucket' | 'kms';

const REGISTRY_SOURCE = /^(?:registry\.terraform\.io\/)?terraform-aws-modules\/(s3-bucket|kms)\/aws$/i;
const GITHUB_SOURCE = /^(?:git::)?(?:https:\/\/|ssh:\/\/git@|git@)?github\.com[/:]terraform-aws-modules\/terraform-aws-(s3-bucket|kms)(?:\.git)?(?:\?ref=([^&]+))?$/i;

export type Version = [number, number, number];

export interface RegistryCall {
  block: Block;
  name: string;
  kind: ModuleKind;
  /** The release Terraform installs: exact, the newest a constraint allows, or undefined when that is not clear. */
  version: Version | 'latest' | undefined;
}

export function registryCalls(ev: Evaluator): RegistryCall[] {
  const out: RegistryCall[] = [];
  const files = [...ev.mod.files.values()].filter((a) => !isTfvars(a.path)).sort((a, b) => a.path.localeCompare(b.path));
  const seen = new Set<string>();
  for (const ast of files) {
    for (const block of ast.blocks) {
      if (block.type !== 'module' || block.labels.length < 1 || seen.has(block.labels[0])) continue;
      seen.add(block.labels[0]);
      // A downloaded (or local) copy of the module is evaluated as Terraform would: the adapter is the fallback.
      const child = ev.childModule(block.labels[0]);
      if (child && !('unavailable' in child)) continue;
      const source = ev.attr(block, 'source');
      if (source?.value.t !== 'str') continue;
      const src = source.value.v.trim();
      const registry = REGISTRY_SOURCE.exec(src);
      const github = registry ? undefined : GITHUB_SOURCE.exec(src);
      const kind = (registry?.[1] ?? github?.[1])?.toLowerCase() as ModuleKind | undefined;
      if (!kind) continue;
      let version: RegistryCall['version'];
      if (github) {
        version = github[2] ? exactVersion(github[2]) : 'latest';
      } else {
        const v = ev.attr(block, 'version');
        version = !v ? 'latest' : v.value.t === 'str' ? installedVersion(v.value.v) : undefined;
      }
      out.push({ block, name: block.labels[0], kind, version });
    }
  }
  return out;
}

function exactVersion(text: string): Version | undefined {
  const m = /^\s*=?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(text);
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

/**
 * The release a `version` constraint installs: `3.7.0` exactly, `~> 3.7.0` some 3.7.x, `~> 3.7` the newest 3.x,
 * `>= 3.0` the newest. The patch level of a `~>` range is unknown, so it is taken as 0 (none of our thresholds
 * sits on a patch release). Anything more complex is undefined.
 */
function installedVersion(constraint: string): RegistryCall['version'] {
  const c = constraint.trim();
  if (/^>=?\s*v?\d/.test(c) && !c.includes(',')) return 'latest';
  const pessimistic = /^~>\s*v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(c);
  if (pessimistic) {
    const [major, minor, patch] = [Number(pessimistic[1]), Number(pessimistic[2]), pessimistic[3]];
    // `~> 3.7` allows every 3.x from 3.7 on: Terraform installs the newest, which is past any 3.x threshold.
    return patch === undefined ? [major, Number.MAX_SAFE_INTEGER, 0] : [major, minor, 0];
  }
  return exactVersion(c);
}

export function atLeast(v: Version, min: Version): boolean {
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] > min[i];
  return true;
}
