/**
 * The forming (not yet closed) bar of a chart, built from streaming quotes; pure so it is unit-tested.
 * Buckets follow the engine's bars: intraday buckets step from the newest bar's open, daily buckets are the
 * session's bar stamped at 09:30 New York. A bar's volume is the day volume minus the day volume when the
 * bucket began; closed bars from `bars.updated` replace the forming one and correct that baseline.
 */
import type { Bar, Quote, Timeframe } from '../../../../shared/contract/schemas';
import { nyDateKey, nyWallToUtc } from '../../lib/ny-time';

/** Length of an intraday bucket, ms. */
export const INTRADAY_MS = { '5m': 300_000, '30m': 1_800_000 } as const;

/** What the chart needs to extend its newest bar. */
export interface FormingState {
  readonly timeframe: Timeframe;
  /** The newest bar on the chart: forming, or the last closed one before any quote. */
  readonly bar: Bar | null;
  /** Shares traded earlier on the bar's New York date, before the bar began (intraday only). */
  readonly volumeBefore: number;
  /** The bar before `bar`, kept so a late close of it can correct `volumeBefore`. */
  readonly prev: { readonly t: number; readonly volumeBefore: number; readonly sameDate: boolean } | null;
  /** Day volume at the newest applied quote (same date as `bar`), null before any quote. */
  readonly lastDayVolume: number | null;
}

/** A bar to push to the series; `historical` when it is older than the newest bar. */
export interface BarUpdate {
  bar: Bar;
  historical: boolean;
}

/** Open time of the bucket holding instant t; `anchor` is any bar open of the same timeframe. */
export function bucketStart(t: number, timeframe: Timeframe, anchor = 0): number {
  if (timeframe === '1d') return nyWallToUtc(nyDateKey(t), 9, 30);
  const step = INTRADAY_MS[timeframe];
  return anchor + Math.floor((t - anchor) / step) * step;
}

/** Starts from loaded history (oldest first). */
export function initFormingState(bars: readonly Bar[], timeframe: Timeframe): FormingState {
  const n = bars.length;
  const last = bars[n - 1];
  if (!last) return { timeframe, bar: null, volumeBefore: 0, prev: null, lastDayVolume: null };
  const before = bars[n - 2];
  if (timeframe === '1d') {
    return {
      timeframe,
      bar: last,
      volumeBefore: 0,
      prev: before ? { t: before.t, volumeBefore: 0, sameDate: false } : null,
      lastDayVolume: null,
    };
  }
  const date = nyDateKey(last.t);
  let volumeBefore = 0;
  for (let i = n - 2; i >= 0 && nyDateKey(bars[i]!.t) === date; i--) volumeBefore += bars[i]!.v;
  const prevSameDate = before !== undefined && nyDateKey(before.t) === date;
  return {
    timeframe,
    bar: last,
    volumeBefore,
    prev: before ? { t: before.t, volumeBefore: prevSameDate ? volumeBefore - before.v : 0, sameDate: prevSameDate } : null,
    lastDayVolume: null,
  };
}

/** Folds one quote into the newest bar. Null when the quote changes nothing (no trade, or too old). */
export function applyQuote(s: FormingState, q: Quote): { state: FormingState; bar: Bar } | null {
  if (!Number.isFinite(q.last) || q.last <= 0 || !Number.isFinite(q.t) || q.t <= 0) return null;
  const cur = s.bar;
  const start = bucketStart(q.t, s.timeframe, cur?.t);
  if (cur && start < cur.t) return null;
  if (s.timeframe === '1d') return applyDaily(s, q, start);

  if (cur && start === cur.t) {
    const bar: Bar = {
      t: cur.t,
      o: cur.o,
      h: Math.max(cur.h, q.last),
      l: Math.min(cur.l, q.last),
      c: q.last,
      // Volume only grows within a bucket, even if the day total and the bars disagree a little.
      v: Math.max(cur.v, q.volume - s.volumeBefore),
    };
    return { state: { ...s, bar, lastDayVolume: q.volume }, bar };
  }
  const sameDate = cur !== null && nyDateKey(cur.t) === nyDateKey(start);
  // Both the closed bars and the last quote seen are lower bounds of the day volume at this bucket's start.
  const volumeBefore = sameDate ? Math.max(s.volumeBefore + cur.v, s.lastDayVolume ?? 0) : 0;
  const bar: Bar = { t: start, o: q.last, h: q.last, l: q.last, c: q.last, v: Math.max(0, q.volume - volumeBefore) };
  const prev = cur ? { t: cur.t, volumeBefore: s.volumeBefore, sameDate } : null;
  return { state: { timeframe: s.timeframe, bar, volumeBefore, prev, lastDayVolume: q.volume }, bar };
}

function applyDaily(s: FormingState, q: Quote, start: number): { state: FormingState; bar: Bar } {
  const cur = s.bar;
  const base = cur && cur.t === start ? cur : null;
  // The quote carries the session's own open/high/low, which beats what this page happened to observe.
  const bar: Bar = {
    t: start,
    o: base?.o ?? (q.open > 0 ? q.open : q.last),
    h: Math.max(base?.h ?? q.last, q.high > 0 ? q.high : q.last, q.last),
    l: Math.min(base?.l ?? q.last, q.low > 0 ? q.low : q.last, q.last),
    c: q.last,
    v: q.volume,
  };
  const prev = base ? s.prev : cur ? { t: cur.t, volumeBefore: 0, sameDate: false } : null;
  return { state: { ...s, bar, prev, lastDayVolume: q.volume }, bar };
}

/** Applies a bar the engine closed; returns the series updates it implies. */
export function applyClosedBar(s: FormingState, closed: Bar): { state: FormingState; updates: BarUpdate[] } {
  const cur = s.bar;
  const intraday = s.timeframe !== '1d';
  if (!cur || closed.t > cur.t) {
    const sameDate = cur !== null && intraday && nyDateKey(cur.t) === nyDateKey(closed.t);
    const volumeBefore = sameDate ? s.volumeBefore + cur.v : 0;
    const seen = sameDate ? (s.lastDayVolume ?? 0) : 0;
    const state: FormingState = {
      timeframe: s.timeframe,
      bar: closed,
      volumeBefore,
      prev: cur ? { t: cur.t, volumeBefore: s.volumeBefore, sameDate } : null,
      lastDayVolume: intraday ? Math.max(seen, volumeBefore + closed.v) : null,
    };
    return { state, updates: [{ bar: closed, historical: false }] };
  }
  if (closed.t === cur.t) {
    const lastDayVolume = intraday ? Math.max(s.lastDayVolume ?? 0, s.volumeBefore + closed.v) : s.lastDayVolume;
    return { state: { ...s, bar: closed, lastDayVolume }, updates: [{ bar: closed, historical: false }] };
  }
  const updates: BarUpdate[] = [{ bar: closed, historical: true }];
  if (!s.prev || closed.t !== s.prev.t || !intraday || !s.prev.sameDate) return { state: s, updates };
  // The bar before the forming one closed late: its true volume fixes where the forming bar's volume starts.
  const volumeBefore = s.prev.volumeBefore + closed.v;
  const v = s.lastDayVolume === null ? cur.v : Math.max(0, s.lastDayVolume - volumeBefore);
  const bar = { ...cur, v };
  updates.push({ bar, historical: false });
  return { state: { ...s, bar, volumeBefore }, updates };
}
