/**
 * The daily model: one regular-session bar per symbol and session, plus the symbol's catalysts.
 *
 * log close = log anchor + trend·years + βm·market + βs·sector + u, where u is the idiosyncratic deviation:
 * a mean-reverting (half-life ~1 year) process with Student-t shocks and catalyst jumps. u is pinned at each
 * year boundary by a cheap yearly chain, and filled in within the year by an OU path bridged to the next
 * year's value. So a year of one symbol is generated on its own, from (seed, symbol, year) only: data are a
 * pure function of (seed, date), and a chunk can be dropped from the cache and rebuilt identically.
 *
 * A year chunk is made in two steps: the idiosyncratic path and catalysts of the whole year (cheap), then closes,
 * opens, highs, lows and volumes lazily per block of 21 sessions, each block from its own stream. Opens come from an overnight gap
 * (a share of the day's move, noise, and premarket catalysts); highs and lows from the exact distribution of a
 * Brownian bridge's extremes; volume is lognormal around the base ADV and rises with |move| and on catalysts.
 */
import { SECTOR_IDS } from '../../../../shared/sectors';
import { Arena, type Region } from './arena';
import { hashNormal, Rng } from './random';
import type { MarketFactors } from './factors';
import { REGIME_PARAMS } from './factors';
import { roundToTick, toUnits } from './ticks';
import type { Timeline } from './timeline';
import { SIMULATOR_LAST_YEAR } from './timeline';
import type { SimInstrument } from './universe';

/** A news-like event that moves one symbol: a jump in its log price at a known minute of a session. */
export interface Catalyst {
  /** Session index on the timeline. */
  readonly day: number;
  /** Minutes after the 04:00 pre-open when the jump prints. */
  readonly minute: number;
  /** Jump in log price (0.4 ≈ +49 %, -0.4 ≈ -33 %). */
  readonly jump: number;
  /** 'premarket' jumps show as the opening gap; 'regular' ones inside the session. */
  readonly part: 'premarket' | 'regular';
}

/**
 * One symbol's bars for one calendar year (typed arrays; prices on the tick). The idiosyncratic path and the
 * catalysts are always there; c, o, h, l and v only for the blocks DailyModel.chunk was asked to fill.
 */
export interface DailyChunk {
  readonly year: number;
  /** Session index of the year's first session. */
  readonly first: number;
  readonly n: number;
  /** Prices in PRICE_UNITS ($0.0001), on the tick. */
  readonly o: Int32Array;
  readonly h: Int32Array;
  readonly l: Int32Array;
  /** n + 1 closes: c[0] is the previous session's, c[j + 1] session j's. */
  readonly c: Int32Array;
  readonly v: Float64Array;
  /** n + 1 idiosyncratic deviations, aligned like c (the state the bars are built from). */
  readonly u: Float64Array;
  readonly catalysts: readonly Catalyst[];
  /** filled[b] = 1 once block b (sessions 21b … 21b + 20) has c, o, h, l, v. */
  readonly filled: Uint8Array;
  /** The memory all the arrays above live in. */
  readonly region: Region;
}

/** Daily mean reversion of the idiosyncratic deviation (half-life 252 sessions). */
export const IDIO_KAPPA = Math.LN2 / 252;
/** Share of catalysts that print before the open. */
export const PREMARKET_CATALYST_SHARE = 0.85;
/** Sessions per lazily filled block of bars. */
export const BLOCK = 21;
/** Share of the ordinary daily move that happens overnight. */
const GAP_SHARE = 0.3;
const SESSIONS_PER_YEAR = 252;
const YEAR_CHAIN = SIMULATOR_LAST_YEAR + 2;
const NS = SECTOR_IDS.length;
/** Most sessions a calendar year can hold (chunk buffers are sized for it, so they can be recycled). */
const MAX_SESSIONS_PER_YEAR = 256;
const CHUNK_BYTES = (2 * MAX_SESSIONS_PER_YEAR + 1) * 8 + (4 * MAX_SESSIONS_PER_YEAR + 1) * 4 + Math.ceil(MAX_SESSIONS_PER_YEAR / BLOCK);

/** Generates and caches (LRU, bounded) per-symbol, per-year chunks of daily bars. */
export class DailyModel {
  private readonly chunks = new Map<number, { chunk: DailyChunk; used: number }>();
  private clock = 0;
  private readonly anchors: (Float64Array | undefined)[];
  private readonly logAnchor: Float64Array;
  /** Memory for chunks: regions of slabs, those of evicted chunks reused for new ones. */
  private readonly arena = new Arena(CHUNK_BYTES);
  private readonly spare: Region[] = [];

  constructor(
    private readonly seed: number,
    private readonly universe: readonly SimInstrument[],
    private readonly timeline: Timeline,
    private readonly factors: MarketFactors,
    /** Upper bound on cached chunks (each ~8 KB). */
    private readonly maxChunks = 4096,
  ) {
    this.anchors = new Array<Float64Array | undefined>(universe.length).fill(undefined);
    this.logAnchor = Float64Array.from(universe, (s) => Math.log(s.anchorPrice));
  }

  /** The chunk of symbol i for calendar year `year`, with bars filled for sessions jFrom..jTo of the year. */
  chunk(i: number, year: number, jFrom = 0, jTo = -1): DailyChunk {
    const key = i * 256 + (year - this.timeline.originYear);
    let entry = this.chunks.get(key);
    if (entry) entry.used = ++this.clock;
    else {
      entry = { chunk: this.generate(i, year), used: ++this.clock };
      this.chunks.set(key, entry);
      if (this.chunks.size > this.maxChunks) this.evict();
    }
    const ch = entry.chunk;
    for (let b = Math.floor(jFrom / BLOCK); b <= Math.floor(jTo / BLOCK) && b < ch.filled.length; b++) {
      if (!ch.filled[b]) this.fillBlock(i, ch, b);
    }
    return ch;
  }

  /** Drops the least recently used tenth of the cache at once, recycling the chunks' memory. */
  private evict(): void {
    const entries = [...this.chunks.entries()].sort((a, b) => a[1].used - b[1].used);
    const drop = Math.max(1, this.chunks.size - Math.floor(this.maxChunks * 0.9));
    for (let k = 0; k < drop; k++) {
      const [key, { chunk }] = entries[k]!;
      this.chunks.delete(key);
      // Callers never keep a chunk across calls, so its memory can serve the next one.
      this.spare.push(chunk.region);
    }
  }

  /** Daily volatility (log) of symbol i's total move on session d: idiosyncratic, market and sector parts. */
  sigmaTotal(i: number, d: number): number {
    return this.sigmaTotalIn(i, this.factors.regime(d));
  }

  private sigmaTotalIn(i: number, r: number): number {
    const s = this.universe[i]!;
    const p = REGIME_PARAMS[r]!;
    const idio = s.sigma * p.idioMult;
    const mkt = s.betaMarket * p.vol;
    const sec = s.sectorIndex >= 0 ? s.betaSector * this.factors.sectorVol(s.sectorIndex, r) : 0;
    return Math.sqrt(idio * idio + mkt * mkt + sec * sec);
  }

  /** Post-market last price of a session from its close (a hashed draw, so any session's is known alone). */
  postPrice(i: number, d: number, close: number): number {
    const s = this.universe[i]!;
    return roundToTick(close * Math.exp((0.002 + 0.12 * s.sigma) * hashNormal(this.seed, 'post', i, d)));
  }

  /** The idiosyncratic deviation at each year boundary (the yearly chain, AR(1) with ρ = 0.5). */
  private anchorChain(i: number): Float64Array {
    let chain = this.anchors[i];
    if (!chain) {
      const s = this.universe[i]!;
      const rng = Rng.derive(this.seed, 'anchor-chain', i);
      chain = new Float64Array(YEAR_CHAIN - this.timeline.originYear + 1);
      chain[0] = s.anchorSd * rng.normal();
      const rho = 0.5;
      const innov = s.anchorSd * Math.sqrt(1 - rho * rho);
      for (let k = 1; k < chain.length; k++) chain[k] = rho * chain[k - 1]! + innov * rng.normal();
      this.anchors[i] = chain;
    }
    return chain;
  }

  /** Step 1: the year's idiosyncratic path and catalysts. */
  private generate(i: number, year: number): DailyChunk {
    const s = this.universe[i]!;
    const { first, n } = this.timeline.yearRange(year);
    this.timeline.ensureYear(year + 1);
    const { regimes } = this.factors.arrays(first + n + 1);
    const chain = this.anchorChain(i);
    const yi = year - this.timeline.originYear;
    const rng = Rng.derive(this.seed, 'daily', i, year);
    if (n > MAX_SESSIONS_PER_YEAR) throw new Error(`simulator: ${n} sessions in ${year}`);
    const M = MAX_SESSIONS_PER_YEAR;
    const recycled = this.spare.pop();
    const region = recycled ?? this.arena.take();
    const { buffer: buf, offset } = region;
    const v = new Float64Array(buf, offset, n);
    const x = new Float64Array(buf, offset + M * 8, n + 1);
    const at = offset + (2 * M + 1) * 8;
    const o = new Int32Array(buf, at, n);
    const h = new Int32Array(buf, at + M * 4, n);
    const l = new Int32Array(buf, at + M * 8, n);
    const c = new Int32Array(buf, at + M * 12, n + 1);
    const filled = new Uint8Array(buf, at + (4 * M + 1) * 4, Math.ceil(n / BLOCK));
    if (recycled) filled.fill(0);
    const catalysts: Catalyst[] = [];
    const idioByRegime = REGIME_PARAMS.map((p) => s.sigma * p.idioMult);

    // Catalysts by thinning: candidate sessions at the highest regime rate (geometric gaps), each kept with
    // probability rate(regime) / highest rate — one draw per candidate instead of one per session.
    const maxMult = Math.max(...REGIME_PARAMS.map((p) => p.catalystMult));
    const maxRate = Math.min(0.5, s.catalystRate * maxMult);
    const gapScale = maxRate > 0 ? -1 / Math.log(1 - maxRate) : 0;
    let candidate = maxRate > 0 ? Math.floor(rng.exponential() * gapScale) : n;
    x[0] = chain[yi]!;
    for (let j = 0; j < n; j++) {
      const d = first + j;
      const r = regimes[d]!;
      let jump = 0;
      if (j === candidate) {
        candidate += 1 + Math.floor(rng.exponential() * gapScale);
        if (rng.next() * maxMult < REGIME_PARAMS[r]!.catalystMult) {
          const size = 0.03 + Math.abs(rng.studentT(3)) * s.catalystScale;
          jump = Math.max(-1.6, Math.min(1.3, rng.next() < 0.5 ? -size : size));
          const premarket = rng.next() < PREMARKET_CATALYST_SHARE;
          const at = rng.next();
          const session = this.timeline.session(d);
          const regularMinutes = (session.close - session.open) / 60_000;
          const minute = premarket ? 180 + Math.floor(at * 120) : 330 + 5 + Math.floor(at * (regularMinutes - 15));
          catalysts.push({ day: d, minute, jump, part: premarket ? 'premarket' : 'regular' });
        }
      }
      x[j + 1] = x[j]! * (1 - IDIO_KAPPA) + idioByRegime[r]! * rng.t4() + jump;
    }
    const correction = chain[yi + 1]! - x[n]!;
    for (let j = 1; j < n; j++) x[j] = x[j]! + (correction * j) / n;
    x[n] = chain[yi + 1]!;

    return { year, first, n, o, h, l, c, v, u: x, catalysts, filled, region };
  }

  /** Step 2: closes, opens, highs, lows and volumes of one block of sessions, from the block's own stream. */
  private fillBlock(i: number, ch: DailyChunk, b: number): void {
    const s = this.universe[i]!;
    const { regimes, market, sectors } = this.factors.arrays(ch.first + ch.n + 1);
    const rng = Rng.derive(this.seed, 'daily-bars', i, ch.year, b);
    const sigmaByRegime = REGIME_PARAMS.map((_, r) => this.sigmaTotalIn(i, r));
    const volByRegime = REGIME_PARAMS.map((p) => s.adv * p.volumeMult);
    const { o, h, l, c, v, u, catalysts } = ch;
    const k = s.sectorIndex >= 0 ? s.sectorIndex : 0;
    const bm = s.betaMarket;
    const bs = s.sectorIndex >= 0 ? s.betaSector : 0;
    const base = this.logAnchor[i]!;
    const trend = s.trend / SESSIONS_PER_YEAR;
    const level = (d: number, x: number): number => base + trend * d + bm * market[d + 1]! + bs * sectors[(d + 1) * NS + k]! + x;
    const start = b * BLOCK;
    const end = Math.min(ch.n, start + BLOCK);
    let prevLevel = level(ch.first + start - 1, u[start]!);
    c[start] = toUnits(Math.exp(prevLevel));
    let ci = 0;
    for (let j = start; j < end; j++) {
      const d = ch.first + j;
      const r = regimes[d]!;
      while (ci < catalysts.length && catalysts[ci]!.day < d) ci++;
      const cat = ci < catalysts.length && catalysts[ci]!.day === d ? catalysts[ci]! : undefined;
      const jump = cat ? cat.jump : 0;
      const lvl = level(d, u[j + 1]!);
      const C = toUnits(Math.exp(lvl));
      const sigma = sigmaByRegime[r]!;
      const ordinary = lvl - prevLevel - jump;
      const gap = GAP_SHARE * ordinary + 0.3 * sigma * rng.normal() + (cat?.part === 'premarket' ? jump : 0);
      const open = Math.exp(prevLevel + gap);
      const O = toUnits(open);
      // The bridge from the open to the close (rounding ignored: the extremes are clamped to O and C below).
      const drift = lvl - prevLevel - gap;
      const s2 = 2 * (0.85 * sigma) ** 2;
      const up = (drift + Math.sqrt(drift * drift + s2 * rng.exponential())) / 2;
      const down = (drift - Math.sqrt(drift * drift + s2 * rng.exponential())) / 2;
      const catVolume = cat ? (2.5 + 5 * rng.next()) * (1 + 4 * Math.abs(jump)) : 1;
      const vol = volByRegime[r]! * rng.lognormal() * (0.6 + (0.45 * Math.abs(ordinary)) / sigma) * catVolume;
      o[j] = O;
      h[j] = Math.max(toUnits(open * Math.exp(up)), O, C);
      l[j] = Math.min(toUnits(open * Math.exp(down)), O, C);
      c[j + 1] = C;
      v[j] = Math.max(100, Math.round(vol));
      prevLevel = lvl;
    }
    ch.filled[b] = 1;
  }
}
