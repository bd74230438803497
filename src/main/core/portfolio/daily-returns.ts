/**
 * Daily close-to-close returns from stored daily bars: the benchmark's (IWM) and each segment universe's,
 * equal-weighted over the members that traded on both sessions. This is the 'universe' basis of the segment
 * comparison — the opportunity set, shown until a sleeve has enough history of its own.
 *
 * The date axis is the benchmark's sessions (the union of the members' when the benchmark has no bars). Index 0 of
 * every series is the base session (return null); index k is the return from session k−1's close to session k's.
 * Results are cached per (range, newest bar, universe): the axis changes at most once a session, so a comparison
 * after the first costs no SQL for bars.
 */
import type { BarsRepo } from '../db/repositories/bars-repo';
import { nyDate } from '../market/calendar';
import { BENCHMARK, type SegmentCatalog } from './types';

export const DEFAULT_SESSIONS = 252;
const DAY_MS = 86_400_000;

export interface ReturnWindowQuery {
  /** Number of returns when `from` is not given (default 252). */
  sessions?: number | undefined;
  /** First session date whose return is included (YYYY-MM-DD). */
  from?: string | undefined;
  /** Last session date included (default: the newest stored). */
  to?: string | undefined;
}

export interface ReturnWindow {
  key: string;
  /** Session dates; dates[0] is the base session. */
  dates: string[];
  times: number[];
  /** The benchmark's return per date (null at the base and where a bar is missing). */
  benchmark: (number | null)[];
}

export interface DailyReturns {
  window(q?: ReturnWindowQuery): ReturnWindow;
  /** The equal-weighted return of the segment's universe on each date of the window. */
  universe(segmentId: string, w: ReturnWindow): (number | null)[];
  /** Drops every cached series (tests; a universe edit). */
  clear(): void;
}

export interface DailyReturnsDeps {
  bars: BarsRepo;
  catalog: SegmentCatalog;
  now: () => number;
  benchmark?: string | undefined;
}

const MAX_CACHE = 64;

export function createDailyReturns(deps: DailyReturnsDeps): DailyReturns {
  const bench = deps.benchmark ?? BENCHMARK;
  const windows = new Map<string, ReturnWindow>();
  const universes = new Map<string, (number | null)[]>();

  function bounds(q: ReturnWindowQuery): { fromT: number | null; toT: number } {
    // A daily bar is stamped at its session's 09:30 New York open: inside the same UTC day as its date.
    const toT = q.to !== undefined ? Date.parse(`${q.to}T23:59:59.999Z`) : deps.now();
    const fromT = q.from !== undefined ? Date.parse(`${q.from}T00:00:00.000Z`) : null;
    return { fromT, toT };
  }

  /** Keeps everything at or after fromT plus the one session before it (the base). */
  function trim(times: number[], fromT: number | null, keep: number): number[] {
    if (fromT === null) return times.slice(-keep);
    const first = times.findIndex((t) => t >= fromT);
    if (first < 0) return times.slice(-1);
    return times.slice(Math.max(0, first - 1));
  }

  function closes(symbol: string, fromT: number, toT: number): Map<number, number> {
    const m = new Map<number, number>();
    for (const b of deps.bars.range('daily', symbol, fromT, toT)) m.set(b.t, b.c);
    return m;
  }

  function returnsOn(times: readonly number[], c: Map<number, number>, out: Float64Array, counts: Int32Array): void {
    for (let k = 1; k < times.length; k++) {
      const prev = c.get(times[k - 1]!);
      const cur = c.get(times[k]!);
      if (prev === undefined || cur === undefined || !(prev > 0)) continue;
      out[k] = out[k]! + (cur / prev - 1);
      counts[k] = counts[k]! + 1;
    }
  }

  function window(q: ReturnWindowQuery = {}): ReturnWindow {
    const sessions = Math.max(1, Math.floor(q.sessions ?? DEFAULT_SESSIONS));
    const { fromT, toT } = bounds(q);
    const benchBars = fromT !== null ? deps.bars.range('daily', bench, fromT - 14 * DAY_MS, toT) : deps.bars.lastDaily(bench, toT + 1, sessions + 1);
    let times: number[];
    if (benchBars.length >= 2) {
      times = trim(
        benchBars.map((b) => b.t),
        fromT,
        sessions + 1,
      );
    } else {
      // No benchmark history: the union of the members' sessions.
      const set = new Set<number>();
      for (const s of deps.catalog.list())
        for (const sym of s.universe()) {
          const bars = fromT !== null ? deps.bars.range('daily', sym, fromT - 14 * DAY_MS, toT) : deps.bars.lastDaily(sym, toT + 1, sessions + 1);
          for (const b of bars) set.add(b.t);
        }
      times = trim(
        [...set].sort((a, b) => a - b),
        fromT,
        sessions + 1,
      );
    }
    const key = `${bench}|${sessions}|${q.from ?? ''}|${q.to ?? ''}|${times[0] ?? ''}|${times[times.length - 1] ?? ''}|${times.length}`;
    const cached = windows.get(key);
    if (cached) return cached;
    const benchCloses = new Map<number, number>(benchBars.map((b) => [b.t, b.c]));
    const sums = new Float64Array(times.length);
    const counts = new Int32Array(times.length);
    returnsOn(times, benchCloses, sums, counts);
    const w: ReturnWindow = {
      key,
      dates: times.map((t) => nyDate(t)),
      times,
      benchmark: times.map((_, k) => (counts[k]! > 0 ? sums[k]! : null)),
    };
    if (windows.size >= MAX_CACHE) windows.clear();
    windows.set(key, w);
    return w;
  }

  function universe(segmentId: string, w: ReturnWindow): (number | null)[] {
    const entry = deps.catalog.list().find((s) => s.id === segmentId);
    if (!entry || w.times.length === 0) return w.times.map(() => null);
    const members = entry.universe();
    const key = `${segmentId}|${w.key}|${members.length}|${members[0] ?? ''}|${members[members.length - 1] ?? ''}`;
    const cached = universes.get(key);
    if (cached) return cached;
    const sums = new Float64Array(w.times.length);
    const counts = new Int32Array(w.times.length);
    const fromT = w.times[0]!;
    const toT = w.times[w.times.length - 1]!;
    for (const sym of members) returnsOn(w.times, closes(sym, fromT, toT), sums, counts);
    const series = w.times.map((_, k) => (counts[k]! > 0 ? sums[k]! / counts[k]! : null));
    if (universes.size >= MAX_CACHE) universes.clear();
    universes.set(key, series);
    return series;
  }

  return {
    window,
    universe,
    clear() {
      windows.clear();
      universes.clear();
    },
  };
}
