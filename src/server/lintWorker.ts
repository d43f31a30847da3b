// The worker side of EngineRunner: the same server bundle, started as a worker thread, lints what it is sent.
import { parentPort, workerData } from 'worker_threads';
import { lintSources } from '../core/engine';
import type { WorkerRequest, WorkerResponse } from './engineRunner';

export function isLintWorker(): boolean {
  return !!parentPort && !!(workerData as { trailguardLintWorker?: boolean } | undefined)?.trailguardLintWorker;
}

export function runLintWorker(): void {
  const port = parentPort!;
  port.on('message', async (req: WorkerRequest) => {
    let response: WorkerResponse;
    try {
      response = { id: req.id, result: await lintSources(req.files, req.config, new Set(req.only), { byContent: new Set(req.byContent), maxFileSize: req.maxFileSize }) };
    } catch (err) {
      response = { id: req.id, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(response);
  });
}
