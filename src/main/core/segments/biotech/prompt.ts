/**
 * The Biotech prompt: the (editable) template filled with the sleeve's book, its risk, the catalyst calendar, the
 * shortlisted members, research summaries and news. Every data section enters as a quoted block (quoteData), so
 * text from news or filings is data, never instructions; the system message carries the safety preamble and the
 * answer's contract. The numbers printed here are the ones gather put in `facts` (same rounding), so grounding
 * can check every figure an answer repeats.
 */
import type { SegmentBook, SegmentRiskParameters } from '../../../../shared/contract';
import { quoteData } from '../../llm/prompt-safety';
import { money, pct1 } from '../common/format';
import { analystSystem, atrText, bookBlocks, dayText, newsBlocks, researchBlocks, sleeveValues, valueTradedText } from '../common/prompt-parts';
import { fillTemplate } from '../market-view';
import type { SegmentData, SegmentPrompt } from '../types';
import { BIOTECH_PLAYBOOK as PB, defaults } from './defaults';
import { biotechDetail, CALENDAR_SOURCE, PRICES_SOURCE, type BiotechRow } from './gather';
import { biotechRisk } from './risk';

const DATA_KEYS = ['positions', 'risk', 'events', 'members', 'research', 'news'] as const;

function memberLine(r: BiotechRow): string {
  const c = r.catalyst;
  return [
    r.symbol,
    r.name,
    r.industry,
    `last ${money(r.last)}`,
    dayText(r.changePct),
    `20-session ${r.runUp20 === null ? 'n/a' : pct1(r.runUp20)}`,
    `20-day avg ${r.sma20 === null ? 'n/a' : money(r.sma20)}`,
    atrText(r),
    valueTradedText(r.dollarVolume),
    `next catalyst ${c ? `${c.date} in ${c.days} days: ${c.detail}` : 'none within 120 days'}`,
    r.held ? 'held position' : r.score !== null ? `run-up setup score ${r.score}` : 'no setup',
  ].join(' | ');
}

export function buildBiotechPrompt(template: string, book: SegmentBook, data: SegmentData, params: SegmentRiskParameters): SegmentPrompt {
  const d = biotechDetail(data);
  const risk = biotechRisk(book, data, params);

  const events =
    d.catalysts.length === 0
      ? `no PDUFA dates or readouts within ${PB.entryMaxDays} days`
      : d.catalysts.map((c) => `${c.date} | ${c.symbol} | ${c.days} days | ${c.detail}`).join('\n');
  const members = d.rows.length === 0 ? 'no members qualify today' : d.rows.map(memberLine).join('\n');

  const values: Record<string, string> = {
    ...sleeveValues(defaults.name, data.asOf, book, risk, params, PB.maxStopPct),
    entry_min_days: String(PB.entryMinDays),
    entry_max_days: String(PB.entryMaxDays),
    exit_days: String(PB.exitDays),
    trim_days: String(PB.trimDays),
    min_dollar_volume: `${PB.minDollarVolume / 1e6} million dollars`,
    ...bookBlocks(book, risk),
    events: quoteData(`binary events: ${CALENDAR_SOURCE}`, events),
    members: quoteData(`members: ${PRICES_SOURCE}, ${CALENDAR_SOURCE}`, members),
    research: researchBlocks(data.research),
    news: newsBlocks(d.news, '(no recent news)'),
  };
  const user = fillTemplate(template, values, DATA_KEYS);
  return { system: analystSystem(defaults.name, params), user };
}
