/**
 * New York (exchange) time helpers built on Intl, so the renderer needs no time-zone library.
 * Everything takes and returns epoch ms UTC; "wall" values are New York clock readings.
 */
import type { SessionPhase } from '../../../shared/contract/schemas';

/** The exchange's time zone; every time on screen is shown in it. */
export const NY_TZ = 'America/New_York';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: NY_TZ,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** A New York wall-clock reading. */
export interface NyParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

/** The New York wall clock at an instant. */
export function nyParts(ms: number): NyParts {
  const wall = ms + nyOffsetMs(ms);
  const d = new Date(wall);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

// Offsets only change on whole hours (DST switches at 02:00), so one Intl call per hour bucket is enough;
// charts convert thousands of bar times and formatToParts is the slow part.
const offsetCache = new Map<number, number>();

/** New York wall time minus UTC at an instant, in ms (e.g. −4 h in summer). */
export function nyOffsetMs(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  const cached = offsetCache.get(hour);
  if (cached !== undefined) return cached;
  const p: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(new Date(hour * HOUR_MS))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const wall = Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!, p['second']!);
  const offset = wall - hour * HOUR_MS;
  if (offsetCache.size > 20_000) offsetCache.clear();
  offsetCache.set(hour, offset);
  return offset;
}

/** Two-digit zero padding for clock and date fields. */
export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Short weekday names, indexed like Date.getUTCDay(). */
export const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** The New York calendar date of an instant, as YYYY-MM-DD. */
export function nyDateKey(ms: number): string {
  const p = nyParts(ms);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** The instant a New York wall-clock time occurs on a date (YYYY-MM-DD). */
export function nyWallToUtc(dateKey: string, hour: number, minute = 0): number {
  const [y, m, d] = dateKey.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, hour, minute);
  // Two passes: the offset at the guess may differ from the offset at the answer across a DST switch.
  const first = guess - nyOffsetMs(guess);
  return guess - nyOffsetMs(first);
}

/** Minutes after New York midnight. */
function nyMinuteOfDay(p: NyParts): number {
  return p.hour * 60 + p.minute;
}

/**
 * The US equity session phase at an instant from weekday and hours alone (04:00 pre, 09:30 regular,
 * 16:00 post, 20:00 closed). Holidays are unknown here; see effectiveSessionPhase for the engine's word.
 */
export function sessionPhaseAt(ms: number): SessionPhase {
  const p = nyParts(ms);
  if (p.weekday === 0 || p.weekday === 6) return 'closed';
  const m = nyMinuteOfDay(p);
  if (m < 4 * 60) return 'closed';
  if (m < 9 * 60 + 30) return 'pre';
  if (m < 16 * 60) return 'regular';
  if (m < 20 * 60) return 'post';
  return 'closed';
}

/** Whole days between two New York dates (YYYY-MM-DD), b − a. */
export function nyDaysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}
