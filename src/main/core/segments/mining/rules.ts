/**
 * The Mining & Resources rules analyst: deterministic, the default without an LLM and the fallback when a model's
 * answer is refused. It fills AnalystOutputSchema from the gathered data only:
 *
 * - exits first: a holding at or below its ATR stop (entry − stopLossMultiplier × ATR) is sold, and so is a
 *   holding whose commodity breaks down (20-session return at or below −3 % and the price under its 50-session
 *   average);
 * - buys: members whose commodity trends up (20-session return at least +2 % above its 50-session average) and
 *   whose own 20-session return lags the metal's by at least 3 points — liquid, not broken (not down more than
 *   15 %), with an ATR that fits the stop band — ranked by the metal's trend, the lag and liquidity; at most two
 *   buys per metal; a bearish research summary vetoes; sized between half and all of maxPositionSize by the score,
 *   never beyond the sleeve's cash nor 60 % of its capital in one run; no buys while the drawdown limit pauses them.
 *
 * referencePrice is the gathered last; every figure in a thesis or evidence bullet is one the data holds.
 */
import type { SegmentBook, SegmentRiskParameters } from '../../../../shared/contract';
import { addBuys, buyConfidence, liquidityEvidence, researchEvidence } from '../common/buys';
import { money, signedPct1 as pct1 } from '../common/format';
import { buyStop as stopBelow, heldRows, stopSell } from '../common/stops';
import type { AnalystDecision, AnalystOutput, SegmentData } from '../types';
import { MINING_PLAYBOOK as PB } from './defaults';
import { commodityPrice, COMMODITY_SOURCE, miningDetail, PRICES_SOURCE, type CommodityState, type MiningRow } from './gather';
import { miningRisk } from './risk';

type LagInput = Pick<MiningRow, 'mom20' | 'lag' | 'dollarVolume' | 'atrPct' | 'last'>;

/** Commodity-lag score in (0, 1], or null when the setup does not qualify. */
export function lagScore(row: LagInput, c: Pick<CommodityState, 'trend' | 'mom20'>): number | null {
  if (c.trend !== 'up' || c.mom20 === null) return null;
  if (row.mom20 === null || row.lag === null || row.lag < PB.minLag || row.mom20 < PB.maxMemberDrop) return null;
  if (row.dollarVolume === null || row.dollarVolume < PB.minDollarVolume) return null;
  if (row.atrPct === null || row.atrPct > PB.maxAtrPct || !(row.last > 0)) return null;
  const trend = Math.min(1, c.mom20 / 0.08);
  const lag = Math.min(1, row.lag / 0.15);
  const liquidity = Math.min(1, 0.1 + Math.log10(row.dollarVolume / PB.minDollarVolume));
  const score = 0.4 * trend + 0.35 * lag + 0.25 * Math.max(0, liquidity);
  return Math.round(Math.max(0.01, Math.min(1, score)) * 1000) / 1000;
}

/** A buy's protective stop: last − multiplier × ATR, never more than maxStopPct below; null without ATR or room. */
export function buyStop(last: number, atr: number | null, multiplier: number): number | null {
  return stopBelow(last, atr, multiplier, PB.maxStopPct);
}

const points = (x: number): string => `${(Math.round(x * 1000) / 10).toFixed(1)} points`;

/** A headline safe to repeat in evidence: short, untainted, no dollar figures and no all-caps (ticker-like) words. */
function citable(title: string): boolean {
  return title.length <= 200 && !title.includes('$') && !/\b[A-Z]{2,5}\b/.test(title);
}

function commodityText(c: CommodityState): string {
  const avg = c.sma50 === null ? '' : `, ${c.price > c.sma50 ? 'above' : 'below'} its 50-session average ${commodityPrice(c, c.sma50)}`;
  return `${c.name} at ${commodityPrice(c)}, ${c.mom20 === null ? 'no 20-session history' : `${pct1(c.mom20)} over 20 sessions`}${avg}`;
}

export function miningRules(book: SegmentBook, data: SegmentData, params: SegmentRiskParameters): AnalystOutput {
  const d = miningDetail(data);
  const risk = miningRisk(book, data, params);
  const rows = new Map(d.rows.map((r) => [r.symbol, r]));
  const metals = new Map(d.commodities.map((c) => [c.id, c]));
  const decisions: AnalystDecision[] = [];
  const notes: string[] = [];

  for (const { row, position: p } of heldRows(book, rows, decisions, params.maxProposalsPerRun)) {
    const c = metals.get(row.commodity);
    const base = { symbol: row.symbol, action: 'sell' as const, sizeFraction: 1, referencePrice: row.last, limitPrice: null, stopPrice: null };
    const stop = stopSell(base, row, p.avgCost, params.stopLossMultiplier, PRICES_SOURCE, c ? [{ text: commodityText(c), source: COMMODITY_SOURCE }] : []);
    if (stop) {
      decisions.push(stop);
      continue;
    }
    if (c?.trend === 'down') {
      decisions.push({
        ...base,
        thesis: `${c.name} is breaking down (${pct1(c.mom20!)} over 20 sessions, under its 50-session average); ${row.symbol} is a leveraged bet on it. Sell the position.`,
        confidence: Math.round(Math.min(0.9, 0.6 + Math.min(0.3, -c.mom20! * 2)) * 100) / 100,
        evidence: [
          { text: commodityText(c), source: COMMODITY_SOURCE },
          ...(row.mom20 !== null ? [{ text: `${row.symbol} 20-session return ${pct1(row.mom20)}, last ${money(row.last)}`, source: PRICES_SOURCE }] : []),
        ],
      });
    }
  }

  const perMetal = new Map<string, number>();
  addBuys(
    {
      book,
      risk,
      params,
      terms: PB,
      research: data.research,
      rows: d.rows,
      eligible: (r) => (perMetal.get(r.commodity) ?? 0) < PB.maxBuysPerCommodity,
      taken: (r) => perMetal.set(r.commodity, (perMetal.get(r.commodity) ?? 0) + 1),
      veto: (r) => (r.exploration?.tone === 'negative' ? `${r.symbol} skipped: disappointing drill results` : null),
      explain: (r, { stop, score, research }) => {
        const c = metals.get(r.commodity)!;
        const bonus = (research?.sentiment === 'BULLISH' ? 0.05 : 0) + (r.exploration?.tone === 'positive' ? 0.05 : 0);
        // A drill headline is cited only when it is clean: no instructions, no dollar figures, no all-caps words.
        const drill = r.exploration && r.exploration.tone === 'positive' && citable(r.exploration.title) ? r.exploration : null;
        return {
          thesis: `${c.name} trends up (${pct1(c.mom20!)} over 20 sessions) while ${r.symbol}, a ${r.industry} name at ${money(r.last)}, has returned ${pct1(r.mom20!)}: it lags its metal by ${points(r.lag!)}. Buy for the catch-up; stop ${money(stop)}.`,
          confidence: buyConfidence(score, bonus),
          evidence: [
            { text: commodityText(c), source: COMMODITY_SOURCE },
            { text: `${r.symbol} 20-session return ${pct1(r.mom20!)} against ${pct1(c.mom20!)} for ${c.name.toLowerCase()}: a lag of ${points(r.lag!)}`, source: PRICES_SOURCE },
            liquidityEvidence(r.dollarVolume!, r.atrPct!, PRICES_SOURCE),
            ...(drill ? [{ text: `Drilling news: ${drill.title}`, source: drill.source }] : []),
            ...researchEvidence(research),
          ],
        };
      },
    },
    decisions,
    notes,
  );

  const up = d.commodities.filter((c) => c.trend === 'up').map((c) => c.name.toLowerCase());
  const down = d.commodities.filter((c) => c.trend === 'down').map((c) => c.name.toLowerCase());
  const buys = decisions.filter((x) => x.action === 'buy').length;
  const summary = [
    `Mining rules analyst: trending up ${up.length > 0 ? up.join(', ') : 'none'}; breaking down ${down.length > 0 ? down.join(', ') : 'none'}.`,
    `${buys} laggard buy(s), ${decisions.length - buys} exit(s).`,
    ...notes.slice(0, 3).map((n) => `${n}.`),
  ].join(' ');
  return { summary, decisions };
}
