/**
 * Pure logic of the options desk: the chain's configurable columns (persisted in localStorage), cell values
 * and their formatting (IV in %, Greeks to fixed decimals, prices to the tick), the at-the-money marker's
 * place, expiry labels, keyboard movement, and legs made from chain clicks or edits. Kept free of React so
 * the rules are unit-tested.
 */
import { quoteOfRow, type ChainQuote, type ChainRow, type Expiry, type Leg, type OptionChain, type OptionQuote, type OptionType, type Strategy, type StrategyTemplate } from '../../../../shared/contract/options-schemas';
import { formatCompact, formatInt, formatPrice } from '../../lib/format';

/** A column of one side of the chain. */
export type ColumnId = 'bid' | 'ask' | 'last' | 'mark' | 'iv' | 'delta' | 'gamma' | 'theta' | 'vega' | 'oi' | 'volume';

/** Column metadata: short header, long title, and the quote value it reads. */
export interface ColumnDef {
  id: ColumnId;
  label: string;
  title: string;
}

/** Every column in display order (puts left→right; calls mirror it so bid/ask sit next to the strike). */
export const COLUMN_DEFS: readonly ColumnDef[] = [
  { id: 'bid', label: 'Bid', title: 'Bid (click: add a sell leg at the bid)' },
  { id: 'ask', label: 'Ask', title: 'Ask (click: add a buy leg at the ask)' },
  { id: 'last', label: 'Last', title: 'Last trade' },
  { id: 'mark', label: 'Mark', title: 'Mark: (bid + ask) / 2' },
  { id: 'iv', label: 'IV', title: 'Implied volatility, % (Black–Scholes–Merton)' },
  { id: 'delta', label: 'Δ', title: 'Delta per 1.00 of the underlying' },
  { id: 'gamma', label: 'Γ', title: 'Gamma per 1.00 of the underlying' },
  { id: 'theta', label: 'Θ', title: 'Theta per calendar day, $ per share' },
  { id: 'vega', label: 'Vega', title: 'Vega per 1 volatility point, $ per share' },
  { id: 'oi', label: 'OI', title: 'Open interest, contracts' },
  { id: 'volume', label: 'Vol', title: 'Volume today, contracts' },
];

export const DEFAULT_COLUMNS: readonly ColumnId[] = ['bid', 'ask', 'last', 'iv', 'delta', 'oi', 'volume'];
export const COLUMNS_STORAGE_KEY = 'kestrel.options.columns';

const ALL_IDS = new Set<string>(COLUMN_DEFS.map((c) => c.id));

/** Normalises a stored or edited column set: known ids only, in display order, at least one column. */
export function normaliseColumns(ids: readonly string[]): ColumnId[] {
  const wanted = new Set(ids.filter((id) => ALL_IDS.has(id)));
  const out = COLUMN_DEFS.filter((c) => wanted.has(c.id)).map((c) => c.id);
  return out.length > 0 ? out : [...DEFAULT_COLUMNS];
}

/** Reads the persisted column set (defaults when absent or unreadable). */
export function loadColumns(storage: Pick<Storage, 'getItem'> | null = safeStorage()): ColumnId[] {
  try {
    const raw = storage?.getItem(COLUMNS_STORAGE_KEY);
    if (!raw) return [...DEFAULT_COLUMNS];
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? normaliseColumns(parsed.filter((x): x is string => typeof x === 'string')) : [...DEFAULT_COLUMNS];
  } catch {
    return [...DEFAULT_COLUMNS];
  }
}

/** Persists a column set. */
export function saveColumns(ids: readonly ColumnId[], storage: Pick<Storage, 'setItem'> | null = safeStorage()): void {
  try {
    storage?.setItem(COLUMNS_STORAGE_KEY, JSON.stringify(ids));
  } catch {
    // Private mode or a full quota: the choice lasts for this window only.
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Toggles one column (the last one cannot be removed). */
export function toggleColumn(ids: readonly ColumnId[], id: ColumnId): ColumnId[] {
  const on = ids.includes(id);
  if (on && ids.length === 1) return [...ids];
  return normaliseColumns(on ? ids.filter((x) => x !== id) : [...ids, id]);
}

/** A cell's text. IV shows as a percentage to 2 decimals; prices to the tick of the option's price. */
export function cellText(q: ChainQuote, id: ColumnId): string {
  switch (id) {
    case 'bid':
      return formatPrice(q.bid, q.bid > 0 ? q.bid : 1);
    case 'ask':
      return formatPrice(q.ask, q.ask > 0 ? q.ask : 1);
    case 'last':
      return formatPrice(q.last, q.last > 0 ? q.last : 1);
    case 'mark':
      return formatPrice(q.mark, q.mark > 0 ? q.mark : 1);
    case 'iv':
      return formatIv(q.iv);
    case 'delta':
      return fixed(q.delta, 3);
    case 'gamma':
      return fixed(q.gamma, 4);
    case 'theta':
      return fixed(q.theta, 3);
    case 'vega':
      return fixed(q.vega, 3);
    case 'oi':
      return q.openInterest >= 100_000 ? formatCompact(q.openInterest) : formatInt(q.openInterest);
    case 'volume':
      return q.volume >= 100_000 ? formatCompact(q.volume) : formatInt(q.volume);
  }
}

/** A decimal IV as a percentage: 0.6523 → "65.23%". */
export function formatIv(iv: number | null | undefined): string {
  return typeof iv === 'number' && Number.isFinite(iv) ? `${(iv * 100).toFixed(2)}%` : '—';
}

/** Fixed decimals without a negative zero. */
export function fixed(v: number, d: number): string {
  if (!Number.isFinite(v)) return '—';
  const s = v.toFixed(d);
  // No "-0.000".
  return Number(s) === 0 ? (0).toFixed(d) : s;
}

/** Whether two quotes show the same thing in the given columns (a row re-renders only when one differs). */
export function sameCells(a: ChainQuote, b: ChainQuote, cols: readonly ColumnId[]): boolean {
  if (a === b) return true;
  if (a.inTheMoney !== b.inTheMoney || a.symbol !== b.symbol) return false;
  return cols.every((c) => cellText(a, c) === cellText(b, c));
}

/** Index of the row before which the spot marker goes (rows sorted by strike ascending); rows.length = after all. */
export function spotMarkerIndex(rows: readonly Pick<ChainRow, 'strike'>[], spot: number): number {
  const i = rows.findIndex((r) => r.strike > spot);
  return i === -1 ? rows.length : i;
}

/** "Dec 18" of an expiry date (a calendar date, no time zone involved). */
export function expiryLabel(expiry: string): string {
  const [y, m, d] = expiry.split('-').map(Number);
  if (!y || !m || !d) return expiry;
  return `${MONTHS[m - 1]} ${d}`;
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Days to expiry in words: "0.3d" under a day, else whole days. */
export function dteLabel(days: number): string {
  if (!Number.isFinite(days)) return '—';
  return days < 1 ? `${Math.max(0, days).toFixed(1)}d` : `${Math.round(days)}d`;
}

/** The accessible name of an expiry tab. */
export function expiryAria(e: Expiry): string {
  return `${e.kind} expiry ${e.expiry}, ${dteLabel(e.daysToExpiry)} to expiry${e.spansEvent ? ', spans an earnings or FDA date' : ''}`;
}

/** A keyboard cursor in the chain: which strike row and which side. */
export interface ChainCursor {
  strike: number;
  side: OptionType;
}

/** Moves the cursor `delta` rows (clamped); from nothing it starts at the at-the-money row. */
export function moveCursor(rows: readonly Pick<ChainRow, 'strike'>[], cursor: ChainCursor | null, delta: number, atmStrike: number): ChainCursor | null {
  if (rows.length === 0) return null;
  const side = cursor?.side ?? 'call';
  let i = cursor ? rows.findIndex((r) => r.strike === cursor.strike) : -1;
  if (i === -1) {
    i = rows.findIndex((r) => r.strike === atmStrike);
    if (i === -1) i = 0;
    return { strike: rows[i]!.strike, side };
  }
  const j = Math.min(rows.length - 1, Math.max(0, i + delta));
  return { strike: rows[j]!.strike, side };
}

/** A leg from a chain quote: buying pays the ask, selling takes the bid (the mark when that side is empty). */
export function legFromQuote(q: OptionQuote, side: Leg['side'], ratio = 1): Leg {
  const px = side === 'buy' ? q.ask : q.bid;
  return {
    symbol: q.symbol,
    kind: 'option',
    type: q.type,
    strike: q.strike,
    expiry: q.expiry,
    side,
    ratio,
    price: round4(px > 0 ? px : q.mark),
    iv: q.iv > 0 ? q.iv : null,
  };
}

function round4(v: number): number {
  return Math.round(v * 10_000) / 10_000;
}

/** Adds a leg; the strategy becomes a custom one (its shape no longer matches a template). */
export function addLeg(strategy: Strategy | null, underlying: string, leg: Leg): Strategy {
  if (!strategy || strategy.underlying !== underlying) return { template: 'custom', underlying, quantity: strategy?.quantity ?? 1, legs: [leg] };
  if (strategy.legs.length >= MAX_LEGS) return strategy;
  return { ...strategy, template: 'custom', legs: [...strategy.legs, leg] };
}
export const MAX_LEGS = 8;

/** Removes leg `i` (custom from then on); null when no leg is left. */
export function removeLeg(strategy: Strategy, i: number): Strategy | null {
  const legs = strategy.legs.filter((_, k) => k !== i);
  return legs.length === 0 ? null : { ...strategy, template: 'custom', legs };
}

/** A leg edit from the legs table. */
export type LegEdit = { kind: 'strike'; strike: number } | { kind: 'side'; side: Leg['side'] } | { kind: 'ratio'; ratio: number } | { kind: 'price'; price: number };

/**
 * Applies an edit to leg `i`. A new strike takes that contract from the chain (symbol, price at the side's
 * touch, IV) and keeps the template; changing a side or a ratio changes the shape, so the strategy becomes
 * custom. Invalid edits (no such strike in the chain, ratio < 1, a negative price) leave it unchanged.
 */
export function editLeg(strategy: Strategy, i: number, edit: LegEdit, chain: OptionChain | null): Strategy {
  const leg = strategy.legs[i];
  if (!leg) return strategy;
  let next: Leg | null = null;
  let template: StrategyTemplate = strategy.template;
  switch (edit.kind) {
    case 'strike': {
      if (leg.kind !== 'option' || !leg.type || !chain || chain.expiry !== leg.expiry) return strategy;
      const row = chain.rows.find((r) => r.strike === edit.strike);
      if (!row) return strategy;
      next = { ...legFromQuote(quoteOfRow(chain, row, leg.type), leg.side, leg.ratio) };
      break;
    }
    case 'side':
      if (edit.side === leg.side) return strategy;
      next = { ...leg, side: edit.side };
      template = 'custom';
      break;
    case 'ratio':
      if (!Number.isInteger(edit.ratio) || edit.ratio < 1 || edit.ratio > 1_000) return strategy;
      next = { ...leg, ratio: edit.ratio };
      template = 'custom';
      break;
    case 'price':
      if (!Number.isFinite(edit.price) || edit.price < 0) return strategy;
      next = { ...leg, price: edit.price };
      break;
  }
  return { ...strategy, template, legs: strategy.legs.map((l, k) => (k === i ? next! : l)) };
}

/** "Debit $1.25" / "Credit $0.80" of a per-unit dollar amount (positive = debit), per share and per unit. */
export function debitCreditLabel(netDebitDollars: number, multiplier: number): { kind: 'Debit' | 'Credit' | 'Even'; perShare: number; dollars: number } {
  const kind = netDebitDollars > 1e-9 ? 'Debit' : netDebitDollars < -1e-9 ? 'Credit' : 'Even';
  return { kind, perShare: Math.abs(netDebitDollars) / multiplier, dollars: Math.abs(netDebitDollars) };
}

/** Template names as traders say them. */
export const TEMPLATE_LABELS: Record<StrategyTemplate, string> = {
  iron_condor: 'Iron condor',
  bull_put_spread: 'Bull put spread',
  bear_call_spread: 'Bear call spread',
  covered_call: 'Covered call',
  long_straddle: 'Long straddle',
  custom: 'Custom',
};

/** A leg in words: "−1 C 215 Dec 18" / "+100 IWM". */
export function legLabel(l: Leg): string {
  const sign = l.side === 'buy' ? '+' : '−';
  if (l.kind === 'stock') return `${sign}${l.ratio} ${l.symbol}`;
  return `${sign}${l.ratio} ${l.type === 'call' ? 'C' : 'P'} ${l.strike ?? '?'} ${l.expiry ? expiryLabel(l.expiry) : ''}`.trim();
}

/** Clamps a what-if slider's value into its range (the days slider's range follows the expiry). */
export function clampDays(days: number, daysToExpiry: number): number {
  return Math.max(0, Math.min(Math.floor(daysToExpiry), Math.round(days)));
}

/** One payoff point (the contract's PayoffPoint). */
export interface PayoffPoint {
  price: number;
  expiry: number;
  today: number;
  atDate: number | null;
}

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

/**
 * The part of the engine's payoff grid worth drawing, resampled onto `n` evenly spaced prices: from below the
 * lowest of strikes, breakevens and spot to above the highest, padded by 5 % of spot or half the span. The chart
 * places points by index, so an even grid keeps its price axis linear; the expiry curve is piecewise linear
 * between the engine's points (which include every strike and breakeven), so interpolating it is exact up to
 * one step. Needs at least two points inside; otherwise returns the input unchanged.
 */
export function payoffWindow(points: readonly PayoffPoint[], marks: readonly number[], n = 161): PayoffPoint[] {
  const xs = marks.filter((x) => Number.isFinite(x) && x > 0);
  if (points.length < 2 || xs.length === 0) return [...points];
  const lo0 = Math.min(...xs);
  const hi0 = Math.max(...xs);
  const pad = Math.max(0.05 * hi0, 0.5 * (hi0 - lo0));
  const lo = Math.max(points[0]!.price, lo0 - pad);
  const hi = Math.min(points[points.length - 1]!.price, hi0 + pad);
  if (!(hi > lo)) return [...points];
  const out: PayoffPoint[] = [];
  let j = 0;
  for (let i = 0; i < n; i++) {
    const x = lo + ((hi - lo) * i) / (n - 1);
    while (j < points.length - 2 && points[j + 1]!.price < x) j++;
    const a = points[j]!;
    const b = points[j + 1]!;
    const t = b.price === a.price ? 0 : Math.min(1, Math.max(0, (x - a.price) / (b.price - a.price)));
    out.push({
      price: x,
      expiry: lerp(a.expiry, b.expiry, t),
      today: lerp(a.today, b.today, t),
      atDate: a.atDate === null || b.atDate === null ? null : lerp(a.atDate, b.atDate, t),
    });
  }
  return out;
}

/**
 * The strikes worth charting (smile, pain curve): spot ± the larger of three expected moves and 10 % of spot,
 * widened to include `keep` (max pain). Far wings priced at the minimum tick carry IVs that say nothing.
 */
export function strikeRange(spot: number, expectedMove: number, keep: readonly number[] = []): { lo: number; hi: number } {
  const half = Math.max(3 * Math.abs(expectedMove), 0.1 * spot);
  const ks = keep.filter(Number.isFinite);
  return { lo: Math.min(spot - half, ...ks), hi: Math.max(spot + half, ...ks) };
}

/**
 * Zero for magnitudes below 1e-6: Greeks at expiry come out as 1e-17 and the like, which must show as 0 (and
 * which lib/format's decimal-string rounding cannot read, since JavaScript prints them in exponent form).
 */
export function tidy(v: number): number {
  return Math.abs(v) < 1e-6 ? 0 : v;
}
