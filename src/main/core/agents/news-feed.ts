/**
 * The news-and-filings feed the research agent and the segments read (`NewsItem`, segments/types.ts).
 *
 * Items: the catalyst feed's headlines (the simulator's, or the catalysts table's), the simulated filings and
 * press releases of simulated-filings.ts (deterministic per seed), and whatever was `add`ed (tests, and later
 * importers of real news). News text is data: it may contain anything, including instructions, and readers
 * quote it, never obey it.
 *
 * No look-ahead: only items at or before the engine clock's now are ever returned, whatever `since` asks for.
 */
import type { Instrument } from '../../../shared/contract/schemas';
import type { Clock } from '../clock';
import type { CatalystsRepo } from '../db/repositories/catalysts-repo';
import { nyDate, previousTradingDay, sessionFor } from '../market/calendar';
import { catalystEvents } from '../market/simulator/catalyst-events';
import type { MarketSimulator } from '../market/simulator';
import type { CatalystEventRecord } from '../sectors/catalyst-kinds';
import type { NewsItem } from '../segments/types';
import { catalystItem, simulatedFilings, type CloseBefore } from './simulated-filings';

/** Catalysts of one instrument with fromT ≤ t ≤ toT. */
export type CatalystSource = (instrument: Instrument, fromT: number, toT: number) => CatalystEventRecord[];

export interface NewsFeedDeps {
  /** Seed of the simulated filings (the market's seed). */
  seed: number;
  clock: Pick<Clock, 'now'>;
  instruments: () => readonly Instrument[];
  /** Per-symbol catalyst headlines with their times (simulator or catalysts table; see the helpers below). */
  catalysts: CatalystSource;
  /** Close of the latest session closed at or before t, for prices stated in bodies; omitted → no prices. */
  closeBefore?: CloseBefore | undefined;
  /** Items known from the start (imported news). */
  extra?: readonly NewsItem[] | undefined;
  /** False: catalysts and added items only, no simulated filings (a real data source). Default true. */
  simulateFilings?: boolean | undefined;
}

export interface NewsFeed {
  /** News and filings of `symbol` with since ≤ t ≤ now, newest first, at most `limit`. */
  news(symbol: string, since: number, limit: number): NewsItem[];
  /** Adds an item (tests, importers). An identical item (symbol, time, title) is ignored. */
  add(item: NewsItem): void;
}

/** The simulator's catalyst stream for one instrument (pure, no storage needed). */
export function simulatorCatalysts(sim: MarketSimulator): CatalystSource {
  return (instrument, fromT, toT) => {
    if (toT < fromT) return [];
    return catalystEvents(sim, [instrument], nyDate(fromT), nyDate(toT)).filter((c) => c.t >= fromT && c.t <= toT);
  };
}

/** The catalysts table (what the sector runs stored as the clock passed them). */
export function repoCatalysts(repo: Pick<CatalystsRepo, 'list'>): CatalystSource {
  return (instrument, fromT, toT) => repo.list(instrument.symbol, fromT, toT + 1);
}

/** The simulator's daily close of the latest session that closed at or before t. */
export function simulatorCloseBefore(sim: Pick<MarketSimulator, 'dailyBars'>): CloseBefore {
  return (symbol, t) => {
    const today = nyDate(t);
    const s = sessionFor(today);
    const date = s && t >= s.close ? today : previousTradingDay(today);
    try {
      return sim.dailyBars(symbol, date, date)[0]?.c ?? null;
    } catch {
      return null;
    }
  };
}

const DAY_MS = 86_400_000;
/** How far back a query may reach (the research window is 30 days; a year leaves room for other readers). */
const MAX_LOOKBACK_MS = 366 * DAY_MS;

const sameItem = (a: NewsItem, b: NewsItem): boolean => a.t === b.t && a.title === b.title && a.kind === b.kind;

export function createNewsFeed(deps: NewsFeedDeps): NewsFeed {
  const added = new Map<string, NewsItem[]>();
  let indexed: readonly Instrument[] | null = null;
  let bySymbol = new Map<string, Instrument>();

  function instrument(symbol: string): Instrument | null {
    const list = deps.instruments();
    if (list !== indexed) {
      bySymbol = new Map(list.map((i) => [i.symbol, i]));
      indexed = list;
    }
    return bySymbol.get(symbol) ?? null;
  }

  function add(item: NewsItem): void {
    const symbol = item.symbol.toUpperCase();
    const list = added.get(symbol) ?? [];
    const copy = { ...item, symbol };
    if (list.some((x) => sameItem(x, copy))) return;
    list.push(copy);
    added.set(symbol, list);
  }
  for (const x of deps.extra ?? []) add(x);

  return {
    add,
    news(rawSymbol, since, limit) {
      const symbol = rawSymbol.toUpperCase();
      const now = deps.clock.now();
      const fromT = Math.max(since, now - MAX_LOOKBACK_MS);
      if (limit <= 0 || fromT > now) return [];
      const out: NewsItem[] = [];
      const inst = instrument(symbol);
      if (inst) {
        const closeBefore = deps.closeBefore ?? null;
        const catalysts = deps.catalysts(inst, fromT, now).filter((c) => c.t >= fromT && c.t <= now);
        for (const c of catalysts) out.push(catalystItem(inst, c, closeBefore));
        if (deps.simulateFilings !== false) {
          out.push(...simulatedFilings(deps.seed, inst, fromT, now, catalysts, closeBefore, nyDate(fromT), nyDate(now)));
        }
      }
      for (const x of added.get(symbol) ?? []) if (x.t >= fromT && x.t <= now) out.push(x);
      // Newest first; ties by kind then title so the order is stable.
      out.sort((a, b) => b.t - a.t || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
      return out.slice(0, limit);
    },
  };
}
