/**
 * The market service: owns the market-data adapter, keeps the symbol master and daily history in SQLite, runs
 * the live loop (quotes every tick, 5-minute bars as they close, daily bars as sessions complete) and answers
 * the market.* queries. Everything it stores goes through the one ingest path.
 */
import type { Bar, Instrument, Quote, Timeframe, UniverseItem } from '../../../shared/contract';
import { EngineError, RPC_ERROR } from '../../../shared/contract';
import type { Clock } from '../clock';
import type { BarsRepo, InstrumentsRepo, QuotesRepo, SettingsRepo } from '../db/repositories';
import type { EventBus } from '../events/bus';
import type { Logger } from '../log';
import { aggregateBars, averageVolume, THIRTY_MINUTES } from './bars-math';
import { addTradingDays, nyDate, previousTradingDay, sessionFor, sessionPhaseAt, tradingDaysBetween } from './calendar';
import { ingestDailyHistory, type HistoryProgress } from './history';
import { FIVE_MINUTES, type Ingestor, type SymbolBars } from './ingest';
import type { MarketDataAdapter } from './ports';

/** Sessions of daily history kept ready at start (two years). */
export const HISTORY_SESSIONS = 504;
/** Sessions of 5-minute bars served by default. */
export const INTRADAY_SESSIONS = 10;

export interface MarketServiceDeps {
  adapter: MarketDataAdapter;
  clock: Clock;
  bus: EventBus;
  log: Logger;
  ingest: Ingestor;
  instrumentsRepo: InstrumentsRepo;
  barsRepo: BarsRepo;
  quotesRepo: QuotesRepo;
  settings: SettingsRepo;
  /** Identity of the data set (e.g. the simulator's seed); a change wipes this source's stored data. */
  datasetKey: string;
  /** Wall-clock interval of the live loop. */
  tickMs?: number;
  /**
   * Runs a daily-history build elsewhere (the history worker); in-process when absent. Used for large cold
   * builds only; catch-ups of a few sessions always run in-process.
   */
  runHistory?(job: { from: string; to: string; onProgress?: ((p: HistoryProgress) => void) | undefined }): Promise<void>;
  onTickError?(error: unknown): void;
  onQuoteBatch?(size: number): void;
}

export type { HistoryProgress };

export interface MarketService {
  start(onProgress?: (p: HistoryProgress) => void): Promise<void>;
  stop(): void;
  /** Runs one step of the live loop now (tests, and after a clock jump). */
  tick(): Promise<void>;
  instruments(): readonly Instrument[];
  universe(q: { offset: number; limit: number; sector?: string | undefined; search?: string | undefined }): { total: number; items: UniverseItem[] };
  search(query: string, limit: number): Instrument[];
  quote(symbol: string): Quote;
  quotes(symbols?: readonly string[]): Quote[];
  /** Average daily volume over the last 20 sessions (shares), or null when unknown. */
  avgVolume(symbol: string): number | null;
  bars(q: { symbol: string; timeframe: Timeframe; from?: number | undefined; to?: number | undefined; limit?: number | undefined }): Promise<Bar[]>;
  readonly sourceName: string;
  /** Time of the newest quote, or null before the first. */
  asOf(): number | null;
  /** Wall time of the last successful tick, for health. */
  lastTickWall(): number | null;
}

interface HistoryMark {
  dataset: string;
  through: string;
}

export function createMarketService(deps: MarketServiceDeps): MarketService {
  const { adapter, clock, bus, log, ingest, barsRepo } = deps;
  const source = adapter.name;
  let instruments: Instrument[] = [];
  let bySymbol = new Map<string, Instrument>();
  const quotes = new Map<string, Quote>();
  const avgVolume = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  let ticking = false;
  let lastTickWall: number | null = null;
  let lastPersistWall = 0;
  let asOf: number | null = null;
  /** The session whose 5-minute bars the live loop keeps current, and how far. */
  let live: { date: string; through: number } | null = null;
  let historyThrough: string | null = null;

  function requireSymbol(symbol: string): Instrument {
    const inst = bySymbol.get(symbol);
    if (!inst) throw new EngineError(RPC_ERROR.notFound, `unknown symbol ${symbol}`);
    return inst;
  }

  function currentSessionDate(t: number): string {
    return sessionPhaseAt(t).date;
  }

  /** The last session that has fully completed (its regular close passed) at t. */
  function lastCompletedSession(t: number): string {
    const today = sessionFor(nyDate(t));
    if (today && t >= today.close) return today.date;
    return previousTradingDay(currentSessionDate(t));
  }

  async function ingestDaily(from: string, to: string, onProgress?: (p: HistoryProgress) => void, elsewhere = false): Promise<void> {
    if (from > to) return;
    let done = false;
    if (elsewhere && deps.runHistory) {
      try {
        await deps.runHistory({ from, to, onProgress });
        done = true;
      } catch (error) {
        log.warn({ err: error }, 'history worker failed; building daily history in-process');
      }
    }
    if (!done) await ingestDailyHistory({ adapter, ingest, symbols: instruments.map((i) => i.symbol), from, to, log, onProgress });
    deps.settings.set('market.history', { dataset: deps.datasetKey, through: to } satisfies HistoryMark, clock.now());
    historyThrough = to;
  }

  function refreshAverages(): void {
    const before = sessionFor(currentSessionDate(clock.now()))?.open ?? clock.now();
    for (const inst of instruments) avgVolume.set(inst.symbol, averageVolume(barsRepo.lastDaily(inst.symbol, before, 20), 20));
  }

  /** Ingests the closed 5-minute bars of the live session that are not stored yet. */
  async function ingestLiveIntraday(t: number): Promise<void> {
    const date = currentSessionDate(t);
    const session = sessionFor(date);
    if (!session || t < session.preOpen) return;
    const through = Math.min(session.postClose, session.preOpen + Math.floor((t - session.preOpen) / FIVE_MINUTES) * FIVE_MINUTES);
    if (live && live.date === date && live.through >= through) return;
    const since = live && live.date === date ? live.through : session.preOpen;
    const batch: SymbolBars[] = [];
    const newest: (Bar & { symbol: string })[] = [];
    for (const inst of instruments) {
      // `from` is a hint an adapter may ignore; the filter keeps the contract either way.
      const bars = (await adapter.intradayBars(inst.symbol, date, through, since)).filter((b) => b.t >= since);
      batch.push({ symbol: inst.symbol, bars });
      const last = bars[bars.length - 1];
      if (last) newest.push({ symbol: inst.symbol, ...last });
    }
    const report = ingest.bars('intraday', batch, source, { record: false });
    if (report.rejected > 0) log.warn({ rejects: report.rejects.slice(0, 5), rejected: report.rejected }, 'live 5m bars rejected');
    barsRepo.setCoverageMany(
      instruments.map((i) => i.symbol),
      date,
      through,
      through >= session.postClose,
    );
    live = { date, through };
    if (newest.length > 0) bus.emit('bars.updated', { timeframe: '5m', source, bars: newest });
  }

  async function catchUpSessions(t: number): Promise<void> {
    const completed = lastCompletedSession(t);
    if (historyThrough !== null && completed > historyThrough) {
      await ingestDaily(addTradingDays(historyThrough, 1), completed);
      refreshAverages();
    }
  }

  async function tick(): Promise<void> {
    if (ticking) return;
    ticking = true;
    try {
      const t = clock.now();
      await catchUpSessions(t);
      if (adapter.pollQuotes) applyQuotes(adapter.pollQuotes(t));
      await ingestLiveIntraday(t);
      lastTickWall = Date.now();
      if (lastTickWall - lastPersistWall > 10_000) persistQuotes();
    } finally {
      ticking = false;
    }
  }

  function applyQuotes(batch: readonly Quote[]): void {
    const changed: Quote[] = [];
    // asOf is the newest trade in this poll, not a running maximum: after a backward clock jump it moves back too.
    let newest: number | null = null;
    for (const q of batch) {
      if (newest === null || q.t > newest) newest = q.t;
      const prev = quotes.get(q.symbol);
      if (!prev || prev.last !== q.last || prev.volume !== q.volume || prev.bid !== q.bid || prev.ask !== q.ask || prev.t !== q.t) {
        quotes.set(q.symbol, q);
        changed.push(q);
      }
    }
    if (newest !== null) asOf = newest;
    if (changed.length > 0) {
      deps.onQuoteBatch?.(changed.length);
      bus.emit('quotes.updated', { source, asOf: asOf ?? clock.now(), quotes: changed });
    }
  }

  function persistQuotes(): void {
    lastPersistWall = Date.now();
    if (quotes.size > 0) deps.quotesRepo.upsertMany([...quotes.values()], source);
  }

  /** Makes sure the 5-minute bars of one symbol's session are stored up to `until`. */
  async function ensureIntraday(symbol: string, date: string, now: number): Promise<void> {
    const session = sessionFor(date);
    if (!session || now < session.preOpen) return;
    const until = Math.min(now, session.postClose);
    const cov = barsRepo.coverage(symbol, date);
    if (cov && (cov.complete || cov.through >= until - FIVE_MINUTES)) return;
    const bars = await adapter.intradayBars(symbol, date, until);
    ingest.bars('intraday', [{ symbol, bars }], source);
    barsRepo.setCoverage(symbol, date, until, until >= session.postClose);
  }

  return {
    sourceName: source,
    async start(onProgress) {
      await adapter.connect();
      const mark = deps.settings.get<HistoryMark>('market.history');
      if (mark && mark.dataset !== deps.datasetKey) {
        log.warn({ was: mark.dataset, now: deps.datasetKey }, 'market data set changed: replacing stored data of this source');
        barsRepo.deleteBySource(source);
      }
      const report = ingest.instruments(await adapter.instruments(), source);
      if (report.rejected > 0) log.warn({ rejects: report.rejects.slice(0, 5) }, 'instruments rejected');
      instruments = deps.instrumentsRepo.all();
      bySymbol = new Map(instruments.map((i) => [i.symbol, i]));
      for (const q of deps.quotesRepo.all()) if (bySymbol.has(q.symbol)) quotes.set(q.symbol, q);

      const now = clock.now();
      const through = lastCompletedSession(now);
      const from = addTradingDays(currentSessionDate(now), -HISTORY_SESSIONS);
      const fresh = !mark || mark.dataset !== deps.datasetKey || mark.through < from;
      historyThrough = fresh ? null : mark!.through;
      if (fresh) await ingestDaily(from, through, onProgress, true);
      else if (mark!.through < through) await ingestDaily(addTradingDays(mark!.through, 1), through, onProgress, true);
      else historyThrough = mark!.through;
      refreshAverages();
      await tick();
      timer = setInterval(() => {
        tick().catch((error: unknown) => deps.onTickError?.(error));
      }, deps.tickMs ?? 500);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      try {
        persistQuotes();
      } catch (error) {
        log.warn({ err: error }, 'could not persist quotes at stop');
      }
      void adapter.disconnect();
    },
    tick,
    instruments: () => instruments,
    universe({ offset, limit, sector, search }) {
      const needle = search?.toUpperCase();
      const rows = instruments.filter(
        (i) =>
          (!sector || i.sector === sector) &&
          (!needle || i.symbol.startsWith(needle) || i.name.toUpperCase().includes(needle)),
      );
      return {
        total: rows.length,
        items: rows.slice(offset, offset + limit).map((i) => ({
          symbol: i.symbol,
          name: i.name,
          sector: i.sector,
          industry: i.industry,
          exchange: i.exchange,
          kind: i.kind,
          marketCap: i.marketCap,
          float: i.float,
          price: quotes.get(i.symbol)?.last ?? 0,
          avgVolume20: Math.round(avgVolume.get(i.symbol) ?? 0),
        })),
      };
    },
    search(query, limit) {
      const q = query.toUpperCase();
      const exact = bySymbol.get(q);
      const bySym = instruments.filter((i) => i !== exact && i.symbol.startsWith(q));
      const byName = instruments.filter(
        (i) => i !== exact && !i.symbol.startsWith(q) && i.name.toUpperCase().split(/\s+/).some((w) => w.startsWith(q)),
      );
      return [...(exact ? [exact] : []), ...bySym, ...byName].slice(0, limit);
    },
    quote(symbol) {
      requireSymbol(symbol);
      const q = quotes.get(symbol);
      if (!q) throw new EngineError(RPC_ERROR.notFound, `no quote yet for ${symbol}`);
      return q;
    },
    avgVolume(symbol) {
      const v = avgVolume.get(symbol);
      return v === undefined || v <= 0 ? null : v;
    },
    quotes(symbols) {
      if (!symbols) return [...quotes.values()];
      for (const s of symbols) requireSymbol(s);
      return symbols.map((s) => quotes.get(s)).filter((q): q is Quote => q !== undefined);
    },
    async bars({ symbol, timeframe, from, to, limit }) {
      requireSymbol(symbol);
      const now = clock.now();
      const end = Math.min(to ?? now, now);
      if (timeframe === '1d') {
        const start = from ?? (sessionFor(addTradingDays(currentSessionDate(now), -HISTORY_SESSIONS))?.open ?? 0);
        const stored = barsRepo.range('daily', symbol, start, end, limit);
        const today = sessionFor(nyDate(now));
        const last = stored[stored.length - 1];
        if (today && now >= today.preOpen && today.open >= start && today.open <= Math.max(end, today.open) && (!last || last.t < today.open)) {
          const partial = await partialDaily(symbol, today.date, now);
          if (partial) stored.push(partial);
          if (limit !== undefined && stored.length > limit) stored.shift();
        }
        return stored;
      }
      const firstDate = from !== undefined ? nyDate(from) : addTradingDays(currentSessionDate(now), -(INTRADAY_SESSIONS - 1));
      const lastDate = nyDate(end);
      for (const date of tradingDaysBetween(firstDate, lastDate)) await ensureIntraday(symbol, date, now);
      const start = from ?? sessionFor(firstDate)?.preOpen ?? 0;
      // Only bars that have closed by now are served; the forming bar is built by the client from quotes.
      const five = barsRepo.range('intraday', symbol, start, Math.min(end, now - FIVE_MINUTES));
      const bars = timeframe === '5m' ? five : aggregateBars(five, THIRTY_MINUTES, (t) => sessionFor(nyDate(t))?.preOpen ?? t);
      return limit !== undefined && bars.length > limit ? bars.slice(bars.length - limit) : bars;
    },
    asOf: () => asOf,
    lastTickWall: () => lastTickWall,
  };

  /** Today's daily bar as it stands: regular-session open/high/low, the last price, the whole day's volume. */
  async function partialDaily(symbol: string, date: string, now: number): Promise<Bar | null> {
    const session = sessionFor(date);
    if (!session || now < session.open + FIVE_MINUTES) return null;
    // Built from the session's closed 5-minute bars, the same data the intraday charts show.
    await ensureIntraday(symbol, date, now);
    const five = barsRepo.range('intraday', symbol, session.preOpen, now - FIVE_MINUTES);
    const regular = five.filter((b) => b.t >= session.open && b.t < session.close);
    if (regular.length === 0) return null;
    const bar: Bar = {
      t: session.open,
      o: regular[0]!.o,
      h: Math.max(...regular.map((b) => b.h)),
      l: Math.min(...regular.map((b) => b.l)),
      c: regular[regular.length - 1]!.c,
      v: five.reduce((sum, b) => sum + b.v, 0),
    };
    const q = quotes.get(symbol);
    if (q && now < session.close && q.t >= session.open) {
      bar.c = q.last;
      bar.h = Math.max(bar.h, q.last);
      bar.l = Math.min(bar.l, q.last);
    }
    return bar;
  }
}
