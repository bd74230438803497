/**
 * segments.performance, segments.compare and segments.correlation: every figure from the one shared calculator
 * (src/shared/analytics), against IWM on the same dates, with the basis it rests on:
 * - 'sleeve': the segment's own daily snapshots, once it has at least 20 daily returns in the range (for a
 *   correlation, at least the window for every segment);
 * - 'universe': until then, the equal-weighted daily returns of the segment's universe from daily bars, the
 *   last 252 sessions by default — labelled, never passed off as the sleeve's.
 * Curves are growth of 1.0, one point per session. compare() adds the allocation (target vs the share of
 * equity in the books, and the drift) and the diversification score from the 90-day matrix.
 */
import {
  EngineError,
  RPC_ERROR,
  type CorrelationMatrix,
  type PerformanceMetrics,
  type SegmentComparison,
  type SegmentPerformance,
  type SegmentSnapshot,
} from '../../../shared/contract';
import { correlationMatrix, diversification, growthCurve, performance } from '../../../shared/analytics';
import type { Db } from '../db/open-database';
import type { BarsRepo } from '../db/repositories/bars-repo';
import { createSegmentPerformanceRepo, type SegmentSnapshotRow } from '../db/repositories/segment-performance-repo';
import { createDailyReturns, DEFAULT_SESSIONS, type DailyReturns } from './daily-returns';
import type { SegmentBooks } from './segment-books';
import { BENCHMARK, type SegmentCatalog, type SegmentCatalogEntry } from './types';

/** Daily returns a sleeve needs before its own figures replace the universe's. */
export const MIN_SLEEVE_RETURNS = 20;

export type BasisMatrix = CorrelationMatrix & { window: number; basis: 'sleeve' | 'universe' };

export interface SegmentCompareDeps {
  db: Db;
  books: SegmentBooks;
  catalog: SegmentCatalog;
  bars: BarsRepo;
  now: () => number;
  /** Shared with the snapshots when given (one cache). */
  returns?: DailyReturns;
}

export interface SegmentCompare {
  segmentPerformance(q?: { id?: string | undefined; from?: string | undefined; to?: string | undefined }): { segments: SegmentPerformance[] };
  compare(): SegmentComparison;
  /** The matrix over every segment; `to` (YYYY-MM-DD) computes it as of that session (the daily snapshot). */
  correlation(window: number, to?: string): BasisMatrix;
  readonly returns: DailyReturns;
}

export function toSnapshot(r: SegmentSnapshotRow): SegmentSnapshot {
  return {
    date: r.date,
    equity: r.equity,
    dailyReturn: r.dailyReturn,
    totalReturn: r.totalReturn,
    sharpe: r.sharpe,
    maxDrawdown: r.maxDrawdown,
    volatility: r.volatility,
    beta: r.beta,
    alpha: r.alpha,
  };
}

const curveOf = (dates: readonly string[], returns: readonly (number | null)[]): { date: string; value: number }[] => {
  const g = growthCurve(returns);
  return dates.map((date, i) => ({ date, value: g[i]! }));
};

export function createSegmentCompare(deps: SegmentCompareDeps): SegmentCompare {
  const repo = createSegmentPerformanceRepo(deps.db);
  const returns = deps.returns ?? createDailyReturns({ bars: deps.bars, catalog: deps.catalog, now: deps.now });

  function entry(id: string): SegmentCatalogEntry {
    const e = deps.catalog.list().find((s) => s.id === id);
    if (!e) throw new EngineError(RPC_ERROR.notFound, `unknown segment ${id}`);
    return e;
  }

  function perfOf(e: SegmentCatalogEntry, from: string | undefined, to: string | undefined): SegmentPerformance {
    const snaps = repo.snapshots({ segmentId: e.id, from, to });
    const sleeveReturns = snaps.filter((s) => s.dailyReturn !== null).length;
    let basis: 'sleeve' | 'universe';
    let dates: string[];
    let rets: (number | null)[];
    let bench: (number | null)[];
    if (sleeveReturns >= MIN_SLEEVE_RETURNS) {
      basis = 'sleeve';
      dates = snaps.map((s) => s.date);
      rets = snaps.map((s) => s.dailyReturn);
      const w = returns.window({ from: dates[0], to: dates[dates.length - 1] });
      const byDate = new Map(w.dates.map((d, i) => [d, w.benchmark[i] ?? null]));
      bench = dates.map((d) => byDate.get(d) ?? null);
    } else {
      basis = 'universe';
      const w = returns.window({ from, to, sessions: DEFAULT_SESSIONS });
      dates = w.dates;
      rets = returns.universe(e.id, w);
      bench = w.benchmark;
    }
    const metrics: PerformanceMetrics = performance({ returns: rets, benchmark: bench });
    return {
      segmentId: e.id,
      name: e.name,
      basis,
      benchmark: BENCHMARK,
      from: dates[0] ?? null,
      to: dates[dates.length - 1] ?? null,
      metrics,
      curve: curveOf(dates, rets),
      snapshots: snaps.map(toSnapshot),
    };
  }

  function correlation(window: number, to?: string): BasisMatrix {
    const segments = deps.catalog.list();
    const sleeves = segments.map((s) => repo.snapshots({ segmentId: s.id, to }).filter((r) => r.dailyReturn !== null));
    const allSleeve = segments.length > 0 && sleeves.every((rows) => rows.length >= window);
    const series: Record<string, (number | null)[]> = {};
    if (allSleeve) {
      // Sessions where every sleeve has a return, the newest `window` of them.
      const maps = sleeves.map((rows) => new Map(rows.map((r) => [r.date, r.dailyReturn])));
      const common = [...maps[0]!.keys()].filter((d) => maps.every((m) => m.has(d))).sort().slice(-window);
      segments.forEach((s, i) => (series[s.id] = common.map((d) => maps[i]!.get(d) ?? null)));
      return { ...correlationMatrix(series), window, basis: 'sleeve' };
    }
    const w = returns.window({ to, sessions: Math.max(window, DEFAULT_SESSIONS) });
    for (const s of segments) series[s.id] = returns.universe(s.id, w).slice(1).slice(-window);
    return { ...correlationMatrix(series), window, basis: 'universe' };
  }

  function compare(): SegmentComparison {
    const segments = deps.catalog.list();
    const perf = segments.map((e) => perfOf(e, undefined, undefined));
    const w = returns.window({ sessions: DEFAULT_SESSIONS });
    const correlation30 = correlation(30);
    const correlation90 = correlation(90);
    const book = deps.books.all();
    const totalEquity = book.total.equity;
    const allocation = segments.map((s) => {
      const equity = book.segments.find((b) => b.segmentId === s.id)?.equity ?? 0;
      const current = totalEquity > 0 ? equity / totalEquity : 0;
      const target = s.riskParameters.targetAllocation;
      return { segmentId: s.id, target, current, drift: current - target };
    });
    const labels = Object.fromEntries(segments.map((s) => [s.id, s.name]));
    return {
      asOf: deps.now(),
      benchmark: BENCHMARK,
      segments: perf,
      benchmarkCurve: curveOf(w.dates, w.benchmark),
      correlation30,
      correlation90,
      diversification: diversification({ matrix: correlation90, labels, allocation }),
      allocation,
    };
  }

  return {
    returns,
    segmentPerformance(q = {}) {
      const list = q.id !== undefined ? [entry(q.id)] : deps.catalog.list();
      return { segments: list.map((e) => perfOf(e, q.from, q.to)) };
    },
    compare,
    correlation,
  };
}
