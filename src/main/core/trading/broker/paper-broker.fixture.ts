/**
 * Test harness of the paper broker: a real SQLite book, a paused SimulatedClock on a known session, a hand-made
 * quote map, an account with settable buying power and positions, and a log of every listener call.
 */
import type { Quote } from '../../../../shared/contract';
import { SimulatedClock } from '../../clock';
import { openMemoryDatabase, type Db } from '../../db';
import { createEventBus, type EventBus } from '../../events/bus';
import { silentLogger } from '../../log';
import { sessionFor, type Session } from '../../market/calendar';
import type { BrokerOrderRequest } from '../ports';
import type { PaperBrokerConfig } from './config';
import { createPaperBroker, type PaperBroker } from './paper-broker';
import type { PaperInstrument } from './refusals';

/** Monday 16 March 2026, a regular session (New York on daylight time). */
export const SESSION: Session = sessionFor('2026-03-16')!;
export const MIN = 60_000;
export const AT_10AM = SESSION.open + 30 * MIN;

export const INSTRUMENTS: Record<string, PaperInstrument> = {
  AAA: { symbol: 'AAA', float: 50_000_000, exchange: 'NASDAQ', kind: 'stock' },
  BIG: { symbol: 'BIG', float: 400_000_000, exchange: 'NYSE', kind: 'stock' },
  THIN: { symbol: 'THIN', float: 2_000_000, exchange: 'NASDAQ', kind: 'stock' },
  OTCX: { symbol: 'OTCX', float: 80_000_000, exchange: 'OTC', kind: 'stock' },
  PNY: { symbol: 'PNY', float: 100_000_000, exchange: 'NASDAQ', kind: 'stock' },
  NOQ: { symbol: 'NOQ', float: 50_000_000, exchange: 'NYSE', kind: 'stock' },
};

export const ADV: Record<string, number> = { AAA: 10_000_000, BIG: 10_000_000, THIN: 200_000, PNY: 5_000_000 };

export function makeQuote(symbol: string, p: { last: number; bid?: number; ask?: number; volume?: number; t: number }): Quote {
  const tick = p.last >= 1 ? 0.01 : 0.0001;
  const bid = p.bid ?? Number((p.last - tick).toFixed(4));
  const ask = p.ask ?? Number((p.last + tick).toFixed(4));
  return {
    symbol,
    last: p.last,
    bid,
    ask,
    open: p.last,
    high: p.last,
    low: p.last,
    prevClose: p.last,
    change: 0,
    changePct: 0,
    volume: p.volume ?? 1_000_000,
    t: p.t,
  };
}

export interface Harness {
  db: Db;
  clock: SimulatedClock;
  bus: EventBus;
  broker: PaperBroker;
  quotes: Map<string, Quote>;
  /** Option legs' markets for packages, by contract symbol. */
  legQuotes: Map<string, { bid: number; ask: number; mark: number }>;
  account: { buyingPower: number; positions: Map<string, number> };
  /** 'fill <client id> <qty>@<price> fee <fee>' and 'order <client id> <status> <filled>', in call order. */
  events: string[];
  /** Sets a symbol's quote at the clock's time (volume defaults to the previous quote's). */
  setQuote(symbol: string, p: { last: number; bid?: number; ask?: number; volume?: number }): Quote;
}

export function harness(
  opts: { db?: Db; start?: number; config?: Partial<PaperBrokerConfig>; buyingPower?: number; positions?: Record<string, number> } = {},
): Harness {
  const db = opts.db ?? openMemoryDatabase();
  const clock = new SimulatedClock({ start: opts.start ?? AT_10AM, paused: true });
  const bus = createEventBus((topic, error) => {
    throw new Error(`listener of ${topic} failed: ${String(error)}`);
  });
  const quotes = new Map<string, Quote>();
  const legQuotes = new Map<string, { bid: number; ask: number; mark: number }>();
  const account = { buyingPower: opts.buyingPower ?? 1_000_000, positions: new Map(Object.entries(opts.positions ?? {})) };
  const events: string[] = [];
  const broker = createPaperBroker({
    db,
    clock,
    bus,
    quote: (s) => quotes.get(s) ?? null,
    instrument: (s) => INSTRUMENTS[s],
    adv: (s) => ADV[s] ?? null,
    account: { buyingPower: () => account.buyingPower, position: (s) => account.positions.get(s) ?? 0 },
    log: silentLogger(),
    legQuote: (s) => legQuotes.get(s) ?? null,
    // No wall-clock sweep unless a test asks for one: every pass below is driven by the test.
    config: { sweepMs: 0, ...opts.config },
  });
  broker.onFill((f) => events.push(`fill ${f.clientOrderId} ${f.quantity}@${f.price} fee ${f.fee}`));
  broker.onOrderUpdate((o) => events.push(`order ${o.clientOrderId} ${o.status} ${o.filledQuantity}`));
  const setQuote: Harness['setQuote'] = (symbol, p) => {
    const q = makeQuote(symbol, { volume: quotes.get(symbol)?.volume, ...p, t: clock.now() });
    quotes.set(symbol, q);
    return q;
  };
  return { db, clock, bus, broker, quotes, legQuotes, account, events, setQuote };
}

export function request(over: Partial<BrokerOrderRequest> & { clientOrderId: string }): BrokerOrderRequest {
  return {
    symbol: 'AAA',
    side: 'buy',
    quantity: 100,
    orderType: 'market',
    limitPrice: null,
    stopPrice: null,
    timeInForce: 'day',
    ocoGroup: null,
    ...over,
  };
}
