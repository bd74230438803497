/**
 * Turns one grounded decision into the order a card proposes, sized by the segment's risk parameters and its
 * sleeve (pure). The analyst says what and how much as a fraction; the numbers that reach a card come from here:
 *
 * - buy: dollars = min(sizeFraction, maxPositionSize) × capital, then capped so the position after the trade is at
 *   most maxPositionSize × capital, and by the sleeve's cash; quantity = floor(dollars / entry), entry = the
 *   decision's limit or the last price. Refused while the sleeve's drawdown exceeds maxDrawdown.
 * - sell: a fraction of the shares the sleeve holds (at least one, at most all); nothing held → refused.
 * - stop: the decision's stop, else last − stopLossMultiplier × ATR(14). A buy with a stop becomes a bracket
 *   (entry at the limit, or at market without one; stop-loss at the stop; take-profit at REWARD_RISK × the risk
 *   above the entry), a buy with a limit and no stop a limit card, otherwise a market card. A sell is a limit
 *   card at its limit, else a market card.
 */
import type { SegmentBook, SegmentRiskParameters } from '../../../shared/contract';
import type { CreateCardInput } from '../trading/trading-service';
import type { AnalystDecision } from './types';

/** Take-profit distance of a bracket in multiples of its risk (entry − stop). */
export const REWARD_RISK = 2;

export interface SizingInput {
  decision: AnalystDecision;
  book: SegmentBook;
  params: SegmentRiskParameters;
  /** Last price and ATR(14) the segment gathered for the symbol. */
  last: number;
  atr: number | null;
  /** The sleeve's drawdown now (negative fraction) and whether the risk model pauses buys. */
  drawdown: number;
  buysPaused: boolean;
}

export type SizedOrder = Pick<CreateCardInput, 'symbol' | 'side' | 'quantity' | 'orderType' | 'limitPrice' | 'takeProfitPrice' | 'stopLossPrice'> & {
  quantity: number;
  /** The protective stop the card carries (a bracket's stop-loss), or null. */
  stop: number | null;
};

export type SizingResult = { ok: true; order: SizedOrder } | { ok: false; reason: string };

/** Cents at or above $1, four decimals below (sub-dollar names trade in 0.0001). */
export function roundPrice(p: number): number {
  const f = p >= 1 ? 100 : 10_000;
  return Math.round(p * f) / f;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const usd = (x: number): string => `$${x.toFixed(2)}`;

export function sizeDecision(input: SizingInput): SizingResult {
  const { decision, book, params, last } = input;
  const symbol = decision.symbol;
  if (!(last > 0) || !Number.isFinite(last)) return { ok: false, reason: `no usable last price for ${symbol}` };
  const fraction = decision.sizeFraction;
  if (!Number.isFinite(fraction) || fraction <= 0) return { ok: false, reason: `size fraction ${fraction} is not positive` };
  const limit = decision.limitPrice !== null && decision.limitPrice > 0 ? roundPrice(decision.limitPrice) : null;
  const position = book.positions.find((p) => p.symbol === symbol);

  if (decision.action === 'sell') {
    const held = position ? Math.floor(position.quantity) : 0;
    if (held <= 0) return { ok: false, reason: `the ${book.name} sleeve holds no ${symbol} to sell` };
    const quantity = Math.min(held, Math.max(1, Math.floor(Math.min(1, fraction) * held)));
    return {
      ok: true,
      order: {
        symbol,
        side: 'sell',
        quantity,
        orderType: limit !== null ? 'limit' : 'market',
        ...(limit !== null ? { limitPrice: limit } : {}),
        stop: null,
      },
    };
  }
  if (decision.action !== 'buy') return { ok: false, reason: `a ${decision.action} decision is not an order` };

  if (input.buysPaused) {
    return { ok: false, reason: `buys paused: the sleeve's drawdown ${pct(Math.abs(input.drawdown))} exceeds the limit ${pct(params.maxDrawdown)}` };
  }
  const entry = limit ?? last;
  const maxPosition = params.maxPositionSize * book.capital;
  const held = position ? Math.max(0, position.marketValue !== 0 ? position.marketValue : position.quantity * (position.last ?? last)) : 0;
  const wanted = Math.min(fraction, params.maxPositionSize) * book.capital;
  const room = maxPosition - held;
  const dollars = Math.min(wanted, room, book.cash);
  const quantity = Math.floor(dollars / entry);
  if (quantity < 1) {
    const why =
      room <= 0 || room < entry
        ? `the position is already at its limit (${usd(held)} of ${usd(maxPosition)})`
        : book.cash < entry
          ? `the sleeve's cash ${usd(book.cash)} buys no share at ${usd(entry)}`
          : `${usd(dollars)} buys no whole share at ${usd(entry)}`;
    return { ok: false, reason: `no size for ${symbol}: ${why}` };
  }

  let stop: number | null = null;
  if (decision.stopPrice !== null) {
    if (!(decision.stopPrice > 0) || decision.stopPrice >= entry) {
      return { ok: false, reason: `stop ${usd(decision.stopPrice)} is not below the entry ${usd(entry)}` };
    }
    stop = roundPrice(decision.stopPrice);
  } else if (input.atr !== null && input.atr > 0) {
    const s = roundPrice(last - params.stopLossMultiplier * input.atr);
    if (s > 0 && s < entry) stop = s;
  }

  if (stop !== null) {
    const takeProfit = roundPrice(entry + REWARD_RISK * (entry - stop));
    if (takeProfit > entry) {
      return {
        ok: true,
        order: {
          symbol,
          side: 'buy',
          quantity,
          orderType: 'bracket',
          ...(limit !== null ? { limitPrice: limit } : {}),
          takeProfitPrice: takeProfit,
          stopLossPrice: stop,
          stop,
        },
      };
    }
  }
  return {
    ok: true,
    order: { symbol, side: 'buy', quantity, orderType: limit !== null ? 'limit' : 'market', ...(limit !== null ? { limitPrice: limit } : {}), stop: null },
  };
}
