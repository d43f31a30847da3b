import { ruleTester } from '../../support/ruleTester';
import { bucketTf, cfnBucket, tfModule } from './fixtures';

/** PAB resource on lines 4.. of main.tf; `flags` are its body lines after `bucket`. */
const pabTf = (flags: string) => bucketTf() + `resource "aws_s3_bucket_public_access_block" "logs" {\n  bucket = aws_s3_bucket.logs.id\n${flags}}\n`;
const ALL_TF =
  '  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n';
const pabCfn = (flags: string) => cfnBucket(`      PublicAccessBlockConfiguration:\n${flags}`);
const ALL_CFN = '        BlockPublicAcls: true\n        BlockPublicPolicy: true\n        IgnorePublicAcls: true\n        RestrictPublicBuckets: true\n';

/** A JSON template: `LogBucket` on line 3 with `more` after its BucketName, then the trail. */
const cfnJsonBucket = (more: string) =>
  '{\n  "Resources": {\n    "LogBucket": {\n      "Type": "AWS::S3::Bucket",\n      "Properties": {\n        "BucketName": "org-trail-logs"' + more + '\n      }\n    },\n' +
  '    "Trail": {\n      "Type": "AWS::CloudTrail::Trail",\n      "Properties": {\n        "IsLogging": true,\n        "S3BucketName": { "Ref": "LogBucket" }\n      }\n    }\n  }\n}\n';

ruleTester('TG205', {
  valid: [
    { name: 'terraform: all four flags true', files: tfModule(pabTf(ALL_TF)) },
    { name: 'cloudformation: all four flags true', files: { 'template.yaml': pabCfn(ALL_CFN) } },
  ],
  invalid: [
    {
      // Terraform applies both resources in turn and the last one wins: each must set every flag.
      name: 'terraform: a second Public Access Block of the same bucket is judged too',
      files: tfModule(pabTf(ALL_TF) + pabTf(ALL_TF.replace('ignore_public_acls      = true', 'ignore_public_acls      = false')).replace(bucketTf(), '').replace('"logs" {\n  bucket = aws_s3_bucket.logs.id', '"again" {\n  bucket = aws_s3_bucket.logs.id')),
      errors: [{ line: 15, column: 3, endLine: 15, endColumn: 34, message: '`ignore_public_acls` is false in the Public Access Block of this trail log bucket' }],
      output: { 'main.tf': pabTf(ALL_TF) + pabTf(ALL_TF).replace(bucketTf(), '').replace('"logs" {\n  bucket = aws_s3_bucket.logs.id', '"again" {\n  bucket = aws_s3_bucket.logs.id') },
    },
    {
      // Catalog: "snippet: add the PAB resource".
      name: 'terraform: no public access block points at the bucket header; the snippet adds the resource with the four flags',
      files: tfModule(bucketTf()),
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 32, severity: 'error', message: /^No Public Access Block/ }],
      fixKind: 'snippet',
      output: {
        'main.tf':
          'resource "aws_s3_bucket" "logs" {\n  bucket = "org-trail-logs"\n}\n\n' +
          'resource "aws_s3_bucket_public_access_block" "logs" {\n  bucket                  = aws_s3_bucket.logs.id\n' + ALL_TF + '}\n',
      },
    },
    {
      name: 'terraform: a false flag is replaced by true',
      files: tfModule(pabTf(ALL_TF.replace('block_public_policy     = true', 'block_public_policy     = false'))),
      errors: [{ line: 7, column: 3, endLine: 7, endColumn: 34, message: /^`block_public_policy` is false/ }],
      output: { 'main.tf': pabTf(ALL_TF) },
    },
    {
      name: 'terraform: missing flags are inserted, one finding each, at the resource header',
      files: tfModule(pabTf('  block_public_acls   = true\n  block_public_policy = true\n')),
      errors: [
        { line: 4, column: 1, endLine: 4, endColumn: 52, message: /`ignore_public_acls` is not set/ },
        { line: 4, column: 1, endLine: 4, endColumn: 52, message: /`restrict_public_buckets` is not set/ },
      ],
    },
    {
      name: 'terraform: one missing flag is inserted aligned with the others',
      files: tfModule(pabTf('  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n')),
      errors: [{ line: 4, column: 1, endLine: 4, endColumn: 52, message: /`restrict_public_buckets` is not set/ }],
      // As `terraform fmt` leaves it: the whole run of attributes is aligned.
      output: { 'main.tf': pabTf(ALL_TF).replace('  bucket = aws_s3_bucket', '  bucket                  = aws_s3_bucket') },
    },
    {
      name: 'terraform: a flag from a variable without default is unknown',
      files: tfModule(pabTf(ALL_TF.replace('ignore_public_acls      = true', 'ignore_public_acls      = var.ignore')) + 'variable "ignore" {}\n'),
      errors: [{ line: 8, column: 3, status: 'unknown', message: /var\.ignore/ }],
    },
    {
      name: 'cloudformation: false flag replaced and missing flag inserted',
      files: { 'template.yaml': pabCfn('        BlockPublicAcls: true\n        BlockPublicPolicy: false\n        IgnorePublicAcls: true\n') },
      errors: [
        { line: 7, column: 7, message: /`RestrictPublicBuckets` is not set/ },
        { line: 9, column: 9, endLine: 9, endColumn: 33, message: /`BlockPublicPolicy` is false/ },
      ],
      output: { 'template.yaml': pabCfn('        BlockPublicAcls: true\n        BlockPublicPolicy: true\n        IgnorePublicAcls: true\n        RestrictPublicBuckets: true\n') },
    },
    {
      name: 'cloudformation: no PublicAccessBlockConfiguration points at the logical id; the snippet adds it with the four flags',
      files: { 'template.yaml': cfnBucket() },
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 12 }],
      fixKind: 'snippet',
      output: { 'template.yaml': pabCfn(ALL_CFN) },
    },
    {
      name: 'cloudformation json: no PublicAccessBlockConfiguration; the snippet adds it with the four flags',
      files: { 'template.json': cfnJsonBucket('') },
      errors: [{ line: 3, column: 5, endLine: 3, endColumn: 16 }],
      fixKind: 'snippet',
      output: {
        'template.json': cfnJsonBucket(
          ',\n        "PublicAccessBlockConfiguration": {\n          "BlockPublicAcls": true,\n          "BlockPublicPolicy": true,\n' +
          '          "IgnorePublicAcls": true,\n          "RestrictPublicBuckets": true\n        }',
        ),
      },
    },
  ],
});
