// TG402: AWS Config records global resource types (IAM users, roles, policies) — in exactly one place. Without
// it no configuration history exists for IAM; with it in several regions every IAM change is billed N times.
import type { Recorder } from '../../model';
import type { Rule } from '../rule';
import { at } from '../rule';
import { setProperty } from '../../fix/edits';
import { boolValue, describeEntity, firstInFileOrder, propLabel, setFixTitle, unresolvedReason, type PropNames } from '../common';
import { SOC2_CC7_2, cis } from '../controls';
import { putRecorder } from '../liveRemediation';

const names: PropNames = { tf: 'include_global_resource_types', cfn: 'IncludeGlobalResourceTypes', live: 'recordingGroup.includeGlobalResourceTypes' };

const recordsGlobals = (r: Recorder) => r.includeGlobalResourceTypes.state === 'known' && boolValue(r.includeGlobalResourceTypes) === true;

/**
 * Live recorders are all called `default`; the scanner evaluates this rule once over every scanned region's
 * recorders, so a live recorder is named with its region.
 */
const recorderLabel = (r: Recorder) => (r.format === 'live' && r.region ? `${r.id} (${r.region})` : describeEntity(r));

/** "in the scanned regions us-east-1, eu-west-1" for an account-level live verdict; nothing for IaC. */
function scannedRegions(recorders: Recorder[]): string {
  const regions = [...new Set(recorders.filter((r) => r.format === 'live' && r.region).map((r) => r.region!))];
  return regions.length ? ` in the scanned region${regions.length > 1 ? 's' : ''} ${regions.join(', ')}` : '';
}

export const TG402: Rule<Recorder> = {
  meta: {
    id: 'TG402',
    title: 'Config records global resource types (in exactly one region)',
    severity: 'low',
    fix: 'safe',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'config',
      evidence: ['DescribeConfigurationRecorders'],
      remediation: (r, ctx) => (r.kind === 'recorder' ? putRecorder(r as Recorder, true, ctx) : undefined),
    },
    peers: [{ tool: 'checkov', id: 'CKV2_AWS_48' }],
    controls: [cis('3.3', 'part'), SOC2_CC7_2],
    doc: {
      summary:
        'Fails when no Config recorder of the module, the template or the whole scanned account (all scanned regions ' +
        'together) records global resource types ' +
        '(`include_global_resource_types` / `IncludeGlobalResourceTypes`, default false); the finding goes on the ' +
        'first recorder. When more than one recorder records them, each one after the first gets an Information ' +
        'finding (duplicate cost).',
      why:
        'IAM users, roles, groups and policies are global resources. Unless one recorder includes them, AWS Config ' +
        'keeps no history of IAM changes, the first thing an investigation asks for. Recording them in every ' +
        'region only multiplies the cost of the same configuration items.',
      failing: {
        terraform: `resource "aws_config_configuration_recorder" "main" {\n  name     = "main"\n  role_arn = aws_iam_service_linked_role.config.arn\n\n  recording_group {\n    all_supported = true\n  }\n}`,
        cloudformation: `Recorder:\n  Type: AWS::Config::ConfigurationRecorder\n  Properties:\n    RoleARN: !GetAtt ConfigRole.Arn\n    RecordingGroup:\n      AllSupported: true`,
      },
      passing: {
        terraform: `resource "aws_config_configuration_recorder" "main" {\n  name     = "main"\n  role_arn = aws_iam_service_linked_role.config.arn\n\n  recording_group {\n    all_supported                 = true\n    include_global_resource_types = true\n  }\n}`,
        cloudformation: `Recorder:\n  Type: AWS::Config::ConfigurationRecorder\n  Properties:\n    RoleARN: !GetAtt ConfigRole.Arn\n    RecordingGroup:\n      AllSupported: true\n      IncludeGlobalResourceTypes: true`,
      },
      fix:
        'Safe quick fix (when the recorder has a `recording_group` / `RecordingGroup`): set ' +
        '`include_global_resource_types = true` on the recorder of the one region you designate for global ' +
        'resources. The fix is offered on the first recorder only, so applying it never creates a duplicate.',
      differences:
        'Checkov CKV2_AWS_48 fails every recorder that does not record globals; TrailGuard fails only when none ' +
        'does, because recording them in more than one region is the documented anti-pattern.',
      references: [
        { title: 'Recording global resource types', url: 'https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html#select-resources-all' },
      ],
    },
  },
  targets: (scene) => scene.recorders,
  // When no recorder records global types, the account-wide failure is reported once, on the first recorder.
  notApplicable(recorder, scene) {
    const all = scene.recorders;
    if (all.some(recordsGlobals) || all.some((r) => r.includeGlobalResourceTypes.state === 'unresolved')) return undefined;
    const first = firstInFileOrder(all);
    return first && recorder !== first ? `the account-wide verdict is reported on ${recorderLabel(first)}` : undefined;
  },
  check(recorder, ctx) {
    const all = ctx.scene.recorders;
    const recording = all.filter(recordsGlobals);
    const first = firstInFileOrder(recording);
    if (first) {
      if (recordsGlobals(recorder) && recorder !== first) {
        ctx.fail(at(recorder.includeGlobalResourceTypes, recorder), `Global resource types are also recorded by ${recorderLabel(first)}: record them in one region only`, {
          severity: 'info',
          related: [{ message: `${recorderLabel(first)} already records global resource types`, loc: first.loc }],
        });
      }
      return;
    }
    const attr = recorder.includeGlobalResourceTypes;
    if (attr.state === 'unresolved') {
      ctx.unknown(at(attr, recorder), unresolvedReason(attr, names, recorder.format));
      return;
    }
    const unresolvedElsewhere = all.find((r) => r.includeGlobalResourceTypes.state === 'unresolved');
    if (unresolvedElsewhere) {
      // Another recorder might record them: not a failure, and not a pass either.
      ctx.unknown(at(attr, recorder), `whether ${recorderLabel(unresolvedElsewhere)} records global resource types: ${unresolvedReason(unresolvedElsewhere.includeGlobalResourceTypes, names, unresolvedElsewhere.format)}`);
      return;
    }
    const label = propLabel(names, recorder.format);
    ctx.fail(at(attr, recorder), `No Config recorder${scannedRegions(all)} records global resource types (\`${label}\` is ${attr.state === 'absent' ? 'not set and defaults to false' : 'not true'}): IAM changes have no configuration history`, {
      fixes: setProperty(attr, recorder.recordingGroupTarget, names, true, setFixTitle(names, true, recorder.format)),
    });
  },
};
