/**
 * Worker-thread entry that builds daily history on its own connection to the profile's database. A cold start
 * ingests about a million bars; doing it here keeps the host's event loop (the Electron main process) responsive
 * and returns the burst's memory to the OS when the worker exits. The main thread waits and writes nothing
 * meanwhile; WAL lets it read.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open-database';
import { createBarsRepo, createIngestRunsRepo, createInstrumentsRepo } from '../db/repositories';
import { ingestDailyHistory } from './history';
import { createIngestor } from './ingest';
import { createSimulatorAdapter } from './simulator-adapter';

/** What the engine sends. The adapter is named, not passed: a worker builds its own instance. */
export interface HistoryWorkerData {
  dbPath: string;
  adapter: { kind: 'simulator'; seed: number };
  from: string;
  to: string;
}

export type HistoryWorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; received: number; rejected: number }
  | { type: 'error'; message: string };

async function run(data: HistoryWorkerData): Promise<void> {
  const db = openDatabase({ path: data.dbPath });
  try {
    const instruments = createInstrumentsRepo(db);
    const ingest = createIngestor({ db, bars: createBarsRepo(db), instruments, runs: createIngestRunsRepo(db), now: Date.now });
    const adapter = createSimulatorAdapter(data.adapter.seed);
    const result = await ingestDailyHistory({
      adapter,
      ingest,
      symbols: instruments.all().map((i) => i.symbol),
      from: data.from,
      to: data.to,
      onProgress: (p) => parentPort?.postMessage({ type: 'progress', ...p } satisfies HistoryWorkerMessage),
    });
    parentPort?.postMessage({ type: 'done', ...result } satisfies HistoryWorkerMessage);
  } finally {
    db.close();
  }
}

if (parentPort) {
  run(workerData as HistoryWorkerData).catch((error: unknown) => {
    parentPort?.postMessage({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies HistoryWorkerMessage);
  });
}
