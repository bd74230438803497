/**
 * The parts every segment's prompt shares: the sleeve's positions and risk model as quoted blocks, the research
 * summaries and news as quoted blocks (text from news or filings is data, never instructions), the template values
 * every template may use (segment_name, as_of, the book and the risk limits) and the system message with the
 * safety preamble and the answer's contract. Segment-specific sections and values stay in each segment's prompt.
 */
import type { EventAnalysis, SegmentBook, SegmentRisk, SegmentRiskParameters } from '../../../../shared/contract';
import { SAFETY_PREAMBLE, quoteData } from '../../llm/prompt-safety';
import { money, nyTime, pct1, usd } from './format';
import type { SegmentNews } from './gather-parts';

/** One row a member: the fields every segment prints the same way (`n/a` where a figure is missing). */
export function dayText(changePct: number | null): string {
  return `day ${changePct === null ? 'n/a' : `${(Math.round(changePct * 10) / 10).toFixed(1)} %`}`;
}

export function atrText(r: { last: number; atr: number | null; atrPct: number | null }): string {
  return `ATR(14) ${r.atr === null ? 'n/a' : money(r.atr, r.last)}${r.atrPct === null ? '' : ` (${pct1(r.atrPct)})`}`;
}

export function valueTradedText(dollarVolume: number | null): string {
  return `value traded/day ${dollarVolume === null ? 'n/a' : `${(Math.round(dollarVolume / 1e5) / 10).toFixed(1)} million`}`;
}

function positionsText(book: SegmentBook): string {
  return book.positions.length === 0
    ? 'no positions'
    : book.positions
        .map((p) => `${p.symbol} | ${p.quantity} shares | average cost ${money(p.avgCost)} | last ${p.last === null ? 'n/a' : money(p.last)} | market value ${usd(p.marketValue)}`)
        .join('\n');
}

function riskText(risk: SegmentRisk): string {
  return risk.metrics.map((m) => `${m.label}: ${m.value === null ? 'n/a' : m.unit === 'pct' ? pct1(m.value) : String(m.value)} (${m.source})`).join('\n');
}

/** The template values every segment fills the same way: the sleeve, its book and its risk limits. */
export function sleeveValues(
  name: string,
  asOf: number,
  book: SegmentBook,
  risk: SegmentRisk,
  params: SegmentRiskParameters,
  maxStopPct: number,
): Record<string, string> {
  return {
    segment_name: name,
    as_of: nyTime(asOf),
    capital: usd(book.capital),
    cash: usd(book.cash),
    equity: usd(book.equity),
    drawdown: pct1(risk.drawdown),
    max_drawdown: pct1(params.maxDrawdown),
    max_position: pct1(params.maxPositionSize),
    stop_multiplier: String(params.stopLossMultiplier),
    max_stop: pct1(maxStopPct),
    max_proposals: String(params.maxProposalsPerRun),
  };
}

/** The sleeve's positions and its risk model, each as a quoted block (template keys `positions` and `risk`). */
export function bookBlocks(book: SegmentBook, risk: SegmentRisk): { positions: string; risk: string } {
  return {
    positions: quoteData('positions of the sleeve (Kestrel paper book)', positionsText(book)),
    risk: quoteData('segment risk model', riskText(risk)),
  };
}

/** The research agent's summaries, one quoted block a symbol. */
export function researchBlocks(research: Record<string, EventAnalysis>): string {
  const blocks = Object.entries(research).map(([symbol, a]) =>
    quoteData(`research ${symbol} ${a.sentiment} ${a.analyst}`, [...a.summary, ...a.keyPoints.map((k) => `key point: ${k}`), ...a.risks.map((r) => `risk: ${r}`)].join('\n')),
  );
  return blocks.length > 0 ? blocks.join('\n') : '(no research summaries)';
}

/** News items, one quoted block each; `none` when there are none. */
export function newsBlocks(news: readonly SegmentNews[], none: string): string {
  const blocks = news.map((n) => quoteData(`${n.kind} ${n.symbol} ${nyTime(n.t)} ${n.source}`, `${n.title}\n${n.body}`));
  return blocks.length > 0 ? blocks.join('\n') : none;
}

/** The system message: the safety preamble, the analyst's role and the answer's contract. */
export function analystSystem(name: string, params: SegmentRiskParameters): string {
  return [
    SAFETY_PREAMBLE,
    '',
    `You are the analyst of Kestrel's ${name} segment. You propose trades; a human approves every order and nothing you write executes by itself.`,
    'Answer with one JSON object matching the schema: {"summary": string, "decisions": [{symbol, action: "buy"|"sell"|"hold", sizeFraction, referencePrice, limitPrice, stopPrice, thesis, confidence, evidence: [{text, source}]}]}.',
    `For every decision: the symbol is a shortlisted member or a held position; referencePrice is exactly the "last" given for it; a buy's sizeFraction is a fraction of the sleeve's capital of at most ${params.maxPositionSize}, a sell's a fraction of the shares held; limitPrice and stopPrice are null or within 15 % of the last, and a stop lies below the last; confidence is between 0 and 1; evidence bullets cite figures from the data with the source named there.`,
    `At most ${params.maxProposalsPerRun} decisions. Never state a price, date or ticker that the data does not contain.`,
  ].join('\n');
}
