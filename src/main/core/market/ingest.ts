/**
 * The one ingestion path for every adapter: validated, batched, idempotent writes with a report. An invalid bar
 * is rejected with its reason and never stored; re-ingesting the same bars changes nothing.
 */
import type { Bar, Instrument } from '../../../shared/contract';
import { InstrumentSchema } from '../../../shared/contract';
import type { Db } from '../db/open-database';
import type { BarTable, BarWriteCounts, BarsRepo, InstrumentsRepo, IngestReject, IngestReport, IngestRunsRepo } from '../db/repositories';
import { nyDate, sessionFor } from './calendar';

export interface SymbolBars {
  symbol: string;
  bars: readonly Bar[];
}

export interface IngestDeps {
  db: Db;
  bars: BarsRepo;
  instruments: InstrumentsRepo;
  runs: IngestRunsRepo;
  /** Wall clock for report timing; engine time for startedAt. */
  now: () => number;
  /** Persist each report in ingest_runs (off for the per-5-minute live writes, which would flood the table). */
  recordRuns?: boolean;
}

export const FIVE_MINUTES = 5 * 60_000;

export interface Ingestor {
  instruments(items: readonly unknown[], source: string): IngestReport;
  bars(kind: BarTable, batches: readonly SymbolBars[], source: string, options?: { record?: boolean }): IngestReport;
}

export function createIngestor(deps: IngestDeps): Ingestor {
  // Timestamp checks repeat for every symbol over the same sessions: memoise them.
  const dailyOk = new Map<number, string | null>();
  const intradayOk = new Map<number, string | null>();

  function timeProblem(kind: BarTable, t: number): string | null {
    const memo = kind === 'daily' ? dailyOk : intradayOk;
    const hit = memo.get(t);
    if (hit !== undefined) return hit;
    let problem: string | null = null;
    if (!Number.isSafeInteger(t) || t < 0) problem = 'time is not an epoch-ms integer';
    else {
      const session = sessionFor(nyDate(t));
      if (!session) problem = `no session on ${nyDate(t)} (weekend or holiday)`;
      else if (kind === 'daily' && t !== session.open) problem = 'daily bar not stamped at the session open (09:30 New York)';
      else if (kind === 'intraday' && (t < session.preOpen || t + FIVE_MINUTES > session.postClose))
        problem = 'outside the extended session (04:00–20:00 New York)';
      else if (kind === 'intraday' && (t - session.preOpen) % FIVE_MINUTES !== 0) problem = 'not on a 5-minute boundary';
    }
    if (memo.size > 100_000) memo.clear();
    memo.set(t, problem);
    return problem;
  }

  function record(report: IngestReport, force?: boolean): IngestReport {
    if (force ?? deps.recordRuns ?? true) deps.runs.record(report);
    return report;
  }

  return {
    instruments(items, source) {
      const startedAt = deps.now();
      const t0 = performance.now();
      const valid: Instrument[] = [];
      const rejects: IngestReject[] = [];
      const seen = new Set<string>();
      for (const raw of items) {
        const parsed = InstrumentSchema.safeParse(raw);
        const symbol = typeof raw === 'object' && raw !== null ? String((raw as { symbol?: unknown }).symbol ?? '?') : '?';
        if (!parsed.success) {
          rejects.push({ symbol, t: null, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
        } else if (seen.has(parsed.data.symbol)) {
          rejects.push({ symbol, t: null, reason: 'duplicate symbol in batch' });
        } else {
          seen.add(parsed.data.symbol);
          valid.push(parsed.data);
        }
      }
      const { inserted, updated } = deps.instruments.upsertMany(valid, source, startedAt);
      return record({
        source,
        kind: 'instruments',
        startedAt,
        durationMs: performance.now() - t0,
        received: items.length,
        inserted,
        updated,
        unchanged: valid.length - inserted - updated,
        rejected: rejects.length,
        rejects,
      });
    },

    bars(kind, batches, source, options) {
      const startedAt = deps.now();
      const t0 = performance.now();
      const rejects: IngestReject[] = [];
      const counts: BarWriteCounts = { inserted: 0, updated: 0, unchanged: 0 };
      let received = 0;
      let rejected = 0;
      const known = new Set(deps.instruments.all().map((i) => i.symbol));
      deps.db.transaction(() => {
        for (const batch of batches) {
          received += batch.bars.length;
          if (!known.has(batch.symbol)) {
            rejected += batch.bars.length;
            if (batch.bars.length > 0) rejects.push({ symbol: batch.symbol, t: null, reason: `unknown symbol (${batch.bars.length} bars)` });
            continue;
          }
          const good: Bar[] = [];
          let prevT = -Infinity;
          for (const bar of batch.bars) {
            const problem = barProblem(bar) ?? timeProblem(kind, bar.t) ?? (bar.t <= prevT ? 'out of order or duplicate time' : null);
            if (problem) {
              rejected++;
              rejects.push({ symbol: batch.symbol, t: Number.isFinite(bar?.t) ? bar.t : null, reason: problem });
              continue;
            }
            prevT = bar.t;
            good.push(bar);
          }
          deps.bars.write(kind, batch.symbol, good, source, counts);
        }
      })();
      return record(
        {
          source,
          kind,
          startedAt,
          durationMs: performance.now() - t0,
          received,
          ...counts,
          rejected,
          rejects,
        },
        options?.record,
      );
    },
  };
}

/** Why a bar's values are impossible, or null when they are fine. */
export function barProblem(bar: Bar): string | null {
  if (typeof bar !== 'object' || bar === null) return 'not a bar object';
  const { o, h, l, c, v } = bar;
  for (const [k, x] of [['o', o], ['h', h], ['l', l], ['c', c], ['v', v], ['t', bar.t]] as const) {
    if (typeof x !== 'number' || !Number.isFinite(x)) return `${k} is not a finite number`;
  }
  if (l <= 0) return 'low is not positive';
  if (h < l) return 'high is below low';
  if (o > h || o < l) return 'open outside the high–low range';
  if (c > h || c < l) return 'close outside the high–low range';
  if (v < 0) return 'negative volume';
  if (!Number.isInteger(v)) return 'volume is not a whole number of shares';
  return null;
}
