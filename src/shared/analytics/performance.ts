/**
 * The one performance and risk calculator (NUMBERS.md, "Performance and risk metrics"). Pure TypeScript, no
 * runtime imports: `analytics.performance`, the segment snapshots and comparison, the unified report and the
 * renderer all call this, so every screen shows the same Sharpe for the same returns.
 *
 * Inputs are daily simple returns as decimals, oldest first. Conventions, fixed for the whole product:
 * - null, NaN and ±Infinity observations are dropped (a benchmark pair is dropped when either side is missing);
 * - Sharpe = mean(r − rf) / std(r − rf, ddof 1) × √252;
 * - Sortino = mean(r − MAR) × 252 / (√(mean(min(r − MAR, 0)²)) × √252), the downside mean over ALL observations;
 * - max drawdown = min over t of (wealth_t / running peak − 1), wealth starting at 1.0 (≤ 0);
 * - annual volatility = std(r, ddof 1) × √252; CAGR = wealth_n^(252/n) − 1; total return = wealth_n − 1;
 * - beta = cov(r, b) / var(b) (ddof 1 both); alpha = (1 + mean(r − β·b))^252 − 1;
 * - VaR and ES as positive loss fractions: historical VaR = −(linear-interpolated 5th percentile),
 *   historical ES = −mean of the worst ⌊(n−1)·0.05⌋+1 returns, parametric VaR = −(μ − z·σ),
 *   parametric ES = −μ + σ·φ(z)/(1−α), z = Φ⁻¹(0.95), σ with ddof 1.
 * With fewer than two observations every metric is null; a ratio whose denominator is zero (zero variance, no
 * downside) is null. Nothing returned is ever NaN or ±Infinity.
 */
import type { PerformanceMetrics } from '../contract/analytics-schemas';

export const PERIODS_PER_YEAR = 252;
/** Φ⁻¹(0.95), the one-sided 95 % quantile of the standard normal. */
export const Z95 = 1.6448536269514722;
export const CONFIDENCE = 0.95;
/** Below this a standard deviation counts as zero (daily returns never vary by less than 1e-12). */
const ZERO_STD = 1e-12;

export interface PerformanceParams {
  returns: readonly (number | null | undefined)[];
  benchmark?: readonly (number | null | undefined)[] | undefined;
  /** Risk-free rate per period (per day), decimal; also Sortino's minimum acceptable return. Default 0. */
  riskFree?: number | undefined;
}

const isObs = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** The finite observations, in order. */
export function observations(xs: readonly (number | null | undefined)[]): number[] {
  const out: number[] = [];
  for (const x of xs) if (isObs(x)) out.push(x);
  return out;
}

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (ddof 1), two-pass; NaN for fewer than two values. */
export function sampleStd(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/**
 * Percentile of ascending-sorted values with linear interpolation between closest ranks (numpy's default
 * "linear" method: position p·(n−1)). `p` in [0, 1].
 */
export function percentileSorted(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = Math.min(Math.max(p, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const w = pos - lo;
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * w;
}

/** Standard normal density. */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Wealth path from 1.0 (one value per return) and the maximum drawdown over it (≤ 0). */
export function wealthAndDrawdown(returns: readonly number[]): { wealth: number[]; maxDrawdown: number } {
  const wealth: number[] = [];
  let w = 1;
  let peak = 1;
  let mdd = 0;
  for (const r of returns) {
    w *= 1 + r;
    wealth.push(w);
    if (w > peak) peak = w;
    const dd = w / peak - 1;
    if (dd < mdd) mdd = dd;
  }
  return { wealth, maxDrawdown: mdd };
}

/** null for NaN/±Infinity; −0 becomes 0 (so JSON and equality stay simple). */
function num(x: number): number | null {
  if (!Number.isFinite(x)) return null;
  return x === 0 ? 0 : x;
}

const EMPTY = (n: number): PerformanceMetrics => ({
  observations: n,
  sharpe: null,
  sortino: null,
  maxDrawdown: null,
  annualVolatility: null,
  cagr: null,
  totalReturn: null,
  beta: null,
  alpha: null,
  var95Historical: null,
  es95Historical: null,
  var95Parametric: null,
  es95Parametric: null,
});

/** Beta and compounded alpha of paired observations; nulls with fewer than two pairs or a flat benchmark. */
export function betaAlpha(
  returns: readonly (number | null | undefined)[],
  benchmark: readonly (number | null | undefined)[],
): { beta: number | null; alpha: number | null; pairs: number } {
  const r: number[] = [];
  const b: number[] = [];
  const n = Math.min(returns.length, benchmark.length);
  for (let i = 0; i < n; i++) {
    const x = returns[i];
    const y = benchmark[i];
    if (isObs(x) && isObs(y)) {
      r.push(x);
      b.push(y);
    }
  }
  if (r.length < 2) return { beta: null, alpha: null, pairs: r.length };
  const mr = mean(r);
  const mb = mean(b);
  let cov = 0;
  let varB = 0;
  for (let i = 0; i < r.length; i++) {
    cov += (r[i]! - mr) * (b[i]! - mb);
    varB += (b[i]! - mb) ** 2;
  }
  // ddof 1 on both: the (n − 1) cancels.
  if (Math.sqrt(varB / (r.length - 1)) <= ZERO_STD) return { beta: null, alpha: null, pairs: r.length };
  const beta = cov / varB;
  let excess = 0;
  for (let i = 0; i < r.length; i++) excess += r[i]! - beta * b[i]!;
  const alpha = (1 + excess / r.length) ** PERIODS_PER_YEAR - 1;
  return { beta: num(beta), alpha: num(alpha), pairs: r.length };
}

export function performance(params: PerformanceParams): PerformanceMetrics {
  const r = observations(params.returns);
  const n = r.length;
  if (n < 2) return EMPTY(n);
  const rf = params.riskFree ?? 0;
  const ann = Math.sqrt(PERIODS_PER_YEAR);

  const excess = r.map((x) => x - rf);
  const meanExcess = mean(excess);
  const sdExcess = sampleStd(excess);
  const sharpe = sdExcess > ZERO_STD ? (meanExcess / sdExcess) * ann : Number.NaN;

  let downSq = 0;
  for (const d of excess) if (d < 0) downSq += d * d;
  const downside = Math.sqrt(downSq / n) * ann;
  const sortino = downside > ZERO_STD ? (meanExcess * PERIODS_PER_YEAR) / downside : Number.NaN;

  const { wealth, maxDrawdown } = wealthAndDrawdown(r);
  const final = wealth[n - 1]!;
  const cagr = final <= 0 ? -1 : final ** (PERIODS_PER_YEAR / n) - 1;

  const mu = mean(r);
  const sd = sampleStd(r);
  const annualVolatility = sd * ann;

  const sorted = [...r].sort((a, b) => a - b);
  const var95Historical = -percentileSorted(sorted, 1 - CONFIDENCE);
  const tail = Math.floor((n - 1) * (1 - CONFIDENCE)) + 1;
  const es95Historical = -mean(sorted.slice(0, tail));
  const var95Parametric = -(mu - Z95 * sd);
  const es95Parametric = -mu + (sd * normalPdf(Z95)) / (1 - CONFIDENCE);

  const ba = params.benchmark ? betaAlpha(params.returns, params.benchmark) : { beta: null, alpha: null };

  return {
    observations: n,
    sharpe: num(sharpe),
    sortino: num(sortino),
    maxDrawdown: num(maxDrawdown),
    annualVolatility: num(annualVolatility),
    cagr: num(cagr),
    totalReturn: num(final - 1),
    beta: ba.beta,
    alpha: ba.alpha,
    var95Historical: num(var95Historical),
    es95Historical: num(es95Historical),
    var95Parametric: num(var95Parametric),
    es95Parametric: num(es95Parametric),
  };
}

/** Growth of 1.0 after each return (missing observations carry the previous value). */
export function growthCurve(returns: readonly (number | null | undefined)[]): number[] {
  const out: number[] = [];
  let w = 1;
  for (const r of returns) {
    if (isObs(r)) w *= 1 + r;
    out.push(w);
  }
  return out;
}
