import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Quote } from '../../../../shared/contract';
import { DEFAULT_PAPER_BROKER_CONFIG as C } from './config';
import {
  executionPrice,
  immediateShares,
  impactedPrice,
  orderFeeCents,
  participationShares,
  roundToTick,
  slippageBps,
  stopTriggered,
  tickSize,
} from './fill-model';

const q = (bid: number, ask: number): Quote => ({
  symbol: 'AAA',
  last: (bid + ask) / 2,
  bid,
  ask,
  open: bid,
  high: ask,
  low: bid,
  prevClose: bid,
  change: 0,
  changePct: 0,
  volume: 1_000_000,
  t: 0,
});

describe('ticks', () => {
  it('uses a cent at or above $1 and a hundredth of a cent below', () => {
    expect(tickSize(1)).toBe(0.01);
    expect(tickSize(0.9999)).toBe(0.0001);
    expect(roundToTick(10.003, 'up')).toBe(10.01);
    expect(roundToTick(10.009, 'down')).toBe(10);
    expect(roundToTick(10.004, 'nearest')).toBe(10);
    expect(roundToTick(0.12341, 'up')).toBe(0.1235);
    expect(roundToTick(0.12349, 'down')).toBe(0.1234);
    // Float noise (10 × 1.0 computed as 10.000000000000002) does not cost a tick.
    expect(roundToTick(0.1 * 3 * 100, 'up')).toBe(30);
    expect(roundToTick(50 * 1.0006, 'up')).toBe(50.03);
  });
});

describe('square-root slippage', () => {
  it('is impactBps × sqrt(qty / ADV), capped, and the cap when ADV is unknown', () => {
    expect(slippageBps(100_000, 10_000_000, C)).toBeCloseTo(30, 10); // sqrt(0.01) = 0.1 → 30 bps
    expect(slippageBps(4_000, 10_000_000, C)).toBeCloseTo(6, 10);
    expect(slippageBps(10_000_000, 10_000_000, C)).toBe(200);
    expect(slippageBps(100, null, C)).toBe(200);
    expect(slippageBps(100, 0, C)).toBe(200);
  });

  it('moves buys up from the ask and sells down from the bid, rounded against the trader', () => {
    expect(impactedPrice('buy', 50, 4_000, 10_000_000, C)).toBe(50.03); // 50 × 1.0006
    expect(impactedPrice('cover', 50, 4_000, 10_000_000, C)).toBe(50.03);
    expect(impactedPrice('sell', 49.99, 4_000, 10_000_000, C)).toBe(49.96); // 49.960006 → down
    expect(impactedPrice('short', 49.99, 4_000, 10_000_000, C)).toBe(49.96);
    expect(impactedPrice('sell', 0.0001, 100, null, C)).toBe(0.0001); // never below one tick
  });

  it('never gives a better price to a larger order (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 10_000, max: 50_000_000 }),
        fc.double({ min: 0.05, max: 500, noNaN: true }),
        (a, b, adv, touch) => {
          const [small, large] = a <= b ? [a, b] : [b, a];
          expect(impactedPrice('buy', touch, large, adv, C)).toBeGreaterThanOrEqual(impactedPrice('buy', touch, small, adv, C));
          expect(impactedPrice('sell', touch, large, adv, C)).toBeLessThanOrEqual(impactedPrice('sell', touch, small, adv, C));
          expect(impactedPrice('buy', touch, small, adv, C)).toBeGreaterThanOrEqual(touch - 1e-9);
        },
      ),
    );
  });
});

describe('executionPrice', () => {
  it('fills a market order at the impacted touch', () => {
    expect(executionPrice({ side: 'buy', quantity: 4_000, limitPrice: null }, q(49.99, 50), 10_000_000, C)).toBe(50.03);
    expect(executionPrice({ side: 'sell', quantity: 4_000, limitPrice: null }, q(49.99, 50), 10_000_000, C)).toBe(49.96);
  });

  it('fills a buy limit only when the ask is at or under it, never above the limit', () => {
    const buy = (limit: number, qty = 100) => ({ side: 'buy' as const, quantity: qty, limitPrice: limit });
    expect(executionPrice(buy(9.99), q(9.99, 10), 10_000_000, C)).toBeNull();
    expect(executionPrice(buy(10), q(9.99, 10), 10_000_000, C)).toBe(10); // 10 × 1.0001 → 10.01, capped at 10
    expect(executionPrice(buy(10.5), q(9.99, 10), 10_000_000, C)).toBe(10.01);
    expect(executionPrice(buy(10.5, 10_000_000), q(9.99, 10), 10_000_000, C)).toBe(10.2); // 200 bps
  });

  it('fills a sell limit only when the bid is at or over it, never below the limit', () => {
    const sell = (limit: number) => ({ side: 'sell' as const, quantity: 100, limitPrice: limit });
    expect(executionPrice(sell(10), q(9.99, 10), 10_000_000, C)).toBeNull();
    expect(executionPrice(sell(9.99), q(9.99, 10), 10_000_000, C)).toBe(9.99);
    expect(executionPrice(sell(9.5), q(9.99, 10), 10_000_000, C)).toBe(9.98);
  });

  it('refuses a quote without a usable side', () => {
    expect(executionPrice({ side: 'buy', quantity: 1, limitPrice: null }, q(9.99, 0), 1e6, C)).toBeNull();
    expect(executionPrice({ side: 'sell', quantity: 1, limitPrice: null }, q(Number.NaN, 10), 1e6, C)).toBeNull();
  });
});

describe('stops, sizes and fees', () => {
  it('triggers a buy stop at or above, a sell stop at or below', () => {
    expect(stopTriggered('buy', 10.5, 10.49)).toBe(false);
    expect(stopTriggered('buy', 10.5, 10.5)).toBe(true);
    expect(stopTriggered('cover', 10.5, 11)).toBe(true);
    expect(stopTriggered('sell', 9.5, 9.51)).toBe(false);
    expect(stopTriggered('sell', 9.5, 9.5)).toBe(true);
    expect(stopTriggered('short', 9.5, 0)).toBe(false);
  });

  it('sizes the immediate fill from ADV and the participation from traded volume', () => {
    expect(immediateShares(10_000_000, C)).toBe(6_410); // 0.25 × 10 M / 390
    expect(immediateShares(200_000, C)).toBe(128);
    expect(immediateShares(50_000, C)).toBe(100);
    expect(immediateShares(null, C)).toBe(100);
    expect(participationShares(2_005, C)).toBe(200);
    expect(participationShares(0, C)).toBe(0);
    expect(participationShares(-5, C)).toBe(0);
  });

  it('charges $0.005 a share, at least $1, at most 1 % of value, per order', () => {
    expect(orderFeeCents(100, 1_000, C)).toBe(100); // $0.50 → minimum $1
    expect(orderFeeCents(4_000, 200_120, C)).toBe(2_000); // $20
    expect(orderFeeCents(10, 5, C)).toBe(5); // 1 % of $5 = $0.05 beats the minimum
    expect(orderFeeCents(1_000_000, 50_000, C)).toBe(50_000); // $5,000 capped at $500
    expect(orderFeeCents(0, 0, C)).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0.01, max: 500, noNaN: true }), (a, b, px) => {
        expect(orderFeeCents(a + b, (a + b) * px, C)).toBeGreaterThanOrEqual(orderFeeCents(a, a * px, C));
      }),
    );
  });
});
