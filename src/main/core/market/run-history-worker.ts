/** Starts the history worker and resolves when it has finished, relaying its progress. */
import { Worker } from 'node:worker_threads';
import type { HistoryProgress } from './history';
import type { HistoryWorkerData, HistoryWorkerMessage } from './history-worker';

export function runHistoryWorker(script: string, data: HistoryWorkerData, onProgress?: (p: HistoryProgress) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: data });
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve();
    };
    worker.on('message', (m: HistoryWorkerMessage) => {
      if (m.type === 'progress') onProgress?.({ done: m.done, total: m.total });
      else if (m.type === 'done') finish();
      else finish(new Error(`history worker failed: ${m.message}`));
    });
    worker.once('error', (e) => finish(e));
    worker.once('exit', (code) => finish(code === 0 ? undefined : new Error(`history worker exited with code ${code}`)));
  });
}
