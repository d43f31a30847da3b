// TG401: the Config recorder records all supported resource types. A recorder limited to a list of types
// silently stops covering every new resource type, and exclusions hide exactly what someone chose to hide.
import type { Recorder } from '../../model';
import type { Rule } from '../rule';
import { at } from '../rule';
import { setProperty } from '../../fix/edits';
import { boolValue, propLabel, setFixTitle, unresolvedReason, type PropNames } from '../common';
import { SOC2_CC7_2, cis, securityHub } from '../controls';
import { putRecorder } from '../liveRemediation';

const allSupported: PropNames = { tf: 'all_supported', cfn: 'AllSupported', live: 'recordingGroup.allSupported' };
const strategy: PropNames = { tf: 'recording_strategy.use_only', cfn: 'RecordingStrategy.UseOnly', live: 'recordingGroup.recordingStrategy.useOnly' };
const NARROW = ['EXCLUSION_BY_RESOURCE_TYPES', 'INCLUSION_BY_RESOURCE_TYPES'];

export const TG401: Rule<Recorder> = {
  meta: {
    id: 'TG401',
    title: 'Config recorder records all supported resource types',
    severity: 'medium',
    fix: 'safe',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'config',
      evidence: ['DescribeConfigurationRecorders'],
      remediation: (r, ctx) => { const rec = r as Recorder; return putRecorder(rec, rec.includeGlobalResourceTypes.state === 'known' && rec.includeGlobalResourceTypes.value === true, ctx); },
    },
    peers: [
      { tool: 'checkov', id: 'CKV2_AWS_45' },
      { tool: 'securityhub', id: 'Config.1' },
    ],
    controls: [cis('3.3', 'part'), securityHub('Config.1', 'part'), SOC2_CC7_2],
    doc: {
      summary:
        'Checks the recording group of every AWS Config recorder: fails when `all_supported` / `AllSupported` is ' +
        'false (the default is true) or the recording strategy is `EXCLUSION_BY_RESOURCE_TYPES` or ' +
        '`INCLUSION_BY_RESOURCE_TYPES`. Unresolved values are reported as unknown.',
      why:
        'AWS Config is the configuration history auditors use to show what a resource looked like at a point in ' +
        'time. A recorder limited to some types has no history for the others, including every resource type AWS ' +
        'adds later; an exclusion list is a documented blind spot.',
      failing: {
        terraform: `resource "aws_config_configuration_recorder" "main" {\n  name     = "main"\n  role_arn = aws_iam_service_linked_role.config.arn\n\n  recording_group {\n    all_supported = false\n    resource_types = ["AWS::S3::Bucket"]\n  }\n}`,
        cloudformation: `Recorder:\n  Type: AWS::Config::ConfigurationRecorder\n  Properties:\n    RoleARN: !GetAtt ConfigRole.Arn\n    RecordingGroup:\n      AllSupported: false\n      ResourceTypes: [AWS::S3::Bucket]`,
      },
      passing: {
        terraform: `resource "aws_config_configuration_recorder" "main" {\n  name     = "main"\n  role_arn = aws_iam_service_linked_role.config.arn\n\n  recording_group {\n    all_supported                 = true\n    include_global_resource_types = true\n  }\n}`,
        cloudformation: `Recorder:\n  Type: AWS::Config::ConfigurationRecorder\n  Properties:\n    RoleARN: !GetAtt ConfigRole.Arn\n    RecordingGroup:\n      AllSupported: true\n      IncludeGlobalResourceTypes: true`,
      },
      fix:
        'Safe quick fix when the recording strategy is not narrowed: `all_supported = true` / `AllSupported: true`. ' +
        'Remove `resource_types` as well (AWS rejects both together). A narrowing strategy needs a human decision ' +
        '(recording everything costs more), so it has no automatic fix.',
      differences:
        'Checkov CKV2_AWS_45 also requires an enabled recorder status resource; TrailGuard checks that separately ' +
        '(TG403). Prowler does not look at the recording group.',
      references: [
        { title: 'Recording AWS resources with AWS Config', url: 'https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html' },
        { title: 'Security Hub Config.1', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/config-controls.html#config-1' },
      ],
    },
  },
  targets: (scene) => scene.recorders,
  check(recorder, ctx) {
    const strat = recorder.recordingStrategy;
    if (strat.state === 'unresolved') {
      ctx.unknown(at(strat, recorder), unresolvedReason(strat, strategy, recorder.format));
      return;
    }
    if (strat.state === 'known' && NARROW.includes(strat.value)) {
      ctx.fail(at(strat, recorder), `Config recorder does not record all resource types: recording strategy is ${strat.value}`);
      return;
    }
    const all = recorder.allSupported;
    if (all.state === 'unresolved') {
      ctx.unknown(at(all, recorder), unresolvedReason(all, allSupported, recorder.format));
      return;
    }
    if (all.state === 'absent' || boolValue(all) === true) return;
    const label = propLabel(allSupported, recorder.format);
    ctx.fail(at(all, recorder), `Config recorder does not record all supported resource types (\`${label}\` is not true)`, {
      fixes: setProperty(all, recorder.recordingGroupTarget, allSupported, true, setFixTitle(allSupported, true, recorder.format)),
    });
  },
};
