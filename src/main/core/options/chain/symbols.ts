/**
 * OCC-style option symbols: root + YYMMDD + C/P + strike × 1000 zero-padded to 8 digits, with no padding of the
 * root (ACME261218C00012500 = ACME call, strike 12.50, expiring 2026-12-18). One format everywhere (chains,
 * cards, orders, positions), so a symbol read back parses to exactly the contract that wrote it.
 */
import type { OptionType } from '../../../../shared/contract';

export interface OccParts {
  underlying: string;
  /** YYYY-MM-DD. */
  expiry: string;
  type: OptionType;
  strike: number;
}

const OCC_RE = /^([A-Z][A-Z0-9.-]{0,15}?)(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;
const MAX_STRIKE_THOUSANDTHS = 99_999_999;

/** Formats a contract's symbol; throws a RangeError for a strike that is not a positive multiple of 0.001 under 100,000. */
export function formatOccSymbol(p: OccParts): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(p.expiry);
  if (!m || m[1]!.slice(0, 2) !== '20') throw new RangeError(`expiry must be YYYY-MM-DD in 2000–2099, got ${p.expiry}`);
  const k = Math.round(p.strike * 1000);
  if (!(k > 0 && k <= MAX_STRIKE_THOUSANDTHS) || Math.abs(k - p.strike * 1000) > 1e-6) throw new RangeError(`strike must be a positive multiple of 0.001 under 100,000, got ${p.strike}`);
  return `${p.underlying.toUpperCase()}${m[1]!.slice(2)}${m[2]}${m[3]}${p.type === 'call' ? 'C' : 'P'}${String(k).padStart(8, '0')}`;
}

/** Parses a symbol (case-insensitive); null when it is not a well-formed contract symbol with a real calendar date. */
export function parseOccSymbol(symbol: string): OccParts | null {
  const m = OCC_RE.exec(symbol.trim().toUpperCase());
  if (!m) return null;
  const expiry = `20${m[2]}-${m[3]}-${m[4]}`;
  const d = new Date(`${expiry}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== expiry) return null;
  const strike = Number(m[6]) / 1000;
  if (!(strike > 0)) return null;
  return { underlying: m[1]!, expiry, type: m[5] === 'C' ? 'call' : 'put', strike };
}
