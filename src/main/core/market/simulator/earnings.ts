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
 *
 * Clinical-trial milestones (trial_readout: Phase 1/2/3 topline readouts of a drug name's programmes) come from
 * `clinicalMilestones`, a separate calendar, so the guardrails' corporateEvents stays as it was; `eventDetail`
 * describes any of these events (the programme, its indication and phase) — the description lives here, keyed
 * by seed, symbol, kind and date, until CorporateEvent carries a detail of its own.
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
  return eventsInRange(eventsOfYear, seed, instruments, fromDate, toDate);
}

/** One calendar's events of `instruments` on dates fromDate..toDate inclusive, by date then symbol. */
function eventsInRange(
  ofYear: (seed: number, instrument: Subject, year: number) => readonly CorporateEvent[],
  seed: number,
  instruments: readonly Subject[],
  fromDate: string,
  toDate: string,
): CorporateEvent[] {
  const out: CorporateEvent[] = [];
  if (fromDate > toDate) return out;
  const y0 = Number(fromDate.slice(0, 4));
  const y1 = Number(toDate.slice(0, 4));
  for (const instrument of instruments) {
    for (let y = y0; y <= y1; y++) {
      for (const e of ofYear(seed, instrument, y)) if (e.date >= fromDate && e.date <= toDate) out.push(e);
    }
  }
  out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return out;
}

/** Share of drug names with a trial readout in a given year, and with a second one. */
const READOUT_ONE = 0.55;
const READOUT_TWO = 0.15;
const INDICATIONS = [
  'advanced solid tumours',
  'relapsed multiple myeloma',
  'rare metabolic disease',
  'moderate-to-severe psoriasis',
  'treatment-resistant depression',
  'chronic kidney disease',
  'acute myeloid leukaemia',
  'non-alcoholic steatohepatitis',
  'migraine prevention',
  'Duchenne muscular dystrophy',
  'idiopathic pulmonary fibrosis',
  'atopic dermatitis',
] as const;

/** What an event is about: the drug programme, its indication and trial phase (drug events), and a sentence. */
export interface EventDetail {
  detail: string;
  programme: string | null;
  indication: string | null;
  phase: 1 | 2 | 3 | null;
}

/** A company's drug programme number `k` (0 or 1): a code name from its symbol (letters run into digits, e.g. "NOR412", so
 * grounding never reads the code as a ticker), and its indication. */
function programme(seed: number, symbol: string, k: number): { code: string; indication: string } {
  const h = hash32(seed, symbol, 'programme', k);
  const prefix = symbol.replace(/[^A-Z]/g, '').slice(0, 3) || 'KX';
  return { code: `${prefix}${100 + (h % 900)}`, indication: INDICATIONS[(h >>> 10) % INDICATIONS.length]! };
}

function phaseOf(h: number): 1 | 2 | 3 {
  const u = (h >>> 20) % 100;
  return u < 25 ? 1 : u < 70 ? 2 : 3;
}

const readoutCache = new Map<string, readonly CorporateEvent[]>();

/** Trial readouts one instrument has in calendar year `year` (drug names only; sorted by date). */
export function readoutsOfYear(seed: number, instrument: Subject, year: number): readonly CorporateEvent[] {
  if (instrument.kind !== 'stock' || instrument.sector !== 'healthcare' || !FDA_INDUSTRIES.has(instrument.industry)) return [];
  const key = `${seed}|${instrument.symbol}|${year}`;
  const cached = readoutCache.get(key);
  if (cached) return cached;
  const { symbol } = instrument;
  const u = hash32(seed, symbol, 'readout', year) / TWO_POW_32;
  const count = u < READOUT_TWO ? 2 : u < READOUT_ONE ? 1 : 0;
  const out: CorporateEvent[] = [];
  for (let i = 0; i < count; i++) {
    const h = hash32(seed, symbol, 'readout', year, i);
    const date = onOrAfterTradingDay(addDays(`${year}-01-01`, h % 350));
    // Topline data usually come before the open; some are presented at a medical meeting during the session.
    const timing = ((h >>> 12) & 0xff) / 256 < 0.75 ? 'bmo' : 'during';
    if (out.some((e) => e.date === date)) continue;
    out.push(Object.freeze({ symbol, kind: 'trial_readout', date, timing, source: EVENTS_SOURCE }));
  }
  out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (readoutCache.size >= CACHE_LIMIT) readoutCache.clear();
  readoutCache.set(key, out);
  return out;
}

/**
 * Clinical-trial milestones (trial readouts) of `instruments` on dates fromDate..toDate inclusive, ordered by
 * date then symbol. Only healthcare Biotechnology and Pharmaceuticals names have them.
 */
export function clinicalMilestones(seed: number, instruments: readonly Subject[], fromDate: string, toDate: string): CorporateEvent[] {
  return eventsInRange(readoutsOfYear, seed, instruments, fromDate, toDate);
}

/** Both calendars — earnings, FDA decisions, shareholder meetings, offerings and trial readouts — by date then symbol. */
export function scheduledEvents(seed: number, instruments: readonly Subject[], fromDate: string, toDate: string): CorporateEvent[] {
  return eventsInRange(allOfYear, seed, instruments, fromDate, toDate);
}

function allOfYear(seed: number, instrument: Subject, year: number): readonly CorporateEvent[] {
  const readouts = readoutsOfYear(seed, instrument, year);
  const events = eventsOfYear(seed, instrument, year);
  return readouts.length === 0 ? events : [...events, ...readouts];
}

/** Describes an event of the simulator's calendars (earnings, FDA decision, trial readout). */
export function eventDetail(seed: number, event: Pick<CorporateEvent, 'symbol' | 'kind' | 'date'>): EventDetail {
  const { symbol, kind, date } = event;
  const h = hash32(seed, symbol, kind, date);
  if (kind === 'fda_decision') {
    const p = programme(seed, symbol, h & 1);
    return { detail: `PDUFA date: FDA decision on ${p.code} for ${p.indication}`, programme: p.code, indication: p.indication, phase: null };
  }
  if (kind === 'trial_readout') {
    const p = programme(seed, symbol, h & 1);
    const phase = phaseOf(h);
    return { detail: `Phase ${phase} topline readout: ${p.code} in ${p.indication}`, programme: p.code, indication: p.indication, phase };
  }
  if (kind === 'earnings') return { detail: 'Quarterly earnings report', programme: null, indication: null, phase: null };
  return { detail: kind.replace(/_/g, ' '), programme: null, indication: null, phase: null };
}
