// A live scan as the sides code ↔ account linking compares: each region's evaluated scene, with the scanned account
// and, for buckets and keys another account owns, their owner (the drift is about that account's resource).
import type { LinkSide } from '../core/link/codeToAccount';
import type { AccountScan } from './types';

export function liveLinkSides(scan: AccountScan): LinkSide[] {
  const owners = new Map<string, string>();
  for (const t of scan.regions.flatMap((r) => r.trails)) {
    if (t.bucket?.owner) owners.set(t.bucket.name, t.bucket.owner.account);
    if (t.key?.owner) owners.set(t.key.arn, t.key.owner.account);
  }
  for (const b of scan.otherBuckets) if (b.owner) owners.set(b.name, b.owner.account);
  return (scan.liveScenes ?? []).map((r) => ({
    scene: r.scene, findings: r.findings, ...(scan.account ? { account: scan.account } : {}), ...(owners.size ? { owners } : {}),
  }));
}
