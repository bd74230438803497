/**
 * The Biotech rules analyst: deterministic, the default without an LLM and the fallback when a model's answer is
 * refused. It fills AnalystOutputSchema from the gathered data only:
 *
 * - exits first: a position at or below its ATR stop (entry − stopLossMultiplier × ATR) is sold; a position whose
 *   PDUFA date or readout is within `exitDays` is sold, within `trimDays` trimmed by half (binary events are not
 *   held through unless the playbook says so);
 * - buys: pre-catalyst run-ups — a binary event 21–60 days out, a positive 20-session return that is not
 *   overextended, price above its 20-day average, enough dollar volume, an ATR that fits the stop band — ranked by
 *   a score of momentum, timing, programme stage and liquidity; a bearish research summary vetoes; sized between
 *   half and all of maxPositionSize by the score, never beyond the sleeve's cash nor 60 % of its capital in one
 *   run; no buys while the drawdown limit pauses them.
 *
 * referencePrice is the gathered last; every figure in a thesis or evidence bullet is one the data holds.
 */
import type { SegmentBook, SegmentRiskParameters } from '../../../../shared/contract';
import { addBuys, buyConfidence, liquidityEvidence, researchEvidence } from '../common/buys';
import { money, signedPct1 as pct1 } from '../common/format';
import { buyStop as stopBelow, heldRows, stopSell } from '../common/stops';
import type { AnalystDecision, AnalystOutput, SegmentData } from '../types';
import { BIOTECH_PLAYBOOK as PB } from './defaults';
import { biotechDetail, CALENDAR_SOURCE, PRICES_SOURCE, type BiotechRow, type Catalyst } from './gather';
import { biotechRisk } from './risk';

type SetupInput = Pick<BiotechRow, 'last' | 'sma20' | 'runUp20' | 'dollarVolume' | 'atrPct' | 'catalyst'>;

/** Pre-catalyst run-up score in (0, 1], or null when the setup does not qualify. */
export function setupScore(row: SetupInput): number | null {
  const c = row.catalyst;
  if (!c || c.days < PB.entryMinDays || c.days > PB.entryMaxDays) return null;
  if (row.runUp20 === null || row.runUp20 < PB.minRunUp || row.runUp20 > PB.maxRunUp) return null;
  if (row.sma20 === null || !(row.last > row.sma20)) return null;
  if (row.dollarVolume === null || row.dollarVolume < PB.minDollarVolume) return null;
  if (row.atrPct === null || row.atrPct > PB.maxAtrPct) return null;
  const momentum = Math.min(1, row.runUp20 / 0.25);
  // The run-up tends to build into the event: nearer (within the window) scores higher.
  const timing = 1 - (c.days - PB.entryMinDays) / (PB.entryMaxDays - PB.entryMinDays);
  const stage = c.kind === 'fda_decision' ? 1 : c.phase === 3 ? 0.9 : c.phase === 2 ? 0.6 : 0.3;
  const liquidity = Math.min(1, 0.1 + Math.log10(row.dollarVolume / PB.minDollarVolume));
  const score = 0.35 * momentum + 0.25 * timing + 0.25 * stage + 0.15 * Math.max(0, liquidity);
  return Math.round(Math.max(0.01, Math.min(1, score)) * 1000) / 1000;
}

/** A buy's protective stop: last − multiplier × ATR, never more than maxStopPct below; null without ATR or room. */
export function buyStop(last: number, atr: number | null, multiplier: number): number | null {
  return stopBelow(last, atr, multiplier, PB.maxStopPct);
}

function catalystText(c: Catalyst): string {
  return `${c.detail} on ${c.date} (${c.days} days away)`;
}

export function biotechRules(book: SegmentBook, data: SegmentData, params: SegmentRiskParameters): AnalystOutput {
  const d = biotechDetail(data);
  const risk = biotechRisk(book, data, params);
  const rows = new Map(d.rows.map((r) => [r.symbol, r]));
  const decisions: AnalystDecision[] = [];
  const notes: string[] = [];

  // Exits and trims first: they protect what the sleeve already holds.
  for (const { row, position: p } of heldRows(book, rows, decisions, params.maxProposalsPerRun)) {
    const c = row.catalyst ?? d.heldCatalysts[p.symbol] ?? null;
    const base = { symbol: row.symbol, action: 'sell' as const, referencePrice: row.last, limitPrice: null, stopPrice: null };
    const stop = stopSell(base, row, p.avgCost, params.stopLossMultiplier, PRICES_SOURCE, c ? [{ text: catalystText(c), source: CALENDAR_SOURCE }] : []);
    if (stop) {
      decisions.push(stop);
      continue;
    }
    if (!PB.holdThroughBinary && c && c.days >= 0 && c.days <= PB.trimDays) {
      const exit = c.days <= PB.exitDays;
      decisions.push({
        ...base,
        sizeFraction: exit ? 1 : 0.5,
        thesis: exit
          ? `Binary event ahead: ${c.detail} in ${c.days} days. The playbook does not hold through binary outcomes; sell the position before the event.`
          : `Binary event ahead: ${c.detail} in ${c.days} days. Take half off into the run-up and cut the rest nearer the date.`,
        confidence: exit ? 0.8 : 0.65,
        evidence: [
          { text: catalystText(c), source: CALENDAR_SOURCE },
          ...(row.runUp20 !== null ? [{ text: `20-session return ${pct1(row.runUp20)}, last ${money(row.last)}`, source: PRICES_SOURCE }] : []),
        ],
      });
    }
  }

  // Buys: the best run-up setups, within the cash the sleeve has.
  addBuys(
    {
      book,
      risk,
      params,
      terms: PB,
      research: data.research,
      rows: d.rows,
      explain: (r, { stop, score, research }) => {
        const c = r.catalyst!;
        const bonus = research?.sentiment === 'BULLISH' ? 0.05 : 0;
        return {
          thesis: `Pre-catalyst run-up into ${c.detail} on ${c.date}: ${r.symbol} has returned ${pct1(r.runUp20!)} over 20 sessions and trades at ${money(r.last)}, above its 20-day average ${money(r.sma20!)}. Buy ahead of the event and sell before it; stop ${money(stop)}.`,
          confidence: buyConfidence(score, bonus),
          evidence: [
            { text: catalystText(c), source: CALENDAR_SOURCE },
            { text: `20-session return ${pct1(r.runUp20!)}; last ${money(r.last)} above the 20-day average ${money(r.sma20!)}`, source: PRICES_SOURCE },
            liquidityEvidence(r.dollarVolume!, r.atrPct!, PRICES_SOURCE),
            ...researchEvidence(research),
          ],
        };
      },
    },
    decisions,
    notes,
  );

  const buys = decisions.filter((x) => x.action === 'buy').length;
  const sells = decisions.length - buys;
  const summary = [
    `Biotech rules analyst: ${d.catalysts.length} binary events within ${PB.entryMaxDays} days across ${d.universeSize} members;`,
    `${buys} run-up buy(s), ${sells} exit(s) or trim(s).`,
    ...notes.slice(0, 3).map((n) => `${n}.`),
  ].join(' ');
  return { summary, decisions };
}
