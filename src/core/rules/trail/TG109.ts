// TG109: management events not narrowed. A trail that keeps only read-only (or only write) calls, or drops KMS
// and RDS Data API events, looks healthy but leaves exactly those calls without audit evidence.
import type { Trail } from '../../model';
import type { Rule } from '../rule';
import { replaceValue } from '../../fix/edits';
import { ownTrails, setFixTitle, type PropNames } from '../common';
import { fullManagementCoverage, managementCoverage } from './selectors';
import { ISO27001_A8_15, SOC2_CC7_2, cis, pciDss, securityHub } from '../controls';
import { cli, quote } from '../liveRemediation';

const readWriteType: PropNames = { tf: 'read_write_type', cfn: 'ReadWriteType', live: 'ReadWriteType' };

export const TG109: Rule<Trail> = {
  meta: {
    id: 'TG109',
    title: 'Management events not narrowed',
    severity: 'medium',
    fix: 'safe',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'cloudtrail',
      evidence: ['GetEventSelectors'],
      remediation: (t, ctx) => {
        const trail = t as Trail;
        const selectors = `'[{"ReadWriteType":"All","IncludeManagementEvents":true,"ExcludeManagementEventSources":[]}]'`;
        return `${cli(`cloudtrail put-event-selectors --trail-name ${quote(trail.arn ?? trail.id)} --event-selectors ${selectors}`, trail.homeRegion ?? trail.region, ctx)}  # replaces all selectors: re-add any data-event selectors`;
      },
    },
    peers: [
      { tool: 'prowler', id: 'cloudtrail_multi_region_enabled_logging_management_events' },
      { tool: 'securityhub', id: 'CloudTrail.1' },
    ],
    controls: [cis('3.1', 'part'), securityHub('CloudTrail.1', 'part'), SOC2_CC7_2, ISO27001_A8_15, pciDss('10.2.1', 'part')],
    doc: {
      summary:
        'Checks that the trail records all management events, read and write. Fails when no event selector ' +
        'records both: every classic selector has `include_management_events = false`, `read_write_type` ' +
        '`ReadOnly` / `WriteOnly`, or a non-empty `exclude_management_event_sources`; or the advanced management ' +
        'selector filters on `readOnly` or `eventSource`; or advanced selectors exist but none selects ' +
        '`eventCategory = Management`. A trail with no selector at all uses the defaults (All, management events ' +
        'on) and passes. A ReadOnly and a WriteOnly selector together pass.',
      why:
        'Write events are the changes an auditor must be able to reconstruct, read events are how data ' +
        'exfiltration and reconnaissance show up. Excluding `kms.amazonaws.com` drops every Decrypt call, the ' +
        'evidence of who read encrypted data. Security Hub CloudTrail.1 and CIS 3.1 require ReadWriteType All ' +
        'with management events on and no exclusions.',
      failing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.logs.id\n\n  event_selector {\n    read_write_type           = "WriteOnly"\n    include_management_events = true\n  }\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref LogBucket\n    EventSelectors:\n      - ReadWriteType: WriteOnly\n        IncludeManagementEvents: true`,
      },
      passing: {
        terraform: `resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.logs.id\n\n  event_selector {\n    read_write_type           = "All"\n    include_management_events = true\n  }\n}`,
        cloudformation: `Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref LogBucket\n    EventSelectors:\n      - ReadWriteType: All\n        IncludeManagementEvents: true`,
      },
      fix:
        'Safe quick fix when the only narrowing is `read_write_type` / `ReadWriteType`: set it to `All`. ' +
        'Turning management events back on or removing exclusions changes what the trail costs, so those need ' +
        'a human decision and have no automatic fix.',
      differences:
        'No IaC peer checks this; Prowler and Security Hub check the same thing live at account level (TG120).',
      references: [
        { title: 'Logging management events', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html' },
        { title: 'Security Hub CloudTrail.1', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1' },
      ],
    },
  },
  targets: (scene) => ownTrails(scene),
  check(trail, ctx) {
    const coverage = managementCoverage(trail);
    const full = fullManagementCoverage(coverage);
    if (full === true) return;
    if (typeof full === 'object') {
      ctx.unknown(coverage.unknownAt ?? trail, full.unknown);
      return;
    }
    const problem = coverage.problem ?? { at: trail, message: 'no selector records management events' };
    const edits = problem.readWriteType ? replaceValue(problem.readWriteType, 'All') : undefined;
    ctx.fail(problem.at, `Trail does not record all management events: ${problem.message}`, {
      fixes: edits?.length ? [{ title: setFixTitle(readWriteType, 'All', trail.format), kind: 'safe', edits }] : [],
    });
  },
};
