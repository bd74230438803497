/**
 * The paper broker's fill model as pure functions: at what price an order may execute against a quote, how many
 * shares it may take, and what it costs. The broker (paper-broker.ts) only sequences these and stores results.
 *
 * - Price: buys and covers pay the ask, sells and shorts receive the bid, moved against the trader by
 *   square-root impact (slippage_bps = impactBps × sqrt(orderQuantity / ADV), capped at maxSlippageBps; the cap
 *   when ADV is unknown), then rounded to the tick against the trader (0.01 at or above $1, 0.0001 below).
 *   A limit caps the price: a buy never pays more than its limit, a sell never receives less.
 * - Size: when an order becomes executable (at submit, or when its stop triggers) it takes up to
 *   max(immediateMinShares, immediateMinuteVolumeShare × ADV / 390) at once; the rest fills over later quote
 *   batches at participationRate × the volume traded since the previous batch.
 * - Fees: the whole order's commission is min(max(feePerShare × shares, feeMin), feeMaxFraction × value); each
 *   fill carries the increase of that amount, so the minimum and the cap apply per order, not per partial fill.
 */
import type { Quote, Side } from '../../../../shared/contract';
import type { PaperBrokerConfig } from './config';

/** buy and cover take the offer; sell and short hit the bid. */
export function paysAsk(side: Side): boolean {
  return side === 'buy' || side === 'cover';
}

export function tickSize(price: number): number {
  return price >= 1 ? 0.01 : 0.0001;
}

/** Rounds to the tick of `price`; 'up' and 'down' tolerate float noise of a millionth of a tick. */
export function roundToTick(price: number, direction: 'up' | 'down' | 'nearest'): number {
  const tick = tickSize(price);
  const steps = price / tick;
  const n = direction === 'up' ? Math.ceil(steps - 1e-6) : direction === 'down' ? Math.floor(steps + 1e-6) : Math.round(steps);
  return Number((n * tick).toFixed(tick === 0.01 ? 2 : 4));
}

export function slippageBps(orderQuantity: number, adv: number | null, config: PaperBrokerConfig): number {
  if (adv === null || !(adv > 0)) return config.maxSlippageBps;
  return Math.min(config.maxSlippageBps, config.impactBps * Math.sqrt(orderQuantity / adv));
}

/** The touch moved by the order's impact and rounded against the trader; never below one tick. */
export function impactedPrice(side: Side, touch: number, orderQuantity: number, adv: number | null, config: PaperBrokerConfig): number {
  const bps = slippageBps(orderQuantity, adv, config);
  if (paysAsk(side)) return roundToTick(touch * (1 + bps / 10_000), 'up');
  const price = roundToTick(touch * (1 - bps / 10_000), 'down');
  return price > 0 ? price : tickSize(touch);
}

export interface Executable {
  side: Side;
  quantity: number;
  /** null for market (and triggered stop) orders. */
  limitPrice: number | null;
}

/**
 * The price the order executes at against this quote now, or null when it cannot (a limit not reached, or a
 * quote without a usable bid/ask). `quantity` is the whole order's size: the impact of the parent order.
 */
export function executionPrice(order: Executable, quote: Quote, adv: number | null, config: PaperBrokerConfig): number | null {
  const buy = paysAsk(order.side);
  const touch = buy ? quote.ask : quote.bid;
  if (!Number.isFinite(touch) || touch <= 0) return null;
  const limit = order.limitPrice;
  if (limit !== null && (buy ? touch > limit : touch < limit)) return null;
  const price = impactedPrice(order.side, touch, order.quantity, adv, config);
  if (limit === null) return price;
  return buy ? Math.min(limit, price) : Math.max(limit, price);
}

/** A buy-side stop triggers when the last trade is at or above it, a sell-side stop at or below it. */
export function stopTriggered(side: Side, stopPrice: number, last: number): boolean {
  if (!Number.isFinite(last) || last <= 0) return false;
  return paysAsk(side) ? last >= stopPrice : last <= stopPrice;
}

/** Shares available at once when an order becomes executable. */
export function immediateShares(adv: number | null, config: PaperBrokerConfig): number {
  const fromAdv = adv !== null && adv > 0 ? Math.floor((config.immediateMinuteVolumeShare * adv) / 390) : 0;
  return Math.max(config.immediateMinShares, fromAdv);
}

/** Shares a working order may take out of `volumeTraded` shares printed since the previous batch. */
export function participationShares(volumeTraded: number, config: PaperBrokerConfig): number {
  return volumeTraded > 0 ? Math.floor(config.participationRate * volumeTraded) : 0;
}

/** The commission of a whole order that traded `shares` for `value` dollars, in integer cents. */
export function orderFeeCents(shares: number, value: number, config: PaperBrokerConfig): number {
  if (shares <= 0) return 0;
  const fee = Math.min(Math.max(config.feePerShare * shares, config.feeMin), config.feeMaxFraction * value);
  return Math.round(fee * 100);
}
