// CloudTrail reads: the trails visible in a region (shadow trails included, so an organization trail shows up
// in member accounts), and per trail its status, event selectors and (when it has any) insight selectors.
import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailStatusCommand,
  type GetEventSelectorsResponse,
  type GetInsightSelectorsResponse,
  type GetTrailStatusResponse,
  type Trail as TrailDescription,
} from '@aws-sdk/client-cloudtrail';
import type { AwsSession, CallResult } from './awsSession';
import { responseBody } from './awsSession';

export type { TrailDescription };

export async function describeTrails(session: AwsSession, region: string): Promise<CallResult<TrailDescription[]>> {
  const result = await session.call('cloudtrail', 'DescribeTrails', (abortSignal) =>
    session.client('cloudtrail', region).send(new DescribeTrailsCommand({ includeShadowTrails: true }), { abortSignal }),
  );
  return result.ok ? { ok: true, value: result.value.trailList ?? [] } : result;
}

export interface TrailState {
  status: CallResult<Omit<GetTrailStatusResponse, '$metadata'>>;
  selectors: CallResult<Omit<GetEventSelectorsResponse, '$metadata'>>;
  /** Read only for trails whose DescribeTrails entry says `HasInsightSelectors` (the others have none). */
  insights?: CallResult<Omit<GetInsightSelectorsResponse, '$metadata'>>;
}

/**
 * GetTrailStatus, GetEventSelectors and, for a trail with insight selectors, GetInsightSelectors; by ARN (required
 * for shadow trails; works for home trails too).
 */
export async function readTrailState(session: AwsSession, region: string, trailArn: string, hasInsightSelectors = false): Promise<TrailState> {
  const client = session.client('cloudtrail', region);
  const [status, selectors, insights] = await Promise.all([
    session.call('cloudtrail', 'GetTrailStatus', async (abortSignal) => responseBody(await client.send(new GetTrailStatusCommand({ Name: trailArn }), { abortSignal }))),
    session.call('cloudtrail', 'GetEventSelectors', async (abortSignal) => responseBody(await client.send(new GetEventSelectorsCommand({ TrailName: trailArn }), { abortSignal }))),
    hasInsightSelectors
      ? session.call('cloudtrail', 'GetInsightSelectors', async (abortSignal) => responseBody(await client.send(new GetInsightSelectorsCommand({ TrailName: trailArn }), { abortSignal })))
      : Promise.resolve(undefined),
  ]);
  return { status, selectors, ...(insights ? { insights } : {}) };
}
