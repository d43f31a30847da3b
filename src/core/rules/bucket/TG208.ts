// TG208: the CloudTrail grants of the bucket policy are pinned to this account's trails (aws:SourceArn or
// aws:SourceAccount), so another account's trail cannot use the bucket as its log destination (confused deputy).
import type { Bucket, Statement } from '../../model';
import { conditionValues, hasConditionKey, statementAppliesToService, statementTouchesAction } from '../../policy/match';
import { listPlaceholders, placeholdersIn } from '../placeholders';
import { statementsGrantingService } from '../../policy/grants';
import type { Rule } from '../rule';
import { CLOUDTRAIL_SERVICE, cloudTrailDeliveryBuckets } from '../scope';
import type { RefText } from '../../refText';
import { firstWithoutPlaceholder } from '../refs';
import { sourceConditions } from './cloudtrailGrants';
import { failWithRelations, policyPosition, statementPosition, trailsOf } from './support';
import { ISO27001_A8_15, pciDss } from '../controls';
import { editBucketPolicy } from '../liveRemediation';

const ACTIONS = ['s3:GetBucketAcl', 's3:PutObject'];

export function cloudTrailGrantStatements(bucket: Bucket, actions: string[]): Statement[] {
  const found = new Set<Statement>();
  for (const action of actions) for (const s of statementsGrantingService(bucket.policy, CLOUDTRAIL_SERVICE, action)) found.add(s);
  return [...found];
}

/** Unreadable statements that name CloudTrail and might be one of its grants. */
export function unreadableCloudTrailGrants(bucket: Bucket, actions: string[]): Statement[] {
  return bucket.policy.statements.filter(
    (s) => s.unresolved && s.effect !== 'Deny' && statementAppliesToService(s, CLOUDTRAIL_SERVICE, false) &&
      (s.actions.length === 0 || actions.some((a) => statementTouchesAction(s, a))),
  );
}

export const TG208: Rule<Bucket> = {
  meta: {
    id: 'TG208',
    title: 'Confused-deputy condition on CloudTrail grants',
    severity: 'medium',
    fix: 'snippet',
    surfaces: ['terraform', 'cloudformation', 'policy', 'live'],
    live: {
      service: 's3',
      evidence: ['GetBucketPolicy'],
      remediation: (b, ctx) => editBucketPolicy(b as Bucket, ctx),
    },
    peers: [],
    controls: [ISO27001_A8_15, pciDss('10.3.2', 'part')],
    doc: {
      summary:
        'Checks every bucket-policy statement that allows `cloudtrail.amazonaws.com` `s3:GetBucketAcl` or ' +
        '`s3:PutObject`: it must carry an `aws:SourceArn` (preferably the trail ARNs) or `aws:SourceAccount` condition.',
      why:
        'A service-principal grant without a source condition lets CloudTrail act on behalf of any account: someone ' +
        'else\'s trail can write into your log bucket, mixing foreign or forged entries into your audit evidence and ' +
        'filling the bucket at your cost. AWS documents `aws:SourceArn` for exactly this.',
      failing: {
        terraform:
          'statement {\n  actions   = ["s3:PutObject"]\n  resources = ["${aws_s3_bucket.logs.arn}/AWSLogs/*"]\n  principals {\n    type        = "Service"\n    identifiers = ["cloudtrail.amazonaws.com"]\n  }\n}',
        cloudformation:
          '- Effect: Allow\n  Principal: { Service: cloudtrail.amazonaws.com }\n  Action: s3:GetBucketAcl\n  Resource: !GetAtt LogBucket.Arn',
        policy: '{ "Effect": "Allow", "Principal": { "Service": "cloudtrail.amazonaws.com" }, "Action": "s3:GetBucketAcl", "Resource": "arn:aws:s3:::org-cloudtrail-logs" }',
      },
      passing: {
        terraform:
          'condition {\n  test     = "StringEquals"\n  variable = "aws:SourceArn"\n  values   = [aws_cloudtrail.org.arn]\n}',
        cloudformation:
          '- Effect: Allow\n  Principal: { Service: cloudtrail.amazonaws.com }\n  Action: s3:GetBucketAcl\n  Resource: !GetAtt LogBucket.Arn\n  Condition:\n    StringEquals:\n      aws:SourceArn: !Sub "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/org"',
        policy:
          '{ "Effect": "Allow", "Principal": { "Service": "cloudtrail.amazonaws.com" }, "Action": "s3:GetBucketAcl", "Resource": "arn:aws:s3:::org-cloudtrail-logs",\n  "Condition": { "StringEquals": { "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org" } } }',
      },
      fix:
        'Quick fix: add `StringEquals aws:SourceArn` = the trail ARN to the statement, built from the trail name as ' +
        'written, the region and the account (`"arn:aws:cloudtrail:${data.aws_region.current.name}:' +
        '${data.aws_caller_identity.current.account_id}:trail/${var.trail_name}"`, `!Sub "arn:${AWS::Partition}:' +
        'cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/org"`). Not `aws_cloudtrail.org.arn` / `!GetAtt Trail.Arn`: the ' +
        'trail is created after its bucket policy, so that would be a dependency cycle. In a policy file, what is not ' +
        'known stays a `<REGION>` / `<ACCOUNT_ID>` / `<TRAIL_NAME>` placeholder (a snippet to review).',
      differences: 'No peer checks the CloudTrail grants for a source condition.',
      references: [
        { title: 'AWS CloudTrail User Guide: Amazon S3 bucket policy for CloudTrail', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html' },
        { title: 'IAM User Guide: The confused deputy problem', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html' },
      ],
    },
  },
  targets: cloudTrailDeliveryBuckets,
  check(bucket, ctx) {
    const policy = bucket.policy;
    if (policy.state === 'unresolved') return ctx.unknown(policyPosition(policy, bucket), policy.reason ?? 'the bucket policy could not be evaluated');
    for (const stmt of unreadableCloudTrailGrants(bucket, ACTIONS)) ctx.unknown(statementPosition(stmt, policy, bucket), stmt.unresolved ?? 'statement could not be evaluated');
    const sources = sourceConditions(trailsOf(bucket, ctx.scene)[0], ctx.scene, policy);
    for (const stmt of cloudTrailGrantStatements(bucket, ACTIONS)) {
      const sourceValues = [...(conditionValues(stmt, 'aws:SourceArn') ?? []), ...(conditionValues(stmt, 'aws:SourceAccount') ?? [])];
      const placeholders = placeholdersIn(sourceValues.join(' '));
      if (placeholders.length) {
        // `aws:SourceArn = arn:aws:cloudtrail:<REGION>:...` matches no trail: the condition is not in force yet.
        failWithRelations(ctx, bucket, statementPosition(stmt, policy, bucket), `the aws:SourceArn / aws:SourceAccount condition of this ${CLOUDTRAIL_SERVICE} grant still holds ${listPlaceholders(placeholders)}: replace it`);
        continue;
      }
      if (hasConditionKey(stmt, 'aws:SourceArn') || hasConditionKey(stmt, 'aws:SourceAccount')) continue;
      // aws:SourceArn names the trail; when its name cannot be derived, aws:SourceAccount pins the account instead.
      const pick = firstWithoutPlaceholder(sources.map((c) => () => {
        const [key, value] = Object.entries(c)[0];
        return stmt.addCondition?.('StringEquals', key, [value as RefText]);
      }));
      const fixes = pick
        ? [{ title: pick.index === 0 ? 'Add an aws:SourceArn condition naming the trail' : "Add an aws:SourceAccount condition (review: the trail's account)", kind: pick.kind, edits: pick.edits }]
        : [];
      failWithRelations(
        ctx,
        bucket,
        statementPosition(stmt, policy, bucket),
        `this ${CLOUDTRAIL_SERVICE} grant has no aws:SourceArn or aws:SourceAccount condition: any account's trail could write to this bucket`,
        { fixes },
      );
    }
  },
};
