/**
 * Valuing the book: positions marked to the last trade (average cost when there is no quote), the account's cash
 * from the ledger, equity, Reg T style buying power, and realised, unrealised and day P&L. Pure: the service hands
 * in what it read from SQLite and the market.
 */
import type { Account, Instrument, OptionQuote, Position, Quote } from '../../../shared/contract';
import { toDollars, type StoredOrder, type StoredPosition } from '../db/repositories/trading-repo';
import { averageCost } from './position-math';

/** Reg T style: buying power is twice equity, less what positions and working buy/short orders use. */
export const MARGIN_MULTIPLIER = 2;
export const DEFAULT_STARTING_CASH = 100_000;

/** Averages to 1/10,000 of a cent: enough for sub-dollar ticks, free of float noise. */
export const roundPrice = (p: number): number => Math.round(p * 1e6) / 1e6;
export const roundMoney = (d: number): number => Math.round(d * 100) / 100;

export interface BookInput {
  positions: readonly StoredPosition[];
  cashCents: number;
  liveOrders: readonly StoredOrder[];
  quote(symbol: string): Quote | null;
  instrument(symbol: string): Instrument | undefined;
  /** An option contract's live quote and Greeks (positions with a multiplier above 1). */
  optionQuote?(symbol: string): OptionQuote | null;
  /** An option contract's mark at the previous session's close (its day P&L), or null. */
  optionPreviousMark?(symbol: string): number | null;
  source: string;
  broker: string;
  startingCash: number;
  now: number;
}

export function valueBook(input: BookInput): { positions: Position[]; account: Account } {
  const positions: Position[] = [];
  let longMv = 0;
  let shortMv = 0;
  let unrealized = 0;
  let realized = 0;
  let dayPnl = 0;
  let asOf: number | null = null;
  for (const p of input.positions) {
    realized += toDollars(p.realizedCents);
    if (p.quantity === 0) continue;
    const isOption = p.multiplier !== 1;
    const oq = isOption ? (input.optionQuote?.(p.symbol) ?? null) : null;
    const q = isOption ? null : input.quote(p.symbol);
    const inst = input.instrument(oq?.underlying ?? p.symbol);
    const avg = averageCost(p, p.multiplier);
    const last = isOption ? (oq?.mark ?? null) : (q?.last ?? null);
    const mv = p.quantity * (last ?? avg) * p.multiplier;
    const cost = toDollars(p.costCents);
    const upnl = mv - cost;
    if (mv >= 0) longMv += mv;
    else shortMv += mv;
    unrealized += upnl;
    // Day P&L: the move since the previous close (a stock's last − prevClose; an option's mark − its mark at the
    // previous close, × the multiplier), 0 when either side is unknown.
    const prevMark = oq ? (input.optionPreviousMark?.(p.symbol) ?? null) : null;
    const day = q ? p.quantity * (q.last - q.prevClose) : oq && prevMark !== null ? p.quantity * (oq.mark - prevMark) * p.multiplier : 0;
    dayPnl += day;
    const quoteAsOf = q?.t ?? (oq ? input.now : null);
    if (quoteAsOf !== null && (asOf === null || quoteAsOf > asOf)) asOf = quoteAsOf;
    const units = p.quantity * p.multiplier;
    positions.push({
      symbol: p.symbol,
      name: inst?.name ?? p.symbol,
      sector: inst?.sector ?? null,
      quantity: p.quantity,
      avgCost: roundPrice(avg),
      lastPrice: last,
      marketValue: roundMoney(mv),
      costBasis: roundMoney(cost),
      unrealizedPnl: roundMoney(upnl),
      unrealizedPnlPct: cost !== 0 ? Math.round((upnl / Math.abs(cost)) * 10_000) / 100 : 0,
      realizedPnl: toDollars(p.realizedCents),
      dayPnl: roundMoney(day),
      quoteAsOf,
      source: input.source,
      openedAt: p.openedAt,
      updatedAt: p.updatedAt,
      option:
        oq === null
          ? null
          : {
              underlying: oq.underlying,
              expiry: oq.expiry,
              strike: oq.strike,
              type: oq.type,
              multiplier: p.multiplier,
              iv: oq.iv,
              delta: roundMoney(oq.delta * units),
              gamma: Math.round(oq.gamma * units * 10_000) / 10_000,
              theta: roundMoney(oq.theta * units),
              vega: roundMoney(oq.vega * units),
            },
    });
  }
  const cash = toDollars(input.cashCents);
  const equity = cash + longMv + shortMv;
  let reserved = 0;
  for (const o of input.liveOrders) {
    // Orders the broker has not received yet reserve nothing: the broker checks buying power when they arrive.
    if (o.status === 'pending_submit' || o.role !== 'entry') continue;
    if (o.side !== 'buy' && o.side !== 'short') continue;
    const ref = o.limitPrice ?? input.quote(o.symbol)?.last ?? 0;
    reserved += (o.quantity - o.filledQuantity) * ref;
  }
  const buyingPower = Math.max(0, equity * MARGIN_MULTIPLIER - (longMv - shortMv) - reserved);
  return {
    positions,
    account: {
      broker: input.broker,
      currency: 'USD',
      startingCash: input.startingCash,
      cash,
      longMarketValue: roundMoney(longMv),
      shortMarketValue: roundMoney(shortMv),
      equity: roundMoney(equity),
      buyingPower: roundMoney(buyingPower),
      realizedPnl: roundMoney(realized),
      unrealizedPnl: roundMoney(unrealized),
      dayPnl: roundMoney(dayPnl),
      openOrders: input.liveOrders.length,
      asOf: asOf ?? input.now,
      source: input.source,
    },
  };
}
