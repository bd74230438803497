/**
 * Multi-leg packages (options strategies) on the paper broker: the package fills as one, all legs at once, at the
 * mid plus a share of the way to the natural price (buys at the ask, sells at the bid), per the "mid plus
 * or minus a spread". Options trade in the regular session only (09:30–16:00 New York).
 *
 * Prices are per share. A leg's contribution to the package's net price per share is
 * sign × ratio × price × multiplier / 100 (so an option leg counts its premium, a 100-share stock leg its price).
 * A debit package (side buy) fills when the net it pays is at most the limit; a credit package (side sell) when
 * the credit it receives is at least the limit.
 */
import type { PackageLeg } from '../ports';

/** A leg's quote: bid, ask and mid per share. */
export interface LegQuote {
  bid: number;
  ask: number;
  mark: number;
}

export interface PackagePricing {
  /** Per-leg execution prices per share, in leg order. */
  legPrices: number[];
  /** Signed net per share of one unit: positive = debit. */
  net: number;
  /** Signed net at the mids. */
  mid: number;
  /** Signed net at the natural side of every leg. */
  natural: number;
}

/** Share of the way from the mid to the natural price a package pays. */
export const PACKAGE_SLIPPAGE = 0.25;

const PACKAGE_BASE = 100;

/** To the cent, against the trader: a buy rounds up, a sell down (the epsilon keeps 1.40 × 100 from rounding). */
function roundTick(price: number, side: 'buy' | 'sell'): number {
  const cents = side === 'buy' ? Math.ceil(price * 100 - 1e-7) : Math.floor(price * 100 + 1e-7);
  return Math.max(0.01, cents / 100);
}

/** Prices a package from its legs' quotes; null when a leg has no two-sided market. */
export function pricePackage(legs: readonly PackageLeg[], quotes: readonly (LegQuote | null)[], slippage = PACKAGE_SLIPPAGE): PackagePricing | null {
  const legPrices: number[] = [];
  let net = 0;
  let mid = 0;
  let natural = 0;
  for (let i = 0; i < legs.length; i++) {
    const leg = legs[i]!;
    const q = quotes[i];
    if (!q || !(q.ask > 0) || q.bid < 0 || q.ask < q.bid) return null;
    const sign = leg.side === 'buy' ? 1 : -1;
    const nat = leg.side === 'buy' ? q.ask : q.bid;
    const price = roundTick(q.mark + (nat - q.mark) * slippage, leg.side);
    const weight = (sign * leg.ratio * leg.multiplier) / PACKAGE_BASE;
    legPrices.push(price);
    net += weight * price;
    mid += weight * q.mark;
    natural += weight * nat;
  }
  return { legPrices, net: round4(net), mid: round4(mid), natural: round4(natural) };
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Whether a package priced at `net` (signed, per share) satisfies a `side` order with absolute `limit`. */
export function packageFillable(side: 'buy' | 'sell' | 'short' | 'cover', net: number, limit: number | null): boolean {
  if (limit === null) return true;
  // Debit: pay at most the limit. Credit: receive at least the limit (net is negative for a credit).
  return side === 'buy' || side === 'cover' ? net <= limit + 1e-9 : -net >= limit - 1e-9;
}

/** Commission for an option leg: $0.65 a contract, at least $1.00 (IBKR-like); stock legs use the stock model. */
export function optionLegFeeCents(contracts: number, perContract = 0.65, minimum = 1): number {
  return Math.round(Math.max(minimum, contracts * perContract) * 100);
}
