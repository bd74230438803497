/** Daily and 5-minute bars. Writes are upserts that touch a row only when a value differs, so re-ingesting is a no-op. */
import type { Bar } from '../../../../shared/contract';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../open-database';

export type BarTable = 'daily' | 'intraday';

export interface BarWriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface BarsRepo {
  /** Writes already-validated bars of one symbol in the caller's transaction. */
  write(table: BarTable, symbol: string, bars: readonly Bar[], source: string, counts: BarWriteCounts): void;
  /** Bars in [from, to], ascending; with `limit`, the newest `limit` of them. */
  range(table: BarTable, symbol: string, from: number, to: number, limit?: number): Bar[];
  /** Newest daily bars before `before` (exclusive), ascending. */
  lastDaily(symbol: string, before: number, n: number): Bar[];
  /** Newest bar time stored for a symbol, or null. */
  latestTime(table: BarTable, symbol: string): number | null;
  count(table: BarTable): number;
  coverage(symbol: string, sessionDate: string): { through: number; complete: boolean } | null;
  setCoverage(symbol: string, sessionDate: string, through: number, complete: boolean): void;
  /** The same for many symbols in one transaction (one fsync instead of one per symbol). */
  setCoverageMany(symbols: readonly string[], sessionDate: string, through: number, complete: boolean): void;
  deleteBySource(source: string): void;
}

const TABLES: Record<BarTable, string> = { daily: 'daily_bars', intraday: 'intraday_bars' };

export function createBarsRepo(db: Db): BarsRepo {
  const stmts = {} as Record<BarTable, TableStatements>;
  for (const k of Object.keys(TABLES) as BarTable[]) stmts[k] = prepareTable(db, TABLES[k]);

  const lastDailyStmt = db.prepare<[string, number, number], Bar>(
    'SELECT t, o, h, l, c, v FROM daily_bars WHERE symbol = ? AND t < ? ORDER BY t DESC LIMIT ?',
  );
  const coverageGet = db.prepare<[string, string], { through: number; complete: number }>(
    'SELECT through, complete FROM intraday_coverage WHERE symbol = ? AND session_date = ?',
  );
  const coverageSet = db.prepare(
    `INSERT INTO intraday_coverage (symbol, session_date, through, complete) VALUES (?, ?, ?, ?)
     ON CONFLICT(symbol, session_date) DO UPDATE SET through = MAX(through, excluded.through),
       complete = MAX(complete, excluded.complete)`,
  );
  const coverageDelete = db.prepare('DELETE FROM intraday_coverage');

  return {
    write(table, symbol, bars, source, counts) {
      const s = stmts[table];
      for (const b of bars) {
        if (s.insert.run(symbol, b.t, b.o, b.h, b.l, b.c, b.v, source).changes === 1) counts.inserted++;
        else if (s.update.run({ o: b.o, h: b.h, l: b.l, c: b.c, v: b.v, source, symbol, t: b.t }).changes === 1) counts.updated++;
        else counts.unchanged++;
      }
    },
    range(table, symbol, from, to, limit) {
      const s = stmts[table];
      if (limit === undefined) return s.range.all(symbol, from, to);
      return s.rangeNewest.all(symbol, from, to, limit).reverse();
    },
    lastDaily: (symbol, before, n) => lastDailyStmt.all(symbol, before, n).reverse(),
    latestTime: (table, symbol) => stmts[table].latest.get(symbol)?.t ?? null,
    count: (table) => stmts[table].count.get()!.n,
    coverage(symbol, sessionDate) {
      const r = coverageGet.get(symbol, sessionDate);
      return r ? { through: r.through, complete: r.complete === 1 } : null;
    },
    setCoverage(symbol, sessionDate, through, complete) {
      coverageSet.run(symbol, sessionDate, through, complete ? 1 : 0);
    },
    setCoverageMany: db.transaction((symbols: readonly string[], sessionDate: string, through: number, complete: boolean) => {
      for (const symbol of symbols) coverageSet.run(symbol, sessionDate, through, complete ? 1 : 0);
    }),
    deleteBySource(source) {
      for (const k of Object.keys(TABLES) as BarTable[]) stmts[k].deleteSource.run(source);
      coverageDelete.run();
    },
  };
}

interface TableStatements {
  insert: Statement;
  update: Statement;
  range: Statement<[string, number, number], Bar>;
  rangeNewest: Statement<[string, number, number, number], Bar>;
  latest: Statement<[string], { t: number | null }>;
  count: Statement<[], { n: number }>;
  deleteSource: Statement;
}

function prepareTable(db: Db, table: string): TableStatements {
  return {
    insert: db.prepare(
      `INSERT INTO ${table} (symbol, t, o, h, l, c, v, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(symbol, t) DO NOTHING`,
    ),
    update: db.prepare(
      `UPDATE ${table} SET o = @o, h = @h, l = @l, c = @c, v = @v, source = @source WHERE symbol = @symbol AND t = @t
       AND (o != @o OR h != @h OR l != @l OR c != @c OR v != @v OR source != @source)`,
    ),
    range: db.prepare(`SELECT t, o, h, l, c, v FROM ${table} WHERE symbol = ? AND t >= ? AND t <= ? ORDER BY t`),
    rangeNewest: db.prepare(
      `SELECT t, o, h, l, c, v FROM ${table} WHERE symbol = ? AND t >= ? AND t <= ? ORDER BY t DESC LIMIT ?`,
    ),
    latest: db.prepare(`SELECT MAX(t) AS t FROM ${table} WHERE symbol = ?`),
    count: db.prepare(`SELECT COUNT(*) AS n FROM ${table}`),
    deleteSource: db.prepare(`DELETE FROM ${table} WHERE source = ?`),
  };
}
