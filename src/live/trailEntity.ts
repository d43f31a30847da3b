// A trail as the rules see it, from DescribeTrails + GetTrailStatus + GetEventSelectors (+ GetInsightSelectors).
import type { AdvancedEventSelector as SdkAdvancedEventSelector, EventSelector as SdkEventSelector } from '@aws-sdk/client-cloudtrail';
import type { AdvancedEventSelector, Attr, Bucket, EventSelector, Key, Link, Trail, TrailStatus } from '../core/model';
import type { TrailDescription, TrailState } from './describeTrails';
import { absent, failureReason, known, optional, recordEvidence, unresolved, type Evidence } from './liveAttr';

export interface TrailLinks { bucket: Link<Bucket>; key: Link<Key> }

/**
 * `region` is the region whose scene holds this copy of the trail: its home region for the copy that carries
 * the per-trail checks, the scanning region for shadow copies (which only count for coverage, TG120).
 */
export function buildTrail(d: TrailDescription, state: TrailState, region: string, links: TrailLinks): Trail {
  const evidence: Evidence = { DescribeTrails: d };
  recordEvidence(evidence, 'GetTrailStatus', state.status);
  recordEvidence(evidence, 'GetEventSelectors', state.selectors);
  if (state.insights) recordEvidence(evidence, 'GetInsightSelectors', state.insights);
  const status = trailStatus(state);
  return {
    kind: 'trail',
    id: d.TrailARN ?? d.Name ?? 'trail',
    format: 'live',
    region,
    evidence,
    arn: d.TrailARN,
    homeRegion: d.HomeRegion,
    name: optional(d.Name),
    logFileValidation: known(d.LogFileValidationEnabled ?? false),
    multiRegion: known(d.IsMultiRegionTrail ?? false),
    globalServiceEvents: known(d.IncludeGlobalServiceEvents ?? true),
    logging: status.isLogging,
    organization: known(d.IsOrganizationTrail ?? false),
    kmsKeyId: optional(d.KmsKeyId),
    cloudWatchLogGroupArn: optional(d.CloudWatchLogsLogGroupArn),
    cloudWatchLogsRoleArn: optional(d.CloudWatchLogsRoleArn),
    snsTopicName: optional(d.SnsTopicName),
    insightSelectors: insightTypes(d, state),
    s3BucketName: optional(d.S3BucketName),
    s3KeyPrefix: optional(d.S3KeyPrefix),
    eventSelectors: state.selectors.ok ? (state.selectors.value.EventSelectors ?? []).map(eventSelector) : { unresolved: failureReason(state.selectors) },
    advancedEventSelectors: state.selectors.ok
      ? (state.selectors.value.AdvancedEventSelectors ?? []).map(advancedEventSelector)
      : { unresolved: failureReason(state.selectors) },
    bucket: links.bucket,
    key: links.key,
    status,
  };
}

/** The Insights types the trail records (`ApiCallRateInsight`...); DescribeTrails only says whether there are any. */
function insightTypes(d: TrailDescription, state: TrailState): Attr<string[]> {
  if (!d.HasInsightSelectors) return known([]);
  const r = state.insights;
  if (!r) return unresolved('GetInsightSelectors was not read for this trail');
  if (r.ok) return known((r.value.InsightSelectors ?? []).flatMap((s) => (s.InsightType ? [s.InsightType] : [])));
  // Insights switched off since DescribeTrails: none.
  if (r.failure.kind === 'notConfigured') return known([]);
  return unresolved(failureReason(r));
}

function trailStatus(state: TrailState): TrailStatus {
  if (!state.status.ok) {
    const reason = failureReason(state.status);
    return {
      isLogging: unresolved(reason),
      latestDeliveryError: unresolved(reason),
      latestDigestDeliveryError: unresolved(reason),
      latestCloudWatchLogsDeliveryError: unresolved(reason),
      latestDeliveryTime: unresolved(reason),
      latestCloudWatchLogsDeliveryTime: unresolved(reason),
    };
  }
  const s = state.status.value;
  return {
    isLogging: known(s.IsLogging ?? false),
    latestDeliveryError: optional(s.LatestDeliveryError),
    latestDigestDeliveryError: optional(s.LatestDigestDeliveryError),
    latestCloudWatchLogsDeliveryError: optional(s.LatestCloudWatchLogsDeliveryError),
    latestDeliveryTime: isoTime(s.LatestDeliveryTime),
    latestCloudWatchLogsDeliveryTime: isoTime(s.LatestCloudWatchLogsDeliveryTime),
  };
}

function isoTime(value: Date | undefined): Attr<string> {
  return value ? known(value.toISOString()) : absent();
}

function eventSelector(s: SdkEventSelector): EventSelector {
  return {
    readWriteType: optional(s.ReadWriteType),
    includeManagementEvents: known(s.IncludeManagementEvents ?? true),
    excludeManagementEventSources: known(s.ExcludeManagementEventSources ?? []),
    dataResources: (s.DataResources ?? []).map((r) => ({ type: optional(r.Type), values: known(r.Values ?? []) })),
  };
}

function advancedEventSelector(s: SdkAdvancedEventSelector): AdvancedEventSelector {
  return {
    name: s.Name,
    fieldSelectors: (s.FieldSelectors ?? []).map((f) => ({
      field: f.Field ?? '',
      equals: f.Equals,
      notEquals: f.NotEquals,
      startsWith: f.StartsWith,
      notStartsWith: f.NotStartsWith,
      endsWith: f.EndsWith,
      notEndsWith: f.NotEndsWith,
    })),
  };
}
