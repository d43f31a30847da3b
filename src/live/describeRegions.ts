// The regions enabled in the account (ec2:DescribeRegions), so the evidence report can list enabled regions the
// scan did not cover. There is no EC2 client among our dependencies (one call does not justify it): this one
// awsQuery POST is signed with the SDK's own SigV4 signer and sent with fetch, as describeOrganization does.
import type { AwsSession } from './awsSession';
import { signedFetch } from './signedFetch';

const OPERATION = 'DescribeRegions';

/** Enabled regions (`opt-in-not-required` or `opted-in`), or why they could not be read. */
export async function describeEnabledRegions(session: AwsSession, region: string): Promise<{ regions: string[] } | { unknown: string }> {
  const url = new URL(session.profile.endpoints.ec2 ?? `https://ec2.${region}.amazonaws.com`);
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  const body = 'Action=DescribeRegions&Version=2016-11-15';
  const request = { Action: OPERATION, Version: '2016-11-15' };
  const result = await session.call('ec2', OPERATION, async (abortSignal) => {
    const response = await signedFetch(session, {
      service: 'ec2', region, url, path, method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    }, abortSignal);
    const text = response.text;
    const requestId = /<(?:requestId|RequestID)>([^<]+)</.exec(text)?.[1] ?? response.headers.get('x-amzn-requestid') ?? undefined;
    if (!response.ok) {
      const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? `HTTP ${response.status}`;
      const err = Object.assign(new Error(/<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? code), { name: code, $metadata: { httpStatusCode: response.status, attempts: 1, requestId } });
      session.recordCall({ service: 'ec2', region, operation: OPERATION, input: request, error: err });
      throw err;
    }
    const regionInfo = [...text.matchAll(/<item>([\s\S]*?)<\/item>/g)].map((m) => ({
      RegionName: /<regionName>([^<]+)<\/regionName>/.exec(m[1]!)?.[1],
      OptInStatus: /<optInStatus>([^<]+)<\/optInStatus>/.exec(m[1]!)?.[1],
    })).filter((r): r is { RegionName: string; OptInStatus: string | undefined } => typeof r.RegionName === 'string');
    session.recordCall({ service: 'ec2', region, operation: OPERATION, input: request, output: { Regions: regionInfo, $metadata: { requestId } } });
    return regionInfo;
  });
  if (!result.ok) return { unknown: result.failure.reason };
  const enabled = result.value.filter((r) => r.OptInStatus !== 'not-opted-in').map((r) => r.RegionName);
  return { regions: [...new Set(enabled)].sort() };
}
