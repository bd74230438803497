/** Test builders for trading contract objects (cards, orders, fills, positions, account, status). */
import type { Account, Fill, GuardrailResult, Order, Position, TradeCard, TradingStatus } from '../../../shared/contract/trading-schemas';

const T0 = Date.parse('2026-11-20T15:30:00Z');

/** A passing guardrail result with one warning. */
export function guardrailsFixture(over: Partial<GuardrailResult> = {}): GuardrailResult {
  return {
    passed: true,
    severity: 'warn',
    evaluatedAt: T0,
    phase: 'creation',
    checks: [
      { check: 'liquidity', passed: true, severity: 'warn', value: 0.008, limit: 0.01, unit: 'ratio', message: 'Order is 0.8% of ADV20 (limit 1%)', inputs: { adv20: 1_250_000, orderShares: 10_000 } },
      { check: 'position_size', passed: true, severity: 'info', value: 0.02, limit: 0.05, unit: 'pct', message: 'Position 2.0% of equity (limit 5%)', inputs: { equity: 100_000 } },
    ],
    price: 12.34,
    source: 'sim',
    quoteAsOf: T0,
    notional: 123_400,
    ...over,
  };
}

/** A pending card. */
export function cardFixture(over: Partial<TradeCard> = {}): TradeCard {
  return {
    id: 'c1',
    strategy: null,
    symbol: 'ABCD',
    name: 'Abcd Therapeutics',
    sector: 'healthcare',
    side: 'buy',
    quantity: 100,
    notional: null,
    orderType: 'limit',
    limitPrice: 12.3,
    stopPrice: null,
    takeProfitPrice: null,
    stopLossPrice: null,
    timeInForce: 'day',
    thesis: { text: 'Breakout on volume after FDA news', evidence: [{ text: 'FDA approval announced', source: 'newswire', t: T0 - 3_600_000, catalyst: true }] },
    origin: 'manual',
    originId: null,
    playbook: 'momentum',
    status: 'pending',
    statusReason: null,
    createdAt: T0,
    expiresAt: T0 + 15 * 60_000,
    updatedAt: T0,
    decidedBy: null,
    decidedAt: null,
    priceAtCreation: 12.34,
    filledQuantity: 0,
    avgFillPrice: null,
    guardrails: guardrailsFixture(),
    stages: { ingest: null, feature: null, signal: null, card: T0, guardrails: T0, approval: null, execution: null },
    version: 1,
    ...over,
  };
}

/** An order. */
export function orderFixture(over: Partial<Order> = {}): Order {
  return {
    id: 'o1',
    legs: null,
    cardId: 'c1',
    clientOrderId: 'c1-t1',
    brokerOrderId: 'b1',
    broker: 'paper',
    symbol: 'ABCD',
    side: 'buy',
    quantity: 100,
    filledQuantity: 0,
    orderType: 'limit',
    limitPrice: 12.3,
    stopPrice: null,
    timeInForce: 'day',
    role: 'entry',
    tranche: 1,
    status: 'submitted',
    statusReason: null,
    avgFillPrice: null,
    dueAt: T0,
    createdAt: T0,
    submittedAt: T0,
    updatedAt: T0,
    ...over,
  };
}

/** A fill. */
export function fillFixture(over: Partial<Fill> = {}): Fill {
  return { id: 'f1', orderId: 'o1', cardId: 'c1', brokerFillId: 'bf1', symbol: 'ABCD', side: 'buy', quantity: 100, price: 12.3, fee: 0.5, t: T0, source: 'paper', ...over };
}

/** A position. */
export function positionFixture(over: Partial<Position> = {}): Position {
  return {
    symbol: 'ABCD',
    name: 'Abcd Therapeutics',
    sector: 'healthcare',
    quantity: 100,
    avgCost: 12.3,
    lastPrice: 12.5,
    marketValue: 1_250,
    costBasis: 1_230,
    unrealizedPnl: 20,
    unrealizedPnlPct: 1.63,
    realizedPnl: 0,
    dayPnl: 20,
    quoteAsOf: T0,
    source: 'sim',
    openedAt: T0,
    updatedAt: T0,
    option: null,
    ...over,
  };
}

/** An account. */
export function accountFixture(over: Partial<Account> = {}): Account {
  return {
    broker: 'paper',
    currency: 'USD',
    startingCash: 100_000,
    cash: 98_770,
    longMarketValue: 1_250,
    shortMarketValue: 0,
    equity: 100_020,
    buyingPower: 198_000,
    realizedPnl: 0,
    unrealizedPnl: 20,
    dayPnl: 20,
    openOrders: 0,
    asOf: T0,
    source: 'paper',
    ...over,
  };
}

/** A trading status (not halted). */
export function statusFixture(over: Partial<TradingStatus> = {}): TradingStatus {
  return { halted: false, reason: null, since: null, by: null, pendingCards: 1, openOrders: 0, broker: 'paper', ...over };
}

export { T0 as TRADING_T0 };
