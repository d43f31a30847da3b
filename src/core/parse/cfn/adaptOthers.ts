// AWS::KMS::Key, AWS::Config::*, AWS::CloudTrail::EventDataStore and AWS::Organizations::Policy → entities.
import type { Aggregator, Attr, EventDataStore, Key, OrgPolicy, Recorder } from '../../model';
import type { CfnContext } from './context';
import { entityBase, withSuppressions } from './entity';
import type { ResourceInfo } from './template';
import { entry, type Node } from './tree';

export function adaptKey(ctx: CfnContext, res: ResourceInfo): Key {
  const a = ctx.attrs;
  const p = res.props;
  const policy = entry(p, 'KeyPolicy');
  const base = entityBase(ctx, res, 'key');
  return withSuppressions(base, {
    kind: 'key',
    id: base.id, format: base.format, loc: base.loc, extent: base.extent, target: base.target,
    enabled: a.bool(p, 'Enabled'),
    keyState: { state: 'absent' },
    keySpec: a.str(p, 'KeySpec'),
    keyUsage: a.str(p, 'KeyUsage'),
    keyManager: { state: 'known', value: 'CUSTOMER' },
    rotation: a.bool(p, 'EnableKeyRotation'),
    policy: ctx.policy(policy?.value, policy ? a.entryLoc(policy) : undefined),
    trails: [],
    aliases: [],
  });
}

/**
 * In CloudFormation a recorder starts recording once a delivery channel exists (there is no status resource),
 * so `isEnabled` is known true when the template declares one and absent otherwise.
 */
export function adaptRecorder(ctx: CfnContext, res: ResourceInfo): Recorder {
  const a = ctx.attrs;
  const p = res.props;
  const group = ctx.block(p, 'RecordingGroup');
  const channel = ctx.created('AWS::Config::DeliveryChannel')[0];
  const channelLoc = channel ? ctx.lines.loc(channel.entry.keyStart, channel.entry.keyEnd) : undefined;
  const base = entityBase(ctx, res, 'recorder');
  const recorder: Recorder = withSuppressions(base, {
    kind: 'recorder',
    id: base.id, format: base.format, loc: base.loc, extent: base.extent, target: base.target,
    name: a.str(p, 'Name'),
    allSupported: a.bool(group, 'AllSupported'),
    includeGlobalResourceTypes: a.bool(group, 'IncludeGlobalResourceTypes'),
    recordingStrategy: a.str(ctx.block(group, 'RecordingStrategy'), 'UseOnly'),
    roleArn: a.str(p, 'RoleARN'),
    isEnabled: channel ? { state: 'known', value: true, loc: channelLoc, format: ctx.format } : { state: 'absent' },
    statusLoc: channelLoc,
  });
  if (group && group.k === 'map' && !group.shortForm) recorder.recordingGroupTarget = ctx.blockTarget(res, ['RecordingGroup']);
  return recorder;
}

export function adaptEventDataStore(ctx: CfnContext, res: ResourceInfo): EventDataStore {
  const base = entityBase(ctx, res, 'eventDataStore');
  return withSuppressions(base, { kind: 'eventDataStore', id: base.id, format: base.format, loc: base.loc, extent: base.extent, target: base.target, kmsKeyId: ctx.attrs.str(res.props, 'KmsKeyId') });
}

/** All regions when the organization source, or every account source, says `AllAwsRegions: true`. */
export function adaptAggregator(ctx: CfnContext, res: ResourceInfo): Aggregator {
  const p = res.props;
  const org = ctx.block(p, 'OrganizationAggregationSource');
  const accounts = ctx.block(p, 'AccountAggregationSources');
  const sources: Node[] = [...(org ? [org] : []), ...(accounts?.k === 'seq' ? accounts.items : [])];
  const flags = sources.map((s) => ctx.attrs.bool(s, 'AllAwsRegions'));
  const allRegions: Attr<boolean> = flags.find((f) => !(f.state === 'known' && f.value)) ?? flags[0] ?? { state: 'absent' };
  const base = entityBase(ctx, res, 'aggregator');
  return withSuppressions(base, { kind: 'aggregator', id: base.id, format: base.format, loc: base.loc, extent: base.extent, target: base.target, allRegions });
}

export function adaptOrgPolicy(ctx: CfnContext, res: ResourceInfo): OrgPolicy {
  const content = entry(res.props, 'Content');
  const base = entityBase(ctx, res, 'orgPolicy');
  return withSuppressions(base, {
    kind: 'orgPolicy',
    id: base.id, format: base.format, loc: base.loc, extent: base.extent, target: base.target,
    policyType: ctx.attrs.str(res.props, 'Type'),
    policy: ctx.policy(content?.value, content ? ctx.attrs.entryLoc(content) : undefined),
  });
}
