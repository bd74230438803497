import { describe, expect, it } from 'vitest';
import { NOW, expiryTime, syntheticChain } from './chain.test-util';
import { expiryPnl } from './analyze';
import { contextOf, rankStrategies } from './rank';

const rc = { now: NOW, expiryTime };
const near = syntheticChain({ expiry: '2026-12-18', skew: -0.15 });
const far = syntheticChain({ expiry: '2027-01-15', skew: -0.15 });

describe('rankStrategies', () => {
  it('bullish: bull put spreads and covered calls, best score first, score = PoP × R/R', () => {
    const c = rankStrategies([near, far], 'bullish', rc);
    expect(c.length).toBe(10);
    for (const x of c) {
      expect(['bull_put_spread', 'covered_call']).toContain(x.strategy.template);
      expect(x.score).toBeCloseTo(x.analysis.probabilityOfProfit * (x.analysis.maxProfit! / x.analysis.maxLoss!), 12);
      expect(x.why).toMatch(/chance of profit/);
    }
    for (let i = 1; i < c.length; i++) expect(c[i]!.score).toBeLessThanOrEqual(c[i - 1]!.score);
    expect(new Set(c.map((x) => x.strategy.legs.map((l) => l.symbol + l.side).join())).size).toBe(c.length);
    expect(new Set(c.map((x) => x.strategy.legs[0]!.expiry)).size).toBeGreaterThanOrEqual(1);
  });

  it('bearish and neutral propose bear call spreads and iron condors', () => {
    expect(rankStrategies([near], 'bearish', rc).every((x) => x.strategy.template === 'bear_call_spread')).toBe(true);
    const condors = rankStrategies([near], 'neutral', rc);
    expect(condors.length).toBeGreaterThan(0);
    expect(condors.every((x) => x.strategy.template === 'iron_condor' && x.why.startsWith('Iron condor'))).toBe(true);
  });

  it('volatile: straddles and strangles, the unlimited reward capped at a 2σ move', () => {
    const c = rankStrategies([near], 'volatile', rc);
    // One straddle and up to five strangles: deltas that land on the same strikes are kept once.
    expect(c.length).toBeGreaterThanOrEqual(4);
    expect(new Set(c.map((x) => x.strategy.legs.map((l) => l.symbol).join())).size).toBe(c.length);
    const ctx = contextOf(near, rc);
    const T = (expiryTime(near.expiry) - NOW) / (365 * 86_400_000);
    const atm = near.rows.find((r) => r.strike === near.atmStrike)!;
    const move = Math.exp(2 * ((atm.call.iv + atm.put.iv) / 2) * Math.sqrt(T));
    for (const x of c) {
      expect(x.analysis.maxProfit).toBeNull();
      const pnl = expiryPnl(x.strategy, ctx);
      const reward = Math.max(pnl(100 * move), pnl(100 / move));
      expect(x.score).toBeCloseTo(x.analysis.probabilityOfProfit * (reward / x.analysis.maxLoss!), 12);
      expect(x.why).toMatch(/2σ move/);
    }
    expect(c.some((x) => x.strategy.template === 'long_straddle')).toBe(true);
  });

  it('honours the limit and returns nothing for an empty chain', () => {
    expect(rankStrategies([near], 'neutral', rc, 3)).toHaveLength(3);
    expect(rankStrategies([{ ...near, rows: [] }], 'bullish', rc)).toEqual([]);
  });
});
