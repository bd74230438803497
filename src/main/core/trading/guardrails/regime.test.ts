import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../../shared/contract';
import { DEFAULT_REGIME_THRESHOLDS, readRegime, realisedVolatility, regimeBarsNeeded } from './regime';

const DAY = 86_400_000;
const bars = (closes: readonly number[]): Bar[] => closes.map((c, i) => ({ t: 1_700_000_000_000 + i * DAY, o: c, h: c, l: c, c, v: 1e6 }));
/** n closes compounding `drift` a day, with a ±`wiggle` alternating wobble (tiny volatility). */
const path = (n: number, drift: number, wiggle = 0.001, start = 100): number[] =>
  Array.from({ length: n }, (_, i) => start * (1 + drift) ** i * (1 + (i % 2 === 0 ? wiggle : -wiggle)));

describe('realisedVolatility', () => {
  it('is the sample std (ddof 1) of daily log returns × √252', () => {
    const closes = [100, 101, 99, 100];
    const r = [Math.log(101 / 100), Math.log(99 / 101), Math.log(100 / 99)];
    const mean = (r[0]! + r[1]! + r[2]!) / 3;
    const sd = Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / 2);
    expect(realisedVolatility(closes, 3)).toBeCloseTo(sd * Math.sqrt(252), 12);
    // only the last n returns count
    expect(realisedVolatility([50, 80, ...closes], 3)).toBeCloseTo(sd * Math.sqrt(252), 12);
  });
});

describe('readRegime (IWM daily bars)', () => {
  it('needs enough bars for SMA50 and the slope; with fewer it says so and has no asOf', () => {
    expect(regimeBarsNeeded(DEFAULT_REGIME_THRESHOLDS)).toBe(50);
    const r = readRegime(bars(path(49, 0.002)));
    expect(r.asOf).toBeNull();
    expect(r.inputs.reason).toMatch(/49 daily bars of IWM; the rule needs 50/);
    expect(readRegime(bars(path(50, 0.002))).asOf).not.toBeNull();
  });

  it('a steady rise is trending_up, a steady fall trending_down, a flat wobble ranging', () => {
    const up = readRegime(bars(path(80, 0.003)));
    expect(up.label).toBe('trending_up');
    expect(up.inputs.close as number).toBeGreaterThan(up.inputs.smaFast as number);
    expect(up.inputs.smaFast as number).toBeGreaterThan(up.inputs.smaSlow as number);
    expect(up.benchmark).toBe('IWM');
    expect(readRegime(bars(path(80, -0.003))).label).toBe('trending_down');
    expect(readRegime(bars(path(80, 0, 0.004))).label).toBe('ranging');
  });

  it('a violent market is volatile whatever its trend (threshold at, below and above the measured vol)', () => {
    // ±3% alternating on a rising trend: about 48% a year annualised.
    const closes = path(80, 0.003, 0.015);
    const vol = realisedVolatility(closes, 20);
    expect(vol).toBeGreaterThan(0.3);
    expect(readRegime(bars(closes)).label).toBe('volatile');
    expect(readRegime(bars(closes), { ...DEFAULT_REGIME_THRESHOLDS, volatileAbove: vol * 1.0001 }).label).toBe('trending_up');
    expect(readRegime(bars(closes), { ...DEFAULT_REGIME_THRESHOLDS, volatileAbove: vol * 0.9999 }).label).toBe('volatile');
  });

  it('a rise that has rolled over (SMA20 falling) is not trending_up', () => {
    // 25 sessions at 100, a 5-session spike to 200, 15 at 130, the last 5 at 140: close (140) > SMA20 (132.5) >
    // SMA50 (123), but SMA20 five sessions ago was 147.5, so it is falling.
    const closes = [...Array<number>(25).fill(100), ...Array<number>(5).fill(200), ...Array<number>(15).fill(130), ...Array<number>(5).fill(140)];
    const r = readRegime(bars(closes), { ...DEFAULT_REGIME_THRESHOLDS, volatileAbove: 5 });
    expect(r.inputs.close as number).toBeGreaterThan(r.inputs.smaFast as number);
    expect(r.inputs).toMatchObject({ close: 140, smaFast: 132.5, smaSlow: 123, smaFastBefore: 147.5 });
    expect(r.label).toBe('ranging');
    // the same shape with a rising SMA20 (no spike) is trending_up
    const rising = [...Array<number>(30).fill(100), ...Array<number>(15).fill(130), ...Array<number>(5).fill(140)];
    expect(readRegime(bars(rising), { ...DEFAULT_REGIME_THRESHOLDS, volatileAbove: 5 }).label).toBe('trending_up');
  });

  it('property: the label follows the documented rule (independent re-computation)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -0.04, max: 0.04, noNaN: true }), { minLength: 50, maxLength: 90 }), (rets) => {
        const closes: number[] = [];
        let c = 100;
        for (const r of rets) closes.push((c *= 1 + r));
        const th = DEFAULT_REGIME_THRESHOLDS;
        const n = closes.length;
        const avg = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
        const fast = avg(closes.slice(n - 20));
        const slow = avg(closes.slice(n - 50));
        const before = avg(closes.slice(n - 25, n - 5));
        const lr = closes.slice(n - 21).map((x, i, a) => (i === 0 ? 0 : Math.log(x / a[i - 1]!))).slice(1);
        const m = avg(lr);
        const vol = Math.sqrt(lr.reduce((a, x) => a + (x - m) ** 2, 0) / (lr.length - 1)) * Math.sqrt(252);
        const last = closes[n - 1]!;
        const want =
          vol > th.volatileAbove ? 'volatile' : last > fast && fast > slow && fast > before ? 'trending_up' : last < fast && fast < slow && fast < before ? 'trending_down' : 'ranging';
        expect(readRegime(bars(closes)).label).toBe(want);
      }),
      { numRuns: 300 },
    );
  });
});
