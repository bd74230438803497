import { describe, expect, it } from 'vitest';
import type { Leg, Strategy } from '../../../../shared/contract/options-schemas';
import { StrategyAnalysisSchema } from '../../../../shared/contract/options-schemas';
import { bsm, bsmPrice } from '../pricing/bsm';
import { normCdf } from '../pricing/normal';
import { analyzeStrategy, type AnalysisContext } from './analyze';
import { NOW, expiryTime, opt, stock } from './chain.test-util';
import { StrategyInputError } from './model';

const EXP = '2026-12-18';
const ctx: AnalysisContext = { spot: 100, rate: 0.04, dividendYield: 0, now: NOW, expiryTime, multiplier: 100 };
const T = (expiryTime(EXP) - NOW) / (365 * 86_400_000);
const strat = (legs: Leg[], quantity = 1, template: Strategy['template'] = 'custom'): Strategy => ({ template, underlying: 'ACME', quantity, legs });

describe('hand-computed templates', () => {
  it('iron condor 90/95/105/110 for a 1.80 credit', () => {
    const legs = [opt('buy', 'put', 90, 0.5), opt('sell', 'put', 95, 1.4), opt('sell', 'call', 105, 1.3), opt('buy', 'call', 110, 0.4)];
    const a = analyzeStrategy(strat(legs, 1, 'iron_condor'), ctx);
    expect(a.netDebit).toBeCloseTo(-180, 9);
    expect(a.maxProfit).toBeCloseTo(180, 9);
    expect(a.maxLoss).toBeCloseTo(320, 9);
    expect(a.breakevens).toHaveLength(2);
    expect(a.breakevens[0]).toBeCloseTo(93.2, 9);
    expect(a.breakevens[1]).toBeCloseTo(106.8, 9);
    expect(a.rewardToRisk).toBeCloseTo(180 / 320, 9);
    expect(a.margin.requirement).toBeCloseTo(320, 9);
    expect(a.margin.rule).toMatch(/Defined-risk/);
    expect(StrategyAnalysisSchema.safeParse(a).success).toBe(true);

    const two = analyzeStrategy(strat(legs, 2, 'iron_condor'), ctx);
    expect(two.netDebit).toBeCloseTo(-180, 9); // per unit
    expect(two.maxProfit).toBeCloseTo(360, 9);
    expect(two.maxLoss).toBeCloseTo(640, 9);
    expect(two.margin.requirement).toBeCloseTo(640, 9);
    expect(two.breakevens).toEqual(a.breakevens);
  });

  it('bull put spread 95/90 for a 1.50 credit', () => {
    const a = analyzeStrategy(strat([opt('sell', 'put', 95, 2.3), opt('buy', 'put', 90, 0.8)]), ctx);
    expect(a.netDebit).toBeCloseTo(-150, 9);
    expect(a.maxProfit).toBeCloseTo(150, 9);
    expect(a.maxLoss).toBeCloseTo(350, 9);
    expect(a.breakevens).toHaveLength(1);
    expect(a.breakevens[0]).toBeCloseTo(93.5, 9);
    expect(a.margin.requirement).toBeCloseTo(350, 9);
  });

  it('bear call spread 105/110 for a 1.20 credit', () => {
    const a = analyzeStrategy(strat([opt('sell', 'call', 105, 1.7), opt('buy', 'call', 110, 0.5)]), ctx);
    expect(a.netDebit).toBeCloseTo(-120, 9);
    expect(a.maxProfit).toBeCloseTo(120, 9);
    expect(a.maxLoss).toBeCloseTo(380, 9);
    expect(a.breakevens).toHaveLength(1);
    expect(a.breakevens[0]).toBeCloseTo(106.2, 9);
    expect(a.margin.requirement).toBeCloseTo(380, 9);
    expect(a.rewardToRisk).toBeCloseTo(120 / 380, 9);
  });

  it('covered call: 100 shares at 100, short 105 call at 2.00', () => {
    const a = analyzeStrategy(strat([stock('buy', 100, 100), opt('sell', 'call', 105, 2)]), ctx);
    expect(a.netDebit).toBeCloseTo(9_800, 9);
    expect(a.maxProfit).toBeCloseTo(700, 9); // (105 − 100 + 2) × 100
    expect(a.maxLoss).toBeCloseTo(9_800, 9); // (100 − 2) × 100, the stock going to zero
    expect(a.breakevens).toHaveLength(1);
    expect(a.breakevens[0]).toBeCloseTo(98, 9);
    expect(a.margin.requirement).toBeCloseTo(10_000, 9); // the stock's cost; the covered call adds nothing
    expect(a.margin.rule).toMatch(/Covered call/);
  });

  it('long straddle at 100 for an 8.00 debit', () => {
    const a = analyzeStrategy(strat([opt('buy', 'call', 100, 4.2), opt('buy', 'put', 100, 3.8)]), ctx);
    expect(a.netDebit).toBeCloseTo(800, 9);
    expect(a.maxProfit).toBeNull();
    expect(a.maxLoss).toBeCloseTo(800, 9);
    expect(a.breakevens[0]).toBeCloseTo(92, 9);
    expect(a.breakevens[1]).toBeCloseTo(108, 9);
    expect(a.rewardToRisk).toBeNull();
    expect(a.margin).toEqual({ requirement: 800, rule: 'Long options: the debit paid.' });
  });

  it('a naked short call has unlimited loss', () => {
    const a = analyzeStrategy(strat([opt('sell', 'call', 120, 0.5)]), ctx);
    expect(a.maxLoss).toBeNull();
    expect(a.maxProfit).toBeCloseTo(50, 9);
    expect(a.breakevens[0]).toBeCloseTo(120.5, 9);
    expect(a.rewardToRisk).toBeNull();
  });
});

describe('margin (Reg-T style)', () => {
  it('naked short put: premium + max(20 % S − OTM, 10 % K)', () => {
    // 20 % × 100 − (100 − 90) = 10 beats 10 % × 90 = 9; + 1.00 premium → 11 × 100.
    const a = analyzeStrategy(strat([opt('sell', 'put', 90, 1)]), ctx);
    expect(a.margin.requirement).toBeCloseTo(1_100, 9);
    expect(a.margin.rule).toMatch(/Naked short options/);
    // Far OTM put: 20 − 30 < 0, so the floor 10 % × 70 = 7 applies; + 0.20 → 720.
    expect(analyzeStrategy(strat([opt('sell', 'put', 70, 0.2)]), ctx).margin.requirement).toBeCloseTo(720, 9);
  });

  it('naked short call: the 10 % floor is on the underlying', () => {
    // 20 − 20 = 0 < 10 % × 100 = 10; + 0.50 → 1,050.
    expect(analyzeStrategy(strat([opt('sell', 'call', 120, 0.5)]), ctx).margin.requirement).toBeCloseTo(1_050, 9);
    // ITM call at 90: 20 − 0 = 20; + 11 → 3,100.
    expect(analyzeStrategy(strat([opt('sell', 'call', 90, 11)]), ctx).margin.requirement).toBeCloseTo(3_100, 9);
  });

  it('a ratio spread is a covered spread plus one naked short', () => {
    // long 1 × 100C at 5, short 2 × 110C at 2: the 100/110 spread (debit 5 − 2 = 3 → max loss 300) + one naked
    // 110 call (2 + max(20 − 10, 10)) × 100 = 1,200.
    const a = analyzeStrategy(strat([opt('buy', 'call', 100, 5), opt('sell', 'call', 110, 2, 0.4, EXP, 2)]), ctx);
    expect(a.margin.requirement).toBeCloseTo(1_200 + 300, 9);
    expect(a.margin.rule).toMatch(/Naked/);
    expect(a.margin.rule).toMatch(/Defined-risk/);
    expect(a.maxLoss).toBeNull();
  });

  it('a short call longer-dated than its long call is naked', () => {
    const a = analyzeStrategy(strat([opt('buy', 'call', 100, 3), opt('sell', 'call', 100, 5, 0.4, '2027-01-15')]), ctx);
    expect(a.margin.rule).toMatch(/Naked/);
    const b = analyzeStrategy(strat([opt('sell', 'call', 100, 3), opt('buy', 'call', 100, 5, 0.4, '2027-01-15')]), ctx);
    expect(b.margin.rule).not.toMatch(/Naked/);
    expect(b.margin.requirement).toBeCloseTo(200, 9); // a calendar: the debit
  });

  it('short stock: 150 % of its value', () => {
    expect(analyzeStrategy(strat([stock('sell', 100, 100)]), ctx).margin.requirement).toBeCloseTo(15_000, 9);
  });
});

describe('probability of profit', () => {
  it('a straddle matches the closed form P(S_T < K − D) + P(S_T > K + D)', () => {
    const iv = 0.4;
    const a = analyzeStrategy(strat([opt('buy', 'call', 100, 4.2, iv), opt('buy', 'put', 100, 3.8, iv)]), ctx);
    const d2 = (x: number) => (Math.log(100 / x) + (0.04 - iv * iv / 2) * T) / (iv * Math.sqrt(T));
    const closed = normCdf(-d2(92)) + normCdf(d2(108));
    expect(a.probabilityOfProfit).toBeCloseTo(closed, 12);
    expect(a.probabilityOfProfit).toBeGreaterThan(0.2);
    expect(a.probabilityOfProfit).toBeLessThan(0.6);
  });

  it('a deep in-the-money call bought below parity is almost surely profitable; at its BSM price it is a coin flip minus drift', () => {
    const cheap = analyzeStrategy(strat([opt('buy', 'call', 50, 10, 0.3)]), ctx);
    expect(cheap.probabilityOfProfit).toBeGreaterThan(0.999999);
    const fair = bsmPrice('call', 100, 50, 0.04, 0, 0.3, T);
    const atFair = analyzeStrategy(strat([opt('buy', 'call', 50, fair, 0.3)]), ctx);
    // Breakeven 50 + C, just below the forward: PoP = Φ(d2(50 + C)), a little under one half.
    const d2 = (Math.log(100 / (50 + fair)) + (0.04 - 0.045) * T) / (0.3 * Math.sqrt(T));
    expect(atFair.breakevens[0]).toBeCloseTo(50 + fair, 9);
    expect(atFair.probabilityOfProfit).toBeCloseTo(normCdf(d2), 12);
    expect(atFair.probabilityOfProfit).toBeGreaterThan(0.45);
    expect(atFair.probabilityOfProfit).toBeLessThan(0.5);
  });

  it('uses the vega-weighted IV of the legs', () => {
    // A vertical with different IVs: σ must lie between them and equal the vega-weighted mean.
    const legs = [opt('sell', 'put', 95, 2.3, 0.45), opt('buy', 'put', 90, 0.8, 0.5)];
    const a = analyzeStrategy(strat(legs), ctx);
    const v1 = bsm('put', 100, 95, 0.04, 0, 0.45, T).vega;
    const v2 = bsm('put', 100, 90, 0.04, 0, 0.5, T).vega;
    const sigma = (v1 * 0.45 + v2 * 0.5) / (v1 + v2);
    const d2 = (Math.log(100 / 93.5) + (0.04 - sigma * sigma / 2) * T) / (sigma * Math.sqrt(T));
    expect(a.probabilityOfProfit).toBeCloseTo(normCdf(d2), 12);
  });

  it('is 0 or 1 at expiry', () => {
    const atExpiry = { ...ctx, now: expiryTime(EXP) };
    expect(analyzeStrategy(strat([opt('sell', 'put', 95, 2.3), opt('buy', 'put', 90, 0.8)]), atExpiry).probabilityOfProfit).toBe(1);
    expect(analyzeStrategy(strat([opt('buy', 'call', 100, 4.2), opt('buy', 'put', 100, 3.8)]), atExpiry).probabilityOfProfit).toBe(0);
  });
});

describe('Greeks', () => {
  const legs = [opt('buy', 'put', 90, 0.5, 0.45), opt('sell', 'put', 95, 1.4, 0.42), opt('sell', 'call', 105, 1.3, 0.38), opt('buy', 'call', 110, 0.4, 0.37)];

  it('are the sum over legs of sign × ratio × multiplier × quantity × BSM Greeks', () => {
    const a = analyzeStrategy(strat(legs, 3), ctx);
    const sum = { delta: 0, gamma: 0, theta: 0, vega: 0, rho: 0 };
    for (const l of legs) {
      const g = bsm(l.type!, 100, l.strike!, 0.04, 0, l.iv!, T);
      const w = (l.side === 'buy' ? 1 : -1) * 100 * 3;
      for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += w * g[k];
    }
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) expect(a.greeks[k]).toBeCloseTo(sum[k], 9);
  });

  it('are additive across sub-strategies, and a stock leg adds its shares of delta', () => {
    const whole = analyzeStrategy(strat([...legs, stock('buy', 100, 100)], 2), ctx);
    const parts = [...legs, stock('buy', 100, 100)].map((l) => analyzeStrategy(strat([l], 2), ctx).greeks);
    for (const k of ['delta', 'gamma', 'theta', 'vega', 'rho'] as const) {
      expect(whole.greeks[k]).toBeCloseTo(parts.reduce((s, g) => s + g[k], 0), 9);
    }
    expect(analyzeStrategy(strat([stock('buy', 100, 100)], 2), ctx).greeks).toEqual({ delta: 200, gamma: 0, theta: 0, vega: 0, rho: 0 });
  });
});

describe('payoff curves and what-if', () => {
  const straddle = strat([opt('buy', 'call', 100, 4.2), opt('buy', 'put', 100, 3.8)]);

  it('has 121 grid points from 0.5× to 1.5× spot plus every strike and breakeven', () => {
    const condor = strat([opt('buy', 'put', 90, 0.5), opt('sell', 'put', 95, 1.4), opt('sell', 'call', 105, 1.3), opt('buy', 'call', 110, 0.4)]);
    const a = analyzeStrategy(condor, ctx);
    const prices = a.payoff.map((p) => p.price);
    expect(prices[0]).toBeCloseTo(50, 12);
    expect(prices.at(-1)).toBeCloseTo(150, 12);
    for (const x of [90, 95, 105, 110, 93.2, 106.8]) expect(prices.some((p) => Math.abs(p - x) < 1e-9)).toBe(true);
    expect(prices.length).toBe(121 + 2); // 90, 95, 105, 110 are grid points (50 + i × 100/120); the breakevens add two
    expect([...prices].sort((x, y) => x - y)).toEqual(prices);
    expect(a.payoff.every((p) => p.atDate === null)).toBe(true);
    const at93 = a.payoff.find((p) => Math.abs(p.price - 93.2) < 1e-9)!;
    expect(at93.expiry).toBeCloseTo(0, 9);
  });

  it('today converges to the expiry payoff as T → 0', () => {
    const gap = (msLeft: number) => {
      const a = analyzeStrategy(straddle, { ...ctx, now: expiryTime(EXP) - msLeft });
      return Math.max(...a.payoff.map((p) => Math.abs(p.today - p.expiry)));
    };
    const day = gap(86_400_000);
    const minute = gap(60_000);
    const second = gap(1_000);
    expect(minute).toBeLessThan(day);
    expect(second).toBeLessThan(minute);
    // The gap is the straddle's time value, ∝ √T: a second is √60 × closer than a minute.
    expect(second).toBeLessThan(0.6); // dollars on the whole position
    expect(second / minute).toBeCloseTo(1 / Math.sqrt(60), 2);
    expect(gap(0)).toBe(0);
  });

  it('today is the BSM value of the legs minus their cost', () => {
    const a = analyzeStrategy(straddle, ctx);
    const p = a.payoff.find((x) => x.price === 100)!;
    const v = bsmPrice('call', 100, 100, 0.04, 0, 0.4, T) + bsmPrice('put', 100, 100, 0.04, 0, 0.4, T);
    expect(p.today).toBeCloseTo((v - 8) * 100, 9);
  });

  it('atDate at the expiry equals the expiry curve; an IV shift lifts a long straddle; a spot shift moves spot and Greeks', () => {
    const days = (expiryTime(EXP) - NOW) / 86_400_000;
    const a = analyzeStrategy(straddle, ctx, { daysForward: days });
    for (const p of a.payoff) expect(p.atDate).toBeCloseTo(p.expiry, 9);
    expect(a.daysToExpiry).toBeCloseTo(0, 9);

    const base = analyzeStrategy(straddle, ctx, {});
    const up = analyzeStrategy(straddle, ctx, { ivShiftPoints: 10 });
    for (let i = 0; i < base.payoff.length; i++) {
      expect(base.payoff[i]!.atDate).toBeCloseTo(base.payoff[i]!.today, 9);
      expect(up.payoff[i]!.atDate!).toBeGreaterThan(base.payoff[i]!.atDate!);
    }
    expect(up.greeks.vega).toBeGreaterThan(0);

    const shifted = analyzeStrategy(straddle, ctx, { spotShiftPct: 10 });
    expect(shifted.spot).toBeCloseTo(110, 12);
    expect(shifted.greeks.delta).toBeGreaterThan(base.greeks.delta);
    expect(shifted.payoff[0]!.price).toBeCloseTo(55, 12);
  });

  it('a calendar: the expiry curve is at the near expiry with the far leg by BSM', () => {
    const far = '2027-01-15';
    const cal = strat([opt('sell', 'call', 100, 4.2, 0.4), opt('buy', 'call', 100, 6.5, 0.38, far)]);
    const a = analyzeStrategy(cal, ctx);
    const gapT = (expiryTime(far) - expiryTime(EXP)) / (365 * 86_400_000);
    const at100 = a.payoff.find((p) => p.price === 100)!;
    expect(at100.expiry).toBeCloseTo((bsmPrice('call', 100, 100, 0.04, 0, 0.38, gapT) - 2.3) * 100, 9);
    expect(a.maxProfit).not.toBeNull();
    expect(a.maxLoss).not.toBeNull();
    expect(a.maxLoss!).toBeLessThanOrEqual(230 + 1e-9);
    expect(a.breakevens).toHaveLength(2);
    for (const b of a.breakevens) {
      const price = a.payoff.find((p) => Math.abs(p.price - b) < 1e-9)!;
      expect(Math.abs(price.expiry)).toBeLessThan(1e-6);
    }
    expect(a.margin.requirement).toBeCloseTo(230, 9);
    expect(a.daysToExpiry).toBeCloseTo((expiryTime(EXP) - NOW) / 86_400_000, 9);
  });
});

describe('inputs', () => {
  it('refuses an option leg without a strike, type, expiry or IV', () => {
    const bad: Leg = { ...opt('buy', 'call', 100, 1), strike: null };
    expect(() => analyzeStrategy(strat([bad]), ctx)).toThrow(StrategyInputError);
    expect(() => analyzeStrategy(strat([{ ...opt('buy', 'call', 100, 1), iv: null }]), ctx)).toThrow(/positive IV/);
  });
});
