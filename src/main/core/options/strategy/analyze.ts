/**
 * analyzeStrategy: the numbers the strategy builder shows for a set of legs — net debit, max profit and loss,
 * breakevens, probability of profit, Reg-T margin, reward to risk, position Greeks and the payoff curves.
 *
 * - netDebit is per strategy unit: Σ sign × ratio × price × multiplier for options, Σ sign × ratio × price for
 *   stock (its ratio is shares); positive = debit paid, negative = credit received.
 * - maxProfit, maxLoss (a positive loss), margin and the payoff curves are for the whole position (× quantity);
 *   see payoff.ts for the exact expiry analysis and the multi-expiry convention (nearest expiry, longer legs by
 *   BSM), probability.ts for PoP (vega-weighted σ) and margin.ts for the Reg-T rules.
 * - rewardToRisk = maxProfit / maxLoss; null when either is unlimited or the position cannot lose.
 * - What-if: "today" is always the unshifted market now (the baseline). The scenario — spot × (1 + spotShiftPct %),
 *   every IV + ivShiftPoints, the clock + daysForward — gives the `atDate` curve (present whenever a what-if is
 *   passed) and the point-in-time numbers: `spot`, `daysToExpiry`, Greeks, probability of profit and margin.
 * - Payoff grid: 121 evenly spaced prices from 0.5 × to 1.5 × the scenario spot, plus every strike and
 *   breakeven, sorted.
 */
import type { Strategy, StrategyAnalysis, WhatIf } from '../../../../shared/contract/options-schemas';
import { DAY_MS, YEAR_MS, legGreeks, legModels, legPnl, legValue, type LegModel, type MarketParams } from './model';
import { expiryProfile } from './payoff';
import { probabilityOfProfit, strategySigma } from './probability';
import { regTMargin } from './margin';

export interface AnalysisContext {
  spot: number;
  rate: number;
  dividendYield: number;
  /** Epoch ms of "now". */
  now: number;
  /** Epoch ms of an expiry's 16:00 New York close. */
  expiryTime(expiry: string): number;
  /** Shares per contract (100). */
  multiplier: number;
}

export const GRID_POINTS = 121;

function pnlAt(models: readonly LegModel[], quantity: number, S: number, atMs: number, mkt: MarketParams, ivShift: number): number {
  let t = 0;
  for (const m of models) t += legPnl(m, legValue(m, S, atMs, mkt, ivShift));
  return quantity * t;
}

function priceGrid(centre: number, extra: readonly number[]): number[] {
  const xs = Array.from({ length: GRID_POINTS }, (_, i) => centre * (0.5 + i / (GRID_POINTS - 1)));
  const all = [...xs, ...extra.filter((x) => x > 0 && Number.isFinite(x))].sort((a, b) => a - b);
  return all.filter((x, i) => i === 0 || x - all[i - 1]! > 1e-9 * x);
}

export function analyzeStrategy(strategy: Strategy, ctx: AnalysisContext, whatIf?: WhatIf): StrategyAnalysis {
  const mkt: MarketParams = { rate: ctx.rate, dividendYield: ctx.dividendYield };
  const models = legModels(strategy, ctx.multiplier, ctx.expiryTime);
  const q = strategy.quantity;

  let netDebit = 0;
  for (const m of models) netDebit += m.sign * m.units * m.leg.price;

  const profile = expiryProfile(models, q, ctx.spot, mkt);

  const spot = ctx.spot * (1 + (whatIf?.spotShiftPct ?? 0) / 100);
  const ivShift = (whatIf?.ivShiftPoints ?? 0) / 100;
  const at = ctx.now + (whatIf?.daysForward ?? 0) * DAY_MS;
  const T = profile.expiryMs === null ? 0 : Math.max(0, (profile.expiryMs - at) / YEAR_MS);

  const sigma = strategySigma(models, spot, at, mkt, ivShift) ?? 0;
  const probabilityOfProfit_ = probabilityOfProfit(profile.pnl, profile.breakevens, profile.strikes, spot, T, sigma, mkt);

  const greeks = { delta: 0, gamma: 0, theta: 0, vega: 0, rho: 0 };
  for (const m of models) {
    const g = legGreeks(m, spot, at, mkt, ivShift);
    const w = m.sign * m.units * q;
    greeks.delta += w * g.delta;
    greeks.gamma += w * g.gamma;
    greeks.theta += w * g.theta;
    greeks.vega += w * g.vega;
    greeks.rho += w * g.rho;
  }

  const { maxProfit, maxLoss } = profile;
  const rewardToRisk = maxProfit !== null && maxLoss !== null && maxLoss > 0 ? maxProfit / maxLoss : null;

  const payoff = priceGrid(spot, [...profile.strikes, ...profile.breakevens]).map((price) => ({
    price,
    expiry: profile.pnl(price),
    today: pnlAt(models, q, price, ctx.now, mkt, 0),
    atDate: whatIf ? pnlAt(models, q, price, at, mkt, ivShift) : null,
  }));

  return {
    netDebit,
    maxProfit,
    maxLoss,
    breakevens: profile.breakevens,
    probabilityOfProfit: probabilityOfProfit_,
    margin: regTMargin(models, q, spot, ctx.multiplier),
    rewardToRisk,
    greeks,
    payoff,
    spot,
    daysToExpiry: (T * YEAR_MS) / DAY_MS,
  };
}

/** The expiry P&L function of a strategy (whole position), for callers that need it beyond the grid (ranking). */
export function expiryPnl(strategy: Strategy, ctx: AnalysisContext): (S: number) => number {
  const models = legModels(strategy, ctx.multiplier, ctx.expiryTime);
  return expiryProfile(models, strategy.quantity, ctx.spot, { rate: ctx.rate, dividendYield: ctx.dividendYield }).pnl;
}
