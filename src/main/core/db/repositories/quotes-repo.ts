/** The latest quote per symbol, persisted periodically so a restart shows the last known market at once. */
import type { Quote } from '../../../../shared/contract';
import type { Db } from '../open-database';

export interface QuotesRepo {
  upsertMany(quotes: readonly Quote[], source: string): void;
  all(): Quote[];
}

interface QuoteRow {
  symbol: string;
  last: number;
  bid: number;
  ask: number;
  open: number;
  high: number;
  low: number;
  prev_close: number;
  volume: number;
  t: number;
}

export function createQuotesRepo(db: Db): QuotesRepo {
  const upsert = db.prepare(
    `INSERT INTO quotes (symbol, last, bid, ask, open, high, low, prev_close, volume, t, source)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(symbol) DO UPDATE SET last = excluded.last, bid = excluded.bid, ask = excluded.ask,
       open = excluded.open, high = excluded.high, low = excluded.low, prev_close = excluded.prev_close,
       volume = excluded.volume, t = excluded.t, source = excluded.source`,
  );
  const allStmt = db.prepare<[], QuoteRow>('SELECT * FROM quotes ORDER BY symbol');
  const many = db.transaction((quotes: readonly Quote[], source: string) => {
    for (const q of quotes) {
      upsert.run(q.symbol, q.last, q.bid, q.ask, q.open, q.high, q.low, q.prevClose, Math.round(q.volume), q.t, source);
    }
  });
  return {
    upsertMany: (quotes, source) => many(quotes, source),
    all: () =>
      allStmt.all().map((r) => ({
        symbol: r.symbol,
        last: r.last,
        bid: r.bid,
        ask: r.ask,
        open: r.open,
        high: r.high,
        low: r.low,
        prevClose: r.prev_close,
        change: r.last - r.prev_close,
        changePct: r.prev_close > 0 ? (r.last / r.prev_close - 1) * 100 : 0,
        volume: r.volume,
        t: r.t,
      })),
  };
}
