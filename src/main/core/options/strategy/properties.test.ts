/** Property tests (fast-check) of the strategy analysis over random single-expiry strategies. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Leg, Strategy } from '../../../../shared/contract/options-schemas';
import { analyzeStrategy, expiryPnl, type AnalysisContext } from './analyze';
import { NOW, expiryTime, opt, stock } from './chain.test-util';

const ctx: AnalysisContext = { spot: 100, rate: 0.03, dividendYield: 0.01, now: NOW, expiryTime, multiplier: 100 };

const optionLeg = fc
  .record({
    side: fc.constantFrom<Leg['side']>('buy', 'sell'),
    type: fc.constantFrom<'call' | 'put'>('call', 'put'),
    strike: fc.integer({ min: 16, max: 24 }).map((k) => k * 5),
    price: fc.double({ min: 0.05, max: 20, noNaN: true }),
    iv: fc.double({ min: 0.1, max: 1, noNaN: true }),
    ratio: fc.integer({ min: 1, max: 3 }),
  })
  .map((l) => opt(l.side, l.type, l.strike, l.price, l.iv, '2026-12-18', l.ratio));

const stockLeg = fc
  .record({ side: fc.constantFrom<Leg['side']>('buy', 'sell'), shares: fc.integer({ min: 1, max: 300 }), price: fc.double({ min: 50, max: 150, noNaN: true }) })
  .map((s) => stock(s.side, s.shares, s.price));

const strategyArb = fc
  .record({ options: fc.array(optionLeg, { minLength: 1, maxLength: 4 }), stock: fc.option(stockLeg, { nil: undefined }), quantity: fc.integer({ min: 1, max: 5 }) })
  .map(({ options, stock: s, quantity }): Strategy => ({ template: 'custom', underlying: 'ACME', quantity, legs: s ? [s, ...options] : options }));

const reverse = (s: Strategy): Strategy => ({ ...s, legs: s.legs.map((l) => ({ ...l, side: l.side === 'buy' ? 'sell' : 'buy' })) });
const scale = (a: readonly number[]) => Math.max(1, ...a.map(Math.abs));

describe('strategy analysis properties', () => {
  it('reversing every side negates the payoff, netDebit and Greeks, and swaps max profit and max loss', () => {
    fc.assert(
      fc.property(strategyArb, (s) => {
        const a = analyzeStrategy(s, ctx);
        const r = analyzeStrategy(reverse(s), ctx);
        const tol = 1e-9 * scale(a.payoff.map((p) => p.expiry));
        expect(r.netDebit).toBeCloseTo(-a.netDebit, 6);
        expect(r.payoff.length).toBe(a.payoff.length);
        a.payoff.forEach((p, i) => {
          expect(Math.abs(r.payoff[i]!.expiry + p.expiry)).toBeLessThanOrEqual(tol);
          expect(Math.abs(r.payoff[i]!.today + p.today)).toBeLessThanOrEqual(1e-6 * scale([p.today]));
        });
        expect(r.maxProfit === null).toBe(a.maxLoss === null);
        expect(r.maxLoss === null).toBe(a.maxProfit === null);
        if (a.maxLoss !== null) expect(Math.abs(r.maxProfit! - a.maxLoss)).toBeLessThanOrEqual(tol);
        if (a.maxProfit !== null) expect(Math.abs(r.maxLoss! - a.maxProfit)).toBeLessThanOrEqual(tol);
        expect(r.breakevens.length).toBe(a.breakevens.length);
        r.breakevens.forEach((b, i) => expect(b).toBeCloseTo(a.breakevens[i]!, 6));
        for (const k of ['delta', 'gamma', 'theta', 'vega', 'rho'] as const) expect(r.greeks[k]).toBeCloseTo(-a.greeks[k], 6);
        expect(a.probabilityOfProfit + r.probabilityOfProfit).toBeLessThanOrEqual(1 + 1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it('max profit and max loss bound the payoff everywhere, and "unlimited" means the payoff keeps growing', () => {
    fc.assert(
      fc.property(strategyArb, (s) => {
        const a = analyzeStrategy(s, ctx);
        const pnl = expiryPnl(s, ctx);
        const xs = Array.from({ length: 2001 }, (_, i) => i * 0.25);
        const vs = xs.map(pnl);
        const tol = 1e-9 * scale(vs);
        const hi = Math.max(...vs);
        const lo = Math.min(...vs);
        if (a.maxProfit === null) expect(pnl(1e5)).toBeGreaterThan(pnl(1e4));
        else {
          expect(a.maxProfit).toBeGreaterThanOrEqual(hi - tol);
          expect(a.maxProfit).toBeCloseTo(hi, 6); // every kink lies on the 0.25 grid
        }
        if (a.maxLoss === null) expect(pnl(1e5)).toBeLessThan(pnl(1e4));
        else expect(a.maxLoss).toBeCloseTo(-lo, 6);
      }),
      { numRuns: 200 },
    );
  });

  it('breakevens are exact roots and separate profit from loss; PoP is a probability', () => {
    fc.assert(
      fc.property(strategyArb, (s) => {
        const a = analyzeStrategy(s, ctx);
        const pnl = expiryPnl(s, ctx);
        const tol = 1e-9 * scale(a.payoff.map((p) => p.expiry));
        for (const b of a.breakevens) {
          expect(Math.abs(pnl(b))).toBeLessThanOrEqual(tol);
          expect(a.payoff.some((p) => Math.abs(p.price - b) <= 1e-9 * b)).toBe(true);
        }
        expect(a.probabilityOfProfit).toBeGreaterThanOrEqual(0);
        expect(a.probabilityOfProfit).toBeLessThanOrEqual(1);
        if (a.breakevens.length === 0) {
          const always = pnl(100) > 0;
          expect(a.probabilityOfProfit).toBe(always ? 1 : 0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('scales with quantity; netDebit stays per unit', () => {
    fc.assert(
      fc.property(strategyArb, fc.integer({ min: 2, max: 9 }), (s, k) => {
        const one = analyzeStrategy({ ...s, quantity: 1 }, ctx);
        const many = analyzeStrategy({ ...s, quantity: k }, ctx);
        expect(many.netDebit).toBeCloseTo(one.netDebit, 9);
        if (one.maxProfit !== null) expect(many.maxProfit).toBeCloseTo(k * one.maxProfit, 6);
        if (one.maxLoss !== null) expect(many.maxLoss).toBeCloseTo(k * one.maxLoss, 6);
        expect(many.margin.requirement).toBeCloseTo(k * one.margin.requirement, 6);
        expect(many.greeks.delta).toBeCloseTo(k * one.greeks.delta, 6);
        expect(many.probabilityOfProfit).toBeCloseTo(one.probabilityOfProfit, 12);
      }),
      { numRuns: 100 },
    );
  });
});
