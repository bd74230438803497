/**
 * lightweight-charts draws its time axis in UTC. Shifting every bar by New York's offset makes the axis,
 * tick marks and crosshair read New York wall time (the library's documented time-zone approach).
 */
import type { UTCTimestamp } from 'lightweight-charts';
import { nyOffsetMs, pad2, WEEKDAY_NAMES } from '../../lib/ny-time';

/** Chart time (shifted seconds) of an epoch-ms instant. */
export function toChartTime(ms: number): UTCTimestamp {
  return Math.floor((ms + nyOffsetMs(ms)) / 1000) as UTCTimestamp;
}

/** Crosshair label of a shifted chart time: "Fri 2026-11-20 14:35" (date only for daily bars). */
export function formatChartTime(time: number, daily: boolean): string {
  const d = new Date(time * 1000);
  const date = `${WEEKDAY_NAMES[d.getUTCDay()]} ${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  return daily ? date : `${date} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}
