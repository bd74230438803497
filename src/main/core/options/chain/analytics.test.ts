/** Chain analytics against NUMBERS.md's published examples and hand-computed values. */
import { describe, expect, it } from 'vitest';
import type { ChainRow, OptionQuote } from '../../../../shared/contract';
import { atmRow, expectedMove, gammaExposure, ivStats, maxPain, putCallRatios, smile } from './analytics';

function q(type: 'call' | 'put', strike: number, over: Partial<OptionQuote> = {}): OptionQuote {
  return {
    symbol: `X${type}${strike}`,
    underlying: 'X',
    expiry: '2026-12-18',
    strike,
    type,
    bid: 1,
    ask: 1.1,
    last: 1.05,
    mark: 1.05,
    iv: 0.5,
    delta: 0.5,
    gamma: 0.1,
    theta: -0.01,
    vega: 0.02,
    rho: 0.01,
    volume: 0,
    openInterest: 0,
    inTheMoney: false,
    ...over,
  };
}
const row = (strike: number, call: Partial<OptionQuote>, put: Partial<OptionQuote>): ChainRow => ({ strike, call: q('call', strike, call), put: q('put', strike, put) });

describe('ivStats (NUMBERS.md)', () => {
  it('history [30,10,11,15,17], now 20 → IV rank 50, IV percentile 80', () => {
    expect(ivStats([30, 10, 11, 15, 17], 20)).toEqual({ ivRank: 50, ivPercentile: 80, min: 10, max: 30, days: 5 });
  });
  it('rank and percentile differ: a new high is rank > 100 and percentile 100; a new low rank < 0 and percentile 0', () => {
    expect(ivStats([10, 20], 25)).toMatchObject({ ivRank: 150, ivPercentile: 100 });
    expect(ivStats([10, 20], 5)).toMatchObject({ ivRank: -50, ivPercentile: 0 });
  });
  it('equal days do not count as below', () => {
    expect(ivStats([10, 20, 20, 30], 20).ivPercentile).toBe(25);
  });
  it('null on an empty history; rank null on a flat one; never NaN', () => {
    expect(ivStats([], 20)).toEqual({ ivRank: null, ivPercentile: null, min: null, max: null, days: 0 });
    expect(ivStats([15, 15, 15], 20)).toEqual({ ivRank: null, ivPercentile: 100, min: 15, max: 15, days: 3 });
    expect(ivStats([Number.NaN, 10, 30], 20)).toMatchObject({ ivRank: 50, days: 2 });
  });
});

describe('maxPain (NUMBERS.md, maximum-pain.com)', () => {
  const strikes = [
    { strike: 95, putOi: 21, callOi: 9 },
    { strike: 100, putOi: 33, callOi: 45 },
    { strike: 105, putOi: 5, callOi: 25 },
  ];
  it('strikes 95/100/105 → max pain 100 with totals 21,500 / 7,000 / 31,500', () => {
    const r = maxPain(strikes);
    expect(r.maxPain).toBe(100);
    expect(r.curve.map((p) => p.total)).toEqual([21_500, 7_000, 31_500]);
    expect(r.curve.map((p) => p.price)).toEqual([95, 100, 105]);
    // At 100: calls 9 × 5 × 100 = 4,500; puts 5 × 5 × 100 = 2,500.
    expect(r.curve[1]).toEqual({ price: 100, callPain: 4_500, putPain: 2_500, total: 7_000 });
  });
  it('order of input does not matter; the multiplier scales; duplicates are summed', () => {
    expect(maxPain([...strikes].reverse(), 10).curve.map((p) => p.total)).toEqual([2_150, 700, 3_150]);
    const split = [...strikes, { strike: 100, putOi: 0, callOi: 0 }];
    expect(maxPain(split).curve).toHaveLength(3);
  });
  it('ties go to the lower strike', () => {
    expect(maxPain([{ strike: 10, callOi: 0, putOi: 0 }, { strike: 11, callOi: 0, putOi: 0 }]).maxPain).toBe(10);
  });
});

describe('put/call ratios, expected move, gamma exposure, smile', () => {
  const rows = [
    row(95, { volume: 10, openInterest: 100, mark: 6, gamma: 0.02 }, { volume: 30, openInterest: 300, mark: 0.8, gamma: 0.02 }),
    row(100, { volume: 40, openInterest: 400, mark: 2.5, gamma: 0.05, iv: 0.4 }, { volume: 20, openInterest: 100, mark: 2.2, gamma: 0.05, iv: 0.42 }),
    row(105, { volume: 50, openInterest: 500, mark: 0.7, gamma: 0.03 }, { volume: 10, openInterest: 50, mark: 5.5, gamma: 0.03 }),
  ];
  it('PCR by volume and by OI; null without calls', () => {
    expect(putCallRatios(rows)).toEqual({ volume: 60 / 100, openInterest: 450 / 1000 });
    expect(putCallRatios([row(100, { volume: 0, openInterest: 0 }, { volume: 5, openInterest: 5 })])).toEqual({ volume: null, openInterest: null });
  });
  it('expected move = ATM straddle mark at the strike nearest spot', () => {
    expect(expectedMove(rows, 101)).toEqual({ dollars: 4.7, pct: (100 * 4.7) / 101, straddleStrike: 100 });
    expect(atmRow(rows, 103.1).strike).toBe(105);
  });
  it('GEX = (call OI × Γ − put OI × Γ) × 100 × S² × 0.01: positive where calls dominate, negative where puts do', () => {
    const g = gammaExposure(rows, 100);
    expect(g[0]).toEqual({ strike: 95, gex: (100 - 300) * 0.02 * 100 * 100 * 100 * 0.01 });
    expect(g[0]!.gex).toBeLessThan(0);
    expect(g[1]!.gex).toBeCloseTo((400 - 100) * 0.05 * 10_000, 6);
    expect(g[2]!.gex).toBeGreaterThan(0);
  });
  it('smile lists each strike with its call and put IV', () => {
    expect(smile(rows)[1]).toEqual({ strike: 100, callIv: 0.4, putIv: 0.42 });
  });
});
