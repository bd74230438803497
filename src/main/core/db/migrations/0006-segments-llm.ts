/**
 * Market segments (seed 000) and the LLM layer (seed 001 stage 4):
 * - segment_config: seed 000's table, one row per segment (active flag, risk parameters, prompt template, data
 *   sources) plus its schedule and last state, so enable/disable and edits survive restarts;
 * - segment_runs and segment_proposals: every run and what each proposal became (a card, or why not);
 * - segment_performance and segment_correlation: seed 000's daily snapshots;
 * - llm_calls: every call (prompt, model, tokens, latency, cost, outcome), the trace a card opens;
 * - llm_cache: answers keyed by the prompt and its data's as-of time;
 * - event_analyses: the research agent's summaries;
 * - cards.segment: the segment a card belongs to (its origin, or the segment whose universe holds the symbol),
 *   which tags its orders, fills and positions.
 */
import type { Db } from '../open-database';

export function up(db: Db): void {
  db.exec(`
    CREATE TABLE segment_config (
      segment_id TEXT PRIMARY KEY,
      segment_name TEXT NOT NULL,
      segment_description TEXT NOT NULL DEFAULT '',
      is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
      risk_parameters TEXT NOT NULL,
      ai_prompt_template TEXT NOT NULL,
      data_sources TEXT NOT NULL,
      schedule TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'degraded', 'faulted', 'disabled')),
      last_error TEXT,
      last_error_at INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );

    CREATE TABLE segment_runs (
      job_id TEXT PRIMARY KEY,
      segment_id TEXT NOT NULL,
      trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual')),
      started_at INTEGER NOT NULL,
      finished_at INTEGER,
      outcome TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'degraded', 'failed', 'timeout', 'cancelled')),
      analyst TEXT NOT NULL CHECK (analyst IN ('rules', 'llm')),
      proposals INTEGER NOT NULL DEFAULT 0,
      rejected INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      ms REAL
    );
    CREATE INDEX segment_runs_segment ON segment_runs (segment_id, started_at);

    CREATE TABLE segment_proposals (
      id TEXT PRIMARY KEY,
      segment_id TEXT NOT NULL,
      job_id TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      symbol TEXT NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('buy', 'sell', 'hold')),
      quantity INTEGER,
      limit_price REAL,
      stop_price REAL,
      thesis TEXT NOT NULL,
      confidence REAL NOT NULL,
      evidence_json TEXT NOT NULL,
      outcome TEXT NOT NULL CHECK (outcome IN ('carded', 'rejected', 'hold')),
      reason TEXT,
      card_id TEXT,
      llm_call_id TEXT,
      analyst TEXT NOT NULL CHECK (analyst IN ('rules', 'llm'))
    );
    CREATE INDEX segment_proposals_segment ON segment_proposals (segment_id, created_at);
    CREATE INDEX segment_proposals_job ON segment_proposals (job_id);
    CREATE INDEX segment_proposals_card ON segment_proposals (card_id);

    CREATE TABLE segment_performance (
      date TEXT NOT NULL,
      segment_id TEXT NOT NULL,
      equity REAL NOT NULL,
      daily_return REAL,
      total_return REAL NOT NULL,
      sharpe_ratio REAL,
      max_drawdown REAL,
      volatility REAL,
      beta REAL,
      alpha REAL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (date, segment_id)
    );

    CREATE TABLE segment_correlation (
      date TEXT NOT NULL,
      window INTEGER NOT NULL,
      segment1_id TEXT NOT NULL,
      segment2_id TEXT NOT NULL,
      correlation REAL,
      basis TEXT NOT NULL CHECK (basis IN ('sleeve', 'universe')),
      created_at INTEGER NOT NULL,
      PRIMARY KEY (date, window, segment1_id, segment2_id)
    );

    CREATE TABLE llm_calls (
      id TEXT PRIMARY KEY,
      t INTEGER NOT NULL,
      purpose TEXT NOT NULL,
      segment_id TEXT,
      symbol TEXT,
      job_id TEXT,
      provider TEXT NOT NULL,
      model TEXT NOT NULL,
      cache_key TEXT,
      as_of INTEGER NOT NULL,
      system_prompt TEXT NOT NULL,
      user_prompt TEXT NOT NULL,
      response TEXT,
      prompt_tokens INTEGER NOT NULL DEFAULT 0,
      completion_tokens INTEGER NOT NULL DEFAULT 0,
      latency_ms REAL NOT NULL DEFAULT 0,
      cost_usd REAL NOT NULL DEFAULT 0,
      outcome TEXT NOT NULL,
      reason TEXT,
      attempts INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX llm_calls_t ON llm_calls (t);
    CREATE INDEX llm_calls_segment ON llm_calls (segment_id, t);
    CREATE INDEX llm_calls_job ON llm_calls (job_id);

    CREATE TABLE llm_cache (
      key TEXT PRIMARY KEY,
      created_at INTEGER NOT NULL,
      model TEXT NOT NULL,
      response TEXT NOT NULL,
      prompt_tokens INTEGER NOT NULL,
      completion_tokens INTEGER NOT NULL
    );

    CREATE TABLE event_analyses (
      id TEXT PRIMARY KEY,
      symbol TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      as_of INTEGER NOT NULL,
      summary_json TEXT NOT NULL,
      key_points_json TEXT NOT NULL,
      risks_json TEXT NOT NULL,
      sentiment TEXT NOT NULL CHECK (sentiment IN ('BULLISH', 'BEARISH', 'NEUTRAL')),
      confidence REAL NOT NULL,
      sources_json TEXT NOT NULL,
      analyst TEXT NOT NULL CHECK (analyst IN ('rules', 'llm')),
      llm_call_id TEXT
    );
    CREATE INDEX event_analyses_symbol ON event_analyses (symbol, as_of);

    ALTER TABLE cards ADD COLUMN segment TEXT;
    CREATE INDEX cards_segment ON cards (segment, created_at);
  `);
}
