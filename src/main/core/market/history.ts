/**
 * Daily history: ingests the completed sessions from..to of every instrument through the one ingest path, in
 * chunks, yielding to the event loop between them. Runs in-process or inside the history worker.
 */
import type { Logger } from '../log';
import type { Ingestor, SymbolBars } from './ingest';
import type { MarketDataAdapter } from './ports';

export interface HistoryProgress {
  done: number;
  total: number;
}

export interface DailyHistoryJob {
  adapter: MarketDataAdapter;
  ingest: Ingestor;
  symbols: readonly string[];
  from: string;
  to: string;
  log?: Logger;
  onProgress?(p: HistoryProgress): void;
}

const CHUNK = 100;

export async function ingestDailyHistory(job: DailyHistoryJob): Promise<{ received: number; rejected: number }> {
  let received = 0;
  let rejected = 0;
  if (job.from > job.to) return { received, rejected };
  for (let i = 0; i < job.symbols.length; i += CHUNK) {
    const batch: SymbolBars[] = [];
    for (const symbol of job.symbols.slice(i, i + CHUNK)) {
      batch.push({ symbol, bars: await job.adapter.dailyBars(symbol, job.from, job.to) });
    }
    const report = job.ingest.bars('daily', batch, job.adapter.name, { record: false });
    received += report.received;
    rejected += report.rejected;
    if (report.rejected > 0) job.log?.warn({ rejects: report.rejects.slice(0, 5), rejected: report.rejected }, 'daily bars rejected');
    job.onProgress?.({ done: Math.min(i + CHUNK, job.symbols.length), total: job.symbols.length });
    await new Promise((r) => setImmediate(r));
  }
  return { received, rejected };
}
