// AWS Config recorders of one region (TG401–TG403): DescribeConfigurationRecorders + their status.
import { DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import type { Recorder } from '../core/model';
import type { AwsSession } from './awsSession';
import { responseBody } from './awsSession';
import { absent, failureReason, known, optional, recordEvidence, unresolved, type Evidence } from './liveAttr';

export async function readRecorders(session: AwsSession, region: string): Promise<Recorder[]> {
  const client = session.client('config', region);
  const [recorders, statuses] = await Promise.all([
    session.call('config', 'DescribeConfigurationRecorders', async (abortSignal) =>
      responseBody(await client.send(new DescribeConfigurationRecordersCommand({}), { abortSignal }))),
    session.call('config', 'DescribeConfigurationRecorderStatus', async (abortSignal) =>
      responseBody(await client.send(new DescribeConfigurationRecorderStatusCommand({}), { abortSignal }))),
  ]);
  if (!recorders.ok) {
    // Without the list we cannot tell "no recorder" from "not allowed to look": one placeholder, all unknown.
    const reason = failureReason(recorders);
    const evidence: Evidence = {};
    recordEvidence(evidence, 'DescribeConfigurationRecorders', recorders);
    return [{
      kind: 'recorder', id: 'configuration recorder', format: 'live', region, evidence,
      name: unresolved(reason), allSupported: unresolved(reason), includeGlobalResourceTypes: unresolved(reason),
      recordingStrategy: unresolved(reason), roleArn: unresolved(reason), isEnabled: unresolved(reason), lastStatus: unresolved(reason),
    }];
  }
  return (recorders.value.ConfigurationRecorders ?? []).map((r): Recorder => {
    const status = statuses.ok ? (statuses.value.ConfigurationRecordersStatus ?? []).find((s) => s.name === r.name) : undefined;
    const evidence: Evidence = { DescribeConfigurationRecorders: r };
    if (statuses.ok) evidence.DescribeConfigurationRecorderStatus = status ?? { note: 'no status for this recorder' };
    else recordEvidence(evidence, 'DescribeConfigurationRecorderStatus', statuses);
    const group = r.recordingGroup;
    const statusReason = failureReason(statuses);
    return {
      kind: 'recorder',
      id: r.name ?? 'default',
      format: 'live',
      region,
      evidence,
      name: optional(r.name),
      allSupported: group ? optional(group.allSupported) : absent(),
      includeGlobalResourceTypes: group ? optional(group.includeGlobalResourceTypes) : absent(),
      recordingStrategy: optional(group?.recordingStrategy?.useOnly),
      roleArn: optional(r.roleARN),
      isEnabled: statuses.ok ? (status ? known(status.recording ?? false) : absent()) : unresolved(statusReason),
      lastStatus: statuses.ok ? optional(status?.lastStatus) : unresolved(statusReason),
    };
  });
}
