/**
 * The simulator's corporate-events calendar, for the event_window guardrail: every simulated stock reports
 * earnings four times a year, and biotech and pharma names also get the odd FDA decision date. Seeded like the
 * rest of the simulator (a hash of seed, symbol and labels), so the same seed gives the same calendar everywhere.
 *
 * Earnings follow the real rhythm: each company reports a fixed lag (22–45 days, its own) after each quarter's end,
 * a week or two later for the fourth quarter (the annual report), ±3 days of per-quarter jitter, moved forward to
 * the next trading day when it falls on a weekend or holiday. A company usually reports at the same time of day
 * (before the open or after the close) and switches about one quarter in ten. ETFs have no events.
 *
 * Events are generated per calendar year, and every year's events fall inside that year, so any query window
 * sees the same events as any other covering the same dates.
 */
import type { Instrument } from '../../../../shared/contract/schemas';
import type { CorporateEvent } from '../../trading/guardrails/types';
import { isTradingDay, nextTradingDay } from '../calendar';
import { hash32 } from './random';

export const EVENTS_SOURCE = 'simulator';

/** Industries whose names get FDA decision dates. */
const FDA_INDUSTRIES = new Set(['Biotechnology', 'Pharmaceuticals']);
/** Share of drug names with an FDA decision in a given year, and with a second one. */
const FDA_ONE = 0.4;
const FDA_TWO = 0.1;
const TWO_POW_32 = 4_294_967_296;
const DAY_MS = 86_400_000;
const CACHE_LIMIT = 50_000;

type Subject = Pick<Instrument, 'symbol' | 'kind' | 'sector' | 'industry'>;

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** `date` itself when it is a trading day, else the next trading day. */
function onOrAfterTradingDay(date: string): string {
  return isTradingDay(date) ? date : nextTradingDay(date);
}

const yearCache = new Map<string, readonly CorporateEvent[]>();

/** The events one instrument has in calendar year `year` (sorted by date). */
export function eventsOfYear(seed: number, instrument: Subject, year: number): readonly CorporateEvent[] {
  if (instrument.kind !== 'stock') return [];
  const key = `${seed}|${instrument.symbol}|${year}|${instrument.sector ?? ''}|${instrument.industry}`;
  const cached = yearCache.get(key);
  if (cached) return cached;
  const { symbol } = instrument;
  const base = hash32(seed, symbol, 'earnings');
  const lag = 22 + (base % 24);
  const annualExtra = 7 + ((base >>> 8) % 10);
  const usual: CorporateEvent['timing'] = ((base >>> 16) & 0xff) / 256 < 0.55 ? 'amc' : 'bmo';
  const out: CorporateEvent[] = [];
  const quarterEnds = [`${year - 1}-12-31`, `${year}-03-31`, `${year}-06-30`, `${year}-09-30`];
  quarterEnds.forEach((end, q) => {
    const h = hash32(seed, symbol, 'earnings', year, q);
    const days = lag + ((h % 7) - 3) + (q === 0 ? annualExtra : 0);
    const switched = ((h >>> 8) & 0xff) / 256 < 0.1;
    const timing = switched ? (usual === 'amc' ? 'bmo' : 'amc') : usual;
    out.push(Object.freeze({ symbol, kind: 'earnings', date: onOrAfterTradingDay(addDays(end, days)), timing, source: EVENTS_SOURCE }));
  });
  if (instrument.sector === 'healthcare' && FDA_INDUSTRIES.has(instrument.industry)) {
    const u = hash32(seed, symbol, 'fda', year) / TWO_POW_32;
    const count = u < FDA_TWO ? 2 : u < FDA_ONE ? 1 : 0;
    for (let i = 0; i < count; i++) {
      const h = hash32(seed, symbol, 'fda', year, i);
      // Days 0..349 of the year: moving to the next trading day never leaves the year.
      const date = onOrAfterTradingDay(addDays(`${year}-01-01`, h % 350));
      const timing = (['bmo', 'amc', 'during'] as const)[(h >>> 12) % 3]!;
      out.push(Object.freeze({ symbol, kind: 'fda_decision', date, timing, source: EVENTS_SOURCE }));
    }
  }
  out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (yearCache.size >= CACHE_LIMIT) yearCache.clear();
  yearCache.set(key, out);
  return out;
}

/**
 * Scheduled corporate events of `instruments` on dates fromDate..toDate (YYYY-MM-DD, inclusive), ordered by
 * date then symbol. ETFs have none.
 */
export function corporateEvents(seed: number, instruments: readonly Subject[], fromDate: string, toDate: string): CorporateEvent[] {
  const out: CorporateEvent[] = [];
  if (fromDate > toDate) return out;
  const y0 = Number(fromDate.slice(0, 4));
  const y1 = Number(toDate.slice(0, 4));
  for (const instrument of instruments) {
    for (let y = y0; y <= y1; y++) {
      for (const e of eventsOfYear(seed, instrument, y)) if (e.date >= fromDate && e.date <= toDate) out.push(e);
    }
  }
  out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return out;
}
