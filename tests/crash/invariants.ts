/**
 * What must hold in a Kestrel database at any instant a process may die, read straight from the SQLite file (a
 * read-only connection, opened after the SIGKILL and before the restart). Each check returns human-readable
 * problems; an empty list is a pass. Nothing here asks the engine: the point is to judge what it left on disk.
 */
import Database from 'better-sqlite3';
import { auditHash, GENESIS_HASH } from '../../src/main/core/db/repositories/audit-repo';

type Db = Database.Database;

/** Card statuses a card can only reach through an approval. */
export const APPROVED_OR_LATER = ['approved', 'submitted', 'partially_filled', 'filled', 'failed', 'cancelled', 'expired'] as const;
const SIGN: Record<string, number> = { buy: 1, cover: 1, sell: -1, short: -1 };

export function openReadOnly(path: string): Db {
  return new Database(path, { readonly: true, fileMustExist: true });
}

/** mulberry32: a small seeded PRNG, so a run's kill moments are reproducible from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** (d) SQLite's own structural check. */
export function integrity(db: Db): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  const text = rows.map((r) => r.integrity_check);
  return text.length === 1 && text[0] === 'ok' ? [] : [`integrity_check: ${text.slice(0, 5).join('; ')}`];
}

/** (c) The audit chain, walked independently of the engine: contiguous seq, each prev_hash the previous hash, each hash recomputed. */
export function auditChain(db: Db): { problems: string[]; rows: number } {
  const problems: string[] = [];
  let prev = GENESIS_HASH;
  let expectSeq = 1;
  let rows = 0;
  const it = db.prepare('SELECT seq, t, actor, action, entity, entity_id, data_json, prev_hash, hash FROM audit_log ORDER BY seq').iterate() as IterableIterator<{
    seq: number;
    t: number;
    actor: string;
    action: string;
    entity: string;
    entity_id: string;
    data_json: string;
    prev_hash: string;
    hash: string;
  }>;
  for (const r of it) {
    rows++;
    if (problems.length > 0) continue;
    if (r.seq !== expectSeq) problems.push(`audit: seq ${r.seq} where ${expectSeq} was expected`);
    else if (r.prev_hash !== prev) problems.push(`audit: row ${r.seq} does not chain to row ${r.seq - 1}`);
    else if (auditHash(prev, { seq: r.seq, t: r.t, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, dataJson: r.data_json }) !== r.hash) {
      problems.push(`audit: row ${r.seq} hash does not match its content`);
    }
    prev = r.hash;
    expectSeq = r.seq + 1;
  }
  return { problems, rows };
}

/**
 * (a) No approved card lost: every approval the engine acknowledged, and every card with a 'card.approved' audit
 * entry, is approved or later (never back to pending, blocked or rejected), with its decision and its orders; and
 * no card is past approval without that audit entry.
 */
export function approvals(db: Db, acknowledged: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const status = new Map((db.prepare('SELECT id, status, decided_by, decided_at FROM cards').all() as { id: string; status: string; decided_by: string | null; decided_at: number | null }[]).map((c) => [c.id, c]));
  const audited = new Set((db.prepare("SELECT entity_id FROM audit_log WHERE action = 'card.approved'").all() as { entity_id: string }[]).map((r) => r.entity_id));
  const withOrders = new Set((db.prepare("SELECT DISTINCT card_id FROM orders WHERE role = 'entry'").all() as { card_id: string }[]).map((r) => r.card_id));
  const later = new Set<string>(APPROVED_OR_LATER);
  for (const id of new Set([...acknowledged, ...audited])) {
    const c = status.get(id);
    if (!c) {
      problems.push(`approved card ${id} is missing`);
      continue;
    }
    if (!later.has(c.status)) problems.push(`approved card ${id} is ${c.status}`);
    if (c.decided_by === null || c.decided_at === null) problems.push(`approved card ${id} has no decision recorded`);
    if (!audited.has(id)) problems.push(`approved card ${id} has no card.approved audit entry`);
    if (!withOrders.has(id)) problems.push(`approved card ${id} has no entry order`);
  }
  for (const c of status.values()) {
    if (later.has(c.status) && !audited.has(c.id)) problems.push(`card ${c.id} is ${c.status} without a card.approved audit entry`);
  }
  for (const id of withOrders) if (!audited.has(id)) problems.push(`card ${id} has orders but was never approved`);
  return problems;
}

/** (b) No duplicate orders, on either side of the wire, and never more filled than ordered. */
export function orders(db: Db): string[] {
  const problems: string[] = [];
  const q = <T>(sql: string): T[] => db.prepare(sql).all() as T[];
  for (const r of q<{ client_order_id: string; n: number }>('SELECT client_order_id, COUNT(*) AS n FROM orders GROUP BY client_order_id HAVING n > 1')) {
    problems.push(`${r.n} engine orders share client order id ${r.client_order_id}`);
  }
  for (const r of q<{ card_id: string; role: string; tranche: number; n: number }>('SELECT card_id, role, tranche, COUNT(*) AS n FROM orders GROUP BY card_id, role, tranche HAVING n > 1')) {
    problems.push(`card ${r.card_id} has ${r.n} ${r.role} orders for tranche ${r.tranche}`);
  }
  for (const r of q<{ id: string; client_order_id: string }>("SELECT id, client_order_id FROM orders WHERE role = 'entry' AND client_order_id <> card_id || '-t' || tranche")) {
    problems.push(`order ${r.id}: client order id ${r.client_order_id} is not derived from its card`);
  }
  for (const r of q<{ client_order_id: string; n: number }>('SELECT client_order_id, COUNT(*) AS n FROM paper_orders GROUP BY client_order_id HAVING n > 1')) {
    problems.push(`${r.n} broker orders share client order id ${r.client_order_id}`);
  }
  for (const r of q<{ client_order_id: string }>('SELECT p.client_order_id FROM paper_orders p LEFT JOIN orders o ON o.client_order_id = p.client_order_id WHERE o.id IS NULL')) {
    problems.push(`the broker holds ${r.client_order_id}, which the engine never created`);
  }
  for (const r of q<{ client_order_id: string; quantity: number; filled: number }>(
    'SELECT p.client_order_id, p.quantity, SUM(f.quantity) AS filled FROM paper_orders p JOIN paper_fills f ON f.broker_order_id = p.broker_order_id GROUP BY p.broker_order_id HAVING filled > p.quantity',
  )) {
    problems.push(`broker order ${r.client_order_id}: ${r.filled} filled of ${r.quantity}`);
  }
  for (const r of q<{ id: string; quantity: number; filled_quantity: number; sum: number | null }>(
    'SELECT o.id, o.quantity, o.filled_quantity, (SELECT SUM(quantity) FROM fills f WHERE f.order_id = o.id) AS sum FROM orders o',
  )) {
    const sum = r.sum ?? 0;
    if (sum > r.quantity) problems.push(`order ${r.id}: fills total ${sum} > quantity ${r.quantity}`);
    if (sum !== r.filled_quantity) problems.push(`order ${r.id}: filled_quantity ${r.filled_quantity} but fills total ${sum}`);
  }
  // Every engine fill is one the broker made, with the same numbers.
  for (const r of q<{ id: string; bq: number | null; quantity: number; price: number; bp: number | null; fee_cents: number; bfee: number | null; client_order_id: string; bcid: string | null }>(
    `SELECT f.id, f.quantity, f.price, f.fee_cents, o.client_order_id, p.quantity AS bq, p.price AS bp, p.fee_cents AS bfee, p.client_order_id AS bcid
       FROM fills f JOIN orders o ON o.id = f.order_id LEFT JOIN paper_fills p ON p.broker_fill_id = f.broker_fill_id`,
  )) {
    if (r.bq === null) problems.push(`fill ${r.id} has no broker fill`);
    else if (r.bq !== r.quantity || r.bp !== r.price || r.bfee !== r.fee_cents || r.bcid !== r.client_order_id) problems.push(`fill ${r.id} differs from the broker's`);
  }
  // A card's filled quantity is its entry orders' (derived in the same transaction as every fill).
  for (const r of q<{ id: string; filled_quantity: number; sum: number | null }>(
    "SELECT c.id, c.filled_quantity, (SELECT SUM(filled_quantity) FROM orders o WHERE o.card_id = c.id AND o.role = 'entry') AS sum FROM cards c",
  )) {
    if ((r.sum ?? 0) !== r.filled_quantity) problems.push(`card ${r.id}: filled_quantity ${r.filled_quantity} but its orders ${r.sum ?? 0}`);
  }
  return problems;
}

/**
 * (e) Positions are the sum of the recorded fills per symbol; the cash ledger is the opening deposit plus every
 * fill's cash flow less its fee, one ledger row each; every fill is in the audit log.
 */
export function books(db: Db, openingCents: number): string[] {
  const problems: string[] = [];
  const fills = db.prepare('SELECT id, symbol, side, quantity, price, gross_cents, fee_cents FROM fills').all() as {
    id: string;
    symbol: string;
    side: string;
    quantity: number;
    price: number;
    gross_cents: number;
    fee_cents: number;
  }[];
  const qty = new Map<string, number>();
  const flow = new Map<string, number>();
  const flips = new Map<string, number>();
  let cashFlow = 0;
  let fees = 0;
  for (const f of fills) {
    const sign = SIGN[f.side]!;
    const gross = Math.round(f.quantity * f.price * 100);
    if (gross !== f.gross_cents) problems.push(`fill ${f.id}: gross ${f.gross_cents} ¢, ${f.quantity} × ${f.price} is ${gross} ¢`);
    const before = qty.get(f.symbol) ?? 0;
    const after = before + sign * f.quantity;
    if (before !== 0 && Math.sign(after) !== Math.sign(before) && after !== 0) flips.set(f.symbol, (flips.get(f.symbol) ?? 0) + 1);
    qty.set(f.symbol, after);
    flow.set(f.symbol, (flow.get(f.symbol) ?? 0) - sign * gross);
    cashFlow -= sign * gross;
    fees += f.fee_cents;
  }
  const positions = db.prepare('SELECT symbol, quantity, cost_cents, realized_cents FROM positions').all() as { symbol: string; quantity: number; cost_cents: number; realized_cents: number }[];
  const seen = new Set<string>();
  for (const p of positions) {
    seen.add(p.symbol);
    const expected = qty.get(p.symbol) ?? 0;
    if (p.quantity !== expected) problems.push(`position ${p.symbol}: ${p.quantity} shares, fills sum to ${expected}`);
    // Cost basis less realised P&L is what the trades paid out (a flip through zero may round one cent).
    const paid = -(flow.get(p.symbol) ?? 0);
    if (Math.abs(p.cost_cents - p.realized_cents - paid) > (flips.get(p.symbol) ?? 0)) {
      problems.push(`position ${p.symbol}: cost ${p.cost_cents} ¢ − realised ${p.realized_cents} ¢ ≠ ${paid} ¢ paid for its fills`);
    }
  }
  for (const [symbol, n] of qty) if (n !== 0 && !seen.has(symbol)) problems.push(`fills hold ${n} ${symbol} but there is no position`);

  const ledger = db.prepare('SELECT kind, amount_cents, ref FROM ledger').all() as { kind: string; amount_cents: number; ref: string | null }[];
  const deposits = ledger.filter((l) => l.kind === 'deposit');
  if (deposits.length !== 1 || deposits[0]!.amount_cents !== openingCents) problems.push(`ledger: ${deposits.length} deposits (${deposits.map((d) => d.amount_cents).join(', ')} ¢), expected one of ${openingCents} ¢`);
  const byRef = new Map<string, { fill: number; fee: number; fillRows: number; feeRows: number }>();
  for (const l of ledger) {
    if (l.kind !== 'fill' && l.kind !== 'fee') continue;
    const e = byRef.get(l.ref ?? '') ?? { fill: 0, fee: 0, fillRows: 0, feeRows: 0 };
    if (l.kind === 'fill') {
      e.fill += l.amount_cents;
      e.fillRows++;
    } else {
      e.fee += l.amount_cents;
      e.feeRows++;
    }
    byRef.set(l.ref ?? '', e);
  }
  const fillIds = new Set(fills.map((f) => f.id));
  for (const ref of byRef.keys()) if (!fillIds.has(ref)) problems.push(`ledger rows for ${ref}, which is no recorded fill`);
  for (const f of fills) {
    const e = byRef.get(f.id);
    const cash = -SIGN[f.side]! * Math.round(f.quantity * f.price * 100);
    if (!e || e.fillRows !== 1 || e.fill !== cash) problems.push(`fill ${f.id}: ledger ${e?.fill ?? 'none'} ¢ in ${e?.fillRows ?? 0} rows, expected ${cash} ¢ in one`);
    else if (e.feeRows !== (f.fee_cents > 0 ? 1 : 0) || e.fee !== -f.fee_cents) problems.push(`fill ${f.id}: fee rows ${e.fee} ¢, expected ${-f.fee_cents} ¢`);
  }
  const cash = ledger.reduce((s, l) => s + l.amount_cents, 0);
  if (cash !== openingCents + cashFlow - fees) problems.push(`cash ${cash} ¢ ≠ deposit ${openingCents} ¢ + fills ${cashFlow} ¢ − fees ${fees} ¢`);

  const auditedFills = new Set((db.prepare("SELECT entity_id FROM audit_log WHERE action = 'fill.recorded'").all() as { entity_id: string }[]).map((r) => r.entity_id));
  for (const f of fills) if (!auditedFills.has(f.id)) problems.push(`fill ${f.id} is not in the audit log`);
  const auditedOrders = new Set((db.prepare("SELECT entity_id FROM audit_log WHERE action = 'order.created'").all() as { entity_id: string }[]).map((r) => r.entity_id));
  for (const r of db.prepare('SELECT id FROM orders').all() as { id: string }[]) if (!auditedOrders.has(r.id)) problems.push(`order ${r.id} has no order.created audit entry`);
  return problems;
}

/** What one inspection saw, for the next to compare with: nothing recorded may vanish or move backwards. */
export interface Snapshot {
  fills: Set<string>;
  orders: Map<string, { rank: number; status: string; filled: number }>;
  approved: Set<string>;
}

const ORDER_RANK: Record<string, number> = { pending_submit: 0, submitted: 1, partially_filled: 2, filled: 3, cancelled: 3, rejected: 3, expired: 3 };

export function snapshot(db: Db): Snapshot {
  const fills = new Set((db.prepare('SELECT id FROM fills').all() as { id: string }[]).map((r) => r.id));
  const orders = new Map(
    (db.prepare('SELECT id, status, filled_quantity FROM orders').all() as { id: string; status: string; filled_quantity: number }[]).map((o) => [
      o.id,
      { rank: ORDER_RANK[o.status] ?? -1, status: o.status, filled: o.filled_quantity },
    ]),
  );
  const later = APPROVED_OR_LATER.map((s) => `'${s}'`).join(', ');
  const approved = new Set((db.prepare(`SELECT id FROM cards WHERE status IN (${later})`).all() as { id: string }[]).map((r) => r.id));
  return { fills, orders, approved };
}

/** Between two inspections (a kill, a restart, a reconciliation, more trading): fills stay, orders only move forward. */
export function progress(before: Snapshot, after: Snapshot): string[] {
  const problems: string[] = [];
  for (const id of before.fills) if (!after.fills.has(id)) problems.push(`fill ${id} vanished`);
  for (const [id, o] of before.orders) {
    const now = after.orders.get(id);
    if (!now) problems.push(`order ${id} vanished`);
    else if (now.rank < o.rank || (o.rank === 3 && now.status !== o.status)) problems.push(`order ${id} went from ${o.status} back to ${now.status}`);
    else if (now.filled < o.filled) problems.push(`order ${id} went from ${o.filled} filled back to ${now.filled}`);
  }
  for (const id of before.approved) if (!after.approved.has(id)) problems.push(`card ${id} is no longer approved or later`);
  return problems;
}

/** Every check that must hold at any instant. */
export function everywhere(db: Db, acknowledged: ReadonlySet<string>, openingCents: number): string[] {
  return [...integrity(db), ...auditChain(db).problems, ...approvals(db, acknowledged), ...orders(db), ...books(db, openingCents)];
}

/**
 * (f) After a clean run that reconciled: nothing due is still waiting for submission (unless halted), every broker
 * fill is recorded, and the engine's orders agree with the broker's book.
 */
export function settled(db: Db, now: number, halted: boolean): string[] {
  const problems: string[] = [];
  if (!halted) {
    for (const r of db.prepare("SELECT id, due_at FROM orders WHERE status = 'pending_submit' AND due_at <= ?").all(now) as { id: string; due_at: number }[]) {
      problems.push(`order ${r.id} was due at ${new Date(r.due_at).toISOString()} and is still pending submission`);
    }
    for (const r of db.prepare("SELECT c.id FROM cards c WHERE c.status = 'approved' AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.card_id = c.id AND o.status = 'pending_submit')").all() as { id: string }[]) {
      problems.push(`card ${r.id} is still 'approved' though none of its orders waits`);
    }
  }
  for (const r of db.prepare('SELECT p.broker_fill_id FROM paper_fills p LEFT JOIN fills f ON f.broker_fill_id = p.broker_fill_id WHERE f.id IS NULL').all() as { broker_fill_id: string }[]) {
    problems.push(`broker fill ${r.broker_fill_id} was never recorded by the engine`);
  }
  for (const r of db
    .prepare(
      `SELECT o.id, o.status, o.filled_quantity, p.status AS bstatus, p.filled_quantity AS bfilled
         FROM orders o JOIN paper_orders p ON p.client_order_id = o.client_order_id
        WHERE o.filled_quantity <> p.filled_quantity OR (p.status IN ('filled', 'cancelled', 'rejected', 'expired') AND o.status <> p.status)`,
    )
    .all() as { id: string; status: string; filled_quantity: number; bstatus: string; bfilled: number }[]) {
    problems.push(`order ${r.id}: engine ${r.status} ${r.filled_quantity} filled, broker ${r.bstatus} ${r.bfilled}`);
  }
  for (const r of db.prepare("SELECT o.id, o.status FROM orders o LEFT JOIN paper_orders p ON p.client_order_id = o.client_order_id WHERE p.client_order_id IS NULL AND o.status NOT IN ('pending_submit', 'expired', 'cancelled', 'rejected')").all() as { id: string; status: string }[]) {
    problems.push(`order ${r.id} is ${r.status} but the broker never received it`);
  }
  return problems;
}
