/**
 * The calculator against published values and properties.
 *
 * Published values come from empyrical-reloaded's regression suite (github.com/stefan-jansen/empyrical-reloaded,
 * tests/test_stats.py and tests/conftest.py, commit 31173cf13db00328bd5bbe70a016e62a36ba067e), whose conventions
 * are NUMBERS.md's: Sharpe and annual volatility with ddof 1, Sortino's downside mean over all observations,
 * alpha compounded, VaR as numpy's linear percentile, CVaR as the mean of the worst int((n−1)·cutoff)+1 returns.
 * Where empyrical returns inf (no downside, zero variance) we return null by contract.
 *
 * Parametric ES of a normal: ES_α = μ + σ·φ(Φ⁻¹(α))/(1−α) (M. Haugh, "Risk Measures", Columbia IEOR E4602,
 * eq. 6); for the standard normal at 95 % that is φ(1.6449)/0.05 = 2.0627128075 standard deviations.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PerformanceMetricsSchema } from '../contract/analytics-schemas';
import { betaAlpha, normalPdf, percentileSorted, performance, Z95 } from './performance';

const pct = (xs: number[]): number[] => xs.map((x) => x / 100);
// conftest.py fixtures
const mixed = [Number.NaN, ...pct([1, 10, -4, 2, 3, 2, 1, -10])];
const negative = pct([0, -6, -7, -1, -9, -2, -6, -8, -5]);
const allNegative = pct([-2, -6, -7, -1, -9, -2, -6, -8, -5]);
const positive = pct([1, 2, 1, 1, 1, 1, 1, 1, 1]);
const udu = pct([10, -10, 10]);
const flat1000 = new Array<number>(1000).fill(0.01);

describe('performance: empyrical-reloaded published values', () => {
  it('mixed_returns: Sharpe, Sortino, annual volatility, max drawdown (NaN dropped)', () => {
    const m = performance({ returns: mixed });
    expect(m.observations).toBe(8);
    expect(m.sharpe).toBeCloseTo(1.7238613961706866, 8);
    expect(m.sortino).toBeCloseTo(2.605531251673693, 8);
    expect(m.annualVolatility).toBeCloseTo(0.9136465399704637, 8);
    expect(m.maxDrawdown).toBeCloseTo(-0.1, 8);
    expect(m.totalReturn).toBeCloseTo(0.03893, 4); // test_cum_returns_final
  });

  it('CAGR: mixed_returns 1.9135925373194231 (empyrical counts the NaN day as a flat period: we pass it as 0)', () => {
    const m = performance({ returns: [0, ...mixed.slice(1)] });
    expect(m.cagr).toBeCloseTo(1.9135925373194231, 8);
  });

  it('CAGR: 1,000 days of +1 % → 11.274002099240256', () => {
    const m = performance({ returns: flat1000 });
    expect(m.cagr).toBeCloseTo(11.274002099240256, 6);
    // Zero variance: empyrical says inf; the contract says null, never Infinity.
    expect(m.sharpe).toBeNull();
    expect(m.sortino).toBeNull();
    expect(m.annualVolatility).toBeCloseTo(0, 12);
  });

  it('negative_returns: Sharpe −24.406808633910085, Sortino −13.532743075043401, max drawdown −0.36590730', () => {
    const m = performance({ returns: negative });
    expect(m.sharpe).toBeCloseTo(-24.406808633910085, 8);
    expect(m.sortino).toBeCloseTo(-13.532743075043401, 8);
    expect(m.maxDrawdown).toBeCloseTo(-0.3659073, 8);
  });

  it('positive_returns: Sharpe 52.915026221291804; no downside → Sortino null; drawdown 0', () => {
    const m = performance({ returns: positive });
    expect(m.sharpe).toBeCloseTo(52.915026221291804, 8);
    expect(m.sortino).toBeNull();
    expect(m.maxDrawdown).toBe(0);
    expect(Object.is(m.maxDrawdown, -0)).toBe(false);
  });

  it('max drawdown: all_negative_returns −0.378589157, udu_returns −0.10', () => {
    expect(performance({ returns: allNegative }).maxDrawdown).toBeCloseTo(-0.378589157, 8);
    expect(performance({ returns: udu }).maxDrawdown).toBeCloseTo(-0.1, 8);
  });

  it('alpha/beta: mixed_returns vs negative_returns[1:] → (−0.9997853834885004, −0.71296296296296313)', () => {
    // negative_returns[1:] is aligned by date with mixed_returns[1:]; mixed_returns[0] is NaN.
    const bench = [null, ...negative.slice(1)];
    const m = performance({ returns: mixed, benchmark: bench });
    expect(m.beta).toBeCloseTo(-0.71296296296296313, 8);
    expect(m.alpha).toBeCloseTo(-0.9997853834885004, 8);
    // mixed vs itself: (0, 1); vs its negation: (0, −1)
    const self = betaAlpha(mixed, mixed);
    expect(self.beta).toBeCloseTo(1, 12);
    expect(self.alpha).toBeCloseTo(0, 10);
    const inv = betaAlpha(mixed, mixed.map((x) => -x));
    expect(inv.beta).toBeCloseTo(-1, 12);
    expect(inv.alpha).toBeCloseTo(0, 10);
  });

  it('percentile (test_value_at_risk): numpy linear interpolation', () => {
    expect(percentileSorted([1, 2], 0)).toBeCloseTo(1, 12);
    expect(percentileSorted([1, 2], 0.3)).toBeCloseTo(1.3, 12);
    expect(percentileSorted([1, 2], 1)).toBeCloseTo(2, 12);
    const s = [1, 81, 82, 83, 84, 85];
    expect(percentileSorted(s, 0.1)).toBeCloseTo(41, 12);
    expect(percentileSorted(s, 0.2)).toBeCloseTo(81, 12);
    expect(percentileSorted(s, 0.3)).toBeCloseTo(81.5, 12);
  });
});

describe('performance: VaR and ES', () => {
  it('historical VaR is −P5 and ES the mean of the worst ⌊(n−1)·0.05⌋+1 (test_conditional_value_at_risk)', () => {
    // 21 returns: P5 sits at position 1.0 → the second worst; the tail is the 2 worst.
    const r = [-0.05, -0.03, ...new Array<number>(19).fill(0).map((_, i) => 0.001 * (i + 1))];
    const m = performance({ returns: r });
    expect(m.var95Historical).toBeCloseTo(0.03, 12);
    expect(m.es95Historical).toBeCloseTo(0.04, 12);
    // 41 returns: position 2.0 → third worst; the tail is the 3 worst.
    const r41 = [-0.09, -0.06, -0.03, ...new Array<number>(38).fill(0.01)];
    const m41 = performance({ returns: r41 });
    expect(m41.var95Historical).toBeCloseTo(0.03, 12);
    expect(m41.es95Historical).toBeCloseTo(0.06, 12);
    // 10 returns: position 0.45 interpolates between the two worst; the tail is the worst alone.
    const r10 = [-0.1, -0.02, 0, 0, 0, 0, 0, 0, 0, 0.01];
    const m10 = performance({ returns: r10 });
    expect(m10.var95Historical).toBeCloseTo(0.1 - 0.45 * 0.08, 12);
    expect(m10.es95Historical).toBeCloseTo(0.1, 12);
  });

  it('parametric VaR/ES with z = 1.6448536269514722 and φ(z)/(1−α) = 2.0627128075', () => {
    expect(normalPdf(Z95) / 0.05).toBeCloseTo(2.062712807507, 9);
    const r = [-0.01, 0.01, 0.03];
    const mu = 0.01;
    const sd = 0.02; // ddof 1
    const m = performance({ returns: r });
    expect(m.var95Parametric).toBeCloseTo(-(mu - Z95 * sd), 12);
    expect(m.es95Parametric).toBeCloseTo(-mu + sd * 2.062712807507, 9);
  });
});

describe('performance: edge cases', () => {
  it('fewer than two observations → every metric null', () => {
    for (const returns of [[], [0.01], [null, Number.NaN, 0.02], [Number.POSITIVE_INFINITY, 0.01]]) {
      const m = performance({ returns, benchmark: returns });
      const { observations, ...rest } = m;
      expect(observations).toBeLessThan(2);
      expect(Object.values(rest).every((v) => v === null)).toBe(true);
    }
  });

  it('a flat benchmark gives null beta and alpha; a short benchmark uses only the paired days', () => {
    const m = performance({ returns: [0.01, -0.02, 0.03], benchmark: [0.01, 0.01, 0.01] });
    expect(m.beta).toBeNull();
    expect(m.alpha).toBeNull();
    const short = betaAlpha([0.01, 0.02, 0.5, 0.9], [0.01, 0.02]);
    expect(short.pairs).toBe(2);
    expect(short.beta).toBeCloseTo(1, 12);
  });

  it('risk-free is subtracted in Sharpe and is Sortino’s MAR', () => {
    const r = [0.01, -0.02, 0.015, 0.003, -0.004];
    const rf = 0.0001;
    const shifted = performance({ returns: r.map((x) => x - rf) });
    const m = performance({ returns: r, riskFree: rf });
    expect(m.sharpe).toBeCloseTo(shifted.sharpe!, 12);
    expect(m.sortino).toBeCloseTo(shifted.sortino!, 12);
  });
});

const returnsArb = fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 2, maxLength: 300 });

describe('performance: properties (fast-check)', () => {
  it('Sharpe is invariant to scaling the returns by a positive constant (rf = 0)', () => {
    fc.assert(
      fc.property(returnsArb, fc.double({ min: 0.1, max: 10, noNaN: true }), (r, c) => {
        const a = performance({ returns: r }).sharpe;
        const b = performance({ returns: r.map((x) => x * c) }).sharpe;
        if (a === null || b === null) return true;
        return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a));
      }),
    );
  });

  it('max drawdown is within [−1, 0] for returns ≥ −1; VaR ≤ ES (historical and parametric)', () => {
    fc.assert(
      fc.property(returnsArb, (r) => {
        const m = performance({ returns: r });
        if (m.maxDrawdown === null || m.maxDrawdown > 0 || m.maxDrawdown < -1) return false;
        if (m.var95Historical! > m.es95Historical! + 1e-12) return false;
        return m.var95Parametric! <= m.es95Parametric! + 1e-12;
      }),
    );
  });

  it('never NaN or Infinity, and always the contract’s shape, whatever the input', () => {
    const messy = fc.array(
      fc.oneof(fc.double(), fc.constant(null), fc.constant(Number.NaN), fc.double({ min: -0.2, max: 0.2, noNaN: true })),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(messy, messy, fc.double({ min: -0.01, max: 0.01, noNaN: true }), (r, b, rf) => {
        const m = performance({ returns: r, benchmark: b, riskFree: rf });
        PerformanceMetricsSchema.parse(m);
        return Object.values(m).every((v) => v === null || Number.isFinite(v));
      }),
    );
  });

  it('beta of a series against a positive multiple of itself is 1/k; alpha 0 against itself', () => {
    fc.assert(
      fc.property(returnsArb, fc.double({ min: 0.5, max: 4, noNaN: true }), (r, k) => {
        const { beta } = betaAlpha(r, r.map((x) => x * k));
        if (beta === null) return true;
        return Math.abs(beta - 1 / k) < 1e-6;
      }),
    );
  });
});
