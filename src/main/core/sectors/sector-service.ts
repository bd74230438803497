/**
 * The sector traffic light's engine side: the daily universe, the analysis job (progress, cancel, one at a time),
 * persistence of every run, the latest grid served from memory, change events, and the universe what-if.
 * Formulas live in the pure modules beside it (universe-rules, classify, scoring, ranking, analyze).
 */
import {
  EngineError,
  RPC_ERROR,
  type AnalysisProgress,
  type Freshness,
  type Instrument,
  type SectorSummary,
  type SectorTimeframe,
  type SectorsGrid,
  type UniverseMember,
} from '../../../shared/contract';
import { BENCHMARK_SYMBOL, SECTOR_IDS, SECTORS, type SectorId } from '../../../shared/sectors';
import type { Clock } from '../clock';
import type { BarsRepo, SectorRepo, UniverseRepo } from '../db/repositories';
import type { EventBus } from '../events/bus';
import type { Logger } from '../log';
import { addTradingDays, sessionFor, sessionPhaseAt } from '../market/calendar';
import type { MarketService } from '../market/market-service';
import { analyzeSector } from './analyze';
import { classifySector } from './classify';
import type { SectorConfig } from './config';
import { dailyHistory, memberInput, recentGapRate, type InputContext } from './inputs';
import type { MemberInput } from './scoring';
import { evaluateCandidate, gapPriority } from './universe-rules';

export const HOUR = 3_600_000;
/** Analyses are kept this long, then compacted away. */
export const RETENTION_MS = 90 * 24 * HOUR;

export interface SectorServiceDeps {
  clock: Clock;
  bus: EventBus;
  log: Logger;
  market: MarketService;
  bars: BarsRepo;
  universe: UniverseRepo;
  runs: SectorRepo;
  config: () => SectorConfig;
  /** Catalyst counts per symbol between two instants (the event stream in SQLite). */
  catalystCounts(fromT: number, toT: number): Map<string, { positive: number; negative: number }>;
  /** Makes sure the catalyst stream is stored up to now (sources that have one). */
  ingestCatalysts?(fromDate: string, toDate: string, now: number): void;
}

interface UniverseState {
  date: string;
  members: UniverseMember[];
  bySymbol: Map<string, UniverseMember>;
  changes: { entered: string[]; left: string[] };
}

interface Job {
  id: string;
  cancelled: boolean;
  promise: Promise<void>;
}

export function freshnessOf(ageMs: number | null): Freshness {
  if (ageMs === null) return { ageMs: 0, tier: 'stale', advice: 'No analysis yet: run one.' };
  if (ageMs < 2 * HOUR) return { ageMs, tier: 'fresh', advice: 'Fresh.' };
  if (ageMs <= 4 * HOUR) return { ageMs, tier: 'aging', advice: 'Over 2 hours old: refresh if there was news.' };
  return { ageMs, tier: 'stale', advice: 'Over 4 hours old: run a fresh analysis.' };
}

export function createSectorService(deps: SectorServiceDeps) {
  const { clock, bus, log, market } = deps;
  let universe: UniverseState | null = null;
  let latest: { runId: number; asOf: number; summaries: SectorSummary[] } | null = null;
  let lastInputs = new Map<SectorId, MemberInput[]>();
  let job: Job | null = null;
  let jobSeq = 0;

  function sessionDate(t: number): string {
    return sessionPhaseAt(t).date;
  }

  function sessionOpenOf(t: number): number {
    return sessionFor(sessionDate(t))?.open ?? t;
  }

  /** Builds (or loads) the universe for the session at `now`; the daily refresh records entries and exits. */
  function ensureUniverse(now: number): UniverseState {
    const date = sessionDate(now);
    if (universe && universe.date === date) return universe;
    const cfg = deps.config();
    const overrides = deps.universe.overrides();
    const open = sessionOpenOf(now);
    const members: UniverseMember[] = [];
    for (const inst of market.instruments()) {
      if (inst.kind !== 'stock') continue;
      const daily = deps.bars.lastDaily(inst.symbol, open, 20);
      const last = daily[daily.length - 1];
      const price = last?.c ?? 0;
      const avgVolume20 = daily.length > 0 ? daily.reduce((s, b) => s + b.v, 0) / daily.length : 0;
      const marketCap = price * inst.sharesOutstanding;
      const verdict = evaluateCandidate({ symbol: inst.symbol, marketCap, avgVolume20, price, float: inst.float, exchange: inst.exchange }, cfg.universe);
      const cls = classifySector(inst, cfg, overrides.get(inst.symbol) ?? null);
      const gapFrequency = cfg.sectors.find((s) => s.id === cls.sector)?.gapFrequency ?? 'moderate';
      members.push({
        ...verdict,
        name: inst.name,
        sector: cls.sector,
        sectorConfidence: cls.confidence,
        exchange: inst.exchange,
        marketCap,
        avgVolume20: Math.round(avgVolume20),
        price,
        float: inst.float,
        gapPriority: gapPriority(gapFrequency, recentGapRate(daily)),
      });
    }
    members.sort((a, b) => b.gapPriority - a.gapPriority || a.symbol.localeCompare(b.symbol));
    const changes = deps.universe.saveSnapshot(
      date,
      members.map((m) => ({ symbol: m.symbol, included: m.included, tier: m.tier, reasons: m.reasons, sector: m.sector })),
    );
    universe = { date, members, bySymbol: new Map(members.map((m) => [m.symbol, m])), changes };
    log.info({ date, members: members.filter((m) => m.included).length, entered: changes.entered.length, left: changes.left.length }, 'universe refreshed');
    return universe;
  }

  function progress(p: AnalysisProgress): void {
    bus.emit('analysis.progress', p);
  }

  async function yieldToLoop(): Promise<void> {
    await new Promise((r) => setImmediate(r));
  }

  /** One full analysis: universe, inputs, scores, ranking; persisted; emits what changed. */
  async function run(trigger: string, jobId: string, isCancelled: () => boolean, release: () => void): Promise<void> {
    const started = performance.now();
    const now = clock.now();
    const cfg = deps.config();
    const runId = deps.runs.begin(trigger, Date.now(), now);
    const eta = (fraction: number): number | null => (fraction > 0.05 ? ((performance.now() - started) / fraction) * (1 - fraction) : null);
    try {
      progress({ jobId, percent: 2, stage: 'universe', etaMs: null, done: false, error: null });
      const u = ensureUniverse(now);
      const date = sessionDate(now);
      deps.ingestCatalysts?.(addTradingDays(date, -3), date, now);
      const ctx: InputContext = {
        bars: deps.bars,
        now,
        sessionOpen: sessionOpenOf(now),
        catalysts: deps.catalystCounts(sessionFor(addTradingDays(date, -3))?.preOpen ?? now - 5 * 24 * HOUR, now),
      };
      const quotes = new Map(market.quotes().map((q) => [q.symbol, q]));
      const benchQuote = quotes.get(BENCHMARK_SYMBOL);
      const benchmark: Record<SectorTimeframe, number | null> = benchQuote
        ? memberInput(ctx, { symbol: BENCHMARK_SYMBOL, name: BENCHMARK_SYMBOL, float: 0 }, benchQuote, dailyHistory(ctx, BENCHMARK_SYMBOL)).returns
        : { '30m': null, '1D': null, '3D': null, '1W': null };

      const inputs = new Map<SectorId, MemberInput[]>(SECTOR_IDS.map((id) => [id, []]));
      const included = u.members.filter((m) => m.included && m.sector !== null);
      let doneCount = 0;
      for (const m of included) {
        const q = quotes.get(m.symbol);
        if (q) inputs.get(m.sector!)!.push(memberInput(ctx, { symbol: m.symbol, name: m.name, float: m.float }, q, dailyHistory(ctx, m.symbol)));
        if (++doneCount % 250 === 0) {
          if (isCancelled()) throw new CancelledError();
          const fraction = 0.05 + 0.8 * (doneCount / included.length);
          progress({ jobId, percent: Math.round(fraction * 100), stage: 'member data', etaMs: eta(fraction), done: false, error: null });
          await yieldToLoop();
        }
      }
      if (isCancelled()) throw new CancelledError();
      progress({ jobId, percent: 88, stage: 'scoring and ranking', etaMs: eta(0.88), done: false, error: null });
      const previous = new Map((latest?.summaries ?? []).map((s) => [s.id, s]));
      const summaries = SECTORS.map((s) =>
        analyzeSector({ sector: s.id, members: inputs.get(s.id)!, benchmark, config: cfg, previous: previous.get(s.id) ?? null }),
      );
      if (isCancelled()) throw new CancelledError();
      progress({ jobId, percent: 95, stage: 'saving', etaMs: eta(0.95), done: false, error: null });
      deps.runs.complete(runId, Date.now(), performance.now() - started, included.length, summaries);
      const changed = summaries.filter((s) => hasChanged(previous.get(s.id), s));
      latest = { runId, asOf: now, summaries };
      lastInputs = inputs;
      if (changed.length > 0) bus.emit('sectors.updated', { asOf: now, runId, sectors: changed });
      // Free the slot before announcing the end: a client that reacts to "done" by asking for a new run gets one.
      release();
      progress({ jobId, percent: 100, stage: 'done', etaMs: 0, done: true, error: null });
      log.info({ runId, trigger, members: included.length, ms: Math.round(performance.now() - started), changed: changed.length }, 'sector analysis done');
    } catch (error) {
      const cancelled = error instanceof CancelledError;
      const message = cancelled ? 'cancelled' : error instanceof Error ? error.message : String(error);
      deps.runs.fail(runId, Date.now(), cancelled ? 'cancelled' : 'failed', message);
      release();
      progress({ jobId, percent: 100, stage: cancelled ? 'cancelled' : 'failed', etaMs: null, done: true, error: message });
      if (!cancelled) log.error({ err: error, runId }, 'sector analysis failed');
    }
  }

  return {
    /** Loads the latest stored analysis into memory. */
    load(): void {
      const stored = deps.runs.latestDone();
      if (stored) latest = { runId: stored.run.id, asOf: stored.run.asOf, summaries: stored.summaries };
    },

    /** Starts an analysis unless one is running, in which case its id is returned. */
    analyze(trigger: string): { jobId: string; promise: Promise<void> } {
      if (job) return { jobId: job.id, promise: job.promise };
      const id = `analysis-${Date.now().toString(36)}-${++jobSeq}`;
      const current: Job = { id, cancelled: false, promise: Promise.resolve() };
      const release = (): void => {
        if (job === current) job = null;
      };
      current.promise = run(trigger, id, () => current.cancelled, release).finally(release);
      job = current;
      return { jobId: id, promise: current.promise };
    },

    cancel(jobId: string): boolean {
      if (!job || job.id !== jobId) return false;
      job.cancelled = true;
      return true;
    },

    /** Waits for the running job, if any (tests, shutdown). */
    async idle(): Promise<void> {
      await job?.promise;
    },

    grid(): SectorsGrid {
      const now = clock.now();
      return {
        asOf: latest?.asOf ?? null,
        runId: latest?.runId ?? null,
        freshness: freshnessOf(latest ? Math.max(0, now - latest.asOf) : null),
        sectors: latest?.summaries ?? [],
      };
    },

    summary(sector: SectorId): SectorSummary {
      const s = latest?.summaries.find((x) => x.id === sector);
      if (!s) throw new EngineError(RPC_ERROR.notFound, 'no analysis yet: run sectors.analyze first');
      return s;
    },

    /** The members of a sector with their inputs from the latest run (computed now when the run predates this start). */
    members(sector: SectorId): { input: MemberInput; member: UniverseMember }[] {
      const u = ensureUniverse(clock.now());
      let inputs = lastInputs.get(sector);
      if (!inputs) {
        const now = clock.now();
        const ctx: InputContext = { bars: deps.bars, now, sessionOpen: sessionOpenOf(now), catalysts: new Map() };
        const quotes = new Map(market.quotes().map((q) => [q.symbol, q]));
        inputs = u.members
          .filter((m) => m.included && m.sector === sector && quotes.has(m.symbol))
          .map((m) => memberInput(ctx, { symbol: m.symbol, name: m.name, float: m.float }, quotes.get(m.symbol)!, dailyHistory(ctx, m.symbol)));
      }
      return inputs.map((input) => ({ input, member: u.bySymbol.get(input.symbol)! }));
    },

    history: (sector: SectorId, from: number, to: number) => deps.runs.history(sector, from, to),

    universe(): UniverseState {
      return ensureUniverse(clock.now());
    },

    isMember(symbol: string): boolean {
      return universe?.bySymbol.get(symbol)?.included ?? false;
    },

    sectorOf(symbol: string): SectorId | null {
      return universe?.bySymbol.get(symbol)?.sector ?? null;
    },

    /** Sets or clears a manual classification; the universe is rebuilt with it. */
    override(inst: Instrument, sector: SectorId | null): { sector: SectorId | null; override: boolean } {
      deps.universe.setOverride(inst.symbol, sector, clock.now());
      universe = null;
      const u = ensureUniverse(clock.now());
      return { sector: u.bySymbol.get(inst.symbol)?.sector ?? null, override: sector !== null };
    },

    /** Deletes analyses older than the retention window. */
    compact(): number {
      const removed = deps.runs.compact(clock.now() - RETENTION_MS);
      if (removed > 0) log.info({ removed }, 'old sector analyses compacted');
      return removed;
    },

    latestAsOf: (): number | null => latest?.asOf ?? null,
  };
}

export type SectorService = ReturnType<typeof createSectorService>;

class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

/** A summary changed when its score, colour or either top-3 list differs from the previous run. */
export function hasChanged(prev: SectorSummary | undefined, next: SectorSummary): boolean {
  if (!prev) return true;
  const names = (l: readonly { symbol: string }[]): string => l.map((x) => x.symbol).join(',');
  return (
    prev.colour !== next.colour ||
    Math.abs(prev.score - next.score) >= 0.005 ||
    names(prev.topBullish) !== names(next.topBullish) ||
    names(prev.topBearish) !== names(next.topBearish)
  );
}
