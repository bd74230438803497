/**
 * The per-leg model every strategy computation shares: a leg's sign and share exposure, its expiry instant, and
 * its value per share at a price and an instant (intrinsic at or after expiry, BSM before). Kept apart so the
 * payoff, probability, margin and Greeks code all read a leg the same way.
 *
 * Conventions: an option leg holds `ratio × multiplier` shares of exposure per strategy unit, a stock leg `ratio`
 * shares (a covered call's stock leg has ratio = multiplier = 100). P&L per unit of a leg at a value v is
 * sign × units × (v − price), sign = +1 for buy and −1 for sell.
 */
import type { Leg, OptionType, Strategy } from '../../../../shared/contract/options-schemas';
import { bsm, bsmPrice } from '../pricing/bsm';

export const DAY_MS = 86_400_000;
/** T in years = calendar days / 365 (NUMBERS.md). */
export const YEAR_MS = 365 * DAY_MS;
/** IVs shifted by a what-if never fall below this (0.01 vol points): BSM stays defined. */
export const IV_FLOOR = 1e-4;

/** A strategy that cannot be built or analysed as asked (bad leg, missing strike, expired contract…). */
export class StrategyInputError extends Error {
  override name = 'StrategyInputError';
}

export interface OptionLegModel {
  kind: 'option';
  leg: Leg;
  sign: 1 | -1;
  /** Shares of exposure per strategy unit: ratio × multiplier. */
  units: number;
  type: OptionType;
  strike: number;
  iv: number;
  expiryMs: number;
}

export interface StockLegModel {
  kind: 'stock';
  leg: Leg;
  sign: 1 | -1;
  /** Shares per strategy unit (the leg's ratio). */
  units: number;
}

export type LegModel = OptionLegModel | StockLegModel;

export interface MarketParams {
  rate: number;
  dividendYield: number;
}

/** Checks each leg and resolves its expiry instant; throws StrategyInputError naming the first bad leg. */
export function legModels(strategy: Strategy, multiplier: number, expiryTime: (expiry: string) => number): LegModel[] {
  return strategy.legs.map((leg, i) => {
    const sign = leg.side === 'buy' ? 1 : -1;
    if (leg.kind === 'stock') return { kind: 'stock', leg, sign, units: leg.ratio };
    const where = `leg ${i + 1} (${leg.symbol})`;
    if (leg.type === null) throw new StrategyInputError(`${where}: an option leg needs a type (call or put)`);
    if (leg.strike === null) throw new StrategyInputError(`${where}: an option leg needs a strike`);
    if (leg.expiry === null) throw new StrategyInputError(`${where}: an option leg needs an expiry`);
    if (leg.iv === null || !(leg.iv > 0)) throw new StrategyInputError(`${where}: an option leg needs a positive IV`);
    const expiryMs = expiryTime(leg.expiry);
    if (!Number.isFinite(expiryMs)) throw new StrategyInputError(`${where}: unknown expiry ${leg.expiry}`);
    return { kind: 'option', leg, sign, units: leg.ratio * multiplier, type: leg.type, strike: leg.strike, iv: leg.iv, expiryMs };
  });
}

export function intrinsic(type: OptionType, S: number, K: number): number {
  return type === 'call' ? Math.max(S - K, 0) : Math.max(K - S, 0);
}

function shifted(iv: number, ivShift: number): number {
  return Math.max(iv + ivShift, IV_FLOOR);
}

/**
 * Value per share of a leg when the underlying is at S at instant `atMs`, IVs moved by `ivShift` (decimal).
 * At or after expiry an option is worth its intrinsic value; at S ≤ 0 a call is worth 0 and a put K·e^(−rT).
 */
export function legValue(m: LegModel, S: number, atMs: number, mkt: MarketParams, ivShift = 0): number {
  if (m.kind === 'stock') return S;
  const T = (m.expiryMs - atMs) / YEAR_MS;
  if (T <= 0) return intrinsic(m.type, S, m.strike);
  if (S <= 0) return m.type === 'call' ? 0 : m.strike * Math.exp(-mkt.rate * T);
  return bsmPrice(m.type, S, m.strike, mkt.rate, mkt.dividendYield, shifted(m.iv, ivShift), T);
}

/** P&L per strategy unit of one leg at a per-share value. */
export function legPnl(m: LegModel, value: number): number {
  return m.sign * m.units * (value - m.leg.price);
}

export interface LegGreeks {
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
  rho: number;
}

/** Greeks per share of a leg (theta per day, vega and rho per point); an expired option has delta 0 or ±1 only. */
export function legGreeks(m: LegModel, S: number, atMs: number, mkt: MarketParams, ivShift = 0): LegGreeks {
  if (m.kind === 'stock') return { delta: 1, gamma: 0, theta: 0, vega: 0, rho: 0 };
  const T = (m.expiryMs - atMs) / YEAR_MS;
  if (T <= 0 || S <= 0) {
    const itm = m.type === 'call' ? S > m.strike : S < m.strike;
    return { delta: itm ? (m.type === 'call' ? 1 : -1) : 0, gamma: 0, theta: 0, vega: 0, rho: 0 };
  }
  const g = bsm(m.type, S, m.strike, mkt.rate, mkt.dividendYield, shifted(m.iv, ivShift), T);
  return { delta: g.delta, gamma: g.gamma, theta: g.theta, vega: g.vega, rho: g.rho };
}

export function shiftIv(iv: number, ivShift: number): number {
  return shifted(iv, ivShift);
}
