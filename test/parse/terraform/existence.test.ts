// Resource existence (issue 9): `count` and `for_each` decide whether and how many instances exist, and what they
// configure. Findings as a user sees them: rule id, status, resource, 1-based range.
import { strict as assert } from 'assert';
import { lintSources } from '../../../src/core/engine';

async function lint(files: Record<string, string>): Promise<string[]> {
  const r = await lintSources(Object.entries(files).map(([path, text]) => ({ path, text })));
  return r.findings.map((f) => `${f.ruleId} ${f.status} ${f.resource} ${f.file}:${f.range!.start.line + 1}:${f.range!.start.character + 1}-${f.range!.end.line + 1}:${f.range!.end.character + 1}${f.status === 'unknown' ? ` ${f.message}` : ''}`);
}

const only = (ids: string[]) => (lines: string[]) => lines.filter((l) => ids.includes(l.split(' ')[0]));

const trail = (bucket: string) => `resource "aws_cloudtrail" "org" {
  name                       = "org"
  s3_bucket_name             = ${bucket}
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
`;

const versioning = (count: string, bucket = 'aws_s3_bucket.logs.id') => `resource "aws_s3_bucket_versioning" "logs" {
  count  = ${count}
  bucket = ${bucket}
  versioning_configuration {
    status = "Enabled"
  }
}
`;

const bucket = 'resource "aws_s3_bucket" "logs" {\n  bucket = "org-audit-logs"\n}\n';
const vars = 'variable "on" {\n  default = true\n}\nvariable "off" {\n  default = false\n}\nvariable "unknown" {\n  type = bool\n}\nvariable "names" {\n  default = ["a", "b"]\n}\n';

interface Row { name: string; files: Record<string, string>; rules: string[]; want: string[] }

const rows: Row[] = [
  {
    name: 'count = 0 on the versioning resource leaves versioning off',
    files: { 'main.tf': bucket + versioning('0') + trail('aws_s3_bucket.logs.id') },
    rules: ['TG203'],
    want: ['TG203 fail aws_s3_bucket.logs main.tf:1:1-1:32'],
  },
  {
    name: 'a conditional count that is true configures versioning (addressed as [0])',
    files: { 'main.tf': bucket + versioning('var.on ? 1 : 0', 'aws_s3_bucket.logs.id') + trail('aws_s3_bucket.logs.id'), 'variables.tf': vars },
    rules: ['TG203'],
    want: [],
  },
  {
    name: 'a conditional count that is false leaves versioning off',
    files: { 'main.tf': bucket + versioning('var.off ? 1 : 0') + trail('aws_s3_bucket.logs.id'), 'variables.tf': vars },
    rules: ['TG203'],
    want: ['TG203 fail aws_s3_bucket.logs main.tf:1:1-1:32'],
  },
  {
    name: 'count = length(...) over an empty list is zero instances',
    files: { 'main.tf': bucket + versioning('length([])') + trail('aws_s3_bucket.logs.id') },
    rules: ['TG203'],
    want: ['TG203 fail aws_s3_bucket.logs main.tf:1:1-1:32'],
  },
  {
    name: 'an unknown count makes what the satellite configures unknown, with the reason',
    files: { 'main.tf': bucket + versioning('var.unknown ? 1 : 0') + trail('aws_s3_bucket.logs.id'), 'variables.tf': vars },
    rules: ['TG203'],
    want: ['TG203 unknown aws_s3_bucket.logs main.tf:4:1-4:43 TG203 could not be verified: `aws_s3_bucket_versioning.logs` may or may not exist: `count = var.unknown ? 1 : 0` is not known (`var.unknown` has no default)'],
  },
  {
    name: 'an unknown count on the bucket makes every check of it unknown',
    files: {
      'main.tf': 'resource "aws_s3_bucket" "logs" {\n  count  = var.unknown ? 1 : 0\n  bucket = "org-audit-logs"\n}\n' + trail('"org-audit-logs"'),
      'variables.tf': vars,
    },
    rules: ['TG201', 'TG203', 'TG205'],
    want: [
      'TG201 unknown aws_s3_bucket.logs main.tf:1:1-1:32 TG201 could not be verified: `aws_s3_bucket.logs` may or may not exist: `count = var.unknown ? 1 : 0` is not known (`var.unknown` has no default)',
      'TG203 unknown aws_s3_bucket.logs main.tf:1:1-1:32 TG203 could not be verified: `aws_s3_bucket.logs` may or may not exist: `count = var.unknown ? 1 : 0` is not known (`var.unknown` has no default)',
      'TG205 unknown aws_s3_bucket.logs main.tf:1:1-1:32 TG205 could not be verified: `aws_s3_bucket.logs` may or may not exist: `count = var.unknown ? 1 : 0` is not known (`var.unknown` has no default)',
    ],
  },
  {
    name: 'for_each over a map: one bucket per key, each.value as the name; the trail picks ["audit"]',
    files: {
      'main.tf': [
        'variable "buckets" {',
        '  default = { audit = "org-audit-logs", access = "org-access-logs" }',
        '}',
        'resource "aws_s3_bucket" "logs" {',
        '  for_each = var.buckets',
        '  bucket   = each.value',
        '}',
        'resource "aws_s3_bucket_versioning" "logs" {',
        '  for_each = aws_s3_bucket.logs',
        '  bucket   = each.value.id',
        '  versioning_configuration {',
        '    status = each.key == "audit" ? "Enabled" : "Suspended"',
        '  }',
        '}',
        trail('aws_s3_bucket.logs["audit"].id'),
      ].join('\n'),
    },
    rules: ['TG203', 'TG201'],
    want: ['TG201 fail aws_s3_bucket.logs["audit"] main.tf:4:1-4:32'],
  },
  {
    name: 'for_each = toset([...]) with count.index-free satellites addressed by each.key',
    files: {
      'main.tf': [
        'resource "aws_s3_bucket" "logs" {',
        '  for_each = toset(["org-audit-logs", "org-other-logs"])',
        '  bucket   = each.key',
        '}',
        'resource "aws_s3_bucket_versioning" "logs" {',
        '  for_each = toset(["org-other-logs"])',
        '  bucket   = aws_s3_bucket.logs[each.key].id',
        '  versioning_configuration {',
        '    status = "Enabled"',
        '  }',
        '}',
        trail('aws_s3_bucket.logs["org-audit-logs"].id'),
      ].join('\n'),
    },
    rules: ['TG203'],
    want: ['TG203 fail aws_s3_bucket.logs["org-audit-logs"] main.tf:1:1-1:32'],
  },
  {
    name: 'count over a list: count.index picks each instance\'s name; the trail uses [1]',
    files: {
      'main.tf': [
        'resource "aws_s3_bucket" "logs" {',
        '  count  = length(var.names)',
        '  bucket = "org-${var.names[count.index]}"',
        '}',
        'resource "aws_s3_bucket_versioning" "logs" {',
        '  bucket = "org-a"',
        '  versioning_configuration {',
        '    status = "Enabled"',
        '  }',
        '}',
        trail('aws_s3_bucket.logs[1].id'),
      ].join('\n'),
      'variables.tf': vars,
    },
    rules: ['TG203'],
    want: ['TG203 fail aws_s3_bucket.logs[1] main.tf:1:1-1:32'],
  },
];

describe('terraform resource existence (count / for_each)', () => {
  for (const row of rows) {
    it(row.name, async () => {
      assert.deepEqual(only(row.rules)(await lint(row.files)), row.want);
    });
  }
});
