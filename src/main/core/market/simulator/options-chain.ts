/**
 * The simulator's listed options: which names are optionable, their expiries, strike ladders, volatility surface,
 * quotes (bid/ask/last around the BSM value), volume, open interest and a daily ATM-IV history. Pure and
 * deterministic like the rest of the simulator: every number is a function of (seed, symbol, dates, the
 * underlying's daily closes and its live quote). Prices come from the pricing engine (never a second BSM here).
 *
 * Rules (documented in the chain view and the architecture page):
 * - Optionable: ETFs, and stocks with market cap ≥ $300M listed on NASDAQ, NYSE or NYSE American (not OTC).
 * - Expiries: the next 8 weekly expiries (Friday, or the trading day before it in the same week when Friday is a
 *   holiday) and the monthly expiries (third Friday, same holiday rule) up to six months out.
 * - Strike increments by the reference price (previous close): stocks $0.50 under $25, $1 under $50, $2.50 under
 *   $100, $5 under $500, $10 above; ETFs $0.50 under $25, else $1. Strikes cover ±40 % of the reference (±65 %
 *   at 180 days and beyond, linear from 30 days), widened to the session's high and low so they never vanish.
 * - Surface: short-run ATM vol = premium × 20-day realised vol × a slow daily factor, long-run = premium ×
 *   120-day realised vol; the term structure is the expected average of a variance mean-reverting from short to
 *   long (τ = 45 days); an earnings date, FDA decision or trial readout before expiry adds its squared expected move to total variance;
 *   by strike, σ = σ_atm × max(0.6, 1 − skew·x + curvature·x²) with x = ln(K/F)/(σ_atm√T) clamped to ±4
 *   (puts richer, both wings lifted).
 * - Rates: r from the caller (the `options.riskFreeRate` setting, default 0.045); q = 0 for stocks (the simulator
 *   pays no dividends), 1.0–2.5 % for ETFs (per name).
 * - Quotes: width = λ × (0.04 + 0.02 × min(value, 5) + 0.005 × (value − 5)⁺) × (1 + 0.25 |x|), λ = liquidity (√(2M / ADV) clamped 0.5–4, ×1.5
 *   under $5); bid rounded down and ask up to the option tick ($0.01 under $3, $0.05 at $3 and above).
 */
import type { ChainQuote, Expiry, Greeks, Instrument, OptionQuote, OptionType } from '../../../../shared/contract';
import { formatOccSymbol } from '../../options/chain/symbols';
import { bsmInto } from '../../options/pricing/bsm';
import type { CorporateEvent } from '../../trading/guardrails/types';
import { isTradingDay, previousTradingDay, sessionFor } from '../calendar';
import { hash32, hashNormal } from './random';

export const MIN_OPTIONABLE_MARKET_CAP = 300e6;
const OPTIONABLE_EXCHANGES: ReadonlySet<string> = new Set(['NASDAQ', 'NYSE', 'NYSE American']);
export const WEEKLY_EXPIRIES = 8;
export const MONTHLY_HORIZON_MONTHS = 6;
/** Term-structure mean-reversion time (years). */
const TAU = 45 / 365;
const DAY_MS = 86_400_000;
const TWO_POW_32 = 4_294_967_296;

type Subject = Pick<Instrument, 'symbol' | 'kind' | 'exchange' | 'marketCap' | 'sector' | 'industry'>;

/** Whether an instrument has listed options, and why not. */
export function optionability(inst: Subject): { optionable: boolean; reason: string | null } {
  if (inst.kind === 'etf') return { optionable: true, reason: null };
  const reasons: string[] = [];
  if (!OPTIONABLE_EXCHANGES.has(inst.exchange)) reasons.push(`listed on ${inst.exchange} (options list only for NASDAQ, NYSE and NYSE American names)`);
  if (inst.marketCap < MIN_OPTIONABLE_MARKET_CAP) reasons.push(`market cap $${(inst.marketCap / 1e6).toFixed(0)}M is under $300M`);
  return reasons.length ? { optionable: false, reason: `${inst.symbol} has no listed options: ${reasons.join('; ')}` } : { optionable: true, reason: null };
}

// ---------------------------------------------------------------------------------------------------------
// Expiries.

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}
function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The expiry of the week whose Friday is `friday`: the Friday, or the last trading day before it in that week. */
export function expiryForFriday(friday: string): string | null {
  if (isTradingDay(friday)) return friday;
  const prev = previousTradingDay(friday);
  return prev >= addDays(friday, -4) ? prev : null;
}

/** The third Friday of a month (YYYY-MM). */
function thirdFriday(year: number, month: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const day = 1 + ((5 - first + 7) % 7) + 14;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True when `date` is a weekly or monthly expiry date under the listing rules. */
export function isExpiryDate(date: string): boolean {
  const dow = weekday(date);
  if (dow === 0 || dow === 6) return false;
  return expiryForFriday(addDays(date, 5 - dow)) === date;
}

/** True when `date` is the monthly (third-Friday) expiry of its month. */
export function isMonthlyExpiry(date: string): boolean {
  return expiryForFriday(thirdFriday(Number(date.slice(0, 4)), Number(date.slice(5, 7)))) === date;
}

/** When an expiry stops trading: its session's regular close. */
export function expiryClose(expiry: string): number {
  const s = sessionFor(expiry);
  if (!s) throw new RangeError(`${expiry} is not a trading day`);
  return s.close;
}

export interface ListedExpiry {
  expiry: string;
  kind: 'weekly' | 'monthly';
  /** Epoch ms of the expiry session's close. */
  close: number;
}

/** Expiries listed at `now` (session date `today`): 8 weeklies and the monthlies out to six months, ascending. */
export function listExpiries(today: string, now: number): ListedExpiry[] {
  const out = new Map<string, ListedExpiry>();
  let friday = addDays(today, (5 - weekday(today) + 7) % 7);
  for (let weeks = 0; out.size < WEEKLY_EXPIRIES && weeks < WEEKLY_EXPIRIES + 3; weeks++, friday = addDays(friday, 7)) {
    const e = expiryForFriday(friday);
    if (e && e >= today && expiryClose(e) > now) out.set(e, { expiry: e, kind: isMonthlyExpiry(e) ? 'monthly' : 'weekly', close: expiryClose(e) });
  }
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const horizon = addMonths(today, MONTHLY_HORIZON_MONTHS);
  for (let k = 0; k <= MONTHLY_HORIZON_MONTHS; k++) {
    const mm = ((m - 1 + k) % 12) + 1;
    const yy = y + Math.floor((m - 1 + k) / 12);
    const e = expiryForFriday(thirdFriday(yy, mm));
    if (e && e >= today && e <= horizon && expiryClose(e) > now) out.set(e, { expiry: e, kind: 'monthly', close: expiryClose(e) });
  }
  return [...out.values()].sort((a, b) => (a.expiry < b.expiry ? -1 : 1));
}

function addMonths(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------------------
// Strikes.

/** Strike increment for a reference price (see the header). */
export function strikeIncrement(price: number, kind: Instrument['kind']): number {
  if (kind === 'etf') return price < 25 ? 0.5 : 1;
  if (price < 25) return 0.5;
  if (price < 50) return 1;
  if (price < 100) return 2.5;
  if (price < 500) return 5;
  return 10;
}

/** Half-width of the strike range as a fraction of the reference: 0.40 to 30 days, rising to 0.65 at 180. */
export function strikeRange(days: number): number {
  return 0.4 + 0.25 * Math.min(1, Math.max(0, (days - 30) / 150));
}

/** The strike ladder of one expiry: every increment between lo × (1 − range) and hi × (1 + range). */
export function strikeLadder(lo: number, hi: number, days: number, increment: number): number[] {
  const r = strikeRange(days);
  const a = Math.max(1, Math.ceil((lo * (1 - r)) / increment - 1e-9));
  const b = Math.max(a, Math.floor((hi * (1 + r)) / increment + 1e-9));
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(Math.round(i * increment * 1000) / 1000);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Volatility.

/** Annualised close-to-close realised volatility (sample std of log returns × √252), or null under 2 returns. */
export function realisedVol(closes: readonly number[]): number | null {
  const n = closes.length - 1;
  if (n < 2) return null;
  let sum = 0;
  let sq = 0;
  for (let i = 1; i <= n; i++) {
    const r = Math.log(closes[i]! / closes[i - 1]!);
    sum += r;
    sq += r * r;
  }
  const mean = sum / n;
  const v = (sq - n * mean * mean) / (n - 1);
  return Math.sqrt(Math.max(0, v) * 252);
}

function unit(...parts: (string | number)[]): number {
  return hash32(...parts) / TWO_POW_32;
}

/** One scheduled event priced into the surface: its instant and the variance of its move. */
export interface SurfaceEvent {
  date: string;
  kind: CorporateEvent['kind'];
  /** When the move happens (bmo: the open; during: midday; amc: after the close). */
  at: number;
  /** Squared expected move (log). */
  variance: number;
}

/** The volatility surface of one underlying on one session. */
export interface Surface {
  /** Short-run and long-run ATM vol (decimals), before events. */
  short: number;
  long: number;
  /** Put skew per standard deviation of moneyness and the smile's curvature. */
  skew: number;
  curvature: number;
  events: readonly SurfaceEvent[];
}

/** Per-name constants of the surface: the vol premium over realised, skew and curvature, earnings move size. */
export function surfaceTraits(seed: number, inst: Subject): { premium: number; skew: number; curvature: number; earningsMove: number } {
  const s = inst.symbol;
  const premium = 1.05 + 0.2 * unit(seed, s, 'opt-premium');
  if (inst.kind === 'etf') return { premium, skew: 0.1 + 0.04 * unit(seed, s, 'opt-skew'), curvature: 0.015 + 0.01 * unit(seed, s, 'opt-curv'), earningsMove: 0 };
  const drug = inst.sector === 'healthcare';
  return {
    premium,
    skew: drug ? 0.02 + 0.03 * unit(seed, s, 'opt-skew') : 0.04 + 0.05 * unit(seed, s, 'opt-skew'),
    curvature: drug ? 0.03 + 0.02 * unit(seed, s, 'opt-curv') : 0.015 + 0.02 * unit(seed, s, 'opt-curv'),
    earningsMove: 0.04 + 0.08 * unit(seed, s, 'opt-earnings'),
  };
}

/** The slow daily factor of implied over realised: a 10-session moving sum of hashed normals (sd ≈ 0.12 in log). */
export function ivFactor(seed: number, symbol: string, sessions: readonly string[]): number {
  const last = sessions.slice(-10);
  let z = 0;
  for (const d of last) z += hashNormal(seed, symbol, 'opt-iv', d);
  return Math.exp((0.12 / Math.sqrt(Math.max(1, last.length))) * z);
}

const MIN_VOL = 0.08;
const clampVol = (v: number, hi: number) => Math.min(hi, Math.max(MIN_VOL, v));

/** Fallback realised vols when fewer than 21 daily closes are stored. */
const FALLBACK_RV = { stock: 0.6, etf: 0.2 } as const;

/**
 * The surface on a session from the closes up to that session's reference (ascending, newest last), the session
 * dates of those closes (for the daily factor) and the name's scheduled events.
 */
export function buildSurface(seed: number, inst: Subject, closes: readonly number[], sessions: readonly string[], events: readonly CorporateEvent[]): Surface {
  const t = surfaceTraits(seed, inst);
  const fallback = FALLBACK_RV[inst.kind];
  const rv20 = closes.length >= 21 ? realisedVol(closes.slice(-21)) ?? fallback : fallback;
  const rv120 = closes.length >= 21 ? realisedVol(closes.slice(-121)) ?? fallback : fallback;
  const short = clampVol(t.premium * rv20 * ivFactor(seed, inst.symbol, sessions), 3);
  const long = clampVol(t.premium * rv120, 2.5);
  const surfaceEvents: SurfaceEvent[] = [];
  for (const e of events) {
    const s = sessionFor(e.date);
    if (!s) continue;
    const at = e.timing === 'bmo' ? s.open : e.timing === 'during' ? (s.open + s.close) / 2 : s.close + 60_000;
    const move =
      e.kind === 'fda_decision'
        ? 0.25 + 0.2 * unit(seed, inst.symbol, 'opt-fda', e.date)
        : e.kind === 'trial_readout'
          ? 0.15 + 0.2 * unit(seed, inst.symbol, 'opt-readout', e.date)
          : e.kind === 'earnings'
            ? t.earningsMove
            : 0;
    if (move > 0) surfaceEvents.push({ date: e.date, kind: e.kind, at, variance: move * move });
  }
  return { short, long, skew: t.skew, curvature: t.curvature, events: surfaceEvents };
}

/** Events of the surface that happen after `now` and by `expiryAt`. */
export function spannedEvents(surface: Surface, now: number, expiryAt: number): SurfaceEvent[] {
  return surface.events.filter((e) => e.at > now && e.at <= expiryAt);
}

/** ATM vol for T years, with the event variance of the events between now and the expiry instant. */
export function atmVol(surface: Surface, T: number, now: number, expiryAt: number): number {
  const t = Math.max(T, 1 / (365 * 24 * 60));
  const a = t / TAU;
  const w = a < 1e-6 ? 1 - a / 2 : (1 - Math.exp(-a)) / a;
  let v = surface.long * surface.long + (surface.short * surface.short - surface.long * surface.long) * w;
  for (const e of surface.events) if (e.at > now && e.at <= expiryAt) v += e.variance / t;
  return Math.sqrt(v);
}

/** Standardised moneyness x = ln(K/F)/(σ_atm √T), clamped to ±4. */
export function moneyness(K: number, F: number, atm: number, T: number): number {
  const x = Math.log(K / F) / (atm * Math.sqrt(Math.max(T, 1e-6)));
  return x > 4 ? 4 : x < -4 ? -4 : x;
}

/** The smile: σ at standardised moneyness x. */
export function smileVol(surface: Surface, atm: number, x: number): number {
  return atm * Math.max(0.6, 1 - surface.skew * x + surface.curvature * x * x);
}

// ---------------------------------------------------------------------------------------------------------
// Quotes.

/** Option price tick: $0.01 under $3, $0.05 at $3 and above. */
export function optionTick(price: number): number {
  return price < 3 ? 0.01 : 0.05;
}

function floorTick(p: number): number {
  const t = optionTick(p);
  return Math.floor(p / t + 1e-7) * t;
}
function ceilTick(p: number): number {
  const t = optionTick(p);
  return Math.ceil(p / t - 1e-7) * t;
}
const cents = (p: number) => Math.round(p * 100) / 100;

/** Liquidity multiplier of the spread: √(2M / ADV) clamped to 0.5–4, ×1.5 for underlyings under $5. */
export function liquidityFactor(adv: number | null, spot: number): number {
  const base = adv && adv > 0 ? Math.min(4, Math.max(0.5, Math.sqrt(2e6 / adv))) : 4;
  return spot < 5 ? base * 1.5 : base;
}

/** Bid and ask around a theoretical value (see the header): bid ≥ 0, ask ≥ bid + one tick. */
export function quoteAround(value: number, x: number, liquidity: number): { bid: number; ask: number } {
  const v = Math.max(0, value);
  const half = (liquidity * (0.04 + 0.02 * Math.min(v, 5) + 0.005 * Math.max(0, v - 5)) * (1 + 0.25 * Math.abs(x))) / 2;
  let bid = v - half > 0 ? cents(floorTick(v - half)) : 0;
  let ask = cents(ceilTick(v + half));
  if (ask < 0.01) ask = 0.01;
  if (ask - bid < optionTick(bid) - 1e-9) ask = cents(bid + optionTick(bid));
  if (bid < 0) bid = 0;
  return { bid, ask };
}

/** A last trade near the mark: the mark moved by u (−1..1) half-spreads, on the tick, inside [bid, ask], ≥ $0.01. */
export function lastNear(bid: number, ask: number, u: number): number {
  const mid = (bid + ask) / 2;
  const p = mid + (u * (ask - bid)) / 2;
  const t = optionTick(p);
  const r = cents(Math.round(p / t) * t);
  return Math.max(0.01, Math.min(ask, Math.max(bid, r)));
}

// ---------------------------------------------------------------------------------------------------------
// Volume and open interest.

/** Contracts a day across the whole chain: 0.3 % of the share ADV in contracts, times a per-name interest (0.4–1.6); ETFs ×2. */
export function chainDailyVolume(seed: number, inst: Subject, adv: number | null): number {
  const shares = adv && adv > 0 ? adv : 200_000;
  const interest = 0.4 + 1.2 * unit(seed, inst.symbol, 'opt-interest');
  return Math.max(50, ((shares * 0.3) / 100) * interest * (inst.kind === 'etf' ? 2 : 1));
}

/** Relative activity of an expiry: front expiries busiest, monthlies 1.6×. */
export function expiryWeight(days: number, kind: 'weekly' | 'monthly'): number {
  return Math.exp(-days / 25) * (kind === 'monthly' ? 1.6 : 1) + 0.01;
}

/** Relative activity of a contract by standardised moneyness: a bell around the money, OTM side favoured. */
export function strikeWeight(x: number, type: OptionType, putBias: number): number {
  const g = Math.exp(-0.5 * (x / 1.1) ** 2) + 0.01;
  const otm = type === 'call' ? x > 0 : x < 0;
  return g * (otm ? 1.3 : 0.7) * (type === 'put' ? putBias : 1);
}

/** A name's put appetite (0.6–1.3): the long-run put/call ratio. */
export function putBias(seed: number, symbol: string): number {
  return 0.6 + 0.7 * unit(seed, symbol, 'opt-putbias');
}

/** Day volume and open interest of one contract on a session: share × noise, OI = day volume × (3 + 10·min(1, days/60)) × noise. */
export function contractActivity(seed: number, occ: string, session: string, expectedDayVolume: number, days: number): { dayVolume: number; openInterest: number; lastU: number } {
  const dayVolume = Math.max(0, Math.round(expectedDayVolume * Math.exp(0.5 * hashNormal(seed, occ, session, 'vol') - 0.125)));
  const oiBase = Math.max(expectedDayVolume, 0.2) * (3 + 10 * Math.min(1, days / 60));
  const openInterest = Math.max(0, Math.round(oiBase * Math.exp(0.4 * hashNormal(seed, occ, session, 'oi') - 0.08)));
  const lastU = 2 * unit(seed, occ, session, 'last') - 1;
  return { dayVolume, openInterest, lastU };
}

/** Share of the day's option volume traded by `now`: 0 before the open, linear through the regular session, 1 after. */
export function sessionFraction(session: string, now: number): number {
  const s = sessionFor(session);
  if (!s) return 0;
  if (now <= s.open) return 0;
  if (now >= s.close) return 1;
  return (now - s.open) / (s.close - s.open);
}

/** The Expiry record the contract returns. */
export function expiryRecord(e: ListedExpiry, now: number, surface: Surface): Expiry {
  return { expiry: e.expiry, daysToExpiry: (e.close - now) / DAY_MS, kind: e.kind, spansEvent: spannedEvents(surface, now, e.close).length > 0 };
}

// ---------------------------------------------------------------------------------------------------------
// IV history.

/** The 30-day constant-maturity ATM IV ("IV30") of a surface at `now`, events between now and now + 30 days included. */
export function iv30(surface: Surface, now: number): number {
  return atmVol(surface, 30 / 365, now, now + 30 * DAY_MS);
}

/**
 * The daily IV30 history: for each of the last `count` sessions D of `sessions` (ascending, with `closes[i]` the
 * close of `sessions[i]`), the IV30 at D's close of the surface built from the closes through D. Sessions
 * without 20 earlier returns are skipped, so the history is shorter only when fewer bars are stored.
 */
export function ivHistoryModel(
  seed: number,
  inst: Subject,
  closes: readonly number[],
  sessions: readonly string[],
  events: readonly CorporateEvent[],
  count = 252,
): { date: string; iv: number }[] {
  const out: { date: string; iv: number }[] = [];
  const first = Math.max(20, closes.length - count);
  for (let j = first; j < closes.length; j++) {
    const date = sessions[j]!;
    const s = sessionFor(date);
    if (!s) continue;
    const surface = buildSurface(seed, inst, closes.slice(Math.max(0, j - 120), j + 1), sessions.slice(Math.max(0, j - 9), j + 1), events);
    out.push({ date, iv: iv30(surface, s.close) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// One underlying on one session, and the contracts of its expiries.

/** Dividend yield used for pricing: 0 for stocks, 1.0–2.5 % for ETFs. */
export function dividendYield(seed: number, inst: Subject): number {
  return inst.kind === 'etf' ? Math.round((0.01 + 0.015 * unit(seed, inst.symbol, 'opt-q')) * 10_000) / 10_000 : 0;
}

export interface ChainDayInput {
  seed: number;
  inst: Subject;
  /** The session the chain is for (New York date). */
  sessionDate: string;
  /** Daily closes before that session, ascending, and their session dates. */
  closes: readonly number[];
  sessions: readonly string[];
  /** Scheduled events of the name from the session on (through the last expiry). */
  events: readonly CorporateEvent[];
  /** 20-day average share volume. */
  adv: number | null;
  /** Reference price when no close is stored (the quote's previous close). */
  fallbackRef: number;
}

/** Everything about one underlying that is fixed for a session. */
export interface ChainDay {
  readonly seed: number;
  readonly inst: Subject;
  readonly sessionDate: string;
  /** Reference price: the previous session's close. */
  readonly ref: number;
  readonly increment: number;
  readonly surface: Surface;
  readonly q: number;
  readonly liquidity: number;
  /** Expected contracts a day over the whole chain. */
  readonly chainVolume: number;
  readonly putBias: number;
  /** Expiries listed at the session's pre-open. */
  readonly expiries: readonly ListedExpiry[];
  readonly expiryWeightSum: number;
  /** The session's 09:30 open (reference time for activity). */
  readonly open: number;
}

export function chainDay(input: ChainDayInput): ChainDay {
  const { seed, inst, sessionDate } = input;
  const s = sessionFor(sessionDate);
  if (!s) throw new RangeError(`${sessionDate} is not a trading day`);
  const ref = input.closes.length ? input.closes[input.closes.length - 1]! : input.fallbackRef;
  const sessions = [...input.sessions, sessionDate];
  const surface = buildSurface(seed, inst, input.closes, sessions, input.events);
  const expiries = listExpiries(sessionDate, s.preOpen);
  let expiryWeightSum = 0;
  for (const e of expiries) expiryWeightSum += expiryWeight((e.close - s.open) / DAY_MS, e.kind);
  return {
    seed,
    inst,
    sessionDate,
    ref,
    increment: strikeIncrement(ref, inst.kind),
    surface,
    q: dividendYield(seed, inst),
    liquidity: liquidityFactor(input.adv, ref),
    chainVolume: chainDailyVolume(seed, inst, input.adv),
    putBias: putBias(seed, inst.symbol),
    expiries,
    expiryWeightSum,
    open: s.open,
  };
}

/** The fixed-for-the-day parts of one expiry: how activity is spread over its strikes. */
export interface ExpiryBasis {
  readonly expiry: ListedExpiry;
  /** Days from the session's open to expiry; ATM vol then, and the strike-weight normaliser of the base ladder. */
  readonly refDays: number;
  readonly refAtm: number;
  readonly strikeWeightSum: number;
  /** Expected contracts a day for this expiry. */
  readonly volume: number;
}

export function expiryBasis(day: ChainDay, expiry: ListedExpiry): ExpiryBasis {
  const refDays = Math.max((expiry.close - day.open) / DAY_MS, 1 / 24);
  const T = refDays / 365;
  const refAtm = atmVol(day.surface, T, day.open, expiry.close);
  let sum = 0;
  for (const K of strikeLadder(day.ref, day.ref, refDays, day.increment)) {
    const x = moneyness(K, day.ref, refAtm, T);
    sum += strikeWeight(x, 'call', day.putBias) + strikeWeight(x, 'put', day.putBias);
  }
  const share = day.expiryWeightSum > 0 ? expiryWeight(refDays, expiry.kind) / day.expiryWeightSum : 0;
  return { expiry, refDays, refAtm, strikeWeightSum: sum, volume: day.chainVolume * share };
}

/** The listed, session-stable facts of one contract: symbol, day volume, open interest and its last-trade offset. */
export interface ContractFacts {
  readonly symbol: string;
  readonly dayVolume: number;
  readonly openInterest: number;
  readonly lastU: number;
}

export function contractFacts(day: ChainDay, basis: ExpiryBasis, strike: number, type: OptionType): ContractFacts {
  const symbol = formatOccSymbol({ underlying: day.inst.symbol, expiry: basis.expiry.expiry, type, strike });
  const x = moneyness(strike, day.ref, basis.refAtm, basis.refDays / 365);
  const expected = basis.strikeWeightSum > 0 ? (basis.volume * strikeWeight(x, type, day.putBias)) / basis.strikeWeightSum : 0;
  return { symbol, ...contractActivity(day.seed, symbol, day.sessionDate, expected, basis.refDays) };
}

/** The live pricing context of one expiry: spot, time, rate and the ATM vol now. */
export interface PricingContext {
  readonly S: number;
  readonly T: number;
  readonly r: number;
  readonly F: number;
  readonly atm: number;
  /** Share of the day's volume traded so far. */
  readonly traded: number;
}

export function pricingContext(day: ChainDay, expiry: ListedExpiry, spot: number, r: number, now: number): PricingContext {
  const T = Math.max(0, (expiry.close - now) / DAY_MS / 365);
  return { S: spot, T, r, F: spot * Math.exp((r - day.q) * T), atm: atmVol(day.surface, T, now, expiry.close), traded: sessionFraction(day.sessionDate, now) };
}

/** Six decimals: what a chain shows, and a third less JSON than full doubles. */
const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Writes one side of a chain row (BSM at the surface IV, spread, last, volume, OI) through `g` (scratch Greeks):
 * the wire shape, without the underlying, expiry, strike and type the chain and row state. Bid, ask and last are
 * on the tick (cents), the mark is rounded to 4 decimals, IV, delta, theta, vega and rho to 6 and gamma to 8
 * (chains are read, not re-solved; the chain view shows at most 4).
 */
export function chainQuote(day: ChainDay, ctx: PricingContext, strike: number, type: OptionType, facts: ContractFacts, g: Greeks): ChainQuote {
  const x = moneyness(strike, ctx.F, ctx.atm, ctx.T);
  const iv = smileVol(day.surface, ctx.atm, x);
  bsmInto(g, type, ctx.S, strike, ctx.r, day.q, iv, ctx.T);
  const { bid, ask } = quoteAround(g.price, x, day.liquidity);
  return {
    symbol: facts.symbol,
    bid,
    ask,
    last: lastNear(bid, ask, facts.lastU),
    mark: Math.round(((bid + ask) / 2) * 10_000) / 10_000,
    iv: r6(iv),
    delta: r6(g.delta),
    gamma: Math.round(g.gamma * 1e8) / 1e8,
    theta: r6(g.theta),
    vega: r6(g.vega),
    rho: r6(g.rho),
    volume: Math.round(facts.dayVolume * ctx.traded),
    openInterest: facts.openInterest,
    inTheMoney: type === 'call' ? strike < ctx.S : strike > ctx.S,
  };
}

/** One contract's full quote (a single contract, a position, a leg): `chainQuote` with its underlying, expiry, strike and type. */
export function quoteContract(day: ChainDay, expiry: string, ctx: PricingContext, strike: number, type: OptionType, facts: ContractFacts, g: Greeks): OptionQuote {
  const { symbol, ...q } = chainQuote(day, ctx, strike, type, facts, g);
  return { symbol, underlying: day.inst.symbol, expiry, strike, type, ...q };
}
