/** Catalyst events (news-like jumps) per symbol, from the simulator or a news feed (table catalysts). */
import type { Db } from '../open-database';
import { isCatalystKind, type CatalystEventRecord } from '../../sectors/catalyst-kinds';

export interface CatalystCounts {
  positive: number;
  negative: number;
}

export interface CatalystsRepo {
  /** Inserts in one transaction; duplicates (same symbol, t and kind) are ignored. Returns how many were new. */
  insertMany(events: readonly CatalystEventRecord[], source: string): number;
  /**
   * Positive and negative catalysts per symbol with fromT ≤ t < toT; only `symbols` when given. Symbols without
   * catalysts are absent from the map.
   */
  counts(symbols: readonly string[] | null | undefined, fromT: number, toT: number): Map<string, CatalystCounts>;
  /** Catalysts of one symbol with fromT ≤ t < toT, oldest first. */
  list(symbol: string, fromT: number, toT: number): CatalystEventRecord[];
}

interface CatalystRow {
  symbol: string;
  t: number;
  kind: string;
  direction: number;
  move_pct: number;
  headline: string;
}

interface CountRow {
  symbol: string;
  positive: number;
  negative: number;
}

function toRecord(row: CatalystRow): CatalystEventRecord {
  return {
    symbol: row.symbol,
    t: row.t,
    kind: isCatalystKind(row.kind) ? row.kind : 'earnings',
    direction: (row.direction > 0 ? 1 : row.direction < 0 ? -1 : 0) as -1 | 0 | 1,
    movePct: row.move_pct,
    headline: row.headline,
  };
}

export function createCatalystsRepo(db: Db): CatalystsRepo {
  const insertStmt = db.prepare<[string, number, string, number, number, string, string]>(
    `INSERT INTO catalysts (symbol, t, kind, direction, move_pct, headline, source) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (symbol, t, kind) DO NOTHING`,
  );
  const countsAllStmt = db.prepare<[number, number], CountRow>(
    `SELECT symbol, SUM(direction > 0) AS positive, SUM(direction < 0) AS negative
       FROM catalysts WHERE t >= ? AND t < ? GROUP BY symbol`,
  );
  const listStmt = db.prepare<[string, number, number], CatalystRow>(
    `SELECT symbol, t, kind, direction, move_pct, headline FROM catalysts
      WHERE symbol = ? AND t >= ? AND t < ? ORDER BY t, id`,
  );
  const insertAll = db.transaction((events: readonly CatalystEventRecord[], source: string): number => {
    let inserted = 0;
    for (const e of events) {
      inserted += insertStmt.run(e.symbol, e.t, e.kind, e.direction, e.movePct, e.headline, source).changes;
    }
    return inserted;
  });
  return {
    insertMany(events, source) {
      return events.length === 0 ? 0 : insertAll(events, source);
    },
    counts(symbols, fromT, toT) {
      const out = new Map<string, CatalystCounts>();
      // The window is indexed by t (catalysts_t); the symbol filter is applied in memory, which stays one query
      // however many symbols are asked for.
      const wanted = symbols ? new Set(symbols) : null;
      for (const row of countsAllStmt.iterate(fromT, toT)) {
        if (wanted && !wanted.has(row.symbol)) continue;
        if (row.positive === 0 && row.negative === 0) continue;
        out.set(row.symbol, { positive: row.positive, negative: row.negative });
      }
      return out;
    },
    list: (symbol, fromT, toT) => listStmt.all(symbol, fromT, toT).map(toRecord),
  };
}
