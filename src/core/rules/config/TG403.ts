// TG403: the Config recorder is actually recording. A recorder resource without a started status (or with
// recording stopped) is the Config equivalent of a trail that is not logging.
import type { EntityBase, Recorder, Scene } from '../../model';
import type { Rule } from '../rule';
import { at } from '../rule';
import { setProperty } from '../../fix/edits';
import { accountEntity, boolValue, isCfn, isLiveScene, propLabel, unresolvedReason, type PropNames } from '../common';
import { SOC2_CC7_2, cis, securityHub } from '../controls';
import { cli, quote } from '../liveRemediation';

const names: PropNames = { tf: 'is_enabled', cfn: 'IsEnabled', live: 'recording' };

export const TG403: Rule = {
  meta: {
    id: 'TG403',
    title: 'Config recorder is on',
    severity: 'high',
    fix: 'safe',
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'config',
      evidence: ['DescribeConfigurationRecorderStatus', 'DescribeConfigurationRecorders'],
      remediation: (entity, ctx) => entity.kind === 'recorder'
        ? cli(`configservice start-configuration-recorder --configuration-recorder-name ${quote(entity.id)}`, entity.region, ctx)
        : `${cli('configservice put-configuration-recorder --configuration-recorder name=default,roleARN=<CONFIG_ROLE_ARN> --recording-group allSupported=true', entity.region, ctx)} && ${cli('configservice start-configuration-recorder --configuration-recorder-name default', entity.region, ctx)}  # needs a delivery channel (put-delivery-channel)`,
    },
    peers: [
      { tool: 'checkov', id: 'CKV2_AWS_45' },
      { tool: 'prowler', id: 'config_recorder_all_regions_enabled' },
      { tool: 'securityhub', id: 'Config.1' },
      { tool: 'cis', id: 'CIS AWS v3.0 3.3' },
    ],
    controls: [cis('3.3'), securityHub('Config.1', 'part'), SOC2_CC7_2],
    doc: {
      summary:
        'Terraform: fails when no `aws_config_configuration_recorder_status` points at the recorder, or its ' +
        '`is_enabled` is false. CloudFormation starts a recorder as soon as its delivery channel exists, so only ' +
        'an explicit status there is checked. Live: fails when the region has no recorder, when ' +
        '`DescribeConfigurationRecorderStatus` reports `recording: false`, or when the last status is `Failure`.',
      why:
        'An `aws_config_configuration_recorder` on its own records nothing: Terraform needs the separate status ' +
        'resource to start it. A stopped recorder keeps its configuration and looks compliant, while the ' +
        'configuration history auditors rely on has a gap.',
      failing: {
        terraform: `resource "aws_config_configuration_recorder" "main" {\n  name     = "main"\n  role_arn = aws_iam_service_linked_role.config.arn\n}\n\nresource "aws_config_configuration_recorder_status" "main" {\n  name       = aws_config_configuration_recorder.main.name\n  is_enabled = false\n}`,
        cloudformation: `# CloudFormation starts the recorder with its delivery channel; live checks confirm it is recording.`,
      },
      passing: {
        terraform: `resource "aws_config_configuration_recorder" "main" {\n  name     = "main"\n  role_arn = aws_iam_service_linked_role.config.arn\n}\n\nresource "aws_config_configuration_recorder_status" "main" {\n  name       = aws_config_configuration_recorder.main.name\n  is_enabled = true\n  depends_on = [aws_config_delivery_channel.main]\n}`,
        cloudformation: `Recorder:\n  Type: AWS::Config::ConfigurationRecorder\n  Properties:\n    RoleARN: !GetAtt ConfigRole.Arn\nChannel:\n  Type: AWS::Config::DeliveryChannel\n  Properties:\n    S3BucketName: !Ref ConfigBucket`,
      },
      fix:
        'Safe quick fix: `is_enabled = true` on the status resource. A missing status resource has no automatic ' +
        'fix (it needs `depends_on` the delivery channel); add one as in the passing example. Live: ' +
        '`aws configservice start-configuration-recorder --configuration-recorder-name <name>`.',
      differences:
        'Checkov CKV2_AWS_45 combines this with the recording group (TG401). Prowler also fails regions with no ' +
        'recorder, as the live form does. Deviation from the catalog ("CFN: recorder + delivery channel"): ' +
        'CloudFormation has no recorder-status resource and starts a recorder once a delivery channel exists, so a ' +
        'template with a recorder and no `AWS::Config::DeliveryChannel` is unknown rather than failed (the channel may ' +
        'be declared in another stack); there is therefore no CloudFormation failure, only pass or unknown.',
      references: [
        { title: 'Managing the configuration recorder', url: 'https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html' },
        { title: 'Security Hub Config.1', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/config-controls.html#config-1' },
      ],
    },
  },
  targets(scene: Scene): EntityBase[] {
    if (isLiveScene(scene) && scene.recorders.length === 0) return [accountEntity(scene)];
    return scene.recorders;
  },
  check(entity, ctx) {
    if (entity.kind !== 'recorder') {
      ctx.fail(entity, 'No AWS Config recorder in this region: resource configuration changes are not recorded');
      return;
    }
    const recorder = entity as Recorder;
    const attr = recorder.isEnabled;
    const related = recorder.statusLoc ? [{ message: `Recorder status of ${recorder.id}`, loc: recorder.statusLoc }] : [];
    if (attr.state === 'unresolved') {
      ctx.unknown(at(attr, recorder), unresolvedReason(attr, names, recorder.format));
      return;
    }
    if (attr.state === 'absent') {
      if (recorder.format === 'terraform') {
        ctx.fail(recorder, 'Config recorder is never started: no aws_config_configuration_recorder_status refers to it');
      } else if (isCfn(recorder.format)) {
        // CloudFormation starts a recorder once a delivery channel exists; one in another stack cannot be seen here.
        ctx.unknown(recorder, 'no AWS::Config::DeliveryChannel in this template: the recorder starts only when a delivery channel exists (it may be declared in another stack)');
      } else if (recorder.format === 'live') {
        ctx.unknown(recorder, 'DescribeConfigurationRecorderStatus returned no status for this recorder');
      }
      return;
    }
    if (boolValue(attr) !== true) {
      const label = propLabel(names, recorder.format);
      ctx.fail(at(attr, recorder), `Config recorder is not recording (\`${label}\` is not true)`, {
        related,
        fixes: isCfn(recorder.format) ? [] : setProperty(attr, undefined, names, true, `Set ${label} = true`),
      });
      return;
    }
    const last = recorder.lastStatus;
    if (last?.state === 'known' && last.value === 'Failure') {
      ctx.fail(recorder, 'Config recorder is recording but its last delivery failed (lastStatus: Failure)', { related });
    }
  },
};
