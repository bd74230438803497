/**
 * Coalesces quote batches (the engine sends the whole universe every ~500 ms) so the store, and therefore
 * React, sees at most one update per interval; the newest quote per symbol wins.
 */
import type { Quote, QuoteBatch } from '../../../shared/contract/schemas';

/** A merged batch ready to apply. */
export interface MergedQuotes {
  source: string;
  asOf: number;
  quotes: Quote[];
}

/** Pushes batches in, flushes merged ones out at most once per `intervalMs`. */
export interface QuoteBatcher {
  push(batch: QuoteBatch): void;
  /** Drops what is pending (a fresher snapshot superseded it). */
  clear(): void;
  dispose(): void;
}

/** Creates a batcher calling `flush` at most once per interval. */
export function createQuoteBatcher(flush: (merged: MergedQuotes) => void, intervalMs = 250): QuoteBatcher {
  let pending = new Map<string, Quote>();
  let meta: { source: string; asOf: number } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastFlush = -Infinity;

  const run = (): void => {
    timer = null;
    if (!meta) return;
    const merged = { source: meta.source, asOf: meta.asOf, quotes: [...pending.values()] };
    pending = new Map();
    meta = null;
    lastFlush = Date.now();
    flush(merged);
  };

  return {
    push(batch) {
      for (const q of batch.quotes) pending.set(q.symbol, q);
      meta = { source: batch.source, asOf: batch.asOf };
      if (timer) return;
      timer = setTimeout(run, Math.max(0, lastFlush + intervalMs - Date.now()));
    },
    clear() {
      pending = new Map();
      meta = null;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    dispose() {
      this.clear();
    },
  };
}
