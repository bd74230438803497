/**
 * Number and time formatting for everything on screen (NUMBERS.md "Money and time"): prices to the
 * instrument's tick, percentages to 2 decimals, compact sizes, times in New York.
 */
import { nyOffsetMs, nyParts, pad2, WEEKDAY_NAMES } from './ny-time';

const DASH = '—';

/** Decimals of a US stock's tick: 2 at or above $1, 4 below. */
export function priceDecimals(price: number): 2 | 4 {
  return Math.abs(price) >= 1 ? 2 : 4;
}

/** Rounds half away from zero to `decimals`, immune to binary artefacts such as 1.005 → 1.00. */
export function roundTo(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  const sign = value < 0 ? -1 : 1;
  // Shift the decimal exponent rather than multiplying (no 1.005 × 100 = 100.49999 surprises); going through
  // toExponential keeps values JavaScript prints in exponent form (1.2e-17) working.
  const [mantissa, exponent] = Math.abs(value).toExponential().split('e') as [string, string];
  const shifted = Math.round(Number(`${mantissa}e${Number(exponent) + decimals}`));
  const [m2, e2] = shifted.toExponential().split('e') as [string, string];
  return sign * Number(`${m2}e${Number(e2) - decimals}`);
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(decimals: number, sign: boolean): Intl.NumberFormat {
  const key = `${decimals}:${sign}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
      signDisplay: sign ? 'exceptZero' : 'auto',
    });
    numberFormats.set(key, f);
  }
  return f;
}

function isNum(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** A price rounded to its tick, e.g. 12.35 or 0.4312; `ref` (the instrument's price) picks the tick. */
export function formatPrice(price: number | null | undefined, ref?: number | null): string {
  if (!isNum(price)) return DASH;
  const d = priceDecimals(isNum(ref) ? ref : price);
  return numberFormat(d, false).format(roundTo(price, d));
}

/** A signed price difference at the instrument's tick: +0.12, -0.0450, 0.00. */
export function formatChange(change: number | null | undefined, ref: number | null | undefined): string {
  if (!isNum(change)) return DASH;
  const d = priceDecimals(isNum(ref) ? ref : change);
  return numberFormat(d, true).format(roundTo(change, d));
}

/** A signed percentage to 2 decimals: +1.23%. */
export function formatPct(pct: number | null | undefined): string {
  if (!isNum(pct)) return DASH;
  return `${numberFormat(2, true).format(roundTo(pct, 2))}%`;
}

/** An integer with thousands separators. */
export function formatInt(n: number | null | undefined): string {
  if (!isNum(n)) return DASH;
  return numberFormat(0, false).format(Math.round(n));
}

const UNITS = [
  { v: 1e12, s: 'T' },
  { v: 1e9, s: 'B' },
  { v: 1e6, s: 'M' },
  { v: 1e3, s: 'K' },
] as const;

/** Compact size for caps, floats and volumes: 1.2B, 350M, 12.5K, 999. */
export function formatCompact(n: number | null | undefined): string {
  if (!isNum(n)) return DASH;
  const sign = n < 0 ? '-' : '';
  const a = Math.abs(n);
  // Walk units from the smallest up so a value that rounds to 1000 of one unit moves to the next.
  let text = String(Math.round(a));
  if (Math.round(a) < 1000) return sign + text;
  for (let i = UNITS.length - 1; i >= 0; i--) {
    const u = UNITS[i]!;
    const x = a / u.v;
    const decimals = x >= 100 ? 0 : 1;
    const rounded = roundTo(x, decimals);
    text = `${rounded.toFixed(decimals)}${u.s}`;
    if (rounded < 1000 || i === 0) return sign + text;
  }
  return sign + text;
}

/** New York time of day, HH:MM:SS (or HH:MM). */
export function formatNyTime(ms: number | null | undefined, seconds = true): string {
  if (!isNum(ms)) return DASH;
  const p = nyParts(ms);
  return seconds ? `${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}` : `${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** New York date and time, YYYY-MM-DD HH:MM:SS. */
export function formatNyDateTime(ms: number | null | undefined): string {
  if (!isNum(ms)) return DASH;
  const p = nyParts(ms);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

/** Short New York weekday name of an instant. */
export function formatNyWeekday(ms: number): string {
  return WEEKDAY_NAMES[nyParts(ms).weekday]!;
}

/** "ET" label suffix: EDT in summer, EST in winter. */
export function nyZoneAbbrev(ms: number): string {
  return nyOffsetMs(ms) === -4 * 3_600_000 ? 'EDT' : 'EST';
}

/** A short age such as 3s, 4m, 2h, 5d. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** CSS class for a signed change: up, down or flat. */
export function changeClass(change: number | null | undefined): 'up' | 'down' | 'flat' {
  if (!isNum(change) || change === 0) return 'flat';
  return change > 0 ? 'up' : 'down';
}
