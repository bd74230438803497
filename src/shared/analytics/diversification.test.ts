import { describe, expect, it } from 'vitest';
import { correlationMatrix } from './correlation';
import { diversification, diversificationScore } from './diversification';

describe('diversificationScore', () => {
  it('100 × (1 − max(0, ρ̄)): uncorrelated 100, perfectly correlated 0, hedges 100', () => {
    expect(diversificationScore(0)).toBe(100);
    expect(diversificationScore(1)).toBe(0);
    expect(diversificationScore(0.82)).toBe(18);
    expect(diversificationScore(-0.4)).toBe(100);
    expect(diversificationScore(null)).toBeNull();
  });
});

describe('diversification', () => {
  const up = [0.01, 0.02, -0.01, 0.03, -0.02, 0.01, 0.0, 0.015, -0.005, 0.02];
  it('names pairs that moved together with ρ and the days behind it, and drifted allocations', () => {
    const m = correlationMatrix({ biotech: up, mining: up.map((x) => x * 1.5 + 0.001) });
    const d = diversification({
      matrix: m,
      labels: { biotech: 'Biotech', mining: 'Mining' },
      allocation: [
        { segmentId: 'biotech', target: 0.2, current: 0.27, drift: 0.07 },
        { segmentId: 'mining', target: 0.25, current: 0.24, drift: -0.01 },
      ],
    });
    expect(d.averageCorrelation).toBeCloseTo(1, 9);
    expect(d.score).toBe(0);
    expect(d.recommendations[0]).toMatch(/^Biotech and Mining moved together \(ρ 1\.00 over 10 days\)/);
    expect(d.recommendations.some((r) => r.startsWith('Biotech is overweight: 27.0% of equity against a 20.0% target (+7.0 points)'))).toBe(true);
    expect(d.recommendations.some((r) => r.startsWith('Mining'))).toBe(false);
  });

  it('reports independence, opposite moves and too little history', () => {
    const a = [0.01, -0.01, 0.01, -0.01, 0.01, -0.01];
    const b = a.map((x) => -x);
    const opp = diversification({ matrix: correlationMatrix({ a, b }) });
    expect(opp.score).toBe(100);
    expect(opp.recommendations[0]).toContain('a and b moved in opposite directions (ρ −1.00 over 6 days)');
    const thin = diversification({ matrix: correlationMatrix({ a: [0.01, 0.02], b: [0.02, 0.01] }) });
    expect(thin.score).toBeNull();
    expect(thin.recommendations[0]).toMatch(/Not enough overlapping history/);
    const one = diversification({ matrix: correlationMatrix({ a }) });
    expect(one.score).toBeNull();
    expect(one.recommendations[0]).toMatch(/Fewer than two segments/);
  });
});
