// Bucket, key and event data store nodes (under a trail, under "Other audit-log buckets", under a region).
import type { ResourceOwnerLabel, ScannedBucket, ScannedEventDataStore, ScannedKey } from '../../live/types';
import { checkNodes } from './checkNodes';
import { contextOf, countsLabel, countsSentence, messageNode, toneOf, type LiveNode } from './liveNode';
import { escapeMarkdown, inlineCode } from './markdown';
import { countChecks } from './scanSummary';

/** `showWhy`: under "Other audit-log buckets" the reason (pattern, tag) is news; under a trail it is obvious. */
export function bucketNode(parentId: string, bucket: ScannedBucket, showWhy: boolean): LiveNode {
  const id = `${parentId}/bucket/${bucket.name}`;
  const counts = countChecks(bucket.checks);
  const children = checkNodes(id, bucket.checks);
  if (bucket.inaccessible && bucket.checks.length === 0) {
    children.push(messageNode(`${id}/inaccessible`, `Not verified: ${bucket.inaccessible}`, 'unknown', {
      tooltip: `**Unknown.** ${escapeMarkdown(bucket.inaccessible)}`,
    }));
  }
  const status = bucket.inaccessible ? `unknown: ${bucket.inaccessible}` : countsLabel(counts);
  const owner = ownerLabel(bucket.owner);
  const description = [showWhy ? bucket.why : 'log bucket', owner, status].filter(Boolean).join(' · ');
  return {
    id,
    label: bucket.name,
    description,
    tooltip: [
      `**Bucket ${escapeMarkdown(bucket.name)}**`,
      '',
      `Why it is checked: ${escapeMarkdown(bucket.why)}`,
      bucket.owner ? ownerTooltip(bucket.owner) : undefined,
      bucket.inaccessible ? `\n**Could not be read:** ${escapeMarkdown(bucket.inaccessible)}` : undefined,
      '',
      countsSentence(counts),
      bucket.consoleUrl ? `\n[Open in AWS Console](${bucket.consoleUrl})` : undefined,
    ].filter((l) => l !== undefined).join('\n'),
    icon: 'bucket',
    tone: bucket.inaccessible ? 'unknown' : toneOf(counts),
    contextValue: contextOf('tgBucket', bucket.consoleUrl),
    children,
    consoleUrl: bucket.consoleUrl,
  };
}

export function keyNode(parentId: string, key: ScannedKey): LiveNode {
  const id = `${parentId}/key/${key.arn}`;
  const counts = countChecks(key.checks);
  const children = checkNodes(id, key.checks);
  if (key.inaccessible && key.checks.length === 0) {
    children.push(messageNode(`${id}/inaccessible`, `Not verified: ${key.inaccessible}`, 'unknown', {
      tooltip: `**Unknown.** ${escapeMarkdown(key.inaccessible)}`,
    }));
  }
  return {
    id,
    label: shortKeyName(key.arn),
    description: ['KMS key', ownerLabel(key.owner), key.inaccessible ? `unknown: ${key.inaccessible}` : countsLabel(counts)].filter(Boolean).join(' · '),
    tooltip: [
      `**KMS key** ${inlineCode(key.arn)}`,
      key.owner ? `\n${ownerTooltip(key.owner)}` : undefined,
      key.inaccessible ? `\n**Could not be read:** ${escapeMarkdown(key.inaccessible)}` : undefined,
      '',
      countsSentence(counts),
      key.consoleUrl ? `\n[Open in AWS Console](${key.consoleUrl})` : undefined,
    ].filter((l) => l !== undefined).join('\n'),
    icon: 'key',
    tone: key.inaccessible ? 'unknown' : toneOf(counts),
    contextValue: contextOf('tgKey', key.consoleUrl),
    children,
    consoleUrl: key.consoleUrl,
  };
}

/** `account 222233334444 (Log Archive)`: the owner of another account's bucket or key. */
function ownerLabel(owner: ResourceOwnerLabel | undefined): string | undefined {
  return owner ? `account ${owner.account}${owner.name ? ` (${owner.name})` : ''}` : undefined;
}

function ownerTooltip(owner: ResourceOwnerLabel): string {
  return `Owner account: ${inlineCode(owner.account)}${owner.name ? ` (${escapeMarkdown(owner.name)})` : ''}, ` +
    (owner.via ? `read through ${escapeMarkdown(owner.via)}` : 'which this scan could not reach');
}

/** `arn:aws:kms:eu-west-1:111122223333:key/1234abcd-...` → `key/1234abcd-...`; aliases and ids stay as they are. */
export function shortKeyName(arn: string): string {
  const m = /^arn:[^:]+:kms:[^:]*:[^:]*:(.+)$/.exec(arn);
  return m ? m[1] : arn;
}

/** A CloudTrail Lake event data store (TG110), under its region. A store that could not be listed stays unknown. */
export function eventDataStoreNode(parentId: string, store: ScannedEventDataStore): LiveNode {
  const id = `${parentId}/event-data-store/${store.arn ?? store.name}`;
  const counts = countChecks(store.checks);
  return {
    id,
    label: store.name,
    description: `CloudTrail Lake event data store · ${countsLabel(counts)}`,
    tooltip: [`**CloudTrail Lake event data store** ${store.arn ? inlineCode(store.arn) : escapeMarkdown(store.name)}`, '', countsSentence(counts)].join('\n'),
    icon: 'lake',
    tone: toneOf(counts),
    contextValue: 'tgEventDataStore',
    children: checkNodes(id, store.checks),
  };
}
