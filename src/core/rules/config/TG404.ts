// TG404 (opt-in): Config aggregators cover all regions, and recorders use the AWS Config service-linked role
// (which AWS keeps correct, unlike a hand-written role that can lose permissions and silently stop recording).
import type { Aggregator, EntityBase, Recorder, Scene } from '../../model';
import type { Rule } from '../rule';
import { at } from '../rule';
import { setProperty } from '../../fix/edits';
import { boolValue, propLabel, setFixTitle, unresolvedReason, type PropNames } from '../common';
import { securityHub } from '../controls';

const allRegions: PropNames = { tf: 'all_regions', cfn: 'AllAwsRegions', live: 'AllAwsRegions' };
const roleArn: PropNames = { tf: 'role_arn', cfn: 'RoleARN', live: 'roleARN' };
const SERVICE_LINKED_ROLE = /:role\/aws-service-role\/config\.amazonaws\.com\/AWSServiceRoleForConfig$/;
/** A reference to a service-linked role resource (`aws_iam_service_linked_role.config.arn`, CFN `AWS::IAM::ServiceLinkedRole`). */
const SERVICE_LINKED_ROLE_REF = /\$\{aws_iam_service_linked_role\.[^}]+\}|AWSServiceRoleForConfig/;

export const TG404: Rule = {
  meta: {
    id: 'TG404',
    title: 'Config aggregator covers all regions; recorder uses the service-linked role',
    severity: 'low',
    fix: 'safe',
    optIn: true,
    surfaces: ['terraform', 'cloudformation', 'live'],
    live: {
      service: 'config',
      evidence: ['DescribeConfigurationAggregators', 'DescribeConfigurationRecorders'],
      remediation: { none: 'an aggregator covering all regions is set up once for the organization: see the rule doc' },
    },
    peers: [
      { tool: 'checkov', id: 'CKV_AWS_121' },
      { tool: 'trivy', id: 'AVD-AWS-0019' },
      { tool: 'tfsec', id: 'aws-config-aggregate-all-regions' },
      { tool: 'kics', id: 'ac5a0bc0-a54c-45aa-90c3-15f7703b9132' },
      { tool: 'prowler', id: 'config_delegated_admin_and_org_aggregator_all_regions' },
      { tool: 'prowler', id: 'config_recorder_using_aws_service_role' },
      { tool: 'securityhub', id: 'Config.1' },
    ],
    controls: [securityHub('Config.1', 'part')],
    doc: {
      summary:
        'Opt-in. Fails when a Config aggregator\'s account or organization aggregation source does not set ' +
        '`all_regions` / `AllAwsRegions` to true, and when a recorder\'s `role_arn` / `RoleARN` is not the ' +
        '`aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig` service-linked role.',
      why:
        'An aggregator limited to some regions gives a central view with holes; new regions are never added. ' +
        'The service-linked role carries exactly the permissions Config needs and AWS updates it; a custom role ' +
        'that loses a permission makes the recorder fail quietly (Security Hub Config.1 checks this with ' +
        '`includeConfigServiceLinkedRoleCheck`).',
      failing: {
        terraform: `resource "aws_config_configuration_aggregator" "org" {\n  name = "org"\n\n  organization_aggregation_source {\n    all_regions = false\n    regions     = ["eu-west-1"]\n    role_arn    = aws_iam_role.aggregator.arn\n  }\n}`,
        cloudformation: `Aggregator:\n  Type: AWS::Config::ConfigurationAggregator\n  Properties:\n    OrganizationAggregationSource:\n      AllAwsRegions: false\n      AwsRegions: [eu-west-1]\n      RoleArn: !GetAtt AggregatorRole.Arn`,
      },
      passing: {
        terraform: `resource "aws_config_configuration_aggregator" "org" {\n  name = "org"\n\n  organization_aggregation_source {\n    all_regions = true\n    role_arn    = aws_iam_role.aggregator.arn\n  }\n}`,
        cloudformation: `Aggregator:\n  Type: AWS::Config::ConfigurationAggregator\n  Properties:\n    OrganizationAggregationSource:\n      AllAwsRegions: true\n      RoleArn: !GetAtt AggregatorRole.Arn`,
      },
      fix:
        'Safe quick fix for `all_regions = false`: set it to true (remove the `regions` list as well). Switching the ' +
        'recorder role has no automatic fix: create the role with `aws_iam_service_linked_role` ' +
        '(`config.amazonaws.com`) and point `role_arn` at it.',
      differences:
        'Peers check either the aggregator or the role; TrailGuard checks both under one opt-in rule. Deviation from ' +
        'the catalog on the live surface: the account scan does not call `DescribeConfigurationAggregators`, so live ' +
        'TG404 judges only the recorders\' role; an aggregator is judged where it is defined (Terraform, CloudFormation).',
      references: [
        { title: 'Multi-account multi-region data aggregation', url: 'https://docs.aws.amazon.com/config/latest/developerguide/aggregate-data.html' },
        { title: 'Using service-linked roles for AWS Config', url: 'https://docs.aws.amazon.com/config/latest/developerguide/using-service-linked-roles.html' },
      ],
    },
  },
  targets: (scene: Scene): EntityBase[] => [...scene.aggregators, ...scene.recorders],
  check(entity, ctx) {
    if (entity.kind === 'aggregator') {
      const agg = entity as Aggregator;
      const attr = agg.allRegions;
      if (attr.state === 'unresolved') return ctx.unknown(at(attr, agg), unresolvedReason(attr, allRegions, agg.format));
      if (boolValue(attr) === true) return;
      const label = propLabel(allRegions, agg.format);
      ctx.fail(at(attr, agg), `Config aggregator does not cover all regions (\`${label}\` is ${attr.state === 'absent' ? 'not set' : 'not true'})`, {
        fixes: attr.state === 'known' ? setProperty(attr, undefined, allRegions, true, setFixTitle(allRegions, true, agg.format)) : [],
      });
      return;
    }
    const recorder = entity as Recorder;
    const role = recorder.roleArn;
    if (role.state === 'unresolved') return ctx.unknown(at(role, recorder), unresolvedReason(role, roleArn, recorder.format));
    if (role.state === 'known' && (SERVICE_LINKED_ROLE.test(role.value) || SERVICE_LINKED_ROLE_REF.test(role.value))) return;
    const label = propLabel(roleArn, recorder.format);
    ctx.fail(at(role, recorder), `Config recorder does not use the AWSServiceRoleForConfig service-linked role (\`${label}\` is ${role.state === 'known' ? role.value : 'not set'})`);
  },
};
