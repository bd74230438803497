/**
 * The market regime the `regime` guardrail compares with a playbook's allowedRegimes, read from observable data:
 * the benchmark's (IWM) completed daily bars. Never the simulator's hidden regime state, so the same rule works on
 * any data source.
 *
 * The rule, evaluated on the closes c[0..n-1] (oldest first, the last completed session last):
 *   1. volatile      when the realised volatility of the last `volLookbackDays` daily log returns, sample standard
 *                    deviation (ddof 1) × √252, is above `volatileAbove` (e.g. 0.30 = 30 % a year);
 *   2. trending_up   else when close > SMA(fast) > SMA(slow) and SMA(fast) is above its value `slopeLookbackDays`
 *                    sessions earlier (rising);
 *   3. trending_down else when close < SMA(fast) < SMA(slow) and SMA(fast) is below its earlier value (falling);
 *   4. ranging       otherwise.
 * Volatility wins over trend: a market falling hard is 'volatile' first. With too few bars for the slow SMA plus
 * the slope (or for the volatility window), the reading says so: label 'ranging' with asOf null and a reason, and
 * the regime check blocks on asOf null rather than trust a label it could not read.
 */
import type { Bar, GuardrailConfig } from '../../../../shared/contract';
import type { RegimeReading } from './types';

export type RegimeThresholds = NonNullable<GuardrailConfig['regime']>;

/** Built-in thresholds, used when the configuration has no `regime` section. */
export const DEFAULT_REGIME_THRESHOLDS: RegimeThresholds = {
  benchmark: 'IWM',
  volLookbackDays: 20,
  volatileAbove: 0.3,
  smaFast: 20,
  smaSlow: 50,
  slopeLookbackDays: 5,
};

/** Daily bars the rule needs: the slow SMA plus the slope's lookback, and the volatility window plus one close. */
export function regimeBarsNeeded(th: RegimeThresholds): number {
  return Math.max(Math.max(th.smaSlow, th.smaFast + th.slopeLookbackDays), th.volLookbackDays + 1);
}

function sma(closes: readonly number[], n: number, endExclusive: number): number {
  let sum = 0;
  for (let i = endExclusive - n; i < endExclusive; i++) sum += closes[i]!;
  return sum / n;
}

/** Annualised realised volatility of the last `n` daily log returns (sample std, ddof 1, × √252). */
export function realisedVolatility(closes: readonly number[], n: number): number {
  const rets: number[] = [];
  for (let i = closes.length - n; i < closes.length; i++) rets.push(Math.log(closes[i]! / closes[i - 1]!));
  const mean = rets.reduce((a, b) => a + b, 0) / rets.length;
  const variance = rets.reduce((a, r) => a + (r - mean) ** 2, 0) / (rets.length - 1);
  return Math.sqrt(variance) * Math.sqrt(252);
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/** The regime from the benchmark's completed daily bars (ascending). Pure. */
export function readRegime(bars: readonly Bar[], th: RegimeThresholds = DEFAULT_REGIME_THRESHOLDS): RegimeReading {
  const need = regimeBarsNeeded(th);
  if (bars.length < need) {
    return {
      label: 'ranging',
      benchmark: th.benchmark,
      asOf: null,
      inputs: { reason: `${bars.length} daily bars of ${th.benchmark}; the rule needs ${need}`, bars: bars.length, barsNeeded: need },
    };
  }
  const closes = bars.map((b) => b.c);
  const n = closes.length;
  const close = closes[n - 1]!;
  const vol = realisedVolatility(closes, th.volLookbackDays);
  const fast = sma(closes, th.smaFast, n);
  const slow = sma(closes, th.smaSlow, n);
  const fastBefore = sma(closes, th.smaFast, n - th.slopeLookbackDays);
  let label: RegimeReading['label'] = 'ranging';
  if (vol > th.volatileAbove) label = 'volatile';
  else if (close > fast && fast > slow && fast > fastBefore) label = 'trending_up';
  else if (close < fast && fast < slow && fast < fastBefore) label = 'trending_down';
  return {
    label,
    benchmark: th.benchmark,
    asOf: bars[n - 1]!.t,
    inputs: {
      close: round(close, 4),
      smaFast: round(fast, 4),
      smaSlow: round(slow, 4),
      smaFastBefore: round(fastBefore, 4),
      smaFastDays: th.smaFast,
      smaSlowDays: th.smaSlow,
      slopeLookbackDays: th.slopeLookbackDays,
      realisedVol: round(vol, 4),
      volLookbackDays: th.volLookbackDays,
      volatileAbove: th.volatileAbove,
    },
  };
}
