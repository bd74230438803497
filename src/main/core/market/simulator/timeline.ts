/**
 * The simulator's timeline: the trading days from a fixed origin, indexed 0, 1, 2 … and extended a calendar
 * year at a time on demand. Data are generated along this index, so a date's data never depend on "now".
 */
import { sessionFor, tradingDaysBetween, type Session } from '../calendar';

/** First session the simulator generates; earlier dates have no data. */
export const SIMULATOR_ORIGIN = '2016-01-04';
/** Last calendar year the simulator will generate. */
export const SIMULATOR_LAST_YEAR = 2125;

const ORIGIN_YEAR = Number(SIMULATOR_ORIGIN.slice(0, 4));

/** Trading days since SIMULATOR_ORIGIN, grown by whole calendar years. */
export class Timeline {
  readonly originYear = ORIGIN_YEAR;
  private readonly dates: string[] = [];
  /** Memoised 09:30 opens (NaN until asked). */
  private opens = new Float64Array(0);
  private readonly index = new Map<string, number>();
  /** yearFirst[y - originYear] = index of the year's first session; one extra entry closes the last year. */
  private readonly yearFirst: number[] = [0];

  /** Number of sessions generated so far. */
  get length(): number {
    return this.dates.length;
  }

  /** Makes sure every session of calendar year `year` is on the timeline. */
  ensureYear(year: number): void {
    if (year > SIMULATOR_LAST_YEAR) throw new RangeError(`the simulator generates data through ${SIMULATOR_LAST_YEAR}, not ${year}`);
    while (this.originYear + this.yearFirst.length - 1 <= year) {
      const y = this.originYear + this.yearFirst.length - 1;
      const from = y === this.originYear ? SIMULATOR_ORIGIN : `${y}-01-01`;
      for (const date of tradingDaysBetween(from, `${y}-12-31`)) {
        this.index.set(date, this.dates.length);
        this.dates.push(date);
      }
      this.yearFirst.push(this.dates.length);
    }
  }

  /** Ensures the timeline reaches session index `i`. */
  ensureIndex(i: number): void {
    while (i >= this.dates.length) this.ensureYear(this.originYear + this.yearFirst.length - 1);
  }

  /** The index of a trading day, or undefined (not a trading day, or before the origin). */
  indexOf(date: string): number | undefined {
    if (date < SIMULATOR_ORIGIN) return undefined;
    this.ensureYear(Number(date.slice(0, 4)));
    return this.index.get(date);
  }

  /** Index of the first session on or after `date` (0 when before the origin). */
  firstOnOrAfter(date: string): number {
    if (date <= SIMULATOR_ORIGIN) return 0;
    const year = Number(date.slice(0, 4));
    this.ensureYear(year + 1);
    return lowerBound(this.dates, date);
  }

  /** Index of the last session on or before `date` (-1 when before the origin). */
  lastOnOrBefore(date: string): number {
    if (date < SIMULATOR_ORIGIN) return -1;
    this.ensureYear(Number(date.slice(0, 4)));
    return lowerBound(this.dates, date + '\uffff') - 1;
  }

  /** The date of session i. */
  date(i: number): string {
    this.ensureIndex(i);
    return this.dates[i]!;
  }

  /** The calendar session of session i (the calendar memoises sessions per date). */
  session(i: number): Session {
    return sessionFor(this.date(i))!;
  }

  /** The 09:30 open of session i, epoch ms. */
  openOf(i: number): number {
    if (i >= this.opens.length) {
      this.ensureIndex(i);
      const grown = new Float64Array(this.dates.length).fill(NaN);
      grown.set(this.opens);
      this.opens = grown;
    }
    let t = this.opens[i]!;
    if (Number.isNaN(t)) {
      t = this.session(i).open;
      this.opens[i] = t;
    }
    return t;
  }

  /** The calendar year of session i. */
  yearOf(i: number): number {
    return Number(this.date(i).slice(0, 4));
  }

  /** First session index and session count of a calendar year. */
  yearRange(year: number): { first: number; n: number } {
    if (year < this.originYear) throw new RangeError(`the simulator starts in ${this.originYear}`);
    this.ensureYear(year);
    const k = year - this.originYear;
    return { first: this.yearFirst[k]!, n: this.yearFirst[k + 1]! - this.yearFirst[k]! };
  }
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
