import { describe, expect, it } from 'vitest';
import type { SegmentBook } from '../../../shared/contract';
import { roundPrice, sizeDecision, type SizingInput } from './sizing';
import type { AnalystDecision } from './types';

const book = (over: Partial<SegmentBook> = {}): SegmentBook => ({
  segmentId: 'biotech',
  name: 'Biotech',
  capital: 100_000,
  cash: 100_000,
  marketValue: 0,
  equity: 100_000,
  realizedPnl: 0,
  unrealizedPnl: 0,
  positions: [],
  trades: 0,
  ...over,
});
const decision = (over: Partial<AnalystDecision> = {}): AnalystDecision => ({
  symbol: 'ABC',
  action: 'buy',
  sizeFraction: 0.1,
  referencePrice: 20,
  limitPrice: null,
  stopPrice: null,
  thesis: 't',
  confidence: 0.6,
  evidence: [],
  ...over,
});
const input = (over: Partial<SizingInput> = {}): SizingInput => ({
  decision: decision(),
  book: book(),
  params: { maxPositionSize: 0.2, maxDrawdown: 0.15, stopLossMultiplier: 2, targetAllocation: 0.2, maxProposalsPerRun: 5 },
  last: 20,
  atr: 1,
  drawdown: 0,
  buysPaused: false,
  ...over,
});

describe('sizeDecision', () => {
  it('buys min(sizeFraction, maxPositionSize) of capital, as a bracket from the ATR stop with a 2R take-profit', () => {
    const r = sizeDecision(input());
    // $10,000 at $20 → 500 shares; stop 20 − 2 × 1 = 18; take-profit 20 + 2 × 2 = 24; market entry (no limit).
    expect(r).toEqual({ ok: true, order: { symbol: 'ABC', side: 'buy', quantity: 500, orderType: 'bracket', takeProfitPrice: 24, stopLossPrice: 18, stop: 18 } });
    // A fraction above the cap is cut to it: 0.2 × 100,000 / 20 = 1,000.
    expect(sizeDecision(input({ decision: decision({ sizeFraction: 0.9 }) }))).toMatchObject({ ok: true, order: { quantity: 1_000 } });
  });

  it('enters at the limit and uses the decision stop when given; a limit with no stop and no ATR is a limit card', () => {
    expect(sizeDecision(input({ decision: decision({ limitPrice: 20.2, stopPrice: 19 }) }))).toMatchObject({
      ok: true,
      order: { quantity: 495, orderType: 'bracket', limitPrice: 20.2, stopLossPrice: 19, takeProfitPrice: 22.6 },
    });
    expect(sizeDecision(input({ atr: null, decision: decision({ limitPrice: 20.2 }) }))).toEqual({
      ok: true,
      order: { symbol: 'ABC', side: 'buy', quantity: 495, orderType: 'limit', limitPrice: 20.2, stop: null },
    });
    expect(sizeDecision(input({ atr: null }))).toMatchObject({ ok: true, order: { orderType: 'market', stop: null } });
  });

  it('caps a buy by the room left in the position and by the sleeve cash', () => {
    const held = book({ positions: [{ symbol: 'ABC', quantity: 750, multiplier: 1, avgCost: 20, last: 20, marketValue: 15_000, unrealizedPnl: 0 }] });
    // Room: 0.2 × 100,000 − 15,000 = 5,000 → 250 shares.
    expect(sizeDecision(input({ book: held }))).toMatchObject({ ok: true, order: { quantity: 250 } });
    expect(sizeDecision(input({ book: book({ cash: 3_000 }) }))).toMatchObject({ ok: true, order: { quantity: 150 } });
    const full = book({ positions: [{ symbol: 'ABC', quantity: 1_000, multiplier: 1, avgCost: 20, last: 20, marketValue: 20_000, unrealizedPnl: 0 }] });
    expect(sizeDecision(input({ book: full }))).toEqual({ ok: false, reason: 'no size for ABC: the position is already at its limit ($20000.00 of $20000.00)' });
    expect(sizeDecision(input({ book: book({ cash: 5 }) }))).toEqual({ ok: false, reason: "no size for ABC: the sleeve's cash $5.00 buys no share at $20.00" });
  });

  it('refuses buys while the drawdown limit holds, a stop at or above the entry, and a non-positive size', () => {
    expect(sizeDecision(input({ buysPaused: true, drawdown: -0.2 }))).toEqual({ ok: false, reason: "buys paused: the sleeve's drawdown 20.0 % exceeds the limit 15.0 %" });
    expect(sizeDecision(input({ decision: decision({ stopPrice: 21 }) }))).toMatchObject({ ok: false, reason: 'stop $21.00 is not below the entry $20.00' });
    expect(sizeDecision(input({ decision: decision({ sizeFraction: 0 }) }))).toMatchObject({ ok: false });
    expect(sizeDecision(input({ last: Number.NaN }))).toMatchObject({ ok: false, reason: 'no usable last price for ABC' });
  });

  it('sells a fraction of what the sleeve holds (at least one share, at most all) and nothing it does not hold', () => {
    const held = book({ positions: [{ symbol: 'ABC', quantity: 301, multiplier: 1, avgCost: 20, last: 20, marketValue: 6_020, unrealizedPnl: 0 }] });
    const sell = (sizeFraction: number, limitPrice: number | null = null) => sizeDecision(input({ book: held, decision: decision({ action: 'sell', sizeFraction, limitPrice }) }));
    expect(sell(0.5)).toEqual({ ok: true, order: { symbol: 'ABC', side: 'sell', quantity: 150, orderType: 'market', stop: null } });
    expect(sell(1, 19.9)).toEqual({ ok: true, order: { symbol: 'ABC', side: 'sell', quantity: 301, orderType: 'limit', limitPrice: 19.9, stop: null } });
    expect(sell(0.001)).toMatchObject({ ok: true, order: { quantity: 1 } });
    expect(sizeDecision(input({ decision: decision({ action: 'sell' }) }))).toEqual({ ok: false, reason: 'the Biotech sleeve holds no ABC to sell' });
  });

  it('rounds prices to cents at or above $1 and to 0.0001 below', () => {
    expect(roundPrice(12.345)).toBe(12.35);
    expect(roundPrice(0.123456)).toBe(0.1235);
  });
});
