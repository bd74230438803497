/**
 * The sector traffic light: daily universe snapshots and their changes, classification overrides, the catalyst
 * event stream, analysis runs with per-sector scores (kept 90 days), alerts and the scheduler's ledger.
 */
import type { Db } from '../open-database';

export function up(db: Db): void {
  db.exec(`
    CREATE TABLE universe_members (
      session_date TEXT NOT NULL,
      symbol TEXT NOT NULL,
      included INTEGER NOT NULL CHECK (included IN (0, 1)),
      tier TEXT CHECK (tier IN ('micro', 'small')),
      sector TEXT,
      reasons_json TEXT NOT NULL,
      PRIMARY KEY (session_date, symbol)
    ) WITHOUT ROWID;

    CREATE TABLE universe_changes (
      session_date TEXT NOT NULL,
      symbol TEXT NOT NULL,
      change TEXT NOT NULL CHECK (change IN ('entered', 'left')),
      PRIMARY KEY (session_date, symbol)
    ) WITHOUT ROWID;

    CREATE TABLE classification_overrides (
      symbol TEXT PRIMARY KEY,
      sector TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );

    CREATE TABLE catalysts (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      symbol TEXT NOT NULL,
      t INTEGER NOT NULL,
      kind TEXT NOT NULL,
      direction INTEGER NOT NULL CHECK (direction IN (-1, 0, 1)),
      move_pct REAL NOT NULL,
      headline TEXT NOT NULL,
      source TEXT NOT NULL,
      UNIQUE (symbol, t, kind)
    );
    CREATE INDEX catalysts_t ON catalysts (t);

    CREATE TABLE sector_runs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      trigger TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      finished_at INTEGER,
      as_of INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
      error TEXT,
      members INTEGER NOT NULL DEFAULT 0,
      duration_ms REAL
    );
    CREATE INDEX sector_runs_as_of ON sector_runs (as_of);

    CREATE TABLE sector_scores (
      run_id INTEGER NOT NULL REFERENCES sector_runs (id) ON DELETE CASCADE,
      sector TEXT NOT NULL,
      t INTEGER NOT NULL,
      score REAL NOT NULL,
      colour TEXT NOT NULL,
      confidence REAL NOT NULL,
      summary_json TEXT NOT NULL,
      PRIMARY KEY (run_id, sector)
    );
    CREATE INDEX sector_scores_history ON sector_scores (sector, t);

    CREATE TABLE alerts (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      t INTEGER NOT NULL,
      kind TEXT NOT NULL,
      severity TEXT NOT NULL,
      symbol TEXT NOT NULL,
      sector TEXT,
      session_date TEXT NOT NULL,
      message TEXT NOT NULL,
      move_pct REAL NOT NULL,
      price REAL NOT NULL,
      prev_close REAL NOT NULL,
      acked_at INTEGER,
      UNIQUE (kind, symbol, session_date)
    );
    CREATE INDEX alerts_t ON alerts (t);

    -- One row per scheduled slot that ran, so a slot missed while the app was closed is caught up once.
    CREATE TABLE scheduler_runs (
      job TEXT NOT NULL,
      slot_at INTEGER NOT NULL,
      ran_at INTEGER NOT NULL,
      PRIMARY KEY (job, slot_at)
    ) WITHOUT ROWID;
  `);
}
