/**
 * Protective stops as both segments' rules analysts set and check them: a buy's stop is last − multiplier × ATR,
 * never more than the playbook's maxStopPct below the last; a holding at or below its entry − multiplier × ATR is
 * sold whole, with a thesis and evidence whose every figure is one the gathered data holds; the exit pass walks the
 * held positions in symbol order until the answer is full.
 */
import type { SegmentBook } from '../../../../shared/contract';
import { tickRound } from '../market-view';
import type { AnalystDecision } from '../types';
import { money } from './format';

/** A buy's protective stop: last − multiplier × ATR, never more than maxStopPct below; null without ATR or room. */
export function buyStop(last: number, atr: number | null, multiplier: number, maxStopPct: number): number | null {
  if (atr === null || !(atr > 0) || !(last > 0)) return null;
  const stop = tickRound(Math.max(last - multiplier * atr, last * (1 - maxStopPct)));
  return stop > 0 && stop < last ? stop : null;
}

/** A buy's limit (the last plus the slippage, to the tick) and stop, or null when no stop fits below the limit. */
export function buyLevels(last: number, atr: number | null, multiplier: number, maxStopPct: number, limitSlippage: number): { stop: number; limit: number } | null {
  const stop = buyStop(last, atr, multiplier, maxStopPct);
  const limit = tickRound(last * (1 + limitSlippage));
  return stop === null || stop >= limit ? null : { stop, limit };
}

/** The held positions the exit pass looks at, by symbol: shares (multiplier 1) with a gathered row; none once `decisions` is full. */
export function* heldRows<R>(book: SegmentBook, rows: ReadonlyMap<string, R>, decisions: readonly AnalystDecision[], max: number): Generator<{ row: R; position: SegmentBook['positions'][number] }> {
  for (const position of [...book.positions].sort((a, b) => a.symbol.localeCompare(b.symbol))) {
    if (decisions.length >= max) return;
    const row = rows.get(position.symbol);
    if (!row || position.quantity <= 0 || position.multiplier !== 1) continue;
    yield { row, position };
  }
}

/**
 * The whole-position sale of a holding at or below its entry less multiplier × ATR (null when not, or without ATR):
 * `base` (the sell's symbol, prices and order of fields) plus its thesis and evidence, then the segment's context.
 */
export function stopSell<B extends Pick<AnalystDecision, 'symbol' | 'action' | 'referencePrice' | 'limitPrice' | 'stopPrice'>>(
  base: B,
  r: { symbol: string; last: number; atr: number | null },
  avgCost: number,
  multiplier: number,
  pricesSource: string,
  context: AnalystDecision['evidence'],
): AnalystDecision | null {
  if (r.atr === null || !(r.last <= avgCost - multiplier * r.atr)) return null;
  return {
    ...base,
    sizeFraction: 1,
    thesis: `Stop: ${r.symbol} at ${money(r.last)} is at or below its entry ${money(avgCost)} less ${multiplier} × its average true range ${money(r.atr, r.last)}; exit the whole position.`,
    confidence: 0.9,
    evidence: [{ text: `Last ${money(r.last)}, average cost ${money(avgCost)}, average true range (14) ${money(r.atr, r.last)}`, source: pricesSource }, ...context],
  };
}
