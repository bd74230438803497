/**
 * The steps every segment's gather shares: the universe plus held names outside it, the abort check and progress
 * of the member loop, a member's ATR and liquidity as the prompt prints them, the ranking of setups, the news item
 * a prompt quotes, and the grounding facts of the book and of the risk block. What a segment measures beyond that
 * (catalysts, commodities) stays in its own gather.
 */
import type { SegmentBook, SegmentIndicator } from '../../../../shared/contract';
import type { Instrument } from '../../../../shared/contract/schemas';
import type { GroundingFacts, MemberSnapshot, NewsItem, SegmentContext } from '../types';
import { round1, round4 } from './format';

/** A news item as a segment's detail keeps it (the body cut to 600 characters, no link). */
export type SegmentNews = Omit<NewsItem, 'url'>;

export function segmentNews(n: SegmentNews): SegmentNews {
  return { symbol: n.symbol, t: n.t, kind: n.kind, title: n.title, body: n.body.slice(0, 600), source: n.source };
}

/** The fields every segment's member row starts with: identity, price, ATR and liquidity. */
export interface MemberRowBase {
  symbol: string;
  name: string;
  industry: string;
  last: number;
  changePct: number | null;
  atr: number | null;
  /** ATR over last. */
  atrPct: number | null;
  avgVolume: number | null;
  /** avgVolume × last. */
  dollarVolume: number | null;
}

/** The universe plus held names outside it (a cap that grew past the limit): the sleeve still manages them. */
export function withHeld(ctx: SegmentContext, book: SegmentBook, universe: readonly Instrument[]): { instruments: Instrument[]; bySymbol: Map<string, Instrument>; heldSymbols: Set<string> } {
  const heldSymbols = new Set(book.positions.map((p) => p.symbol));
  const bySymbol = new Map(universe.map((i) => [i.symbol, i]));
  if (heldSymbols.size > 0) for (const i of ctx.market.instruments()) if (heldSymbols.has(i.symbol) && !bySymbol.has(i.symbol)) bySymbol.set(i.symbol, i);
  return { instruments: [...bySymbol.values()], bySymbol, heldSymbols };
}

/** Every 50 members: stop when the run is aborted, report the prices' progress (10 % to 90 % of gather). */
export function memberLoopTick(ctx: SegmentContext, k: number, total: number): void {
  if (k % 50 !== 0) return;
  if (ctx.signal.aborted) throw ctx.signal.reason;
  ctx.progress('gather', 0.1 + 0.8 * (k / total), `prices ${k}/${total}`);
}

/** A member's ATR (to the price's tick precision, as the prompt prints it), ATR over last and dollar volume. */
export function liquidityOf(snap: MemberSnapshot, avgVolume: number | null): Pick<MemberRowBase, 'atr' | 'atrPct' | 'avgVolume' | 'dollarVolume'> {
  return {
    atr: snap.atr === null ? null : snap.last >= 1 ? Math.round(snap.atr * 100) / 100 : round4(snap.atr),
    atrPct: snap.atr === null ? null : snap.atr / snap.last,
    avgVolume,
    dollarVolume: avgVolume === null ? null : avgVolume * snap.last,
  };
}

/** Setups not yet held, best score first (ties by symbol). */
export function rankedSetups<R extends { symbol: string; score: number | null; held: boolean }>(rows: readonly R[]): R[] {
  return rows.filter((r) => r.score !== null && !r.held).sort((a, b) => b.score! - a.score! || a.symbol.localeCompare(b.symbol));
}

/** The book's figures the prompt prints (capital, cash, equity, each position's cost, value and last). */
export function pushBookFacts(facts: GroundingFacts, book: SegmentBook): void {
  facts.numbers.push(book.capital, book.cash, book.equity, ...book.positions.flatMap((p) => [p.avgCost, p.marketValue, ...(p.last === null ? [] : [p.last])]));
}

/** The risk block's figures as the prompt prints them (percentages also to one decimal). */
export function pushRiskFacts(facts: GroundingFacts, metrics: readonly SegmentIndicator[]): void {
  for (const m of metrics) if (m.value !== null) facts.numbers.push(m.value, ...(m.unit === 'pct' ? [round1(m.value * 100)] : []));
}
