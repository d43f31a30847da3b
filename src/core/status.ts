// How each status of the status model (FindingStatus, src/core/model.ts) reads to a person, and the order lists
// show them in: what needs action first, then what could not be verified, then what holds, then what was not
// checked at all (and why).
import type { FindingStatus } from './model';

/** Upper-case word for reports and tooltips ("TG202 …: NOT APPLICABLE"). */
export const STATUS_WORD: Readonly<Record<FindingStatus, string>> = {
  fail: 'FAIL',
  unknown: 'UNKNOWN',
  pass: 'PASS',
  notApplicable: 'NOT APPLICABLE',
  off: 'OFF',
  optInNotEnabled: 'OPT-IN, NOT ENABLED',
};

/** Lower-case phrase for tree descriptions and text output ("not applicable: no Object Lock, see TG201"). */
export const STATUS_PHRASE: Readonly<Record<FindingStatus, string>> = {
  fail: 'fail',
  unknown: 'unknown',
  pass: 'pass',
  notApplicable: 'not applicable',
  off: 'off',
  optInNotEnabled: 'opt-in, not enabled',
};

/** Display order: fail, unknown, pass, not applicable, off, opt-in not enabled. */
export const STATUS_RANK: Readonly<Record<FindingStatus, number>> = {
  fail: 0,
  unknown: 1,
  pass: 2,
  notApplicable: 3,
  off: 4,
  optInNotEnabled: 5,
};

/** The statuses that mean the rule did not judge the target (never counted as pass, fail or unknown). */
export function isNotEvaluated(status: FindingStatus): status is 'notApplicable' | 'off' | 'optInNotEnabled' {
  return status === 'notApplicable' || status === 'off' || status === 'optInNotEnabled';
}
