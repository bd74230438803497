/**
 * The expiry payoff of a strategy and what follows from it: max profit, max loss and breakevens.
 *
 * Single expiry (every option leg expires at the same close): the payoff is piecewise linear in the terminal
 * price with kinks at the strikes, so it is evaluated exactly at 0 and at every strike, and the slope beyond the
 * highest strike (Σ signed call and stock shares) decides whether profit (slope > 0) or loss (slope < 0) is
 * unlimited. Breakevens are the exact roots of the linear pieces.
 *
 * Several expiries (calendars, diagonals): the "expiry" curve is the P&L at the NEAREST expiry with the longer
 * legs valued by BSM at their own IV and remaining time. It is not piecewise linear, so extremes are taken over
 * a dense grid (0 … 3 × max(strike, spot) plus every strike), breakevens are found by bisection between sign
 * changes, and the tail slope uses the longer legs' intrinsic slopes (deep in-the-money American equity options
 * trade at parity, so a long far call offsets a short near call).
 */
import { intrinsic, legPnl, legValue, type LegModel, type MarketParams } from './model';

export interface ExpiryProfile {
  /** P&L of the whole position at the nearest expiry when the underlying ends at S. */
  pnl(S: number): number;
  /** Terminal price of the nearest option expiry (epoch ms), or null for a stock-only strategy. */
  expiryMs: number | null;
  /** Whole-position dollars; null = unlimited. */
  maxProfit: number | null;
  /** Whole-position dollars as a positive loss (−min P&L); null = unlimited. */
  maxLoss: number | null;
  breakevens: number[];
  /** Sorted distinct strikes (the kinks of a single-expiry payoff). */
  strikes: number[];
  /** P&L slope in dollars per 1.00 of underlying beyond every strike. */
  tailSlope: number;
  singleExpiry: boolean;
}

/** dP&L/dS beyond every strike per unit: Σ signed call and stock shares (puts are worthless there). */
export function tailSlope(models: readonly LegModel[]): number {
  let s = 0;
  for (const m of models) if (m.kind === 'stock' || m.type === 'call') s += m.sign * m.units;
  return s;
}

/** Sign-aware snapping of float noise to zero, relative to the scale of the values. */
function snap(values: number[]): number[] {
  const scale = Math.max(1, ...values.map(Math.abs));
  return values.map((v) => (Math.abs(v) <= 1e-9 * scale ? 0 : v));
}

function distinctSorted(xs: number[]): number[] {
  const s = [...xs].sort((a, b) => a - b);
  return s.filter((x, i) => i === 0 || x - s[i - 1]! > 1e-9 * Math.max(1, Math.abs(x)));
}

/** Roots of a function known at sorted points xs (values vs); `between` refines a root inside a sign change. */
function roots(xs: number[], vs: number[], between: (a: number, b: number, va: number, vb: number) => number, slope: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const v = vs[i]!;
    if (v === 0 && x > 0) out.push(x);
    if (i + 1 < xs.length && v * vs[i + 1]! < 0) out.push(between(x, xs[i + 1]!, v, vs[i + 1]!));
  }
  const n = xs.length - 1;
  const vn = vs[n]!;
  if (vn * slope < 0) out.push(xs[n]! - vn / slope);
  return distinctSorted(out);
}

function extremes(vs: number[], slope: number): { maxProfit: number | null; maxLoss: number | null } {
  const hi = Math.max(...vs);
  const lo = Math.min(...vs);
  return { maxProfit: slope > 0 ? null : hi, maxLoss: slope < 0 ? null : -lo };
}

export function expiryProfile(models: readonly LegModel[], quantity: number, spot: number, mkt: MarketParams): ExpiryProfile {
  const options = models.filter((m) => m.kind === 'option');
  const strikes = distinctSorted(options.map((m) => m.strike));
  const expiryMs = options.length ? Math.min(...options.map((m) => m.expiryMs)) : null;
  const singleExpiry = options.every((m) => m.expiryMs === expiryMs);
  const slope = quantity * tailSlope(models);

  if (singleExpiry) {
    const pnl = (S: number): number => {
      let total = 0;
      for (const m of models) total += legPnl(m, m.kind === 'stock' ? S : intrinsic(m.type, S, m.strike));
      return quantity * total;
    };
    const xs = [0, ...strikes.filter((k) => k > 0)];
    const vs = snap(xs.map(pnl));
    const linear = (a: number, b: number, va: number, vb: number): number => a - (va * (b - a)) / (vb - va);
    return { pnl, expiryMs, ...extremes(vs, slope), breakevens: roots(xs, vs, linear, slope), strikes, tailSlope: slope, singleExpiry };
  }

  const at = expiryMs as number;
  const pnl = (S: number): number => {
    let total = 0;
    for (const m of models) total += legPnl(m, legValue(m, S, at, mkt));
    return quantity * total;
  };
  const top = 3 * Math.max(spot, ...strikes);
  const grid = Array.from({ length: 601 }, (_, i) => (top * i) / 600);
  const xs = distinctSorted([...grid, ...strikes]);
  const vs = snap(xs.map(pnl));
  const bisect = (a: number, b: number, va: number): number => {
    let lo = a;
    let hi = b;
    let vlo = va;
    for (let i = 0; i < 80 && hi - lo > 1e-10 * Math.max(1, hi); i++) {
      const mid = (lo + hi) / 2;
      const vm = pnl(mid);
      if (vm === 0) return mid;
      if (vm * vlo < 0) hi = mid;
      else {
        lo = mid;
        vlo = vm;
      }
    }
    return (lo + hi) / 2;
  };
  return { pnl, expiryMs, ...extremes(vs, slope), breakevens: roots(xs, vs, bisect, slope), strikes, tailSlope: slope, singleExpiry };
}
