// The aliases of an account's KMS keys in one region: one `ListAliases` listing (no KeyId), paginated, instead of one
// ListAliases per key. AccountDirectory.keyAliases reads it the first time a key of that session and region is read
// and every other key read there shares it (the listing in flight too). No rule reads aliases: they only let code
// that names a key by alias link to it (src/core/link), so they must not cost a call per key.
// The answers are hostile input: pages and aliases kept are bounded, and everything keyed by them is a Map.
import { ListAliasesCommand } from '@aws-sdk/client-kms';
import type { AwsSession, CallResult } from './awsSession';
import { responseBody } from './awsSession';
import type { CallFailure } from './awsErrors';

/** Aliases asked for per page (the KMS maximum). */
export const ALIAS_PAGE_LIMIT = 100;
/** Pages read per account and region at most: 5,000 aliases at 100 a page. */
export const MAX_ALIAS_PAGES = 50;
/** Aliases kept per listing at most (a hostile page may hold more than it was asked for). */
export const MAX_LISTED_ALIASES = 10_000;
/** Aliases kept per key at most (KMS allows 50). */
export const MAX_ALIASES_PER_KEY = 100;

export interface ListedAlias { AliasName: string; AliasArn?: string; TargetKeyId: string }

export interface AliasListing {
  /** The first failed page's failure: then every key's aliases are unknown, as when a per-key ListAliases failed. */
  failure?: CallFailure;
  /** Aliases by the key id they point at (`TargetKeyId`). */
  byTarget: Map<string, ListedAlias[]>;
  /** Alias name → the key id it points at (a key named by its alias). */
  byName: Map<string, string>;
  pages: number;
  /** Why the listing stopped before its end (page cap, alias cap, a marker given twice), when it did. */
  incomplete?: string;
}

/** Where readKey gets a region's listing from: AccountDirectory, one listing per session and region. */
export interface KeyAliasSource {
  keyAliases(session: AwsSession, region: string): Promise<AliasListing>;
}

type AliasPage = { Aliases?: unknown; NextMarker?: unknown; Truncated?: unknown };

/** Every page of `ListAliases` in `region` through `session`, within the caps. Never throws. */
export async function listKeyAliases(session: AwsSession, region: string): Promise<AliasListing> {
  const kms = session.client('kms', region);
  const listing: AliasListing = { byTarget: new Map(), byName: new Map(), pages: 0 };
  const seenMarkers = new Set<string>();
  let kept = 0;
  let marker: string | undefined;
  for (;;) {
    if (listing.pages >= MAX_ALIAS_PAGES) {
      listing.incomplete = `ListAliases in ${region} stopped after ${MAX_ALIAS_PAGES} pages`;
      break;
    }
    const Marker = marker;
    const page: CallResult<AliasPage> = await session.call('kms', 'ListAliases', async (abortSignal) =>
      responseBody(await kms.send(new ListAliasesCommand({ Limit: ALIAS_PAGE_LIMIT, ...(Marker !== undefined ? { Marker } : {}) }), { abortSignal })));
    if (!page.ok) return { byTarget: new Map(), byName: new Map(), pages: listing.pages, failure: page.failure };
    listing.pages++;
    const aliases = Array.isArray(page.value.Aliases) ? (page.value.Aliases as unknown[]) : [];
    for (const a of aliases) {
      if (kept >= MAX_LISTED_ALIASES) {
        listing.incomplete = `ListAliases in ${region} listed more than ${MAX_LISTED_ALIASES} aliases`;
        return listing;
      }
      const alias = listedAlias(a);
      if (!alias) continue; // an AWS managed alias not yet used has no TargetKeyId: it names no key
      const forKey = listing.byTarget.get(alias.TargetKeyId) ?? [];
      if (forKey.length >= MAX_ALIASES_PER_KEY) continue;
      forKey.push(alias);
      listing.byTarget.set(alias.TargetKeyId, forKey);
      if (!listing.byName.has(alias.AliasName)) listing.byName.set(alias.AliasName, alias.TargetKeyId);
      kept++;
    }
    const next = page.value.NextMarker;
    if (page.value.Truncated !== true || typeof next !== 'string' || next === '') break;
    if (seenMarkers.has(next)) {
      listing.incomplete = `ListAliases in ${region} gave the same NextMarker twice`;
      break;
    }
    seenMarkers.add(next);
    marker = next;
  }
  return listing;
}

function listedAlias(a: unknown): ListedAlias | undefined {
  if (!a || typeof a !== 'object') return undefined;
  const { AliasName, AliasArn, TargetKeyId } = a as Record<string, unknown>;
  if (typeof AliasName !== 'string' || typeof TargetKeyId !== 'string' || AliasName === '' || TargetKeyId === '') return undefined;
  return { AliasName, ...(typeof AliasArn === 'string' ? { AliasArn } : {}), TargetKeyId };
}

/** The key id in a key ARN (`arn:aws:kms:…:key/<id>`), a bare key id, or the alias name in an alias name or ARN. */
function keyIdentifiers(keyId: string): { id?: string; alias?: string } {
  const arn = /^arn:aws[\w-]*:kms:[^:]*:[^:]*:(key|alias)\/(.+)$/.exec(keyId);
  if (arn) return arn[1] === 'key' ? { id: arn[2] } : { alias: `alias/${arn[2]}` };
  return keyId.startsWith('alias/') ? { alias: keyId } : { id: keyId };
}

/**
 * One key's aliases from its region's listing, as the evidence of what the key is linked by: the `ListAliases`
 * entries pointing at it. A failed listing is that failure (the aliases are unknown); a key the listing does not
 * name has none, unless the listing stopped early (then they are unknown too).
 */
export function aliasesOfKey(listing: AliasListing, keyId: string, describedKeyId: string | undefined): CallResult<{ Aliases: ListedAlias[]; Truncated?: true; reason?: string }> {
  if (listing.failure) return { ok: false, failure: listing.failure };
  const { id, alias } = keyIdentifiers(keyId);
  const target = describedKeyId ?? id ?? (alias !== undefined ? listing.byName.get(alias) : undefined);
  const found = target !== undefined ? listing.byTarget.get(target) ?? [] : [];
  if (listing.incomplete) {
    if (found.length === 0) return { ok: false, failure: { kind: 'other', code: 'ListingIncomplete', reason: `the key's aliases are unknown: ${listing.incomplete}` } };
    return { ok: true, value: { Aliases: found, Truncated: true, reason: `${listing.incomplete}; the key may have more aliases` } };
  }
  return { ok: true, value: { Aliases: found } };
}
