/**
 * The built-in paper broker: a BrokerAdapter that fills against the market simulator's quotes (or any quote
 * source), with its own book in SQLite (paper_orders, paper_fills) so orders survive a restart.
 *
 * - submit() is idempotent on clientOrderId (UNIQUE in paper_orders). A refusal (refusals.ts) is an order in
 *   status 'rejected' with its reason. An accepted market or marketable order fills at once inside submit, up
 *   to the immediate size (fill-model.ts); the rest works over later quote batches.
 * - process() is one matching pass: day orders past their session's end (20:00 New York, 17:00 on early
 *   closes) expire; then, inside the extended session, per symbol that is not halted (luld.ts): stops trigger on
 *   the last price, and executable orders fill, oldest first, from the participation pool of the volume traded
 *   since the previous pass (plus the immediate size on the pass a stop triggers).
 * - start() subscribes to 'quotes.updated' (one pass per batch) and sweeps every sweepMs of wall time (expiry
 *   at 20:00 needs no quote); the book lives in SQLite, so after a restart the working orders simply continue.
 * - Each state change is one SQLite transaction (the fill, its order and the OCO siblings it cancels); the
 *   listeners are called after the commit, synchronously, in order: a fill, then its order's update, then the
 *   cancelled siblings. A throwing listener is logged and does not stop the others.
 */
import { randomUUID } from 'node:crypto';
import type { BrokerOrderType, OrderStatus, Quote, Side, TimeInForce } from '../../../../shared/contract';
import type { Clock } from '../../clock';
import type { Db } from '../../db/open-database';
import { createPaperBrokerRepo, type PaperFill, type PaperOrder } from '../../db/repositories/paper-broker-repo';
import type { EventBus } from '../../events/bus';
import type { Logger } from '../../log';
import { sessionFor, sessionPhaseAt } from '../../market/calendar';
import type { BrokerAccountView, BrokerAdapter, BrokerFill, BrokerOrderRequest, BrokerOrderState } from '../ports';
import { resolveConfig, type PaperBrokerConfig } from './config';
import { executionPrice, immediateShares, orderFeeCents, participationShares, stopTriggered } from './fill-model';
import { createHaltMonitor } from './luld';
import { refusal, type PaperInstrument } from './refusals';
import { optionLegFeeCents, packageFillable, pricePackage, type LegQuote } from './package-fill';

export interface PaperBrokerDeps {
  db: Db;
  clock: Clock;
  bus: EventBus;
  /** The current quote of a symbol, or null when there is none. */
  quote(symbol: string): Quote | null;
  instrument(symbol: string): PaperInstrument | undefined;
  /** Average daily volume in shares, or null when unknown (then the maximum slippage applies). */
  adv(symbol: string): number | null;
  account: BrokerAccountView;
  log: Logger;
  config?: Partial<PaperBrokerConfig>;
  /** A leg's market for packages: an option contract's bid/ask/mark (stock legs use `quote`). */
  legQuote?(symbol: string): LegQuote | null;
}

export interface PaperBroker extends BrokerAdapter {
  /** One matching pass over the working orders against the current quotes. */
  process(): void;
  /** End of the LULD-style halt in force on a symbol now, or null. */
  haltedUntil(symbol: string): number | null;
}

type Note = { fill: BrokerFill } | { order: BrokerOrderState };

const SIDES: readonly Side[] = ['buy', 'sell', 'short', 'cover'];
const TYPES: readonly BrokerOrderType[] = ['market', 'limit', 'stop', 'stop_limit'];
const TIFS: readonly TimeInForce[] = ['day', 'gtc', 'ioc'];

const isWorking = (o: PaperOrder): boolean => o.status === 'submitted' || o.status === 'partially_filled';
const hasStop = (o: PaperOrder): boolean => o.orderType === 'stop' || o.orderType === 'stop_limit';
const limitOf = (o: PaperOrder): number | null =>
  o.orderType === 'limit' || o.orderType === 'stop_limit' ? o.limitPrice : null;

/** A day order works until the end of the extended session it was placed in (the next one when placed outside). */
export function dayOrderExpiry(createdAt: number): number {
  return sessionFor(sessionPhaseAt(createdAt).date)!.postClose;
}

const toState = (o: PaperOrder): BrokerOrderState => ({
  brokerOrderId: o.brokerOrderId,
  clientOrderId: o.clientOrderId,
  symbol: o.symbol,
  side: o.side,
  quantity: o.quantity,
  status: o.status,
  filledQuantity: o.filledQuantity,
  avgFillPrice: o.avgFillPrice,
  reason: o.reason,
  updatedAt: o.updatedAt,
});

const toBrokerFill = (f: PaperFill): BrokerFill => ({
  brokerFillId: f.brokerFillId,
  brokerOrderId: f.brokerOrderId,
  clientOrderId: f.clientOrderId,
  symbol: f.symbol,
  side: f.side,
  quantity: f.quantity,
  price: f.price,
  fee: f.feeCents / 100,
  t: f.t,
  ...(f.leg ? { multiplier: f.leg.multiplier, package: { leg: f.leg.leg, legs: f.leg.legs, units: f.leg.units, netPrice: f.leg.netPrice } } : {}),
});

export function createPaperBroker(deps: PaperBrokerDeps): PaperBroker {
  const { clock, log } = deps;
  const config = resolveConfig(deps.config);
  const repo = createPaperBrokerRepo(deps.db);
  const halts = createHaltMonitor(config);
  const fillListeners = new Set<(fill: BrokerFill) => void>();
  const orderListeners = new Set<(order: BrokerOrderState) => void>();
  /** Cumulative day volume per symbol at the previous pass (participation is a share of the difference). */
  const lastVolume = new Map<string, number>();
  let unsubscribe: (() => void) | null = null;
  let sweep: NodeJS.Timeout | null = null;
  let busy = false;
  let again = false;

  const quoteOf = (symbol: string): Quote | null => {
    try {
      return deps.quote(symbol);
    } catch {
      return null;
    }
  };

  function safely(call: () => void): void {
    try {
      call();
    } catch (error) {
      log.error({ err: error }, 'paper broker listener failed');
    }
  }

  function publish(notes: readonly Note[]): void {
    for (const note of notes) {
      if ('fill' in note) for (const l of [...fillListeners]) safely(() => l(note.fill));
      else for (const l of [...orderListeners]) safely(() => l(note.order));
    }
  }

  function transition(o: PaperOrder, status: OrderStatus, reason: string | null, now: number, notes: Note[]): PaperOrder {
    const next = { ...o, status, reason, updatedAt: now };
    repo.updateOrder(next);
    notes.push({ order: toState(next) });
    return next;
  }

  /** Records one execution, its order's new state and the OCO siblings it cancels (inside a transaction). */
  function fill(o: PaperOrder, quantity: number, price: number, now: number, notes: Note[]): PaperOrder {
    const before = repo.totals(o.brokerOrderId);
    const value = before.value + quantity * price;
    const filled = o.filledQuantity + quantity;
    const f: PaperFill = {
      brokerFillId: `${o.brokerOrderId}-${before.count + 1}`,
      brokerOrderId: o.brokerOrderId,
      clientOrderId: o.clientOrderId,
      symbol: o.symbol,
      side: o.side,
      quantity,
      price,
      feeCents: Math.max(0, orderFeeCents(before.quantity + quantity, value, config) - before.feeCents),
      t: now,
    };
    repo.insertFill(f);
    const next: PaperOrder = {
      ...o,
      filledQuantity: filled,
      avgFillPrice: Math.round((value / filled) * 1e6) / 1e6,
      status: filled >= o.quantity ? 'filled' : 'partially_filled',
      updatedAt: now,
    };
    repo.updateOrder(next);
    notes.push({ fill: toBrokerFill(f) }, { order: toState(next) });
    if (o.ocoGroup !== null) {
      for (const sibling of repo.workingInGroup(o.ocoGroup)) {
        if (sibling.brokerOrderId !== o.brokerOrderId) {
          transition(sibling, 'cancelled', `OCO: ${o.clientOrderId} filled`, now, notes);
        }
      }
    }
    return next;
  }

  /**
   * Triggers a stop when the last price crossed it, then fills what it can: `immediate` extra shares when the
   * order becomes executable now (at submit, or on its trigger), plus up to `pool` participation shares.
   * Returns the order and the pool shares it used.
   */
  function work(o: PaperOrder, q: Quote, immediate: number, pool: number, now: number, notes: Note[]): [PaperOrder, number] {
    let extra = immediate;
    if (hasStop(o) && !o.triggered) {
      if (!stopTriggered(o.side, o.stopPrice!, q.last)) return [o, 0];
      o = { ...o, triggered: true, updatedAt: now };
      repo.updateOrder(o);
      extra = immediateShares(deps.adv(o.symbol), config);
    }
    const price = executionPrice({ side: o.side, quantity: o.quantity, limitPrice: limitOf(o) }, q, deps.adv(o.symbol), config);
    if (price === null) return [o, 0];
    const remaining = o.quantity - o.filledQuantity;
    const atOnce = Math.min(remaining, extra);
    const fromPool = Math.min(remaining - atOnce, pool);
    if (atOnce + fromPool <= 0) return [o, 0];
    return [fill(o, atOnce + fromPool, price, now, notes), fromPool];
  }

  function legQuotes(legs: NonNullable<PaperOrder['legs']>): (LegQuote | null)[] {
    return legs.map((leg) => {
      if (leg.multiplier === 1) {
        const q = quoteOf(leg.symbol);
        return q ? { bid: q.bid, ask: q.ask, mark: (q.bid + q.ask) / 2 } : null;
      }
      try {
        return deps.legQuote?.(leg.symbol) ?? null;
      } catch {
        return null;
      }
    });
  }

  /** Fills every leg of a package at once (inside a transaction). */
  function fillPackage(o: PaperOrder, legPrices: readonly number[], net: number, now: number, notes: Note[]): PaperOrder {
    const legs = o.legs!;
    const units = o.quantity - o.filledQuantity;
    legs.forEach((leg, i) => {
      const quantity = units * leg.ratio;
      const price = legPrices[i]!;
      const f: PaperFill = {
        brokerFillId: `${o.brokerOrderId}-L${i + 1}`,
        brokerOrderId: o.brokerOrderId,
        clientOrderId: o.clientOrderId,
        symbol: leg.symbol,
        side: leg.side,
        quantity,
        price,
        feeCents: leg.multiplier === 1 ? orderFeeCents(quantity, quantity * price, config) : optionLegFeeCents(quantity),
        t: now,
        leg: { leg: i, legs: legs.length, units, netPrice: net, multiplier: leg.multiplier },
      };
      repo.insertFill(f);
      notes.push({ fill: toBrokerFill(f) });
    });
    const next: PaperOrder = { ...o, filledQuantity: o.quantity, avgFillPrice: Math.abs(net), status: 'filled', updatedAt: now };
    repo.updateOrder(next);
    notes.push({ order: toState(next) });
    return next;
  }

  /** Tries a working package against the legs' markets now. */
  function workPackage(o: PaperOrder, now: number, notes: Note[]): PaperOrder {
    if (sessionPhaseAt(now).phase !== 'regular') return o;
    const pricing = pricePackage(o.legs!, legQuotes(o.legs!));
    if (pricing === null || !packageFillable(o.side, pricing.net, o.limitPrice)) return o;
    return fillPackage(o, pricing.legPrices, pricing.net, now, notes);
  }

  function submitPackage(request: BrokerOrderRequest): BrokerOrderState {
    const now = clock.now();
    const legs = request.legs!;
    const pricing = pricePackage(legs, legQuotes(legs));
    let reason: string | null = null;
    if (!Number.isInteger(request.quantity) || request.quantity <= 0) reason = `a package needs a positive whole number of units, not ${request.quantity}`;
    else if (sessionPhaseAt(now).phase !== 'regular') reason = 'options trade in the regular session only (09:30–16:00 New York)';
    else if (pricing === null) reason = `no two-sided market for ${legs.map((l) => l.symbol).join(', ')}`;
    else if (pricing.net > 0 && request.quantity * pricing.net * 100 > deps.account.buyingPower()) {
      reason = `insufficient buying power: the debit $${(request.quantity * pricing.net * 100).toFixed(2)} exceeds $${deps.account.buyingPower().toFixed(2)}`;
    }
    let order: PaperOrder = {
      brokerOrderId: `P${randomUUID()}`,
      clientOrderId: request.clientOrderId,
      symbol: request.symbol,
      side: request.side,
      quantity: Number.isFinite(request.quantity) ? request.quantity : 0,
      filledQuantity: 0,
      orderType: 'limit',
      limitPrice: request.limitPrice ?? null,
      stopPrice: null,
      timeInForce: request.timeInForce,
      ocoGroup: null,
      status: reason === null ? 'submitted' : 'rejected',
      reason,
      avgFillPrice: null,
      triggered: false,
      createdAt: now,
      updatedAt: now,
      legs,
    };
    const notes: Note[] = [];
    repo.transaction(() => {
      if (!repo.insertOrder(order)) {
        order = repo.byClientId(request.clientOrderId)!;
        return;
      }
      notes.push({ order: toState(order) });
      if (reason !== null || pricing === null) return;
      if (packageFillable(order.side, pricing.net, order.limitPrice)) order = fillPackage(order, pricing.legPrices, pricing.net, now, notes);
      else if (order.timeInForce === 'ioc') order = transition(order, 'cancelled', 'IOC: the package could not fill at its limit', now, notes);
    });
    if (reason !== null) log.info({ clientOrderId: order.clientOrderId, reason }, 'paper broker rejected a package');
    publish(notes);
    return toState(order);
  }

  function submitNow(request: BrokerOrderRequest): BrokerOrderState {
    const existing = repo.byClientId(request.clientOrderId);
    if (existing) {
      if (existing.symbol !== request.symbol || existing.side !== request.side || existing.quantity !== request.quantity) {
        log.warn({ clientOrderId: request.clientOrderId }, 'paper broker: a resubmit differs from the stored order; returning the stored one');
      }
      return toState(existing);
    }
    if (request.legs && request.legs.length > 0) return submitPackage(request);
    const now = clock.now();
    const quote = quoteOf(request.symbol);
    if (quote) halts.observe(request.symbol, quote.last, quote.t);
    const inSession = sessionPhaseAt(now).phase !== 'closed';
    const badEnum = !SIDES.includes(request.side) || !TYPES.includes(request.orderType) || !TIFS.includes(request.timeInForce);
    const reason = badEnum
      ? `unsupported side, order type or time in force (${request.side}, ${request.orderType}, ${request.timeInForce})`
      : refusal({
          request,
          instrument: deps.instrument(request.symbol),
          quote,
          inSession,
          haltedUntil: halts.haltedUntil(request.symbol, now),
          account: deps.account,
          config,
        });
    let order: PaperOrder = {
      brokerOrderId: `P${randomUUID()}`,
      clientOrderId: request.clientOrderId,
      symbol: request.symbol,
      side: request.side,
      quantity: Number.isFinite(request.quantity) ? request.quantity : 0,
      filledQuantity: 0,
      orderType: request.orderType,
      limitPrice: request.limitPrice ?? null,
      stopPrice: request.stopPrice ?? null,
      timeInForce: request.timeInForce,
      ocoGroup: request.ocoGroup ?? null,
      status: reason === null ? 'submitted' : 'rejected',
      reason,
      avgFillPrice: null,
      triggered: false,
      createdAt: now,
      updatedAt: now,
    };
    const notes: Note[] = [];
    repo.transaction(() => {
      if (!repo.insertOrder(order)) {
        order = repo.byClientId(request.clientOrderId)!;
        return;
      }
      notes.push({ order: toState(order) });
      if (reason !== null) return;
      if (quote && !lastVolume.has(order.symbol)) lastVolume.set(order.symbol, quote.volume);
      if (inSession && quote) {
        // A stop gets its immediate size when (and if) it triggers, inside work().
        const atOnce = hasStop(order) ? 0 : immediateShares(deps.adv(order.symbol), config);
        [order] = work(order, quote, atOnce, 0, now, notes);
      }
      if (order.timeInForce === 'ioc' && isWorking(order)) {
        const why = order.filledQuantity > 0 ? 'IOC: unfilled rest cancelled' : 'IOC: nothing could fill at once';
        order = transition(order, 'cancelled', why, now, notes);
      }
    });
    if (reason !== null) log.info({ clientOrderId: order.clientOrderId, reason }, 'paper broker rejected an order');
    publish(notes);
    return toState(order);
  }

  function pass(): void {
    const now = clock.now();
    const working = repo.working();
    const expired = working.filter((o) => o.timeInForce === 'day' && now >= dayOrderExpiry(o.createdAt));
    if (expired.length > 0) {
      const notes: Note[] = [];
      repo.transaction(() => {
        for (const o of expired) transition(o, 'expired', 'day order: its session ended', now, notes);
      });
      publish(notes);
    }
    const bySymbol = new Map<string, string[]>();
    for (const o of working) {
      if (expired.includes(o)) continue;
      if (o.legs && o.legs.length > 0) {
        const step: Note[] = [];
        repo.transaction(() => {
          const fresh = repo.byBrokerId(o.brokerOrderId);
          if (fresh && isWorking(fresh)) workPackage(fresh, now, step);
        });
        publish(step);
        continue;
      }
      const ids = bySymbol.get(o.symbol);
      if (ids) ids.push(o.brokerOrderId);
      else bySymbol.set(o.symbol, [o.brokerOrderId]);
    }
    for (const symbol of lastVolume.keys()) if (!bySymbol.has(symbol)) lastVolume.delete(symbol);
    const open = sessionPhaseAt(now).phase !== 'closed';

    for (const [symbol, ids] of bySymbol) {
      const q = quoteOf(symbol);
      if (!q) continue;
      halts.observe(symbol, q.last, q.t);
      // The volume baseline follows the quotes while closed too, so the first batch of a session counts.
      const previous = lastVolume.get(symbol);
      lastVolume.set(symbol, q.volume);
      if (!open || halts.haltedUntil(symbol, now) !== null) continue;
      // Cumulative day volume falls back at a new session: then everything printed so far is new.
      const traded = previous === undefined ? 0 : q.volume >= previous ? q.volume - previous : q.volume;
      let pool = participationShares(traded, config);
      for (const id of ids) {
        const step: Note[] = [];
        repo.transaction(() => {
          const o = repo.byBrokerId(id);
          if (!o || !isWorking(o)) return; // filled, cancelled (OCO, a listener) since the pass began
          const [, used] = work(o, q, 0, pool, now, step);
          pool -= used;
        });
        publish(step);
      }
    }
  }

  const broker: PaperBroker = {
    name: 'paper',
    submit: async (request) => submitNow(request),
    async cancel(clientOrderId, reason) {
      const notes: Note[] = [];
      const result = repo.transaction(() => {
        const o = repo.byClientId(clientOrderId);
        if (!o) return null;
        if (!isWorking(o)) return o;
        return transition(o, 'cancelled', reason ?? 'cancelled on request', clock.now(), notes);
      });
      publish(notes);
      return result ? toState(result) : null;
    },
    async getOrder(clientOrderId) {
      const o = repo.byClientId(clientOrderId);
      return o ? toState(o) : null;
    },
    openOrders: async () => repo.working().map(toState),
    fills: async (clientOrderId) => repo.fills(clientOrderId).map(toBrokerFill),
    onFill(listener) {
      fillListeners.add(listener);
      return () => fillListeners.delete(listener);
    },
    onOrderUpdate(listener) {
      orderListeners.add(listener);
      return () => orderListeners.delete(listener);
    },
    async start() {
      if (unsubscribe) return;
      unsubscribe = deps.bus.on('quotes.updated', (batch) => {
        for (const q of batch.quotes) halts.observe(q.symbol, q.last, q.t);
        broker.process();
      });
      if (config.sweepMs > 0) {
        // Quotes stop changing after 20:00, so no batch would arrive to expire day orders until 04:00.
        sweep = setInterval(() => {
          try {
            broker.process();
          } catch (error) {
            log.error({ err: error }, 'paper broker sweep failed');
          }
        }, config.sweepMs);
        sweep.unref();
      }
      broker.process();
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = null;
      if (sweep) clearInterval(sweep);
      sweep = null;
    },
    process() {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      try {
        do {
          again = false;
          pass();
        } while (again);
      } finally {
        busy = false;
      }
    },
    haltedUntil: (symbol) => halts.haltedUntil(symbol, clock.now()),
  };
  return broker;
}
