/**
 * The Mining & Resources prompt: the (editable) template filled with the sleeve's book, its risk, the commodity
 * board, the shortlisted members, research summaries and the shortlist's exploration and drilling news. Every
 * data section enters as a quoted block (quoteData), so news text is data, never instructions; the system message
 * carries the safety preamble and the answer's contract. The numbers printed are the ones gather put in `facts`.
 */
import type { SegmentBook, SegmentRiskParameters } from '../../../../shared/contract';
import { quoteData } from '../../llm/prompt-safety';
import { money, pct1 } from '../common/format';
import { analystSystem, atrText, bookBlocks, dayText, newsBlocks, researchBlocks, sleeveValues, valueTradedText } from '../common/prompt-parts';
import { fillTemplate } from '../market-view';
import type { SegmentData, SegmentPrompt } from '../types';
import { MINING_PLAYBOOK as PB, defaults } from './defaults';
import { commodityPrice, COMMODITY_SOURCE, miningDetail, PRICES_SOURCE, type CommodityState, type MiningRow } from './gather';
import { miningRisk } from './risk';

const DATA_KEYS = ['positions', 'risk', 'commodities', 'members', 'research', 'news'] as const;

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
    dayText(r.changePct),
    `20-session ${r.mom20 === null ? 'n/a' : pct1(r.mom20)}`,
    `lag behind metal ${r.lag === null ? 'n/a' : `${(Math.round(r.lag * 1000) / 10).toFixed(1)} points`}`,
    atrText(r),
    valueTradedText(r.dollarVolume),
    r.held ? 'held position' : r.score !== null ? `lag setup score ${r.score}` : 'no setup',
  ].join(' | ');
}

export function buildMiningPrompt(template: string, book: SegmentBook, data: SegmentData, params: SegmentRiskParameters): SegmentPrompt {
  const d = miningDetail(data);
  const risk = miningRisk(book, data, params);
  const metals = new Map(d.commodities.map((c) => [c.id, c]));

  const members = d.rows.length === 0 ? 'no members qualify today' : d.rows.map((r) => memberLine(r, metals.get(r.commodity))).join('\n');

  const values: Record<string, string> = {
    ...sleeveValues(defaults.name, data.asOf, book, risk, params, PB.maxStopPct),
    max_buys_per_commodity: String(PB.maxBuysPerCommodity),
    trend_days: String(PB.trendDays),
    trend_average_days: String(PB.trendAverageDays),
    trend_up: `+${pct1(PB.trendUp)}`,
    breakdown: pct1(PB.breakdown),
    min_lag: `${(PB.minLag * 100).toFixed(1)} points`,
    max_member_drop: pct1(-PB.maxMemberDrop),
    min_dollar_volume: `${PB.minDollarVolume / 1e6} million dollars`,
    ...bookBlocks(book, risk),
    commodities: quoteData(`commodities: ${COMMODITY_SOURCE}`, d.commodities.map(commodityLine).join('\n')),
    members: quoteData(`members: ${PRICES_SOURCE}`, members),
    research: researchBlocks(data.research),
    news: newsBlocks(d.news, '(no recent exploration or drilling news)'),
  };
  return { system: analystSystem(defaults.name, params), user: fillTemplate(template, values, DATA_KEYS) };
}
