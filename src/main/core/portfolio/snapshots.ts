/**
 * Seed 000's daily segment snapshots: after each session's close (16:05 New York, exchange days) one row per
 * segment in segment_performance — the sleeve's equity, its daily and total return, and Sharpe, max drawdown,
 * volatility, beta and alpha against IWM from the shared calculator over the sleeve's daily returns so far — and
 * the 30- and 90-day correlations between segments in segment_correlation. Re-running a date replaces its rows
 * (INSERT OR REPLACE), so a catch-up after a restart or a manual re-run is harmless.
 *
 * The job runs through the engine's scheduler (at most once per slot, catch-up of a missed close at start) and is
 * polled on a wall-clock interval like the sector runtime, because the engine clock may run fast or jump.
 * The equity written is the sleeves' value at that session's close: the live books when the snapshot runs on the
 * day itself (16:05, quotes at the close), and for an earlier date (a catch-up after the app was shut over a close,
 * or a manual re-run) the fills up to that close valued at each symbol's stored daily close of the date.
 */
import type { Quote } from '../../../shared/contract';
import { performance } from '../../../shared/analytics';
import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import type { BarsRepo } from '../db/repositories/bars-repo';
import { createSchedulerRepo } from '../db/repositories/scheduler-repo';
import { createSegmentPerformanceRepo, type SegmentCorrelationRow, type SegmentSnapshotRow } from '../db/repositories/segment-performance-repo';
import type { Logger } from '../log';
import { nyDate, sessionFor } from '../market/calendar';
import { createScheduler, type ScheduledJob, type Scheduler } from '../scheduler/scheduler';
import { createSegmentCompare, type SegmentCompare } from './compare';
import type { SegmentBooks } from './segment-books';
import { BENCHMARK, type SegmentCatalog } from './types';

export const SEGMENT_SNAPSHOT_JOB: ScheduledJob = Object.freeze({
  id: 'segments.snapshot',
  cron: '5 16 * * *',
  timezone: 'America/New_York',
  exchangeDaysOnly: true,
});

export const CORRELATION_WINDOWS = [30, 90] as const;

export interface SegmentSnapshotsDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  books: SegmentBooks;
  catalog: SegmentCatalog;
  bars: BarsRepo;
  /** Shares the comparison's return cache when given. */
  compare?: SegmentCompare;
  /** The live quote, for the benchmark's return of today when its daily bar is not stored yet. */
  quote?: (symbol: string) => Quote | null;
  /** Wall-clock interval of the scheduler's poll. Default 1 s. */
  pollMs?: number;
}

export interface SegmentSnapshots {
  /** Writes the snapshot and correlation rows of a session date (YYYY-MM-DD); returns how many rows. */
  snapshot(date: string): { snapshots: number; correlations: number };
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The next scheduled snapshot (epoch ms), or null before start. */
  nextRunAt(): number | null;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function createSegmentSnapshots(deps: SegmentSnapshotsDeps): SegmentSnapshots {
  const { db, clock, log, books, catalog } = deps;
  const repo = createSegmentPerformanceRepo(db);
  const compare = deps.compare ?? createSegmentCompare({ db, books, catalog, bars: deps.bars, now: () => clock.now() });

  let scheduler: Scheduler | null = null;
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> = Promise.resolve();

  /** IWM's return per date over [from, date], today's from the live quote when its bar is not stored yet. */
  function benchmarkByDate(from: string, date: string): Map<string, number | null> {
    const w = compare.returns.window({ from, to: date });
    const byDate = new Map<string, number | null>(w.dates.map((d, i) => [d, w.benchmark[i] ?? null]));
    if ((byDate.get(date) ?? null) === null && date === nyDate(clock.now())) {
      const q = deps.quote?.(BENCHMARK) ?? null;
      if (q && q.prevClose > 0) byDate.set(date, q.last / q.prevClose - 1);
    }
    return byDate;
  }

  /** The sleeves at `date`'s close: live on the day itself, else from the fills and stored closes up to it. */
  function booksAt(date: string, now: number): ReturnType<SegmentBooks['all']> {
    if (date >= nyDate(now)) return books.all();
    const close = sessionFor(date)?.close ?? Date.parse(`${date}T23:59:59.999Z`);
    return books.at(close, (symbol) => deps.bars.lastDaily(symbol, close, 1)[0]?.c ?? null);
  }

  function snapshot(date: string): { snapshots: number; correlations: number } {
    if (!DATE_RE.test(date)) throw new RangeError(`snapshot date must be YYYY-MM-DD, got ${date}`);
    const now = clock.now();
    const book = booksAt(date, now);
    const rows: SegmentSnapshotRow[] = [];
    for (const e of catalog.list()) {
      const b = book.segments.find((s) => s.segmentId === e.id);
      if (!b) continue;
      const prev = repo.snapshots({ segmentId: e.id, to: date }).filter((r) => r.date < date);
      const prevEquity = prev.length > 0 ? prev[prev.length - 1]!.equity : null;
      const dailyReturn = prevEquity !== null && prevEquity > 0 ? b.equity / prevEquity - 1 : null;
      const dates = [...prev.map((r) => r.date), date];
      const returns = [...prev.map((r) => r.dailyReturn), dailyReturn];
      const bench = benchmarkByDate(dates[0]!, date);
      const m = performance({ returns, benchmark: dates.map((d) => bench.get(d) ?? null) });
      rows.push({
        date,
        segmentId: e.id,
        equity: b.equity,
        dailyReturn,
        totalReturn: b.capital > 0 ? b.equity / b.capital - 1 : 0,
        sharpe: m.sharpe,
        maxDrawdown: m.maxDrawdown,
        volatility: m.annualVolatility,
        beta: m.beta,
        alpha: m.alpha,
        createdAt: now,
      });
    }
    repo.writeDay(rows, []);

    const correlations: SegmentCorrelationRow[] = [];
    for (const window of CORRELATION_WINDOWS) {
      const m = compare.correlation(window, date);
      for (let i = 0; i < m.names.length; i++)
        for (let j = i + 1; j < m.names.length; j++)
          correlations.push({ date, window, segment1: m.names[i]!, segment2: m.names[j]!, correlation: m.matrix[i]![j] ?? null, basis: m.basis, createdAt: now });
    }
    repo.writeDay([], correlations);
    log.info({ date, snapshots: rows.length, correlations: correlations.length }, 'segment snapshot written');
    return { snapshots: rows.length, correlations: correlations.length };
  }

  return {
    snapshot,
    async start() {
      if (scheduler) return;
      const s = createScheduler({
        clock,
        ledger: createSchedulerRepo(db),
        jobs: [SEGMENT_SNAPSHOT_JOB],
        onDue: (_job, slotAt) => {
          snapshot(nyDate(slotAt));
        },
        onError: (error: unknown) => log.error({ err: error }, 'segment snapshot failed'),
      });
      scheduler = s;
      // A close missed while the app was closed is snapshotted once now.
      await s.catchUp();
      timer = setInterval(() => {
        polling = s.poll().catch((error: unknown) => log.error({ err: error }, 'segment snapshot poll failed'));
      }, deps.pollMs ?? 1_000);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await polling;
      scheduler = null;
    },
    nextRunAt: () => scheduler?.nextRuns(1)[0]?.at ?? null,
  };
}
