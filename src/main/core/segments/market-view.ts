/**
 * The read-only market view segments see (SegmentMarketView) over the engine's market service, the daily bars in
 * SQLite, the simulator's corporate-event calendars (earnings, FDA decision dates, trial readouts) and the
 * simulated commodities, all at the engine clock's time. It holds no broker and writes nothing.
 *
 * Fast enough for the rules bench (both segments, several hundred members, ≤ 500 ms): daily bars, events and
 * commodity closes are cached per completed session (the cache empties when the clock reaches a new one), so a
 * run reads each symbol's bars once and later runs of the day read none — unless the read did not reach the
 * closed session yet (its bar still being ingested), which is read again next time.
 *
 * Events carry a `detail` sentence (e.g. "PDUFA date: FDA decision on ABC123 for …", "Phase 2 topline readout:
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
  let barCache = new Map<string, { asked: number; bars: Bar[]; complete: boolean }>();
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
      const open = sessionFor(date)!.open;
      let cached = barCache.get(symbol);
      // A cached read that does not reach the closed session (its bar not ingested yet) is read again.
      if (!cached || cached.asked < n || !cached.complete) {
        // Ask for a little more than needed, so a later, longer look-back of the same run is served from memory.
        const asked = Math.max(n, MIN_BARS_READ);
        const rows = bars.lastDaily(symbol, open + 1, asked);
        cached = { asked, bars: rows, complete: rows.length > 0 && rows[rows.length - 1]!.t === open };
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

// ── Helpers the segments share over the view's data (pure) ───────────────────────────────────────────────────────

/** A price to its tick (NUMBERS.md): cents at or above $1, four decimals below. */
export function tickRound(p: number): number {
  const f = p >= 1 ? 100 : 10_000;
  return Math.round(p * f) / f;
}

/** Simple moving average of the last `n` closes, or null with fewer. */
export function smaClose(bars: readonly Bar[], n: number): number | null {
  if (bars.length < n || n <= 0) return null;
  let s = 0;
  for (let i = bars.length - n; i < bars.length; i++) s += bars[i]!.c;
  return s / n;
}

/** Return over the last `n` sessions ending at `last` (last / close n sessions before − 1), or null. */
export function momentum(closes: readonly number[], n: number, last: number = closes[closes.length - 1] ?? Number.NaN): number | null {
  const i = closes.length - 1 - n;
  if (i < 0 || !(closes[i]! > 0) || !Number.isFinite(last)) return null;
  return last / closes[i]! - 1;
}

/** Simple daily returns of a close series. */
export function dailyReturns(closes: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < closes.length; i++) out.push(closes[i - 1]! > 0 ? closes[i]! / closes[i - 1]! - 1 : 0);
  return out;
}

/** Beta = cov(r, b) / var(b) over the common tail (NUMBERS.md); null with fewer than 20 pairs or a flat b. */
export function betaOf(r: readonly number[], b: readonly number[]): number | null {
  const n = Math.min(r.length, b.length);
  if (n < 20) return null;
  const x = r.slice(-n);
  const y = b.slice(-n);
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let cov = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (x[i]! - mx) * (y[i]! - my);
    vb += (y[i]! - my) ** 2;
  }
  return vb > 0 ? cov / vb : null;
}

/** Calendar days from session date `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `date` plus `n` calendar days. */
export function addCalendarDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Fills `{placeholders}` of a prompt template. Unknown placeholders stay as written; values the template does not
 * mention are appended under their key, so an edited template can never drop the data.
 */
export function fillTemplate(template: string, values: Record<string, string>, appendMissing: readonly string[] = []): string {
  const used = new Set<string>();
  const text = template.replace(/\{([a-z_][a-z0-9_]*)\}/g, (m, key: string) => {
    if (!(key in values)) return m;
    used.add(key);
    return values[key]!;
  });
  const extra = appendMissing.filter((k) => !used.has(k) && k in values).map((k) => `\n\n${k.replace(/_/g, ' ')}:\n${values[k]}`);
  return text + extra.join('');
}

/** The common part of a segment's risk model: exposure, utilisation, the largest position and the drawdown limit. */
export function sleeveRisk(
  book: { capital: number; equity: number; positions: readonly { symbol: string; marketValue: number }[] },
  maxDrawdown: number,
): { capital: number; exposure: number; utilisation: number; largestPosition: { symbol: string; weight: number } | null; drawdown: number; maxDrawdown: number; buysPaused: boolean } {
  const capital = book.capital;
  const exposure = book.positions.reduce((s, p) => s + Math.abs(p.marketValue), 0);
  let largest: { symbol: string; weight: number } | null = null;
  for (const p of book.positions) {
    const weight = capital > 0 ? Math.abs(p.marketValue) / capital : 0;
    if (!largest || weight > largest.weight) largest = { symbol: p.symbol, weight };
  }
  // Drawdown from the sleeve's starting capital (the daily snapshots hold the running peak; a run sees the book).
  const drawdown = capital > 0 ? Math.min(0, book.equity / capital - 1) : 0;
  return {
    capital,
    exposure,
    utilisation: capital > 0 ? exposure / capital : 0,
    largestPosition: largest,
    drawdown,
    maxDrawdown,
    buysPaused: -drawdown > maxDrawdown,
  };
}

/** Herfindahl index of position weights within the sleeve's exposure (1 = one name, 1/n = n equal names); null with none. */
export function concentration(positions: readonly { marketValue: number }[]): number | null {
  const total = positions.reduce((s, p) => s + Math.abs(p.marketValue), 0);
  if (!(total > 0)) return null;
  return positions.reduce((s, p) => s + (Math.abs(p.marketValue) / total) ** 2, 0);
}
