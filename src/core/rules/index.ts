// The rule registry: every rule of the catalog, in id order. Families live in their own folders.
import type { Rule, RuleMeta } from './rule';
import { rules as trailRules } from './trail';
import { rules as bucketRules } from './bucket';
import { rules as keyRules } from './key';
import { rules as configRules } from './config';
import { rules as orgRules } from './org';

export const allRules: readonly Rule[] = [...trailRules, ...bucketRules, ...keyRules, ...configRules, ...orgRules]
  .slice()
  .sort((a, b) => a.meta.id.localeCompare(b.meta.id)) as Rule[];

const byId = new Map(allRules.map((r) => [r.meta.id, r]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}

export function ruleMetas(): RuleMeta[] {
  return allRules.map((r) => r.meta);
}

export const RULE_DOCS_BASE = 'https://github.com/trailguard/trailguard/blob/main/docs/rules/';

export function ruleDocUrl(id: string): string {
  return `${RULE_DOCS_BASE}${id}.md`;
}

/** Peer check id (CKV_AWS_36, AVD-AWS-0016, a KICS query id, a tfsec long id) → the TrailGuard rules it maps to. */
export function peerIndex(): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const { meta } of allRules) {
    for (const peer of meta.peers) {
      const key = peer.id.toUpperCase();
      index.set(key, [...(index.get(key) ?? []), meta.id]);
    }
  }
  return index;
}
