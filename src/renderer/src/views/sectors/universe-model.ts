/**
 * Pure logic of the Universe dialog: the "180M" / "1.2B" shorthand parser, the what-if form's validation into a
 * `universe.evaluate` candidate, filling the form from a universe row, and the exclusions table's filter.
 */
import { EXCHANGES } from '../../../../shared/contract/schemas';
import type { UniverseCandidate, UniverseMember } from '../../../../shared/contract/sector-schemas';
import type { SectorId } from '../../../../shared/sectors';

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, t: 1e12 };

/** Result of parsing one numeric field. */
export type ParseResult = { ok: true; value: number } | { ok: false; error: string };

/**
 * Parses a non-negative amount with an optional K/M/B/T suffix (case-insensitive), a leading `$` and thousands
 * commas: "180M" → 180e6, "1.2B", "950k", "$2,500,000", "2.1 M". With `suffix: false` only a plain number is read.
 */
export function parseShorthand(text: string, opts: { suffix?: boolean } = {}): ParseResult {
  const allowSuffix = opts.suffix ?? true;
  const raw = text.trim();
  if (raw === '') return { ok: false, error: 'Required' };
  const m = /^\$?\s*((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)\s*([kmbtKMBT])?$/.exec(raw);
  if (!m) {
    if (/^-/.test(raw.replace(/^\$/, ''))) return { ok: false, error: 'Must not be negative' };
    return { ok: false, error: allowSuffix ? 'Not a number (e.g. 180M, 1.2B, 950K)' : 'Not a number' };
  }
  const suffix = m[2];
  if (suffix && !allowSuffix) return { ok: false, error: 'Not a number' };
  const base = Number(m[1]!.replace(/,/g, ''));
  const value = suffix ? base * SUFFIX[suffix.toLowerCase()]! : base;
  if (!Number.isFinite(value)) return { ok: false, error: 'Too large' };
  // Undo binary noise from the multiplication (1.2 * 1e9 = 1200000000.0000002).
  return { ok: true, value: Number(value.toPrecision(15)) };
}

/**
 * The shortest exact shorthand of a non-negative amount: 180000000 → "180M", 1234567 → "1.234567M", 950 → "950".
 * Exact to the whole unit, so a member filled into the form evaluates as the universe saw it.
 */
export function toShorthand(value: number): string {
  if (!Number.isFinite(value) || value < 0) return '';
  // Whole units: a fractional dollar of market cap (229251140.43) is noise in a what-if form.
  const n = value >= 1000 ? Math.round(value) : value;
  const units: [number, string, number][] = [
    [1e12, 'T', 12],
    [1e9, 'B', 9],
    [1e6, 'M', 6],
    [1e3, 'K', 3],
  ];
  for (const [v, s, digits] of units) {
    if (n >= v) {
      const text = (n / v).toFixed(digits).replace(/\.?0+$/, '');
      const back = parseShorthand(text + s);
      if (back.ok && back.value === n) return text + s;
      return String(n);
    }
  }
  return String(n);
}

/** The what-if form's raw text. */
export interface WhatIfForm {
  symbol: string;
  marketCap: string;
  avgVolume20: string;
  price: string;
  float: string;
  exchange: string;
}

/** A form field name. */
export type WhatIfField = keyof WhatIfForm;

/** An empty form (NASDAQ preselected). */
export const EMPTY_FORM: WhatIfForm = { symbol: '', marketCap: '', avgVolume20: '', price: '', float: '', exchange: 'NASDAQ' };

/** Validation outcome: the candidate to send, or a message per field that cannot be read. */
export type WhatIfValidation = { ok: true; candidate: UniverseCandidate } | { ok: false; errors: Partial<Record<WhatIfField, string>> };

/** Normalised symbol: trimmed, upper case. */
export function normaliseSymbol(text: string): string {
  return text.trim().toUpperCase();
}

/** Checks every field; nothing is sent while any field fails. */
export function validateWhatIf(form: WhatIfForm): WhatIfValidation {
  const errors: Partial<Record<WhatIfField, string>> = {};
  const symbol = normaliseSymbol(form.symbol);
  if (symbol === '') errors.symbol = 'Required';
  else if (symbol.length > 12) errors.symbol = 'At most 12 characters';
  else if (!/^[A-Z][A-Z0-9.-]*$/.test(symbol)) errors.symbol = 'Letters, digits, dot or dash; starts with a letter';

  const read = (field: 'marketCap' | 'avgVolume20' | 'float' | 'price', suffix: boolean): number => {
    const r = parseShorthand(form[field], { suffix });
    if (!r.ok) {
      errors[field] = r.error;
      return 0;
    }
    return r.value;
  };
  const marketCap = read('marketCap', true);
  const avgVolume20 = read('avgVolume20', true);
  const price = read('price', false);
  const float = read('float', true);
  if (errors.price === undefined && price <= 0) errors.price = 'Must be above 0';
  if (!(EXCHANGES as readonly string[]).includes(form.exchange)) errors.exchange = 'Pick an exchange';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, candidate: { symbol, marketCap, avgVolume20, price, float, exchange: form.exchange } };
}

/** The form filled from a universe row, so the trader can change one value and re-evaluate. */
export function memberToForm(m: UniverseMember): WhatIfForm {
  return {
    symbol: m.symbol,
    marketCap: toShorthand(m.marketCap),
    avgVolume20: toShorthand(m.avgVolume20),
    price: String(m.price),
    float: toShorthand(m.float),
    exchange: m.exchange,
  };
}

/** Which rows the table lists. */
export type StatusFilter = 'excluded' | 'included' | 'all';

/** Rows matching the status, sector and symbol/name text filters, in the engine's order. */
export function filterMembers(
  rows: readonly UniverseMember[],
  f: { status: StatusFilter; sector: SectorId | 'all' | 'none'; text: string },
): UniverseMember[] {
  const q = f.text.trim().toUpperCase();
  return rows.filter(
    (r) =>
      (f.status === 'all' || r.included === (f.status === 'included')) &&
      (f.sector === 'all' || (f.sector === 'none' ? r.sector === null : r.sector === f.sector)) &&
      (q === '' || r.symbol.startsWith(q) || r.name.toUpperCase().includes(q)),
  );
}

/** Member counts by tier. */
export function tierCounts(rows: readonly UniverseMember[]): { members: number; micro: number; small: number; excluded: number } {
  let micro = 0;
  let small = 0;
  let excluded = 0;
  for (const r of rows) {
    if (!r.included) excluded++;
    else if (r.tier === 'micro') micro++;
    else small++;
  }
  return { members: micro + small, micro, small, excluded };
}

/** "micro-cap" / "small-cap" for a tier. */
export function tierLabel(tier: 'micro' | 'small' | null): string {
  return tier === 'micro' ? 'micro-cap' : tier === 'small' ? 'small-cap' : '—';
}
