/**
 * Mining gather: the six commodities (price, day change, 20-session return, 50-session average, trend), every
 * member's price, ATR(14), 20-session return, liquidity and its lag behind its metal; the shortlist the prompt
 * shows (held names, the best laggards of rising metals), research candidates, the shortlist's exploration and
 * drilling news, daily returns for the risk model's betas to gold and copper, and grounding facts for every
 * number the prompt states.
 */
import type { SegmentBook, SegmentIndicator } from '../../../../shared/contract';
import type { Instrument } from '../../../../shared/contract/schemas';
import { isTainted } from '../../llm/prompt-safety';
import { round1, round4 } from '../common/format';
import { liquidityOf, memberLoopTick, pushBookFacts, pushRiskFacts, rankedSetups, segmentNews, withHeld, type MemberRowBase, type SegmentNews } from '../common/gather-parts';
import { dailyReturns, memberSnapshot, momentum } from '../market-view';
import type { CommodityQuote, GroundingFacts, MemberSnapshot, SegmentContext, SegmentData } from '../types';
import { MINING_PLAYBOOK as PB, MINING_RISK, type CommodityId } from './defaults';
import { miningRisk } from './risk';
import { lagScore } from './rules';
import { commodityOf } from './universe';

export const PRICES_SOURCE = 'daily bars (simulator)';
export const COMMODITY_SOURCE = 'commodity prices (simulator)';
/** Drill programmes report monthly at best: look back a month for exploration and drilling news. */
const NEWS_DAYS = 30;
const NEWS_SYMBOLS = 10;
const EXPLORATION = /\b(drill\w*|intercepts?|intersect\w*|assays?|exploration|resource estimate|flow rates?|well results?)\b/i;
const POSITIVE = /\b(high-grade|strong|intersected|expands?|extends?)\b/i;
const NEGATIVE = /\b(fall short|falls short|disappoint\w*|misses|dry hole|abandon\w*)\b/i;
const UNIT_SUFFIX: Record<string, string> = { 'usd/oz': '/oz', 'usd/lb': '/lb', 'usd/t': '/t', 'usd/bbl': '/bbl' };

export interface CommodityState {
  id: CommodityId;
  name: string;
  unit: string;
  price: number;
  /** Day change, decimal. */
  change: number;
  /** 20-session return, decimal. */
  mom20: number | null;
  /** Average close of the last 50 sessions, at the commodity's precision. */
  sma50: number | null;
  trend: 'up' | 'down' | 'flat';
  t: number;
  source: string;
}

/** The latest exploration or drilling item of a member, with a tone read from its headline. */
export interface ExplorationNews {
  title: string;
  source: string;
  t: number;
  /** positive / negative from the headline's words; neutral otherwise, and always for an instruction-bearing item. */
  tone: 'positive' | 'negative' | 'neutral';
  /** The item carries instructions (it is quoted, never cited). */
  tainted: boolean;
}

export function explorationOf(item: { title: string; body: string; source: string; t: number }): ExplorationNews | null {
  if (!EXPLORATION.test(item.title) && !EXPLORATION.test(item.body.slice(0, 200))) return null;
  const tainted = isTainted(`${item.title}\n${item.body}`);
  const tone = tainted ? 'neutral' : NEGATIVE.test(item.title) ? 'negative' : POSITIVE.test(item.title) ? 'positive' : 'neutral';
  return { title: item.title, source: item.source, t: item.t, tone, tainted };
}

export interface MiningRow extends MemberRowBase {
  commodity: CommodityId;
  mom20: number | null;
  /** The metal's 20-session return minus the member's (positive: the member lags). */
  lag: number | null;
  /** Commodity-lag score in (0, 1], null when the setup does not qualify. */
  score: number | null;
  held: boolean;
  /** Latest exploration or drilling news within 30 days (shortlisted members only). */
  exploration: ExplorationNews | null;
}

export type MiningNews = SegmentNews;

export interface MiningDetail {
  kind: 'mining';
  today: string;
  universeSize: number;
  commodities: CommodityState[];
  rows: MiningRow[];
  /** Daily returns (last betaDays) of held and shortlisted members, and of gold and copper. */
  returns: Record<string, number[]>;
  commodityReturns: Partial<Record<CommodityId, number[]>>;
  /** Each held symbol's commodity. */
  heldCommodity: Record<string, CommodityId | null>;
  news: MiningNews[];
}

/** A commodity price as the prompt prints it: "$2,446.48/oz". */
export function commodityPrice(c: Pick<CommodityState, 'price' | 'unit'>, price = c.price): string {
  const text = price.toLocaleString('en-US', { minimumFractionDigits: Number.isInteger(price) ? 0 : 2, maximumFractionDigits: 4 });
  return `$${text}${UNIT_SUFFIX[c.unit] ?? ''}`;
}

function decimalsOf(x: number): number {
  const s = String(x);
  return s.includes('.') ? s.split('.')[1]!.length : 0;
}

function trendOf(price: number, mom20: number | null, sma50: number | null): CommodityState['trend'] {
  if (mom20 === null || sma50 === null) return 'flat';
  if (mom20 >= PB.trendUp && price > sma50) return 'up';
  if (mom20 <= PB.breakdown && price < sma50) return 'down';
  return 'flat';
}

export function commodityState(q: CommodityQuote, closes: readonly number[]): CommodityState {
  const tail = closes.slice(-PB.trendAverageDays);
  const dec = Math.max(decimalsOf(q.price), ...tail.slice(-5).map(decimalsOf));
  const sma50 = tail.length >= PB.trendAverageDays ? Math.round((tail.reduce((s, x) => s + x, 0) / tail.length) * 10 ** dec) / 10 ** dec : null;
  const mom20 = momentum(closes, PB.trendDays, q.price);
  return { id: q.id, name: q.name, unit: q.unit, price: q.price, change: q.change, mom20, sma50, trend: trendOf(q.price, mom20, sma50), t: q.t, source: q.source };
}

export async function gatherMining(ctx: SegmentContext, book: SegmentBook, universe: readonly Instrument[]): Promise<SegmentData> {
  const view = ctx.market;
  const asOf = ctx.now();
  const { instruments, bySymbol, heldSymbols } = withHeld(ctx, book, universe);

  ctx.progress('gather', 0.05, 'commodity prices');
  const commodities: CommodityState[] = [];
  const commodityReturns: Partial<Record<CommodityId, number[]>> = {};
  for (const q of view.commodities()) {
    const closes = view.commodityHistory(q.id, Math.max(PB.trendAverageDays, PB.betaDays) + 1).map((h) => h.close);
    commodities.push(commodityState(q, closes));
    commodityReturns[q.id] = dailyReturns(closes).slice(-PB.betaDays);
  }
  const byCommodity = new Map(commodities.map((c) => [c.id, c]));

  const members: MemberSnapshot[] = [];
  const rows: MiningRow[] = [];
  const closesOf = new Map<string, number[]>();
  for (const [k, inst] of instruments.entries()) {
    memberLoopTick(ctx, k, instruments.length);
    const commodity = commodityOf(inst.industry);
    const held = heldSymbols.has(inst.symbol);
    if (!commodity && !held) continue;
    const bars = view.dailyBars(inst.symbol, PB.betaDays + 1);
    const quote = view.quote(inst.symbol);
    const avgVolume = view.avgVolume(inst.symbol);
    const c = commodity ? byCommodity.get(commodity) : undefined;
    const snap = memberSnapshot(inst, quote, bars, avgVolume, c ? `${c.name}: ${commodityPrice(c)}, ${c.trend === 'up' ? 'trending up' : c.trend === 'down' ? 'breaking down' : 'no trend'}` : null);
    if (!snap || !commodity) continue;
    members.push(snap);
    const closes = bars.map((b) => b.c);
    closesOf.set(inst.symbol, closes);
    const mom20 = momentum(closes, PB.trendDays, snap.last);
    const row: MiningRow = {
      symbol: inst.symbol,
      name: inst.name,
      industry: inst.industry,
      commodity,
      last: snap.last,
      changePct: snap.changePct,
      ...liquidityOf(snap, avgVolume),
      mom20,
      lag: mom20 !== null && c?.mom20 !== null && c?.mom20 !== undefined ? c.mom20 - mom20 : null,
      score: null,
      held,
      exploration: null,
    };
    row.score = c ? lagScore(row, c) : null;
    rows.push(row);
  }

  const held = rows.filter((r) => r.held);
  const setups = rankedSetups(rows);
  const shortlist = [...held, ...setups.slice(0, PB.shortlist)];
  const candidates = [...held.filter((r) => byCommodity.get(r.commodity)?.trend === 'down'), ...setups].map((r) => r.symbol).slice(0, 5);

  const returns: Record<string, number[]> = {};
  for (const r of shortlist) returns[r.symbol] = dailyReturns(closesOf.get(r.symbol) ?? []).slice(-PB.betaDays);
  const heldCommodity: Record<string, CommodityId | null> = {};
  for (const p of book.positions) heldCommodity[p.symbol] = rows.find((r) => r.symbol === p.symbol)?.commodity ?? commodityOf(bySymbol.get(p.symbol)?.industry ?? '');

  ctx.progress('gather', 0.92, 'exploration and drilling news of the shortlist');
  const news: MiningNews[] = [];
  for (const r of shortlist.slice(0, NEWS_SYMBOLS)) {
    const items = view.news(r.symbol, asOf - NEWS_DAYS * 86_400_000, 8);
    // Exploration and drilling items first (newest first within each group), two per member in the prompt.
    const ranked = [...items.filter((n) => explorationOf(n) !== null), ...items.filter((n) => explorationOf(n) === null)];
    r.exploration = items.map(explorationOf).find((x) => x !== null) ?? null;
    for (const n of ranked.slice(0, 2)) news.push(segmentNews(n));
  }

  const indicators: SegmentIndicator[] = [
    ...commodities.map((c) => ({ key: c.id, label: c.name, value: c.price, unit: c.unit, change: round4(c.change), source: c.source, asOf: c.t })),
    ...commodities.map((c) => ({ key: `${c.id}_mom20`, label: `${c.name} 20-session return`, value: c.mom20 === null ? null : round4(c.mom20), unit: 'pct', change: null, source: COMMODITY_SOURCE, asOf })),
    { key: 'members', label: 'Members', value: members.length, unit: 'count', change: null, source: 'simulator universe', asOf },
    { key: 'metals_trending_up', label: 'Commodities trending up', value: commodities.filter((c) => c.trend === 'up').length, unit: 'count', change: null, source: COMMODITY_SOURCE, asOf },
    { key: 'lag_setups', label: 'Laggards of rising commodities', value: setups.length, unit: 'count', change: null, source: 'mining rules', asOf },
  ];

  const facts: GroundingFacts = { symbols: {}, numbers: [] };
  for (const r of rows) facts.symbols[r.symbol] = r.atr !== null ? { last: r.last, prices: [r.atr] } : { last: r.last };
  pushBookFacts(facts, book);
  for (const c of commodities) {
    facts.numbers.push(c.price, round1(c.change * 100));
    if (c.sma50 !== null) facts.numbers.push(c.sma50);
    if (c.mom20 !== null) facts.numbers.push(round1(c.mom20 * 100));
  }
  for (const r of shortlist) {
    if (r.mom20 !== null) facts.numbers.push(round1(r.mom20 * 100));
    if (r.lag !== null) facts.numbers.push(round1(r.lag * 100));
    if (r.changePct !== null) facts.numbers.push(round1(r.changePct));
    if (r.atrPct !== null) facts.numbers.push(round1(r.atrPct * 100));
    if (r.dollarVolume !== null) facts.numbers.push(round1(r.dollarVolume / 1e6));
  }
  for (const i of indicators) if (i.value !== null) facts.numbers.push(i.value);

  const detail: MiningDetail = { kind: 'mining', today: ctx.today(), universeSize: universe.length, commodities, rows: shortlist, returns, commodityReturns, heldCommodity, news };
  ctx.progress('gather', 1, `${members.length} members, ${commodities.filter((c) => c.trend === 'up').length} commodities trending up, ${setups.length} laggards`);
  const data: SegmentData = { asOf, members, indicators, facts, candidates, research: {}, detail: detail as unknown as Record<string, unknown> };
  // The risk block the prompt prints (its figures as printed, percentages to one decimal; default limits for the ratios).
  pushRiskFacts(facts, miningRisk(book, data, MINING_RISK).metrics);
  return data;
}

/** The segment's detail, checked enough to read (gather's own shape). */
export function miningDetail(data: { detail: Record<string, unknown> }): MiningDetail {
  const d = data.detail as unknown as MiningDetail;
  if (d?.kind !== 'mining' || !Array.isArray(d.rows) || !Array.isArray(d.commodities)) throw new Error('mining data without its detail (gathered by another segment?)');
  return d;
}
