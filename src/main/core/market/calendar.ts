/**
 * The NYSE calendar: trading days, holidays, early closes and the extended session (04:00–20:00 New York
 * time, 17:00 on early-close days). This is the only module in the engine that knows exchange hours.
 *
 * Holidays are rule-based (NYSE Rule 7.2 observance: a Saturday holiday is observed on the Friday before, a
 * Sunday holiday on the Monday after, except that a Saturday New Year's Day is not observed at all) plus a
 * short list of ad-hoc closures. The rules are those in force since 1998 (MLK Day) and 2022 (Juneteenth).
 * Dates are 'YYYY-MM-DD' strings of the New York calendar; instants are epoch milliseconds UTC.
 * Everything is memoised per date or per year, so scans over decades stay cheap.
 */
import { IANAZone } from 'luxon';

/** The exchange's time zone. */
export const EXCHANGE_TZ = 'America/New_York';

/** One trading session, all instants in epoch ms UTC. */
export interface Session {
  /** YYYY-MM-DD, New York calendar date. */
  date: string;
  /** 04:00 New York: start of the pre-market. */
  preOpen: number;
  /** 09:30 New York: the regular open. */
  open: number;
  /** 16:00 New York (13:00 on early-close days): the regular close. */
  close: number;
  /** 20:00 New York (17:00 on early-close days): end of the post-market. */
  postClose: number;
  earlyClose: boolean;
}

const NEW_YORK = IANAZone.create(EXCHANGE_TZ);
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CACHE_LIMIT = 200_000;

/** Unscheduled full-day closures (national days of mourning, weather, 9/11). */
const AD_HOC_CLOSURES: Readonly<Record<string, string>> = {
  '2001-09-11': 'September 11 attacks',
  '2001-09-12': 'September 11 attacks',
  '2001-09-13': 'September 11 attacks',
  '2001-09-14': 'September 11 attacks',
  '2004-06-11': 'National Day of Mourning for President Ronald Reagan',
  '2007-01-02': 'National Day of Mourning for President Gerald Ford',
  '2012-10-29': 'Hurricane Sandy',
  '2012-10-30': 'Hurricane Sandy',
  '2018-12-05': 'National Day of Mourning for President George H. W. Bush',
  '2025-01-09': 'National Day of Mourning for President Jimmy Carter',
};

// ---------------------------------------------------------------------------------------------------------
// Day numbers (days since 1970-01-01) and their strings.

const dayNumCache = new Map<string, number>();
const dayStrCache = new Map<number, string>();

function formatDayNum(dn: number): string {
  let s = dayStrCache.get(dn);
  if (s === undefined) {
    s = new Date(dn * DAY_MS).toISOString().slice(0, 10);
    if (dayStrCache.size >= CACHE_LIMIT) dayStrCache.clear();
    dayStrCache.set(dn, s);
  }
  return s;
}

function parseDayNum(date: string): number {
  const cached = dayNumCache.get(date);
  if (cached !== undefined) return cached;
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (!m) throw new RangeError(`expected a YYYY-MM-DD date, got ${JSON.stringify(date)}`);
  const dn = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
  if (!Number.isFinite(dn) || formatDayNum(dn) !== date) throw new RangeError(`not a calendar date: ${date}`);
  if (dayNumCache.size >= CACHE_LIMIT) dayNumCache.clear();
  dayNumCache.set(date, dn);
  return dn;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekday(dn: number): number {
  return (((dn + 4) % 7) + 7) % 7;
}

function dayNum(y: number, month: number, day: number): number {
  return Date.UTC(y, month - 1, day) / DAY_MS;
}

function nthWeekday(y: number, month: number, wd: number, n: number): number {
  const first = dayNum(y, month, 1);
  return first + ((wd - weekday(first) + 7) % 7) + 7 * (n - 1);
}

function lastWeekday(y: number, month: number, wd: number): number {
  const last = dayNum(y, month + 1, 1) - 1;
  return last - ((weekday(last) - wd + 7) % 7);
}

/** Easter Sunday (Gregorian; anonymous / Meeus–Jones–Butcher computus). */
function easter(y: number): number {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNum(y, month, day);
}

/** Saturday → Friday before, Sunday → Monday after. */
function observed(dn: number): number {
  const wd = weekday(dn);
  return wd === 6 ? dn - 1 : wd === 0 ? dn + 1 : dn;
}

// ---------------------------------------------------------------------------------------------------------
// Per-year tables.

const holidays = new Map<number, string>();
const earlyCloses = new Set<number>();
const yearsDone = new Set<number>();

function ensureYear(y: number): void {
  if (yearsDone.has(y)) return;
  yearsDone.add(y);
  const add = (dn: number, name: string): void => {
    // Holidays observed across a year boundary (none today, but keep them keyed by their own date).
    if (!holidays.has(dn)) holidays.set(dn, name);
  };
  const newYear = dayNum(y, 1, 1);
  const nyWd = weekday(newYear);
  if (nyWd === 0) add(newYear + 1, "New Year's Day");
  else if (nyWd !== 6) add(newYear, "New Year's Day"); // a Saturday New Year's Day is not observed
  if (y >= 1998) add(nthWeekday(y, 1, 1, 3), 'Martin Luther King, Jr. Day');
  add(nthWeekday(y, 2, 1, 3), "Washington's Birthday");
  add(easter(y) - 2, 'Good Friday');
  add(lastWeekday(y, 5, 1), 'Memorial Day');
  if (y >= 2022) add(observed(dayNum(y, 6, 19)), 'Juneteenth National Independence Day');
  add(observed(dayNum(y, 7, 4)), 'Independence Day');
  add(nthWeekday(y, 9, 1, 1), 'Labor Day');
  const thanksgiving = nthWeekday(y, 11, 4, 4);
  add(thanksgiving, 'Thanksgiving Day');
  add(observed(dayNum(y, 12, 25)), 'Christmas Day');
  for (const [date, name] of Object.entries(AD_HOC_CLOSURES)) {
    if (date.startsWith(`${y}-`)) add(parseDayNum(date), name);
  }
  const isOpenWeekday = (dn: number): boolean => {
    const wd = weekday(dn);
    return wd !== 0 && wd !== 6 && !holidays.has(dn);
  };
  for (const dn of [dayNum(y, 7, 3), thanksgiving + 1, dayNum(y, 12, 24)]) {
    if (isOpenWeekday(dn)) earlyCloses.add(dn);
  }
}

function yearOf(dn: number): number {
  return new Date(dn * DAY_MS).getUTCFullYear();
}

function isTradingDayNum(dn: number): boolean {
  const wd = weekday(dn);
  if (wd === 0 || wd === 6) return false;
  ensureYear(yearOf(dn));
  return !holidays.has(dn);
}

// ---------------------------------------------------------------------------------------------------------
// Public API.

/** True when the NYSE holds a session on `date` (YYYY-MM-DD). */
export function isTradingDay(date: string): boolean {
  return isTradingDayNum(parseDayNum(date));
}

/** The holiday or closure observed on `date` ('Thanksgiving Day' …), or null (weekends are not holidays). */
export function holidayName(date: string): string | null {
  const dn = parseDayNum(date);
  ensureYear(yearOf(dn));
  return holidays.get(dn) ?? null;
}

const sessionCache = new Map<string, Session | null>();

/**
 * New York's UTC offset (minutes) on a weekday. DST switches at 02:00 on Sundays, so the offset is the same all
 * through any session (04:00–20:00): one time-zone lookup per date.
 */
function weekdayOffset(dn: number): number {
  return NEW_YORK.offset(dn * DAY_MS + 12 * HOUR_MS);
}

/** The session held on `date`, or null when it is not a trading day. */
export function sessionFor(date: string): Session | null {
  const cached = sessionCache.get(date);
  if (cached !== undefined) return cached;
  const dn = parseDayNum(date);
  let session: Session | null = null;
  if (isTradingDayNum(dn)) {
    const early = earlyCloses.has(dn);
    const midnight = dn * DAY_MS - weekdayOffset(dn) * 60_000;
    session = Object.freeze({
      date,
      preOpen: midnight + 4 * HOUR_MS,
      open: midnight + 9.5 * HOUR_MS,
      close: midnight + (early ? 13 : 16) * HOUR_MS,
      postClose: midnight + (early ? 17 : 20) * HOUR_MS,
      earlyClose: early,
    });
  }
  if (sessionCache.size >= CACHE_LIMIT) sessionCache.clear();
  sessionCache.set(date, session);
  return session;
}

/** Trading days from..to inclusive, ascending (empty when from > to). */
export function tradingDaysBetween(from: string, to: string): string[] {
  const a = parseDayNum(from);
  const b = parseDayNum(to);
  const out: string[] = [];
  for (let dn = a; dn <= b; dn++) if (isTradingDayNum(dn)) out.push(formatDayNum(dn));
  return out;
}

/** The last trading day strictly before `date`. */
export function previousTradingDay(date: string): string {
  let dn = parseDayNum(date) - 1;
  while (!isTradingDayNum(dn)) dn--;
  return formatDayNum(dn);
}

/** The first trading day strictly after `date`. */
export function nextTradingDay(date: string): string {
  let dn = parseDayNum(date) + 1;
  while (!isTradingDayNum(dn)) dn++;
  return formatDayNum(dn);
}

/** UTC offset (minutes) of New York per UTC hour; DST switches on whole UTC hours (06:00Z / 07:00Z). */
const offsetByHour = new Map<number, number>();

/** The New York calendar date (YYYY-MM-DD) of an instant. */
export function nyDate(t: number): string {
  if (!Number.isFinite(t)) throw new RangeError(`expected an epoch-ms instant, got ${t}`);
  const hour = Math.floor(t / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    offset = NEW_YORK.offset(hour * HOUR_MS);
    if (offsetByHour.size >= CACHE_LIMIT) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return formatDayNum(Math.floor((t + offset * 60_000) / DAY_MS));
}

/**
 * The session phase at an instant: the session date and pre/regular/post while in a session, else 'closed'
 * with the date of the next session (today's when before 04:00 on a trading day).
 */
export function sessionPhaseAt(t: number): { date: string; phase: 'pre' | 'regular' | 'post' | 'closed' } {
  const date = nyDate(t);
  const s = sessionFor(date);
  if (s) {
    if (t < s.preOpen) return { date, phase: 'closed' };
    if (t < s.open) return { date, phase: 'pre' };
    if (t < s.close) return { date, phase: 'regular' };
    if (t < s.postClose) return { date, phase: 'post' };
  }
  return { date: nextTradingDay(date), phase: 'closed' };
}

/**
 * `t` itself when it falls within an extended session (04:00 to 20:00, or 17:00 on early closes), otherwise the
 * pre-open (04:00 New York) of the most recent session that started before `t`.
 */
export function latestSessionStart(t: number): number {
  const date = nyDate(t);
  const s = sessionFor(date);
  if (s && t >= s.preOpen) return t < s.postClose ? t : s.preOpen;
  return sessionFor(previousTradingDay(date))!.preOpen;
}

/** The trading day `n` sessions after `date` (before it when n < 0); n = 0 returns `date` unchanged. */
export function addTradingDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addTradingDays needs an integer count, got ${n}`);
  let dn = parseDayNum(date);
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0; left--) {
    dn += step;
    while (!isTradingDayNum(dn)) dn += step;
  }
  return formatDayNum(dn);
}
