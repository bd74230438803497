/**
 * Option chains in SQLite: the latest snapshot per (underlying, expiry) — replaced whole, in one transaction —
 * and the daily ATM-IV history per (underlying, source). Chain analytics and IV rank read from here.
 */
import type { OptionChain, OptionQuote } from '../../../../shared/contract';
import type { Db } from '../open-database';

export interface StoredChainInfo {
  asOf: number;
  spot: number;
  sessionDate: string;
  source: string;
}

export interface OptionsRepo {
  /** When the stored snapshot of a chain was taken, or null when none is stored. */
  snapshotInfo(underlying: string, expiry: string): StoredChainInfo | null;
  /** Replaces the stored snapshot of the chain's (underlying, expiry). */
  writeSnapshot(chain: OptionChain, sessionDate: string): void;
  /** The stored snapshot as a chain (rows by ascending strike), or null. */
  readSnapshot(underlying: string, expiry: string): (OptionChain & { sessionDate: string }) | null;
  /** Stored IV history of an underlying for one source, dates from..to inclusive, ascending. */
  ivHistory(underlying: string, source: string, from: string, to: string): { date: string; iv: number }[];
  /** Inserts or replaces history points. */
  putIvHistory(underlying: string, source: string, points: readonly { date: string; iv: number }[]): void;
}

interface SnapshotRow {
  underlying: string;
  expiry: string;
  strike: number;
  type: 'call' | 'put';
  symbol: string;
  session_date: string;
  as_of: number;
  spot: number;
  rate: number;
  dividend_yield: number;
  days_to_expiry: number;
  source: string;
  bid: number;
  ask: number;
  last: number;
  mark: number;
  iv: number;
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
  rho: number;
  volume: number;
  open_interest: number;
}

function toQuote(r: SnapshotRow): OptionQuote {
  return {
    symbol: r.symbol,
    underlying: r.underlying,
    expiry: r.expiry,
    strike: r.strike,
    type: r.type,
    bid: r.bid,
    ask: r.ask,
    last: r.last,
    mark: r.mark,
    iv: r.iv,
    delta: r.delta,
    gamma: r.gamma,
    theta: r.theta,
    vega: r.vega,
    rho: r.rho,
    volume: r.volume,
    openInterest: r.open_interest,
    inTheMoney: r.type === 'call' ? r.strike < r.spot : r.strike > r.spot,
  };
}

export function createOptionsRepo(db: Db): OptionsRepo {
  const infoStmt = db.prepare<[string, string], { as_of: number; spot: number; session_date: string; source: string }>(
    'SELECT as_of, spot, session_date, source FROM option_chain_snapshots WHERE underlying = ? AND expiry = ? LIMIT 1',
  );
  const deleteStmt = db.prepare('DELETE FROM option_chain_snapshots WHERE underlying = ? AND expiry = ?');
  const insertStmt = db.prepare(
    `INSERT INTO option_chain_snapshots (underlying, expiry, strike, type, symbol, session_date, as_of, spot, rate, dividend_yield,
       days_to_expiry, source, bid, ask, last, mark, iv, delta, gamma, theta, vega, rho, volume, open_interest)
     VALUES (@underlying, @expiry, @strike, @type, @symbol, @session_date, @as_of, @spot, @rate, @dividend_yield,
       @days_to_expiry, @source, @bid, @ask, @last, @mark, @iv, @delta, @gamma, @theta, @vega, @rho, @volume, @open_interest)`,
  );
  const readStmt = db.prepare<[string, string], SnapshotRow>(
    'SELECT * FROM option_chain_snapshots WHERE underlying = ? AND expiry = ? ORDER BY strike, type',
  );
  const historyStmt = db.prepare<[string, string, string, string], { date: string; iv: number }>(
    'SELECT date, atm_iv AS iv FROM option_iv_history WHERE underlying = ? AND source = ? AND date >= ? AND date <= ? ORDER BY date',
  );
  const putHistoryStmt = db.prepare('INSERT OR REPLACE INTO option_iv_history (underlying, source, date, atm_iv) VALUES (?, ?, ?, ?)');

  const writeSnapshot = db.transaction((chain: OptionChain, sessionDate: string) => {
    deleteStmt.run(chain.underlying, chain.expiry);
    const base = {
      session_date: sessionDate,
      as_of: chain.asOf,
      spot: chain.spot,
      rate: chain.rate,
      dividend_yield: chain.dividendYield,
      days_to_expiry: chain.daysToExpiry,
      source: chain.source,
    };
    for (const row of chain.rows) {
      for (const type of ['call', 'put'] as const) {
        const q = row[type];
        insertStmt.run({
          ...base,
          underlying: chain.underlying,
          expiry: chain.expiry,
          strike: row.strike,
          type,
          symbol: q.symbol,
          bid: q.bid,
          ask: q.ask,
          last: q.last,
          mark: q.mark,
          iv: q.iv,
          delta: q.delta,
          gamma: q.gamma,
          theta: q.theta,
          vega: q.vega,
          rho: q.rho,
          volume: q.volume,
          open_interest: q.openInterest,
        });
      }
    }
  });
  const putIvHistory = db.transaction((underlying: string, source: string, points: readonly { date: string; iv: number }[]) => {
    for (const p of points) putHistoryStmt.run(underlying, source, p.date, p.iv);
  });

  return {
    snapshotInfo(underlying, expiry) {
      const r = infoStmt.get(underlying, expiry);
      return r ? { asOf: r.as_of, spot: r.spot, sessionDate: r.session_date, source: r.source } : null;
    },
    writeSnapshot: (chain, sessionDate) => writeSnapshot(chain, sessionDate),
    readSnapshot(underlying, expiry) {
      const rows = readStmt.all(underlying, expiry);
      if (rows.length === 0) return null;
      const first = rows[0]!;
      const byStrike = new Map<number, { call?: OptionQuote; put?: OptionQuote }>();
      for (const r of rows) {
        const e = byStrike.get(r.strike) ?? {};
        e[r.type] = toQuote(r);
        byStrike.set(r.strike, e);
      }
      const chainRows = [...byStrike.entries()]
        .filter((e): e is [number, { call: OptionQuote; put: OptionQuote }] => !!e[1].call && !!e[1].put)
        .map(([strike, e]) => ({ strike, call: e.call, put: e.put }));
      let atm = chainRows[0]?.strike ?? first.strike;
      for (const r of chainRows) if (Math.abs(r.strike - first.spot) < Math.abs(atm - first.spot) - 1e-12) atm = r.strike;
      return {
        underlying,
        spot: first.spot,
        expiry,
        daysToExpiry: first.days_to_expiry,
        rate: first.rate,
        dividendYield: first.dividend_yield,
        multiplier: 100,
        atmStrike: atm,
        rows: chainRows,
        source: first.source,
        asOf: first.as_of,
        sessionDate: first.session_date,
      };
    },
    ivHistory: (underlying, source, from, to) => historyStmt.all(underlying, source, from, to),
    putIvHistory: (underlying, source, points) => putIvHistory(underlying, source, points),
  };
}
