/** Small domain fixtures for renderer tests. */
import type { ClockState, Quote, UniverseItem } from '../../../shared/contract/schemas';

/** A universe item with overridable fields. */
export function item(symbol: string, over: Partial<UniverseItem> = {}): UniverseItem {
  return {
    symbol,
    name: `${symbol} Corp.`,
    sector: 'technology',
    industry: 'Software',
    exchange: 'NASDAQ',
    kind: 'stock',
    marketCap: 500e6,
    float: 20e6,
    price: 10,
    avgVolume20: 1e6,
    ...over,
  };
}

/** A quote with overridable fields. */
export function quote(symbol: string, over: Partial<Quote> = {}): Quote {
  const last = over.last ?? 10;
  const prevClose = over.prevClose ?? 9.5;
  return {
    symbol,
    last,
    bid: last - 0.01,
    ask: last + 0.01,
    open: 9.6,
    high: Math.max(last, 10.2),
    low: Math.min(last, 9.4),
    prevClose,
    change: last - prevClose,
    changePct: (last / prevClose - 1) * 100,
    volume: 100_000,
    t: Date.parse('2026-11-20T15:00:00Z'),
    ...over,
  };
}

/** A simulated clock state (Friday 2026-11-20 10:30 New York, regular session). */
export function clockState(over: Partial<ClockState> = {}): ClockState {
  return {
    mode: 'simulated',
    now: Date.parse('2026-11-20T15:30:00Z'),
    speed: 30,
    paused: false,
    timeZone: 'America/New_York',
    session: { date: '2026-11-20', phase: 'regular' },
    ...over,
  };
}
