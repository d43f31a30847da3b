// A live bucket policy is attacker-controlled text: a `__proto__` condition key read through the real SDK from the
// wire-level endpoint is an ordinary key and changes nothing outside that statement.
import * as assert from 'assert';
import { runScenario, scenario, statusesOf } from '../live/harness';
import { assertPrototypeClean } from './helpers';

const BUCKET = 'acme-audit-logs-111122223333';

describe('prototype pollution: live bucket policy', function () {
  this.timeout(60000);
  afterEach(assertPrototypeClean);

  it('a GetBucketPolicy answer with a __proto__ condition key leaves the process and the verdicts alone', async () => {
    const clean = await runScenario(scenario('compliant'));
    const s = scenario('compliant');
    const policy = s.buckets[BUCKET].policy as { Statement: unknown[] };
    policy.Statement.push(JSON.parse(`{"Sid": "Odd", "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteBucket",
      "Resource": "arn:aws:s3:::${BUCKET}", "Condition": {"__proto__": {"TG201": "info", "status": "pass"}, "StringEquals": {"constructor": "x"}}}`));
    const { scan } = await runScenario(s);
    assertPrototypeClean();
    assert.deepStrictEqual(statusesOf(scan, BUCKET), statusesOf(clean.scan, BUCKET));
  });
});
