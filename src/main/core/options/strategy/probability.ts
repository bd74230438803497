/**
 * Probability of profit at expiry under a lognormal terminal price (the BSM assumptions of NUMBERS.md):
 * ln S_T ~ N(ln S + (r − q − σ²/2)·T, σ²·T), so P(S_T ≤ x) = Φ((ln(x/S) − (r − q − σ²/2)·T) / (σ·√T)).
 * The profitable set is a union of intervals between consecutive breakevens (the sign of the P&L is constant
 * between two roots), each contributing F(b) − F(a).
 *
 * σ is ONE volatility for the whole strategy: the vega-weighted mean of the option legs' IVs
 * (weights = ratio × BSM vega of each leg), falling back to the ratio-weighted mean when every vega is zero
 * (at or past expiry). T runs to the nearest option expiry.
 */
import { normCdf } from '../pricing/normal';
import { legGreeks, shiftIv, type LegModel, type MarketParams } from './model';

/** The strategy's volatility for probabilities: vega-weighted leg IV (decimal), or null without option legs. */
export function strategySigma(models: readonly LegModel[], S: number, atMs: number, mkt: MarketParams, ivShift = 0): number | null {
  let w = 0;
  let wiv = 0;
  let n = 0;
  let niv = 0;
  for (const m of models) {
    if (m.kind !== 'option') continue;
    const iv = shiftIv(m.iv, ivShift);
    const vega = Math.abs(legGreeks(m, S, atMs, mkt, ivShift).vega) * m.leg.ratio;
    w += vega;
    wiv += vega * iv;
    n += m.leg.ratio;
    niv += m.leg.ratio * iv;
  }
  if (n === 0) return null;
  return w > 1e-12 ? wiv / w : niv / n;
}

/** P(S_T ≤ x) for the lognormal terminal price; a point mass at the forward when σ√T is 0. */
export function lognormalCdf(x: number, S: number, T: number, sigma: number, mkt: MarketParams): number {
  if (x <= 0) return 0;
  if (!Number.isFinite(x)) return 1;
  const sd = sigma * Math.sqrt(Math.max(T, 0));
  const drift = (mkt.rate - mkt.dividendYield - (sigma * sigma) / 2) * Math.max(T, 0);
  if (!(sd > 0)) return x >= S * Math.exp(drift) ? 1 : 0;
  return normCdf((Math.log(x / S) - drift) / sd);
}

/**
 * P(P&L > 0 at expiry): integrates the lognormal law over the intervals between breakevens where the payoff is
 * positive. `pnl` is the expiry P&L; `kinks` lets the last interval's sign be read beyond every kink.
 */
export function probabilityOfProfit(
  pnl: (S: number) => number,
  breakevens: readonly number[],
  kinks: readonly number[],
  S: number,
  T: number,
  sigma: number,
  mkt: MarketParams,
): number {
  const sd = sigma * Math.sqrt(Math.max(T, 0));
  if (!(sd > 0)) {
    const forward = S * Math.exp((mkt.rate - mkt.dividendYield) * Math.max(T, 0));
    return pnl(forward) > 0 ? 1 : 0;
  }
  const bounds = [0, ...breakevens, Infinity];
  const far = Math.max(S, ...kinks, ...breakevens);
  let p = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const a = bounds[i]!;
    const b = bounds[i + 1]!;
    const probe = Number.isFinite(b) ? (a + b) / 2 : Math.max(a, far) * 1.5 + 1;
    if (pnl(probe) > 0) p += lognormalCdf(b, S, T, sigma, mkt) - lognormalCdf(a, S, T, sigma, mkt);
  }
  return Math.min(1, Math.max(0, p));
}
