// AWS Config advanced queries against a configuration aggregator (config:SelectAggregateResourceConfig), every page:
// the recorded configuration items of one resource type across the aggregator's accounts and regions.
import { SelectAggregateResourceConfigCommand } from '@aws-sdk/client-config-service';
import type { AwsSession, CallResult } from '../awsSession';
import { parseConfigItem, type ConfigItem } from './configItems';

/** The properties the scanner reads (AWS Config's resource schema); `configuration` and `supplementaryConfiguration` whole. */
const FIELDS = ['accountId', 'awsRegion', 'resourceType', 'resourceId', 'resourceName', 'arn', 'configurationItemCaptureTime', 'configuration', 'supplementaryConfiguration', 'tags'];
/** AWS's maximum page size for advanced queries. */
const PAGE_SIZE = 100;
/** A bound on pages, so a broken or hostile endpoint cannot keep a scan paging forever (a million items). */
const MAX_PAGES = 10_000;

export interface SelectedItems {
  items: ConfigItem[];
  /** Result rows that were not configuration items (malformed JSON, no account id): counted, never guessed at. */
  unreadable: number;
}

export function selectExpression(resourceType: string): string {
  return `SELECT ${FIELDS.join(', ')} WHERE resourceType = '${resourceType}'`;
}

export async function selectAggregateResources(session: AwsSession, aggregator: string, region: string, resourceType: string): Promise<CallResult<SelectedItems>> {
  const out: SelectedItems = { items: [], unreadable: 0 };
  const client = session.client('config', region);
  const Expression = selectExpression(resourceType);
  let NextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const token = NextToken;
    const r = await session.call('config', 'SelectAggregateResourceConfig', (abortSignal) =>
      client.send(new SelectAggregateResourceConfigCommand({ ConfigurationAggregatorName: aggregator, Expression, Limit: PAGE_SIZE, ...(token ? { NextToken: token } : {}) }), { abortSignal }));
    if (!r.ok) return r;
    for (const row of r.value.Results ?? []) {
      const item = typeof row === 'string' ? parseConfigItem(row) : undefined;
      if (item && item.resourceType === resourceType) out.items.push(item);
      else out.unreadable++;
    }
    NextToken = r.value.NextToken || undefined;
    if (!NextToken) return { ok: true, value: out };
  }
  return { ok: false, failure: { kind: 'other', code: 'TooManyPages', reason: `config:SelectAggregateResourceConfig returned more than ${MAX_PAGES} pages for ${resourceType}` } };
}
