/**
 * The embedded market simulator: a deterministic, seeded market of ~2,500 fictional US small caps plus the
 * benchmark and the sector ETFs. Pure and synchronous — no I/O, no timers, no wall clock: every number is a
 * function of (seed, symbol, instant), so every machine and every test sees the same market.
 *
 * Layers: universe (who trades) → factors (regimes, market and sector factors) → daily (bars and catalysts per
 * symbol-year) → intraday (minute paths constrained to the daily bar) → this facade (bars, quotes, caches).
 */
import type { Bar, Instrument, Quote } from '../../../../shared/contract/schemas';
import { isTradingDay, latestSessionStart, nyDate, sessionFor } from '../calendar';
import { DailyModel, type Catalyst, type DailyChunk } from './daily';
import { MarketFactors, REGIMES, type Regime } from './factors';
import { Arena } from './arena';
import { buildSessionPath, pathBytes, sessionLayout, type SessionLayout, type SessionPath } from './intraday';
import { Rng } from './random';
import { ceilToTick, floorToTick, fromUnits, round4, roundToTick, tickSize } from './ticks';
import { SIMULATOR_ORIGIN, Timeline } from './timeline';
import { buildUniverse, type SimInstrument } from './universe';

export { SIMULATOR_ORIGIN } from './timeline';
export { REGIMES, type Regime } from './factors';

/** Simulator options: the seed fixes the whole market. */
export interface SimulatorOptions {
  seed: number;
}

/** A catalyst as later work (news, event feeds) can show it. */
export interface CatalystEvent {
  symbol: string;
  /** Session date, YYYY-MM-DD. */
  date: string;
  /** Instant the jump prints, epoch ms. */
  t: number;
  part: 'premarket' | 'regular';
  /** Size of the jump as a percentage move, e.g. 48.5 or -32.1. */
  movePct: number;
}

/** The simulated market: symbol master, bars, quotes and regime/catalyst information, all pure functions of the seed. */
export interface MarketSimulator {
  readonly seed: number;
  /** All instruments: the fictional stocks, then IWM (sector null) and the eight sector ETFs (their sector). */
  instruments(): readonly Instrument[];
  /** Regular-session daily bars (t = the session's 09:30 open) for trading days from..to inclusive; v is the whole session's volume. */
  dailyBars(symbol: string, from: string, to: string): Bar[];
  /** 5-minute bars of the extended session of `date` that have closed by `until` (default: the whole session). */
  intradayBars(symbol: string, date: string, until?: number, from?: number): Bar[];
  /** Quote at instant t; outside a session, the last post-market trade of the latest session. */
  quote(symbol: string, t: number): Quote;
  /** Quotes of every instrument at t, in instruments() order. */
  quotes(t: number): Quote[];
  /** The daily bar of the session containing t as it stands at t, or null when t is outside any session. */
  partialDailyBar(symbol: string, t: number): Bar | null;
  /** The market regime on a date (the latest session on or before it). */
  regimeOn(date: string): Regime;
  /** Catalysts (news-like jumps) of one symbol on sessions from..to inclusive. */
  catalysts(symbol: string, from: string, to: string): CatalystEvent[];
}

/** Sessions whose paths are kept in memory (least recently used evicted first). */
const MAX_CACHED_SESSIONS = 3;
/** Cap on symbol paths kept across those sessions (~7 KB each), in multiples of the universe size. */
const MAX_PATHS_PER_SYMBOL = 1.25;
/** Year chunks of daily data kept in memory (~8 KB each). */
const MAX_CACHED_CHUNKS = 3000;
const FIVE_MIN = 300_000;

interface SymbolDay {
  readonly path: SessionPath;
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  readonly v: number;
  readonly prevClose: number;
}

interface SessionEntry {
  readonly day: number;
  readonly date: string;
  readonly open: number;
  readonly close: number;
  readonly postClose: number;
  readonly layout: SessionLayout;
  readonly symbols: (SymbolDay | undefined)[];
  readonly arena: Arena;
  built: number;
}

/** Where an instant falls: inside `entry`'s extended session, or after it (`ended`: the latest session before t). */
interface Locus {
  readonly entry: SessionEntry;
  readonly ended: boolean;
  readonly t: number;
}

class Simulator implements MarketSimulator {
  private readonly universe: SimInstrument[];
  private readonly list: readonly Instrument[];
  private readonly bySymbol = new Map<string, number>();
  private readonly timeline = new Timeline();
  private readonly factors: MarketFactors;
  private readonly daily: DailyModel;
  private readonly sessions = new Map<number, SessionEntry>();
  private builtPaths = 0;

  constructor(readonly seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`simulator seed must be a finite number, got ${seed}`);
    this.universe = buildUniverse(seed);
    this.list = Object.freeze(this.universe.map((s) => Object.freeze({ ...s.instrument })));
    this.universe.forEach((s, i) => this.bySymbol.set(s.instrument.symbol, i));
    this.factors = new MarketFactors(seed);
    this.daily = new DailyModel(seed, this.universe, this.timeline, this.factors, MAX_CACHED_CHUNKS);
  }

  instruments(): readonly Instrument[] {
    return this.list;
  }

  dailyBars(symbol: string, from: string, to: string): Bar[] {
    const i = this.indexOf(symbol);
    checkDates(from, to);
    const a = this.timeline.firstOnOrAfter(from);
    const b = this.timeline.lastOnOrBefore(to);
    const out: Bar[] = [];
    if (b < a) return out;
    for (let year = this.timeline.yearOf(a); year <= this.timeline.yearOf(b); year++) {
      const { first, n } = this.timeline.yearRange(year);
      const lo = Math.max(a, first);
      const hi = Math.min(b, first + n - 1);
      const ch = this.daily.chunk(i, year, lo - first, hi - first);
      for (let d = lo; d <= hi; d++) out.push(barOf(ch, d - first, this.timeline.openOf(d)));
    }
    return out;
  }

  intradayBars(symbol: string, date: string, until = Number.POSITIVE_INFINITY, from = Number.NEGATIVE_INFINITY): Bar[] {
    const i = this.indexOf(symbol);
    checkDates(date);
    const day = this.timeline.indexOf(date);
    if (day === undefined) return [];
    const entry = this.entry(day);
    const { path } = this.symbolDay(entry, i);
    const P = path.prices;
    const C = path.cumVolume;
    const start = entry.layout.preOpen;
    const out: Bar[] = [];
    // Only bars opening at or after `from`: the live loop asks for what closed since its last write.
    const first = from > start ? Math.ceil((from - start) / FIVE_MIN) : 0;
    for (let b = first; b < entry.layout.bars; b++) {
      const t = start + b * FIVE_MIN;
      if (t + FIVE_MIN > until) break;
      let h = P[5 * b]!;
      let l = h;
      for (let k = 5 * b + 1; k <= 5 * b + 5; k++) {
        const p = P[k]!;
        if (p > h) h = p;
        if (p < l) l = p;
      }
      out.push({ t, o: roundToTick(P[5 * b]!), h: roundToTick(h), l: roundToTick(l), c: roundToTick(P[5 * b + 5]!), v: C[b + 1]! - C[b]! });
    }
    return out;
  }

  quote(symbol: string, t: number): Quote {
    const i = this.indexOf(symbol);
    return this.quoteAt(i, this.locate(t));
  }

  quotes(t: number): Quote[] {
    const locus = this.locate(t);
    const out = new Array<Quote>(this.universe.length);
    for (let i = 0; i < this.universe.length; i++) out[i] = this.quoteAt(i, locus);
    return out;
  }

  partialDailyBar(symbol: string, t: number): Bar | null {
    const i = this.indexOf(symbol);
    const date = nyDate(t);
    const s = sessionFor(date);
    if (!s || t < s.preOpen || t >= s.postClose) return null;
    const day = this.timeline.indexOf(date);
    if (day === undefined) return null;
    const entry = this.entry(day);
    const sd = this.symbolDay(entry, i);
    const q = this.quoteAt(i, { entry, ended: false, t });
    const P = sd.path.prices;
    if (t >= s.close) return { t: s.open, o: sd.o, h: sd.h, l: sd.l, c: sd.c, v: q.volume };
    const L = entry.layout;
    const k = Math.min(L.minutes - 1, Math.floor((t - L.preOpen) / 60_000));
    const from = t < s.open ? 0 : L.kOpen;
    let h = q.last;
    let l = q.last;
    for (let j = from; j <= k; j++) {
      const p = P[j]!;
      if (p > h) h = p;
      if (p < l) l = p;
    }
    return { t: s.open, o: q.open, h: roundToTick(h), l: roundToTick(l), c: q.last, v: q.volume };
  }

  regimeOn(date: string): Regime {
    checkDates(date);
    const d = Math.max(0, this.timeline.lastOnOrBefore(date));
    return REGIMES[this.factors.regime(d)]!;
  }

  catalysts(symbol: string, from: string, to: string): CatalystEvent[] {
    const i = this.indexOf(symbol);
    checkDates(from, to);
    const a = this.timeline.firstOnOrAfter(from);
    const b = this.timeline.lastOnOrBefore(to);
    const out: CatalystEvent[] = [];
    if (b < a) return out;
    for (let year = this.timeline.yearOf(a); year <= this.timeline.yearOf(b); year++) {
      for (const c of this.daily.chunk(i, year).catalysts) {
        if (c.day >= a && c.day <= b) out.push(this.catalystEvent(symbol, c));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------

  private catalystEvent(symbol: string, c: Catalyst): CatalystEvent {
    const s = this.timeline.session(c.day);
    return { symbol, date: s.date, t: s.preOpen + c.minute * 60_000, part: c.part, movePct: round4((Math.exp(c.jump) - 1) * 100) };
  }

  private indexOf(symbol: string): number {
    const i = this.bySymbol.get(symbol) ?? (typeof symbol === 'string' ? this.bySymbol.get(symbol.toUpperCase()) : undefined);
    if (i === undefined) throw new Error(`unknown symbol: ${String(symbol)}`);
    return i;
  }

  /** The session containing t, or the latest one that ended before t. */
  private locate(t: number): Locus {
    if (!Number.isFinite(t)) throw new RangeError(`expected an epoch-ms instant, got ${t}`);
    const start = latestSessionStart(t);
    const date = nyDate(start);
    const day = this.timeline.indexOf(date);
    if (day === undefined) throw new RangeError(`no simulated data before ${SIMULATOR_ORIGIN} (asked for ${new Date(t).toISOString()})`);
    const entry = this.entry(day);
    return { entry, ended: t >= entry.postClose, t };
  }

  private entry(day: number): SessionEntry {
    const hit = this.sessions.get(day);
    if (hit) {
      this.sessions.delete(day);
      this.sessions.set(day, hit);
      return hit;
    }
    const s = this.timeline.session(day);
    const layout = sessionLayout(s);
    const entry: SessionEntry = {
      day,
      date: s.date,
      open: s.open,
      close: s.close,
      postClose: s.postClose,
      layout,
      arena: new Arena(pathBytes(layout)),
      symbols: new Array<SymbolDay | undefined>(this.universe.length).fill(undefined),
      built: 0,
    };
    this.sessions.set(day, entry);
    this.evict(entry);
    return entry;
  }

  /** Drops least recently used sessions (never `keep`) while over the session or path budget. */
  private evict(keep: SessionEntry): void {
    const maxPaths = MAX_PATHS_PER_SYMBOL * this.universe.length;
    for (const [day, e] of this.sessions) {
      if (this.sessions.size <= MAX_CACHED_SESSIONS && this.builtPaths <= maxPaths) break;
      if (e === keep) continue;
      this.sessions.delete(day);
      this.builtPaths -= e.built;
    }
  }

  private symbolDay(entry: SessionEntry, i: number): SymbolDay {
    const hit = entry.symbols[i];
    if (hit) return hit;
    const day = entry.day;
    const { first } = this.timeline.yearRange(this.timeline.yearOf(day));
    const j = day - first;
    const ch = this.daily.chunk(i, this.timeline.yearOf(day), j, j);
    const catalyst = ch.catalysts.find((c) => c.day === day) ?? null;
    const bar = barOf(ch, j, entry.open);
    const path = buildSessionPath(Rng.derive(this.seed, 'intraday', i, day), entry.layout, {
      ...bar,
      start: this.daily.postPrice(i, day - 1, fromUnits(ch.c[j]!)),
      end: this.daily.postPrice(i, day, bar.c),
      sigmaDay: this.daily.sigmaTotal(i, day),
      catalyst,
    }, entry.arena);
    const made: SymbolDay = { path, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v, prevClose: fromUnits(ch.c[j]!) };
    entry.symbols[i] = made;
    entry.built++;
    if (++this.builtPaths > MAX_PATHS_PER_SYMBOL * this.universe.length) this.evict(entry);
    return made;
  }

  private quoteAt(i: number, locus: Locus): Quote {
    const { entry, ended } = locus;
    const sd = this.symbolDay(entry, i);
    const L = entry.layout;
    const P = sd.path.prices;
    let last: number;
    let high: number;
    let low: number;
    let volume: number;
    let t: number;
    let outside: boolean;
    if (ended) {
      t = entry.postClose;
      last = roundToTick(P[L.minutes]!);
      high = sd.path.highPrefix[L.bars]!;
      low = sd.path.lowPrefix[L.bars]!;
      volume = sd.v;
      outside = true;
    } else {
      t = locus.t;
      const m = (t - L.preOpen) / 60_000;
      let k = Math.floor(m);
      let f = m - k;
      if (k >= L.minutes) {
        k = L.minutes - 1;
        f = 1;
      }
      const p0 = P[k]!;
      last = roundToTick(p0 + (P[k + 1]! - p0) * f);
      const b = Math.floor(k / 5);
      high = sd.path.highPrefix[b]!;
      low = sd.path.lowPrefix[b]!;
      for (let j = 5 * b + 1; j <= k; j++) {
        const p = P[j]!;
        if (p > high) high = p;
        if (p < low) low = p;
      }
      const C = sd.path.cumVolume;
      volume = Math.round(C[b]! + (C[b + 1]! - C[b]!) * Math.min(1, (m - 5 * b) / 5));
      outside = t < entry.open || t >= entry.close;
    }
    high = Math.max(roundToTick(high), last);
    low = Math.min(roundToTick(low), last);
    const spec = this.universe[i]!;
    const half = Math.max((last * spec.spreadBps * (outside ? 3 : 1)) / 20_000, tickSize(last) / 2);
    const bid = Math.max(0, floorToTick(last - half, tickSize(last - half)));
    const ask = ceilToTick(last + half, tickSize(last + half));
    const open = t >= entry.open ? sd.o : roundToTick(P[0]!);
    return {
      symbol: spec.instrument.symbol,
      last,
      bid,
      ask,
      open,
      high,
      low,
      prevClose: sd.prevClose,
      change: round4(last - sd.prevClose),
      changePct: round4((last / sd.prevClose - 1) * 100),
      volume,
      t,
    };
  }
}

/** Throws a RangeError unless every argument is a YYYY-MM-DD calendar date. */
function checkDates(...dates: string[]): void {
  for (const d of dates) isTradingDay(d);
}

function barOf(ch: DailyChunk, j: number, t: number): Bar {
  return { t, o: fromUnits(ch.o[j]!), h: fromUnits(ch.h[j]!), l: fromUnits(ch.l[j]!), c: fromUnits(ch.c[j + 1]!), v: ch.v[j]! };
}

/** Creates a simulator; the same seed always gives the same market. */
export function createMarketSimulator(options: SimulatorOptions): MarketSimulator {
  return new Simulator(options.seed);
}
