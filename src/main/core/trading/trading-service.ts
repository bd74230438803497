/**
 * The trading desk: trade cards from any origin, their guardrails, the human approval queue, the kill switch, and
 * execution through the broker port. The only module that holds a BrokerAdapter.
 *
 * The rules it keeps (docs/architecture.md, safety rules 1–5):
 * - No order without an approved card; approval is a call that names the card. Expired, blocked, rejected or
 *   already-decided cards never execute; the approval is a compare-and-set on (status, version) in SQLite, so two
 *   windows approving at once give exactly one order and the loser gets 4009.
 * - Guardrails run at creation, again on fresh data at approval (4022 when one now blocks), and at submission of
 *   every later tranche.
 * - The kill switch is a setting in SQLite: every approval answers 4003 and every submission waits while it is on.
 * - Every state change is audited in the same transaction as the change.
 * - Each order's client order id is derived from its card (`<card>-t<n>`, `<card>-tp`, `<card>-sl`), the broker
 *   is idempotent on it, and at start the engine reconciles its live orders and fills with the broker's book.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  EngineError,
  RPC_ERROR,
  TERMINAL_CARD_STATUSES,
  TERMINAL_ORDER_STATUSES,
  intentProblems,
  sideSign,
  type Account,
  type CardStatus,
  type Evidence,
  type Fill,
  type GuardrailConfig,
  type GuardrailLimits,
  type GuardrailResult,
  type Instrument,
  type Order,
  type OrderStatus,
  type Playbook,
  type Position,
  type Side,
  type TradeCard,
  type TradingStatus,
  CONTRACT_MULTIPLIER,
  type CardStrategy,
  type OptionQuote,
  type Strategy,
  type StrategyAnalysis,
} from '../../../shared/contract';
import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import { type AuditRepo, createAuditRepo } from '../db/repositories/audit-repo';
import type { SettingsRepo } from '../db/repositories/settings-repo';
import { createTradingRepo, toCents, type StoredCard, type StoredOrder, type StoredPosition, type TradingRepo } from '../db/repositories/trading-repo';
import type { EventBus } from '../events/bus';
import type { Logger } from '../log';
import { DateTime } from 'luxon';
import { EXCHANGE_TZ, nyDate } from '../market/calendar';
import type { MarketService } from '../market/market-service';
import type { Notifier } from '../ports';
import type { Guardrails } from './guardrails';
import type { PositionSnapshot, ResolvedIntent } from './guardrails/types';
import type { BrokerAdapter, BrokerAccountView, BrokerFill, BrokerOrderState } from './ports';
import { DEFAULT_STARTING_CASH, roundPrice, valueBook } from './account';
import { applyFill } from './position-math';
import { exportAuditFile, pipelineFunnel } from './reports';

/** What the service needs from the guardrails module. */
export type GuardrailsPort = Pick<Guardrails, 'evaluate' | 'evaluateStrategy' | 'config' | 'playbook' | 'info' | 'updateLimits' | 'regime'>;

export interface TradingServiceDeps {
  db: Db;
  clock: Clock;
  bus: EventBus;
  log: Logger;
  market: MarketService;
  settings: SettingsRepo;
  /** Built lazily: the guardrails need the service's positions and equity. */
  guardrails: () => GuardrailsPort;
  /** Built lazily: the broker needs the service's account view. */
  broker: () => BrokerAdapter;
  dataDir: string;
  /** The options desk (chains, strategy analysis); option cards need it. */
  options?: () => OptionsDeskPort;
  notifier?: Notifier;
  /** Paper account's opening deposit in dollars (first start only). Default 100,000. */
  startingCash?: number;
  /** Wall-clock interval of the sweep (expiry, due tranches, retries). Default 250 ms. */
  sweepMs?: number;
  /**
   * The market segment whose universe holds a symbol (null: none). A card is tagged with its segment — its
   * origin's for a segment card, else this — and the tag follows its orders, fills and positions (by segment).
   */
  segmentOf?: (symbol: string) => string | null;
}

/** What the desk needs from the options engine to raise, check and mark strategy cards. */
export interface OptionsDeskPort {
  /** Re-prices the legs at their current marks and IVs and analyses the strategy; -32602 for unknown or expired legs. */
  price(strategy: Strategy): { strategy: Strategy; analysis: StrategyAnalysis; quotes: (OptionQuote | null)[] };
  /** A listed contract's live quote and Greeks, or null. */
  contract(symbol: string): OptionQuote | null;
  /** A contract's mark at the previous session's close (day P&L), or null. */
  previousMark(symbol: string): number | null;
}

const OPTIONS_KEY = 'options.tradingEnabled';

interface OptionsTradingState {
  tradingEnabled: boolean;
  since: number | null;
  by: string | null;
}

/** The caller, as written in the audit log and on the card. */
export type Actor = string;

export const ENGINE_ACTOR = 'engine';
const HALT_KEY = 'trading.halt';
const MINUTE = 60_000;

interface HaltState {
  halted: boolean;
  reason: string | null;
  since: number | null;
  by: string | null;
}

export interface CreateCardInput {
  symbol: string;
  side: Side;
  quantity?: number | undefined;
  notional?: number | undefined;
  orderType: TradeCard['orderType'];
  limitPrice?: number | undefined;
  stopPrice?: number | undefined;
  takeProfitPrice?: number | undefined;
  stopLossPrice?: number | undefined;
  timeInForce?: TradeCard['timeInForce'] | undefined;
  playbook?: string | undefined;
  origin?: TradeCard['origin'] | undefined;
  originId?: string | undefined;
  thesis?: string | { text: string; evidence: Evidence[] } | undefined;
  evidence?: Evidence[] | undefined;
  ttlMinutes?: number | undefined;
  stages?: { ingest?: number | undefined; feature?: number | undefined; signal?: number | undefined } | undefined;
}

const ORDER_RANK: Record<OrderStatus, number> = {
  pending_submit: 0,
  submitted: 1,
  partially_filled: 2,
  filled: 3,
  cancelled: 3,
  rejected: 3,
  expired: 3,
};

function closingSide(side: Side): Side {
  return side === 'buy' ? 'sell' : side === 'short' ? 'cover' : side === 'sell' ? 'buy' : 'short';
}

/** A time as traders read it: New York, to the second. */
const nyTime = (t: number): string => `${DateTime.fromMillis(t, { zone: EXCHANGE_TZ }).toFormat('yyyy-LL-dd HH:mm:ss')} New York`;


function blockingSummary(result: GuardrailResult): string {
  return result.checks
    .filter((c) => c.severity === 'block')
    .map((c) => `${c.check}: ${c.message}`)
    .join('; ');
}

export type TradingService = ReturnType<typeof createTradingService>;

export function createTradingService(deps: TradingServiceDeps) {
  const { db, clock, bus, log, market, settings } = deps;
  const repo: TradingRepo = createTradingRepo(db);
  const audit: AuditRepo = createAuditRepo(db);
  const submitting = new Set<string>();
  const submitAttempts = new Map<string, number>();
  let instruments = new Map<string, Instrument>();
  let timer: NodeJS.Timeout | null = null;
  let sweeping = false;
  let started = false;
  const unsubscribers: (() => void)[] = [];
  let lastPositionsEmit = 0;

  const now = (): number => clock.now();

  function instrument(symbol: string): Instrument {
    const inst = instruments.get(symbol.toUpperCase());
    if (!inst) throw new EngineError(RPC_ERROR.notFound, `unknown symbol ${symbol}`);
    return inst;
  }

  function quoteOf(symbol: string) {
    try {
      return market.quote(symbol);
    } catch {
      return null;
    }
  }

  // ---------------------------------------------------------------- views

  function toCard(c: StoredCard): TradeCard {
    const inst = instruments.get(c.symbol);
    return { ...c, name: inst?.name ?? c.symbol, sector: inst?.sector ?? null };
  }

  function toOrder(o: StoredOrder): Order {
    const { ocoGroup: _oco, ...order } = o;
    return order;
  }

  function haltState(): HaltState {
    return settings.get<HaltState>(HALT_KEY) ?? { halted: false, reason: null, since: null, by: null };
  }

  function status(): TradingStatus {
    const h = haltState();
    return {
      halted: h.halted,
      reason: h.reason,
      since: h.since,
      by: h.by,
      pendingCards: repo.countCards(['pending', 'blocked']),
      openOrders: repo.liveOrders().length,
      broker: deps.broker().name,
    };
  }

  function valueStored(stored: readonly StoredPosition[]): { positions: Position[]; account: Account } {
    return valueBook({
      positions: stored,
      cashCents: repo.cashCents(),
      liveOrders: repo.liveOrders(),
      quote: quoteOf,
      instrument: (symbol) => instruments.get(symbol),
      optionQuote: (symbol) => (deps.options ? deps.options().contract(symbol) : null),
      optionPreviousMark: (symbol) => (deps.options ? deps.options().previousMark(symbol) : null),
      source: market.sourceName,
      broker: deps.broker().name,
      startingCash: deps.startingCash ?? DEFAULT_STARTING_CASH,
      now: now(),
    });
  }

  function positionsAndAccount(): { positions: Position[]; account: Account } {
    return valueStored(repo.positions());
  }

  /** Positions as the guardrails see them. */
  function positionSnapshots(): PositionSnapshot[] {
    // The valued book already marks options (contract mark × 100) and stock alike; sectors follow the underlying.
    const stored = repo.positions();
    const originOf = new Map(stored.map((p) => [p.symbol, p.originId]));
    return valueStored(stored).positions.map((p) => ({
      symbol: p.option?.underlying ?? p.symbol,
      sector: p.sector,
      quantity: p.option ? 0 : p.quantity,
      marketValue: p.marketValue,
      originId: originOf.get(p.symbol) ?? null,
    }));
  }

  function equity(): number {
    return positionsAndAccount().account.equity;
  }

  const accountView: BrokerAccountView = {
    buyingPower: () => positionsAndAccount().account.buyingPower,
    position: (symbol) => repo.position(symbol)?.quantity ?? 0,
  };

  // ---------------------------------------------------------------- events

  function emitCard(card: StoredCard, previousStatus: CardStatus | null): void {
    bus.emit('cards.changed', { card: toCard(card), previousStatus });
  }

  function emitOrder(order: StoredOrder): void {
    bus.emit('orders.changed', { order: toOrder(order) });
  }

  function emitStatus(): void {
    bus.emit('trading.statusChanged', status());
  }

  function emitPositions(): void {
    lastPositionsEmit = Date.now();
    bus.emit('positions.changed', positionsAndAccount());
  }

  function notify(title: string, body: string, severity: 'info' | 'warn' | 'critical', cardId?: string): void {
    deps.notifier?.notify({ title, body, severity, view: 'approvals', ...(cardId ? { params: { card: cardId } } : {}) });
  }

  // ---------------------------------------------------------------- cards

  function newCardId(t: number): string {
    for (;;) {
      const id = `C-${nyDate(t).replaceAll('-', '')}-${randomBytes(3).toString('hex').toUpperCase()}`;
      if (!repo.getCard(id)) return id;
    }
  }

  function resolveIntent(
    input: Pick<CreateCardInput, 'symbol' | 'side' | 'quantity' | 'notional' | 'orderType' | 'limitPrice' | 'stopPrice' | 'takeProfitPrice' | 'stopLossPrice' | 'originId'>,
  ): { intent: ResolvedIntent; price: number | null } {
    const inst = instrument(input.symbol);
    const problems = intentProblems(input);
    if (problems.length > 0) throw new EngineError(RPC_ERROR.invalidParams, `invalid order: ${problems.join('; ')}`, { problems });
    const q = quoteOf(inst.symbol);
    const price = q?.last ?? null;
    let quantity = input.quantity;
    if (quantity === undefined) {
      const ref = input.limitPrice ?? price;
      if (ref === null) throw new EngineError(RPC_ERROR.invalidParams, `no price for ${inst.symbol} to size a notional order; give a quantity`);
      quantity = Math.floor((input.notional ?? 0) / ref);
      if (quantity < 1) throw new EngineError(RPC_ERROR.invalidParams, `a notional of $${input.notional} buys no whole share of ${inst.symbol} at $${ref}`);
    }
    return {
      intent: {
        symbol: inst.symbol,
        side: input.side,
        quantity,
        orderType: input.orderType,
        limitPrice: input.limitPrice ?? null,
        stopPrice: input.stopPrice ?? null,
        takeProfitPrice: input.takeProfitPrice ?? null,
        stopLossPrice: input.stopLossPrice ?? null,
        originId: input.originId ?? null,
      },
      price,
    };
  }

  function cardIntent(card: StoredCard): ResolvedIntent {
    return {
      symbol: card.symbol,
      side: card.side,
      quantity: card.quantity,
      orderType: card.orderType,
      limitPrice: card.limitPrice,
      stopPrice: card.stopPrice,
      takeProfitPrice: card.takeProfitPrice,
      stopLossPrice: card.stopLossPrice,
      originId: card.originId,
    };
  }

  /** A changed card must still be a well-formed order (-32602 naming every problem). */
  function assertValidOrder(card: StoredCard, what: string): void {
    const problems = intentProblems({
      quantity: card.quantity,
      orderType: card.orderType,
      side: card.side,
      limitPrice: card.limitPrice ?? undefined,
      stopPrice: card.stopPrice ?? undefined,
      takeProfitPrice: card.takeProfitPrice ?? undefined,
      stopLossPrice: card.stopLossPrice ?? undefined,
    });
    if (problems.length > 0) throw new EngineError(RPC_ERROR.invalidParams, `invalid ${what}: ${problems.join('; ')}`, { problems });
  }

  function optionsDesk(): OptionsDeskPort {
    if (!deps.options) throw new EngineError(RPC_ERROR.forbidden, 'the options desk is not available in this engine');
    return deps.options();
  }

  function optionsState(): OptionsTradingState {
    return settings.get<OptionsTradingState>(OPTIONS_KEY) ?? { tradingEnabled: false, since: null, by: null };
  }

  /** The strategy priced now, with the risk the guardrails read. */
  function strategyRisk(strategy: Strategy, limitPrice: number | null) {
    const priced = optionsDesk().price(strategy);
    const a = priced.analysis;
    const legs = priced.strategy.legs.map((leg, i) => {
      const q = priced.quotes[i] ?? null;
      return { symbol: leg.symbol, kind: leg.kind, side: leg.side, ratio: leg.ratio, quote: q === null ? null : { bid: q.bid, ask: q.ask, mark: q.mark, openInterest: q.openInterest } };
    });
    const expiries = priced.strategy.legs.map((l) => l.expiry).filter((e): e is string => e !== null).sort();
    // The natural price: every buy at its ask, every sell at its bid (a stock leg at its price), per share.
    let natural = 0;
    priced.strategy.legs.forEach((leg, i) => {
      const q = priced.quotes[i] ?? null;
      const sign = leg.side === 'buy' ? 1 : -1;
      const px = leg.kind === 'stock' ? leg.price : q === null ? leg.price : leg.side === 'buy' ? q.ask : q.bid;
      natural += (sign * leg.ratio * px * (leg.kind === 'stock' ? 1 : CONTRACT_MULTIPLIER)) / CONTRACT_MULTIPLIER;
    });
    const debit = a.netDebit >= 0;
    return {
      priced,
      risk: {
        units: strategy.quantity,
        legs,
        maxLoss: a.maxLoss === null ? null : Math.abs(a.maxLoss),
        margin: a.margin.requirement,
        debit,
        netNatural: Math.abs(natural),
        netMid: Math.abs(a.netDebit / CONTRACT_MULTIPLIER),
        limitPrice,
        expiry: expiries[0] ?? '9999-12-31',
        netDelta: a.greeks.delta,
      },
    };
  }

  function evaluateCard(card: StoredCard, phase: GuardrailResult['phase'], intent = cardIntent(card)): GuardrailResult {
    if (card.strategy !== null) {
      const strategy: Strategy = { template: card.strategy.template, underlying: card.symbol, quantity: intent.quantity, legs: card.strategy.legs };
      const { risk } = strategyRisk(strategy, intent.limitPrice);
      return deps.guardrails().evaluateStrategy(risk, {
        phase,
        underlyingIntent: intent,
        playbook: card.playbook,
        evidence: card.thesis.evidence,
        signalAt: card.stages.signal ?? card.createdAt,
      });
    }
    return deps.guardrails().evaluate(intent, {
      phase,
      playbook: card.playbook,
      evidence: card.thesis.evidence,
      signalAt: card.stages.signal ?? card.createdAt,
    });
  }

  /** Writes a changed card (compare-and-set on version) with its audit entry; throws 4009 when it lost a race. */
  function saveCard(card: StoredCard, expectedVersion: number, actor: Actor, action: string, data: unknown): void {
    if (!repo.updateCard(card, expectedVersion)) {
      throw new EngineError(RPC_ERROR.conflict, `card ${card.id} changed meanwhile; reload it`);
    }
    audit.append({ t: card.updatedAt, actor, action, entity: 'card', entityId: card.id, data });
  }

  function requireCard(id: string): StoredCard {
    const card = repo.getCard(id);
    if (!card) throw new EngineError(RPC_ERROR.notFound, `no card ${id}`);
    return card;
  }

  /** A new card from its order and what the guardrails said at creation (pending, or blocked with the reason). */
  function draftCard(p: {
    t: number;
    intent: ResolvedIntent;
    notional: number | null;
    timeInForce: TradeCard['timeInForce'];
    thesis: { text: string; evidence: Evidence[] };
    origin: TradeCard['origin'];
    playbook: Playbook;
    ttlMinutes: number | undefined;
    result: GuardrailResult;
    priceAtCreation: number | null;
    stages: { ingest: number | null; feature: number | null; signal: number | null };
    strategy: CardStrategy | null;
  }): StoredCard {
    const { t, intent, result } = p;
    return {
      id: newCardId(t),
      symbol: intent.symbol,
      side: intent.side,
      quantity: intent.quantity,
      notional: p.notional,
      orderType: intent.orderType,
      limitPrice: intent.limitPrice,
      stopPrice: intent.stopPrice,
      takeProfitPrice: intent.takeProfitPrice,
      stopLossPrice: intent.stopLossPrice,
      timeInForce: p.timeInForce,
      thesis: p.thesis,
      origin: p.origin,
      originId: intent.originId,
      playbook: p.playbook.id,
      status: result.passed ? 'pending' : 'blocked',
      statusReason: result.passed ? null : `blocked by guardrails: ${blockingSummary(result)}`,
      createdAt: t,
      expiresAt: t + (p.ttlMinutes ?? p.playbook.ttlMinutes) * MINUTE,
      updatedAt: t,
      decidedBy: null,
      decidedAt: null,
      priceAtCreation: p.priceAtCreation,
      filledQuantity: 0,
      avgFillPrice: null,
      guardrails: result,
      stages: { ...p.stages, card: t, guardrails: result.evaluatedAt, approval: null, execution: null },
      version: 1,
      strategy: p.strategy,
    };
  }

  function segmentOfCard(card: StoredCard): string | null {
    if (card.origin === 'segment' && card.originId) return card.originId;
    try {
      return deps.segmentOf?.(card.symbol) ?? null;
    } catch (error) {
      log.warn({ err: error, symbol: card.symbol }, 'segment lookup failed; card left untagged');
      return null;
    }
  }

  /** Stores new cards with their evaluations and audit entries in one transaction, then announces each. */
  function persistNewCards(cards: readonly StoredCard[], actor: Actor, extra: (card: StoredCard) => Record<string, unknown> = () => ({})): void {
    db.transaction(() => {
      for (const card of cards) {
        repo.insertCard(card, segmentOfCard(card));
        repo.insertEvaluation(card.id, card.guardrails);
        audit.append({
          t: card.createdAt,
          actor,
          action: card.status === 'blocked' ? 'card.created_blocked' : 'card.created',
          entity: 'card',
          entityId: card.id,
          data: { card: { ...card, guardrails: undefined }, guardrails: card.guardrails, ...extra(card) },
        });
      }
    })();
    for (const card of cards) {
      emitCard(card, null);
      const what =
        card.strategy === null
          ? `${card.side.toUpperCase()} ${card.quantity.toLocaleString('en-US')} ${card.symbol}`
          : `${card.strategy.template.replace(/_/g, ' ')} ${card.quantity} × ${card.symbol} (${card.side === 'buy' ? 'debit' : 'credit'} ${card.limitPrice?.toFixed(2) ?? 'at the mid'})`;
      if (card.status === 'pending') notify('New trade card', `${what} · ${card.playbook} · from ${card.origin}`, 'info', card.id);
      else notify('Trade card blocked', `${what}: ${card.statusReason ?? ''}`.slice(0, 240), 'warn', card.id);
    }
    emitStatus();
  }

  function createCards(inputs: readonly CreateCardInput[], actor: Actor): TradeCard[] {
    const t = now();
    const cards = inputs.map((input) => {
      const { intent, price } = resolveIntent(input);
      const playbook = deps.guardrails().playbook(input.playbook);
      const thesisText = typeof input.thesis === 'string' ? input.thesis : (input.thesis?.text ?? '');
      const evidence = [...(typeof input.thesis === 'object' ? input.thesis.evidence : []), ...(input.evidence ?? [])];
      const stages = { ingest: input.stages?.ingest ?? null, feature: input.stages?.feature ?? null, signal: input.stages?.signal ?? null };
      const result = deps.guardrails().evaluate(intent, { phase: 'creation', playbook: playbook.id, evidence, signalAt: stages.signal ?? t });
      return draftCard({
        t,
        intent,
        notional: input.notional ?? null,
        timeInForce: input.timeInForce ?? 'day',
        thesis: { text: thesisText, evidence },
        origin: input.origin ?? 'manual',
        playbook,
        ttlMinutes: input.ttlMinutes,
        result,
        priceAtCreation: price,
        stages,
        strategy: null,
      });
    });
    persistNewCards(cards, actor);
    return cards.map(toCard);
  }

  /**
   * An options strategy as one card: legs re-priced at the current marks, risk from the strategy analysis, the
   * strategy guardrails. Needs OPTIONS_TRADING_ENABLED (4003 when off, as seed 001 defaults it).
   */
  function createStrategyCard(
    p: {
      strategy: Strategy;
      limitPrice?: number | undefined;
      thesis?: string | { text: string; evidence: Evidence[] } | undefined;
      playbook?: string | undefined;
      origin?: TradeCard['origin'] | undefined;
      originId?: string | undefined;
      ttlMinutes?: number | undefined;
    },
    actor: Actor,
  ): TradeCard {
    if (!optionsState().tradingEnabled) {
      throw new EngineError(RPC_ERROR.forbidden, 'option trading is off (OPTIONS_TRADING_ENABLED): turn it on in the Options view or with options.setTradingEnabled; the analytics work without it');
    }
    const inst = instrument(p.strategy.underlying);
    const { priced, risk } = strategyRisk({ ...p.strategy, underlying: inst.symbol }, p.limitPrice ?? null);
    const a = priced.analysis;
    const netPrice = a.netDebit / CONTRACT_MULTIPLIER;
    // Default limit: halfway from the mid to the natural price, to the cent against the trader (a debit rounds up,
    // a credit down), so a package the market supports fills.
    const halfway = (risk.netMid + risk.netNatural) / 2;
    const limitPrice = p.limitPrice ?? Math.max(0.01, (risk.debit ? Math.ceil(halfway * 100 - 1e-7) : Math.floor(halfway * 100 + 1e-7)) / 100);
    const playbook = deps.guardrails().playbook(p.playbook);
    const t = now();
    const thesisText = typeof p.thesis === 'string' ? p.thesis : (p.thesis?.text ?? '');
    const evidence = typeof p.thesis === 'object' ? p.thesis.evidence : [];
    const side: Side = netPrice >= 0 ? 'buy' : 'sell';
    const intent: ResolvedIntent = {
      symbol: inst.symbol,
      side,
      quantity: p.strategy.quantity,
      orderType: 'limit',
      limitPrice,
      stopPrice: null,
      takeProfitPrice: null,
      stopLossPrice: null,
      originId: p.originId ?? null,
    };
    const result = deps.guardrails().evaluateStrategy({ ...risk, limitPrice }, { phase: 'creation', underlyingIntent: intent, playbook: playbook.id, evidence, signalAt: t });
    const expiries = priced.strategy.legs.map((l) => l.expiry).filter((e): e is string => e !== null).sort();
    const strategy: CardStrategy = {
      template: priced.strategy.template,
      legs: priced.strategy.legs,
      netPrice: Math.round(netPrice * 10_000) / 10_000,
      maxLoss: a.maxLoss === null ? null : Math.abs(a.maxLoss),
      maxProfit: a.maxProfit,
      multiplier: CONTRACT_MULTIPLIER,
      expiry: expiries[0] ?? '',
    };
    const card = draftCard({
      t,
      intent,
      notional: null,
      timeInForce: 'day',
      thesis: { text: thesisText, evidence },
      origin: p.origin ?? 'manual',
      playbook,
      ttlMinutes: p.ttlMinutes,
      result,
      priceAtCreation: quoteOf(inst.symbol)?.last ?? null,
      stages: { ingest: null, feature: null, signal: null },
      strategy,
    });
    persistNewCards([card], actor, () => ({ analysis: { ...a, payoff: undefined } }));
    return toCard(card);
  }

  function setOptionsTrading(enabled: boolean, actor: Actor): OptionsTradingState {
    const t = now();
    const state: OptionsTradingState = { tradingEnabled: enabled, since: t, by: actor };
    db.transaction(() => {
      settings.set(OPTIONS_KEY, state, t);
      audit.append({ t, actor, action: enabled ? 'options.trading_enabled' : 'options.trading_disabled', entity: 'settings', entityId: 'options', data: { enabled } });
    })();
    return state;
  }

  /** Moves a pending or blocked card past its expiry to 'expired'. */
  function expireCard(id: string): StoredCard | null {
    const card = repo.getCard(id);
    if (!card || (card.status !== 'pending' && card.status !== 'blocked') || card.expiresAt > now()) return null;
    const prev = card.status;
    const next: StoredCard = { ...card, status: 'expired', statusReason: `expired at ${nyTime(card.expiresAt)} without a decision`, updatedAt: now(), version: card.version + 1 };
    db.transaction(() => saveCard(next, card.version, ENGINE_ACTOR, 'card.expired', { expiresAt: card.expiresAt, from: prev }))();
    emitCard(next, prev);
    return next;
  }

  function approve(p: { id: string; quantity?: number | undefined; limitPrice?: number | undefined }, actor: Actor): { card: StoredCard; order: StoredOrder } {
    const h = haltState();
    if (h.halted) throw new EngineError(RPC_ERROR.forbidden, `trading is halted: ${h.reason ?? 'no reason given'}`, { reason: h.reason, since: h.since });
    let card = requireCard(p.id);
    if (card.status === 'pending' && card.expiresAt <= now()) {
      expireCard(card.id);
      emitStatus();
      throw new EngineError(RPC_ERROR.conflict, `card ${card.id} expired at ${nyTime(card.expiresAt)}; it can never execute`);
    }
    if (card.status === 'blocked') {
      throw new EngineError(RPC_ERROR.guardrailBlocked, `card ${card.id} is blocked by its guardrails: ${blockingSummary(card.guardrails)}`, {
        guardrails: card.guardrails,
      });
    }
    if (card.status !== 'pending') {
      throw new EngineError(RPC_ERROR.conflict, `card ${card.id} is already ${card.status}${card.decidedBy ? ` (by ${card.decidedBy})` : ''}`, { status: card.status });
    }
    if (p.quantity !== undefined && p.quantity > card.quantity) {
      throw new EngineError(RPC_ERROR.invalidParams, `approval can shrink a card, not grow it: ${p.quantity} > ${card.quantity}`);
    }
    if (p.limitPrice !== undefined && card.orderType !== 'limit' && card.orderType !== 'stop_limit' && card.orderType !== 'bracket') {
      throw new EngineError(RPC_ERROR.invalidParams, `a ${card.orderType} card has no limit price to change`);
    }
    const modified: StoredCard = { ...card, quantity: p.quantity ?? card.quantity, limitPrice: p.limitPrice ?? card.limitPrice };
    assertValidOrder(modified, 'approval');

    // Re-price and re-check on fresh data.
    const result = evaluateCard(modified, 'approval');
    const t = now();
    if (!result.passed) {
      const prev = card.status;
      const blocked: StoredCard = {
        ...card,
        status: 'blocked',
        statusReason: `blocked at approval: ${blockingSummary(result)}`,
        guardrails: result,
        updatedAt: t,
        version: card.version + 1,
      };
      db.transaction(() => {
        repo.insertEvaluation(card.id, result);
        saveCard(blocked, card.version, actor, 'card.approval_refused', { guardrails: result });
      })();
      emitCard(blocked, prev);
      emitStatus();
      throw new EngineError(RPC_ERROR.guardrailBlocked, `guardrails block ${card.id} now: ${blockingSummary(result)}`, { guardrails: result });
    }

    const playbook = deps.guardrails().playbook(card.playbook);
    const approved: StoredCard = {
      ...modified,
      status: 'approved',
      statusReason: null,
      decidedBy: actor,
      decidedAt: t,
      guardrails: result,
      updatedAt: t,
      stages: { ...card.stages, approval: t },
      version: card.version + 1,
    };
    const orders = trancheOrders(approved, playbook, t);
    db.transaction(() => {
      repo.insertEvaluation(card.id, result);
      saveCard(approved, card.version, actor, 'card.approved', {
        quantity: approved.quantity,
        limitPrice: approved.limitPrice,
        changedFrom: p.quantity !== undefined || p.limitPrice !== undefined ? { quantity: card.quantity, limitPrice: card.limitPrice } : undefined,
        guardrails: result,
        orders: orders.map((o) => o.clientOrderId),
      });
      for (const o of orders) {
        repo.insertOrder(o);
        audit.append({ t, actor, action: 'order.created', entity: 'order', entityId: o.id, data: toOrder(o) });
      }
    })();
    card = approved;
    emitCard(approved, 'pending');
    for (const o of orders) emitOrder(o);
    emitStatus();
    return { card: approved, order: orders[0]! };
  }

  /** The entry orders of an approved card: one per tranche, the first due now, the rest spaced by the playbook. */
  function trancheOrders(card: StoredCard, playbook: Playbook, t: number): StoredOrder[] {
    if (card.strategy !== null) {
      const clientOrderId = `${card.id}-t1`;
      return [
        {
          id: clientOrderId,
          cardId: card.id,
          clientOrderId,
          brokerOrderId: null,
          broker: deps.broker().name,
          symbol: card.symbol,
          side: card.side,
          quantity: card.quantity,
          filledQuantity: 0,
          orderType: 'limit',
          limitPrice: card.limitPrice,
          stopPrice: null,
          timeInForce: card.timeInForce,
          role: 'entry',
          tranche: 1,
          status: 'pending_submit',
          statusReason: null,
          avgFillPrice: null,
          dueAt: t,
          createdAt: t,
          submittedAt: null,
          updatedAt: t,
          ocoGroup: null,
          legs: card.strategy.legs.map((l) => ({ symbol: l.symbol, side: l.side, ratio: l.ratio, multiplier: l.kind === 'option' ? card.strategy!.multiplier : 1 })),
        },
      ];
    }
    const count = Math.max(1, Math.min(playbook.tranches.count, card.quantity));
    const base = Math.floor(card.quantity / count);
    const orderType = card.orderType === 'bracket' ? (card.limitPrice !== null ? 'limit' : 'market') : card.orderType;
    const out: StoredOrder[] = [];
    for (let i = 1; i <= count; i++) {
      const qty = i === count ? card.quantity - base * (count - 1) : base;
      const clientOrderId = `${card.id}-t${i}`;
      out.push({
        id: clientOrderId,
        cardId: card.id,
        clientOrderId,
        brokerOrderId: null,
        broker: deps.broker().name,
        symbol: card.symbol,
        side: card.side,
        quantity: qty,
        filledQuantity: 0,
        orderType,
        limitPrice: orderType === 'limit' || orderType === 'stop_limit' ? card.limitPrice : null,
        stopPrice: orderType === 'stop' || orderType === 'stop_limit' ? card.stopPrice : null,
        timeInForce: card.timeInForce,
        role: 'entry',
        tranche: i,
        status: 'pending_submit',
        statusReason: null,
        avgFillPrice: null,
        dueAt: t + (i - 1) * playbook.tranches.intervalMinutes * MINUTE,
        createdAt: t,
        submittedAt: null,
        updatedAt: t,
        ocoGroup: null,
        legs: null,
      });
    }
    return out;
  }

  // ---------------------------------------------------------------- execution

  /** Sends one pending order to the broker (idempotent on its client order id). */
  async function submit(orderId: string, checked: boolean): Promise<void> {
    if (submitting.has(orderId)) return;
    submitting.add(orderId);
    try {
      const order = repo.getOrder(orderId);
      if (!order || order.status !== 'pending_submit') return;
      if (haltState().halted) return;
      const card = requireCard(order.cardId);
      if (order.role === 'entry') {
        const playbook = deps.guardrails().playbook(card.playbook);
        const deadline = (card.decidedAt ?? card.createdAt) + playbook.executionWindowHours * 3_600_000;
        if (now() > deadline) {
          finishOrder(order, 'expired', `not submitted within the playbook's ${playbook.executionWindowHours} h execution window`);
          return;
        }
        if (!checked) {
          const result = evaluateCard({ ...card, quantity: order.quantity }, 'submission');
          db.transaction(() => {
            repo.insertEvaluation(card.id, result);
            const next = { ...card, guardrails: result, updatedAt: now(), version: card.version + 1 };
            saveCard(next, card.version, ENGINE_ACTOR, 'card.rechecked', { phase: 'submission', order: order.id, passed: result.passed });
          })();
          if (!result.passed) {
            finishOrder(order, 'rejected', `guardrails block at submission: ${blockingSummary(result)}`);
            return;
          }
        }
      }
      let state: BrokerOrderState;
      try {
        state = await deps.broker().submit({
          clientOrderId: order.clientOrderId,
          symbol: order.symbol,
          side: order.side,
          quantity: order.quantity,
          orderType: order.orderType,
          limitPrice: order.limitPrice,
          stopPrice: order.stopPrice,
          timeInForce: order.timeInForce,
          ocoGroup: order.ocoGroup,
          legs: order.legs,
        });
      } catch (error) {
        const attempts = (submitAttempts.get(order.id) ?? 0) + 1;
        submitAttempts.set(order.id, attempts);
        log.error({ err: error, order: order.id, attempts }, 'broker submit failed; will retry');
        if (attempts >= 5) finishOrder(order, 'rejected', `broker unreachable after ${attempts} attempts`);
        return;
      }
      applyBrokerState(state, 'order.submitted');
    } finally {
      submitting.delete(orderId);
    }
  }

  /** Ends an order the broker never saw (expired window, blocked at submission, cancelled before submission). */
  function finishOrder(order: StoredOrder, statusNext: OrderStatus, reason: string): void {
    const next: StoredOrder = { ...order, status: statusNext, statusReason: reason, updatedAt: now() };
    db.transaction(() => {
      repo.updateOrder(next);
      audit.append({ t: now(), actor: ENGINE_ACTOR, action: `order.${statusNext}`, entity: 'order', entityId: order.id, data: { reason } });
      refreshCard(order.cardId);
    })();
    emitOrder(next);
    emitCardById(order.cardId);
    emitStatus();
  }

  const lastEmittedVersion = new Map<string, number>();
  function emitCardById(id: string, previousStatus: CardStatus | null = null): void {
    const card = repo.getCard(id);
    if (!card) return;
    if (lastEmittedVersion.get(id) === card.version) return;
    lastEmittedVersion.set(id, card.version);
    emitCard(card, previousStatus);
  }

  /** Derives an approved card's status from its entry orders (inside the caller's transaction). */
  function refreshCard(cardId: string): void {
    const card = repo.getCard(cardId);
    if (!card || ['pending', 'blocked', 'rejected', 'expired', 'cancelled', 'failed'].includes(card.status)) return;
    const entries = repo.ordersOfCard(cardId).filter((o) => o.role === 'entry');
    const filled = entries.reduce((s, o) => s + o.filledQuantity, 0);
    const notional = entries.reduce((s, o) => s + o.filledQuantity * (o.avgFillPrice ?? 0), 0);
    const allDone = entries.every((o) => TERMINAL_ORDER_STATUSES.includes(o.status));
    let statusNext: CardStatus;
    let reason: string | null = card.statusReason;
    if (filled >= card.quantity) statusNext = 'filled';
    else if (allDone && filled > 0) {
      statusNext = 'filled';
      reason = `filled ${filled} of ${card.quantity}; the rest ended: ${entries.filter((o) => o.status !== 'filled').map((o) => `${o.clientOrderId} ${o.status}${o.statusReason ? ` (${o.statusReason})` : ''}`).join(', ')}`;
    } else if (allDone) {
      const rejected = entries.find((o) => o.status === 'rejected');
      const expired = entries.find((o) => o.status === 'expired');
      statusNext = rejected ? 'failed' : expired ? 'expired' : 'cancelled';
      reason = (rejected ?? expired ?? entries.find((o) => o.statusReason))?.statusReason ?? null;
    } else if (filled > 0) statusNext = 'partially_filled';
    else if (entries.some((o) => o.status !== 'pending_submit')) statusNext = 'submitted';
    else statusNext = 'approved';
    const execution = card.stages.execution ?? (entries.some((o) => o.submittedAt !== null) ? Math.min(...entries.filter((o) => o.submittedAt !== null).map((o) => o.submittedAt!)) : null);
    const avg = filled > 0 ? roundPrice(notional / filled) : null;
    if (statusNext === card.status && filled === card.filledQuantity && execution === card.stages.execution && reason === card.statusReason) return;
    const next: StoredCard = {
      ...card,
      status: statusNext,
      statusReason: reason,
      filledQuantity: filled,
      avgFillPrice: avg,
      stages: { ...card.stages, execution },
      updatedAt: now(),
      version: card.version + 1,
    };
    saveCard(next, card.version, ENGINE_ACTOR, statusNext === card.status ? 'card.progressed' : `card.${statusNext}`, { filled, avgFillPrice: avg, from: card.status });
  }

  /** Applies the broker's view of an order (never moving a status backwards). */
  function applyBrokerState(state: BrokerOrderState, action?: string): void {
    const order = repo.orderByClientId(state.clientOrderId);
    if (!order) {
      log.error({ clientOrderId: state.clientOrderId }, 'broker reported an order the engine does not know');
      return;
    }
    const terminal = TERMINAL_ORDER_STATUSES.includes(order.status);
    const forward = !terminal && ORDER_RANK[state.status] >= ORDER_RANK[order.status];
    let statusNext = forward ? state.status : order.status;
    // The engine's filled quantity comes from recorded fills only; the broker's status may run ahead of them.
    if (statusNext === 'filled' && order.filledQuantity < order.quantity) statusNext = order.filledQuantity > 0 ? 'partially_filled' : 'submitted';
    if (statusNext === 'partially_filled' && order.filledQuantity === 0) statusNext = 'submitted';
    const next: StoredOrder = {
      ...order,
      brokerOrderId: state.brokerOrderId,
      status: statusNext,
      statusReason: forward && state.reason ? state.reason : order.statusReason,
      submittedAt: order.submittedAt ?? now(),
      updatedAt: now(),
    };
    if (next.status === order.status && next.brokerOrderId === order.brokerOrderId && next.statusReason === order.statusReason && order.submittedAt !== null) return;
    db.transaction(() => {
      repo.updateOrder(next);
      audit.append({
        t: now(),
        actor: `broker:${deps.broker().name}`,
        action: action && order.status === 'pending_submit' ? (state.status === 'rejected' ? 'order.rejected' : action) : `order.${next.status}`,
        entity: 'order',
        entityId: order.id,
        data: { brokerOrderId: state.brokerOrderId, status: next.status, reason: state.reason, brokerFilled: state.filledQuantity },
      });
      refreshCard(order.cardId);
    })();
    emitOrder(next);
    emitCardById(order.cardId);
    emitStatus();
    if (next.status === 'rejected' && order.status !== 'rejected') {
      notify('Order rejected', `${order.side.toUpperCase()} ${order.quantity} ${order.symbol}: ${state.reason ?? 'no reason'}`, 'warn', order.cardId);
    }
    afterOrderChange(order.cardId);
  }

  /** Records one broker fill: fill, order, position, cash, card and audit in one transaction. Idempotent. */
  function recordFill(bf: BrokerFill): void {
    const order = repo.orderByClientId(bf.clientOrderId);
    if (!order) {
      log.error({ fill: bf }, 'broker fill for an order the engine does not know');
      return;
    }
    const fill: Fill = {
      id: `F-${bf.brokerFillId}`,
      orderId: order.id,
      cardId: order.cardId,
      brokerFillId: bf.brokerFillId,
      symbol: bf.symbol,
      side: bf.side,
      quantity: bf.quantity,
      price: bf.price,
      fee: bf.fee,
      t: bf.t,
      source: `broker:${deps.broker().name}`,
    };
    let recorded = false;
    let nextOrder: StoredOrder = order;
    const multiplier = bf.multiplier ?? 1;
    db.transaction(() => {
      const pos = repo.position(bf.symbol) ?? { symbol: bf.symbol, quantity: 0, multiplier, costCents: 0, realizedCents: 0, originId: null, openedAt: bf.t, updatedAt: bf.t };
      const effect = applyFill(pos, bf.side, bf.quantity, bf.price, multiplier);
      if (!repo.insertFill(fill, effect.grossCents, multiplier)) return;
      recorded = true;
      // A package (strategy) order counts strategy units, completed by the last leg of each package fill.
      const pkg = bf.package ?? null;
      const units = pkg === null ? bf.quantity : pkg.leg === pkg.legs - 1 ? pkg.units : 0;
      const unitPrice = pkg === null ? bf.price : Math.abs(pkg.netPrice);
      const filledQty = order.filledQuantity + units;
      const avg = units === 0 ? order.avgFillPrice : roundPrice(((order.avgFillPrice ?? 0) * order.filledQuantity + unitPrice * units) / filledQty);
      nextOrder = {
        ...order,
        brokerOrderId: order.brokerOrderId ?? bf.brokerOrderId,
        filledQuantity: filledQty,
        avgFillPrice: avg,
        status: filledQty >= order.quantity ? 'filled' : TERMINAL_ORDER_STATUSES.includes(order.status) ? order.status : filledQty > 0 ? 'partially_filled' : order.status,
        submittedAt: order.submittedAt ?? bf.t,
        updatedAt: now(),
      };
      repo.updateOrder(nextOrder);
      const card = repo.getCard(order.cardId);
      repo.upsertPosition({
        symbol: bf.symbol,
        quantity: effect.next.quantity,
        multiplier,
        costCents: effect.next.costCents,
        realizedCents: effect.next.realizedCents,
        originId: pos.quantity === 0 ? (card?.originId ?? null) : pos.originId,
        openedAt: pos.quantity === 0 ? bf.t : pos.openedAt,
        updatedAt: bf.t,
      });
      repo.addLedger({ t: bf.t, kind: 'fill', amountCents: effect.cashCents, ref: fill.id, memo: `${bf.side} ${bf.quantity} ${bf.symbol} @ ${bf.price}` });
      if (bf.fee > 0) repo.addLedger({ t: bf.t, kind: 'fee', amountCents: -toCents(bf.fee), ref: fill.id, memo: `commission ${bf.symbol}` });
      audit.append({
        t: now(),
        actor: `broker:${deps.broker().name}`,
        action: 'fill.recorded',
        entity: 'fill',
        entityId: fill.id,
        data: { fill, position: effect.next, realizedCents: effect.realizedCents, cashCents: effect.cashCents, feeCents: toCents(bf.fee) },
      });
      refreshCard(order.cardId);
    })();
    if (!recorded) return;
    bus.emit('fills.created', { fill });
    emitOrder(nextOrder);
    emitCardById(order.cardId);
    emitPositions();
    emitStatus();
    notify('Filled', `${bf.side.toUpperCase()} ${bf.quantity.toLocaleString('en-US')} ${bf.symbol} @ ${bf.price}`, 'info', order.cardId);
    afterOrderChange(order.cardId);
  }

  /** After an entry changes: a filled bracket gets its exits, and the next due tranche may go. */
  function afterOrderChange(cardId: string): void {
    const card = repo.getCard(cardId);
    if (!card || card.orderType !== 'bracket') return;
    const orders = repo.ordersOfCard(cardId);
    const entries = orders.filter((o) => o.role === 'entry');
    if (!entries.every((o) => TERMINAL_ORDER_STATUSES.includes(o.status))) return;
    if (orders.some((o) => o.role !== 'entry')) return;
    const filled = entries.reduce((s, o) => s + o.filledQuantity, 0);
    if (filled === 0 || card.takeProfitPrice === null || card.stopLossPrice === null) return;
    const t = now();
    const exitSide = closingSide(card.side);
    const make = (role: 'take_profit' | 'stop_loss'): StoredOrder => {
      const clientOrderId = `${card.id}-${role === 'take_profit' ? 'tp' : 'sl'}`;
      return {
        id: clientOrderId,
        cardId: card.id,
        clientOrderId,
        brokerOrderId: null,
        broker: deps.broker().name,
        symbol: card.symbol,
        side: exitSide,
        quantity: filled,
        filledQuantity: 0,
        orderType: role === 'take_profit' ? 'limit' : 'stop',
        limitPrice: role === 'take_profit' ? card.takeProfitPrice : null,
        stopPrice: role === 'stop_loss' ? card.stopLossPrice : null,
        timeInForce: 'gtc',
        role,
        tranche: 0,
        status: 'pending_submit',
        statusReason: null,
        avgFillPrice: null,
        dueAt: t,
        createdAt: t,
        submittedAt: null,
        updatedAt: t,
        ocoGroup: `${card.id}-oco`,
        legs: null,
      };
    };
    const exits = [make('take_profit'), make('stop_loss')];
    db.transaction(() => {
      for (const o of exits) {
        repo.insertOrder(o);
        audit.append({ t, actor: ENGINE_ACTOR, action: 'order.created', entity: 'order', entityId: o.id, data: toOrder(o) });
      }
    })();
    for (const o of exits) {
      emitOrder(o);
      void submit(o.id, true);
    }
  }

  /** Expiry of pending cards, due tranches, submission retries; runs on a wall-clock timer and after clock jumps. */
  async function sweep(): Promise<void> {
    if (sweeping) return;
    sweeping = true;
    try {
      const t = now();
      let changed = false;
      for (const id of repo.dueForExpiry(t)) if (expireCard(id)) changed = true;
      if (changed) emitStatus();
      if (!haltState().halted) {
        for (const o of repo.liveOrders()) {
          if (o.status === 'pending_submit' && o.dueAt <= t) await submit(o.id, o.role !== 'entry');
        }
      }
      if (Date.now() - lastPositionsEmit > 1_000 && repo.positions().some((p) => p.quantity !== 0)) emitPositions();
    } catch (error) {
      log.error({ err: error }, 'trading sweep failed');
    } finally {
      sweeping = false;
    }
  }

  /** Brings the engine's live orders in line with the broker's book after a restart. */
  async function reconcile(): Promise<{ orders: number; fills: number; resubmitted: number }> {
    const broker = deps.broker();
    let fills = 0;
    let resubmitted = 0;
    const live = repo.liveOrders();
    for (const order of live) {
      const state = await broker.getOrder(order.clientOrderId);
      if (!state) {
        if (order.status === 'pending_submit') resubmitted++;
        else finishOrder(order, 'rejected', 'the broker has no record of this order');
        continue;
      }
      for (const f of await broker.fills(order.clientOrderId)) {
        const before = repo.listFills({ cardId: order.cardId, limit: 5_000 }).length;
        recordFill(f);
        if (repo.listFills({ cardId: order.cardId, limit: 5_000 }).length > before) fills++;
      }
      applyBrokerState(state);
    }
    // Approved cards whose derived status lags (a crash between an order change and the card's refresh).
    for (const card of repo.listCards({ statuses: ['approved', 'submitted', 'partially_filled'], offset: 0, limit: 10_000 }).cards) {
      db.transaction(() => refreshCard(card.id))();
      afterOrderChange(card.id);
    }
    log.info({ orders: live.length, fills, resubmitted }, 'reconciled open orders with the broker');
    return { orders: live.length, fills, resubmitted };
  }

  // ---------------------------------------------------------------- decisions

  function reject(id: string, reason: string, actor: Actor): StoredCard {
    const card = requireCard(id);
    if (card.status !== 'pending' && card.status !== 'blocked') {
      throw new EngineError(RPC_ERROR.conflict, `card ${id} is already ${card.status}; only pending or blocked cards can be rejected`, { status: card.status });
    }
    const t = now();
    const next: StoredCard = { ...card, status: 'rejected', statusReason: reason, decidedBy: actor, decidedAt: t, updatedAt: t, stages: { ...card.stages, approval: t }, version: card.version + 1 };
    db.transaction(() => saveCard(next, card.version, actor, 'card.rejected', { reason, from: card.status }))();
    emitCard(next, card.status);
    emitStatus();
    return next;
  }

  function modify(
    p: { id: string; quantity?: number | undefined; limitPrice?: number | undefined; stopPrice?: number | undefined; takeProfitPrice?: number | undefined; stopLossPrice?: number | undefined; timeInForce?: TradeCard['timeInForce'] | undefined },
    actor: Actor,
  ): StoredCard {
    const card = requireCard(p.id);
    if (card.status !== 'pending' && card.status !== 'blocked') {
      throw new EngineError(RPC_ERROR.conflict, `card ${p.id} is ${card.status}; only pending or blocked cards can be modified`, { status: card.status });
    }
    if (card.expiresAt <= now()) {
      expireCard(card.id);
      emitStatus();
      throw new EngineError(RPC_ERROR.conflict, `card ${card.id} has expired`);
    }
    const changed: StoredCard = {
      ...card,
      quantity: p.quantity ?? card.quantity,
      limitPrice: p.limitPrice ?? card.limitPrice,
      stopPrice: p.stopPrice ?? card.stopPrice,
      takeProfitPrice: p.takeProfitPrice ?? card.takeProfitPrice,
      stopLossPrice: p.stopLossPrice ?? card.stopLossPrice,
      timeInForce: p.timeInForce ?? card.timeInForce,
    };
    assertValidOrder(changed, 'modification');
    const result = evaluateCard(changed, 'modify');
    const t = now();
    const next: StoredCard = {
      ...changed,
      status: result.passed ? 'pending' : 'blocked',
      statusReason: result.passed ? null : `blocked by guardrails: ${blockingSummary(result)}`,
      guardrails: result,
      updatedAt: t,
      version: card.version + 1,
    };
    db.transaction(() => {
      repo.insertEvaluation(card.id, result);
      saveCard(next, card.version, actor, 'card.modified', {
        from: { quantity: card.quantity, limitPrice: card.limitPrice, stopPrice: card.stopPrice, takeProfitPrice: card.takeProfitPrice, stopLossPrice: card.stopLossPrice, timeInForce: card.timeInForce },
        to: { quantity: next.quantity, limitPrice: next.limitPrice, stopPrice: next.stopPrice, takeProfitPrice: next.takeProfitPrice, stopLossPrice: next.stopLossPrice, timeInForce: next.timeInForce },
        guardrails: result,
      });
    })();
    emitCard(next, card.status);
    emitStatus();
    return next;
  }

  async function cancel(id: string, reason: string | undefined, actor: Actor): Promise<StoredCard> {
    const card = requireCard(id);
    if (TERMINAL_CARD_STATUSES.includes(card.status)) {
      throw new EngineError(RPC_ERROR.conflict, `card ${id} is already ${card.status}`, { status: card.status });
    }
    const why = reason ?? 'cancelled by the trader';
    if (card.status === 'pending' || card.status === 'blocked') {
      const t = now();
      const next: StoredCard = { ...card, status: 'cancelled', statusReason: why, updatedAt: t, decidedBy: actor, decidedAt: t, version: card.version + 1 };
      db.transaction(() => saveCard(next, card.version, actor, 'card.cancelled', { reason: why, from: card.status }))();
      emitCard(next, card.status);
      emitStatus();
      return next;
    }
    // Approved and working: cancel what has not filled.
    await cancelLiveOrders(id, why, actor);
    return requireCard(id);
  }

  /** Cancels a card's orders that are still live (unsent ones here, the rest at the broker), audited once. */
  async function cancelLiveOrders(cardId: string, why: string, actor: Actor): Promise<void> {
    db.transaction(() => audit.append({ t: now(), actor, action: 'card.cancel_requested', entity: 'card', entityId: cardId, data: { reason: why } }))();
    for (const o of repo.ordersOfCard(cardId)) {
      if (TERMINAL_ORDER_STATUSES.includes(o.status)) continue;
      if (o.status === 'pending_submit') {
        finishOrder(o, 'cancelled', why);
        continue;
      }
      const state = await deps.broker().cancel(o.clientOrderId, why);
      if (state) applyBrokerState(state);
    }
  }

  function halt(reason: string, actor: Actor): TradingStatus {
    const t = now();
    const state: HaltState = { halted: true, reason, since: t, by: actor };
    db.transaction(() => {
      settings.set(HALT_KEY, state, t);
      audit.append({ t, actor, action: 'trading.halted', entity: 'trading', entityId: 'desk', data: { reason } });
    })();
    log.warn({ reason, actor }, 'trading halted');
    const s = status();
    bus.emit('trading.statusChanged', s);
    deps.notifier?.notify({ title: 'Trading halted', body: reason, severity: 'critical', view: 'approvals' });
    return s;
  }

  /**
   * Cancels every card with orders still working at the broker (entries, and the stop and take-profit orders that
   * protect positions): a halt that also flattens the order book, as a broker's kill switch does. Each card's own
   * cancel path, so every order is audited and its card ends cancelled or partially filled. Returns how many cards.
   */
  async function cancelWorking(reason: string, actor: Actor): Promise<number> {
    const cardIds = [...new Set(repo.liveOrders().map((o) => o.cardId))];
    let cancelled = 0;
    for (const id of cardIds) {
      try {
        // A filled bracket's card is done but its take-profit and stop still work: those are cancelled directly.
        if (TERMINAL_CARD_STATUSES.includes(requireCard(id).status)) await cancelLiveOrders(id, reason, actor);
        else await cancel(id, reason, actor);
        cancelled++;
      } catch (error) {
        // one card that cannot be cancelled (already terminal, broker refusal) does not stop the others
        log.warn({ cardId: id, err: error instanceof Error ? error.message : String(error) }, 'cancel on halt failed');
      }
    }
    emitStatus();
    return cancelled;
  }

  function resume(reason: string | undefined, actor: Actor): TradingStatus {
    const t = now();
    const previous = haltState();
    const state: HaltState = { halted: false, reason: null, since: t, by: actor };
    db.transaction(() => {
      settings.set(HALT_KEY, state, t);
      audit.append({ t, actor, action: 'trading.resumed', entity: 'trading', entityId: 'desk', data: { reason: reason ?? null, haltedSince: previous.since, haltReason: previous.reason } });
    })();
    log.warn({ actor }, 'trading resumed');
    const s = status();
    bus.emit('trading.statusChanged', s);
    void sweep();
    return s;
  }

  function auditSettingsChange(next: GuardrailConfig, prev: GuardrailConfig, origin: 'file' | 'api', actor: Actor = origin === 'file' ? 'file' : ENGINE_ACTOR): void {
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(next.limits) as (keyof GuardrailLimits)[]) {
      if (next.limits[key] !== prev.limits[key]) changes[key] = { from: prev.limits[key], to: next.limits[key] };
    }
    const playbooksChanged = JSON.stringify(next.playbooks) !== JSON.stringify(prev.playbooks);
    db.transaction(() =>
      audit.append({ t: now(), actor, action: 'settings.changed', entity: 'settings', entityId: 'guardrails', data: { origin, limits: changes, playbooksChanged, defaultPlaybook: next.defaultPlaybook } }),
    )();
  }

  return {
    repo,
    audit,
    accountView,
    positionSnapshots,
    equity,
    auditSettingsChange,

    /** Loads instruments, opens the paper account on first start, wires the broker, reconciles, starts the sweep. */
    async start(): Promise<void> {
      instruments = new Map(market.instruments().map((i) => [i.symbol, i]));
      if (repo.ledgerEntries() === 0) {
        const cash = deps.startingCash ?? DEFAULT_STARTING_CASH;
        const t = now();
        db.transaction(() => {
          repo.addLedger({ t, kind: 'deposit', amountCents: toCents(cash), ref: null, memo: 'paper account opening deposit' });
          audit.append({ t, actor: ENGINE_ACTOR, action: 'ledger.deposit', entity: 'ledger', entityId: 'cash', data: { amountCents: toCents(cash) } });
        })();
      }
      const broker = deps.broker();
      unsubscribers.push(broker.onFill((f) => recordFill(f)));
      unsubscribers.push(broker.onOrderUpdate((s) => applyBrokerState(s)));
      await broker.start();
      await reconcile();
      started = true;
      if (haltState().halted) log.warn({ reason: haltState().reason }, 'trading is halted (carried over from the last run)');
      const ms = deps.sweepMs ?? 250;
      timer = setInterval(() => void sweep(), ms);
      timer.unref?.();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      for (const u of unsubscribers.splice(0)) u();
      if (started) await deps.broker().stop();
      started = false;
    },
    sweep,
    reconcile,
    status,
    haltState,
    positionsAndAccount,
    createCards,
    createCard: (input: CreateCardInput, actor: Actor): TradeCard => createCards([input], actor)[0]!,
    createStrategyCard,
    optionsStatus: optionsState,
    setOptionsTrading,
    getCard: (id: string): TradeCard => toCard(requireCard(id)),
    listCards(q: { statuses?: readonly CardStatus[] | undefined; symbol?: string | undefined; origin?: string | undefined; offset: number; limit: number }) {
      const r = repo.listCards(q);
      return { total: r.total, cards: r.cards.map(toCard) };
    },
    /** Approves and submits the first tranche; answers once the broker has the order (and any immediate fill). */
    async approve(p: { id: string; quantity?: number | undefined; limitPrice?: number | undefined }, actor: Actor): Promise<{ card: TradeCard; order: Order }> {
      const { card, order } = approve(p, actor);
      if (order.dueAt <= now()) await submit(order.id, true);
      return { card: toCard(repo.getCard(card.id) ?? card), order: toOrder(repo.getOrder(order.id) ?? order) };
    },
    reject: (id: string, reason: string, actor: Actor): TradeCard => toCard(reject(id, reason, actor)),
    modify: (p: Parameters<typeof modify>[0], actor: Actor): TradeCard => toCard(modify(p, actor)),
    cancel: async (id: string, reason: string | undefined, actor: Actor): Promise<TradeCard> => toCard(await cancel(id, reason, actor)),
    halt,
    cancelWorking,
    resume,
    explain(cardId: string) {
      const card = requireCard(cardId);
      const g = deps.guardrails();
      return { cardId, latest: card.guardrails, history: repo.evaluations(cardId), limits: g.config().limits, playbook: g.playbook(card.playbook) };
    },
    /** A what-if: the checks for an order that is not a card. */
    evaluate(input: CreateCardInput & { signalAt?: number | undefined }): GuardrailResult {
      const { intent } = resolveIntent(input);
      const playbook = deps.guardrails().playbook(input.playbook);
      return deps.guardrails().evaluate(intent, { phase: 'what_if', playbook: playbook.id, evidence: input.evidence ?? [], signalAt: input.signalAt ?? now() });
    },
    listOrders: (q: { cardId?: string | undefined; statuses?: readonly OrderStatus[] | undefined; limit: number }): Order[] => repo.listOrders(q).map(toOrder),
    listFills: (q: { cardId?: string | undefined; symbol?: string | undefined; limit: number }): Fill[] => repo.listFills(q),
    exportAudit: (format: 'jsonl' | 'csv') => exportAuditFile(audit, join(deps.dataDir, 'exports'), now(), format),
    funnel: (from: number, to: number) => pipelineFunnel(repo.cardsCreatedBetween(from, to), from, to),
    pendingCount: (): number => repo.countCards(['pending', 'blocked']),
    /** Pending-side sign of a side, re-exported for callers that size hedges. */
    sideSign,
  };
}
