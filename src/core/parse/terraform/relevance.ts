// Which top-level blocks the adapters read (adapt.ts, bucket.ts, policies.ts, policyDocument.ts, module.ts). The
// bodies of all others are converted only when a relevant block refers to them: a repository's instances,
// security groups and providers never reach a rule. When an adapter starts reading a new resource type, add it
// here, or its attributes are converted lazily (still correct, only slower).

/** Resource type prefixes of trails, their buckets (and every `aws_s3_bucket_*` satellite), keys and AWS Config. */
const RESOURCE_PREFIXES = ['aws_cloudtrail', 'aws_s3_bucket', 'aws_kms_', 'aws_config_', 'aws_organizations_'];

/** Data sources the evaluator looks into (every other one is "only known at apply"). */
const DATA_SOURCES = new Set(['aws_iam_policy_document']);

export function isRelevantBlock(type: string, labels: readonly string[]): boolean {
  if (type === 'variable' || type === 'locals' || type === 'module') return true;
  const kind = labels[0];
  if (kind === undefined) return false;
  if (type === 'resource') return RESOURCE_PREFIXES.some((p) => kind.startsWith(p));
  if (type === 'data') return DATA_SOURCES.has(kind);
  return false;
}
