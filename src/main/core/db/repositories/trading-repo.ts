/**
 * The desk's records: trade cards and their guardrail evaluations (tables cards, guardrail_evaluations), the
 * engine's orders and fills, positions with their cost basis, and the cash ledger. Money is integer cents in
 * SQLite and dollars in the domain types; conversion happens here and nowhere else.
 */
import type {
  CardStages,
  CardStatus,
  CardStrategy,
  Fill,
  GuardrailResult,
  Order,
  OrderStatus,
  Side,
  Thesis,
  TradeCard,
} from '../../../../shared/contract/trading-schemas';
import type { Db } from '../open-database';

/** A card as stored, without the instrument's name and sector (the service joins those). */
export type StoredCard = Omit<TradeCard, 'name' | 'sector'>;

export interface StoredPosition {
  symbol: string;
  quantity: number;
  /** Shares per unit: 1 for stock, 100 for an option contract. */
  multiplier: number;
  /** Signed cost basis in cents (negative for a short). */
  costCents: number;
  realizedCents: number;
  originId: string | null;
  openedAt: number;
  updatedAt: number;
}

interface CardRow {
  id: string;
  symbol: string;
  side: string;
  quantity: number;
  notional_cents: number | null;
  order_type: string;
  limit_price: number | null;
  stop_price: number | null;
  take_profit_price: number | null;
  stop_loss_price: number | null;
  time_in_force: string;
  thesis_json: string;
  origin: string;
  origin_id: string | null;
  playbook: string;
  status: string;
  status_reason: string | null;
  created_at: number;
  expires_at: number;
  updated_at: number;
  decided_by: string | null;
  decided_at: number | null;
  price_at_creation: number | null;
  filled_quantity: number;
  avg_fill_price: number | null;
  guardrails_json: string;
  stages_json: string;
  version: number;
  strategy_json: string | null;
}

interface OrderRow {
  id: string;
  card_id: string;
  client_order_id: string;
  broker_order_id: string | null;
  broker: string;
  symbol: string;
  side: string;
  quantity: number;
  filled_quantity: number;
  order_type: string;
  limit_price: number | null;
  stop_price: number | null;
  time_in_force: string;
  role: string;
  tranche: number;
  oco_group: string | null;
  status: string;
  status_reason: string | null;
  avg_fill_price: number | null;
  due_at: number;
  created_at: number;
  submitted_at: number | null;
  updated_at: number;
  legs_json: string | null;
}

interface FillRow {
  id: string;
  order_id: string;
  card_id: string;
  broker_fill_id: string;
  symbol: string;
  side: string;
  quantity: number;
  price: number;
  gross_cents: number;
  fee_cents: number;
  t: number;
  source: string;
}

interface PositionRow {
  symbol: string;
  quantity: number;
  multiplier: number;
  cost_cents: number;
  realized_cents: number;
  origin_id: string | null;
  opened_at: number;
  updated_at: number;
}

export const toCents = (dollars: number): number => Math.round(dollars * 100);
export const toDollars = (cents: number): number => cents / 100;

function toCard(r: CardRow): StoredCard {
  return {
    id: r.id,
    symbol: r.symbol,
    side: r.side as Side,
    quantity: r.quantity,
    notional: r.notional_cents === null ? null : toDollars(r.notional_cents),
    orderType: r.order_type as TradeCard['orderType'],
    limitPrice: r.limit_price,
    stopPrice: r.stop_price,
    takeProfitPrice: r.take_profit_price,
    stopLossPrice: r.stop_loss_price,
    timeInForce: r.time_in_force as TradeCard['timeInForce'],
    thesis: JSON.parse(r.thesis_json) as Thesis,
    origin: r.origin as TradeCard['origin'],
    originId: r.origin_id,
    playbook: r.playbook,
    status: r.status as CardStatus,
    statusReason: r.status_reason,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    updatedAt: r.updated_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    priceAtCreation: r.price_at_creation,
    filledQuantity: r.filled_quantity,
    avgFillPrice: r.avg_fill_price,
    guardrails: JSON.parse(r.guardrails_json) as GuardrailResult,
    stages: JSON.parse(r.stages_json) as CardStages,
    version: r.version,
    strategy: r.strategy_json === null ? null : (JSON.parse(r.strategy_json) as CardStrategy),
  };
}

function toOrder(r: OrderRow): Order & { ocoGroup: string | null } {
  return {
    id: r.id,
    cardId: r.card_id,
    clientOrderId: r.client_order_id,
    brokerOrderId: r.broker_order_id,
    broker: r.broker,
    symbol: r.symbol,
    side: r.side as Side,
    quantity: r.quantity,
    filledQuantity: r.filled_quantity,
    orderType: r.order_type as Order['orderType'],
    limitPrice: r.limit_price,
    stopPrice: r.stop_price,
    timeInForce: r.time_in_force as Order['timeInForce'],
    role: r.role as Order['role'],
    tranche: r.tranche,
    status: r.status as OrderStatus,
    statusReason: r.status_reason,
    avgFillPrice: r.avg_fill_price,
    dueAt: r.due_at,
    createdAt: r.created_at,
    submittedAt: r.submitted_at,
    updatedAt: r.updated_at,
    ocoGroup: r.oco_group,
    legs: r.legs_json === null ? null : (JSON.parse(r.legs_json) as Order['legs']),
  };
}

export type StoredOrder = ReturnType<typeof toOrder>;

function toFill(r: FillRow): Fill {
  return {
    id: r.id,
    orderId: r.order_id,
    cardId: r.card_id,
    brokerFillId: r.broker_fill_id,
    symbol: r.symbol,
    side: r.side as Side,
    quantity: r.quantity,
    price: r.price,
    fee: toDollars(r.fee_cents),
    t: r.t,
    source: r.source,
  };
}

function toPosition(r: PositionRow): StoredPosition {
  return {
    symbol: r.symbol,
    quantity: r.quantity,
    multiplier: r.multiplier,
    costCents: r.cost_cents,
    realizedCents: r.realized_cents,
    originId: r.origin_id,
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
  };
}

export interface TradingRepo {
  /** `segment` tags the card (and through it its fills) with a market segment; null: none. */
  insertCard(card: StoredCard, segment?: string | null): void;
  getCard(id: string): StoredCard | null;
  listCards(q: { statuses?: readonly CardStatus[] | undefined; symbol?: string | undefined; origin?: string | undefined; offset: number; limit: number }): { total: number; cards: StoredCard[] };
  /** Writes the card's mutable fields when its version is still `expectedVersion`; false when someone else won. */
  updateCard(card: StoredCard, expectedVersion: number): boolean;
  /** Pending or blocked cards whose time ran out. */
  dueForExpiry(now: number): string[];
  countCards(statuses: readonly CardStatus[]): number;
  cardsCreatedBetween(from: number, to: number): StoredCard[];

  insertEvaluation(cardId: string, result: GuardrailResult): void;
  evaluations(cardId: string): GuardrailResult[];

  insertOrder(order: StoredOrder): void;
  getOrder(id: string): StoredOrder | null;
  orderByClientId(clientOrderId: string): StoredOrder | null;
  updateOrder(order: StoredOrder): void;
  listOrders(q: { cardId?: string | undefined; statuses?: readonly OrderStatus[] | undefined; limit: number }): StoredOrder[];
  ordersOfCard(cardId: string): StoredOrder[];
  /** Orders not yet finished (pending_submit, submitted, partially_filled). */
  liveOrders(): StoredOrder[];

  /** Records a fill; false when its broker fill id was recorded before. */
  insertFill(fill: Fill, grossCents: number, multiplier?: number): boolean;
  listFills(q: { cardId?: string | undefined; symbol?: string | undefined; limit: number }): Fill[];

  position(symbol: string): StoredPosition | null;
  positions(): StoredPosition[];
  upsertPosition(p: StoredPosition): void;

  addLedger(entry: { t: number; kind: 'deposit' | 'withdrawal' | 'fill' | 'fee'; amountCents: number; ref: string | null; memo: string }): void;
  cashCents(): number;
  ledgerEntries(): number;
}

export function createTradingRepo(db: Db): TradingRepo {
  const insertCardStmt = db.prepare(`INSERT INTO cards (id, symbol, side, quantity, notional_cents, order_type, limit_price,
    stop_price, take_profit_price, stop_loss_price, time_in_force, thesis_json, origin, origin_id, playbook, status,
    status_reason, created_at, expires_at, updated_at, decided_by, decided_at, price_at_creation, filled_quantity,
    avg_fill_price, guardrails_json, stages_json, version, strategy_json, segment)
    VALUES (@id, @symbol, @side, @quantity, @notional_cents, @order_type, @limit_price, @stop_price, @take_profit_price,
    @stop_loss_price, @time_in_force, @thesis_json, @origin, @origin_id, @playbook, @status, @status_reason, @created_at,
    @expires_at, @updated_at, @decided_by, @decided_at, @price_at_creation, @filled_quantity, @avg_fill_price,
    @guardrails_json, @stages_json, @version, @strategy_json, @segment)`);
  const updateCardStmt = db.prepare(`UPDATE cards SET quantity = @quantity, limit_price = @limit_price,
    stop_price = @stop_price, take_profit_price = @take_profit_price, stop_loss_price = @stop_loss_price,
    time_in_force = @time_in_force, status = @status, status_reason = @status_reason, updated_at = @updated_at,
    decided_by = @decided_by, decided_at = @decided_at, filled_quantity = @filled_quantity,
    avg_fill_price = @avg_fill_price, guardrails_json = @guardrails_json, stages_json = @stages_json,
    version = @version WHERE id = @id AND version = @expected_version`);
  const getCardStmt = db.prepare<[string], CardRow>('SELECT * FROM cards WHERE id = ?');
  const dueStmt = db.prepare<[number], { id: string }>(
    "SELECT id FROM cards WHERE status IN ('pending', 'blocked') AND expires_at <= ? ORDER BY expires_at",
  );
  const createdStmt = db.prepare<[number, number], CardRow>('SELECT * FROM cards WHERE created_at >= ? AND created_at <= ?');
  const insertEvalStmt = db.prepare('INSERT INTO guardrail_evaluations (card_id, phase, t, passed, result_json) VALUES (?, ?, ?, ?, ?)');
  const evalsStmt = db.prepare<[string], { result_json: string }>('SELECT result_json FROM guardrail_evaluations WHERE card_id = ? ORDER BY id');

  const insertOrderStmt = db.prepare(`INSERT INTO orders (id, card_id, client_order_id, broker_order_id, broker, symbol, side,
    quantity, filled_quantity, order_type, limit_price, stop_price, time_in_force, role, tranche, oco_group, status,
    status_reason, avg_fill_price, due_at, created_at, submitted_at, updated_at, legs_json)
    VALUES (@id, @cardId, @clientOrderId, @brokerOrderId, @broker, @symbol, @side, @quantity, @filledQuantity, @orderType,
    @limitPrice, @stopPrice, @timeInForce, @role, @tranche, @ocoGroup, @status, @statusReason, @avgFillPrice, @dueAt,
    @createdAt, @submittedAt, @updatedAt, @legsJson)`);
  const updateOrderStmt = db.prepare(`UPDATE orders SET broker_order_id = @brokerOrderId, filled_quantity = @filledQuantity,
    status = @status, status_reason = @statusReason, avg_fill_price = @avgFillPrice, submitted_at = @submittedAt,
    updated_at = @updatedAt WHERE id = @id`);
  const getOrderStmt = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE id = ?');
  const byClientStmt = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE client_order_id = ?');
  const ofCardStmt = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE card_id = ? ORDER BY created_at, tranche, role');
  const liveStmt = db.prepare<[], OrderRow>(
    "SELECT * FROM orders WHERE status IN ('pending_submit', 'submitted', 'partially_filled') ORDER BY due_at, id",
  );

  const insertFillStmt = db.prepare(`INSERT INTO fills (id, order_id, card_id, broker_fill_id, symbol, side, quantity, price,
    gross_cents, fee_cents, t, source, multiplier) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (broker_fill_id) DO NOTHING`);

  const positionStmt = db.prepare<[string], PositionRow>('SELECT * FROM positions WHERE symbol = ?');
  const positionsStmt = db.prepare<[], PositionRow>('SELECT * FROM positions ORDER BY symbol');
  const upsertPositionStmt = db.prepare(`INSERT INTO positions (symbol, quantity, cost_cents, realized_cents, origin_id, opened_at,
    updated_at, multiplier) VALUES (@symbol, @quantity, @costCents, @realizedCents, @originId, @openedAt, @updatedAt, @multiplier)
    ON CONFLICT (symbol) DO UPDATE SET quantity = excluded.quantity, cost_cents = excluded.cost_cents,
    realized_cents = excluded.realized_cents, origin_id = excluded.origin_id, opened_at = excluded.opened_at,
    updated_at = excluded.updated_at`);

  const ledgerStmt = db.prepare('INSERT INTO ledger (t, kind, amount_cents, ref, memo) VALUES (?, ?, ?, ?, ?)');
  const cashStmt = db.prepare<[], { cents: number | null }>('SELECT SUM(amount_cents) AS cents FROM ledger');
  const ledgerCountStmt = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM ledger');

  function cardParams(c: StoredCard): Record<string, unknown> {
    return {
      id: c.id,
      symbol: c.symbol,
      side: c.side,
      quantity: c.quantity,
      notional_cents: c.notional === null ? null : toCents(c.notional),
      order_type: c.orderType,
      limit_price: c.limitPrice,
      stop_price: c.stopPrice,
      take_profit_price: c.takeProfitPrice,
      stop_loss_price: c.stopLossPrice,
      time_in_force: c.timeInForce,
      thesis_json: JSON.stringify(c.thesis),
      origin: c.origin,
      origin_id: c.originId,
      playbook: c.playbook,
      status: c.status,
      status_reason: c.statusReason,
      created_at: c.createdAt,
      expires_at: c.expiresAt,
      updated_at: c.updatedAt,
      decided_by: c.decidedBy,
      decided_at: c.decidedAt,
      price_at_creation: c.priceAtCreation,
      filled_quantity: c.filledQuantity,
      avg_fill_price: c.avgFillPrice,
      guardrails_json: JSON.stringify(c.guardrails),
      stages_json: JSON.stringify(c.stages),
      version: c.version,
      strategy_json: c.strategy === null ? null : JSON.stringify(c.strategy),
    };
  }

  function statusFilter(statuses: readonly string[] | undefined, column = 'status'): { sql: string; args: string[] } {
    if (!statuses || statuses.length === 0) return { sql: '', args: [] };
    return { sql: `${column} IN (${statuses.map(() => '?').join(', ')})`, args: [...statuses] };
  }

  return {
    insertCard(card, segment = null) {
      insertCardStmt.run({ ...cardParams(card), segment });
    },
    getCard(id) {
      const row = getCardStmt.get(id);
      return row ? toCard(row) : null;
    },
    listCards(q) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      const s = statusFilter(q.statuses);
      if (s.sql) {
        where.push(s.sql);
        args.push(...s.args);
      }
      if (q.symbol !== undefined) {
        where.push('symbol = ?');
        args.push(q.symbol.toUpperCase());
      }
      if (q.origin !== undefined) {
        where.push('origin = ?');
        args.push(q.origin);
      }
      const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM cards ${filter}`).get(...args) as { n: number }).n;
      const rows = db
        .prepare(`SELECT * FROM cards ${filter} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`)
        .all(...args, q.limit, q.offset) as CardRow[];
      return { total, cards: rows.map(toCard) };
    },
    updateCard(card, expectedVersion) {
      return updateCardStmt.run({ ...cardParams(card), expected_version: expectedVersion }).changes === 1;
    },
    dueForExpiry(now) {
      return dueStmt.all(now).map((r) => r.id);
    },
    countCards(statuses) {
      const s = statusFilter(statuses);
      return (db.prepare(`SELECT COUNT(*) AS n FROM cards ${s.sql ? `WHERE ${s.sql}` : ''}`).get(...s.args) as { n: number }).n;
    },
    cardsCreatedBetween(from, to) {
      return createdStmt.all(from, to).map(toCard);
    },
    insertEvaluation(cardId, result) {
      insertEvalStmt.run(cardId, result.phase, result.evaluatedAt, result.passed ? 1 : 0, JSON.stringify(result));
    },
    evaluations(cardId) {
      return evalsStmt.all(cardId).map((r) => JSON.parse(r.result_json) as GuardrailResult);
    },
    insertOrder(order) {
      const { legs, ...rest } = order;
      insertOrderStmt.run({ ...rest, legsJson: legs === null ? null : JSON.stringify(legs) });
    },
    getOrder(id) {
      const row = getOrderStmt.get(id);
      return row ? toOrder(row) : null;
    },
    orderByClientId(clientOrderId) {
      const row = byClientStmt.get(clientOrderId);
      return row ? toOrder(row) : null;
    },
    updateOrder(order) {
      const { legs: _legs, ...rest } = order;
      updateOrderStmt.run(rest);
    },
    listOrders(q) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (q.cardId !== undefined) {
        where.push('card_id = ?');
        args.push(q.cardId);
      }
      const s = statusFilter(q.statuses);
      if (s.sql) {
        where.push(s.sql);
        args.push(...s.args);
      }
      const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      return (db.prepare(`SELECT * FROM orders ${filter} ORDER BY created_at DESC, id DESC LIMIT ?`).all(...args, q.limit) as OrderRow[]).map(toOrder);
    },
    ordersOfCard(cardId) {
      return ofCardStmt.all(cardId).map(toOrder);
    },
    liveOrders() {
      return liveStmt.all().map(toOrder);
    },
    insertFill(fill, grossCents, multiplier = 1) {
      return (
        insertFillStmt.run(
          fill.id,
          fill.orderId,
          fill.cardId,
          fill.brokerFillId,
          fill.symbol,
          fill.side,
          fill.quantity,
          fill.price,
          grossCents,
          toCents(fill.fee),
          fill.t,
          fill.source,
          multiplier,
        ).changes === 1
      );
    },
    listFills(q) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (q.cardId !== undefined) {
        where.push('card_id = ?');
        args.push(q.cardId);
      }
      if (q.symbol !== undefined) {
        where.push('symbol = ?');
        args.push(q.symbol.toUpperCase());
      }
      const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      return (db.prepare(`SELECT * FROM fills ${filter} ORDER BY t DESC, id DESC LIMIT ?`).all(...args, q.limit) as FillRow[]).map(toFill);
    },
    position(symbol) {
      const row = positionStmt.get(symbol);
      return row ? toPosition(row) : null;
    },
    positions() {
      return positionsStmt.all().map(toPosition);
    },
    upsertPosition(p) {
      upsertPositionStmt.run(p);
    },
    addLedger(e) {
      ledgerStmt.run(e.t, e.kind, e.amountCents, e.ref, e.memo);
    },
    cashCents() {
      return cashStmt.get()?.cents ?? 0;
    },
    ledgerEntries() {
      return ledgerCountStmt.get()?.n ?? 0;
    },
  };
}
