/**
 * Strategy templates built from one expiry's chain, with default strikes picked by delta and width that the
 * trader then edits. Every option leg is priced at the contract's mark with the chain's IV for that contract.
 *
 * - iron_condor: sell the put and the call whose |Δ| is nearest targetDelta (default 0.20), buy wings widthSteps
 *   listed strikes further out (default 1).
 * - bull_put_spread: sell the put nearest targetDelta (default 0.30), buy the put widthSteps strikes lower.
 * - bear_call_spread: sell the call nearest targetDelta (default 0.30), buy the call widthSteps strikes higher.
 * - covered_call: buy `multiplier` shares at the spot per unit and sell the call nearest targetDelta (default 0.30).
 * - long_straddle: buy the call and the put at the at-the-money strike (or, with targetDelta, at the strike whose
 *   call delta is nearest it).
 * - buildStrangle (custom, for ranking): buy the put and the call nearest targetDelta.
 * Ties in |Δ| go to the strike further out of the money.
 */
import { quoteOfRow, type ChainQuote, type ChainRow, type Leg, type OptionChain, type Strategy, type StrategyTemplate } from '../../../../shared/contract/options-schemas';
import { StrategyInputError } from './model';

export type BuildTemplate = Exclude<StrategyTemplate, 'custom'>;

export interface BuildOptions {
  quantity?: number;
  targetDelta?: number;
  widthSteps?: number;
}

export const DEFAULT_TARGET_DELTA: Record<BuildTemplate, number> = {
  iron_condor: 0.2,
  bull_put_spread: 0.3,
  bear_call_spread: 0.3,
  covered_call: 0.3,
  long_straddle: 0.5,
};

function usable(q: ChainQuote): boolean {
  return Number.isFinite(q.iv) && q.iv > 0 && Number.isFinite(q.mark) && q.mark >= 0 && Number.isFinite(q.delta);
}

function sortedRows(chain: OptionChain): ChainRow[] {
  const rows = [...chain.rows].sort((a, b) => a.strike - b.strike);
  if (!rows.length) throw new StrategyInputError(`the ${chain.underlying} ${chain.expiry} chain has no strikes`);
  return rows;
}

/** Index of the row whose `type` quote has |Δ| nearest target; ties go further out of the money. */
function byDelta(rows: readonly ChainRow[], type: 'call' | 'put', target: number): number {
  let best = -1;
  let bestGap = Infinity;
  rows.forEach((row, i) => {
    const q = row[type];
    if (!usable(q)) return;
    const gap = Math.abs(Math.abs(q.delta) - target);
    const further = best >= 0 && (type === 'put' ? row.strike < rows[best]!.strike : row.strike > rows[best]!.strike);
    if (gap < bestGap - 1e-12 || (Math.abs(gap - bestGap) <= 1e-12 && further)) {
      best = i;
      bestGap = gap;
    }
  });
  if (best < 0) throw new StrategyInputError(`no ${type} in the chain has a usable IV and delta`);
  return best;
}

function wing(rows: readonly ChainRow[], from: number, steps: number, chain: OptionChain): number {
  const i = from + steps;
  if (i < 0 || i >= rows.length) {
    throw new StrategyInputError(
      `the ${chain.underlying} ${chain.expiry} chain has no strike ${Math.abs(steps)} step(s) ${steps < 0 ? 'below' : 'above'} ${rows[from]!.strike}`,
    );
  }
  return i;
}

/** The leg of one side of a chain row (its contract: the chain's expiry, the row's strike). */
function optionLeg(chain: OptionChain, row: ChainRow, type: 'call' | 'put', side: Leg['side']): Leg {
  const q = quoteOfRow(chain, row, type);
  if (!usable(q)) throw new StrategyInputError(`${q.symbol} has no usable quote (IV ${q.iv}, mark ${q.mark})`);
  return { symbol: q.symbol, kind: 'option', type: q.type, strike: q.strike, expiry: q.expiry, side, ratio: 1, price: q.mark, iv: q.iv };
}

function checkOptions(opts: BuildOptions): { quantity: number; width: number } {
  const quantity = opts.quantity ?? 1;
  const width = opts.widthSteps ?? 1;
  if (!Number.isInteger(quantity) || quantity < 1) throw new StrategyInputError(`quantity must be a positive whole number, not ${quantity}`);
  if (!Number.isInteger(width) || width < 1) throw new StrategyInputError(`widthSteps must be a positive whole number, not ${width}`);
  if (opts.targetDelta !== undefined && !(opts.targetDelta > 0 && opts.targetDelta < 1)) {
    throw new StrategyInputError(`targetDelta must lie strictly between 0 and 1, not ${opts.targetDelta}`);
  }
  return { quantity, width };
}

export function buildStrategy(chain: OptionChain, template: BuildTemplate, opts: BuildOptions = {}): Strategy {
  const { quantity, width } = checkOptions(opts);
  const target = opts.targetDelta ?? DEFAULT_TARGET_DELTA[template];
  const rows = sortedRows(chain);
  const make = (legs: Leg[]): Strategy => ({ template, underlying: chain.underlying, quantity, legs });

  switch (template) {
    case 'bull_put_spread': {
      const s = byDelta(rows, 'put', target);
      const l = wing(rows, s, -width, chain);
      return make([optionLeg(chain, rows[s]!, 'put', 'sell'), optionLeg(chain, rows[l]!, 'put', 'buy')]);
    }
    case 'bear_call_spread': {
      const s = byDelta(rows, 'call', target);
      const l = wing(rows, s, width, chain);
      return make([optionLeg(chain, rows[s]!, 'call', 'sell'), optionLeg(chain, rows[l]!, 'call', 'buy')]);
    }
    case 'iron_condor': {
      const sp = byDelta(rows, 'put', target);
      const sc = byDelta(rows, 'call', target);
      if (rows[sp]!.strike >= rows[sc]!.strike) {
        throw new StrategyInputError(
          `at |Δ| ${target} the short put (${rows[sp]!.strike}) is not below the short call (${rows[sc]!.strike}); choose a smaller targetDelta`,
        );
      }
      const lp = wing(rows, sp, -width, chain);
      const lc = wing(rows, sc, width, chain);
      return make([optionLeg(chain, rows[lp]!, 'put', 'buy'), optionLeg(chain, rows[sp]!, 'put', 'sell'), optionLeg(chain, rows[sc]!, 'call', 'sell'), optionLeg(chain, rows[lc]!, 'call', 'buy')]);
    }
    case 'covered_call': {
      const sc = byDelta(rows, 'call', target);
      const stock: Leg = {
        symbol: chain.underlying,
        kind: 'stock',
        type: null,
        strike: null,
        expiry: null,
        side: 'buy',
        ratio: chain.multiplier,
        price: chain.spot,
        iv: null,
      };
      return make([stock, optionLeg(chain, rows[sc]!, 'call', 'sell')]);
    }
    case 'long_straddle': {
      let i: number;
      if (opts.targetDelta !== undefined) i = byDelta(rows, 'call', target);
      else {
        const atm = rows.findIndex((r) => r.strike === chain.atmStrike);
        i = atm >= 0 ? atm : rows.reduce((b, r, j) => (Math.abs(r.strike - chain.spot) < Math.abs(rows[b]!.strike - chain.spot) ? j : b), 0);
      }
      return make([optionLeg(chain, rows[i]!, 'call', 'buy'), optionLeg(chain, rows[i]!, 'put', 'buy')]);
    }
  }
}

/** A long strangle (custom): buy the put and the call whose |Δ| is nearest targetDelta. */
export function buildStrangle(chain: OptionChain, targetDelta: number, quantity = 1): Strategy {
  checkOptions({ quantity, targetDelta });
  const rows = sortedRows(chain);
  const p = byDelta(rows, 'put', targetDelta);
  const c = byDelta(rows, 'call', targetDelta);
  if (rows[p]!.strike >= rows[c]!.strike) throw new StrategyInputError(`at |Δ| ${targetDelta} the put strike is not below the call strike`);
  return { template: 'custom', underlying: chain.underlying, quantity, legs: [optionLeg(chain, rows[p]!, 'put', 'buy'), optionLeg(chain, rows[c]!, 'call', 'buy')] };
}
