// A check judged on AWS Config's recorded data (aggregator mode) says so, with the age of the data, in its row and
// its tooltip: a reader can tell a live answer from a recorded one at a glance.
import type { CheckResult } from '../../live/types';
import { ageText } from '../../live/aggregator/recordedAge';

/** ` · AWS Config, recorded 2 h ago` for a verdict on recorded data (a stale one already says its age in its reason). */
export function recordedSuffix(check: CheckResult, now = Date.now()): string {
  if (!check.recorded || check.status === 'unknown') return '';
  const t = Date.parse(check.recorded.capturedAt);
  return Number.isNaN(t) ? ' · AWS Config' : ` · AWS Config, recorded ${ageText(now - t)} ago`;
}

/** The tooltip line naming the aggregator and the capture time. */
export function recordedTooltip(check: CheckResult): string[] {
  if (!check.recorded) return [];
  return [`Data: AWS Config aggregator ${check.recorded.aggregator}, configuration item captured ${check.recorded.capturedAt}`, ''];
}
