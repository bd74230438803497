import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { OptionType } from '../../../../shared/contract';
import { bsm, bsmPrice } from './bsm';
import { IV_MAX, IvError, impliedVol, impliedVolBatch, type IvQuery } from './iv';

function ivError(fn: () => unknown): IvError {
  try {
    fn();
  } catch (error) {
    if (error instanceof IvError) return error;
    throw error;
  }
  throw new Error('expected an IvError');
}

describe('published implied volatilities', () => {
  it('Hull (NUMBERS.md): call 1.875, S=21 K=20 r=10% T=0.25 → σ ≈ 0.2345', () => {
    const { iv, iterations } = impliedVol('call', 1.875, 21, 20, 0.1, 0, 0.25);
    expect(iv.toFixed(4)).toBe('0.2345');
    expect(iterations).toBeGreaterThan(0);
    expect(Math.abs(bsmPrice('call', 21, 20, 0.1, 0, iv, 0.25) - 1.875)).toBeLessThanOrEqual(1e-8);
  });

  it("py_vollib's doctest (black_scholes_merton/implied_volatility.py): 5.87602423383 at S=K=100 r=1% T=0.5 → 0.2", () => {
    expect(impliedVol('call', 5.87602423383, 100, 100, 0.01, 0, 0.5).iv).toBeCloseTo(0.2, 10);
  });

  it("Haug's generalized BSM put (p. 4): 2.4648 at S=100 K=95 r=10% q=5% T=0.5 → σ ≈ 0.20", () => {
    expect(impliedVol('put', 2.4648, 100, 95, 0.1, 0.05, 0.5).iv).toBeCloseTo(0.2, 4);
  });
});

describe('no σ fits', () => {
  it('below the discounted intrinsic value', () => {
    const e = ivError(() => impliedVol('call', 1, 120, 100, 0.05, 0, 1));
    expect(e.reason).toBe('below_intrinsic');
    expect(e.message).toMatch(/below its discounted intrinsic value 24\.877/);
    expect(ivError(() => impliedVol('put', 9, 90, 100, 0, 0, 0.5)).reason).toBe('below_intrinsic');
  });

  it('at or above the upper bound S e^(−qT) (call) or K e^(−rT) (put)', () => {
    const call = ivError(() => impliedVol('call', 100, 100, 100, 0.05, 0, 1));
    expect(call.reason).toBe('above_bound');
    expect(call.message).toMatch(/the most a call can be worth/);
    const put = ivError(() => impliedVol('put', 96, 100, 100, 0.05, 0, 1));
    expect(put.reason).toBe('above_bound');
    expect(put.message).toMatch(/95\.122942/);
  });

  it('beyond what the largest volatility reaches', () => {
    const e = ivError(() => impliedVol('call', 50, 100, 100, 0.05, 0, 1 / 365 / 24));
    expect(e.reason).toBe('above_bound');
    expect(e.message).toMatch(/volatility of 2000 % a year/);
  });

  it('expired', () => {
    const e = ivError(() => impliedVol('call', 5, 105, 100, 0.05, 0, 0));
    expect(e.reason).toBe('expired');
    expect(e.message).toMatch(/expired/);
  });

  it('a price at the lower bound is σ = 0', () => {
    expect(impliedVol('put', 0, 120, 100, 0.05, 0, 1)).toEqual({ iv: 0, iterations: 0 });
    expect(impliedVol('call', 20, 120, 100, 0, 0, 1).iv).toBe(0);
  });
});

describe('properties', () => {
  it('price → σ → price within 1e-8 wherever vega is not negligible', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<OptionType>('call', 'put'),
        fc.double({ min: 1, max: 1e3, noNaN: true }),
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.double({ min: -0.02, max: 0.15, noNaN: true }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        fc.double({ min: 1 / 365, max: 30, noNaN: true }),
        (type, K, moneyness, r, q, sigma, T) => {
          const S = K * moneyness;
          const g = bsm(type, S, K, r, q, sigma, T);
          fc.pre(g.vega * 100 > 1e-4); // ∂price/∂σ: a 1e-8 price then pins σ to ~1e-4
          const { iv } = impliedVol(type, g.price, S, K, r, q, T);
          expect(Math.abs(bsmPrice(type, S, K, r, q, iv, T) - g.price)).toBeLessThanOrEqual(1e-8);
          if (g.vega * 100 > 1e-2) expect(iv).toBeCloseTo(sigma, 5);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('never NaN: any finite price either solves or names the reason', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<OptionType>('call', 'put'),
        fc.double({ min: 0, max: 2e3, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 0, max: 30, noNaN: true }),
        fc.double({ min: -0.5, max: 1, noNaN: true }),
        (type, price, S, T, r) => {
          const [res] = impliedVolBatch([{ type, price, spot: S, strike: 100, rate: r, time: T }]);
          if (res!.iv === null) expect(['below_intrinsic', 'above_bound', 'expired']).toContain(res!.reason);
          else {
            expect(res!.iv).toBeGreaterThanOrEqual(0);
            expect(res!.iv).toBeLessThanOrEqual(IV_MAX);
            // 1e-8, or the double-precision floor the solver documents for large notionals
            const tol = Math.max(1e-8, 1e-14 * (S + 100 * Math.exp(-r * T)));
            expect(Math.abs(bsmPrice(type, S, 100, r, 0, res!.iv, T) - price)).toBeLessThanOrEqual(tol);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('impliedVolBatch', () => {
  it('solves a 1,000-contract chain and reports failures per contract', () => {
    const spot = 23.4;
    const queries: IvQuery[] = [];
    for (let e = 1; e <= 25; e++)
      for (let k = 0; k < 20; k++)
        for (const type of ['call', 'put'] as const) {
          const strike = 15 + k;
          const vol = 0.5 + 0.3 * Math.abs(Math.log(strike / spot));
          queries.push({ type, price: bsmPrice(type, spot, strike, 0.045, 0, vol, e / 52), spot, strike, rate: 0.045, time: e / 52 });
        }
    queries.push({ type: 'call', price: 0.01, spot, strike: 15, rate: 0.045, time: 0.1 }); // below intrinsic
    const out = impliedVolBatch(queries);
    expect(out).toHaveLength(1_001);
    out.slice(0, 1_000).forEach((r, i) => {
      const q = queries[i]!;
      expect(r.reason).toBeNull();
      expect(Math.abs(bsmPrice(q.type, spot, q.strike, 0.045, 0, r.iv!, q.time) - q.price)).toBeLessThanOrEqual(1e-8);
    });
    expect(out[1_000]).toMatchObject({ iv: null, reason: 'below_intrinsic' });
    expect(out[1_000]!.message).toMatch(/below its discounted intrinsic value/);
  });
});
