/**
 * The read-only market view segments see (SegmentMarketView) over the engine's market service, the daily bars in
 * SQLite, the simulator's corporate-event calendars (earnings, FDA decision dates, trial readouts) and the
 * simulated commodities, all at the engine clock's time. It holds no broker and writes nothing.
 *
 * Fast enough for the rules bench (both segments, several hundred members, ≤ 500 ms): daily bars, events and
 * commodity closes are cached per completed session (the cache empties when the clock reaches a new one), so a
 * run reads each symbol's bars once and later runs of the day read none.
 *
 * Events carry a `detail` sentence (e.g. "PDUFA date: FDA decision on ABC-123 for …", "Phase 2 topline readout:
 * …") beyond CorporateEvent's fields: read it with `eventDetailOf`.
 */
import type { Bar, Instrument, Quote } from '../../../shared/contract/schemas';
import type { Clock } from '../clock';
import type { BarsRepo } from '../db/repositories/bars-repo';
import { previousTradingDay, sessionFor, sessionPhaseAt } from '../market/calendar';
import type { MarketService } from '../market/market-service';
import { createCommoditySimulator, type CommoditySimulator } from '../market/simulator/commodities';
import { clinicalMilestones, corporateEvents, eventDetail } from '../market/simulator/earnings';
import { createMarketSimulator, type MarketSimulator } from '../market/simulator';
import type { CorporateEvent } from '../trading/guardrails/types';
import type { CommodityQuote, MemberSnapshot, NewsItem, SegmentMarketView } from './types';

export interface SegmentMarketViewDeps {
  market: Pick<MarketService, 'instruments' | 'quote' | 'avgVolume'>;
  bars: Pick<BarsRepo, 'lastDaily'>;
  seed: number;
  clock: Pick<Clock, 'now'>;
  news: (symbol: string, since: number, limit: number) => NewsItem[];
  /**
   * The engine's simulator (the adapter's), whose industries drive the commodities; without it the view builds its
   * own from the seed on first use (the same market, ~70 ms and some memory more).
   */
  simulator?: Pick<MarketSimulator, 'instruments' | 'dailyBars'> | undefined;
}

/** A calendar event with its description. */
export type DetailedEvent = CorporateEvent & { detail?: string };

/** The description the view attached to an event, or null. */
export function eventDetailOf(event: CorporateEvent): string | null {
  return (event as DetailedEvent).detail ?? null;
}

/** The session whose regular close is at or before t (the latest "closed session"). */
export function lastClosedSession(t: number): string {
  const ph = sessionPhaseAt(t);
  const today = sessionFor(ph.date);
  if (today && t >= today.close) return today.date;
  return previousTradingDay(ph.date);
}

/** Fewest bars read per symbol, so the shorter look-backs of a run (ATR, momentum) share one query. */
const MIN_BARS_READ = 60;

export function createSegmentMarketView(deps: SegmentMarketViewDeps): SegmentMarketView {
  const { market, bars, seed, clock } = deps;
  let commoditySim: CommoditySimulator | null = null;
  let instrumentsRef: readonly Instrument[] | null = null;
  let bySymbol = new Map<string, Instrument>();
  let session = '';
  let barCache = new Map<string, { asked: number; bars: Bar[] }>();
  let eventCache = new Map<string, DetailedEvent[]>();

  function commodities(): CommoditySimulator {
    commoditySim ??= createCommoditySimulator({ seed, simulator: deps.simulator ?? createMarketSimulator({ seed }) });
    return commoditySim;
  }

  function instrumentsIndex(): Map<string, Instrument> {
    const list = market.instruments();
    if (list !== instrumentsRef) {
      instrumentsRef = list;
      bySymbol = new Map(list.map((i) => [i.symbol, i]));
    }
    return bySymbol;
  }

  /** The latest closed session now; a new one empties the per-session caches. */
  function closedSession(): string {
    const s = lastClosedSession(clock.now());
    if (s !== session) {
      session = s;
      barCache = new Map();
      eventCache = new Map();
    }
    return s;
  }

  function eventsOf(symbol: string, from: string, to: string): DetailedEvent[] {
    const key = `${symbol}|${from}|${to}`;
    const hit = eventCache.get(key);
    if (hit) return hit;
    const inst = instrumentsIndex().get(symbol);
    const list: DetailedEvent[] = inst
      ? [...corporateEvents(seed, [inst], from, to), ...clinicalMilestones(seed, [inst], from, to)].map((e) => ({ ...e, detail: eventDetail(seed, e).detail }))
      : [];
    eventCache.set(key, list);
    return list;
  }

  return {
    instruments: () => market.instruments(),
    quote(symbol) {
      try {
        return market.quote(symbol);
      } catch {
        return null;
      }
    },
    dailyBars(symbol, n) {
      if (n <= 0) return [];
      const date = closedSession();
      let cached = barCache.get(symbol);
      if (!cached || cached.asked < n) {
        // Ask for a little more than needed, so a later, longer look-back of the same run is served from memory.
        const asked = Math.max(n, MIN_BARS_READ);
        cached = { asked, bars: bars.lastDaily(symbol, sessionFor(date)!.open + 1, asked) };
        barCache.set(symbol, cached);
      }
      return cached.bars.slice(-n);
    },
    avgVolume: (symbol) => market.avgVolume(symbol),
    events(symbols, fromDate, toDate) {
      closedSession();
      const out: DetailedEvent[] = [];
      for (const s of symbols) out.push(...eventsOf(s, fromDate, toDate));
      out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
      return out;
    },
    news: (symbol, since, limit) => deps.news(symbol, since, limit),
    commodities: (): CommodityQuote[] => commodities().quotes(clock.now()),
    commodityHistory: (id, n) => commodities().history(id, clock.now(), n),
  };
}

/** ATR(n), Wilder (NUMBERS.md): true range from the second bar, seeded with the SMA of the first n true ranges; null with fewer than n + 1 bars. */
export function wilderAtr(bars: readonly Bar[], n = 14): number | null {
  if (bars.length < n + 1) return null;
  let atr = 0;
  for (let i = 1; i <= n; i++) atr += trueRange(bars[i]!, bars[i - 1]!.c);
  atr /= n;
  for (let i = n + 1; i < bars.length; i++) atr = (atr * (n - 1) + trueRange(bars[i]!, bars[i - 1]!.c)) / n;
  return atr;
}

function trueRange(b: Bar, prevClose: number): number {
  return Math.max(b.h - b.l, Math.abs(b.h - prevClose), Math.abs(b.l - prevClose));
}

/** A member as a segment sees it: the quote's last (or the last close without a quote), ATR(14) and ADV. */
export function memberSnapshot(
  instrument: Instrument,
  quote: Quote | null,
  daily: readonly Bar[],
  avgVolume: number | null,
  note: string | null,
): MemberSnapshot | null {
  const last = quote?.last ?? daily[daily.length - 1]?.c ?? null;
  if (last === null || !(last > 0)) return null;
  return {
    symbol: instrument.symbol,
    name: instrument.name,
    industry: instrument.industry,
    last,
    changePct: quote ? quote.changePct : null,
    atr: wilderAtr(daily, 14),
    avgVolume,
    note,
  };
}
