/**
 * Simulated commodity prices for the Mining & Resources segment: gold, silver, copper, lithium, uranium and oil,
 * in their market units (USD/oz, USD/lb, USD/t, USD/bbl) and at plausible levels. Pure and seeded like the rest of
 * the simulator, and it changes nothing the simulator already produces: it only reads the daily bars.
 *
 * Dynamics, per commodity:
 * - Each session's log return loads on the equal-weighted daily return of the simulator's stocks in the metal's
 *   industry (Gold Mining for gold, Silver for silver…; each member's return clipped to ±12 % so one company's
 *   catalyst does not move the metal), so miners and their metal co-move; plus its own seeded noise, part of it
 *   shared (a precious-metals shock common to gold and silver, a base-metals shock common to copper and lithium);
 *   plus occasional jumps (supply news, a mine outage, an OPEC meeting).
 * - Mean reversion: the close of each calendar year's last session is an anchor drawn from a yearly AR(1) around
 *   the commodity's base level; a year's path is bridged between its two anchors (a constant per-session drift
 *   correction). So a date's price depends only on the seed and its calendar year, never on "now", and any
 *   query window sees the same prices.
 * - Today's session: a seeded Brownian bridge on a 5-minute grid from the previous close (at 04:00 New York) to
 *   the day's close (at the regular close), so quotes move with the engine's clock and land on the daily close.
 */
import { previousTradingDay, sessionFor, sessionPhaseAt, tradingDaysBetween } from '../calendar';
import type { MarketSimulator } from './index';
import { hash32, hashNormal } from './random';
import { SIMULATOR_ORIGIN } from './timeline';

export const COMMODITY_IDS = ['gold', 'silver', 'copper', 'lithium', 'uranium', 'oil'] as const;
export type CommodityId = (typeof COMMODITY_IDS)[number];
export const COMMODITIES_SOURCE = 'simulator:commodities';

export interface CommoditySpec {
  readonly id: CommodityId;
  readonly name: string;
  /** Unit as the segment indicators spell it. */
  readonly unit: 'usd/oz' | 'usd/lb' | 'usd/t' | 'usd/bbl';
  /** Long-run price level the yearly anchors revert to. */
  readonly base: number;
  /** Daily volatility of the log return (before jumps). */
  readonly vol: number;
  /** The simulator industry whose members' equal-weighted return drives the commodity. */
  readonly industry: string;
  /** Weight of the industry return in the daily return (the rest is own noise scaled to `vol`). */
  readonly loading: number;
  /** Shared shock group: precious metals, base/battery metals, or none. */
  readonly group: 'precious' | 'base' | null;
  /** Share of the own noise's variance that is the group's shock. */
  readonly groupShare: number;
  /** Jump probability per session and jump size (σ of the log jump). */
  readonly jumpProb: number;
  readonly jumpVol: number;
  readonly decimals: number;
}

export const COMMODITY_SPECS: readonly CommoditySpec[] = Object.freeze([
  { id: 'gold', name: 'Gold', unit: 'usd/oz', base: 2350, vol: 0.0095, industry: 'Gold Mining', loading: 0.75, group: 'precious', groupShare: 0.6, jumpProb: 0.004, jumpVol: 0.025, decimals: 2 },
  { id: 'silver', name: 'Silver', unit: 'usd/oz', base: 28, vol: 0.017, industry: 'Silver', loading: 0.75, group: 'precious', groupShare: 0.6, jumpProb: 0.006, jumpVol: 0.04, decimals: 3 },
  { id: 'copper', name: 'Copper', unit: 'usd/lb', base: 4.2, vol: 0.013, industry: 'Copper', loading: 0.75, group: 'base', groupShare: 0.4, jumpProb: 0.005, jumpVol: 0.03, decimals: 4 },
  { id: 'lithium', name: 'Lithium carbonate', unit: 'usd/t', base: 13_000, vol: 0.02, industry: 'Lithium', loading: 0.75, group: 'base', groupShare: 0.4, jumpProb: 0.01, jumpVol: 0.06, decimals: 0 },
  { id: 'uranium', name: 'Uranium (U3O8)', unit: 'usd/lb', base: 80, vol: 0.017, industry: 'Uranium', loading: 0.75, group: null, groupShare: 0, jumpProb: 0.01, jumpVol: 0.05, decimals: 2 },
  { id: 'oil', name: 'Crude oil (West Texas)', unit: 'usd/bbl', base: 75, vol: 0.02, industry: 'Oil & Gas E&P', loading: 0.75, group: null, groupShare: 0, jumpProb: 0.008, jumpVol: 0.045, decimals: 2 },
] satisfies CommoditySpec[]);

/** A commodity price at an instant (structurally the segments' CommodityQuote). */
export interface SimCommodityQuote {
  id: CommodityId;
  name: string;
  unit: string;
  price: number;
  /** Change since the previous session's close, decimal fraction. */
  change: number;
  t: number;
  source: string;
}

export interface CommodityClose {
  date: string;
  close: number;
}

export interface CommoditySimulator {
  readonly specs: readonly CommoditySpec[];
  /** Daily closes on the trading days from..to inclusive (none before the simulator's origin). */
  closes(id: CommodityId, from: string, to: string): CommodityClose[];
  /** The last `n` daily closes of sessions completed by instant t, oldest first. */
  history(id: CommodityId, t: number, n: number): CommodityClose[];
  /** Price at instant t: on the intraday path during a session, else the latest session's close. */
  quote(id: CommodityId, t: number): SimCommodityQuote;
  quotes(t: number): SimCommodityQuote[];
  /** The equal-weighted daily return (members clipped to ±12 %) of an industry's stocks, per session. */
  industryReturns(industry: string, from: string, to: string): { date: string; ret: number }[];
}

export interface CommoditySimulatorOptions {
  seed: number;
  /** The equity simulator whose industries drive the metals (only instruments and daily bars are read). */
  simulator: Pick<MarketSimulator, 'instruments' | 'dailyBars'>;
}

const ORIGIN_YEAR = Number(SIMULATOR_ORIGIN.slice(0, 4));
/** Yearly mean reversion of the anchor's log deviation from base. */
const ANCHOR_KEEP = 0.7;
const MEMBER_CLIP = 0.12;
const FIVE_MIN = 300_000;
const TWO_POW_32 = 4_294_967_296;
/** Year paths kept (6 commodities × a few years); industry-return years likewise. */
const CACHE_LIMIT = 120;

interface YearPath {
  readonly dates: readonly string[];
  /** Log deviation from base at each session's close. */
  readonly levels: Float64Array;
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

function clip(x: number, lim: number): number {
  return x > lim ? lim : x < -lim ? -lim : x;
}

function yearDates(year: number): string[] {
  if (year < ORIGIN_YEAR) return [];
  return tradingDaysBetween(year === ORIGIN_YEAR ? SIMULATOR_ORIGIN : `${year}-01-01`, `${year}-12-31`);
}

export function createCommoditySimulator(options: CommoditySimulatorOptions): CommoditySimulator {
  const { seed, simulator } = options;
  const specById = new Map(COMMODITY_SPECS.map((s) => [s.id, s]));
  const members = new Map<string, string[]>();
  const industryYears = new Map<string, Float64Array>();
  const anchors = new Map<CommodityId, number[]>();
  const paths = new Map<string, YearPath>();

  function spec(id: CommodityId): CommoditySpec {
    const s = specById.get(id);
    if (!s) throw new RangeError(`unknown commodity ${id}`);
    return s;
  }

  function membersOf(industry: string): string[] {
    let m = members.get(industry);
    if (!m) {
      m = simulator.instruments().filter((i) => i.kind === 'stock' && i.industry === industry).map((i) => i.symbol);
      members.set(industry, m);
    }
    return m;
  }

  /** Equal-weighted clipped member returns of `industry` on each session of `year` (0 where none). */
  function industryYear(industry: string, year: number): Float64Array {
    const key = `${industry}|${year}`;
    const hit = industryYears.get(key);
    if (hit) return hit;
    const dates = yearDates(year);
    const index = new Map(dates.map((d, k) => [d, k]));
    const sum = new Float64Array(dates.length);
    const count = new Uint16Array(dates.length);
    if (dates.length > 0) {
      const from = year === ORIGIN_YEAR ? SIMULATOR_ORIGIN : previousTradingDay(dates[0]!);
      const to = dates[dates.length - 1]!;
      for (const symbol of membersOf(industry)) {
        const bars = simulator.dailyBars(symbol, from, to);
        for (let b = 1; b < bars.length; b++) {
          const k = index.get(dateOfOpen(bars[b]!.t));
          if (k === undefined) continue;
          const prev = bars[b - 1]!.c;
          if (!(prev > 0)) continue;
          sum[k]! += clip(bars[b]!.c / prev - 1, MEMBER_CLIP);
          count[k]!++;
        }
      }
    }
    const out = new Float64Array(dates.length);
    for (let k = 0; k < dates.length; k++) out[k] = count[k]! > 0 ? sum[k]! / count[k]! : 0;
    if (industryYears.size >= CACHE_LIMIT) industryYears.clear();
    industryYears.set(key, out);
    return out;
  }

  /** Anchor (log deviation from base) at the close of the last session before `year`. */
  function anchor(s: CommoditySpec, year: number): number {
    let list = anchors.get(s.id);
    if (!list) {
      list = [0.25 * s.vol * Math.sqrt(252) * hashNormal(seed, 'commodity-anchor', s.id, ORIGIN_YEAR)];
      anchors.set(s.id, list);
    }
    const annual = s.vol * Math.sqrt(252) * 0.8;
    while (list.length <= year - ORIGIN_YEAR) {
      const y = ORIGIN_YEAR + list.length;
      list.push(ANCHOR_KEEP * list[list.length - 1]! + annual * hashNormal(seed, 'commodity-anchor', s.id, y));
    }
    return list[Math.max(0, year - ORIGIN_YEAR)]!;
  }

  /** The raw (unbridged) log return of a session: industry loading, group and own shocks, jumps. */
  function rawReturn(s: CommoditySpec, date: string, industryRet: number): number {
    const ownVol = s.vol * Math.sqrt(Math.max(0, 1 - s.loading * s.loading));
    const group = s.group ? hashNormal(seed, 'commodity-group', s.group, date) : 0;
    const own = hashNormal(seed, 'commodity-own', s.id, date);
    const shock = s.group ? Math.sqrt(s.groupShare) * group + Math.sqrt(1 - s.groupShare) * own : own;
    // Industry returns run at roughly 1.3 % a day in the simulator; scale so the loading is a share of `vol`.
    let r = s.loading * s.vol * (industryRet / 0.013) + ownVol * shock;
    if (hash32(seed, 'commodity-jump', s.id, date) / TWO_POW_32 < s.jumpProb) r += s.jumpVol * hashNormal(seed, 'commodity-jump-size', s.id, date);
    return r;
  }

  function yearPath(s: CommoditySpec, year: number): YearPath {
    const key = `${s.id}|${year}`;
    const hit = paths.get(key);
    if (hit) return hit;
    const dates = yearDates(year);
    const ind = industryYear(s.industry, year);
    const raw = dates.map((d, k) => (k === 0 && year === ORIGIN_YEAR ? 0 : rawReturn(s, d, ind[k]!)));
    const a0 = anchor(s, year);
    const a1 = anchor(s, year + 1);
    const total = raw.reduce((x, y) => x + y, 0);
    const drift = dates.length > 0 ? (a1 - a0 - total) / dates.length : 0;
    const levels = new Float64Array(dates.length);
    let level = a0;
    for (let k = 0; k < dates.length; k++) {
      level += raw[k]! + drift;
      levels[k] = level;
    }
    const path = { dates, levels };
    if (paths.size >= CACHE_LIMIT) paths.clear();
    paths.set(key, path);
    return path;
  }

  function closeOn(s: CommoditySpec, date: string): number | null {
    const year = Number(date.slice(0, 4));
    const p = yearPath(s, year);
    const k = binarySearch(p.dates, date);
    return k < 0 ? null : round(s.base * Math.exp(p.levels[k]!), s.decimals);
  }

  function closes(id: CommodityId, from: string, to: string): CommodityClose[] {
    const s = spec(id);
    const out: CommodityClose[] = [];
    if (from > to) return out;
    const y0 = Math.max(ORIGIN_YEAR, Number(from.slice(0, 4)));
    const y1 = Number(to.slice(0, 4));
    for (let y = y0; y <= y1; y++) {
      const p = yearPath(s, y);
      for (let k = 0; k < p.dates.length; k++) {
        const d = p.dates[k]!;
        if (d >= from && d <= to) out.push({ date: d, close: round(s.base * Math.exp(p.levels[k]!), s.decimals) });
      }
    }
    return out;
  }

  /** The latest session whose regular close is at or before t. */
  function lastClosed(t: number): string {
    const ph = sessionPhaseAt(t);
    const today = sessionFor(ph.date);
    if (today && t >= today.close) return today.date;
    return previousTradingDay(ph.date);
  }

  function history(id: CommodityId, t: number, n: number): CommodityClose[] {
    if (n <= 0) return [];
    const to = lastClosed(t);
    // n sessions span at most ~n·1.5 calendar days (weekends, holidays); widen until enough or the origin.
    let span = Math.ceil(n * 1.5) + 10;
    for (;;) {
      const fromDate = new Date(Date.parse(`${to}T00:00:00Z`) - span * 86_400_000).toISOString().slice(0, 10);
      const rows = closes(id, fromDate, to);
      if (rows.length >= n || fromDate <= SIMULATOR_ORIGIN) return rows.slice(-n);
      span *= 2;
    }
  }

  function quote(id: CommodityId, t: number): SimCommodityQuote {
    const s = spec(id);
    const ph = sessionPhaseAt(t);
    const session = sessionFor(ph.date);
    const base = { id: s.id, name: s.name, unit: s.unit, source: COMMODITIES_SOURCE };
    if (session && ph.phase !== 'closed' && t < session.close) {
      // Inside today's session before the regular close: on the bridge from the previous close.
      const prevDate = previousTradingDay(session.date);
      const prev = closeOn(s, prevDate) ?? s.base;
      const close = closeOn(s, session.date) ?? prev;
      const price = round(intraday(s, session.date, session.preOpen, session.close, prev, close, t), s.decimals);
      return { ...base, price, change: prev > 0 ? price / prev - 1 : 0, t };
    }
    const date = lastClosed(t);
    const close = closeOn(s, date) ?? s.base;
    const prev = closeOn(s, previousTradingDay(date)) ?? close;
    return { ...base, price: close, change: prev > 0 ? close / prev - 1 : 0, t: sessionFor(date)!.close };
  }

  /** A Brownian bridge in log price on a 5-minute grid from `prev` at `start` to `close` at `end`, linear within a step. */
  function intraday(s: CommoditySpec, date: string, start: number, end: number, prev: number, close: number, t: number): number {
    if (t <= start) return prev;
    const steps = Math.max(1, Math.round((end - start) / FIVE_MIN));
    const x = Math.min(steps, (t - start) / FIVE_MIN);
    const k = Math.floor(x);
    const stepVol = s.vol / Math.sqrt(steps);
    // Walk W_j (a seeded random walk), then bridge: B_j = W_j − (j/steps)·W_steps.
    let w = 0;
    let wk = 0;
    let wk1 = 0;
    for (let j = 1; j <= steps; j++) {
      w += stepVol * hashNormal(seed, 'commodity-intraday', s.id, date, j);
      if (j === k) wk = w;
      if (j === k + 1) wk1 = w;
    }
    const lp = Math.log(prev);
    const lc = Math.log(close);
    const at = (j: number, wj: number): number => lp + (lc - lp) * (j / steps) + (wj - (j / steps) * w);
    const a = at(k, k === 0 ? 0 : wk);
    const b = k >= steps ? a : at(k + 1, wk1);
    return Math.exp(a + (b - a) * (x - k));
  }

  return {
    specs: COMMODITY_SPECS,
    closes,
    history,
    quote,
    quotes: (t) => COMMODITY_IDS.map((id) => quote(id, t)),
    industryReturns(industry, from, to) {
      const out: { date: string; ret: number }[] = [];
      if (from > to) return out;
      for (let y = Math.max(ORIGIN_YEAR, Number(from.slice(0, 4))); y <= Number(to.slice(0, 4)); y++) {
        const dates = yearDates(y);
        const r = industryYear(industry, y);
        dates.forEach((d, k) => {
          if (d >= from && d <= to) out.push({ date: d, ret: r[k]! });
        });
      }
      return out;
    },
  };
}

/** The New York session date of a daily bar (stamped at its 09:30 open, always the same calendar day in New York). */
function dateOfOpen(t: number): string {
  // 09:30 New York is 13:30 or 14:30 UTC: the UTC calendar date is the session date.
  return new Date(t).toISOString().slice(0, 10);
}

function binarySearch(sorted: readonly string[], x: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
