import { describe, expect, it } from 'vitest';
import { StrategySchema, quoteOfRow, type OptionChain, type OptionQuote } from '../../../../shared/contract/options-schemas';
import { analyzeStrategy } from './analyze';
import { contextOf, syntheticChain } from './chain.test-util';
import { StrategyInputError } from './model';
import { buildStrangle, buildStrategy } from './templates';

const chain = syntheticChain({ skew: -0.2 });
const strikes = chain.rows.map((r) => r.strike);

/** The quote of `type` whose |Δ| is nearest target, found independently by sorting. */
function nearest(c: OptionChain, type: 'call' | 'put', target: number): OptionQuote {
  return c.rows.map((r) => quoteOfRow(c, r, type)).sort((a, b) => Math.abs(Math.abs(a.delta) - target) - Math.abs(Math.abs(b.delta) - target))[0]!;
}

describe('buildStrategy', () => {
  it('bull put spread: short the ~0.30Δ put, long the put widthSteps strikes lower, at marks and chain IVs', () => {
    const s = buildStrategy(chain, 'bull_put_spread');
    expect(StrategySchema.safeParse(s).success).toBe(true);
    const short = nearest(chain, 'put', 0.3);
    expect(s.legs[0]).toMatchObject({ symbol: short.symbol, side: 'sell', type: 'put', strike: short.strike, price: short.mark, iv: short.iv, ratio: 1 });
    const lower = strikes[strikes.indexOf(short.strike) - 1]!;
    expect(s.legs[1]).toMatchObject({ side: 'buy', type: 'put', strike: lower });
    const wide = buildStrategy(chain, 'bull_put_spread', { widthSteps: 3, targetDelta: 0.25, quantity: 4 });
    expect(wide.legs[1]!.strike).toBe(strikes[strikes.indexOf(nearest(chain, 'put', 0.25).strike) - 3]);
    expect(wide.quantity).toBe(4);
    const a = analyzeStrategy(s, contextOf(chain));
    expect(a.netDebit).toBeCloseTo((s.legs[1]!.price - s.legs[0]!.price) * 100, 9);
    expect(a.netDebit).toBeLessThan(0);
    expect(a.maxLoss! + a.maxProfit!).toBeCloseTo((short.strike - lower) * 100, 9);
  });

  it('bear call spread: the mirror image', () => {
    const s = buildStrategy(chain, 'bear_call_spread');
    const short = nearest(chain, 'call', 0.3);
    expect(s.legs.map((l) => [l.side, l.type, l.strike])).toEqual([
      ['sell', 'call', short.strike],
      ['buy', 'call', strikes[strikes.indexOf(short.strike) + 1]],
    ]);
    const a = analyzeStrategy(s, contextOf(chain));
    expect(a.breakevens[0]).toBeCloseTo(short.strike - a.netDebit / 100, 9);
  });

  it('iron condor: shorts near 0.20Δ by default, wings one step out', () => {
    const s = buildStrategy(chain, 'iron_condor');
    const sp = nearest(chain, 'put', 0.2);
    const sc = nearest(chain, 'call', 0.2);
    expect(s.legs.map((l) => [l.side, l.type, l.strike])).toEqual([
      ['buy', 'put', strikes[strikes.indexOf(sp.strike) - 1]],
      ['sell', 'put', sp.strike],
      ['sell', 'call', sc.strike],
      ['buy', 'call', strikes[strikes.indexOf(sc.strike) + 1]],
    ]);
    const a = analyzeStrategy(s, contextOf(chain));
    const credit = -a.netDebit;
    expect(credit).toBeGreaterThan(0);
    expect(a.maxProfit).toBeCloseTo(credit, 9);
    expect(a.maxLoss).toBeCloseTo(2.5 * 100 - credit, 9);
    expect(a.breakevens[0]).toBeCloseTo(sp.strike - credit / 100, 9);
    expect(a.breakevens[1]).toBeCloseTo(sc.strike + credit / 100, 9);
  });

  it('covered call: multiplier shares at the spot and a short ~0.30Δ call', () => {
    const s = buildStrategy(chain, 'covered_call');
    expect(s.legs[0]).toEqual({ symbol: 'ACME', kind: 'stock', type: null, strike: null, expiry: null, side: 'buy', ratio: 100, price: 100, iv: null });
    expect(s.legs[1]).toMatchObject({ side: 'sell', type: 'call', strike: nearest(chain, 'call', 0.3).strike });
    const a = analyzeStrategy(s, contextOf(chain));
    expect(a.margin.requirement).toBeCloseTo(10_000, 9);
    expect(a.greeks.delta).toBeCloseTo(100 - 100 * nearest(chain, 'call', 0.3).delta, 9);
  });

  it('long straddle: the ATM call and put; targetDelta picks the strike by call delta', () => {
    const s = buildStrategy(chain, 'long_straddle');
    expect(s.legs.map((l) => [l.side, l.type, l.strike])).toEqual([
      ['buy', 'call', 100],
      ['buy', 'put', 100],
    ]);
    const a = analyzeStrategy(s, contextOf(chain));
    const debit = s.legs[0]!.price + s.legs[1]!.price;
    expect(a.breakevens[0]).toBeCloseTo(100 - debit, 9);
    expect(a.breakevens[1]).toBeCloseTo(100 + debit, 9);
    expect(buildStrategy(chain, 'long_straddle', { targetDelta: 0.35 }).legs[0]!.strike).toBe(nearest(chain, 'call', 0.35).strike);
  });

  it('a strangle (custom) buys the put and the call nearest the target delta', () => {
    const s = buildStrangle(chain, 0.25);
    expect(s.template).toBe('custom');
    expect(s.legs.map((l) => l.strike)).toEqual([nearest(chain, 'put', 0.25).strike, nearest(chain, 'call', 0.25).strike]);
  });

  it('explains what cannot be built', () => {
    expect(() => buildStrategy(chain, 'bull_put_spread', { widthSteps: 20 })).toThrow(StrategyInputError);
    expect(() => buildStrategy(chain, 'bull_put_spread', { widthSteps: 20 })).toThrow(/no strike 20 step\(s\) below/);
    expect(() => buildStrategy(chain, 'iron_condor', { targetDelta: 0.7 })).toThrow(/smaller targetDelta/);
    expect(() => buildStrategy({ ...chain, rows: [] }, 'long_straddle')).toThrow(/no strikes/);
  });

  it('skips quotes without a usable IV', () => {
    const broken = { ...chain, rows: chain.rows.map((r) => (r.strike === nearest(chain, 'put', 0.3).strike ? { ...r, put: { ...r.put, iv: 0 } } : r)) };
    const s = buildStrategy(broken, 'bull_put_spread');
    expect(s.legs[0]!.strike).not.toBe(nearest(chain, 'put', 0.3).strike);
    expect(s.legs[0]!.iv).toBeGreaterThan(0);
  });
});
