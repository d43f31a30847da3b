// The worker side of the lint lanes (lintWorkerClient.ts): the same server bundle, started as a worker thread,
// lints what it is sent, one request at a time. A superseded lint is flagged in its shared cancel word; the engine
// reads it between stages and stops there. The light lane first lints a tiny file of each format, so that parser
// start-up and first-use compilation are done before the user's first file arrives.
import { serialize } from 'v8';
import { parentPort, workerData } from 'worker_threads';
import { LintCancelled, lintSources } from '../core/engine';
import type { SourceFile } from '../core/parse/unit';
import type { WorkerRequest, WorkerResponse } from './lintWorkerClient';
import { resolverFrom, shownWithAbsolutePaths } from './absolutePaths';

interface LintWorkerData { trailguardLintWorker?: boolean; warmUp?: boolean }

export function isLintWorker(): boolean {
  return !!parentPort && !!(workerData as LintWorkerData | undefined)?.trailguardLintWorker;
}

const WARM_UP: SourceFile[] = [
  { path: 'warm-up/main.tf', text: 'resource "aws_cloudtrail" "t" {\n  name = "t"\n  s3_bucket_name = aws_s3_bucket.b.id\n}\nresource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n' },
  { path: 'warm-up/template.yaml', text: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      S3BucketName: !Ref Bucket\n  Bucket:\n    Type: AWS::S3::Bucket\n' },
  { path: 'warm-up/template.json', text: '{"Resources": {"Trail": {"Type": "AWS::CloudTrail::Trail", "Properties": {"IsLogging": true, "S3BucketName": "b"}}}}\n' },
  { path: 'warm-up/policy.json', text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}]}\n' },
];

/** About 1–2 ms of deserialization each on the main thread. */
const FINDINGS_PER_CHUNK = 200;

export function runLintWorker(): void {
  const port = parentPort!;
  let queue: Promise<unknown> = (workerData as LintWorkerData).warmUp ? lintSources(WARM_UP, {}, new Set()).catch(() => undefined) : Promise.resolve();
  port.on('message', (req: WorkerRequest) => {
    queue = queue.then(async () => {
      const flag = new Int32Array(req.cancel);
      const cancelled = () => Atomics.load(flag, 0) === 1;
      const started = performance.now();
      let response: WorkerResponse;
      try {
        const result = await lintSources(req.files, req.config, req.only ? new Set(req.only) : undefined, { byContent: new Set(req.byContent), maxFileSize: req.maxFileSize, root: req.root, cancelled });
        // The editor's view of it, made here rather than in the main thread: failures and unknowns, absolute paths.
        const { findings, errors, suppressions } = req.root ? shownWithAbsolutePaths(result, resolverFrom(req.root)) : result;
        // Findings travel serialized in chunks: the main thread reads them a slice at a time, never all at once.
        const chunks: Uint8Array[] = [];
        for (let i = 0; i < findings.length; i += FINDINGS_PER_CHUNK) chunks.push(serialize(findings.slice(i, i + FINDINGS_PER_CHUNK)));
        response = { id: req.id, ms: performance.now() - started, result: { chunks, errors, suppressions, shown: !!req.root } };
      } catch (err) {
        const ms = performance.now() - started;
        response = err instanceof LintCancelled ? { id: req.id, ms, cancelled: err.stage } : { id: req.id, ms, error: err instanceof Error ? err.message : String(err) };
      }
      port.postMessage(response);
    });
  });
}
