/**
 * Builds the analytics' inputs from stored bars and live quotes: per member the four timeframe returns, volume
 * against its 20-session average, its place in the 20-session range and its recent catalysts. Reads only.
 */
import type { Bar, Quote, SectorTimeframe } from '../../../shared/contract';
import type { BarsRepo } from '../db/repositories';
import { FIVE_MINUTES } from '../market/ingest';
import type { MemberInput } from './scoring';

const THIRTY_MINUTES = 30 * 60_000;

export interface InputContext {
  bars: BarsRepo;
  now: number;
  /** 09:30 New York of the session in progress (or of the next one when closed): bars before it are history. */
  sessionOpen: number;
  catalysts: Map<string, { positive: number; negative: number }>;
}

/** Percent change from `from` to `to`, or null when `from` is missing or not positive. */
export function pct(to: number, from: number | undefined | null): number | null {
  if (from === undefined || from === null || !(from > 0)) return null;
  return (to / from - 1) * 100;
}

/** The history a member's inputs need: the last 20 completed daily bars. */
export function dailyHistory(ctx: InputContext, symbol: string): Bar[] {
  return ctx.bars.lastDaily(symbol, ctx.sessionOpen, 20);
}

/** Price 30 minutes ago: the close of the last 5-minute bar that had closed by then. */
function priceAgo(ctx: InputContext, symbol: string): number | null {
  const at = ctx.now - THIRTY_MINUTES;
  const bars = ctx.bars.range('intraday', symbol, at - 2 * FIVE_MINUTES, at - FIVE_MINUTES);
  return bars.length > 0 ? bars[bars.length - 1]!.c : null;
}

export function memberInput(
  ctx: InputContext,
  inst: { symbol: string; name: string; float: number },
  quote: Quote,
  daily: readonly Bar[],
): MemberInput {
  const n = daily.length;
  const avgVolume20 = n > 0 ? daily.reduce((s, b) => s + b.v, 0) / n : 0;
  let hi = -Infinity;
  let lo = Infinity;
  for (const b of daily) {
    if (b.h > hi) hi = b.h;
    if (b.l < lo) lo = b.l;
  }
  const last = quote.last;
  const returns: Record<SectorTimeframe, number | null> = {
    '30m': pct(last, priceAgo(ctx, inst.symbol)),
    '1D': pct(last, quote.prevClose),
    '3D': pct(last, n >= 3 ? daily[n - 3]!.c : null),
    '1W': pct(last, n >= 5 ? daily[n - 5]!.c : null),
  };
  return {
    symbol: inst.symbol,
    name: inst.name,
    price: last,
    prevClose: quote.prevClose,
    open: quote.open > 0 ? quote.open : null,
    volume: quote.volume,
    avgVolume20,
    float: inst.float,
    returns,
    rangePosition: hi > lo ? Math.min(1, Math.max(0, (last - lo) / (hi - lo))) : null,
    catalysts: ctx.catalysts.get(inst.symbol) ?? { positive: 0, negative: 0 },
  };
}

/** Share of the last sessions whose open gapped more than 5 % from the previous close. */
export function recentGapRate(daily: readonly Bar[]): number {
  let gaps = 0;
  for (let i = 1; i < daily.length; i++) if (Math.abs(daily[i]!.o / daily[i - 1]!.c - 1) > 0.05) gaps++;
  return daily.length > 1 ? gaps / (daily.length - 1) : 0;
}
