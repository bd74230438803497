/**
 * The Biotech prompt: the (editable) template filled with the sleeve's book, its risk, the catalyst calendar, the
 * shortlisted members, research summaries and news. Every data section enters as a quoted block (quoteData), so
 * text from news or filings is data, never instructions; the system message carries the safety preamble and the
 * answer's contract. The numbers printed here are the ones gather put in `facts` (same rounding), so grounding
 * can check every figure an answer repeats.
 */
import { DateTime } from 'luxon';
import type { SegmentBook, SegmentRiskParameters } from '../../../../shared/contract';
import { SAFETY_PREAMBLE, quoteData } from '../../llm/prompt-safety';
import { EXCHANGE_TZ } from '../../market/calendar';
import { fillTemplate } from '../market-view';
import type { SegmentData, SegmentPrompt } from '../types';
import { BIOTECH_PLAYBOOK as PB, defaults } from './defaults';
import { biotechDetail, CALENDAR_SOURCE, PRICES_SOURCE, type BiotechRow } from './gather';
import { biotechRisk } from './risk';

const DATA_KEYS = ['positions', 'risk', 'events', 'members', 'research', 'news'] as const;

/** Dollars at the tick of `ref`'s price (cents from $1, four decimals below). */
const money = (x: number, ref = x): string => `$${ref >= 1 ? x.toFixed(2) : x.toFixed(4)}`;
const usd = (x: number): string => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct1 = (x: number): string => `${(Math.round(x * 1000) / 10).toFixed(1)} %`;
const nyTime = (t: number): string => DateTime.fromMillis(t, { zone: EXCHANGE_TZ }).toFormat('yyyy-MM-dd HH:mm');

function memberLine(r: BiotechRow): string {
  const c = r.catalyst;
  return [
    r.symbol,
    r.name,
    r.industry,
    `last ${money(r.last)}`,
    `day ${r.changePct === null ? 'n/a' : `${(Math.round(r.changePct * 10) / 10).toFixed(1)} %`}`,
    `20-session ${r.runUp20 === null ? 'n/a' : pct1(r.runUp20)}`,
    `20-day avg ${r.sma20 === null ? 'n/a' : money(r.sma20)}`,
    `ATR(14) ${r.atr === null ? 'n/a' : money(r.atr, r.last)}${r.atrPct === null ? '' : ` (${pct1(r.atrPct)})`}`,
    `value traded/day ${r.dollarVolume === null ? 'n/a' : `${(Math.round(r.dollarVolume / 1e5) / 10).toFixed(1)} million`}`,
    `next catalyst ${c ? `${c.date} in ${c.days} days: ${c.detail}` : 'none within 120 days'}`,
    r.held ? 'held position' : r.score !== null ? `run-up setup score ${r.score}` : 'no setup',
  ].join(' | ');
}

export function buildBiotechPrompt(template: string, book: SegmentBook, data: SegmentData, params: SegmentRiskParameters): SegmentPrompt {
  const d = biotechDetail(data);
  const risk = biotechRisk(book, data, params);

  const positions =
    book.positions.length === 0
      ? 'no positions'
      : book.positions
          .map((p) => `${p.symbol} | ${p.quantity} shares | average cost ${money(p.avgCost)} | last ${p.last === null ? 'n/a' : money(p.last)} | market value ${usd(p.marketValue)}`)
          .join('\n');
  const riskText = risk.metrics.map((m) => `${m.label}: ${m.value === null ? 'n/a' : m.unit === 'pct' ? pct1(m.value) : String(m.value)} (${m.source})`).join('\n');
  const events =
    d.catalysts.length === 0
      ? `no PDUFA dates or readouts within ${PB.entryMaxDays} days`
      : d.catalysts.map((c) => `${c.date} | ${c.symbol} | ${c.days} days | ${c.detail}`).join('\n');
  const members = d.rows.length === 0 ? 'no members qualify today' : d.rows.map(memberLine).join('\n');
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
    entry_min_days: String(PB.entryMinDays),
    entry_max_days: String(PB.entryMaxDays),
    exit_days: String(PB.exitDays),
    trim_days: String(PB.trimDays),
    min_dollar_volume: `${PB.minDollarVolume / 1e6} million dollars`,
    positions: quoteData('positions of the sleeve (Kestrel paper book)', positions),
    risk: quoteData('segment risk model', riskText),
    events: quoteData(`binary events: ${CALENDAR_SOURCE}`, events),
    members: quoteData(`members: ${PRICES_SOURCE}, ${CALENDAR_SOURCE}`, members),
    research: researchBlocks.length > 0 ? researchBlocks.join('\n') : '(no research summaries)',
    news: newsBlocks.length > 0 ? newsBlocks.join('\n') : '(no recent news)',
  };
  const system = [
    SAFETY_PREAMBLE,
    '',
    `You are the analyst of Kestrel's ${defaults.name} segment. You propose trades; a human approves every order and nothing you write executes by itself.`,
    'Answer with one JSON object matching the schema: {"summary": string, "decisions": [{symbol, action: "buy"|"sell"|"hold", sizeFraction, referencePrice, limitPrice, stopPrice, thesis, confidence, evidence: [{text, source}]}]}.',
    `For every decision: the symbol is a shortlisted member or a held position; referencePrice is exactly the "last" given for it; a buy's sizeFraction is a fraction of the sleeve's capital of at most ${params.maxPositionSize}, a sell's a fraction of the shares held; limitPrice and stopPrice are null or within 15 % of the last, and a stop lies below the last; confidence is between 0 and 1; evidence bullets cite figures from the data with the source named there.`,
    `At most ${params.maxProposalsPerRun} decisions. Never state a price, date or ticker that the data does not contain.`,
  ].join('\n');
  const user = fillTemplate(template, values, DATA_KEYS);
  return { system, user };
}
