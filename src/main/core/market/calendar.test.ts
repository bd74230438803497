import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addTradingDays,
  EXCHANGE_TZ,
  holidayName,
  isTradingDay,
  latestSessionStart,
  nextTradingDay,
  nyDate,
  previousTradingDay,
  sessionFor,
  sessionPhaseAt,
  tradingDaysBetween,
} from './calendar';

const utc = (iso: string): number => Date.parse(iso);

function holidaysOf(year: number): [string, string][] {
  const out: [string, string][] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    const name = holidayName(date);
    if (name) out.push([date, name]);
  }
  return out;
}

function earlyClosesOf(year: number): string[] {
  return tradingDaysBetween(`${year}-01-01`, `${year}-12-31`).filter((d) => sessionFor(d)!.earlyClose);
}

describe('NYSE holidays', () => {
  it('matches the published 2026 schedule', () => {
    expect(holidaysOf(2026)).toEqual([
      ['2026-01-01', "New Year's Day"],
      ['2026-01-19', 'Martin Luther King, Jr. Day'],
      ['2026-02-16', "Washington's Birthday"],
      ['2026-04-03', 'Good Friday'],
      ['2026-05-25', 'Memorial Day'],
      ['2026-06-19', 'Juneteenth National Independence Day'],
      ['2026-07-03', 'Independence Day'],
      ['2026-09-07', 'Labor Day'],
      ['2026-11-26', 'Thanksgiving Day'],
      ['2026-12-25', 'Christmas Day'],
    ]);
    expect(earlyClosesOf(2026)).toEqual(['2026-11-27', '2026-12-24']);
    expect(tradingDaysBetween('2026-01-01', '2026-12-31')).toHaveLength(251);
  });

  it('matches the published 2025 schedule, including the Carter day of mourning', () => {
    expect(holidaysOf(2025).map(([d]) => d)).toEqual([
      '2025-01-01',
      '2025-01-09',
      '2025-01-20',
      '2025-02-17',
      '2025-04-18',
      '2025-05-26',
      '2025-06-19',
      '2025-07-04',
      '2025-09-01',
      '2025-11-27',
      '2025-12-25',
    ]);
    expect(holidayName('2025-01-09')).toMatch(/Carter/);
    expect(earlyClosesOf(2025)).toEqual(['2025-07-03', '2025-11-28', '2025-12-24']);
  });

  it('applies the observance rules of 2027 (Sunday July 4th, Saturday Christmas, Saturday New Year 2028)', () => {
    expect(holidayName('2027-07-05')).toBe('Independence Day');
    expect(holidayName('2027-06-18')).toBe('Juneteenth National Independence Day');
    expect(holidayName('2027-12-24')).toBe('Christmas Day');
    expect(isTradingDay('2027-12-24')).toBe(false);
    // New Year's Day 2028 is a Saturday: not observed on Friday 2027-12-31.
    expect(isTradingDay('2027-12-31')).toBe(true);
    expect(holidayName('2027-12-31')).toBeNull();
    expect(earlyClosesOf(2027)).toEqual(['2027-11-26']);
    expect(holidaysOf(2027).map(([d]) => d)).toEqual([
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
      '2027-03-26',
      '2027-05-31',
      '2027-06-18',
      '2027-07-05',
      '2027-09-06',
      '2027-11-25',
      '2027-12-24',
    ]);
  });

  it('computes Good Friday from Easter and knows the ad-hoc closures', () => {
    for (const d of ['2016-03-25', '2019-04-19', '2024-03-29', '2030-04-19']) expect(holidayName(d)).toBe('Good Friday');
    expect(holidayName('2018-12-05')).toMatch(/Bush/);
    expect(isTradingDay('2012-10-30')).toBe(false);
    // Juneteenth is a market holiday only from 2022.
    expect(isTradingDay('2021-06-18')).toBe(true);
    expect(holidayName('2022-06-20')).toBe('Juneteenth National Independence Day');
  });

  it('does not call weekends holidays', () => {
    expect(isTradingDay('2026-03-07')).toBe(false);
    expect(holidayName('2026-03-07')).toBeNull();
    expect(sessionFor('2026-03-08')).toBeNull();
  });

  it('rejects malformed dates', () => {
    expect(() => isTradingDay('2026-02-30')).toThrow(RangeError);
    expect(() => sessionFor('2026-1-5')).toThrow(RangeError);
    expect(() => tradingDaysBetween('yesterday', '2026-01-05')).toThrow(RangeError);
  });
});

describe('sessions', () => {
  it('follows New York daylight saving time', () => {
    expect(EXCHANGE_TZ).toBe('America/New_York');
    expect(sessionFor('2026-03-06')!.open).toBe(utc('2026-03-06T14:30:00Z'));
    expect(sessionFor('2026-03-09')!.open).toBe(utc('2026-03-09T13:30:00Z'));
    expect(sessionFor('2026-10-30')!.open).toBe(utc('2026-10-30T13:30:00Z'));
    expect(sessionFor('2026-11-02')!.open).toBe(utc('2026-11-02T14:30:00Z'));
    const s = sessionFor('2026-03-09')!;
    expect(s).toMatchObject({
      date: '2026-03-09',
      preOpen: utc('2026-03-09T08:00:00Z'),
      close: utc('2026-03-09T20:00:00Z'),
      postClose: utc('2026-03-10T00:00:00Z'),
      earlyClose: false,
    });
  });

  it('closes at 13:00 and ends the post-market at 17:00 on early-close days', () => {
    expect(sessionFor('2026-11-27')).toMatchObject({
      preOpen: utc('2026-11-27T09:00:00Z'),
      open: utc('2026-11-27T14:30:00Z'),
      close: utc('2026-11-27T18:00:00Z'),
      postClose: utc('2026-11-27T22:00:00Z'),
      earlyClose: true,
    });
    expect(sessionFor('2025-07-03')).toMatchObject({ close: utc('2025-07-03T17:00:00Z'), earlyClose: true });
  });

  it('gives the phase at the boundaries', () => {
    const s = sessionFor('2026-03-09')!;
    expect(sessionPhaseAt(s.preOpen - 1)).toEqual({ date: '2026-03-09', phase: 'closed' });
    expect(sessionPhaseAt(s.preOpen)).toEqual({ date: '2026-03-09', phase: 'pre' });
    expect(sessionPhaseAt(s.open - 1)).toEqual({ date: '2026-03-09', phase: 'pre' });
    expect(sessionPhaseAt(s.open)).toEqual({ date: '2026-03-09', phase: 'regular' });
    expect(sessionPhaseAt(s.close - 1)).toEqual({ date: '2026-03-09', phase: 'regular' });
    expect(sessionPhaseAt(s.close)).toEqual({ date: '2026-03-09', phase: 'post' });
    expect(sessionPhaseAt(s.postClose - 1)).toEqual({ date: '2026-03-09', phase: 'post' });
    expect(sessionPhaseAt(s.postClose)).toEqual({ date: '2026-03-10', phase: 'closed' });
    // A weekend and a holiday point at the next session.
    expect(sessionPhaseAt(utc('2026-03-07T17:00:00Z'))).toEqual({ date: '2026-03-09', phase: 'closed' });
    expect(sessionPhaseAt(utc('2026-07-03T15:00:00Z'))).toEqual({ date: '2026-07-06', phase: 'closed' });
    // Early close: 13:00 starts the post-market, 17:00 ends it.
    const e = sessionFor('2026-11-27')!;
    expect(sessionPhaseAt(e.close).phase).toBe('post');
    expect(sessionPhaseAt(e.postClose)).toEqual({ date: '2026-11-30', phase: 'closed' });
  });

  it('finds the latest session start', () => {
    const friday = sessionFor('2026-03-06')!;
    // Saturday noon New York.
    expect(latestSessionStart(utc('2026-03-07T17:00:00Z'))).toBe(friday.preOpen);
    // Monday 02:00 New York (after the spring-forward weekend).
    expect(latestSessionStart(utc('2026-03-09T06:00:00Z'))).toBe(friday.preOpen);
    // Inside a session: t itself; after the post-market: that session's 04:00.
    const t = friday.open + 12_345;
    expect(latestSessionStart(t)).toBe(t);
    expect(latestSessionStart(friday.postClose)).toBe(friday.preOpen);
    // On a holiday: the previous session.
    expect(latestSessionStart(utc('2026-07-03T15:00:00Z'))).toBe(sessionFor('2026-07-02')!.preOpen);
  });

  it('keeps phases and latest starts consistent for any instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: utc('2016-01-01T00:00:00Z'), max: utc('2031-12-31T00:00:00Z') }), (t) => {
        const { date, phase } = sessionPhaseAt(t);
        const s = sessionFor(date);
        expect(s).not.toBeNull();
        if (phase === 'closed') expect(t < s!.preOpen).toBe(true);
        else expect(t >= s!.preOpen && t < s!.postClose).toBe(true);
        const start = latestSessionStart(t);
        expect(start).toBeLessThanOrEqual(t);
        if (phase === 'closed') expect(sessionFor(nyDate(start))!.preOpen).toBe(start);
        else expect(start).toBe(t);
      }),
      { numRuns: 500 },
    );
  });
});

describe('trading-day arithmetic', () => {
  it('steps over weekends and holidays', () => {
    expect(previousTradingDay('2026-01-02')).toBe('2025-12-31');
    expect(previousTradingDay('2026-07-06')).toBe('2026-07-02');
    expect(nextTradingDay('2026-07-02')).toBe('2026-07-06');
    expect(nextTradingDay('2026-12-31')).toBe('2027-01-04');
    expect(addTradingDays('2026-07-02', 1)).toBe('2026-07-06');
    expect(addTradingDays('2026-07-06', -1)).toBe('2026-07-02');
    expect(addTradingDays('2026-03-09', 0)).toBe('2026-03-09');
    const far = addTradingDays('2026-03-09', 504);
    expect(addTradingDays(far, -504)).toBe('2026-03-09');
    expect(tradingDaysBetween('2026-03-09', far)).toHaveLength(505);
  });

  it('lists trading days inclusively and ascending', () => {
    expect(tradingDaysBetween('2026-07-01', '2026-07-07')).toEqual(['2026-07-01', '2026-07-02', '2026-07-06', '2026-07-07']);
    expect(tradingDaysBetween('2026-07-07', '2026-07-01')).toEqual([]);
  });

  it('gives the New York date of an instant', () => {
    expect(nyDate(utc('2026-01-15T04:59:59Z'))).toBe('2026-01-14');
    expect(nyDate(utc('2026-01-15T05:00:00Z'))).toBe('2026-01-15');
    expect(nyDate(utc('2026-07-15T03:59:59Z'))).toBe('2026-07-14');
    expect(nyDate(utc('2026-07-15T04:00:00Z'))).toBe('2026-07-15');
  });

  it('is cheap over a decade', () => {
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) expect(tradingDaysBetween('2016-01-01', '2026-12-31').length).toBeGreaterThan(2700);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
