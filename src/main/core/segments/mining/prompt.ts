/**
 * The Mining & Resources prompt: the (editable) template filled with the sleeve's book, its risk, the commodity
 * board, the shortlisted members, research summaries and the shortlist's exploration and drilling news. Every
 * data section enters as a quoted block (quoteData), so news text is data, never instructions; the system message
 * carries the safety preamble and the answer's contract. The numbers printed are the ones gather put in `facts`.
 */
import { DateTime } from 'luxon';
import type { SegmentBook, SegmentRiskParameters } from '../../../../shared/contract';
import { SAFETY_PREAMBLE, quoteData } from '../../llm/prompt-safety';
import { EXCHANGE_TZ } from '../../market/calendar';
import { fillTemplate } from '../market-view';
import type { SegmentData, SegmentPrompt } from '../types';
import { MINING_PLAYBOOK as PB, defaults } from './defaults';
import { commodityPrice, COMMODITY_SOURCE, miningDetail, PRICES_SOURCE, type CommodityState, type MiningRow } from './gather';
import { miningRisk } from './risk';

const DATA_KEYS = ['positions', 'risk', 'commodities', 'members', 'research', 'news'] as const;

/** Dollars at the tick of `ref`'s price (cents from $1, four decimals below). */
const money = (x: number, ref = x): string => `$${ref >= 1 ? x.toFixed(2) : x.toFixed(4)}`;
const usd = (x: number): string => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct1 = (x: number): string => `${(Math.round(x * 1000) / 10).toFixed(1)} %`;
const nyTime = (t: number): string => DateTime.fromMillis(t, { zone: EXCHANGE_TZ }).toFormat('yyyy-MM-dd HH:mm');

function commodityLine(c: CommodityState): string {
  return [
    c.name,
    `price ${commodityPrice(c)}`,
    `day ${pct1(c.change)}`,
    `20-session ${c.mom20 === null ? 'n/a' : pct1(c.mom20)}`,
    `50-session avg ${c.sma50 === null ? 'n/a' : commodityPrice(c, c.sma50)}`,
    `trend ${c.trend === 'up' ? 'up' : c.trend === 'down' ? 'breaking down' : 'none'}`,
  ].join(' | ');
}

function memberLine(r: MiningRow, metal: CommodityState | undefined): string {
  return [
    r.symbol,
    r.name,
    r.industry,
    `metal ${metal?.name ?? r.commodity}`,
    `last ${money(r.last)}`,
    `day ${r.changePct === null ? 'n/a' : `${(Math.round(r.changePct * 10) / 10).toFixed(1)} %`}`,
    `20-session ${r.mom20 === null ? 'n/a' : pct1(r.mom20)}`,
    `lag behind metal ${r.lag === null ? 'n/a' : `${(Math.round(r.lag * 1000) / 10).toFixed(1)} points`}`,
    `ATR(14) ${r.atr === null ? 'n/a' : money(r.atr, r.last)}${r.atrPct === null ? '' : ` (${pct1(r.atrPct)})`}`,
    `value traded/day ${r.dollarVolume === null ? 'n/a' : `${(Math.round(r.dollarVolume / 1e5) / 10).toFixed(1)} million`}`,
    r.held ? 'held position' : r.score !== null ? `lag setup score ${r.score}` : 'no setup',
  ].join(' | ');
}

export function buildMiningPrompt(template: string, book: SegmentBook, data: SegmentData, params: SegmentRiskParameters): SegmentPrompt {
  const d = miningDetail(data);
  const risk = miningRisk(book, data, params);
  const metals = new Map(d.commodities.map((c) => [c.id, c]));

  const positions =
    book.positions.length === 0
      ? 'no positions'
      : book.positions
          .map((p) => `${p.symbol} | ${p.quantity} shares | average cost ${money(p.avgCost)} | last ${p.last === null ? 'n/a' : money(p.last)} | market value ${usd(p.marketValue)}`)
          .join('\n');
  const riskText = risk.metrics.map((m) => `${m.label}: ${m.value === null ? 'n/a' : m.unit === 'pct' ? pct1(m.value) : String(m.value)} (${m.source})`).join('\n');
  const members = d.rows.length === 0 ? 'no members qualify today' : d.rows.map((r) => memberLine(r, metals.get(r.commodity))).join('\n');
  const researchBlocks = Object.entries(data.research).map(([symbol, a]) =>
    quoteData(`research ${symbol} ${a.sentiment} ${a.analyst}`, [...a.summary, ...a.keyPoints.map((k) => `key point: ${k}`), ...a.risks.map((r) => `risk: ${r}`)].join('\n')),
  );
  const newsBlocks = d.news.map((n) => quoteData(`${n.kind} ${n.symbol} ${nyTime(n.t)} ${n.source}`, `${n.title}\n${n.body}`));

  const values: Record<string, string> = {
    segment_name: defaults.name,
    as_of: nyTime(data.asOf),
    capital: usd(book.capital),
    cash: usd(book.cash),
    equity: usd(book.equity),
    drawdown: pct1(risk.drawdown),
    max_drawdown: pct1(params.maxDrawdown),
    max_position: pct1(params.maxPositionSize),
    stop_multiplier: String(params.stopLossMultiplier),
    max_stop: pct1(PB.maxStopPct),
    max_proposals: String(params.maxProposalsPerRun),
    max_buys_per_commodity: String(PB.maxBuysPerCommodity),
    trend_days: String(PB.trendDays),
    trend_average_days: String(PB.trendAverageDays),
    trend_up: `+${pct1(PB.trendUp)}`,
    breakdown: pct1(PB.breakdown),
    min_lag: `${(PB.minLag * 100).toFixed(1)} points`,
    max_member_drop: pct1(-PB.maxMemberDrop),
    min_dollar_volume: `${PB.minDollarVolume / 1e6} million dollars`,
    positions: quoteData('positions of the sleeve (Kestrel paper book)', positions),
    risk: quoteData('segment risk model', riskText),
    commodities: quoteData(`commodities: ${COMMODITY_SOURCE}`, d.commodities.map(commodityLine).join('\n')),
    members: quoteData(`members: ${PRICES_SOURCE}`, members),
    research: researchBlocks.length > 0 ? researchBlocks.join('\n') : '(no research summaries)',
    news: newsBlocks.length > 0 ? newsBlocks.join('\n') : '(no recent exploration or drilling news)',
  };
  const system = [
    SAFETY_PREAMBLE,
    '',
    `You are the analyst of Kestrel's ${defaults.name} segment. You propose trades; a human approves every order and nothing you write executes by itself.`,
    'Answer with one JSON object matching the schema: {"summary": string, "decisions": [{symbol, action: "buy"|"sell"|"hold", sizeFraction, referencePrice, limitPrice, stopPrice, thesis, confidence, evidence: [{text, source}]}]}.',
    `For every decision: the symbol is a shortlisted member or a held position; referencePrice is exactly the "last" given for it; a buy's sizeFraction is a fraction of the sleeve's capital of at most ${params.maxPositionSize}, a sell's a fraction of the shares held; limitPrice and stopPrice are null or within 15 % of the last, and a stop lies below the last; confidence is between 0 and 1; evidence bullets cite figures from the data with the source named there.`,
    `At most ${params.maxProposalsPerRun} decisions. Never state a price, date or ticker that the data does not contain.`,
  ].join('\n');
  return { system, user: fillTemplate(template, values, DATA_KEYS) };
}
