/**
 * Option chains: the latest stored snapshot of every served chain (one row per contract, refreshed at most every
 * OPTIONS_CHAIN_CACHE_MINUTES; chain analytics read it) and the daily ATM-IV history behind IV rank and
 * percentile, per data source so a different simulator seed never mixes with another's history.
 */
import type { Db } from '../open-database';

export function up(db: Db): void {
  db.exec(`
    CREATE TABLE option_chain_snapshots (
      underlying    TEXT    NOT NULL,
      expiry        TEXT    NOT NULL,
      strike        REAL    NOT NULL,
      type          TEXT    NOT NULL CHECK (type IN ('call', 'put')),
      symbol        TEXT    NOT NULL,
      session_date  TEXT    NOT NULL,
      as_of         INTEGER NOT NULL,
      spot          REAL    NOT NULL,
      rate          REAL    NOT NULL,
      dividend_yield REAL   NOT NULL,
      days_to_expiry REAL   NOT NULL,
      source        TEXT    NOT NULL,
      bid           REAL    NOT NULL,
      ask           REAL    NOT NULL,
      last          REAL    NOT NULL,
      mark          REAL    NOT NULL,
      iv            REAL    NOT NULL,
      delta         REAL    NOT NULL,
      gamma         REAL    NOT NULL,
      theta         REAL    NOT NULL,
      vega          REAL    NOT NULL,
      rho           REAL    NOT NULL,
      volume        INTEGER NOT NULL,
      open_interest INTEGER NOT NULL,
      PRIMARY KEY (underlying, expiry, strike, type)
    ) WITHOUT ROWID;
    CREATE INDEX option_chain_snapshots_strike ON option_chain_snapshots (underlying, expiry, strike);
    CREATE INDEX option_chain_snapshots_symbol ON option_chain_snapshots (symbol);

    CREATE TABLE option_iv_history (
      underlying TEXT    NOT NULL,
      source     TEXT    NOT NULL,
      date       TEXT    NOT NULL,
      atm_iv     REAL    NOT NULL,
      PRIMARY KEY (underlying, source, date)
    ) WITHOUT ROWID;
  `);
}
