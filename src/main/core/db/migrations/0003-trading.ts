/**
 * The trading desk: trade cards and every guardrail evaluation, orders, fills, positions, the cash ledger in
 * integer cents, the hash-chained append-only audit log, and the paper broker's own book (the broker side of the
 * wire, kept apart from the engine's orders so reconciliation after a crash compares two real records).
 */
import type { Db } from '../open-database';

export function up(db: Db): void {
  db.exec(`
    CREATE TABLE cards (
      id TEXT PRIMARY KEY,
      symbol TEXT NOT NULL,
      side TEXT NOT NULL CHECK (side IN ('buy', 'sell', 'short', 'cover')),
      quantity INTEGER NOT NULL CHECK (quantity > 0),
      notional_cents INTEGER,
      order_type TEXT NOT NULL CHECK (order_type IN ('market', 'limit', 'stop', 'stop_limit', 'bracket')),
      limit_price REAL,
      stop_price REAL,
      take_profit_price REAL,
      stop_loss_price REAL,
      time_in_force TEXT NOT NULL CHECK (time_in_force IN ('day', 'gtc', 'ioc')),
      thesis_json TEXT NOT NULL,
      origin TEXT NOT NULL,
      origin_id TEXT,
      playbook TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'submitted', 'partially_filled', 'filled',
        'rejected', 'expired', 'cancelled', 'blocked', 'failed')),
      status_reason TEXT,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      decided_by TEXT,
      decided_at INTEGER,
      price_at_creation REAL,
      filled_quantity INTEGER NOT NULL DEFAULT 0,
      avg_fill_price REAL,
      guardrails_json TEXT NOT NULL,
      stages_json TEXT NOT NULL,
      version INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX cards_status ON cards (status, expires_at);
    CREATE INDEX cards_created ON cards (created_at);
    CREATE INDEX cards_symbol ON cards (symbol, created_at);

    CREATE TABLE guardrail_evaluations (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      card_id TEXT NOT NULL REFERENCES cards (id),
      phase TEXT NOT NULL,
      t INTEGER NOT NULL,
      passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
      result_json TEXT NOT NULL
    );
    CREATE INDEX guardrail_evaluations_card ON guardrail_evaluations (card_id, id);

    CREATE TABLE orders (
      id TEXT PRIMARY KEY,
      card_id TEXT NOT NULL REFERENCES cards (id),
      client_order_id TEXT NOT NULL UNIQUE,
      broker_order_id TEXT,
      broker TEXT NOT NULL,
      symbol TEXT NOT NULL,
      side TEXT NOT NULL,
      quantity INTEGER NOT NULL CHECK (quantity > 0),
      filled_quantity INTEGER NOT NULL DEFAULT 0,
      order_type TEXT NOT NULL CHECK (order_type IN ('market', 'limit', 'stop', 'stop_limit')),
      limit_price REAL,
      stop_price REAL,
      time_in_force TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('entry', 'take_profit', 'stop_loss')),
      tranche INTEGER NOT NULL,
      oco_group TEXT,
      status TEXT NOT NULL CHECK (status IN ('pending_submit', 'submitted', 'partially_filled', 'filled', 'cancelled',
        'rejected', 'expired')),
      status_reason TEXT,
      avg_fill_price REAL,
      due_at INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      submitted_at INTEGER,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX orders_card ON orders (card_id);
    CREATE INDEX orders_status ON orders (status, due_at);

    CREATE TABLE fills (
      id TEXT PRIMARY KEY,
      order_id TEXT NOT NULL REFERENCES orders (id),
      card_id TEXT NOT NULL REFERENCES cards (id),
      broker_fill_id TEXT NOT NULL UNIQUE,
      symbol TEXT NOT NULL,
      side TEXT NOT NULL,
      quantity INTEGER NOT NULL CHECK (quantity > 0),
      price REAL NOT NULL CHECK (price > 0),
      gross_cents INTEGER NOT NULL,
      fee_cents INTEGER NOT NULL,
      t INTEGER NOT NULL,
      source TEXT NOT NULL
    );
    CREATE INDEX fills_card ON fills (card_id);
    CREATE INDEX fills_t ON fills (t);

    CREATE TABLE positions (
      symbol TEXT PRIMARY KEY,
      quantity INTEGER NOT NULL,
      cost_cents INTEGER NOT NULL,
      realized_cents INTEGER NOT NULL DEFAULT 0,
      origin_id TEXT,
      opened_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );

    CREATE TABLE ledger (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      t INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('deposit', 'withdrawal', 'fill', 'fee')),
      amount_cents INTEGER NOT NULL,
      ref TEXT,
      memo TEXT NOT NULL
    );

    CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      t INTEGER NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      entity TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      data_json TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    );
    CREATE INDEX audit_entity ON audit_log (entity, entity_id);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

    CREATE TABLE paper_orders (
      broker_order_id TEXT PRIMARY KEY,
      client_order_id TEXT NOT NULL UNIQUE,
      symbol TEXT NOT NULL,
      side TEXT NOT NULL,
      quantity INTEGER NOT NULL,
      filled_quantity INTEGER NOT NULL DEFAULT 0,
      order_type TEXT NOT NULL,
      limit_price REAL,
      stop_price REAL,
      time_in_force TEXT NOT NULL,
      oco_group TEXT,
      status TEXT NOT NULL,
      reason TEXT,
      avg_fill_price REAL,
      triggered INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX paper_orders_status ON paper_orders (status);

    CREATE TABLE paper_fills (
      broker_fill_id TEXT PRIMARY KEY,
      broker_order_id TEXT NOT NULL REFERENCES paper_orders (broker_order_id),
      client_order_id TEXT NOT NULL,
      symbol TEXT NOT NULL,
      side TEXT NOT NULL,
      quantity INTEGER NOT NULL,
      price REAL NOT NULL,
      fee_cents INTEGER NOT NULL,
      t INTEGER NOT NULL
    );
    CREATE INDEX paper_fills_order ON paper_fills (client_order_id);
  `);
}
