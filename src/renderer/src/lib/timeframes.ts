/** Chart timeframes as the UI offers them (keys 1, 2, 3 in this order). */
import type { Timeframe } from '../../../shared/contract/schemas';

/** Timeframe buttons: id, button label, long title, and how many bars to load and show. */
export const TIMEFRAMES: readonly { id: Timeframe; label: string; title: string; load: number; visible: number }[] = [
  { id: '5m', label: '5m', title: '5 minutes', load: 2000, visible: 160 },
  { id: '30m', label: '30m', title: '30 minutes', load: 1500, visible: 140 },
  { id: '1d', label: '1D', title: 'Daily', load: 1000, visible: 180 },
];

/** The TIMEFRAMES entry of an id. */
export function timeframeInfo(id: Timeframe): (typeof TIMEFRAMES)[number] {
  return TIMEFRAMES.find((t) => t.id === id) ?? TIMEFRAMES[0]!;
}
