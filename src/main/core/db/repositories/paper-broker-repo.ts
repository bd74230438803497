/**
 * The paper broker's own book (tables paper_orders and paper_fills): the broker side of the wire, kept apart
 * from the engine's orders and fills so that reconciliation after a crash compares two real records.
 *
 * An order is inserted once per client order id (UNIQUE): a second insert of the same id is a no-op, which is
 * what makes submit() idempotent even across restarts. Fees are stored in integer cents.
 */
import type { BrokerOrderType, OrderStatus, Side, TimeInForce } from '../../../../shared/contract';
import type { PackageLeg } from '../../trading/ports';
import type { Db } from '../open-database';

export interface PaperOrder {
  brokerOrderId: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  quantity: number;
  filledQuantity: number;
  orderType: BrokerOrderType;
  limitPrice: number | null;
  stopPrice: number | null;
  timeInForce: TimeInForce;
  ocoGroup: string | null;
  status: OrderStatus;
  reason: string | null;
  avgFillPrice: number | null;
  /** A stop or stop-limit whose stop price was crossed (it now works as a market or limit order). */
  triggered: boolean;
  createdAt: number;
  updatedAt: number;
  /** A multi-leg package (options strategy): quantity counts units, limitPrice is the absolute net per share. */
  legs?: readonly PackageLeg[] | null;
}

export interface PaperFill {
  brokerFillId: string;
  brokerOrderId: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  quantity: number;
  price: number;
  feeCents: number;
  t: number;
  /** For a leg of a package fill: its place in the package and the package's fill. */
  leg?: { leg: number; legs: number; units: number; netPrice: number; multiplier: number } | null;
}

/** Totals of one order's fills so far (the next fill's number and the order-level fee). */
export interface PaperFillTotals {
  count: number;
  quantity: number;
  /** Σ quantity × price, dollars. */
  value: number;
  feeCents: number;
}

export interface PaperBrokerRepo {
  /** Stores a new order; false (and nothing written) when its client order id is already known. */
  insertOrder(order: PaperOrder): boolean;
  byClientId(clientOrderId: string): PaperOrder | null;
  byBrokerId(brokerOrderId: string): PaperOrder | null;
  /** Orders still worked (submitted or partially filled), oldest first. */
  working(): PaperOrder[];
  /** Working orders of one OCO group, oldest first. */
  workingInGroup(ocoGroup: string): PaperOrder[];
  /** Writes the mutable fields (filled quantity, status, reason, average price, triggered, updated at). */
  updateOrder(order: PaperOrder): void;
  insertFill(fill: PaperFill): void;
  /** Fills of one order, oldest first. */
  fills(clientOrderId: string): PaperFill[];
  totals(brokerOrderId: string): PaperFillTotals;
  /** Runs fn in one SQLite transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T;
}

interface OrderRow {
  broker_order_id: string;
  client_order_id: string;
  symbol: string;
  side: string;
  quantity: number;
  filled_quantity: number;
  order_type: string;
  limit_price: number | null;
  stop_price: number | null;
  time_in_force: string;
  oco_group: string | null;
  status: string;
  reason: string | null;
  avg_fill_price: number | null;
  triggered: number;
  created_at: number;
  updated_at: number;
  legs_json: string | null;
}

interface FillRow {
  broker_fill_id: string;
  broker_order_id: string;
  client_order_id: string;
  symbol: string;
  side: string;
  quantity: number;
  price: number;
  fee_cents: number;
  t: number;
  leg_json: string | null;
}

const toOrder = (r: OrderRow): PaperOrder => ({
  brokerOrderId: r.broker_order_id,
  clientOrderId: r.client_order_id,
  symbol: r.symbol,
  side: r.side as Side,
  quantity: r.quantity,
  filledQuantity: r.filled_quantity,
  orderType: r.order_type as BrokerOrderType,
  limitPrice: r.limit_price,
  stopPrice: r.stop_price,
  timeInForce: r.time_in_force as TimeInForce,
  ocoGroup: r.oco_group,
  status: r.status as OrderStatus,
  reason: r.reason,
  avgFillPrice: r.avg_fill_price,
  triggered: r.triggered === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  ...(r.legs_json === null ? {} : { legs: JSON.parse(r.legs_json) as PackageLeg[] }),
});

const toFill = (r: FillRow): PaperFill => ({
  brokerFillId: r.broker_fill_id,
  brokerOrderId: r.broker_order_id,
  clientOrderId: r.client_order_id,
  symbol: r.symbol,
  side: r.side as Side,
  quantity: r.quantity,
  price: r.price,
  feeCents: r.fee_cents,
  t: r.t,
  ...(r.leg_json === null ? {} : { leg: JSON.parse(r.leg_json) as PaperFill['leg'] }),
});

const WORKING = `status IN ('submitted', 'partially_filled')`;

export function createPaperBrokerRepo(db: Db): PaperBrokerRepo {
  const insertOrderStmt = db.prepare(
    `INSERT INTO paper_orders (broker_order_id, client_order_id, symbol, side, quantity, filled_quantity, order_type,
       limit_price, stop_price, time_in_force, oco_group, status, reason, avg_fill_price, triggered, created_at,
       updated_at, legs_json)
     VALUES (@broker_order_id, @client_order_id, @symbol, @side, @quantity, @filled_quantity, @order_type,
       @limit_price, @stop_price, @time_in_force, @oco_group, @status, @reason, @avg_fill_price, @triggered,
       @created_at, @updated_at, @legs_json)
     ON CONFLICT (client_order_id) DO NOTHING`,
  );
  const byClientStmt = db.prepare<[string], OrderRow>('SELECT * FROM paper_orders WHERE client_order_id = ?');
  const byBrokerStmt = db.prepare<[string], OrderRow>('SELECT * FROM paper_orders WHERE broker_order_id = ?');
  const workingStmt = db.prepare<[], OrderRow>(`SELECT * FROM paper_orders WHERE ${WORKING} ORDER BY created_at, rowid`);
  const groupStmt = db.prepare<[string], OrderRow>(
    `SELECT * FROM paper_orders WHERE oco_group = ? AND ${WORKING} ORDER BY created_at, rowid`,
  );
  const updateStmt = db.prepare(
    `UPDATE paper_orders SET filled_quantity = @filled_quantity, status = @status, reason = @reason,
       avg_fill_price = @avg_fill_price, triggered = @triggered, updated_at = @updated_at
     WHERE broker_order_id = @broker_order_id`,
  );
  const insertFillStmt = db.prepare(
    `INSERT INTO paper_fills (broker_fill_id, broker_order_id, client_order_id, symbol, side, quantity, price,
       fee_cents, t, leg_json)
     VALUES (@broker_fill_id, @broker_order_id, @client_order_id, @symbol, @side, @quantity, @price, @fee_cents, @t,
       @leg_json)`,
  );
  const fillsStmt = db.prepare<[string], FillRow>(
    'SELECT * FROM paper_fills WHERE client_order_id = ? ORDER BY t, rowid',
  );
  const totalsStmt = db.prepare<[string], { count: number; quantity: number; value: number; fee_cents: number }>(
    `SELECT COUNT(*) AS count, COALESCE(SUM(quantity), 0) AS quantity, COALESCE(SUM(quantity * price), 0) AS value,
       COALESCE(SUM(fee_cents), 0) AS fee_cents
     FROM paper_fills WHERE broker_order_id = ?`,
  );

  const orderParams = (o: PaperOrder) => ({
    broker_order_id: o.brokerOrderId,
    client_order_id: o.clientOrderId,
    symbol: o.symbol,
    side: o.side,
    quantity: o.quantity,
    filled_quantity: o.filledQuantity,
    order_type: o.orderType,
    limit_price: o.limitPrice,
    stop_price: o.stopPrice,
    time_in_force: o.timeInForce,
    oco_group: o.ocoGroup,
    status: o.status,
    reason: o.reason,
    avg_fill_price: o.avgFillPrice,
    triggered: o.triggered ? 1 : 0,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    legs_json: o.legs ? JSON.stringify(o.legs) : null,
  });

  return {
    insertOrder: (o) => insertOrderStmt.run(orderParams(o)).changes === 1,
    byClientId(id) {
      const row = byClientStmt.get(id);
      return row ? toOrder(row) : null;
    },
    byBrokerId(id) {
      const row = byBrokerStmt.get(id);
      return row ? toOrder(row) : null;
    },
    working: () => workingStmt.all().map(toOrder),
    workingInGroup: (group) => groupStmt.all(group).map(toOrder),
    updateOrder(o) {
      const p = orderParams(o);
      updateStmt.run({
        broker_order_id: p.broker_order_id,
        filled_quantity: p.filled_quantity,
        status: p.status,
        reason: p.reason,
        avg_fill_price: p.avg_fill_price,
        triggered: p.triggered,
        updated_at: p.updated_at,
      });
    },
    insertFill(f) {
      insertFillStmt.run({
        broker_fill_id: f.brokerFillId,
        broker_order_id: f.brokerOrderId,
        client_order_id: f.clientOrderId,
        symbol: f.symbol,
        side: f.side,
        quantity: f.quantity,
        price: f.price,
        fee_cents: f.feeCents,
        t: f.t,
        leg_json: f.leg ? JSON.stringify(f.leg) : null,
      });
    },
    fills: (clientOrderId) => fillsStmt.all(clientOrderId).map(toFill),
    totals(brokerOrderId) {
      const r = totalsStmt.get(brokerOrderId)!;
      return { count: r.count, quantity: r.quantity, value: r.value, feeCents: r.fee_cents };
    },
    transaction: (fn) => db.transaction(fn)(),
  };
}
