/**
 * The crash test's judge must itself be able to fail: a small consistent book (one approved card, its order at the
 * engine and at the broker, one fill, the ledger and the audit chain) passes, and each kind of damage a crash
 * could do is named.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../../src/main/core/db';
import { createAuditRepo } from '../../src/main/core/db/repositories/audit-repo';
import { approvals, auditChain, books, everywhere, integrity, orders, progress, settled, snapshot } from './invariants';

const OPENING = 10_000_000;
const T = Date.parse('2026-11-20T10:00:00-05:00');

function seed(db: Db): void {
  const audit = createAuditRepo(db);
  const tx = db.transaction(() => {
    db.prepare("INSERT INTO ledger (t, kind, amount_cents, ref, memo) VALUES (?, 'deposit', ?, NULL, 'open')").run(T, OPENING);
    audit.append({ t: T, actor: 'engine', action: 'ledger.deposit', entity: 'ledger', entityId: 'cash', data: { amountCents: OPENING } });
    db.prepare(
      `INSERT INTO cards (id, symbol, side, quantity, order_type, time_in_force, thesis_json, origin, playbook, status, created_at, expires_at,
         updated_at, decided_by, decided_at, filled_quantity, avg_fill_price, guardrails_json, stages_json, version)
       VALUES ('C-1', 'ACME', 'buy', 10, 'market', 'day', '{}', 'manual', 'catalyst_swing', 'filled', ?, ?, ?, 'ws#1 approvals', ?, 10, 20.5, '{}', '{}', 3)`,
    ).run(T, T + 3_600_000, T, T);
    audit.append({ t: T, actor: 'ws#1 approvals', action: 'card.approved', entity: 'card', entityId: 'C-1', data: {} });
    db.prepare(
      `INSERT INTO orders (id, card_id, client_order_id, broker_order_id, broker, symbol, side, quantity, filled_quantity, order_type, time_in_force,
         role, tranche, status, avg_fill_price, due_at, created_at, submitted_at, updated_at)
       VALUES ('C-1-t1', 'C-1', 'C-1-t1', 'P1', 'paper', 'ACME', 'buy', 10, 10, 'market', 'day', 'entry', 1, 'filled', 20.5, ?, ?, ?, ?)`,
    ).run(T, T, T, T);
    audit.append({ t: T, actor: 'ws#1 approvals', action: 'order.created', entity: 'order', entityId: 'C-1-t1', data: {} });
    db.prepare(
      `INSERT INTO paper_orders (broker_order_id, client_order_id, symbol, side, quantity, filled_quantity, order_type, time_in_force, status, avg_fill_price, created_at, updated_at)
       VALUES ('P1', 'C-1-t1', 'ACME', 'buy', 10, 10, 'market', 'day', 'filled', 20.5, ?, ?)`,
    ).run(T, T);
    db.prepare("INSERT INTO paper_fills (broker_fill_id, broker_order_id, client_order_id, symbol, side, quantity, price, fee_cents, t) VALUES ('P1-1', 'P1', 'C-1-t1', 'ACME', 'buy', 10, 20.5, 100, ?)").run(T);
    db.prepare(
      "INSERT INTO fills (id, order_id, card_id, broker_fill_id, symbol, side, quantity, price, gross_cents, fee_cents, t, source) VALUES ('F-P1-1', 'C-1-t1', 'C-1', 'P1-1', 'ACME', 'buy', 10, 20.5, 20500, 100, ?, 'broker:paper')",
    ).run(T);
    db.prepare("INSERT INTO positions (symbol, quantity, cost_cents, realized_cents, opened_at, updated_at) VALUES ('ACME', 10, 20500, 0, ?, ?)").run(T, T);
    db.prepare("INSERT INTO ledger (t, kind, amount_cents, ref, memo) VALUES (?, 'fill', -20500, 'F-P1-1', 'buy')").run(T);
    db.prepare("INSERT INTO ledger (t, kind, amount_cents, ref, memo) VALUES (?, 'fee', -100, 'F-P1-1', 'fee')").run(T);
    audit.append({ t: T, actor: 'broker:paper', action: 'fill.recorded', entity: 'fill', entityId: 'F-P1-1', data: {} });
  });
  tx();
}

describe('crash invariants', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase({ path: ':memory:' });
    migrate(db, null);
    seed(db);
  });

  it('pass on a consistent book', () => {
    expect(integrity(db)).toEqual([]);
    expect(auditChain(db)).toEqual({ problems: [], rows: 4 });
    expect(everywhere(db, new Set(['C-1']), OPENING)).toEqual([]);
    expect(settled(db, T, false)).toEqual([]);
  });

  it('name an acknowledged approval that went back to pending, or that never reached the disk', () => {
    db.prepare("UPDATE cards SET status = 'pending' WHERE id = 'C-1'").run();
    expect(approvals(db, new Set(['C-1']))).toContain('approved card C-1 is pending');
    expect(approvals(db, new Set(['C-2']))).toContain('approved card C-2 is missing');
  });

  it('name a broker order the engine never created, and overfills', () => {
    db.prepare("INSERT INTO paper_orders (broker_order_id, client_order_id, symbol, side, quantity, order_type, time_in_force, status, created_at, updated_at) VALUES ('P2', 'C-9-t1', 'ACME', 'buy', 5, 'market', 'day', 'submitted', 0, 0)").run();
    db.prepare("INSERT INTO paper_fills (broker_fill_id, broker_order_id, client_order_id, symbol, side, quantity, price, fee_cents, t) VALUES ('P1-2', 'P1', 'C-1-t1', 'ACME', 'buy', 5, 20.5, 0, 0)").run();
    const problems = orders(db);
    expect(problems).toContain('the broker holds C-9-t1, which the engine never created');
    expect(problems).toContain('broker order C-1-t1: 15 filled of 10');
    expect(settled(db, T, false)).toContain('broker fill P1-2 was never recorded by the engine');
  });

  it('name a position or a cash balance that the fills do not explain', () => {
    db.prepare("UPDATE positions SET quantity = 20 WHERE symbol = 'ACME'").run();
    db.prepare("DELETE FROM ledger WHERE kind = 'fee'").run();
    const problems = books(db, OPENING);
    expect(problems).toContain('position ACME: 20 shares, fills sum to 10');
    expect(problems.some((p) => p.startsWith('fill F-P1-1: fee rows'))).toBe(true);
    expect(problems.some((p) => p.startsWith('cash '))).toBe(true);
  });

  it('name an order still waiting after a clean run, and a broken audit chain', () => {
    db.prepare("UPDATE orders SET status = 'pending_submit', filled_quantity = 0 WHERE id = 'C-1-t1'").run();
    expect(settled(db, T, false)).toContain(`order C-1-t1 was due at ${new Date(T).toISOString()} and is still pending submission`);
    expect(settled(db, T, true).some((p) => p.includes('still pending submission'))).toBe(false);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2").run();
    expect(auditChain(db).problems).toEqual(['audit: row 2 hash does not match its content']);
  });

  it('name what vanished or moved backwards between two inspections', () => {
    const before = snapshot(db);
    expect(progress(before, snapshot(db))).toEqual([]);
    db.prepare("UPDATE orders SET status = 'submitted', filled_quantity = 4 WHERE id = 'C-1-t1'").run();
    db.prepare("UPDATE cards SET status = 'blocked' WHERE id = 'C-1'").run();
    db.prepare("DELETE FROM ledger WHERE ref = 'F-P1-1'").run();
    db.prepare("DELETE FROM fills WHERE id = 'F-P1-1'").run();
    expect(progress(before, snapshot(db))).toEqual(['fill F-P1-1 vanished', 'order C-1-t1 went from filled back to submitted', 'card C-1 is no longer approved or later']);
  });
});
