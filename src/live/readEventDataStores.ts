// CloudTrail Lake event data stores of one region (TG110). ListEventDataStores does not return the KMS key, so
// each store is read once more with GetEventDataStore; `KmsKeyId` is absent there when the store uses the AWS
// owned key.
import { GetEventDataStoreCommand, ListEventDataStoresCommand, type EventDataStore as EventDataStoreSummary } from '@aws-sdk/client-cloudtrail';
import type { EventDataStore } from '../core/model';
import type { AwsSession, CallResult } from './awsSession';
import { responseBody } from './awsSession';
import { failureReason, optional, recordEvidence, unresolved, type Evidence } from './liveAttr';

/** The entity standing for a region whose stores could not be listed: TG110 is then unknown, with the reason. */
export function unlistedStoresId(region: string): string {
  return `event data stores in ${region}`;
}

export async function readEventDataStores(session: AwsSession, region: string): Promise<EventDataStore[]> {
  const listed = await listAll(session, region);
  if (!listed.ok) {
    // Without the list we cannot tell "no store" from "not allowed to look": one placeholder, unknown.
    const evidence: Evidence = {};
    recordEvidence(evidence, 'ListEventDataStores', listed);
    return [{ kind: 'eventDataStore', id: unlistedStoresId(region), format: 'live', region, evidence, kmsKeyId: unresolved(failureReason(listed)) }];
  }
  const client = session.client('cloudtrail', region);
  return Promise.all(listed.value.map(async (summary): Promise<EventDataStore> => {
    const arn = summary.EventDataStoreArn ?? summary.Name ?? 'event data store';
    const store = await session.call('cloudtrail', 'GetEventDataStore', async (abortSignal) =>
      responseBody(await client.send(new GetEventDataStoreCommand({ EventDataStore: arn }), { abortSignal })));
    const evidence: Evidence = { ListEventDataStores: summary };
    recordEvidence(evidence, 'GetEventDataStore', store);
    return {
      kind: 'eventDataStore',
      id: arn,
      format: 'live',
      region,
      evidence,
      kmsKeyId: store.ok ? optional(store.value.KmsKeyId) : unresolved(failureReason(store)),
    };
  }));
}

/** Every page of ListEventDataStores. */
async function listAll(session: AwsSession, region: string): Promise<CallResult<EventDataStoreSummary[]>> {
  const client = session.client('cloudtrail', region);
  const stores: EventDataStoreSummary[] = [];
  let NextToken: string | undefined;
  do {
    const page = await session.call('cloudtrail', 'ListEventDataStores', (abortSignal) =>
      client.send(new ListEventDataStoresCommand({ ...(NextToken ? { NextToken } : {}) }), { abortSignal }));
    if (!page.ok) return page;
    stores.push(...(page.value.EventDataStores ?? []));
    NextToken = page.value.NextToken;
  } while (NextToken);
  return { ok: true, value: stores };
}
