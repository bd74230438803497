/**
 * Synthetic chains for the strategy tests: every quote priced by BSM (the pricing module) from a volatility that
 * may carry a linear skew, with a small spread around the mark, so templates and ranking run before (and
 * independently of) the chain service.
 */
import { ChainQuoteSchema, type Leg, type OptionChain, type OptionQuote, type OptionType } from '../../../../shared/contract/options-schemas';
import { bsm } from '../pricing/bsm';
import type { AnalysisContext } from './analyze';

export const NOW = Date.parse('2026-11-20T15:00:00Z');
/** Expiry closes at 16:00 New York = 21:00 UTC in winter. */
export const expiryTime = (expiry: string): number => Date.parse(`${expiry}T21:00:00Z`);

export function occ(root: string, expiry: string, type: OptionType, strike: number): string {
  const ymd = expiry.slice(2).replaceAll('-', '');
  return `${root}${ymd}${type === 'call' ? 'C' : 'P'}${String(Math.round(strike * 1000)).padStart(8, '0')}`;
}

export interface ChainSpec {
  underlying?: string;
  spot?: number;
  expiry?: string;
  rate?: number;
  dividendYield?: number;
  /** ATM vol; the smile adds skew × (K/S − 1) (negative skew = puts richer). */
  vol?: number;
  skew?: number;
  strikes?: number[];
  now?: number;
}

export function syntheticChain(spec: ChainSpec = {}): OptionChain {
  const underlying = spec.underlying ?? 'ACME';
  const spot = spec.spot ?? 100;
  const expiry = spec.expiry ?? '2026-12-18';
  const rate = spec.rate ?? 0.04;
  const q = spec.dividendYield ?? 0;
  const vol = spec.vol ?? 0.4;
  const skew = spec.skew ?? 0;
  const now = spec.now ?? NOW;
  const strikes = spec.strikes ?? Array.from({ length: 25 }, (_, i) => 70 + i * 2.5);
  const T = (expiryTime(expiry) - now) / (365 * 86_400_000);
  const quote = (type: OptionType, K: number): OptionQuote => {
    const iv = Math.max(0.05, vol + skew * (K / spot - 1));
    const g = bsm(type, spot, K, rate, q, iv, T);
    const half = Math.max(0.01, g.price * 0.02);
    return {
      symbol: occ(underlying, expiry, type, K),
      underlying,
      expiry,
      strike: K,
      type,
      bid: Math.max(0, g.price - half),
      ask: g.price + half,
      last: g.price,
      mark: g.price,
      iv,
      delta: g.delta,
      gamma: g.gamma,
      theta: g.theta,
      vega: g.vega,
      rho: g.rho,
      volume: 100,
      openInterest: 1000,
      inTheMoney: type === 'call' ? K < spot : K > spot,
    };
  };
  const atmStrike = strikes.reduce((b, k) => (Math.abs(k - spot) < Math.abs(b - spot) ? k : b), strikes[0]!);
  return {
    underlying,
    spot,
    expiry,
    daysToExpiry: T * 365,
    rate,
    dividendYield: q,
    multiplier: 100,
    atmStrike,
    // The wire shape of a row: each side without the fields the chain and row state.
    rows: strikes.map((strike) => ({ strike, call: ChainQuoteSchema.parse(quote('call', strike)), put: ChainQuoteSchema.parse(quote('put', strike)) })),
    source: 'test',
    asOf: now,
  };
}

export function contextOf(chain: OptionChain, now = NOW): AnalysisContext {
  return { spot: chain.spot, rate: chain.rate, dividendYield: chain.dividendYield, now, expiryTime, multiplier: chain.multiplier };
}

/** A hand-made option leg (ratio 1 unless given). */
export function opt(side: Leg['side'], type: OptionType, strike: number, price: number, iv = 0.4, expiry = '2026-12-18', ratio = 1): Leg {
  return { symbol: occ('ACME', expiry, type, strike), kind: 'option', type, strike, expiry, side, ratio, price, iv };
}

export function stock(side: Leg['side'], shares: number, price: number): Leg {
  return { symbol: 'ACME', kind: 'stock', type: null, strike: null, expiry: null, side, ratio: shares, price, iv: null };
}
