/**
 * The buy pass both segments' rules analysts share: no buys while the drawdown limit pauses them; otherwise the
 * setups best score first, each vetoed by a bearish research summary (or the segment's own veto), given a limit
 * (last plus slippage) and a protective stop, and sized between half and all of maxPositionSize by its score within
 * the room the run may spend (the sleeve's cash, at most maxNewExposurePerRun of its capital) — no token positions:
 * a buy the room would cut below half its size waits for another day. The segment writes each buy's thesis,
 * confidence and evidence; the confidence and the liquidity and research bullets every buy cites are here too.
 */
import type { EventAnalysis, SegmentBook, SegmentRisk, SegmentRiskParameters } from '../../../../shared/contract';
import type { AnalystDecision } from '../types';
import { millionDollars, signedPct1 } from './format';
import { rankedSetups } from './gather-parts';
import { buyLevels } from './stops';

/** The playbook terms the buy pass reads. */
export interface BuyTerms {
  maxStopPct: number;
  limitSlippage: number;
  maxNewExposurePerRun: number;
}

/** A buy the pass takes: its size (share of capital), limit, stop, the row's score and its research summary. */
export interface Buy {
  size: number;
  limit: number;
  stop: number;
  score: number;
  research: EventAnalysis | undefined;
}

export interface BuyPass<R> {
  book: SegmentBook;
  risk: Pick<SegmentRisk, 'drawdown' | 'buysPaused'>;
  params: SegmentRiskParameters;
  terms: BuyTerms;
  research: Record<string, EventAnalysis>;
  rows: readonly R[];
  /** Checked first: false passes the row over silently (a cap the segment keeps). */
  eligible?: (r: R) => boolean;
  /** Checked after research: a note to skip the row with, or null. */
  veto?: (r: R) => string | null;
  /** The segment's thesis, confidence and evidence for a buy the pass takes. */
  explain: (r: R, buy: Buy) => Pick<AnalystDecision, 'thesis' | 'confidence' | 'evidence'>;
  /** Called once for each buy the pass takes, after it is added (a cap the segment counts, e.g. per metal). */
  taken?: (r: R) => void;
}

/** Appends the pass's buys to `decisions` (up to params.maxProposalsPerRun in all) and its notes to `notes`. */
export function addBuys<R extends { symbol: string; last: number; atr: number | null; score: number | null; held: boolean }>(
  pass: BuyPass<R>,
  decisions: AnalystDecision[],
  notes: string[],
): void {
  const { book, risk, params, terms } = pass;
  if (risk.buysPaused) {
    notes.push(`buys paused: drawdown ${signedPct1(risk.drawdown)} beyond the ${signedPct1(-params.maxDrawdown)} limit`);
    return;
  }
  let room = book.capital > 0 ? Math.min(terms.maxNewExposurePerRun, Math.max(0, book.cash) / book.capital) : 0;
  for (const r of rankedSetups(pass.rows)) {
    if (decisions.length >= params.maxProposalsPerRun) break;
    if (pass.eligible && !pass.eligible(r)) continue;
    const research = pass.research[r.symbol];
    const veto = research?.sentiment === 'BEARISH' ? `${r.symbol} skipped: bearish research` : (pass.veto?.(r) ?? null);
    if (veto !== null) {
      notes.push(veto);
      continue;
    }
    const levels = buyLevels(r.last, r.atr, params.stopLossMultiplier, terms.maxStopPct, terms.limitSlippage);
    if (levels === null) continue;
    const score = r.score!;
    const intended = Math.round(params.maxPositionSize * (0.5 + 0.5 * score) * 1000) / 1000;
    const size = Math.min(intended, Math.floor(room * 1000) / 1000);
    if (size < Math.max(0.01, intended / 2)) {
      notes.push('no room left for further buys this run');
      break;
    }
    room -= size;
    const why = pass.explain(r, { size, limit: levels.limit, stop: levels.stop, score, research });
    decisions.push({ symbol: r.symbol, action: 'buy', sizeFraction: size, referencePrice: r.last, limitPrice: levels.limit, stopPrice: levels.stop, ...why });
    pass.taken?.(r);
  }
}

/** A buy's confidence from its score and bonuses, capped at 0.9, to two decimals. */
export function buyConfidence(score: number, bonus: number): number {
  return Math.round(Math.min(0.9, 0.35 + 0.5 * score + bonus) * 100) / 100;
}

export function liquidityEvidence(dollarVolume: number, atrPct: number, source: string): AnalystDecision['evidence'][number] {
  return { text: `Average daily value traded ${millionDollars(dollarVolume)}; average true range ${signedPct1(atrPct).replace('+', '')} of the price`, source };
}

/** The research summary as evidence (none without one). */
export function researchEvidence(research: EventAnalysis | undefined): AnalystDecision['evidence'] {
  return research ? [{ text: `Research summary: ${research.sentiment.toLowerCase()} (confidence ${Math.round(research.confidence * 100)} %)`, source: `research agent (${research.analyst})` }] : [];
}
