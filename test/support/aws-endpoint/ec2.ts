// EC2 speaks the ec2 Query protocol: a form-encoded `Action=DescribeRegions&Version=2016-11-15` POST, XML back.
// Only DescribeRegions, which the evidence report uses to list enabled regions a scan did not cover.
import type { Scenario } from './scenario';
import { errorReply, requestId, type Reply } from './wireErrors';
import { xmlDocument } from './xml';

/** Regions of a scenario that does not name its own: three enabled, one opt-in region not enabled. */
const DEFAULT_REGIONS: { name: string; optIn: string }[] = [
  { name: 'eu-west-1', optIn: 'opt-in-not-required' },
  { name: 'us-east-1', optIn: 'opt-in-not-required' },
  { name: 'us-west-2', optIn: 'opt-in-not-required' },
  { name: 'ap-east-1', optIn: 'not-opted-in' },
];

export function answerEc2(operation: string, scenario: Scenario): Reply {
  if (operation !== 'DescribeRegions') return errorReply('query', 'InvalidAction', 400, `The action ${operation} is not valid for this web service.`);
  const regions = scenario.enabledRegions
    ? scenario.enabledRegions.map((name) => ({ name, optIn: 'opt-in-not-required' }))
    : DEFAULT_REGIONS;
  const id = requestId();
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: xmlDocument('DescribeRegionsResponse', 'http://ec2.amazonaws.com/doc/2016-11-15/', {
      requestId: id,
      regionInfo: { item: regions.map((r) => ({ regionName: r.name, regionEndpoint: `ec2.${r.name}.amazonaws.com`, optInStatus: r.optIn })) },
    }),
  };
}
