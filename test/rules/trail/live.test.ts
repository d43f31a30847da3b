// Live-surface behaviour of the trail rules on hand-built Scenes (no loc, `format: 'live'`, unknowns carrying the
// AWS error): TG120 per account/region, TG121 delivery, TG104 / TG106 from GetTrailStatus, shadow trails.
import * as assert from 'assert';
import { evaluateScene } from '../../../src/core/evaluate';
import { defaultRuleOptions } from '../../../src/core/rules/rule';
import type { Attr, Finding, Scene, Trail, TrailStatus } from '../../../src/core/model';
import { emptyScene } from '../../../src/core/model';

const known = <T>(value: T): Attr<T> => ({ state: 'known', value, format: 'live' });
const absent = <T>(): Attr<T> => ({ state: 'absent' });
const unresolved = <T>(reason: string): Attr<T> => ({ state: 'unresolved', reason });
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

function status(over: Partial<TrailStatus> = {}): TrailStatus {
  return {
    isLogging: known(true),
    latestDeliveryError: absent(),
    latestDigestDeliveryError: absent(),
    latestCloudWatchLogsDeliveryError: absent(),
    latestDeliveryTime: known(hoursAgo(1)),
    latestCloudWatchLogsDeliveryTime: absent(),
    ...over,
  };
}

function liveTrail(name: string, over: Partial<Trail> = {}): Trail {
  return {
    kind: 'trail', id: `arn:aws:cloudtrail:eu-west-1:111122223333:trail/${name}`, format: 'live', region: 'eu-west-1',
    arn: `arn:aws:cloudtrail:eu-west-1:111122223333:trail/${name}`, homeRegion: 'eu-west-1',
    name: known(name), logFileValidation: known(true), multiRegion: known(true), globalServiceEvents: known(true),
    logging: known(true), organization: known(false), kmsKeyId: known('arn:aws:kms:eu-west-1:111122223333:key/k'),
    cloudWatchLogGroupArn: absent(), cloudWatchLogsRoleArn: absent(), snsTopicName: absent(), insightSelectors: known([]),
    s3BucketName: known('audit-logs'), s3KeyPrefix: absent(), eventSelectors: [], advancedEventSelectors: [],
    bucket: { state: 'absent' }, key: { state: 'absent' }, status: status(), ...over,
  };
}

function scene(trails: Trail[]): Scene {
  return { ...emptyScene(), account: { id: '111122223333', region: 'eu-west-1' }, trails };
}

function run(s: Scene, ruleId: string, optIn: string[] = []): Finding[] {
  return evaluateScene(s, { ...defaultRuleOptions, optIn }, { surface: 'live', includePasses: true }).filter((f) => f.ruleId === ruleId);
}

describe('trail rules on the live surface', () => {
  describe('TG120', () => {
    it('passes for the account when a logging multi-region trail records all management events', () => {
      const [f] = run(scene([liveTrail('main')]), 'TG120');
      assert.strictEqual(f.status, 'pass');
      assert.strictEqual(f.resource, '111122223333 (eu-west-1)');
    });
    it('fails High when the region has no trail at all', () => {
      const found = run(scene([]), 'TG120');
      assert.deepStrictEqual(found.map((f) => [f.status, f.severity]), [['fail', 'error']]);
      assert.strictEqual(found[0].region, 'eu-west-1');
    });
    it('fails when the only multi-region trail is stopped according to GetTrailStatus', () => {
      const t = liveTrail('main', { status: status({ isLogging: known(false) }), logging: known(false) });
      const [f] = run(scene([t]), 'TG120');
      assert.strictEqual(f.status, 'fail');
      assert.match(f.related.map((r) => r.message).join('\n'), /trail\/main: not logging/);
    });
    it('counts a multi-region trail homed in another region (shadow copy)', () => {
      const shadow = liveTrail('global', { region: 'eu-west-1', homeRegion: 'us-east-1' });
      assert.strictEqual(run(scene([shadow]), 'TG120')[0].status, 'pass');
    });
    it('is unknown with the AWS reason when GetEventSelectors was denied', () => {
      const reason = 'AccessDenied: cloudtrail:GetEventSelectors';
      const t = liveTrail('main', { eventSelectors: { unresolved: reason }, advancedEventSelectors: { unresolved: reason } });
      const [f] = run(scene([t]), 'TG120');
      assert.strictEqual(f.status, 'unknown');
      assert.strictEqual(f.message, `TG120 could not be verified: ${reason}`);
    });
    it('is unknown when GetTrailStatus was denied (logging state required live)', () => {
      const t = liveTrail('main', { status: status({ isLogging: unresolved('AccessDenied: cloudtrail:GetTrailStatus') }) });
      assert.strictEqual(run(scene([t]), 'TG120')[0].status, 'unknown');
    });
  });

  describe('TG121', () => {
    it('passes a trail that delivered an hour ago', () => {
      assert.deepStrictEqual(run(scene([liveTrail('main')]), 'TG121').map((f) => f.status), ['pass']);
    });
    it('shows the delivery error verbatim', () => {
      const t = liveTrail('main', { status: status({ latestDeliveryError: known('AccessDenied') }) });
      const [f] = run(scene([t]), 'TG121');
      assert.strictEqual(f.status, 'fail');
      assert.strictEqual(f.message, 'Trail is not delivering: S3 delivery error: AccessDenied');
    });
    it('fails a logging trail silent for more than 24 hours', () => {
      const t = liveTrail('main', { status: status({ latestDeliveryTime: known(hoursAgo(30)) }) });
      assert.match(run(scene([t]), 'TG121')[0].message, /no log file delivered for 30 hours/);
    });
    it('does not fail a stopped trail for silence (TG104 reports that)', () => {
      const t = liveTrail('main', { status: status({ isLogging: known(false), latestDeliveryTime: known(hoursAgo(100)) }) });
      assert.strictEqual(run(scene([t]), 'TG121')[0].status, 'pass');
    });
    it('is unknown when the status could not be read', () => {
      const r = 'AccessDenied: cloudtrail:GetTrailStatus';
      const t = liveTrail('main', { status: status({ isLogging: unresolved(r), latestDeliveryError: unresolved(r), latestDigestDeliveryError: unresolved(r), latestCloudWatchLogsDeliveryError: unresolved(r), latestDeliveryTime: unresolved(r) }) });
      const [f] = run(scene([t]), 'TG121');
      assert.strictEqual(f.status, 'unknown');
      assert.match(f.message, /AccessDenied: cloudtrail:GetTrailStatus/);
    });
    it('skips shadow copies (checked in the home region)', () => {
      assert.deepStrictEqual(run(scene([liveTrail('g', { homeRegion: 'us-east-1' })]), 'TG121'), []);
    });
    it('is not run on IaC surfaces', () => {
      const iac = evaluateScene(scene([liveTrail('main', { status: status({ latestDeliveryError: known('AccessDenied') }) })]), defaultRuleOptions, { surface: 'terraform' });
      assert.deepStrictEqual(iac.filter((f) => f.ruleId === 'TG121'), []);
    });
  });

  describe('per-trail rules live', () => {
    it('TG104 reads IsLogging from GetTrailStatus', () => {
      const t = liveTrail('main', { status: status({ isLogging: known(false) }) });
      const [f] = run(scene([t]), 'TG104');
      assert.strictEqual(f.status, 'fail');
      assert.strictEqual(f.message, "Trail is not logging (`IsLogging: false`): it records no events");
    });
    it('TG106 fails a trail whose CloudWatch Logs delivery stopped more than 24 h ago', () => {
      const t = liveTrail('main', {
        cloudWatchLogGroupArn: known('arn:aws:logs:eu-west-1:111122223333:log-group:trail:*'),
        status: status({ latestCloudWatchLogsDeliveryTime: known(hoursAgo(48)) }),
      });
      assert.match(run(scene([t]), 'TG106')[0].message, /not delivered to CloudWatch Logs for 48 hours/);
    });
    it('TG101 uses the API field name in the message', () => {
      const [f] = run(scene([liveTrail('main', { logFileValidation: known(false) })]), 'TG101');
      assert.match(f.message, /`LogFileValidationEnabled: false`/);
    });
    it('TG107 fails when the account is the organization management account and no trail is an organization trail', () => {
      const s = scene([liveTrail('main')]);
      s.account!.isOrgManagement = known(true);
      assert.deepStrictEqual(run(s, 'TG107', ['TG107']).map((f) => f.status), ['fail']);
      s.account!.isOrgManagement = unresolved('AccessDenied: organizations:DescribeOrganization');
      assert.deepStrictEqual(run(s, 'TG107', ['TG107']).map((f) => f.status), ['unknown']);
    });
  });

  describe('live messages name the API fields', () => {
    it('TG109 names the GetEventSelectors fields, not the Terraform arguments', () => {
      const selector = {
        readWriteType: known('WriteOnly'), includeManagementEvents: known(true), excludeManagementEventSources: known([]), dataResources: [],
      };
      const [f] = run(scene([liveTrail('main', { eventSelectors: [selector] })]), 'TG109');
      assert.strictEqual(f.status, 'fail');
      assert.strictEqual(f.message, 'Trail does not record all management events: `ReadWriteType` is WriteOnly');
      const [off] = run(scene([liveTrail('main', { eventSelectors: [{ ...selector, readWriteType: known('All'), includeManagementEvents: known(false) }] })]), 'TG109');
      assert.strictEqual(off.message, 'Trail does not record all management events: `IncludeManagementEvents` is false');
    });
  });
});
