/** Market data: the symbol master, daily and 5-minute bars, the latest quotes, ingest reports and settings. */
import type { Db } from '../open-database';

export function up(db: Db): void {
  db.exec(`
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value_json TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );

    CREATE TABLE instruments (
      symbol TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('stock', 'etf')),
      sector TEXT,
      industry TEXT NOT NULL,
      exchange TEXT NOT NULL,
      market_cap REAL NOT NULL CHECK (market_cap >= 0),
      float_shares INTEGER NOT NULL CHECK (float_shares >= 0),
      shares_outstanding INTEGER NOT NULL CHECK (shares_outstanding >= 0),
      source TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX instruments_sector ON instruments (sector, symbol);

    CREATE TABLE daily_bars (
      symbol TEXT NOT NULL,
      t INTEGER NOT NULL,
      o REAL NOT NULL, h REAL NOT NULL, l REAL NOT NULL, c REAL NOT NULL,
      v INTEGER NOT NULL CHECK (v >= 0),
      source TEXT NOT NULL,
      PRIMARY KEY (symbol, t)
    ) WITHOUT ROWID;

    CREATE TABLE intraday_bars (
      symbol TEXT NOT NULL,
      t INTEGER NOT NULL,
      o REAL NOT NULL, h REAL NOT NULL, l REAL NOT NULL, c REAL NOT NULL,
      v INTEGER NOT NULL CHECK (v >= 0),
      source TEXT NOT NULL,
      PRIMARY KEY (symbol, t)
    ) WITHOUT ROWID;

    -- Which sessions of 5-minute bars are stored per symbol, and whether the session was complete.
    CREATE TABLE intraday_coverage (
      symbol TEXT NOT NULL,
      session_date TEXT NOT NULL,
      through INTEGER NOT NULL,
      complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
      PRIMARY KEY (symbol, session_date)
    ) WITHOUT ROWID;

    CREATE TABLE quotes (
      symbol TEXT PRIMARY KEY,
      last REAL NOT NULL, bid REAL NOT NULL, ask REAL NOT NULL,
      open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, prev_close REAL NOT NULL,
      volume INTEGER NOT NULL,
      t INTEGER NOT NULL,
      source TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE ingest_runs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      source TEXT NOT NULL,
      kind TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      duration_ms REAL NOT NULL,
      received INTEGER NOT NULL,
      inserted INTEGER NOT NULL,
      updated INTEGER NOT NULL,
      unchanged INTEGER NOT NULL,
      rejected INTEGER NOT NULL,
      rejects_json TEXT NOT NULL
    );
  `);
}
